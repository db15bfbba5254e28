import { normalizeId } from './resource-id.ts';
import { spelledAt } from './spelled-at.ts';

const SLASH = 0x2f;
const EMPTY = 0;

/**
 * Entry numbers by resource ID, matched as ARM matches IDs: case-insensitively, trailing slashes ignored
 * (what `normalizeId` keys by). An open-addressing table of ints over the IDs the caller already holds, so a
 * million resources cost a few megabytes rather than a million lower-cased copies of their IDs. In front of
 * it, a Map of the IDs looked up so far, as spelled: V8 keeps a string's hash in the string, so looking up
 * again an ID read from a resource costs no hashing, where the case-insensitive hash walks every character.
 */
export class IdTable {
  /** Per slot, two ints side by side (one cache line holds both): entry number + 1 (0 is empty), hash. */
  #slots = new Int32Array(2 * 1024);
  #count = 0;
  #exact = new Map<string, number>();
  /** The last ID hashed: an insert, or an add's lookup, often follows a lookup of the same ID. */
  #lastId = '';
  #lastHash = 0;
  /**
   * The last ID `get` was asked, and its answer: callers ask of one resource twice in a row (its children,
   * then its extensions).
   */
  #askedId: string | undefined;
  #askedEntry = -1;

  /** `idOf(entry)` is the ID the entry was stored under. */
  constructor(private readonly idOf: (entry: number) => string) {}

  /** The entry stored under an ID equal to `id`, or -1. */
  get(id: string): number {
    if (id === this.#askedId) return this.#askedEntry;
    let entry = this.#exact.get(id);
    if (entry === undefined) {
      entry = this.#find(id);
      if (entry !== -1) this.#exact.set(id, entry);
    }
    this.#askedId = id;
    this.#askedEntry = entry;
    return entry;
  }

  /** `get` for an ID about to be inserted when absent: it is not worth remembering as looked up. */
  find(id: string): number {
    return this.#find(id);
  }

  /** Stores `entry` under `id`, which must not be in the table yet. */
  insert(id: string, entry: number): void {
    if ((this.#count + 1) * 4 > this.#slots.length) this.#grow();
    this.#place(id === this.#lastId ? this.#lastHash : idHash(id), entry);
    this.#count++;
    this.#askedId = undefined;
  }

  clear(): void {
    this.#slots = new Int32Array(2 * 1024);
    this.#count = 0;
    this.#exact = new Map();
    this.#askedId = undefined;
  }

  /** The entry stored under `id.slice(0, end)`, without making that string: a parent's or scope's ID. */
  getPrefix(id: string, end: number): number {
    const hash = idHash(id, end);
    const slots = this.#slots;
    const mask = slots.length - 2;
    for (let slot = (hash << 1) & mask; ; slot = (slot + 2) & mask) {
      const stored = slots[slot]!;
      if (stored === EMPTY) return -1;
      if (slots[slot + 1] !== hash) continue;
      const candidate = this.idOf(stored - 1);
      // Spelled alike (the usual case) is a native comparison; otherwise compared as ARM does.
      if ((candidate.length === end && spelledAt(id, candidate)) || sameId(candidate, id, end))
        return stored - 1;
    }
  }

  #find(id: string): number {
    const hash = id === this.#lastId ? this.#lastHash : idHash(id);
    this.#lastId = id;
    this.#lastHash = hash;
    const slots = this.#slots;
    const mask = slots.length - 2;
    for (let slot = (hash << 1) & mask; ; slot = (slot + 2) & mask) {
      const stored = slots[slot]!;
      if (stored === EMPTY) return -1;
      if (slots[slot + 1] !== hash) continue;
      const candidate = this.idOf(stored - 1);
      if (candidate === id || sameId(candidate, id)) return stored - 1;
    }
  }

  #place(hash: number, entry: number): void {
    const slots = this.#slots;
    const mask = slots.length - 2;
    let slot = (hash << 1) & mask;
    while (slots[slot] !== EMPTY) slot = (slot + 2) & mask;
    slots[slot] = entry + 1;
    slots[slot + 1] = hash;
  }

  #grow(): void {
    const slots = this.#slots;
    this.#slots = new Int32Array(slots.length * 2);
    for (let slot = 0; slot < slots.length; slot += 2) {
      const stored = slots[slot]!;
      if (stored !== EMPTY) this.#place(slots[slot + 1]!, stored - 1);
    }
  }
}

/**
 * A hash of the ID (or its first `length` characters) as `normalizeId` would spell it, without making that
 * string when the ID is ASCII. Every resource's ID is hashed once or twice while loading, so the ID is copied
 * out natively and hashed four bytes at a time: a JavaScript loop over its characters takes four times as long.
 */
export function idHash(id: string, length = id.length): number {
  const end = trimmedLength(id, length);
  if (id.length > scratch.length) growScratch(id.length);
  const { read, written } = ENCODER.encodeInto(id, scratch);
  if (read === id.length && written === id.length) return bytesHash(end);
  // Non-ASCII: hashed as normalized, in the same way as an ASCII ID when the normalized form is ASCII
  // (the Kelvin sign lower-cases to "k").
  const key = normalizeId(id.slice(0, end));
  if (key.length > scratch.length) growScratch(key.length);
  const encoded = ENCODER.encodeInto(key, scratch);
  if (encoded.read === key.length && encoded.written === key.length) return bytesHash(key.length);
  return hashOf(key);
}

const ENCODER = new TextEncoder();
let scratch = new Uint8Array(1024);
let words = new Int32Array(scratch.buffer);

function growScratch(length: number): void {
  let size = scratch.length;
  while (size < length) size *= 2;
  scratch = new Uint8Array(size);
  words = new Int32Array(scratch.buffer);
}

/**
 * Hashes the first `length` bytes of `scratch`, ASCII upper-case letters folded to lower-case four at a time:
 * a byte is one when it is below 0x80, and adding 0x3f carries into its top bit (it is at least "A") while
 * adding 0x25 does not (it is at most "Z"); that bit, shifted to 0x20, lower-cases it.
 */
function bytesHash(length: number): number {
  let hash = 0x811c9dc5;
  const full = length >> 2;
  for (let i = 0; i < full; i++) hash = mix(hash, folded(words[i]!));
  let tail = 0;
  for (let i = full << 2; i < length; i++) tail = (tail << 8) | scratch[i]!;
  if (tail !== 0) hash = mix(hash, folded(tail));
  // MurmurHash3's finalizer: every bit of the last words reaches the low bits a table slot is taken from.
  hash ^= length;
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return hash ^ (hash >>> 16);
}

function folded(word: number): number {
  const low = word & 0x7f7f7f7f;
  const upper = (low + 0x3f3f3f3f) & ~(low + 0x25252525) & ~word & 0x80808080;
  return word | (upper >>> 2);
}

/** MurmurHash3's step for one 32-bit word. */
function mix(hash: number, word: number): number {
  let k = Math.imul(word, 0xcc9e2d51);
  k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
  const h = hash ^ k;
  return (Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64) | 0;
}

/**
 * `normalizeId(a) === normalizeId(b.slice(0, bLength))`, without making any of these strings when both are
 * ASCII.
 */
export function sameId(a: string, b: string, bLength = b.length): boolean {
  const end = trimmedLength(a, a.length);
  if (end !== trimmedLength(b, bLength)) {
    return hasNonAscii(a) || hasNonAscii(b) ? sameNormalized(a, b, bLength) : false;
  }
  for (let i = 0; i < end; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0x80 || y >= 0x80) return sameNormalized(a, b, bLength);
    if ((x | 0x20) !== (y | 0x20) || (x | 0x20) < 0x61 || (x | 0x20) > 0x7a) return false;
  }
  return true;
}

function sameNormalized(a: string, b: string, bLength: number): boolean {
  return normalizeId(a) === normalizeId(b.slice(0, bLength));
}

function hashOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return hash;
}

function trimmedLength(id: string, length: number): number {
  let end = length;
  while (end > 1 && id.charCodeAt(end - 1) === SLASH) end--;
  return end;
}

function hasNonAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) return true;
  return false;
}
