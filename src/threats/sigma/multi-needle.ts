/**
 * Finds which of many needles occur in a text, to pick per event the keyword and `contains` rules worth
 * evaluating, with Aho–Corasick: one table step per code unit (ASCII through a dense table, other code units
 * through the trie's edges and failure links), whatever the number of needles.
 *
 * Most texts contain no needle. For a few needles it is quicker to ask "any?" first with V8's regex engine
 * over the needles as one alternation of escaped literals — no classes, no quantifiers, so at each start
 * position it compares each literal once: at most (text length × total needle length) steps, which no input
 * can raise. Its cost grows with the number of alternatives, so past QUICK_CHECK_MAX needles the automaton
 * alone is faster.
 */
const QUICK_CHECK_MAX = 32;

export class MultiNeedle {
  /** Dense transitions for ASCII: state × 128 + code → state. */
  private readonly ascii: Int32Array;
  private readonly other: Map<number, number>[] = [];
  private readonly fail: number[] = [];
  /** Needle ids that end at each state, following dictionary suffix links. */
  private readonly outputs: number[][] = [];
  /** 1 where `outputs` is not empty: the hot loop reads one byte instead of an array. */
  private readonly emits: Uint8Array;

  private readonly any: RegExp | undefined;

  constructor(needles: readonly string[]) {
    if (needles.length <= QUICK_CHECK_MAX) {
      this.any = new RegExp(needles.map((n) => n.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')).join('|'));
    }
    const edges: Map<number, number>[] = [new Map()];
    const ends: number[][] = [[]];
    needles.forEach((needle, id) => {
      let s = 0;
      for (let i = 0; i < needle.length; i++) {
        const c = needle.charCodeAt(i);
        let t = edges[s]!.get(c);
        if (t === undefined) {
          t = edges.length;
          edges.push(new Map());
          ends.push([]);
          edges[s]!.set(c, t);
        }
        s = t;
      }
      ends[s]!.push(id);
    });
    const n = edges.length;
    this.ascii = new Int32Array(n * 128);
    this.emits = new Uint8Array(n);
    for (let s = 0; s < n; s++) {
      this.fail.push(0);
      this.outputs.push([]);
      this.other.push(new Map());
    }
    // Breadth-first: a state's failure link points to a shallower state, already complete.
    const queue: number[] = [0];
    for (let head = 0; head < queue.length; head++) {
      const s = queue[head]!;
      this.outputs[s] = [...ends[s]!, ...(s === 0 ? [] : this.outputs[this.fail[s]!]!)];
      this.emits[s] = this.outputs[s]!.length > 0 ? 1 : 0;
      // Without an edge, a code goes where it goes from the failure state (from the root: to the root, the
      // table's zero): that row is copied whole, then the state's own edges are written over it.
      const row = s * 128;
      if (s !== 0) this.ascii.copyWithin(row, this.fail[s]! * 128, this.fail[s]! * 128 + 128);
      for (const [c, t] of edges[s]!) {
        if (c < 128) {
          this.fail[t] = s === 0 ? 0 : this.ascii[row + c]!;
          this.ascii[row + c] = t;
        } else {
          this.other[s]!.set(c, t);
          this.fail[t] = s === 0 ? 0 : this.stepOther(this.fail[s]!, c);
        }
        queue.push(t);
      }
    }
  }

  /** Calls `found` with the id of every needle occurrence (a needle may be reported more than once). */
  scan(text: string, found: (id: number) => void): void {
    if (this.any !== undefined && !this.any.test(text)) return;
    const ascii = this.ascii;
    const emits = this.emits;
    let s = 0;
    for (let i = 0, n = text.length; i < n; i++) {
      const c = text.charCodeAt(i);
      s = c < 128 ? ascii[(s << 7) | c]! : this.stepOther(s, c);
      if (emits[s] === 1) {
        const out = this.outputs[s]!;
        for (let k = 0; k < out.length; k++) found(out[k]!);
      }
    }
  }

  private stepOther(state: number, c: number): number {
    let s = state;
    for (;;) {
      const t = this.other[s]!.get(c);
      if (t !== undefined) return t;
      if (s === 0) return 0;
      s = this.fail[s]!;
    }
  }
}
