import { readFile } from 'node:fs/promises';
import { SEVERITIES, type Severity } from '../../benchmark/types.ts';
import { loadPolicyFiles, readParameterValues } from '../../policy/load.ts';
import { readExemptions } from '../../posture/exemptions.ts';
import { type ScanOptions, scan } from '../../posture/scan.ts';
import { FORMATS, renderScan, type ScanFormat } from '../../report/scan-formats.ts';
import { styleFor } from '../../report/style.ts';
import { loadSnapshots } from '../../sources/snapshot/load.ts';
import { formatInputError, type InputError } from '../../util/input-error.ts';
import { isJsonObject, type JsonValue } from '../../util/json.ts';
import { parseJsonText } from '../../util/parse-json.ts';
import { flagOption, listOption, parseCommandLine, stringOption } from '../args.ts';
import type { Command } from '../command.ts';
import { EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK, type Io, UsageError } from '../io.ts';
import { progress } from '../progress.ts';

const USAGE = `Usage: vigil scan <snapshot file|dir|->... [options]

Assesses an Azure estate against Vigil's benchmark, as Defender for Cloud's recommendations page
does: a secure score per control, recommendations ordered by severity and score impact, and for each
finding the evidence and the fix.

Options:
  --format <${FORMATS.join('|')}>  output (default table)
  --details                  per-resource evidence (table, markdown; JSON adds not-applicable findings)
  --min-severity <High|Medium|Low>  show recommendations at or above this severity (default Low)
  --fail-on <High|Medium|Low>       exit 1 when an unhealthy finding at or above this severity exists
  --exemptions <file>        Azure Policy exemptions (az policy exemption show/list output)
  --parameters <file>        values for parameterised recommendations: {"<recommendation id>": {"<parameter>": value}}
  --initiative <file>        also run an Azure Policy initiative (e.g. Microsoft's MCSB) over the estate,
                             after Vigil's findings are published as Microsoft.Security/assessments
  --definitions <file|dir>   the policy definitions the initiative references
  --now <iso-date>           the time the scan treats as now (exemption expiry, utcNow())

Exit status: 0 done (or no finding at --fail-on), 1 an unhealthy finding at or above --fail-on, 2 bad input.`;

export const scanCommand: Command = {
  path: ['scan'],
  summary: 'assess an estate: secure score, recommendations, evidence (the main job)',
  usage: USAGE,
  async run(args: string[], io: Io): Promise<number> {
    const parsed = parseCommandLine(args, OPTIONS);
    const inputs = parsed.positionals;
    if (inputs.length === 0)
      throw new UsageError('give at least one snapshot file or directory (or - for stdin)');
    const format = (stringOption(parsed, 'format') ?? 'table') as ScanFormat;
    if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
    const minSeverity = severityOption(stringOption(parsed, 'min-severity'), '--min-severity') ?? 'Low';
    const failOn = severityOption(stringOption(parsed, 'fail-on'), '--fail-on');
    const nowText = stringOption(parsed, 'now');
    const now = nowText ? new Date(nowText) : new Date();
    if (Number.isNaN(now.getTime())) throw new UsageError(`--now '${nowText}' is not a date`);
    const initiativeFile = stringOption(parsed, 'initiative');
    const definitionPaths = listOption(parsed, 'definitions');
    if (definitionPaths.length > 0 && !initiativeFile)
      throw new UsageError('--definitions goes with --initiative');

    const status = progress(io);
    const errors: InputError[] = [];
    status.step(`Loading ${inputs.length} snapshot input(s)`);
    const snapshot = await loadSnapshots(inputs);
    errors.push(...snapshot.errors);

    const exemptionsFile = stringOption(parsed, 'exemptions');
    const exemptions = exemptionsFile
      ? await readJsonFile(exemptionsFile, errors, (v) => readExemptions(v, exemptionsFile))
      : undefined;
    const parametersFile = stringOption(parsed, 'parameters');
    const parameters = parametersFile
      ? (await readJsonFile(parametersFile, errors, (v) => readRecommendationParameters(v, parametersFile)))
          ?.parameters
      : undefined;

    let initiative: ScanOptions['initiative'];
    if (initiativeFile) {
      status.step('Loading the initiative and its definitions');
      const sets = await loadPolicyFiles([initiativeFile]);
      const definitions = await loadPolicyFiles(definitionPaths);
      errors.push(...sets.errors, ...definitions.errors);
      if (sets.initiatives.length === 0 && sets.errors.length === 0) {
        errors.push({ file: initiativeFile, message: 'no policySetDefinition (initiative) in this file' });
      }
      initiative = {
        definitions: [...definitions.definitions, ...sets.definitions],
        initiatives: sets.initiatives,
      };
    }

    status.step(`Assessing ${snapshot.inventory.size} resources`);
    const report = scan(snapshot.inventory, {
      now,
      ...(exemptions && { exemptions: exemptions.exemptions }),
      ...(parameters && { parameters }),
      ...(initiative && { initiative }),
    });
    status.done();

    io.out(
      renderScan(report, format, {
        details: flagOption(parsed, 'details'),
        minSeverity,
        style: styleFor(io.outStream ?? {}),
      }),
    );
    for (const e of [...errors, ...(report.initiative?.errors ?? [])])
      io.err(`error: ${formatInputError(e)}\n`);
    for (const w of [...snapshot.warnings, ...(report.initiative?.warnings ?? [])])
      io.err(`warning: ${formatInputError(w)}\n`);
    for (const e of report.errors) io.err(`error: recommendation ${e.recommendationId}: ${e.message}\n`);
    for (const x of report.exemptions.expired)
      io.err(`warning: exemption '${x.name}' expired on ${x.expiresOn}; it no longer applies\n`);
    if (errors.length > 0 || report.errors.length > 0 || (report.initiative?.errors.length ?? 0) > 0)
      return EXIT_BAD_INPUT;
    if (
      failOn &&
      report.findings.some(
        (f) => f.status === 'unhealthy' && RANK[severityOf(report, f.recommendationId)] <= RANK[failOn],
      )
    ) {
      return EXIT_FINDINGS;
    }
    return EXIT_OK;
  },
};

const RANK: Record<Severity, number> = { High: 0, Medium: 1, Low: 2 };

function severityOf(report: ReturnType<typeof scan>, id: string): Severity {
  return report.recommendations.find((r) => r.id === id)?.severity ?? 'Low';
}

function severityOption(value: string | undefined, flag: string): Severity | undefined {
  if (value === undefined) return undefined;
  const match = SEVERITIES.find((s) => s.toLowerCase() === value.toLowerCase());
  if (!match) throw new UsageError(`${flag} must be one of ${SEVERITIES.join(', ')}, not '${value}'`);
  return match;
}

async function readJsonFile<T extends { errors: InputError[] }>(
  file: string,
  errors: InputError[],
  read: (value: JsonValue) => T,
): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    errors.push({ file, message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}` });
    return undefined;
  }
  const parsed = parseJsonText(text, file);
  if (!parsed.ok) {
    errors.push(parsed.error);
    return undefined;
  }
  const result = read(parsed.value);
  errors.push(...result.errors);
  return result;
}

/** `{"vm-allowed-sizes": {"listOfAllowedSKUs": [...]}}`; each value may also be wrapped as {"value": …}. */
function readRecommendationParameters(value: JsonValue, file: string) {
  const errors: InputError[] = [];
  const parameters = new Map<string, Record<string, JsonValue>>();
  if (!isJsonObject(value)) {
    errors.push({ file, message: 'expected an object keyed by recommendation id' });
    return { parameters, errors };
  }
  for (const [id, entry] of Object.entries(value)) {
    if (!isJsonObject(entry)) {
      errors.push({ file, pointer: `/${id}`, message: 'expected an object of parameter values' });
      continue;
    }
    parameters.set(id, Object.fromEntries(readParameterValues(entry, file).values));
  }
  return { parameters, errors };
}

const OPTIONS = {
  format: { type: 'string' },
  details: { type: 'boolean' },
  'min-severity': { type: 'string' },
  'fail-on': { type: 'string' },
  exemptions: { type: 'string' },
  parameters: { type: 'string' },
  initiative: { type: 'string' },
  definitions: { type: 'list' },
  now: { type: 'string' },
} as const;
