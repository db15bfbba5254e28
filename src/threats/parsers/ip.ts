/**
 * IP address validation by scanning characters: addresses in log lines are attacker-influenced text, so
 * no regex, and a bounded amount of work per candidate.
 */

/** True for a dotted-quad IPv4 address (no leading-zero octal forms beyond what logs print, e.g. `010`). */
export function isIPv4(s: string): boolean {
  const n = s.length;
  if (n < 7 || n > 15) return false;
  let parts = 0;
  let digits = 0;
  let value = 0;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? s.charCodeAt(i) : 0x2e;
    if (c === 0x2e) {
      if (digits === 0 || value > 255) return false;
      parts++;
      digits = 0;
      value = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      if (++digits > 3) return false;
      value = value * 10 + (c - 0x30);
    } else {
      return false;
    }
  }
  return parts === 4;
}

/** True for an IPv6 address in any RFC 4291 text form, with an optional embedded IPv4 tail and `%zone`. */
export function isIPv6(s: string): boolean {
  const zone = s.indexOf('%');
  if (zone === 0 || zone === s.length - 1) return false;
  const address = zone === -1 ? s : s.slice(0, zone);
  if (address.length < 2 || address.length > 45) return false;
  const gap = address.indexOf('::');
  if (gap === -1) return countGroups(address, true) === 8;
  if (address.indexOf('::', gap + 1) !== -1) return false;
  const head = gap === 0 ? 0 : countGroups(address.slice(0, gap), false);
  const tail = gap + 2 === address.length ? 0 : countGroups(address.slice(gap + 2), true);
  return head >= 0 && tail >= 0 && head + tail <= 7;
}

/** How many 16-bit groups `text` holds (an IPv4 tail counts two), or -1 when it is not a group list. */
function countGroups(text: string, ipv4TailAllowed: boolean): number {
  const groups = text.split(':');
  let count = 0;
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g]!;
    if (ipv4TailAllowed && g === groups.length - 1 && group.indexOf('.') !== -1) {
      if (!isIPv4(group)) return -1;
      count += 2;
    } else {
      if (group.length === 0 || group.length > 4) return -1;
      for (let i = 0; i < group.length; i++) if (!isHex(group.charCodeAt(i))) return -1;
      count++;
    }
  }
  return count;
}

export function isIp(s: string): boolean {
  return s.indexOf(':') === -1 ? isIPv4(s) : isIPv6(s);
}

/**
 * A logged address as `source.ip` holds it, or undefined when `s` is not an address. A dual-stack listener
 * (sshd on `ListenAddress ::`) logs an IPv4 client as `::ffff:203.0.113.7`, and one client's connections need
 * not all arrive that way: the IPv4-mapped form (RFC 4291 §2.5.5.2) becomes the IPv4 address, so that the
 * client is one source to the rules that group by it. The event's raw text keeps the form written.
 */
export function sourceAddress(s: string): string | undefined {
  // Checked by its first character first: almost every address logged is not mapped.
  if (s.charCodeAt(0) === 0x3a && s.length > 7 && s.slice(0, 7).toLowerCase() === '::ffff:') {
    const v4 = s.slice(7);
    if (isIPv4(v4)) return v4;
  }
  return isIp(s) ? s : undefined;
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}
