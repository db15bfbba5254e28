import { existsSync, mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from '../../src/cli/repository-root.ts';

describe('repositoryRoot', () => {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'vigil-root-')));
  const clone = join(base, 'clone');
  const worktree = join(base, 'worktree');
  const plain = join(base, 'plain');
  mkdirSync(join(clone, '.git'), { recursive: true });
  mkdirSync(join(clone, 'infra', 'net'), { recursive: true });
  mkdirSync(join(worktree, 'infra'), { recursive: true });
  writeFileSync(join(worktree, '.git'), 'gitdir: /elsewhere/.git/worktrees/w\n');
  mkdirSync(join(plain, 'infra'), { recursive: true });

  it.each([
    ['the clone itself', clone, clone],
    ['a directory deep in a clone', join(clone, 'infra', 'net'), clone],
    ['a worktree, whose .git is a file', join(worktree, 'infra'), worktree],
  ])('finds the repository of %s', (_what, dir, root) => {
    expect(repositoryRoot(dir)).toBe(root);
  });

  // tmpdir() may itself be inside a repository on a developer machine.
  const above: string[] = [base];
  while (dirname(above.at(-1)!) !== above.at(-1)) above.push(dirname(above.at(-1)!));
  const inRepository = above.some((d) => existsSync(join(d, '.git')));
  it.skipIf(inRepository)('is the directory itself outside any repository', () => {
    expect(repositoryRoot(join(plain, 'infra'))).toBe(join(plain, 'infra'));
  });
});
