import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { NetworkAdapter } from './adapter.ts';
import type { Clock } from './clock.ts';
import { ensureStateDirectory } from './durable-file.ts';
import type { EventBody, JitEvent } from './events.ts';
import { Journal, JournalCorruptError } from './journal.ts';
import { acquireLock, type LockOptions } from './lock.ts';
import { JitState, StateError } from './state.ts';

/** Files of a JIT state directory. */
export const STATE_FILES = {
  journal: 'journal.jsonl',
  lock: 'lock',
  overlay: 'nsg-overlay.json',
  workspace: 'workspace.json',
} as const;

/** Whether anything was ever recorded in this state directory. */
export async function hasJournal(stateDir: string): Promise<boolean> {
  const info = await stat(join(stateDir, STATE_FILES.journal)).catch(() => undefined);
  return info !== undefined && info.size > 0;
}

export interface Notice {
  level: 'warning' | 'info';
  message: string;
}

/**
 * One JIT operation's hold on the state: the lock, the journal and the state folded from it, the adapter,
 * and the time the operation runs at. Everything a session records is on disk before `record` returns.
 */
export interface Session {
  readonly state: JitState;
  readonly adapter: NetworkAdapter;
  readonly now: Date;
  readonly events: readonly JitEvent[];
  readonly notices: Notice[];
  /** The sequence number the next event gets (grant IDs are made from it). */
  readonly nextSeq: number;
  record(body: EventBody, actor: string): Promise<JitEvent>;
}

export interface OpenedSession extends Session {
  close(): Promise<void>;
}

export async function openSession(
  stateDir: string,
  adapter: NetworkAdapter,
  clock: Clock,
  lockOptions?: LockOptions,
): Promise<OpenedSession> {
  await ensureStateDirectory(stateDir);
  const lock = await acquireLock(join(stateDir, STATE_FILES.lock), lockOptions);
  try {
    const notices: Notice[] = [];
    if (lock.recovered) {
      const h = lock.recovered.holder;
      notices.push({
        level: 'warning',
        message: `took over a stale lock${h ? ` of process ${h.pid} on ${h.host} (since ${h.since})` : ''}: ${lock.recovered.reason}; reconciling what it may have left`,
      });
    }
    const file = join(stateDir, STATE_FILES.journal);
    const { journal, events: read, torn } = await Journal.open(file);
    const state = new JitState();
    for (const event of read) {
      try {
        state.apply(event);
      } catch (e) {
        if (e instanceof StateError) throw new JournalCorruptError(file, event.seq, e.message);
        throw e;
      }
    }
    const events = [...read];
    const now = clock.now();
    const session: OpenedSession = {
      state,
      adapter,
      now,
      events,
      notices,
      get nextSeq() {
        return journal.seq;
      },
      async record(body, actor) {
        const event = await journal.append(body, actor, now);
        state.apply(event);
        events.push(event);
        return event;
      },
      close: () => lock.release(),
    };
    if (torn) {
      notices.push({
        level: 'warning',
        message: `${file}: line ${torn.line} was cut short (${torn.bytes} bytes, a crash while writing); it was set aside in ${torn.savedTo} and ignored`,
      });
      await session.record({ type: 'journal-repaired', ...torn }, 'vigil');
    }
    return session;
  } catch (e) {
    await lock.release();
    throw e;
  }
}
