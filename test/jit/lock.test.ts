import { spawnSync } from 'node:child_process';
import { mkdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireLock, LockTimeoutError } from '../../src/jit/lock.ts';
import { cleanup, stateDir } from './support/estate.ts';

afterEach(cleanup);

async function lockFile(): Promise<string> {
  const dir = await stateDir();
  await mkdir(dir, { recursive: true });
  return join(dir, 'lock');
}

/** The pid of a process that has exited: nothing runs under it now. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

describe('the state lock', () => {
  it('lets one holder in at a time, and the next in once it is released', async () => {
    const file = await lockFile();
    const first = await acquireLock(file);
    const order: string[] = [];
    const second = acquireLock(file, { pollMs: 5 }).then((held) => {
      order.push('second');
      return held;
    });
    await new Promise((r) => setTimeout(r, 50));
    order.push('first releases');
    await first.release();
    await (await second).release();
    expect(order).toEqual(['first releases', 'second']);
  });

  it('names the holder when it gives up waiting', async () => {
    const file = await lockFile();
    const held = await acquireLock(file);
    const error = await acquireLock(file, { timeoutMs: 50, pollMs: 5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockTimeoutError);
    expect((error as Error).message).toContain(`held by process ${process.pid} on ${hostname()}`);
    await held.release();
  });

  it('breaks the lock of a process that no longer runs, and says whose it was', async () => {
    const file = await lockFile();
    const pid = deadPid();
    await writeFile(
      file,
      JSON.stringify({ pid, host: hostname(), since: '2025-03-01T10:00:00Z', token: 'old' }),
    );
    const held = await acquireLock(file, { timeoutMs: 1000 });
    expect(held.recovered).toEqual({
      holder: { pid, host: hostname(), since: '2025-03-01T10:00:00Z', token: 'old' },
      reason: `process ${pid} no longer runs`,
    });
    expect(JSON.parse(await readFile(file, 'utf8')).pid).toBe(process.pid);
    await held.release();
  });

  it('breaks an unreadable lock file only once it is old', async () => {
    const file = await lockFile();
    await writeFile(file, '');
    await expect(acquireLock(file, { timeoutMs: 60, pollMs: 5 })).rejects.toBeInstanceOf(LockTimeoutError);
    const old = new Date(Date.now() - 60_000);
    await utimes(file, old, old);
    const held = await acquireLock(file, { timeoutMs: 1000 });
    expect(held.recovered?.reason).toContain('unreadable');
    await held.release();
  });

  it("waits for another host's lock until it is older than the limit", async () => {
    const file = await lockFile();
    await writeFile(
      file,
      JSON.stringify({ pid: 1, host: 'elsewhere', since: '2025-03-01T10:00:00Z', token: 't' }),
    );
    await expect(acquireLock(file, { timeoutMs: 60, pollMs: 5 })).rejects.toBeInstanceOf(LockTimeoutError);
    const held = await acquireLock(file, { timeoutMs: 1000, foreignStaleMs: 0 });
    expect(held.recovered?.reason).toContain('held by host elsewhere');
    await held.release();
  });

  it('lets only one of many waiters break the same stale lock', async () => {
    const file = await lockFile();
    await writeFile(file, JSON.stringify({ pid: deadPid(), host: hostname(), since: 'then', token: 'old' }));
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        const held = await acquireLock(file, { pollMs: 2 });
        inside++;
        most = Math.max(most, inside);
        await new Promise((r) => setTimeout(r, 5));
        inside--;
        await held.release();
      }),
    );
    expect(most).toBe(1);
  });
});
