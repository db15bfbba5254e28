import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { type Io, writeOut } from '../../src/cli/io.ts';

describe('writeOut', () => {
  it('waits for a full stream to drain instead of piling the output up in memory', async () => {
    // A pipe nobody reads yet: writes beyond its buffer must wait.
    const stream = new PassThrough({ highWaterMark: 1024 });
    let written = 0;
    const io: Io = {
      out: () => {
        throw new Error('write, not out, when the stream can say it is full');
      },
      err: () => {},
      write: (text) => {
        written += text.length;
        return stream.write(text) ? Promise.resolve() : new Promise((r) => stream.once('drain', r));
      },
    };
    const chunks = Array.from({ length: 40 }, () => 'x'.repeat(1 << 16));
    const done = writeOut(io, chunks);
    await new Promise((r) => setTimeout(r, 20));
    // Stalled after the buffer filled: far from everything is pending in the stream.
    expect(written).toBeLessThan(4 << 16);
    let read = 0;
    stream.on('data', (b: Buffer) => {
      read += b.length;
    });
    await done;
    expect(written).toBe(40 << 16);
    await new Promise((r) => setImmediate(r));
    expect(read).toBe(40 << 16);
  });

  it('uses out when there is nothing to wait for (tests, buffers)', async () => {
    let text = '';
    await writeOut({ out: (t) => (text += t), err: () => {} }, ['a', 'b', 'c']);
    expect(text).toBe('abc');
  });
});
