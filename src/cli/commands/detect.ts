import { readFile } from 'node:fs/promises';
import { alertLine, detectTrailerLines, renderDetectJson } from '../../report/detect-json.ts';
import { renderDetectTable } from '../../report/detect-table.ts';
import { styleFor } from '../../report/style.ts';
import { ALERT_SEVERITIES, type AlertSeverity, severityRank } from '../../threats/alerts/index.ts';
import { type DetectOptions, detect } from '../../threats/detect.ts';
import { BuiltinRulesError, ThresholdError } from '../../threats/rules/index.ts';
import { formatInputError } from '../../util/input-error.ts';
import { parseJsonText } from '../../util/parse-json.ts';
import { flagOption, listOption, parseCommandLine, stringOption } from '../args.ts';
import type { Command } from '../command.ts';
import { EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK, type Io, UsageError } from '../io.ts';
import { parseIsoTime } from '../iso-time.ts';

const FORMATS = ['table', 'json', 'jsonl'] as const;
type Format = (typeof FORMATS)[number];

const USAGE = `Usage: vigil detect <log file|dir|->... [options]

Reads logs (Linux auth.log/syslog, journald JSON, auditd, Sysmon for Linux, Windows Security events,
Log Analytics exports, Azure Activity Log, NSG flow logs; .gz, .zip and directories too; - for standard input),
runs Vigil's built-in Sigma rules and yours over them, and reports alerts with severity, MITRE ATT&CK
tactics and techniques and their entities, and the incidents that tie related alerts together.

Options:
  --rules <file|dir>...     your Sigma rules, added to the built-in pack
  --no-builtin              run only the rules given with --rules
  --intel <file|dir>...     threat intelligence feeds: IP/CIDR lists, STIX 2.1 bundles
  --format <table|json|jsonl>  output (default table); jsonl prints each alert as soon as it is final
                            (reading standard input, as the stream goes; reading files, at the end)
  --since <time>            only events at or after this time: 2026-05-01, 2026-05-01T08:00:00Z, or 24h / 7d ago
  --until <time>            only events before this time (same forms)
  --year <yyyy>             the year of the first line of syslog files, whose timestamps have none
                            (default: from each file's modification time)
  --thresholds <file.json>  counting thresholds, e.g. {"sshBruteForce": {"count": 8, "windowMinutes": 2}}
  --fail-on <High|Medium|Low|Informational>  exit 1 when an alert at or above this severity is raised

--rules and --intel take every word up to the next option: give the logs first, or after --.

Problems with inputs, rule files or feeds are printed on standard error with file and line; the rest
still runs. Exit status: 0 done (no alert at --fail-on), 1 an alert at or above --fail-on, 2 bad input.`;

export const detectCommand: Command = {
  path: ['detect'],
  summary: 'threat detection on logs: alerts with MITRE ATT&CK context, and incidents',
  usage: USAGE,
  async run(args: string[], io: Io): Promise<number> {
    const parsed = parseCommandLine(args, OPTIONS);
    const inputs = parsed.positionals;
    if (inputs.length === 0) throw new UsageError('give at least one log file or directory (or - for stdin)');
    const format = (stringOption(parsed, 'format') ?? 'table') as Format;
    if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
    const failOn = severityOption(stringOption(parsed, 'fail-on'));
    const builtin = !flagOption(parsed, 'no-builtin');
    const rules = listOption(parsed, 'rules');
    if (!builtin && rules.length === 0)
      throw new UsageError('--no-builtin needs --rules: there would be no rule to run');

    const now = new Date();
    const options: DetectOptions = { builtin, rules, intel: listOption(parsed, 'intel') };
    const since = timeOption(stringOption(parsed, 'since'), '--since', now);
    const until = timeOption(stringOption(parsed, 'until'), '--until', now);
    if (since && until && since >= until) throw new UsageError('--since must be before --until');
    if (since) options.since = since;
    if (until) options.until = until;
    const year = stringOption(parsed, 'year');
    if (year !== undefined) {
      if (!/^\d{4}$/.test(year) || Number(year) < 1970)
        throw new UsageError(`--year '${year}' is not a year`);
      options.year = Number(year);
    }
    const thresholdsFile = stringOption(parsed, 'thresholds');
    if (thresholdsFile !== undefined) {
      const thresholds = await readThresholds(thresholdsFile, io);
      if (thresholds === undefined) return EXIT_BAD_INPUT;
      options.thresholds = thresholds as DetectOptions['thresholds'] & object;
    }
    if (format === 'jsonl') options.onAlert = (alert) => io.out(alertLine(alert));

    let result: Awaited<ReturnType<typeof detect>>;
    try {
      result = await detect(inputs, options);
    } catch (error) {
      if (error instanceof ThresholdError) {
        io.err(`error: ${thresholdsFile}: ${error.message}\n`);
        return EXIT_BAD_INPUT;
      }
      if (error instanceof BuiltinRulesError) {
        io.err(`error: the built-in rule pack is broken (a defect in Vigil):\n${error.message}\n`);
        return EXIT_BAD_INPUT;
      }
      throw error;
    }

    if (format === 'table') io.out(renderDetectTable(result, styleFor(io.outStream ?? {})));
    else if (format === 'json') io.out(renderDetectJson(result));
    else io.out(detectTrailerLines(result));
    for (const e of result.errors) io.err(`error: ${formatInputError(e)}\n`);
    for (const w of result.warnings) io.err(`warning: ${formatInputError(w)}\n`);

    if (result.errors.length > 0) return EXIT_BAD_INPUT;
    if (failOn && result.alerts.some((a) => severityRank(a.severity) <= severityRank(failOn)))
      return EXIT_FINDINGS;
    return EXIT_OK;
  },
};

function severityOption(value: string | undefined): AlertSeverity | undefined {
  if (value === undefined) return undefined;
  const match = ALERT_SEVERITIES.find((s) => s.toLowerCase() === value.toLowerCase());
  if (!match) throw new UsageError(`--fail-on must be one of ${ALERT_SEVERITIES.join(', ')}, not '${value}'`);
  return match;
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** An ISO 8601 date or date-time (UTC when it names no zone), or `<n><s|m|h|d>` before now. */
export function timeOption(value: string | undefined, flag: string, now: Date): Date | undefined {
  if (value === undefined) return undefined;
  const relative = /^(\d{1,9})([smhd])$/.exec(value);
  if (relative) return new Date(now.getTime() - Number(relative[1]) * UNIT_MS[relative[2]!]!);
  const date = parseIsoTime(value);
  if (!date) {
    throw new UsageError(`${flag} '${value}' is not a time: give 2026-05-01, 2026-05-01T08:00:00Z or 24h`);
  }
  return date;
}

async function readThresholds(file: string, io: Io): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    io.err(`error: ${file}: cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}\n`);
    return undefined;
  }
  const parsed = parseJsonText(text, file);
  if (!parsed.ok) {
    io.err(`error: ${formatInputError(parsed.error)}\n`);
    return undefined;
  }
  return parsed.value;
}

const OPTIONS = {
  rules: { type: 'list' },
  'no-builtin': { type: 'boolean' },
  intel: { type: 'list' },
  format: { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
  year: { type: 'string' },
  thresholds: { type: 'string' },
  'fail-on': { type: 'string' },
} as const;
