import { describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/io.ts';
import { progress } from '../../src/cli/progress.ts';

const CLEAR = '\r\x1b[2K';

function io(isTTY: boolean): Io & { written: string[] } {
  const written: string[] = [];
  return { out: () => {}, err: (t) => written.push(t), errStream: { isTTY }, written };
}

describe('progress', () => {
  it('says nothing when standard error is not a terminal (pipes, CI logs)', () => {
    const target = io(false);
    const status = progress(target);
    status.step('Loading 1 snapshot input(s)');
    status.done();
    expect(target.written).toEqual([]);
  });

  it('on a terminal, rewrites one line and clears it when done', () => {
    const target = io(true);
    const status = progress(target);
    status.step('Assessing 3 resources');
    status.done();
    expect(target.written).toHaveLength(2);
    expect(target.written[0]!.startsWith(CLEAR)).toBe(true);
    expect(target.written[0]!.slice(CLEAR.length)).toMatch(/^Assessing 3 resources… \(\d+\.\ds\)$/);
    expect(target.written[1]).toBe(CLEAR);
  });

  it('prints a file name found in a directory inert', () => {
    const target = io(true);
    progress(target).step('Expanding infra/\x1b]0;owned\x07\u202ejson.exe');
    const [line] = target.written;
    expect(line).toContain('Expanding infra/\\x1b]0;owned\\x07\\u202ejson.exe…');
    // The only escape sequence is progress's own line clear.
    expect(line!.replace(CLEAR, '')).not.toMatch(/[\p{Cc}\u202a-\u202e]/u);
  });
});
