/**
 * Holds items for `windowMs` of event time and releases them in timestamp order (ties in arrival order):
 * an item is released once an item at least `windowMs` newer has arrived. An item older than the last one
 * released is "late": the buffer cannot place it, and the caller decides what to do with it.
 *
 * Logs are mostly in order, so items that arrive in time order go to a queue (appended and taken in constant
 * time); only an item older than the queue's newest goes to a heap. Releasing takes the earlier of the two
 * fronts.
 */
export class ReorderBuffer<T> {
  private readonly heap: Node<T>[] = [];
  // The in-order queue as parallel arrays (times unboxed): no object per item while it waits.
  private runTimes: number[] = [];
  private runSeqs: number[] = [];
  private runItems: T[] = [];
  private runHead = 0;
  private seq = 0;
  private newest = Number.NEGATIVE_INFINITY;
  private released = Number.NEGATIVE_INFINITY;

  constructor(private readonly windowMs: number) {}

  get size(): number {
    return this.heap.length + this.runTimes.length - this.runHead;
  }

  isLate(time: number): boolean {
    return time < this.released;
  }

  /** Stream time up to which everything has been released: the newest time seen, less the window. */
  get watermark(): number {
    return this.newest - this.windowMs;
  }

  /** Adds an item; returns the items now due, oldest first (do not keep or change the list). */
  push(time: number, item: T): readonly T[] {
    const times = this.runTimes;
    if (this.runHead === times.length || times[times.length - 1]! <= time) {
      times.push(time);
      this.runSeqs.push(this.seq++);
      this.runItems.push(item);
    } else this.insert({ time, seq: this.seq++, item });
    return this.observe(time);
  }

  /** Notes that the stream has reached `time` (an event without items); returns the items now due. */
  observe(time: number): readonly T[] {
    if (time > this.newest) this.newest = time;
    const limit = this.watermark;
    // Most pushes release nothing (always so with an infinite window): no list is made for them.
    if (!(this.frontTime() <= limit)) return NOTHING;
    const due: T[] = [];
    while (this.frontTime() <= limit) due.push(this.take());
    return due;
  }

  /** Everything still held, oldest first. */
  drain(): T[] {
    const out: T[] = [];
    while (this.size > 0) out.push(this.take());
    return out;
  }

  /** The earliest time held; Infinity when empty. */
  private frontTime(): number {
    const queued =
      this.runHead < this.runTimes.length ? this.runTimes[this.runHead]! : Number.POSITIVE_INFINITY;
    const heaped = this.heap.length > 0 ? this.heap[0]!.time : Number.POSITIVE_INFINITY;
    return Math.min(queued, heaped);
  }

  /** Removes and returns the earliest item (the earlier of the queue's and the heap's fronts). */
  private take(): T {
    const h = this.heap[0];
    const head = this.runHead;
    if (
      head === this.runTimes.length ||
      (h !== undefined &&
        (h.time < this.runTimes[head]! || (h.time === this.runTimes[head]! && h.seq < this.runSeqs[head]!)))
    ) {
      return this.pop();
    }
    const time = this.runTimes[head]!;
    const item = this.runItems[head]!;
    this.runHead = head + 1;
    if (this.runHead === this.runTimes.length) {
      this.runTimes = [];
      this.runSeqs = [];
      this.runItems = [];
      this.runHead = 0;
    } else if (this.runHead > 1024 && this.runHead * 2 > this.runTimes.length) {
      this.runTimes = this.runTimes.slice(this.runHead);
      this.runSeqs = this.runSeqs.slice(this.runHead);
      this.runItems = this.runItems.slice(this.runHead);
      this.runHead = 0;
    }
    if (time > this.released) this.released = time;
    return item;
  }

  private insert(node: Node<T>): void {
    const h = this.heap;
    h.push(node);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  private pop(): T {
    const h = this.heap;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l]!, h[m]!)) m = l;
        if (r < h.length && before(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    if (top.time > this.released) this.released = top.time;
    return top.item;
  }
}

const NOTHING: readonly never[] = Object.freeze([]);

interface Node<T> {
  time: number;
  seq: number;
  item: T;
}

function before(a: { time: number; seq: number }, b: { time: number; seq: number }): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}
