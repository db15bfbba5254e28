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
  // The in-order queue as a ring of parallel arrays (times unboxed): no object per item while it waits, and
  // no arrays made as the stream goes, since new items take the slots of those released (a queue copied into
  // new arrays as it moved was 4% of the bytes the bench allocated, and a third of its peak RSS). The ring
  // keeps the size of the largest window seen.
  private runTimes = new Float64Array(INITIAL_RING);
  private runSeqs = new Float64Array(INITIAL_RING);
  private runItems: (T | undefined)[] = new Array(INITIAL_RING).fill(undefined);
  /** Index of the queue's front; the ring's length is a power of two, so indexes wrap with a mask. */
  private runHead = 0;
  private runCount = 0;
  private seq = 0;
  private newest = Number.NEGATIVE_INFINITY;
  private released = Number.NEGATIVE_INFINITY;

  constructor(private readonly windowMs: number) {}

  get size(): number {
    return this.heap.length + this.runCount;
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
    const count = this.runCount;
    if (count === 0 || this.runTimes[(this.runHead + count - 1) & (this.runTimes.length - 1)]! <= time) {
      if (count === this.runTimes.length) this.grow();
      const at = (this.runHead + count) & (this.runTimes.length - 1);
      this.runTimes[at] = time;
      this.runSeqs[at] = this.seq++;
      this.runItems[at] = item;
      this.runCount = count + 1;
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
    const queued = this.runCount > 0 ? this.runTimes[this.runHead]! : Number.POSITIVE_INFINITY;
    const heaped = this.heap.length > 0 ? this.heap[0]!.time : Number.POSITIVE_INFINITY;
    return Math.min(queued, heaped);
  }

  /** Removes and returns the earliest item (the earlier of the queue's and the heap's fronts). */
  private take(): T {
    const h = this.heap[0];
    const head = this.runHead;
    if (
      this.runCount === 0 ||
      (h !== undefined &&
        (h.time < this.runTimes[head]! || (h.time === this.runTimes[head]! && h.seq < this.runSeqs[head]!)))
    ) {
      return this.pop();
    }
    const time = this.runTimes[head]!;
    const item = this.runItems[head] as T;
    // Released items are not held by their slot.
    this.runItems[head] = undefined;
    this.runHead = (head + 1) & (this.runTimes.length - 1);
    this.runCount--;
    if (time > this.released) this.released = time;
    return item;
  }

  /** Doubles the ring, its items moved to the front in queue order. */
  private grow(): void {
    const size = this.runTimes.length;
    const times = new Float64Array(size * 2);
    const seqs = new Float64Array(size * 2);
    const items: (T | undefined)[] = new Array(size * 2).fill(undefined);
    for (let i = 0; i < this.runCount; i++) {
      const from = (this.runHead + i) & (size - 1);
      times[i] = this.runTimes[from]!;
      seqs[i] = this.runSeqs[from]!;
      items[i] = this.runItems[from];
    }
    this.runTimes = times;
    this.runSeqs = seqs;
    this.runItems = items;
    this.runHead = 0;
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
/** The queue's first size (a power of two): a window of members mostly fits after a few doublings. */
const INITIAL_RING = 64;

interface Node<T> {
  time: number;
  seq: number;
  item: T;
}

function before(a: { time: number; seq: number }, b: { time: number; seq: number }): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}
