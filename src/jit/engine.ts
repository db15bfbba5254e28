import type { NetworkAdapter } from './adapter.ts';
import { type Clock, systemClock } from './clock.ts';
import { type EnableInput, type EnableResult, enable } from './enable.ts';
import type { JitEvent } from './events.ts';
import type { LockOptions } from './lock.ts';
import { type ReconcileReport, reconcile } from './reconcile.ts';
import { type RequestInput, type RequestResult, request } from './request.ts';
import { type RevokeInput, type RevokeResult, revoke } from './revoke.ts';
import { type Notice, openSession, type Session } from './session.ts';
import type { EnabledVm, Grant } from './state.ts';

export interface JitEngineOptions {
  stateDir: string;
  adapter: NetworkAdapter;
  clock?: Clock;
  lock?: LockOptions;
}

/** What an operation did, with what the reconcile before it did and what a person should be told. */
export interface Outcome<T> {
  result: T;
  reconcile: ReconcileReport;
  notices: Notice[];
}

export interface JitView {
  enabled: EnabledVm[];
  grants: Grant[];
  events: JitEvent[];
}

export interface WatchOptions {
  signal?: AbortSignal;
  /** Waits the given time; a fake clock's sleep advances the clock. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Longest wait between passes, so rules changed by others are caught too (default 60 s). */
  maxWaitMs?: number;
  onPass?: (outcome: Outcome<ReconcileReport>) => void;
}

/**
 * JIT VM access over a state directory and a network adapter. Every operation takes the state lock, rebuilds
 * the state from the journal, reconciles the NSGs with it, and only then does its work; nothing is kept in
 * memory between operations, so a new process picks up exactly where a crashed one stopped.
 */
export class JitEngine {
  readonly #options: JitEngineOptions;
  readonly #clock: Clock;

  constructor(options: JitEngineOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
  }

  /**
   * Enables, then reconciles again. Defender's open requests for the VM that the input carries (status
   * Initiated, ending later, their allow rule in the VM's NSG) become grants and are kept until they end, as
   * Azure keeps them; every other JIT allow rule in the VM's NSGs that no grant accounts for is removed at once.
   */
  enable(input: EnableInput): Promise<Outcome<EnableResult & { cleanup?: ReconcileReport }>> {
    return this.#run(async (s) => {
      const result = await enable(s, input);
      return result.enabled ? { ...result, cleanup: await reconcile(s) } : result;
    });
  }

  request(input: RequestInput): Promise<Outcome<RequestResult>> {
    return this.#run((s) => request(s, input));
  }

  revoke(input: RevokeInput): Promise<Outcome<RevokeResult>> {
    return this.#run((s) => revoke(s, input));
  }

  async reconcile(): Promise<Outcome<ReconcileReport>> {
    const outcome = await this.#run(async () => undefined);
    return { ...outcome, result: outcome.reconcile };
  }

  list(): Promise<Outcome<JitView>> {
    return this.#run(async (s) => ({
      enabled: [...s.state.enabled.values()],
      grants: [...s.state.grants.values()],
      events: [...s.events],
    }));
  }

  /** Reconciles at every expiry (and at least every `maxWaitMs`) until the signal aborts. */
  async watch(options: WatchOptions = {}): Promise<void> {
    const maxWait = options.maxWaitMs ?? 60_000;
    const sleep = options.sleep ?? defaultSleep;
    while (!options.signal?.aborted) {
      const outcome = await this.reconcile();
      options.onPass?.(outcome);
      const deadline = outcome.result.nextDeadline;
      const until = deadline === undefined ? maxWait : Date.parse(deadline) - this.#clock.now().getTime();
      if (options.signal?.aborted) return;
      await sleep(Math.max(0, Math.min(maxWait, until)), options.signal);
    }
  }

  async #run<T>(operation: (session: Session) => Promise<T>): Promise<Outcome<T>> {
    const { stateDir, adapter, lock } = this.#options;
    const session = await openSession(stateDir, adapter, this.#clock, lock);
    try {
      const before = await reconcile(session);
      const result = await operation(session);
      return { result, reconcile: before, notices: session.notices };
    } finally {
      await session.close();
    }
  }
}

async function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  const { setTimeout } = await import('node:timers/promises');
  await setTimeout(ms, undefined, { signal }).catch((e: unknown) => {
    if ((e as { name?: string }).name !== 'AbortError') throw e;
  });
}
