import { createHash } from 'node:crypto';
import { isAbsolute, posix, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import packageJson from '../../package.json' with { type: 'json' };
import type { Recommendation, Severity } from '../benchmark/types.ts';
import type { Finding } from '../posture/findings.ts';
import type { ScanReport } from '../posture/scan.ts';
import { formatInputError, type InputError } from '../util/input-error.ts';
import { jsonChunks, StreamedList } from './json-stream.ts';
import { catalogOf, describeEvidence, listedFindings, resourceName, summariesOf } from './scan-findings.ts';
import { remediationMarkdown } from './scan-markdown.ts';

export interface ScanSarifOptions {
  /** Where descriptions and remediation come from (default: Vigil's catalog). */
  recommendations?: readonly Recommendation[];
  /** Where the input files are: URIs are written relative to the repository, not the working directory. */
  sourceRoot?: SourceRoot;
  /** Inputs that could not be read (in part or whole): the run is then not complete. */
  inputErrors?: readonly InputError[];
}

/**
 * The repository the scan ran in (absolute), and the directory relative input paths start from. GitHub
 * code scanning reads a relative URI as relative to the repository root (docs.github.com, "SARIF support
 * for code scanning", Specifying the root for source files): `vigil scan main.json` run in `infra/` must
 * write `infra/main.json`.
 */
export interface SourceRoot {
  root: string;
  cwd: string;
}

/** The uriBaseId of paths relative to the source root; `run.originalUriBaseIds` says where it is. */
const SRCROOT = '%SRCROOT%';

// The OASIS schema's own id (sarif-spec, Schemata/sarif-schema-2.1.0.json).
const SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

type Level = 'error' | 'warning' | 'note';
const LEVEL: Record<Severity, Level> = { High: 'error', Medium: 'warning', Low: 'note' };

// GitHub code scanning reads `security-severity` as a CVSS-like score: > 9.0 critical, 7.0–8.9
// high, 4.0–6.9 medium, 0.1–3.9 low (docs.github.com, "SARIF support for code scanning",
// reportingDescriptor properties). Each severity takes the top of its band.
const SECURITY_SEVERITY: Record<Severity, string> = { High: '8.9', Medium: '6.9', Low: '3.9' };

/** The partialFingerprints key of Vigil's results, versioned so a change of inputs never collides with old alerts. */
export const FINGERPRINT = 'vigilFinding/v1';
/**
 * The one partialFingerprints key GitHub code scanning reads ("Code scanning only uses the
 * primaryLocationLineHash", docs.github.com, "SARIF support for code scanning", result object). Left
 * out, upload-sarif hashes the text around the result's line, and in a snapshot that text is a `{` or
 * an `"id"` line that shifts whenever a resource is added above it: the alert would close and reopen.
 * It carries Vigil's own fingerprint, so GitHub tracks the (rule, resource) pair.
 */
export const GITHUB_FINGERPRINT = 'primaryLocationLineHash';

/**
 * `vigil scan --format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.
 *
 * - One rule per recommendation with a result; one result per unhealthy, exempt or error finding
 *   (healthy and not-applicable findings are not alerts).
 * - Exempt findings carry an external suppression with the exemption's justification, so viewers
 *   show them as dismissed rather than dropping them.
 * - Error findings (a check that could not be evaluated) are failures at level `error`: an unknown
 *   verdict must not read as a pass. Recommendations that could not run at all, and inputs that could
 *   not be read (with the file and line), are tool execution notifications at level `error`, and make
 *   the invocation unsuccessful: SARIF 2.1.0 appendix I reads the results as incomplete then. GitHub
 *   code scanning does not read invocations (docs.github.com, "SARIF support for code scanning": of the
 *   run it uses tool, invocation.workingDirectory and results), so an upload of such a log closes the
 *   alerts of what could not be read: the CLI exits 2, and the README says not to upload then.
 * - The location is the input file the resource came from, with its line when known, plus the
 *   resource id as a logical location; `partialFingerprints` hash (rule, lower-cased resource id)
 *   so an alert stays the same alert when the resource moves in the file or the id's casing changes.
 */
export function scanSarif(report: ScanReport, options: ScanSarifOptions = {}): SarifLog {
  const log = sarifParts(report, options);
  const [run] = log.runs;
  return { ...log, runs: [{ ...run, results: [...run.results] }] };
}

/** The SARIF log as text, in pieces: a big estate's results do not fit in one string. */
export function* scanSarifChunks(report: ScanReport, options: ScanSarifOptions = {}): Generator<string> {
  const log = sarifParts(report, options);
  const [run] = log.runs;
  yield* jsonChunks({ ...log, runs: [{ ...run, results: new StreamedList(run.results) }] });
  yield '\n';
}

interface SarifParts extends Omit<SarifLog, 'runs'> {
  runs: [Omit<SarifLog['runs'][number], 'results'> & { results: Iterable<SarifResult> }];
}

function sarifParts(report: ScanReport, options: ScanSarifOptions): SarifParts {
  const catalog = catalogOf(options.recommendations);
  const summaries = summariesOf(report);
  const findings = listedFindings(report, false).filter((f) => f.status !== 'healthy');
  const rules: SarifRule[] = [];
  const ruleIndex = new Map<string, number>();
  for (const f of findings) {
    if (ruleIndex.has(f.recommendationId)) continue;
    ruleIndex.set(f.recommendationId, rules.length);
    rules.push(ruleOf(catalog(f.recommendationId)));
  }
  const { sourceRoot, inputErrors = [] } = options;
  const results = (function* () {
    for (const f of findings) {
      const summary = summaries.get(f.recommendationId)!;
      yield resultOf(f, summary, ruleIndex.get(f.recommendationId)!, report, sourceRoot);
    }
  })();
  return {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Vigil',
            semanticVersion: packageJson.version,
            rules,
          },
        },
        // Columns are offsets in JavaScript strings. Unsaid, SARIF reads them as code points (§3.14.17), and a
        // resource after an emoji on its line (a minified template) would be placed one column off.
        columnKind: 'utf16CodeUnits',
        // SARIF 2.1.0 §3.14.14: a base URI ends with a slash.
        ...(sourceRoot && {
          originalUriBaseIds: { [SRCROOT]: { uri: withSlash(pathToFileURL(sourceRoot.root).href) } },
        }),
        invocations: [
          {
            executionSuccessful: report.errors.length === 0 && inputErrors.length === 0,
            toolExecutionNotifications: [
              ...inputErrors.map((e) => inputErrorNotification(e, sourceRoot)),
              ...report.errors.map(
                (e): SarifNotification => ({
                  level: 'error',
                  message: { text: `Recommendation ${e.recommendationId} could not run: ${e.message}` },
                  associatedRule: { id: e.recommendationId },
                }),
              ),
            ],
          },
        ],
        results,
      },
    ],
  };
}

/** The SARIF log as text: two-space indented, one trailing newline. */
export function renderScanSarif(report: ScanReport, options: ScanSarifOptions = {}): string {
  return [...scanSarifChunks(report, options)].join('');
}

function ruleOf(r: Recommendation): SarifRule {
  const fix = r.remediation;
  const text = [
    r.description,
    '',
    `Remediation: ${fix.portal}`,
    ...(fix.template ? [`Template: ${fix.template}`] : []),
    ...(fix.cli ? [`Azure CLI: ${fix.cli}`] : []),
  ].join('\n');
  return {
    id: r.id,
    name: pascalCase(r.id),
    shortDescription: { text: r.title },
    fullDescription: { text: r.description },
    help: { text, markdown: [r.description, '', ...remediationMarkdown(r)].join('\n') },
    defaultConfiguration: { level: LEVEL[r.severity] },
    properties: {
      tags: ['security', ...r.mcsb],
      'security-severity': SECURITY_SEVERITY[r.severity],
    },
  };
}

function resultOf(
  f: Finding,
  { title, severity }: { title: string; severity: Severity },
  ruleIndex: number,
  report: ScanReport,
  sourceRoot: SourceRoot | undefined,
): SarifResult {
  const origin = report.origins.get(f.resourceId);
  const artifactLocation = origin ? artifactLocationOf(origin.file, sourceRoot) : undefined;
  const what =
    f.status === 'error'
      ? `could not be evaluated: ${f.error ?? 'evaluation failed'}`
      : f.status === 'unknown'
        ? `not decided: ${f.evidence[0]?.message ?? 'a value known only at deployment'}`
        : f.evidence[0]
          ? describeEvidence(f.evidence[0])
          : f.status;
  const print = fingerprint(f);
  const result: SarifResult = {
    ruleId: f.recommendationId,
    ruleIndex,
    // An undecided verdict is for review, not a failure (SARIF: kind "review" carries level "none").
    ...(f.status === 'unknown'
      ? { kind: 'review' as const, level: 'none' as const }
      : { level: f.status === 'error' ? 'error' : LEVEL[severity] }),
    message: { text: `${title} — ${resourceName(f.resourceId)}: ${what}` },
    locations: [
      {
        ...(artifactLocation !== undefined && {
          physicalLocation: {
            artifactLocation,
            ...(origin?.line !== undefined && {
              region: {
                startLine: origin.line,
                ...(origin.column !== undefined && { startColumn: origin.column }),
              },
            }),
          },
        }),
        logicalLocations: [
          { name: resourceName(f.resourceId), fullyQualifiedName: f.resourceId, kind: 'resource' },
        ],
      },
    ],
    partialFingerprints: { [FINGERPRINT]: print, [GITHUB_FINGERPRINT]: print },
    properties: {
      status: f.status,
      resourceId: f.resourceId,
      resourceType: f.resourceType,
      evidence: f.evidence,
      ...(origin?.pointer !== undefined && { jsonPointer: origin.pointer }),
    },
  };
  if (f.status === 'exempt' && f.exemption) {
    const x = f.exemption;
    result.suppressions = [
      {
        kind: 'external',
        status: 'accepted',
        justification: `${x.category}: ${x.description ?? x.name}${x.expiresOn ? ` (expires ${x.expiresOn})` : ''}`,
        properties: { exemptionId: x.id },
      },
    ];
  }
  return result;
}

/**
 * An input that could not be read, as a notification pointing at the file and line. No column: the
 * snapshot loader counts columns in bytes, the template reader in UTF-16 code units, and the run
 * declares one kind for every column it reports. The message keeps them (file:line:column: …).
 */
export function inputErrorNotification(
  error: InputError,
  sourceRoot: SourceRoot | undefined,
): SarifNotification {
  const artifactLocation = artifactLocationOf(error.file, sourceRoot);
  return {
    level: 'error',
    message: { text: `Input not read: ${formatInputError(error)}` },
    ...(artifactLocation && {
      locations: [
        {
          physicalLocation: {
            artifactLocation,
            ...(error.line !== undefined && { region: { startLine: error.line } }),
          },
        },
      ],
    }),
  };
}

function fingerprint(f: Finding): string {
  return createHash('sha256')
    .update(`${f.recommendationId}\u0000${f.resourceId.toLowerCase()}`)
    .digest('hex');
}

/**
 * The input file as a SARIF artifact location: a path inside the source root is relative to it (with
 * `uriBaseId`), its segments percent-encoded; any other absolute path is a file:// URI. Without a source
 * root a relative path stays as given. Standard input and resources with no file have no physical
 * location: there is no file in the repository to point at, and a made-up name would be read as one.
 */
function artifactLocationOf(
  file: string,
  sourceRoot: SourceRoot | undefined,
): { uri: string; uriBaseId?: string } | undefined {
  if (file === '' || isStandardInput(file)) return undefined;
  const path = sourcePath(file, sourceRoot);
  if (isAbsolute(path)) return { uri: pathToFileURL(path).href };
  const uri = path.split('/').map(encodeURIComponent).join('/');
  return sourceRoot ? { uri, uriBaseId: SRCROOT } : { uri };
}

/** `-` as given on the command line, `<stdin>` as the snapshot loader names what it read from it. */
function isStandardInput(file: string): boolean {
  return file === '-' || file === '<stdin>';
}

/**
 * The input file as the path SARIF reports: relative to the source root when it is inside it, else
 * absolute; without a source root, `inputPath`.
 */
export function sourcePath(file: string, sourceRoot: SourceRoot | undefined): string {
  if (!sourceRoot || isStandardInput(file)) return inputPath(file);
  const absolute = resolve(sourceRoot.cwd, file);
  const inside = relative(sourceRoot.root, absolute);
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside))
    return absolute;
  return inside.split(sep).join('/');
}

function withSlash(uri: string): string {
  return uri.endsWith('/') ? uri : `${uri}/`;
}

/**
 * A relative input path in one spelling: `/`-separated, without `.` segments, doubled slashes or
 * `dir/..`. `infra/vm.json`, `./infra/vm.json` and `infra//vm.json` name one file, and GitHub code
 * scanning opens a new alert and closes the old one when a result's file path changes between runs
 * (docs.github.com, "SARIF support for code scanning", Reporting consistent filepaths).
 */
export function inputPath(file: string): string {
  if (isAbsolute(file)) return file;
  return posix.normalize(file.split(sep).join('/'));
}

function pascalCase(id: string): string {
  return id
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

// The parts of SARIF 2.1.0 this reporter writes (the schema test checks them against the spec).
export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: {
    tool: { driver: { name: string; semanticVersion: string; rules: SarifRule[] } };
    columnKind: 'utf16CodeUnits';
    originalUriBaseIds?: Record<string, { uri: string }>;
    invocations: {
      executionSuccessful: boolean;
      toolExecutionNotifications: SarifNotification[];
    }[];
    results: SarifResult[];
  }[];
}

export interface SarifNotification {
  level: Level;
  message: { text: string };
  locations?: {
    physicalLocation: {
      artifactLocation: { uri: string; uriBaseId?: string };
      region?: { startLine: number };
    };
  }[];
  associatedRule?: { id: string };
}

export interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  defaultConfiguration: { level: Level };
  properties: { tags: string[]; 'security-severity': string };
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  kind?: 'review';
  level: Level | 'none';
  message: { text: string };
  locations: {
    physicalLocation?: {
      artifactLocation: { uri: string; uriBaseId?: string };
      region?: { startLine: number; startColumn?: number };
    };
    logicalLocations: { name: string; fullyQualifiedName: string; kind: 'resource' }[];
  }[];
  partialFingerprints: Record<string, string>;
  properties: Record<string, unknown>;
  suppressions?: {
    kind: 'external';
    status: 'accepted';
    justification: string;
    properties: { exemptionId: string };
  }[];
}
