import { type CharSet, contains, isWordUnit } from './charset.ts';
import { type AssertKind, type RegexNode, RegexUnsupported } from './parse.ts';

/**
 * Thompson NFA run as a lazily built DFA. Every input code unit costs one cached table lookup, or, on a
 * cache miss, one epsilon-closure and one step over at most MAX_NFA_STATES states: the time to test a string
 * of n code units is O(n × states) whatever the input, with no backtracking to exploit. The DFA cache is
 * bounded (states and transitions); when full it is dropped and rebuilt, which costs time, never correctness.
 */

/** Bounds the per-character worst case; SigmaHQ's patterns compile to a few hundred states at most. */
export const MAX_NFA_STATES = 4000;
const MAX_DFA_STATES = 2000;
const MAX_DFA_TRANSITIONS = 200_000;

const OP_SET = 0;
const OP_SPLIT = 1;
const OP_ASSERT = 2;
const OP_MATCH = 3;

/** Context of a position: what the previous code unit was. */
const PREV_START = 0;
const PREV_NEWLINE = 1;
const PREV_WORD = 2;
const PREV_OTHER = 3;
const END = -1;

interface DState {
  kernel: Int32Array;
  /** Transitions for ASCII input, indexed by code × 4 + previous-unit class. */
  ascii: (DState | undefined)[];
  other: Map<number, DState>;
  /** Whether the end of input after this state matches, by previous-unit class; -1 = not yet known. */
  atEnd: Int8Array;
}

const MATCHED: DState = { kernel: new Int32Array(0), ascii: [], other: new Map(), atEnd: new Int8Array(4) };

export class Automaton {
  private readonly op: number[] = [];
  private readonly out1: number[] = [];
  private readonly out2: number[] = [];
  private readonly sets: (CharSet | undefined)[] = [];
  private readonly asserts: (AssertKind | undefined)[] = [];
  private readonly start: number;
  private states = new Map<string, DState>();
  private transitions = 0;
  private initial: DState | undefined;
  private mark: Int32Array;
  private generation = 0;

  constructor(root: RegexNode) {
    const match = this.add(OP_MATCH, -1, -1);
    this.start = this.compile(root, match);
    this.mark = new Int32Array(this.op.length);
  }

  get size(): number {
    return this.op.length;
  }

  /** Whether the pattern matches anywhere in `input` (an unanchored search, as Sigma's `|re` means). */
  test(input: string): boolean {
    let d = this.initial ?? this.resetCache();
    let prev = PREV_START;
    for (let i = 0; i < input.length; i++) {
      const c = input.charCodeAt(i);
      const key = c * 4 + prev;
      let next = c < 128 ? d.ascii[key] : d.other.get(key);
      if (next === undefined) next = this.step(d, prev, c, key);
      if (next === MATCHED) return true;
      d = next;
      prev = c === 0x0a ? PREV_NEWLINE : isWordUnit(c) ? PREV_WORD : PREV_OTHER;
    }
    let atEnd = d.atEnd[prev]!;
    if (atEnd < 0) {
      atEnd = this.closure(d.kernel, prev, END).matched ? 1 : 0;
      d.atEnd[prev] = atEnd;
    }
    return atEnd === 1;
  }

  private add(op: number, a: number, b: number): number {
    if (this.op.length >= MAX_NFA_STATES) {
      throw new RegexUnsupported(`pattern needs more than ${MAX_NFA_STATES} automaton states`, 0);
    }
    this.op.push(op);
    this.out1.push(a);
    this.out2.push(b);
    this.sets.push(undefined);
    this.asserts.push(undefined);
    return this.op.length - 1;
  }

  /** Builds the fragment for `node` whose exit leads to `next`; returns its entry state. */
  private compile(node: RegexNode, next: number): number {
    switch (node.t) {
      case 'empty':
        return next;
      case 'set': {
        const s = this.add(OP_SET, next, -1);
        this.sets[s] = node.set;
        return s;
      }
      case 'assert': {
        const s = this.add(OP_ASSERT, next, -1);
        this.asserts[s] = node.kind;
        return s;
      }
      case 'cat': {
        let cur = next;
        for (let i = node.items.length - 1; i >= 0; i--) cur = this.compile(node.items[i]!, cur);
        return cur;
      }
      case 'alt': {
        const entries = node.items.map((item) => this.compile(item, next));
        let cur = entries[entries.length - 1]!;
        for (let i = entries.length - 2; i >= 0; i--) cur = this.add(OP_SPLIT, entries[i]!, cur);
        return cur;
      }
      case 'repeat': {
        let cur = next;
        if (node.max === Infinity) {
          const loop = this.add(OP_SPLIT, -1, next);
          this.out1[loop] = this.compile(node.node, loop);
          cur = loop;
        } else {
          for (let k = node.min; k < node.max; k++)
            cur = this.add(OP_SPLIT, this.compile(node.node, cur), next);
        }
        for (let k = 0; k < node.min; k++) cur = this.compile(node.node, cur);
        return cur;
      }
    }
  }

  private resetCache(): DState {
    this.states = new Map();
    this.transitions = 0;
    this.initial = this.intern(new Int32Array(0));
    return this.initial;
  }

  private intern(kernel: Int32Array): DState {
    const key = kernel.join(',');
    let d = this.states.get(key);
    if (d === undefined) {
      d = { kernel, ascii: new Array(512), other: new Map(), atEnd: new Int8Array(4).fill(-1) };
      this.states.set(key, d);
    }
    return d;
  }

  private step(from: DState, prev: number, c: number, key: number): DState {
    const { states, matched } = this.closure(from.kernel, prev, c);
    let next: DState;
    if (matched) next = MATCHED;
    else {
      const gen = this.nextGeneration();
      const targets: number[] = [];
      for (const s of states) {
        if (contains(this.sets[s]!, c)) {
          const t = this.out1[s]!;
          if (this.mark[t] !== gen) {
            this.mark[t] = gen;
            targets.push(t);
          }
        }
      }
      targets.sort((a, b) => a - b);
      if (this.states.size >= MAX_DFA_STATES || this.transitions >= MAX_DFA_TRANSITIONS) {
        // Drop the cache; `from` stays valid for this step and is simply no longer shared.
        this.resetCache();
        return this.intern(Int32Array.from(targets));
      }
      next = this.intern(Int32Array.from(targets));
    }
    this.transitions++;
    if (c < 128) from.ascii[key] = next;
    else from.other.set(key, next);
    return next;
  }

  private nextGeneration(): number {
    this.generation++;
    if (this.generation === 0x7fffffff) {
      this.mark.fill(0);
      this.generation = 1;
    }
    return this.generation;
  }

  /** Epsilon-closure of kernel ∪ {start} at a position between `prev` and `cur` (END past the last unit). */
  private closure(kernel: Int32Array, prev: number, cur: number): { states: number[]; matched: boolean } {
    const gen = this.nextGeneration();
    const stack: number[] = [this.start, ...kernel];
    const states: number[] = [];
    while (stack.length > 0) {
      const s = stack.pop()!;
      if (this.mark[s] === gen) continue;
      this.mark[s] = gen;
      switch (this.op[s]) {
        case OP_MATCH:
          return { states, matched: true };
        case OP_SET:
          states.push(s);
          break;
        case OP_SPLIT:
          stack.push(this.out2[s]!, this.out1[s]!);
          break;
        case OP_ASSERT:
          if (assertionHolds(this.asserts[s]!, prev, cur)) stack.push(this.out1[s]!);
          break;
      }
    }
    return { states, matched: false };
  }
}

function assertionHolds(kind: AssertKind, prev: number, cur: number): boolean {
  switch (kind) {
    case 'bot':
      return prev === PREV_START;
    case 'eot':
      return cur === END;
    case 'bol-m':
      return prev === PREV_START || prev === PREV_NEWLINE;
    case 'eol-m':
      return cur === END || cur === 0x0a;
    case 'wordb':
      return (prev === PREV_WORD) !== (cur !== END && isWordUnit(cur));
    case 'nwordb':
      return (prev === PREV_WORD) === (cur !== END && isWordUnit(cur));
  }
}
