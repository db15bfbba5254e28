/**
 * Where JIT gets the time. Grants expire by this clock, so tests and simulations pass a fake one; the lock's
 * staleness checks use the real time on purpose, since they are about live processes, not grants.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
