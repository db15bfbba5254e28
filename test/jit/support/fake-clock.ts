import type { Clock } from '../../../src/jit/clock.ts';

/** A clock that moves only when told to. */
export class FakeClock implements Clock {
  #ms: number;

  constructor(iso: string) {
    this.#ms = Date.parse(iso);
  }

  now(): Date {
    return new Date(this.#ms);
  }

  advance(ms: number): void {
    this.#ms += ms;
  }

  set(iso: string): void {
    this.#ms = Date.parse(iso);
  }
}
