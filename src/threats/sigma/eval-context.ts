import type { FieldValue, ThreatEvent } from '../event.ts';
import type { ResolvedField } from './mappings.ts';

/**
 * Reading fields during evaluation. Every distinct resolved field gets a slot when rules compile; per event,
 * the context caches each slot's lower-cased text so that forty rules asking for `log.original` lower-case it
 * once. The cache is invalidated by bumping a generation number, so nothing is allocated per event but the
 * lower-cased strings themselves.
 */

export interface FieldAccess {
  key: string;
  slot: number;
  get(event: ThreatEvent): FieldValue | undefined;
}

/** Scalar text, or a list of texts for an array field. */
export type FieldText = string | readonly string[];

export class FieldSlots {
  private readonly byKey = new Map<string, FieldAccess>();

  get size(): number {
    return this.byKey.size;
  }

  /** `union`: gather every candidate that is present (keyword search over several fields). */
  access(field: ResolvedField, union = false): FieldAccess {
    const key = union ? `∪${field.key}` : field.key;
    let access = this.byKey.get(key);
    if (access === undefined) {
      access = { key, slot: this.byKey.size, get: getter(field, union) };
      this.byKey.set(key, access);
    }
    return access;
  }
}

function getter(field: ResolvedField, union: boolean): (event: ThreatEvent) => FieldValue | undefined {
  const readers = field.candidates.map(({ field: name, index, names }) => {
    const read =
      index === undefined
        ? (e: ThreatEvent) => e[name]
        : (e: ThreatEvent) => {
            const v = e[name];
            return Array.isArray(v) ? v[index] : undefined;
          };
    return names === undefined ? read : named(read, names);
  });
  if (readers.length === 1) return readers[0]!;
  if (union) {
    return (e) => {
      const out: string[] = [];
      for (const read of readers) {
        const v = read(e);
        if (v === undefined || v === null) continue;
        if (Array.isArray(v)) out.push(...v);
        else out.push(String(v));
      }
      return out.length === 0 ? undefined : out;
    };
  }
  return (e) => {
    for (const read of readers) {
      const v = read(e);
      if (v !== undefined && v !== null) return v;
    }
    return undefined;
  };
}

/** A value the route names (e.g. `S-1-16-12288`, `High`) reads as both, so rules match either form. */
function named(
  read: (e: ThreatEvent) => FieldValue | undefined,
  names: ReadonlyMap<string, string>,
): (e: ThreatEvent) => FieldValue | undefined {
  return (e) => {
    const v = read(e);
    if (typeof v !== 'string') return v;
    const name = names.get(v.toUpperCase());
    return name === undefined ? v : [v, name];
  };
}

/** Lower-cased strings remembered per slot (a power of two). */
const RECENT = 16;
/** The longest string remembered: names, actions and outcomes, not messages. */
const MAX_RECENT_LENGTH = 40;

export class EvalContext {
  event!: ThreatEvent;
  private generation = 0;
  private readonly seen: Int32Array;
  private readonly lower: (FieldText | undefined)[];
  // Per slot, a few strings lower-cased lately and their results, placed by length and first character: most
  // fields take few values (a program, an action, an outcome), and comparing with one of them is cheaper than
  // lower-casing it again.
  private readonly recentRaw: (string | undefined)[];
  private readonly recentLower: string[];

  constructor(slots: number) {
    this.seen = new Int32Array(slots);
    this.lower = new Array(slots);
    this.recentRaw = new Array(slots * RECENT).fill(undefined);
    this.recentLower = new Array(slots * RECENT).fill('');
  }

  reset(event: ThreatEvent): void {
    this.event = event;
    this.generation++;
    if (this.generation === 0x7fffffff) {
      this.seen.fill(0);
      this.generation = 1;
    }
  }

  value(access: FieldAccess): FieldValue | undefined {
    const v = access.get(this.event);
    return v === null ? undefined : v;
  }

  /** The field as text, lower-cased (cached for the current event). */
  lowerText(access: FieldAccess): FieldText | undefined {
    const slot = access.slot;
    if (this.seen[slot] === this.generation) return this.lower[slot];
    const v = this.value(access);
    const out =
      v === undefined
        ? undefined
        : typeof v === 'string'
          ? this.lowerString(slot, v)
          : Array.isArray(v)
            ? v.map((x) => String(x).toLowerCase())
            : String(v).toLowerCase();
    this.seen[slot] = this.generation;
    this.lower[slot] = out;
    return out;
  }

  private lowerString(slot: number, v: string): string {
    // Long texts (messages, command lines) rarely repeat, and comparing one with a remembered text of the same
    // length costs more than lower-casing it.
    if (v.length > MAX_RECENT_LENGTH) return v.toLowerCase();
    const at = slot * RECENT + ((v.length + v.charCodeAt(0)) & (RECENT - 1));
    if (v === this.recentRaw[at]) return this.recentLower[at]!;
    const lower = v.toLowerCase();
    this.recentRaw[at] = v;
    this.recentLower[at] = lower;
    return lower;
  }

  /** The field as text, case kept. */
  text(access: FieldAccess): FieldText | undefined {
    const v = this.value(access);
    if (v === undefined || typeof v === 'string') return v;
    return Array.isArray(v) ? v.map(String) : String(v);
  }
}
