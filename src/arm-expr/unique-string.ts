/**
 * ARM `uniqueString()`: the arguments joined with '-', UTF-8 encoded, hashed to 64 bits
 * with the MurmurHash variant Azure uses (two 32-bit lanes with MurmurHash3 x86_128
 * block constants, MurmurHash3 fmix32 finalisation), rendered as 13 base32 characters
 * (a-z, 2-7) from the top bit down. The algorithm is reconstructed from public
 * descriptions; test/arm-expr/unique-string.test.ts checks it against values Azure produced.
 */

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const C1 = 0x239b961b;
const C2 = 0xab0e9789;
const encoder = new TextEncoder();

function rotl(x: number, r: number): number {
  return ((x << r) | (x >>> (32 - r))) >>> 0;
}

function fmix(h: number): number {
  let x = h;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b) >>> 0;
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35) >>> 0;
  x ^= x >>> 16;
  return x >>> 0;
}

/** Little-endian read of `count` (1..4) bytes. */
function readLE(bytes: Uint8Array, at: number, count: number): number {
  let v = 0;
  for (let i = 0; i < count; i++) v |= bytes[at + i]! << (8 * i);
  return v >>> 0;
}

function mixLane1(k: number): number {
  return Math.imul(rotl(Math.imul(k, C1) >>> 0, 15), C2) >>> 0;
}

function mixLane2(k: number): number {
  return Math.imul(rotl(Math.imul(k, C2) >>> 0, 17), C1) >>> 0;
}

/** The 64-bit hash as [high 32 bits, low 32 bits]. */
export function murmurHash64(bytes: Uint8Array): [number, number] {
  const length = bytes.length;
  let h1 = 0;
  let h2 = 0;
  let i = 0;
  for (; i + 8 <= length; i += 8) {
    h1 = (h1 ^ mixLane1(readLE(bytes, i, 4))) >>> 0;
    h1 = (Math.imul((rotl(h1, 19) + h2) >>> 0, 5) + 0x561ccd1b) >>> 0;
    h2 = (h2 ^ mixLane2(readLE(bytes, i + 4, 4))) >>> 0;
    h2 = (Math.imul((rotl(h2, 13) + h1) >>> 0, 5) + 0x0bcaa747) >>> 0;
  }
  const remaining = length - i;
  if (remaining > 0) {
    h1 = (h1 ^ mixLane1(readLE(bytes, i, Math.min(remaining, 4)))) >>> 0;
    if (remaining > 4) h2 = (h2 ^ mixLane2(readLE(bytes, i + 4, remaining - 4))) >>> 0;
  }
  h1 = (h1 ^ length) >>> 0;
  h2 = (h2 ^ length) >>> 0;
  h1 = (h1 + h2) >>> 0;
  h2 = (h2 + h1) >>> 0;
  h1 = fmix(h1);
  h2 = fmix(h2);
  h1 = (h1 + h2) >>> 0;
  h2 = (h2 + h1) >>> 0;
  return [h2, h1];
}

export function uniqueString(parts: readonly string[]): string {
  const [high, low] = murmurHash64(encoder.encode(parts.join('-')));
  // 13 groups of 5 bits, most significant first; the last group has one padding zero bit.
  let out = '';
  for (let k = 0; k < 13; k++) {
    const shift = 59 - 5 * k;
    let group: number;
    if (shift >= 32) group = (high >>> (shift - 32)) & 31;
    else if (shift >= 0)
      group = shift > 27 ? ((high << (32 - shift)) | (low >>> shift)) & 31 : (low >>> shift) & 31;
    else group = (low << -shift) & 31;
    out += ALPHABET[group];
  }
  return out;
}
