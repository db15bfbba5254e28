import { normalizeId } from './resource-id.ts';

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
  /** Entry number + 1 per slot; 0 is empty. */
  #slots = new Int32Array(1024);
  #hashes = new Int32Array(1024);
  #count = 0;
  #exact = new Map<string, number>();
  /** The last ID hashed: an insert, or an add's lookup, often follows a lookup of the same ID. */
  #lastId = '';
  #lastHash = 0;

  /** `idOf(entry)` is the ID the entry was stored under. */
  constructor(private readonly idOf: (entry: number) => string) {}

  /** The entry stored under an ID equal to `id`, or -1. */
  get(id: string): number {
    const known = this.#exact.get(id);
    if (known !== undefined) return known;
    const entry = this.#find(id);
    if (entry !== -1) this.#exact.set(id, entry);
    return entry;
  }

  /** `get` for an ID about to be inserted when absent: it is not worth remembering as looked up. */
  find(id: string): number {
    return this.#find(id);
  }

  /** Stores `entry` under `id`, which must not be in the table yet. */
  insert(id: string, entry: number): void {
    if ((this.#count + 1) * 2 > this.#slots.length) this.#grow();
    this.#place(id === this.#lastId ? this.#lastHash : idHash(id), entry);
    this.#count++;
  }

  clear(): void {
    this.#slots = new Int32Array(1024);
    this.#hashes = new Int32Array(1024);
    this.#count = 0;
    this.#exact = new Map();
  }

  /** The entry stored under `id.slice(0, end)`, without making that string: a parent's or scope's ID. */
  getPrefix(id: string, end: number): number {
    const hash = idHash(id, end);
    const mask = this.#slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const stored = this.#slots[slot]!;
      if (stored === EMPTY) return -1;
      if (this.#hashes[slot] === hash && sameId(this.idOf(stored - 1), id, end)) return stored - 1;
    }
  }

  #find(id: string): number {
    const hash = id === this.#lastId ? this.#lastHash : idHash(id);
    this.#lastId = id;
    this.#lastHash = hash;
    const mask = this.#slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const stored = this.#slots[slot]!;
      if (stored === EMPTY) return -1;
      if (this.#hashes[slot] === hash && sameId(this.idOf(stored - 1), id)) return stored - 1;
    }
  }

  #place(hash: number, entry: number): void {
    const mask = this.#slots.length - 1;
    let slot = hash & mask;
    while (this.#slots[slot] !== EMPTY) slot = (slot + 1) & mask;
    this.#slots[slot] = entry + 1;
    this.#hashes[slot] = hash;
  }

  #grow(): void {
    const slots = this.#slots;
    const hashes = this.#hashes;
    this.#slots = new Int32Array(slots.length * 2);
    this.#hashes = new Int32Array(slots.length * 2);
    for (let slot = 0; slot < slots.length; slot++) {
      const stored = slots[slot]!;
      if (stored !== EMPTY) this.#place(hashes[slot]!, stored - 1);
    }
  }
}

/**
 * FNV-1a over the ID (or its first `length` characters) as `normalizeId` would spell it, without making that
 * string when the ID is ASCII.
 */
export function idHash(id: string, length = id.length): number {
  const end = trimmedLength(id, length);
  let hash = 0x811c9dc5;
  for (let i = 0; i < end; i++) {
    let c = id.charCodeAt(i);
    if (c >= 0x80) return hashOf(normalizeId(id.slice(0, end)));
    if (c >= 0x41 && c <= 0x5a) c |= 0x20;
    hash = Math.imul(hash ^ c, 0x01000193);
  }
  return hash;
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
