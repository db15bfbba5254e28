import { existsSync } from 'node:fs';
import { mkdtemp, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeDirectories } from '../../src/util/make-directories.ts';

const scratch = await mkdtemp(join(tmpdir(), 'vigil-mkdirs-'));

describe('makeDirectories', () => {
  it('creates the missing chain and names the first directory it made', async () => {
    const dir = join(scratch, 'a', 'b', 'c');
    expect(await makeDirectories(dir, 0o700)).toBe(join(scratch, 'a'));
    expect((await stat(dir)).isDirectory()).toBe(true);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect(await makeDirectories(dir)).toBeUndefined();
  });

  it('refuses a path through a file', async () => {
    const file = join(scratch, 'file');
    await writeFile(file, 'x');
    await expect(makeDirectories(file)).rejects.toMatchObject({ code: 'EEXIST' });
    await expect(makeDirectories(join(file, 'd'))).rejects.toMatchObject({ code: 'ENOTDIR' });
  });

  // Node 20's recursive mkdir never returns here (procfs answers ENOENT under /proc).
  it.skipIf(!existsSync('/proc/self'))(
    'reports a directory that refuses new entries instead of hanging',
    async () => {
      await expect(makeDirectories('/proc/vigil-test/state')).rejects.toMatchObject({ code: 'ENOENT' });
    },
  );
});
