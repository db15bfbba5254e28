import type { FieldValue } from '../event.ts';
import { type CidrRange, inCidr, parseCidr, parseIp } from './cidr.ts';
import { base64, base64offset, ModifierError, utf16, windash } from './encodings.ts';
import type { EvalContext, FieldAccess, FieldText } from './eval-context.ts';
import { compileGlob, type StringTest } from './glob.ts';
import { compileRegex, type LinearRegex, RegexUnsupported } from './regex/index.ts';
import {
  fromParts,
  type Placeholder,
  parseSigmaString,
  parseWithPlaceholders,
  plainText,
  type SigmaPart,
  type SigmaString,
  STAR,
  withLeadingStar,
  withTrailingStar,
} from './sigma-string.ts';
import type { DetectionValue } from './types.ts';

/**
 * One `field|modifier|…: value(s)` entry of a selection, compiled to a predicate over the event
 * (sigma-rules-specification.md "Value Modifiers", sigma-appendix-modifiers.md). Modifiers apply in the order
 * written. Semantics chosen where the spec leaves room:
 * - strings compare case-insensitively unless `cased`; `re` is case-sensitive unless `|i`;
 * - an array field (e.g. auditd PATH names) matches when any element does; with `all`, each value must match
 *   some element;
 * - `null` means the field is absent; `exists: false` the same; `''` means present and empty;
 * - `neq` holds when the field is present and equals none of the values;
 * - numbers compare as the text the rule wrote (`EventID: 4624` matches "4624" and 4624);
 *   `lt/lte/gt/gte` compare numerically and fail on a non-numeric field;
 * - `fieldref` compares with another field of the same event (with contains/startswith/endswith if given);
 * - time modifiers (minute … year) read the field as a date and compare that part, in UTC.
 */

export type Predicate = (ctx: EvalContext) => boolean;

export class CompileError extends Error {
  constructor(
    message: string,
    readonly unsupported = false,
  ) {
    super(message);
  }
}

export interface EntryEnv {
  /** Resolves a Sigma field name (the empty name: the keyword fields). */
  field(name: string): FieldAccess;
  placeholders: Record<string, readonly string[]>;
}

const KNOWN = new Set([
  'contains',
  'startswith',
  'endswith',
  'all',
  'cased',
  'neq',
  'exists',
  'windash',
  'base64',
  'base64offset',
  'utf16le',
  'utf16be',
  'utf16',
  'wide',
  'expand',
  're',
  'i',
  'm',
  's',
  'cidr',
  'lt',
  'lte',
  'gt',
  'gte',
  'fieldref',
  'minute',
  'hour',
  'day',
  'week',
  'month',
  'year',
]);

/** A value after the modifiers so far; `of` is the position of the value it came from, as written. */
type Item = ({ s: SigmaString; raw: string | null } | { null: true }) & { of: number };

/** Compiles `key: value` where key is `field|mod|mod…`; an empty field means the keyword fields. */
export function compileEntry(key: string, value: DetectionValue, env: EntryEnv): Predicate {
  const [field = '', ...mods] = key.split('|');
  for (const m of mods) {
    if (!KNOWN.has(m)) throw new CompileError(`unknown modifier '${m}'`, true);
  }
  const values = Array.isArray(value) ? value : [value];
  if (values.length === 0) throw new CompileError(`'${key}' has an empty list of values`);
  for (const v of values) {
    if (typeof v === 'object' && v !== null)
      throw new CompileError(`'${key}' values must be plain values, not lists or maps`);
  }
  const keyword = field === '';
  const access = env.field(field);
  const has = (m: string) => mods.includes(m);

  if (has('exists')) {
    if (values.length !== 1 || typeof values[0] !== 'boolean') {
      throw new CompileError(`'exists' takes true or false, in '${key}'`);
    }
    // It tests a field's presence only: another modifier beside it would be silently ignored, and keywords
    // have no field (pySigma rejects both too).
    if (mods.length > 1 || keyword)
      throw new CompileError(`'exists' needs a field and no other modifier, in '${key}'`);
    const want = values[0];
    return (ctx) => (ctx.value(access) !== undefined) === want;
  }

  let items: Item[] = (values as (string | number | boolean | null)[]).flatMap((v, of): Item[] => {
    if (v === null) return [{ null: true, of }];
    const raw = String(v);
    // Placeholders are resolved before any other modifier, wherever `expand` stands in the chain.
    if (has('expand')) {
      return expandPlaceholders(parseWithPlaceholders(raw), env.placeholders).map((s) => ({
        s,
        raw: null,
        of,
      }));
    }
    return [{ s: typeof v === 'string' ? parseSigmaString(raw) : fromParts([raw]), raw, of }];
  });
  let regexFlags: { i: boolean; m: boolean; s: boolean } | null = null;
  let numeric: ((n: number) => boolean)[] | null = null;
  let timePart: string | null = null;
  let kind: 'string' | 'regex' | 'cidr' | 'fieldref' = 'string';
  const shapes: string[] = [];

  const strings = (m: string) =>
    items.map((it) => {
      if ('null' in it) throw new CompileError(`'${m}' cannot apply to null`);
      return it;
    });
  try {
    for (const m of mods) {
      if (kind === 'regex' && !['i', 'm', 's', 'all'].includes(m)) {
        throw new CompileError(`'${m}' after 're' is not supported`, true);
      }
      switch (m) {
        case 'contains':
        case 'startswith':
        case 'endswith':
          shapes.push(m);
          items = strings(m).map((it) => ({
            s:
              m === 'startswith'
                ? withTrailingStar(it.s)
                : m === 'endswith'
                  ? withLeadingStar(it.s)
                  : withTrailingStar(withLeadingStar(it.s)),
            raw: null,
            of: it.of,
          }));
          break;
        case 'windash':
          items = strings(m).flatMap((it) => windash(it.s).map((s) => ({ s, raw: null, of: it.of })));
          break;
        case 'base64':
          items = strings(m).map((it) => ({ s: base64(it.s), raw: null, of: it.of }));
          break;
        case 'base64offset':
          items = strings(m).flatMap((it) => base64offset(it.s).map((s) => ({ s, raw: null, of: it.of })));
          break;
        case 'utf16le':
        case 'wide':
          items = strings(m).map((it) => ({ s: utf16(it.s, 'le', false), raw: null, of: it.of }));
          break;
        case 'utf16be':
          items = strings(m).map((it) => ({ s: utf16(it.s, 'be', false), raw: null, of: it.of }));
          break;
        case 'utf16':
          items = strings(m).map((it) => ({ s: utf16(it.s, 'le', true), raw: null, of: it.of }));
          break;
        case 'expand':
          break;
        case 're':
          for (const it of strings(m)) {
            if (it.raw === null) throw new CompileError(`'re' must come before transforming modifiers`, true);
          }
          kind = 'regex';
          regexFlags = { i: false, m: false, s: false };
          break;
        case 'i':
        case 'm':
        case 's':
          if (regexFlags === null) throw new CompileError(`'${m}' is a flag of 're' and must follow it`);
          regexFlags[m] = true;
          break;
        case 'cidr':
          kind = 'cidr';
          break;
        case 'fieldref':
          kind = 'fieldref';
          break;
        case 'lt':
        case 'lte':
        case 'gt':
        case 'gte':
          numeric = numericTests(m, values);
          break;
        case 'minute':
        case 'hour':
        case 'day':
        case 'week':
        case 'month':
        case 'year':
          for (const v of values) {
            if (!Number.isInteger(typeof v === 'string' && v.trim() !== '' ? Number(v) : v)) {
              throw new CompileError(`'${m}' needs a whole number, got '${String(v)}'`);
            }
          }
          timePart = m;
          break;
      }
    }
  } catch (e) {
    if (e instanceof ModifierError) throw new CompileError(`${e.message} in '${key}'`);
    throw e;
  }

  const cased = has('cased');
  if (keyword && kind === 'string' && shapes.length === 0) {
    // A keyword is searched for anywhere in the event's text.
    items = items.map((it) =>
      'null' in it ? it : { s: withTrailingStar(withLeadingStar(it.s)), raw: null, of: it.of },
    );
  }

  let elementTests: ElementTest[];
  if (timePart !== null) {
    const part = timePart;
    const bounds = numeric ?? [(n: number) => values.some((v) => Number(v) === n)];
    elementTests = bounds.map((f) => ({
      kind: 'text',
      cased: true,
      test: (t: string) => {
        const n = datePart(t, part);
        return n !== null && f(n);
      },
    }));
  } else if (numeric !== null) {
    elementTests = numeric.map((test) => ({ kind: 'number', test }));
  } else {
    elementTests = items.map((it) => elementTest(it, kind, regexFlags, cased, shapes, env, key));
    if (has('all') && !has('neq') && items.some((it, i) => i > 0 && it.of === items[i - 1]!.of)) {
      // `all` ANDs the values as written; a value that windash, base64offset or expand turned into several
      // is met by any one of its own variants (pySigma: the variants are an OR-ed SigmaExpansion).
      const groups: ElementTest[][] = values.map(() => []);
      for (let i = 0; i < items.length; i++) groups[items[i]!.of]!.push(elementTests[i]!);
      const each = groups.map((tests) => fieldPredicate(access, tests, false, false));
      return (ctx) => {
        for (const p of each) if (!p(ctx)) return false;
        return true;
      };
    }
  }
  return fieldPredicate(access, elementTests, has('all'), has('neq'));
}

type ElementTest =
  | { kind: 'text'; cased: boolean; test: StringTest }
  | { kind: 'number'; test: (n: number) => boolean }
  | { kind: 'absent' }
  | { kind: 'ref'; cased: boolean; test: (ctx: EvalContext, text: string) => boolean };

function elementTest(
  it: Item,
  kind: 'string' | 'regex' | 'cidr' | 'fieldref',
  regexFlags: { i: boolean; m: boolean; s: boolean } | null,
  cased: boolean,
  shapes: string[],
  env: EntryEnv,
  key: string,
): ElementTest {
  if ('null' in it) return { kind: 'absent' };
  switch (kind) {
    case 'regex': {
      let re: LinearRegex;
      try {
        re = compileRegex(it.raw!, regexFlags!);
      } catch (e) {
        if (e instanceof RegexUnsupported) throw new CompileError(`regex ${e.message}`, true);
        throw e;
      }
      return { kind: 'text', cased: true, test: (t) => re.test(t) };
    }
    case 'cidr': {
      let range: CidrRange;
      try {
        range = parseCidr((it.raw ?? plainText(it.s) ?? '').trim());
      } catch (e) {
        throw new CompileError(`${(e as Error).message} in '${key}'`);
      }
      return {
        kind: 'text',
        cased: true,
        test: (t) => {
          const ip = parseIp(t);
          return ip !== null && inCidr(ip, range);
        },
      };
    }
    case 'fieldref': {
      // The value names a field; the stars that contains/startswith/endswith added are the shape, kept apart.
      const name = it.raw !== null ? plainText(parseSigmaString(it.raw)) : plainText(withoutOuterStars(it.s));
      if (name === null || name === '') {
        throw new CompileError(`'fieldref' takes a field name, not a pattern, in '${key}'`);
      }
      const other = env.field(name);
      const shape = shapes[0] ?? 'equals';
      return {
        kind: 'ref',
        cased,
        test: (ctx, text) => {
          const ref = cased ? ctx.text(other) : ctx.lowerText(other);
          if (ref === undefined) return false;
          const refs = typeof ref === 'string' ? [ref] : ref;
          return refs.some((r) =>
            shape === 'contains'
              ? text.includes(r)
              : shape === 'startswith'
                ? text.startsWith(r)
                : shape === 'endswith'
                  ? text.endsWith(r)
                  : text === r,
          );
        },
      };
    }
    case 'string':
      return { kind: 'text', cased, test: compileGlob(it.s, !cased) };
  }
}

function withoutOuterStars(s: SigmaString): SigmaString {
  const parts = s.parts;
  const from = parts[0] === STAR ? 1 : 0;
  const to = parts.length > from && parts[parts.length - 1] === STAR ? parts.length - 1 : parts.length;
  return fromParts(parts.slice(from, to));
}

/** Combines per-value tests over the field's value(s): any value (default) or every value (`all`). */
function fieldPredicate(access: FieldAccess, tests: ElementTest[], all: boolean, neq: boolean): Predicate {
  const absentOk = tests.some((t) => t.kind === 'absent');
  const present = tests.filter((t) => t.kind !== 'absent');
  const needsLower = present.some((t) => (t.kind === 'text' || t.kind === 'ref') && !t.cased);
  const needsCased = present.some((t) => (t.kind === 'text' || t.kind === 'ref') && t.cased);

  // The common case, kept tight: case-insensitive text tests, any of them.
  if (
    !all &&
    !neq &&
    !absentOk &&
    present.length > 0 &&
    present.every((t) => t.kind === 'text' && !t.cased)
  ) {
    const fns = present.map((t) => (t as { test: StringTest }).test);
    const one = fns.length === 1 ? fns[0]! : null;
    return (ctx) => {
      const v = ctx.lowerText(access);
      if (v === undefined) return false;
      if (typeof v === 'string') {
        if (one !== null) return one(v);
        for (const f of fns) if (f(v)) return true;
        return false;
      }
      for (const e of v) for (const f of fns) if (f(e)) return true;
      return false;
    };
  }

  // Plain loops, no closures made per evaluation: this runs for every candidate event.
  return (ctx) => {
    const raw = ctx.value(access);
    if (raw === undefined) return absentOk && !neq;
    const lower = needsLower ? ctx.lowerText(access) : undefined;
    const text = needsCased ? ctx.text(access) : undefined;
    if (present.length === 0) return neq;
    let hit = all;
    for (const t of present) {
      if (testOne(ctx, t, lower, text, raw) !== all) {
        hit = !all;
        break;
      }
    }
    return neq ? !hit : hit;
  };
}

function testOne(
  ctx: EvalContext,
  t: ElementTest,
  lower: FieldText | undefined,
  text: FieldText | undefined,
  raw: FieldValue,
): boolean {
  switch (t.kind) {
    case 'text': {
      const xs = t.cased ? text : lower;
      if (xs === undefined) return false;
      if (typeof xs === 'string') return t.test(xs);
      for (const x of xs) if (t.test(x)) return true;
      return false;
    }
    case 'ref': {
      const xs = t.cased ? text : lower;
      if (xs === undefined) return false;
      if (typeof xs === 'string') return t.test(ctx, xs);
      for (const x of xs) if (t.test(ctx, x)) return true;
      return false;
    }
    case 'number': {
      if (!Array.isArray(raw)) return numberHolds(raw, t.test);
      for (const x of raw) if (numberHolds(x, t.test)) return true;
      return false;
    }
    case 'absent':
      return false;
  }
}

function numberHolds(x: string | number | boolean, test: (n: number) => boolean): boolean {
  const n = typeof x === 'number' ? x : typeof x === 'string' && x.trim() !== '' ? Number(x) : Number.NaN;
  return Number.isFinite(n) && test(n);
}

function numericTests(m: string, values: DetectionValue[]): ((n: number) => boolean)[] {
  return values.map((v) => {
    const bound =
      typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
    if (!Number.isFinite(bound)) throw new CompileError(`'${m}' needs a number, got '${String(v)}'`);
    switch (m) {
      case 'lt':
        return (n: number) => n < bound;
      case 'lte':
        return (n: number) => n <= bound;
      case 'gt':
        return (n: number) => n > bound;
      default:
        return (n: number) => n >= bound;
    }
  });
}

function expandPlaceholders(
  parsed: (SigmaPart | Placeholder)[],
  placeholders: Record<string, readonly string[]>,
): SigmaString[] {
  let results: SigmaPart[][] = [[]];
  for (const part of parsed) {
    if (typeof part === 'object' && 'placeholder' in part) {
      const values = placeholders[part.placeholder];
      if (values === undefined || values.length === 0) {
        throw new CompileError(
          `placeholder %${part.placeholder}% has no values (pass them as placeholders)`,
          true,
        );
      }
      results = results.flatMap((r) => values.map((v) => [...r, ...parseSigmaString(v).parts]));
    } else results = results.map((r) => [...r, part]);
  }
  return results.map((parts) => fromParts(parts));
}

/**
 * An ISO 8601 date or date-time (`T` or a space between; Sysmon's UtcTime has the space and no zone). Date.parse
 * alone would also take `1` or `sshd 5` as dates, and read a time without a zone in the machine's zone.
 */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** A date's minute/hour/day/week/month/year in UTC, or null when the text is not an ISO 8601 date. */
function datePart(text: string, part: string): number | null {
  const iso = ISO_DATE.exec(text.trim());
  if (iso === null) return null;
  let normal = iso[0].replace(' ', 'T').replace(',', '.');
  if (normal.length > 10 && iso[1] === undefined) normal += 'Z';
  const ms = Date.parse(normal);
  if (Number.isNaN(ms)) return null;
  const d = new Date(ms);
  switch (part) {
    case 'minute':
      return d.getUTCMinutes();
    case 'hour':
      return d.getUTCHours();
    case 'day':
      return d.getUTCDate();
    case 'month':
      return d.getUTCMonth() + 1;
    case 'year':
      return d.getUTCFullYear();
    default: {
      // ISO 8601 week number: the week with the year's first Thursday is week 1.
      const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
      const day = t.getUTCDay() || 7;
      t.setUTCDate(t.getUTCDate() + 4 - day);
      const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
      return Math.ceil(((t.getTime() - yearStart) / 86_400_000 + 1) / 7);
    }
  }
}
