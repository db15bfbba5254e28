import {
  ANY,
  ANY_BUT_NEWLINE,
  type CharSet,
  caseFold,
  complement,
  DIGIT,
  range,
  SPACE,
  single,
  union,
  WORD,
} from './charset.ts';

/**
 * Parser for the regular-expression subset Vigil runs in linear time: the flavour the Sigma modifiers
 * appendix defines for `|re` (literals, `.`, `^`, `$`, `* + ? {n,m}`, classes, `|`, groups) plus the PCRE
 * conveniences SigmaHQ rules use (`\d \w \s` and negations, `\b`, non-capturing and named groups, inline
 * flags `(?i)`, lazy quantifiers, `\xHH`). Constructs that need backtracking or lookaround (backreferences,
 * lookahead/lookbehind, atomic groups, possessive quantifiers, conditionals, recursion) are rejected with
 * RegexUnsupported, naming the construct, so a rule using them is reported instead of run on a slow engine.
 */

export type RegexNode =
  | { t: 'empty' }
  | { t: 'set'; set: CharSet }
  | { t: 'cat'; items: RegexNode[] }
  | { t: 'alt'; items: RegexNode[] }
  | { t: 'repeat'; node: RegexNode; min: number; max: number }
  | { t: 'assert'; kind: AssertKind };

/** bol/eol honour the m flag at parse time: `^` becomes 'bol' (start of input) or 'bol-m' (start of line). */
export type AssertKind = 'bot' | 'eot' | 'bol-m' | 'eol-m' | 'wordb' | 'nwordb';

export interface RegexFlags {
  i: boolean;
  m: boolean;
  s: boolean;
}

export class RegexUnsupported extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'RegexUnsupported';
  }
}

/** Larger counted repetitions would make the automaton (and so the per-character cost) too big. */
export const MAX_REPEAT = 1000;

export function parseRegex(source: string, flags: RegexFlags): RegexNode {
  const p = new Parser(source);
  const node = p.alternation({ ...flags });
  if (p.pos < source.length) throw p.fail(`unbalanced ')'`);
  return node;
}

class Parser {
  pos = 0;
  constructor(readonly src: string) {}

  fail(message: string, at = this.pos): RegexUnsupported {
    return new RegexUnsupported(`${message} at offset ${at} of /${this.src}/`, at);
  }

  peek(offset = 0): string | undefined {
    return this.src[this.pos + offset];
  }

  alternation(flags: RegexFlags): RegexNode {
    const items = [this.sequence(flags)];
    while (this.peek() === '|') {
      this.pos++;
      items.push(this.sequence(flags));
    }
    return items.length === 1 ? items[0]! : { t: 'alt', items };
  }

  /** Inline flags `(?i)` change `flags` in place, so they apply to the rest of the enclosing group. */
  sequence(flags: RegexFlags): RegexNode {
    const items: RegexNode[] = [];
    for (;;) {
      const c = this.peek();
      if (c === undefined || c === '|' || c === ')') break;
      const atom = this.atom(flags);
      if (atom === null) continue;
      items.push(this.quantified(atom));
    }
    if (items.length === 0) return { t: 'empty' };
    return items.length === 1 ? items[0]! : { t: 'cat', items };
  }

  quantified(atom: RegexNode): RegexNode {
    const start = this.pos;
    const c = this.peek();
    let bounds: [number, number] | null;
    if (c === '*') bounds = [0, Infinity];
    else if (c === '+') bounds = [1, Infinity];
    else if (c === '?') bounds = [0, 1];
    else if (c === '{') bounds = this.countedQuantifier();
    else bounds = null;
    if (bounds === null) return atom;
    if (c !== '{') this.pos++;
    if (atom.t === 'assert') throw this.fail('quantifier on an assertion', start);
    // A lazy suffix only changes which match a backtracking engine reports first; we answer
    // "does it match", so it is the same automaton.
    if (this.peek() === '?') this.pos++;
    else if (this.peek() === '+') throw this.fail('possessive quantifier');
    const next = this.peek();
    if (next === '*' || next === '+' || next === '?') throw this.fail('quantifier on a quantifier');
    return { t: 'repeat', node: atom, min: bounds[0], max: bounds[1] };
  }

  /** `{n}`, `{n,}`, `{n,m}`, `{,m}`; anything else is a literal `{`, as in PCRE. */
  countedQuantifier(): [number, number] | null {
    const m = /^\{(\d*)(,(\d*))?\}/.exec(this.src.slice(this.pos, this.pos + 24));
    if (!m || (m[1] === '' && (m[2] === undefined || m[3] === ''))) return null;
    const min = m[1] === '' ? 0 : Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
    if (max < min) throw this.fail('quantifier range out of order');
    if (min > MAX_REPEAT || (max !== Infinity && max > MAX_REPEAT)) {
      throw this.fail(`counted repetition above ${MAX_REPEAT}`);
    }
    this.pos += m[0].length;
    return [min, max];
  }

  /** One atom, or null for something that matches nothing and is not quantifiable (an inline flag group). */
  atom(flags: RegexFlags): RegexNode | null {
    const c = this.src[this.pos]!;
    const at = this.pos;
    this.pos++;
    switch (c) {
      case '.':
        return { t: 'set', set: flags.s ? ANY : ANY_BUT_NEWLINE };
      case '^':
        return { t: 'assert', kind: flags.m ? 'bol-m' : 'bot' };
      case '$':
        return { t: 'assert', kind: flags.m ? 'eol-m' : 'eot' };
      case '[':
        return { t: 'set', set: this.bracket(flags) };
      case '(':
        return this.group(flags, at);
      case '\\':
        return this.escape(flags, false);
      case '*':
      case '+':
      case '?':
        throw this.fail('quantifier with nothing to repeat', at);
      default:
        return literal(c.charCodeAt(0), flags);
    }
  }

  group(flags: RegexFlags, at: number): RegexNode | null {
    let inner: RegexFlags = { ...flags };
    if (this.peek() === '?') {
      this.pos++;
      const kind = this.peek();
      if (kind === ':') this.pos++;
      else if (kind === '<' && this.peek(1) !== '=' && this.peek(1) !== '!') this.groupName('>');
      else if (kind === 'P' && this.peek(1) === '<') {
        this.pos++;
        this.groupName('>');
      } else if (kind === "'") this.groupName("'");
      else if (kind === '#') {
        const end = this.src.indexOf(')', this.pos);
        if (end < 0) throw this.fail('unterminated comment group', at);
        this.pos = end + 1;
        return null;
      } else if (kind !== undefined && /[imsx-]/.test(kind)) {
        const m = /^([imsx]*)(?:-([imsx]*))?([:)])/.exec(this.src.slice(this.pos));
        if (!m) throw this.fail('malformed inline flag group', at);
        if (/x/.test(m[1]! + (m[2] ?? ''))) throw this.fail('extended mode (?x)', at);
        this.pos += m[0].length;
        const set = (target: RegexFlags, on: boolean, letters: string) => {
          for (const l of letters) target[l as 'i' | 'm' | 's'] = on;
        };
        if (m[3] === ')') {
          set(flags, true, m[1]!);
          set(flags, false, m[2] ?? '');
          return null;
        }
        inner = { ...flags };
        set(inner, true, m[1]!);
        set(inner, false, m[2] ?? '');
      } else {
        const what: Record<string, string> = {
          '=': 'lookahead',
          '!': 'negative lookahead',
          '<': 'lookbehind',
          '>': 'atomic group',
          '|': 'branch reset group',
          '(': 'conditional group',
          R: 'recursion',
        };
        throw this.fail(what[kind ?? ''] ?? `group (?${kind ?? ''}`, at);
      }
    }
    const node = this.alternation(inner);
    if (this.peek() !== ')') throw this.fail("missing ')'", at);
    this.pos++;
    return node;
  }

  groupName(close: string): void {
    this.pos++;
    const end = this.src.indexOf(close, this.pos);
    if (end < 0 || !/^[A-Za-z_]\w*$/.test(this.src.slice(this.pos, end)))
      throw this.fail('malformed group name');
    this.pos = end + 1;
  }

  bracket(flags: RegexFlags): CharSet {
    const start = this.pos - 1;
    let negate = false;
    if (this.peek() === '^') {
      negate = true;
      this.pos++;
    }
    const parts: CharSet[] = [];
    let first = true;
    for (;;) {
      const c = this.peek();
      if (c === undefined) throw this.fail("missing ']'", start);
      if (c === ']' && !first) {
        this.pos++;
        break;
      }
      first = false;
      if (c === '[' && this.peek(1) === ':') throw this.fail('POSIX class [:name:]');
      const lo = this.classAtom(flags);
      if (
        this.peek() === '-' &&
        this.peek(1) !== ']' &&
        this.peek(1) !== undefined &&
        typeof lo === 'number'
      ) {
        this.pos++;
        const hi = this.classAtom(flags);
        if (typeof hi !== 'number') throw this.fail('class escape as a range end');
        if (hi < lo) throw this.fail('character range out of order');
        parts.push(range(lo, hi));
      } else parts.push(typeof lo === 'number' ? single(lo) : lo);
    }
    let set = union(...parts);
    if (flags.i) set = caseFold(set);
    return negate ? complement(set) : set;
  }

  /** A code unit, or a whole set for `\d`-style escapes inside a class. */
  classAtom(flags: RegexFlags): number | CharSet {
    const c = this.src[this.pos]!;
    this.pos++;
    if (c !== '\\') return c.charCodeAt(0);
    const node = this.escape(flags, true);
    if (node.t !== 'set') throw this.fail('assertion inside a class');
    return node.set.length === 2 && node.set[0] === node.set[1] ? node.set[0]! : node.set;
  }

  escape(flags: RegexFlags, inClass: boolean): RegexNode {
    const at = this.pos - 1;
    const c = this.src[this.pos];
    if (c === undefined) throw this.fail('trailing backslash', at);
    this.pos++;
    const set = (s: CharSet): RegexNode => ({ t: 'set', set: s });
    switch (c) {
      case 'd':
        return set(DIGIT);
      case 'D':
        return set(complement(DIGIT));
      case 'w':
        return set(WORD);
      case 'W':
        return set(complement(WORD));
      case 's':
        return set(SPACE);
      case 'S':
        return set(complement(SPACE));
      case 't':
        return literal(0x09, flags);
      case 'n':
        return literal(0x0a, flags);
      case 'r':
        return literal(0x0d, flags);
      case 'f':
        return literal(0x0c, flags);
      case 'v':
        return literal(0x0b, flags);
      case 'e':
        return literal(0x1b, flags);
      case '0':
        if (/[0-7]/.test(this.peek() ?? '')) throw this.fail('octal escape', at);
        return literal(0, flags);
      case 'x':
        return literal(this.hex(at), flags);
      case 'u':
        return literal(this.fixedHex(4, at), flags);
      case 'b':
        if (inClass) return literal(0x08, flags);
        return { t: 'assert', kind: 'wordb' };
      case 'B':
        return { t: 'assert', kind: 'nwordb' };
      case 'A':
        return { t: 'assert', kind: 'bot' };
      case 'z':
      case 'Z':
        return { t: 'assert', kind: 'eot' };
    }
    if (/[1-9]/.test(c) || c === 'k' || c === 'g') throw this.fail('backreference', at);
    if (/[A-Za-z0-9]/.test(c)) throw this.fail(`escape \\${c}`, at);
    return literal(c.charCodeAt(0), flags);
  }

  hex(at: number): number {
    if (this.peek() === '{') {
      const end = this.src.indexOf('}', this.pos);
      const digits = end < 0 ? '' : this.src.slice(this.pos + 1, end);
      if (!/^[0-9A-Fa-f]{1,4}$/.test(digits)) throw this.fail('\\x{…} escape beyond U+FFFF or malformed', at);
      this.pos = end + 1;
      return Number.parseInt(digits, 16);
    }
    return this.fixedHex(2, at);
  }

  fixedHex(n: number, at: number): number {
    const digits = this.src.slice(this.pos, this.pos + n);
    if (!new RegExp(`^[0-9A-Fa-f]{${n}}$`).test(digits)) throw this.fail('malformed hex escape', at);
    this.pos += n;
    return Number.parseInt(digits, 16);
  }
}

function literal(c: number, flags: RegexFlags): RegexNode {
  const s = single(c);
  return { t: 'set', set: flags.i ? caseFold(s) : s };
}
