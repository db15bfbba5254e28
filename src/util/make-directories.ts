import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * `mkdir -p`, returning the first directory it created (undefined when all existed). Not Node's
 * `mkdir(dir, { recursive: true })`: on Node 20 that never returns under a directory that refuses new entries
 * with ENOENT (procfs: `/proc/x/y`), where this reports the error once the parent is known to exist.
 */
export async function makeDirectories(dir: string, mode?: number): Promise<string | undefined> {
  try {
    await mkdir(dir, { mode });
    return dir;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      if ((await stat(dir)).isDirectory()) return undefined;
      throw e;
    }
    const parent = dirname(dir);
    if (code !== 'ENOENT' || parent === dir) throw e;
    const first = await makeDirectories(parent, mode);
    // The parent exists now: a second refusal is the directory's own, and is the answer.
    await mkdir(dir, { mode });
    return first ?? dir;
  }
}
