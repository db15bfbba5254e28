import { createReadStream } from 'node:fs';
import { LineSplitter } from '../src/sources/snapshot/lines.ts';

/** CPU time of this process so far, in milliseconds: fairer than wall time on a shared machine. */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** The log benches' baseline: stream the file and cut it into line strings, as the parsers' reader does. */
export async function splitLines(path: string): Promise<number> {
  let lines = 0;
  const count = (): void => {
    lines++;
  };
  const splitter = new LineSplitter(() => {});
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 18 }))
    splitter.push(chunk as Buffer, count);
  splitter.end(count);
  return lines;
}
