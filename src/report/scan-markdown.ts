import type { Recommendation } from '../benchmark/types.ts';
import type { Finding } from '../posture/findings.ts';
import type { ScanReport } from '../posture/scan.ts';
import type { InputError } from '../util/input-error.ts';
import { printable } from '../util/printable.ts';
import { catalogOf, describeEvidence, listedFindings } from './scan-findings.ts';

export interface ScanMarkdownOptions {
  /** Evidence under each affected resource. */
  details: boolean;
  /** Where titles' descriptions and remediation come from (default: Vigil's catalog). */
  recommendations?: readonly Recommendation[];
  /** Inputs that could not be read: said under the score, listed in their own section. */
  inputErrors?: readonly InputError[];
}

/**
 * A report a security admin pastes into a ticket or a pull request (GitHub-flavoured Markdown):
 * the score per control, what to fix first, then per failing recommendation the fix and the
 * resources. Everything from the input (resource ids, evidence, exemption text) is escaped, so a
 * hostile snapshot cannot break a table or smuggle in links, images or HTML.
 */
export function renderScanMarkdown(report: ScanReport, options: ScanMarkdownOptions): string {
  return [...scanMarkdownChunks(report, options)].join('');
}

/** The Markdown report in pieces: with --details a big estate's does not fit in one string. */
export function* scanMarkdownChunks(report: ScanReport, options: ScanMarkdownOptions): Generator<string> {
  const catalog = catalogOf(options.recommendations);
  const out: string[] = ['# Vigil scan report', ''];
  const score = report.score;
  out.push(
    `**Secure score: ${percent(score.percent)}** (${points(score.current, score.max)} points) · ` +
      `${report.resources} resources in ${report.subscriptions.length} subscription(s) · ` +
      `${report.recommendations.length} recommendations · generated ${report.generatedAt}`,
    '',
  );
  out.push(...inputErrorsMarkdown(options.inputErrors ?? []));
  if (score.subscriptions.length > 1) {
    out.push(
      ...table(
        ['Subscription', 'Score', 'Points'],
        ['---', '---:', '---:'],
        score.subscriptions.map((s) => [
          cellCode(s.subscriptionId),
          percent(s.percent),
          points(s.current, s.max),
        ]),
      ),
      '',
    );
  }

  const controls = score.controls.filter((c) => c.healthy + c.unhealthy + c.notApplicable > 0);
  out.push('## Secure score controls', '');
  if (controls.length === 0) out.push('No resource was assessed.', '');
  else {
    out.push(
      ...table(
        ['Control', 'Score', 'Points', 'Potential score increase', 'Healthy', 'Unhealthy', 'Not applicable'],
        ['---', '---:', '---:', '---:', '---:', '---:', '---:'],
        controls.map((c) => [
          cell(c.name),
          c.max > 0 ? percent(100 * c.percentage) : '—',
          c.max > 0 ? points(c.current, c.max) : c.maxPoints === 0 ? '(0 points)' : '(no resources)',
          c.max > 0 ? `+${percent(c.potentialIncrease)}` : '—',
          String(c.healthy),
          String(c.unhealthy),
          String(c.notApplicable),
        ]),
      ),
      '',
    );
  }

  const failing = report.recommendations.filter((r) => r.unhealthy > 0);
  out.push('## Recommendations', '');
  if (failing.length === 0) out.push('Nothing is unhealthy.', '');
  else {
    out.push(
      ...table(
        ['Severity', 'Recommendation', 'Unhealthy resources', 'Potential score increase'],
        ['---', '---', '---:', '---:'],
        failing.map((r) => [
          r.severity + (r.stage === 'ga' ? '' : ` (${r.stage}, not scored)`),
          cell(r.title),
          `${r.unhealthy} of ${r.healthy + r.unhealthy}`,
          r.stage === 'ga' ? `+${percent(r.potentialIncrease)}` : '—',
        ]),
      ),
      '',
    );
  }
  const healthy = report.recommendations.filter((r) => r.unhealthy === 0 && r.healthy > 0).length;
  const idle = report.recommendations.filter((r) => r.unhealthy === 0 && r.healthy === 0).length;
  out.push(
    `${healthy} recommendation(s) healthy on every resource; ${idle} with no applicable resource.`,
    '',
  );

  const listed = listedFindings(report, false);
  const byRecommendation = new Map<string, Finding[]>();
  for (const f of listed) {
    if (f.status !== 'unhealthy') continue;
    const list = byRecommendation.get(f.recommendationId);
    if (list) list.push(f);
    else byRecommendation.set(f.recommendationId, [f]);
  }
  for (const r of failing) {
    const recommendation = catalog(r.id);
    const unhealthy = byRecommendation.get(r.id) ?? [];
    out.push(`### ${r.severity}: ${text(r.title)}`, '');
    const facts = [codeSpan(r.id), `MCSB ${r.mcsb.map(text).join(', ')}`, `control: ${text(r.controlName)}`];
    if (r.assessmentKey) facts.push(`Defender assessment ${codeSpan(r.assessmentKey)}`);
    out.push(facts.join(' · '), '', text(recommendation.description), '');
    out.push(...remediationMarkdown(recommendation), '');
    out.push(`**Unhealthy resources (${unhealthy.length})**`, '');
    for (const f of unhealthy) {
      out.push(`- ${codeSpan(f.resourceId)}`);
      if (options.details) for (const e of f.evidence) out.push(`  - ${text(describeEvidence(e))}`);
    }
    out.push('');
  }

  const exempt = listed.filter((f) => f.status === 'exempt');
  if (exempt.length > 0) {
    out.push('## Exempted', '');
    out.push(
      ...table(
        ['Recommendation', 'Resource', 'Exemption', 'Category', 'Expires', 'Justification'],
        ['---', '---', '---', '---', '---', '---'],
        exempt.map((f) => [
          cellCode(f.recommendationId),
          cellCode(f.resourceId),
          f.exemption ? cell(f.exemption.name) : '',
          f.exemption?.category ?? '',
          f.exemption?.expiresOn ? cell(f.exemption.expiresOn) : 'never',
          f.exemption?.description ? cell(f.exemption.description) : '',
        ]),
      ),
      '',
    );
  }

  const undecided = listed.filter((f) => f.status === 'unknown');
  if (undecided.length > 0) {
    out.push('## Undecided (values known only at deployment)', '');
    for (const f of undecided)
      out.push(
        `- ${codeSpan(f.recommendationId)} on ${codeSpan(f.resourceId)}: ${text(f.evidence[0]?.message ?? '')}`,
      );
    out.push('');
  }

  const failed = listed.filter((f) => f.status === 'error');
  if (failed.length > 0 || report.errors.length > 0) {
    out.push('## Could not evaluate', '');
    for (const e of report.errors) out.push(`- ${codeSpan(e.recommendationId)}: ${text(e.message)}`);
    for (const f of failed)
      out.push(
        `- ${codeSpan(f.recommendationId)} on ${codeSpan(f.resourceId)}: ${text(f.error ?? 'evaluation failed')}`,
      );
    out.push('');
  }
  if (report.exemptions.expired.length > 0) {
    out.push('## Expired exemptions (no longer applied)', '');
    for (const e of report.exemptions.expired)
      out.push(`- ${codeSpan(e.name)}, expired ${text(e.expiresOn ?? '')}`);
    out.push('');
  }
  if (report.initiative) {
    const counts = new Map<string, number>();
    for (const r of report.initiative.results) counts.set(r.compliance, (counts.get(r.compliance) ?? 0) + 1);
    const line = [...counts].map(([k, v]) => `${v} ${k}`).join(', ') || 'no applicable resource';
    out.push('## Azure Policy initiative', '', `${line} (definition × resource pairs).`, '');
    if (report.initiative.errors.length > 0)
      out.push(`${report.initiative.errors.length} definition error(s); see the JSON report.`, '');
  }
  // The lines joined, without trailing blank space, and one final newline.
  let last = out.length - 1;
  while (last >= 0 && out[last]!.trimEnd() === '') last--;
  for (let i = 0; i < last; i++) yield `${out[i]}\n`;
  yield last >= 0 ? `${out[last]!.trimEnd()}\n` : '\n';
}

/**
 * Inputs that could not be read: a warning a reader cannot miss, then each error with its file and line.
 * Nothing when there are none.
 */
export function inputErrorsMarkdown(errors: readonly InputError[]): string[] {
  if (errors.length === 0) return [];
  return [
    `**Incomplete: ${errors.length} input error(s).** What could not be read is not in this report.`,
    '',
    ...errors.map((e) => {
      const where = `${e.file}${e.line !== undefined ? `:${e.line}${e.column !== undefined ? `:${e.column}` : ''}` : ''}`;
      const pointer = e.pointer ? ` at ${codeSpan(e.pointer)}` : '';
      return `- ${codeSpan(where)}${pointer}: ${text(e.message)}`;
    }),
    '',
  ];
}

/** A recommendation's fix as Markdown lines: portal steps, the ARM property, the `az` commands. */
export function remediationMarkdown(recommendation: Recommendation): string[] {
  const fix = recommendation.remediation;
  const lines = ['**Remediation**', '', `- Portal: ${text(fix.portal)}`];
  if (fix.template) lines.push(`- Template: ${codeSpan(fix.template)}`);
  if (fix.cli) lines.push('', ...codeBlock(fix.cli, 'sh'));
  return lines;
}

function percent(value: number): string {
  return `${value.toFixed(2)}%`;
}

function points(current: number, max: number): string {
  return `${current.toFixed(2)} / ${max}`;
}

function table(headers: string[], align: string[], rows: string[][]): string[] {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(align), ...rows.map(line)];
}

// CommonMark lets any ASCII punctuation be backslash-escaped; these are the ones that can start
// markup mid-line (emphasis, code, links, images, HTML, entities, strikethrough, table cells), and `$`,
// which GitHub reads as a math delimiter: "$web and $logs" would render "web and " as LaTeX
// (docs.github.com, "Writing mathematical expressions").
const MARKUP = /[\\`*_[\]<>|~&!#$]/g;
const LINE_BREAK = /\r\n|\r|\n/g;

/** Inline text: markup characters escaped, line breaks turned into spaces. */
function text(value: string): string {
  return lines(value).join(' ').replace(MARKUP, '\\$&');
}

/** Text in a table cell: escaped like `text`, line breaks kept as `<br>`. */
function cell(value: string): string {
  return lines(value)
    .map((line) => line.replace(MARKUP, '\\$&'))
    .join('<br>');
}

/**
 * The lines of a value with their other control characters written as `\x1b`, `\u202e`…
 * (util/printable.ts): a report printed with `cat` must not drive the terminal, and a bidi override
 * in a pull request comment makes one resource name read as another.
 */
function lines(value: string): string[] {
  return value.split(LINE_BREAK).map(printable);
}

/** An inline code span whose fence is longer than any backtick run inside it. */
export function codeSpan(value: string): string {
  const flat = lines(value).join(' ');
  const fence = '`'.repeat(longestRun(flat, '`') + 1);
  // A code span strips one space from each end when both are spaces; pad so content survives.
  const pad =
    flat.startsWith('`') || flat.endsWith('`') || (flat.startsWith(' ') && flat.endsWith(' ')) ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** A code span in a table cell: GFM splits cells on `|` even inside code, unless escaped. */
function cellCode(value: string): string {
  return codeSpan(value).replaceAll('|', '\\|');
}

function codeBlock(value: string, language: string): string[] {
  const fence = '`'.repeat(Math.max(3, longestRun(value, '`') + 1));
  return [`${fence}${language}`, ...value.split(LINE_BREAK), fence];
}

function longestRun(value: string, char: string): number {
  let longest = 0;
  let run = 0;
  for (const c of value) {
    run = c === char ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}
