import type { Command } from './command.ts';
import { benchmarkExportCommand, benchmarkListCommand } from './commands/benchmark.ts';
import { detectCommand } from './commands/detect.ts';
import { JIT_COMMANDS } from './commands/jit.ts';
import { netExposureCommand } from './commands/net-exposure.ts';
import { netPathsCommand } from './commands/net-paths.ts';
import { netVerifyCommand } from './commands/net-verify.ts';
import { policyEvalCommand } from './commands/policy-eval.ts';
import { scanCommand } from './commands/scan.ts';
import { templateExpandCommand } from './commands/template-expand.ts';
import { EXIT_BAD_INPUT, type Io, processIo, UsageError } from './io.ts';

const COMMANDS: Command[] = [scanCommand, policyEvalCommand, benchmarkListCommand, benchmarkExportCommand];
COMMANDS.push(templateExpandCommand);
COMMANDS.push(netVerifyCommand, netExposureCommand, netPathsCommand);
COMMANDS.push(...JIT_COMMANDS);
COMMANDS.push(detectCommand);

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.out(overview());
    return argv.length === 0 ? EXIT_BAD_INPUT : 0;
  }
  const command = COMMANDS.find((c) => c.path.every((word, i) => argv[i] === word));
  if (!command) {
    // `vigil jit --help` asks about a group of commands: answer with the group, not "unknown command".
    const group = COMMANDS.filter((c) => c.path.length > 1 && c.path[0] === argv[0]);
    if (group.length > 0 && (argv[1] === '--help' || argv[1] === '-h')) {
      io.out(overview(group));
      return 0;
    }
    const what =
      group.length === 0
        ? `unknown command '${argv[0]}'`
        : argv[1] === undefined
          ? `'${argv[0]}' needs one of its commands`
          : `unknown command '${argv[0]} ${argv[1]}'`;
    io.err(`vigil: ${what}\n\n${overview(group.length > 0 ? group : COMMANDS)}`);
    return EXIT_BAD_INPUT;
  }
  const args = argv.slice(command.path.length);
  if (args.includes('--help') || args.includes('-h')) {
    io.out(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`vigil ${command.path.join(' ')}: ${e.message}\n\n${command.usage}\n`);
      return EXIT_BAD_INPUT;
    }
    // A file the system refused (permissions, a directory where a file goes, a full disk) is the
    // user's to fix: its message names the path, and a stack trace would only bury it.
    if (isSystemError(e)) {
      io.err(`vigil ${command.path.join(' ')}: error: ${e.message}\n`);
      return EXIT_BAD_INPUT;
    }
    throw e;
  }
}

function isSystemError(e: unknown): e is NodeJS.ErrnoException {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && 'syscall' in e;
}

function overview(commands: Command[] = COMMANDS): string {
  const width = Math.max(...commands.map((c) => c.path.join(' ').length));
  const lines = commands.map((c) => `  ${c.path.join(' ').padEnd(width)}  ${c.summary}`);
  return `Vigil: posture management and threat protection for Azure virtual machines.\n\nUsage: vigil <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun 'vigil <command> --help' for a command's options.\n`;
}
