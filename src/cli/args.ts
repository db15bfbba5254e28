import { UsageError } from './io.ts';

export interface OptionSpec {
  type: 'string' | 'boolean' | 'list';
  short?: string;
}

export interface ParsedArgs {
  options: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/**
 * Command-line parsing in the style the docs show (`--definitions <file|dir>...`): a `list`
 * option takes every following word up to the next option, and may also be repeated.
 * `--name=value` works for every option; `--` ends options.
 */
export function parseCommandLine(args: readonly string[], spec: Record<string, OptionSpec>): ParsedArgs {
  const byShort = new Map(
    Object.entries(spec).flatMap(([name, s]) => (s.short ? [[s.short, name] as const] : [])),
  );
  const options: ParsedArgs['options'] = {};
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const name = flag.startsWith('--') ? flag.slice(2) : byShort.get(flag.slice(1));
    const option = name !== undefined ? spec[name] : undefined;
    if (name === undefined || option === undefined) throw new UsageError(`unknown option '${flag}'`);
    if (option.type === 'boolean') {
      if (eq > 0) throw new UsageError(`option '${flag}' takes no value`);
      options[name] = true;
      continue;
    }
    const values: string[] = [];
    if (eq > 0) values.push(arg.slice(eq + 1));
    else {
      while (i + 1 < args.length && (!args[i + 1]!.startsWith('-') || args[i + 1] === '-')) {
        values.push(args[++i]!);
        if (option.type === 'string') break;
      }
    }
    if (values.length === 0) throw new UsageError(`option '${flag}' needs a value`);
    if (option.type === 'string') {
      if (options[name] !== undefined) throw new UsageError(`option '${flag}' given twice`);
      options[name] = values[0]!;
    } else options[name] = [...((options[name] as string[] | undefined) ?? []), ...values];
  }
  return { options, positionals };
}

export function stringOption(parsed: ParsedArgs, name: string): string | undefined {
  const v = parsed.options[name];
  return typeof v === 'string' ? v : undefined;
}

export function listOption(parsed: ParsedArgs, name: string): string[] {
  const v = parsed.options[name];
  return Array.isArray(v) ? v : [];
}

export function flagOption(parsed: ParsedArgs, name: string): boolean {
  return parsed.options[name] === true;
}
