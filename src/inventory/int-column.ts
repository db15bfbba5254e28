/** A growable array of 32-bit ints: one value per Inventory entry at 4 bytes, where an object field costs far more. */
export class IntColumn {
  #data: Int32Array;
  #length = 0;

  constructor(
    private readonly fill = 0,
    capacity = 1024,
  ) {
    this.#data = new Int32Array(capacity).fill(fill);
  }

  get length(): number {
    return this.#length;
  }

  get(index: number): number {
    return index < this.#length ? this.#data[index]! : this.fill;
  }

  set(index: number, value: number): void {
    if (index >= this.#data.length) this.#reserve(index + 1);
    if (index >= this.#length) this.#length = index + 1;
    this.#data[index] = value;
  }

  push(value: number): void {
    this.set(this.#length, value);
  }

  /** Keeps the first `length` values. */
  truncate(length: number): void {
    this.#data.fill(this.fill, length, this.#length);
    this.#length = Math.min(this.#length, length);
  }

  #reserve(capacity: number): void {
    let size = this.#data.length;
    while (size < capacity) size *= 2;
    const data = new Int32Array(size).fill(this.fill);
    data.set(this.#data);
    this.#data = data;
  }
}
