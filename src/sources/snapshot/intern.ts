import type { JsonValue } from '../../util/json.ts';

/**
 * V8 gives every string JSON.parse makes its own copy, except the shortest (up to 10 characters). A large
 * estate repeats its longer strings over and over — the IDs resources use to point at each other, types,
 * regions, Defender's assessment texts — so sharing one copy of each cuts the memory the parsed estate takes
 * by about a third. The table is emptied when it fills: repeats are mostly close together (a VM and the
 * NIC, disks and assessments listed around it) or so frequent they are soon seen again.
 */
export class StringInterner {
  #table = new Map<string, string>();

  constructor(private readonly capacity = 1 << 18) {}

  /** Replaces, in place, each string in `value` by the copy seen before, if any. */
  internIn(value: JsonValue): void {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item = value[i]!;
        if (typeof item === 'string') {
          if (item.length > SHORT) value[i] = this.#intern(item);
        } else if (typeof item === 'object' && item !== null) {
          this.internIn(item);
        }
      }
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    for (const key in value) {
      const item = value[key]!;
      if (typeof item === 'string') {
        if (item.length > SHORT) value[key] = this.#intern(item);
      } else if (typeof item === 'object' && item !== null) {
        this.internIn(item);
      }
    }
  }

  #intern(text: string): string {
    const seen = this.#table.get(text);
    if (seen !== undefined) return seen;
    if (this.#table.size >= this.capacity) this.#table = new Map();
    this.#table.set(text, text);
    return text;
  }
}

/** V8 already shares strings this short that JSON.parse makes. */
const SHORT = 10;
