/**
 * auditd's `key=value` record bodies. Values are `"quoted"` (no escapes: auditd quotes only strings that
 * need no escaping), `'single quoted'` (the `msg='…'` of user-space records, itself a list of fields), or
 * bare; a bare value of a field that holds untrusted text (a path, a command, an argument) is hex, which
 * auditd uses for anything with spaces, quotes or control characters in it.
 * See auparse's field interpretation tables (audit-userspace, auparse/interpret.c).
 */

// Fields that auditd hex-encodes when they contain unsafe characters. EXECVE arguments are handled apart.
const ENCODED = new Set([
  'proctitle',
  'cmd',
  'acct',
  'exe',
  'comm',
  'name',
  'cwd',
  'path',
  'data',
  'key',
  'new',
  'old',
]);

/** Parses `body` into `into`; later values of a repeated key replace earlier ones. */
export function parseAuditFields(body: string, into: Record<string, string>, execve = false): void {
  const n = body.length;
  let i = 0;
  while (i < n) {
    while (i < n && body.charCodeAt(i) === 0x20) i++;
    if (i >= n) break;
    const eq = body.indexOf('=', i);
    if (eq === -1) break;
    const space = body.indexOf(' ', i);
    if (space !== -1 && space < eq) {
      // A word without `=` (the ` : ` of `ausearch -i` output, a torn record): skip it.
      i = space + 1;
      continue;
    }
    const key = body.slice(i, eq);
    const q = body.charCodeAt(eq + 1);
    if (q === 0x22 || q === 0x27) {
      let close = body.indexOf(q === 0x22 ? '"' : "'", eq + 2);
      if (close === -1) close = n;
      const value = body.slice(eq + 2, close);
      if (q === 0x27 && key === 'msg') parseAuditFields(value, into, execve);
      else into[key] = value;
      i = close + 1;
    } else {
      const end = space === -1 ? n : space;
      const raw = body.slice(eq + 1, end);
      into[key] = (execve ? isArgKey(key) : ENCODED.has(key)) ? decodeHexField(raw, key) : raw;
      i = end + 1;
    }
  }
}

/** `a0`, `a12`, `a1[0]`: an EXECVE argument or one piece of a long one. */
function isArgKey(key: string): boolean {
  if (key.charCodeAt(0) !== 0x61 || key.length < 2) return false;
  const c = key.charCodeAt(1);
  return c >= 0x30 && c <= 0x39 && !key.endsWith('_len');
}

/**
 * Hex to text when `raw` is hex (even length, hex digits only); otherwise `raw` as is (`(null)`, `?`, a
 * number). NULs separate arguments in a proctitle and keys in `key`: they become spaces and commas.
 */
export function decodeHexField(raw: string, key: string): string {
  if (raw.length < 2 || raw.length % 2 !== 0) return raw;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66))) return raw;
  }
  const text = Buffer.from(raw, 'hex').toString('utf8');
  if (key === 'key') return text.replaceAll('\u0001', ',');
  return key === 'proctitle' || key === 'cmd' ? text.replaceAll('\u0000', ' ').trimEnd() : text;
}
