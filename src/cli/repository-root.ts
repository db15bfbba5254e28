import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The repository a directory is in: the nearest directory at or above it holding `.git` (a directory,
 * or a file in a worktree or submodule); the directory itself when none does. SARIF paths are written
 * relative to it, as GitHub code scanning reads them.
 */
export function repositoryRoot(dir: string): string {
  const start = resolve(dir);
  for (let at = start; ; at = dirname(at)) {
    if (existsSync(join(at, '.git'))) return at;
    if (dirname(at) === at) return start;
  }
}
