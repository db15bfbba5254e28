import type { Io } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';

/** Runs the CLI as the binary would, with its output and errors caught in strings. */
export async function runCli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => (out += t), err: (t) => (err += t) };
  const code = await main(args, io);
  return { code, out, err };
}
