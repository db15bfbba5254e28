import type { ScanReport } from '../posture/scan.ts';
import { formatInputError, type InputError } from '../util/input-error.ts';
import { describeEvidence, listedFindings, summariesOf } from './scan-findings.ts';

export interface ScanCsvOptions {
  /** Also list not-applicable findings (as the JSON report does). */
  details?: boolean;
  /** Inputs that could not be read: one row each, before the findings. */
  inputErrors?: readonly InputError[];
}

const HEADER = [
  'recommendationId',
  'title',
  'severity',
  'status',
  'resourceId',
  'resourceType',
  'subscriptionId',
  'evidence',
];

/**
 * `vigil scan --format csv`: one row per finding, for spreadsheets. RFC 4180: CRLF between
 * records (line breaks inside a quoted cell are kept as they are), a header row, fields quoted when
 * they hold a comma, quote or line break. Evidence is one cell, its items joined with ` | `, after
 * the error for an error finding. An input that could not be read is a row of its own, first, with status
 * `inputError` and the located error as its evidence: a spreadsheet of what did load must not pass for
 * the whole estate's.
 *
 * Cells starting with = + - @, tab or carriage return (OWASP, "CSV Injection") or NUL (OWASP ASVS
 * 1.2.10) get a leading apostrophe, so a spreadsheet never runs input text as a formula. A cell that
 * itself starts with an apostrophe gets one too: removing one leading apostrophe from every cell that
 * has one always gives the value back, whether or not it was guarded.
 */
export function renderScanCsv(report: ScanReport, options: ScanCsvOptions = {}): string {
  return [...scanCsvChunks(report, options)].join('');
}

/** The CSV report line by line: a big estate's does not fit in one string. */
export function* scanCsvChunks(report: ScanReport, options: ScanCsvOptions = {}): Generator<string> {
  const summaries = summariesOf(report);
  yield `${HEADER.map(field).join(',')}\r\n`;
  for (const e of options.inputErrors ?? []) yield `${inputErrorRecord(e)}\r\n`;
  for (const f of listedFindings(report, options.details ?? false)) {
    const summary = summaries.get(f.recommendationId)!;
    const evidence = [
      ...(f.error !== undefined ? [`error: ${f.error}`] : []),
      ...f.evidence.map(describeEvidence),
    ];
    const row = [
      f.recommendationId,
      summary.title,
      summary.severity,
      f.status,
      f.resourceId,
      f.resourceType,
      f.subscriptionId ?? '',
      evidence.join(' | '),
    ];
    yield `${row.map(field).join(',')}\r\n`;
  }
}

/** An input that could not be read, as a record: status `inputError` (never a finding's), the error as evidence. */
export function inputErrorRecord(error: InputError): string {
  return ['', 'Input not read', '', 'inputError', '', '', '', formatInputError(error)].map(field).join(',');
}

const GUARDED_START = new Set(['=', '+', '-', '@', '\t', '\r', '\0', "'"]);
const NEEDS_QUOTES = /[",\r\n]/;

/** One RFC 4180 cell; a leading formula character is neutralised so a spreadsheet shows text. */
export function field(value: string): string {
  const safe = GUARDED_START.has(value.charAt(0)) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
