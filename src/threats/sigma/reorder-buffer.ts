/**
 * Holds items for `windowMs` of event time and releases them in timestamp order (ties in arrival order):
 * an item is released once an item at least `windowMs` newer has arrived. An item older than the last one
 * released is "late": the buffer cannot place it, and the caller decides what to do with it.
 */
export class ReorderBuffer<T> {
  private readonly heap: { time: number; seq: number; item: T }[] = [];
  private seq = 0;
  private newest = Number.NEGATIVE_INFINITY;
  private released = Number.NEGATIVE_INFINITY;

  constructor(private readonly windowMs: number) {}

  get size(): number {
    return this.heap.length;
  }

  isLate(time: number): boolean {
    return time < this.released;
  }

  /** Stream time up to which everything has been released: the newest time seen, less the window. */
  get watermark(): number {
    return this.newest - this.windowMs;
  }

  /** Adds an item; returns the items now due, oldest first. */
  push(time: number, item: T): T[] {
    this.insert({ time, seq: this.seq++, item });
    return this.observe(time);
  }

  /** Notes that the stream has reached `time` (an event without items); returns the items now due. */
  observe(time: number): T[] {
    if (time > this.newest) this.newest = time;
    const due: T[] = [];
    const limit = this.watermark;
    while (this.heap.length > 0 && this.heap[0]!.time <= limit) due.push(this.pop());
    return due;
  }

  /** Everything still held, oldest first. */
  drain(): T[] {
    const out: T[] = [];
    while (this.heap.length > 0) out.push(this.pop());
    return out;
  }

  private insert(node: { time: number; seq: number; item: T }): void {
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

function before(a: { time: number; seq: number }, b: { time: number; seq: number }): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}
