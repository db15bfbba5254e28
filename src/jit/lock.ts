import { randomUUID } from 'node:crypto';
import { open, readFile, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';

/**
 * One Vigil process at a time changes a JIT state directory. The lock is a file created with O_EXCL holding
 * the owner's pid, host and a random token. A lock whose process is gone (same host) is stale and is broken;
 * breaking goes through a second O_EXCL file and re-reads the token, so two processes that both find the
 * same stale lock cannot both take it, nor delete a fresh one. On another host the pid cannot be checked, so
 * its lock counts as stale only after `foreignStaleMs` (the lock is meant for one machine; a shared network
 * directory is not supported).
 */
export interface LockOptions {
  /** How long to wait for another process to finish (default 30 s). */
  timeoutMs?: number;
  pollMs?: number;
  foreignStaleMs?: number;
}

export interface LockHolder {
  pid: number;
  host: string;
  since: string;
  token: string;
}

export interface HeldLock {
  /** Set when a stale lock was broken to take this one: whose it was and why it was stale. */
  recovered: { holder: LockHolder | undefined; reason: string } | undefined;
  release(): Promise<void>;
}

export class LockTimeoutError extends Error {
  constructor(
    readonly file: string,
    readonly holder: LockHolder | undefined,
  ) {
    super(
      holder
        ? `${file} is held by process ${holder.pid} on ${holder.host} since ${holder.since}; try again when it is done`
        : `${file} is held by another process; try again when it is done`,
    );
    this.name = 'LockTimeoutError';
  }
}

/** A lock file being written by its owner has no content for a moment; only an old empty one is stale. */
const UNREADABLE_GRACE_MS = 5_000;
const BREAK_GUARD_STALE_MS = 10_000;

export async function acquireLock(file: string, options: LockOptions = {}): Promise<HeldLock> {
  const timeout = options.timeoutMs ?? 30_000;
  const poll = options.pollMs ?? 20;
  const foreignStale = options.foreignStaleMs ?? 10 * 60_000;
  const deadline = Date.now() + timeout;
  const me: LockHolder = {
    pid: process.pid,
    host: hostname(),
    since: new Date().toISOString(),
    token: randomUUID(),
  };
  let recovered: HeldLock['recovered'];
  for (;;) {
    if (await tryCreate(file, me)) return { recovered, release: () => release(file, me.token) };
    const found = await readHolder(file);
    if (found) {
      const reason = staleReason(found, foreignStale);
      if (reason && (await breakLock(file, found))) {
        recovered = { holder: found.holder, reason };
        continue;
      }
    }
    if (Date.now() >= deadline) throw new LockTimeoutError(file, found?.holder);
    await delay(poll);
  }
}

async function tryCreate(file: string, me: LockHolder): Promise<boolean> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, 'wx', 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    await handle.writeFile(JSON.stringify(me));
    await handle.sync();
  } finally {
    await handle.close();
  }
  return true;
}

interface Found {
  holder: LockHolder | undefined;
  text: string;
  ageMs: number;
}

async function readHolder(file: string): Promise<Found | undefined> {
  try {
    const [text, info] = await Promise.all([readFile(file, 'utf8'), stat(file)]);
    return { holder: parseHolder(text), text, ageMs: Date.now() - info.mtimeMs };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (
      typeof value.pid === 'number' &&
      typeof value.host === 'string' &&
      typeof value.since === 'string' &&
      typeof value.token === 'string'
    )
      return value as LockHolder;
  } catch {
    // unreadable: judged by age below
  }
  return undefined;
}

function staleReason(found: Found, foreignStaleMs: number): string | undefined {
  const holder = found.holder;
  if (!holder)
    return found.ageMs > UNREADABLE_GRACE_MS
      ? 'the lock file is unreadable and was not written recently'
      : undefined;
  if (holder.host === hostname())
    return isAlive(holder.pid) ? undefined : `process ${holder.pid} no longer runs`;
  return found.ageMs > foreignStaleMs
    ? `held by host ${holder.host} for longer than ${Math.round(foreignStaleMs / 1000)} s`
    : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Deletes the stale lock only if it is still the one judged stale; false when another process got there first. */
async function breakLock(file: string, stale: Found): Promise<boolean> {
  const guard = `${file}.break`;
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(guard, 'wx', 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    // A breaker that died leaves its guard behind; an old guard is removed so breaking can go on.
    const info = await stat(guard).catch(() => undefined);
    if (info && Date.now() - info.mtimeMs > BREAK_GUARD_STALE_MS) await unlink(guard).catch(() => undefined);
    return false;
  }
  await handle.close();
  try {
    const now = await readHolder(file);
    if (!now || now.text !== stale.text) return false;
    await unlink(file);
    return true;
  } finally {
    await unlink(guard).catch(() => undefined);
  }
}

async function release(file: string, token: string): Promise<void> {
  const found = await readHolder(file);
  if (found?.holder?.token === token) await unlink(file);
}
