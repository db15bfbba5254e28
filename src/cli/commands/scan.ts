import { SEVERITIES, type Severity } from '../../benchmark/types.ts';
import type { ScanReport } from '../../posture/scan.ts';
import { runScanJob } from '../../posture/scan-job.ts';
import { FORMATS, type ScanFormat, scanChunks } from '../../report/scan-formats.ts';
import { renderScanSet } from '../../report/scan-set.ts';
import { styleFor } from '../../report/style.ts';
import { formatInputError } from '../../util/input-error.ts';
import { printable } from '../../util/printable.ts';
import { flagOption, listOption, parseCommandLine, stringOption } from '../args.ts';
import type { Command } from '../command.ts';
import { EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK, type Io, UsageError, writeOut } from '../io.ts';
import { nowOption } from '../iso-time.ts';
import { progress } from '../progress.ts';
import { repositoryRoot } from '../repository-root.ts';
import {
  DEPLOYMENT_CONTEXT_OPTIONS,
  DEPLOYMENT_CONTEXT_USAGE,
  deploymentContextFrom,
} from '../template-context.ts';

const USAGE = `Usage: vigil scan <snapshot file|template.json|dir|->... [options]

Assesses an Azure estate against Vigil's benchmark, as Defender for Cloud's recommendations page
does: a secure score per control, recommendations ordered by severity and score impact, and for each
finding the evidence and the fix.

ARM templates among the inputs (directories are searched recursively) are expanded into the resources
they deploy and assessed with the same benchmark, one report per template; <name>.parameters.json
beside a template is its parameters file. Bicep: build first with 'az bicep build'.

Options:
  --format <${FORMATS.join('|')}>  output (default table)
  --details                  per-resource evidence (table, markdown; JSON adds not-applicable findings)
  --min-severity <High|Medium|Low>  show recommendations at or above this severity (default Low)
  --fail-on <High|Medium|Low>       exit 1 when an unhealthy finding at or above this severity exists, shown
                                    or not at --min-severity, or one there could not be evaluated (fails closed);
                                    a template's findings undecided until deployment (reference(), Key Vault
                                    references) do not fail it: they are listed, and counted on standard error
  --exemptions <file>        Azure Policy exemptions (az policy exemption show/list output)
  --parameters <file>        a deploymentParameters file for the templates, or values for parameterised
                             recommendations: {"<recommendation id>": {"<parameter>": value}}
  --initiative <file>        also run an Azure Policy initiative (e.g. Microsoft's MCSB) over the estate,
                             after Vigil's findings are published as Microsoft.Security/assessments
  --definitions <file|dir>   the policy definitions the initiative references
  --now <iso-date>           the time the scan treats as now (exemption expiry, utcNow())
  --jit-state <dir>          assess the snapshot with the NSG rules and JIT policies of 'vigil jit --state <dir>'

${DEPLOYMENT_CONTEXT_USAGE}

Exit status: 0 done (or no finding at --fail-on), 1 an unhealthy or unevaluated finding at or above --fail-on,
2 bad input: the report, if any, leaves out what could not be read and says so (SARIF: in the invocation,
which GitHub code scanning does not read; do not upload it, or that input's alerts are closed as fixed).
Templates are read from files: '-' (standard input) is a snapshot.`;

export const scanCommand: Command = {
  path: ['scan'],
  summary: 'assess an estate: secure score, recommendations, evidence (the main job)',
  usage: USAGE,
  async run(args: string[], io: Io): Promise<number> {
    const parsed = parseCommandLine(args, OPTIONS);
    const inputs = parsed.positionals;
    if (inputs.length === 0)
      throw new UsageError('give at least one snapshot file, template or directory (or - for stdin)');
    const format = (stringOption(parsed, 'format') ?? 'table') as ScanFormat;
    if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
    const minSeverity = severityOption(stringOption(parsed, 'min-severity'), '--min-severity') ?? 'Low';
    const failOn = severityOption(stringOption(parsed, 'fail-on'), '--fail-on');
    const nowGiven = nowOption(stringOption(parsed, 'now'));
    const now = nowGiven ?? new Date();
    const initiativeFile = stringOption(parsed, 'initiative');
    const definitionPaths = listOption(parsed, 'definitions');
    if (definitionPaths.length > 0 && !initiativeFile)
      throw new UsageError('--definitions goes with --initiative');

    const status = progress(io);
    const exemptionsFile = stringOption(parsed, 'exemptions');
    const parametersFile = stringOption(parsed, 'parameters');
    const jitState = stringOption(parsed, 'jit-state');
    const { entries, templates, errors, warnings, notices } = await runScanJob({
      inputs,
      ...(parametersFile !== undefined && { parametersFile }),
      ...(exemptionsFile !== undefined && { exemptionsFile }),
      ...(initiativeFile !== undefined && {
        initiative: { file: initiativeFile, definitions: definitionPaths },
      }),
      now,
      ...(jitState !== undefined && { jitState }),
      context: deploymentContextFrom(parsed, nowGiven),
      step: (message) => status.step(message),
    });
    status.done();
    for (const n of notices) io.err(`info: ${printable(n)}\n`);

    const cwd = process.cwd();
    const formatOptions = {
      details: flagOption(parsed, 'details'),
      minSeverity,
      style: styleFor(io.outStream ?? {}),
      ...(format === 'sarif' && { sourceRoot: { root: repositoryRoot(cwd), cwd } }),
      inputErrors: errors,
    };
    // A report of nothing would read as a 0% estate (a CI step might even upload it): when the inputs failed
    // and no resource came of them, the errors are the whole answer.
    const nothingLoaded = errors.length > 0 && entries.every((e) => e.report.resources === 0);
    if (!nothingLoaded && templates) io.out(renderScanSet(entries, format, formatOptions));
    else if (!nothingLoaded) await writeOut(io, scanChunks(entries[0]!.report, format, formatOptions));
    const reports = entries.map((e) => e.report);
    for (const e of [...errors, ...reports.flatMap((r) => r.initiative?.errors ?? [])])
      io.err(`error: ${formatInputError(e)}\n`);
    for (const w of [...warnings, ...reports.flatMap((r) => r.initiative?.warnings ?? [])])
      io.err(`warning: ${formatInputError(w)}\n`);
    // Exemption names, their expiry and recommendation errors quote the input: printed inert, as the table is.
    for (const e of reports.flatMap((r) => r.errors))
      io.err(`error: ${printable(`recommendation ${e.recommendationId}: ${e.message}`)}\n`);
    for (const x of unique(reports.flatMap((r) => r.exemptions.expired)))
      io.err(
        `warning: ${printable(`exemption '${x.name}' expired on ${x.expiresOn}`)}; it no longer applies\n`,
      );
    for (const { exemption, findings, why } of reports.flatMap((r) => r.exemptions.unresolved))
      io.err(
        `warning: ${printable(`exemption '${exemption.name}' was not applied${findings > 0 ? ` to ${findings} finding(s)` : ''}: ${why}`)}\n`,
      );
    if (nothingLoaded) io.err('error: no report: no resource could be loaded from the inputs\n');
    // GitHub code scanning refuses a whole SARIF file when a result's location names no artifact
    // ("locationFromSarifResult: expected artifact location", as forcedotcom/code-analyzer#1970 and Checkmarx/2ms#128 report).
    if (format === 'sarif' && !nothingLoaded && inputs.includes('-'))
      io.err(
        'warning: results read from standard input have no file in the SARIF (only the resource ID); GitHub code scanning rejects such a file: give the snapshot as a file to upload the results\n',
      );
    if (
      errors.length > 0 ||
      reports.some((r) => r.errors.length > 0 || (r.initiative?.errors.length ?? 0) > 0)
    )
      return EXIT_BAD_INPUT;
    if (!failOn) return EXIT_OK;
    const gate = failOnGate(reports, failOn, minSeverity);
    // Exit 1 says why on standard error, which a CI log keeps even when the report goes to a file; and a
    // report cut by --min-severity may not show what failed the gate.
    if (gate.unhealthy > 0)
      io.err(
        `failed: ${gate.unhealthy} unhealthy finding(s) at or above --fail-on ${failOn}${gate.hidden > 0 ? ` (${gate.hidden} below --min-severity ${minSeverity}, not in the report)` : ''}\n`,
      );
    if (gate.undecided > 0)
      io.err(
        `warning: ${gate.undecided} finding(s) at or above ${failOn} could not be evaluated (status error): --fail-on fails closed\n`,
      );
    if (gate.deploymentTime > 0)
      io.err(
        `note: ${gate.deploymentTime} finding(s) at or above ${failOn} depend on values known only at deployment (status unknown) and do not fail --fail-on; scan the deployed estate to decide them\n`,
      );
    return gate.unhealthy > 0 || gate.undecided > 0 ? EXIT_FINDINGS : EXIT_OK;
  },
};

/**
 * What `--fail-on` sees, over every finding whether or not `--min-severity` shows it (a gate does not loosen
 * because the report is shorter): the unhealthy findings at or above the severity, how many of those the
 * report leaves out, and how many findings there could not be evaluated. A CI gate fails closed on those:
 * a check that could not run has not passed.
 *
 * Findings `unknown` (a template's value that exists only once deployed: reference(), list*(), a Key Vault
 * reference) are counted apart and do not fail the gate. Unlike an error, no change to the template or to
 * Vigil's input can decide them before deployment, so failing on them would fail every run of a template
 * that reads, say, a Key Vault reference, and a gate that cannot pass gets switched off. They are listed in
 * the report, counted on standard error, and decided by a scan of the deployed estate.
 */
export function failOnGate(
  reports: readonly Pick<ScanReport, 'findings' | 'recommendations'>[],
  failOn: Severity,
  minSeverity: Severity = 'Low',
): { unhealthy: number; hidden: number; undecided: number; deploymentTime: number } {
  let unhealthy = 0;
  let hidden = 0;
  let undecided = 0;
  let deploymentTime = 0;
  for (const report of reports) {
    const rankOf = new Map(report.recommendations.map((r) => [r.id, RANK[r.severity]]));
    for (const f of report.findings) {
      const rank = rankOf.get(f.recommendationId) ?? RANK.Low;
      if (rank > RANK[failOn]) continue;
      if (f.status === 'unhealthy') {
        unhealthy++;
        if (rank > RANK[minSeverity]) hidden++;
      } else if (f.status === 'error') undecided++;
      else if (f.status === 'unknown') deploymentTime++;
    }
  }
  return { unhealthy, hidden, undecided, deploymentTime };
}

const RANK: Record<Severity, number> = { High: 0, Medium: 1, Low: 2 };

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

function severityOption(value: string | undefined, flag: string): Severity | undefined {
  if (value === undefined) return undefined;
  const match = SEVERITIES.find((s) => s.toLowerCase() === value.toLowerCase());
  if (!match) throw new UsageError(`${flag} must be one of ${SEVERITIES.join(', ')}, not '${value}'`);
  return match;
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
  'jit-state': { type: 'string' },
  ...DEPLOYMENT_CONTEXT_OPTIONS,
} as const;
