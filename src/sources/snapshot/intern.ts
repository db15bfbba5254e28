import type { JsonValue } from '../../util/json.ts';

/**
 * V8 gives every string JSON.parse makes its own copy, except the shortest (up to 10 characters). A large
 * estate repeats its longer strings over and over — the IDs resources use to point at each other, types,
 * regions, Defender's assessment texts — so sharing one copy of each cuts the memory the parsed estate takes
 * by about a third. Repeats are mostly close together (a VM and the NIC, disks and assessments listed around
 * it) or so frequent they are always seen again soon, so the strings are kept in two generations: when the
 * young table fills, it becomes the old one and the old one is dropped, and a string found in the old table
 * moves to the young one. The frequent strings never leave, and the tables stay small enough to be quick to
 * look up in (a table of all the strings of a large estate is not).
 */
export class StringInterner {
  #young = new Map<string, string>();
  #old = new Map<string, string>();

  constructor(private readonly generation = 1 << 16) {}

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
        if (item.length > SHORT && !ONE_OFF_KEYS.has(key)) value[key] = this.#intern(item);
      } else if (typeof item === 'object' && item !== null) {
        this.internIn(item);
      }
    }
  }

  #intern(text: string): string {
    if (isOneOff(text)) return text;
    const young = this.#young.get(text);
    if (young !== undefined) return young;
    const shared = this.#old.get(text) ?? text;
    if (this.#young.size >= this.generation) {
      this.#old = this.#young;
      this.#young = new Map();
    }
    this.#young.set(shared, shared);
    return shared;
  }
}

/** V8 already shares strings this short that JSON.parse makes. */
const SHORT = 10;

/**
 * Strings ARM makes unique to each resource — GUIDs (`vmId`, `resourceGuid`), etags (`W/"<guid>"`),
 * timestamps (`timeCreated`), SSH keys — are a fifth of the long strings in an estate and never repeat:
 * looking them up would only fill the table. Known by their key, or by a few characters of their shape.
 * (GUIDs in general are not skipped: Resource Graph repeats `tenantId` and `subscriptionId` on every row.)
 */
const ONE_OFF_KEYS = new Set([
  'etag',
  'resourceGuid',
  'vmId',
  'uniqueId',
  'principalId',
  'keyData',
  'macAddress',
  'internalDomainNameSuffix',
  'timeCreated',
  'LastOwnershipUpdateTime',
]);

function isOneOff(text: string): boolean {
  const c0 = text.charCodeAt(0);
  if (c0 === 0x57 /* W */) return text.charCodeAt(1) === 0x2f /* / */ && text.charCodeAt(2) === QUOTE;
  if (c0 === QUOTE) return true;
  // 2025-01-16T17:25:21.2867400+00:00 and its shorter forms.
  return (
    text.length >= 19 &&
    text.charCodeAt(4) === DASH &&
    text.charCodeAt(7) === DASH &&
    text.charCodeAt(10) === 0x54 /* T */
  );
}

const DASH = 0x2d;
const QUOTE = 0x22;
