import type { Compliance, PolicyResult } from '../policy/evaluate.ts';
import { compareText } from '../util/compare-text.ts';
import { printable } from '../util/printable.ts';
import { renderTable } from './table.ts';

const ORDER: Record<Compliance, number> = {
  error: 0,
  nonCompliant: 1,
  unknown: 2,
  protected: 3,
  compliant: 4,
  notApplicable: 5,
};

/**
 * Evaluation results as text, in pieces. JSON is streamed as one array, element by element, so a run
 * over a large estate never holds the whole output as one string; the table sorts for people, worst first.
 */
export function policyResultsChunks(
  results: Iterable<PolicyResult>,
  format: 'table' | 'json',
): Iterable<string> {
  if (format === 'json') return jsonArrayChunks(results);
  const all = [...results].sort(
    (a, b) =>
      ORDER[a.compliance] - ORDER[b.compliance] ||
      compareText(label(a), label(b)) ||
      compareText(a.resourceId, b.resourceId),
  );
  if (all.length === 0) return ['No definition applies to any resource.\n'];
  // Names, ids and the values a reason quotes come from the user's files: printed inert (util/printable.ts).
  const rows = all.map((r) => [
    r.compliance,
    r.effect,
    printable(label(r)),
    printable(shortId(r.resourceId)),
    printable(why(r)),
  ]);
  return [
    renderTable(['COMPLIANCE', 'EFFECT', 'DEFINITION', 'RESOURCE', 'WHY'], rows, [13, 17, 60, 60, 140]),
  ];
}

/** One result a line, in one array. */
function* jsonArrayChunks(results: Iterable<PolicyResult>): Generator<string> {
  let first = true;
  yield '[';
  for (const result of results) {
    yield `${first ? '\n' : ',\n'}${JSON.stringify(result)}`;
    first = false;
  }
  yield first ? ']\n' : '\n]\n';
}

function label(r: PolicyResult): string {
  return r.displayName ?? r.definitionName;
}

/** `<resourceGroup>/<name…>` — the part of an id a person scans for. */
function shortId(id: string): string {
  const m = /\/resourcegroups\/([^/]+)\/providers\/[^/]+\/(.+)$/i.exec(id);
  if (!m) return id;
  const parts = m[2]!.split('/');
  const names = parts.filter((_, i) => i % 2 === 1);
  return `${m[1]}/${names.join('/')}`;
}

function why(r: PolicyResult): string {
  if (r.compliance === 'error') return r.error ?? 'evaluation failed';
  const first = r.reasons[0];
  if (!first) return '';
  const subject = first.field ?? first.value ?? '';
  const actual = first.actual !== undefined ? ` (current: ${JSON.stringify(first.actual)})` : '';
  const expected = first.expected !== undefined ? ` target: ${JSON.stringify(first.expected)}` : '';
  const more = r.reasons.length > 1 ? ` [+${r.reasons.length - 1} more]` : '';
  return `${subject ? `${subject}: ` : ''}${first.message}${expected}${actual}${more}`;
}
