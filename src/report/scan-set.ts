import { createHash } from 'node:crypto';
import type { ScanSetEntry } from '../posture/scan-job.ts';
import type { InputError } from '../util/input-error.ts';
import { printable } from '../util/printable.ts';
import { field, inputErrorRecord } from './scan-csv.ts';
import { type FormatOptions, renderScan, type ScanFormat } from './scan-formats.ts';
import { codeSpan, inputErrorsMarkdown } from './scan-markdown.ts';
import {
  FINGERPRINT,
  GITHUB_FINGERPRINT,
  inputErrorNotification,
  type SarifLog,
  sourcePath,
} from './scan-sarif.ts';

/**
 * Several scans in one output: a snapshot and each ARM template are assessed on their own (a template
 * is one deployment; two templates naming a `vnet` must not be one resource), and reported per input.
 * Table and Markdown print one report per input under a heading; JSON gives each report its `source`
 * (an array when there are several); CSV adds an `input` column; SARIF is one run whose results point
 * into each template, as GitHub code scanning wants a single run per tool.
 *
 * Inputs that could not be read are said once for the whole output (Table, Markdown: above the reports;
 * CSV: rows first, `input` the file; SARIF: the invocation's notifications), and in each JSON report's
 * summary, so that every report read on its own still says the run was incomplete.
 */

export function renderScanSet(
  entries: readonly ScanSetEntry[],
  format: ScanFormat,
  options: FormatOptions,
): string {
  const inputErrors = options.inputErrors ?? [];
  const each = { ...options, inputErrors: [] };
  switch (format) {
    case 'table':
    case 'markdown':
      return (
        inputErrorsBlock(format, options) +
        entries
          .map((e) => `${heading(e, format, options)}\n\n${renderScan(e.report, format, each)}`)
          .join('\n')
      );
    case 'json': {
      const reports = entries.map((e) => ({
        source: sourceOf(e),
        ...JSON.parse(renderScan(e.report, 'json', options)),
      }));
      return `${JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2)}\n`;
    }
    case 'csv':
      return csvWithInput(entries, each, inputErrors);
    case 'sarif': {
      const log = mergedSarif(entries, each);
      const invocation = log.runs[0]!.invocations[0]!;
      invocation.toolExecutionNotifications.unshift(
        ...inputErrors.map((e) => inputErrorNotification(e, options.sourceRoot)),
      );
      if (inputErrors.length > 0) invocation.executionSuccessful = false;
      return `${JSON.stringify(log, null, 2)}\n`;
    }
  }
}

function inputErrorsBlock(format: 'table' | 'markdown', options: FormatOptions): string {
  const errors = options.inputErrors ?? [];
  if (errors.length === 0) return '';
  if (format === 'markdown') return `${inputErrorsMarkdown(errors).join('\n')}\n`;
  return `${options.style.red(`Incomplete: ${errors.length} input error(s); what could not be read is in none of the reports below (the errors are on standard error).`)}\n\n`;
}

function sourceOf(entry: ScanSetEntry): Record<string, string> {
  return {
    kind: entry.kind,
    input: entry.input,
    ...(entry.parametersFile !== undefined && { parameters: entry.parametersFile }),
  };
}

function heading(entry: ScanSetEntry, format: 'table' | 'markdown', options: FormatOptions): string {
  const what = entry.kind === 'template' ? 'Template' : 'Snapshot';
  const parameters = entry.parametersFile;
  if (format === 'markdown')
    return `## ${what} ${codeSpan(entry.input)}${parameters !== undefined ? ` with ${codeSpan(parameters)}` : ''}`;
  return options.style.bold(
    `== ${what} ${printable(entry.input)}${parameters !== undefined ? ` with ${printable(parameters)}` : ''}`,
  );
}

/** Each report's CSV with the input as a first column; the header once, then the inputs not read. */
function csvWithInput(
  entries: readonly ScanSetEntry[],
  options: FormatOptions,
  inputErrors: readonly InputError[],
): string {
  const out: string[] = [];
  entries.forEach((entry, i) => {
    const records = csvRecords(renderScan(entry.report, 'csv', options));
    const cell = field(entry.input);
    records.forEach((record, r) => {
      if (r === 0) {
        if (i === 0)
          out.push(`input,${record}`, ...inputErrors.map((e) => `${field(e.file)},${inputErrorRecord(e)}`));
      } else {
        out.push(`${cell},${record}`);
      }
    });
  });
  return `${out.join('\r\n')}\r\n`;
}

/** Splits RFC 4180 text into records at CRLFs outside quotes (a quoted cell may hold line breaks). */
function csvRecords(text: string): string[] {
  const records: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) quoted = !quoted;
    else if (!quoted && c === 0x0d && text.charCodeAt(i + 1) === 0x0a) {
      records.push(text.slice(start, i));
      start = i + 2;
      i++;
    }
  }
  if (start < text.length) records.push(text.slice(start));
  return records;
}

/**
 * One SARIF run over every input. Rules are merged by id; a template's results get fingerprints that
 * include the template file, so two templates declaring the same resource name stay separate alerts.
 */
function mergedSarif(entries: readonly ScanSetEntry[], options: FormatOptions): SarifLog {
  const logs = entries.map((e) => JSON.parse(renderScan(e.report, 'sarif', options)) as SarifLog);
  const merged = logs[0]!;
  const run = merged.runs[0]!;
  const ruleIndex = new Map(run.tool.driver.rules.map((r, i) => [r.id, i]));
  const invocation = run.invocations[0]!;
  const resultsOf = logs.map((log) => log.runs[0]!.results);
  run.results = [];
  logs.forEach((log, i) => {
    const entry = entries[i]!;
    const source = log.runs[0]!;
    for (const rule of source.tool.driver.rules) {
      if (ruleIndex.has(rule.id)) continue;
      ruleIndex.set(rule.id, run.tool.driver.rules.length);
      run.tool.driver.rules.push(rule);
    }
    for (const result of resultsOf[i]!) {
      result.ruleIndex = ruleIndex.get(result.ruleId)!;
      if (entry.kind === 'template') {
        const base = result.partialFingerprints[FINGERPRINT] ?? '';
        const path = sourcePath(entry.input, options.sourceRoot);
        const print = createHash('sha256').update(`${base}\u0000${path}`).digest('hex');
        result.partialFingerprints[FINGERPRINT] = print;
        result.partialFingerprints[GITHUB_FINGERPRINT] = print;
      }
      run.results.push(result);
    }
    if (i > 0) {
      const other = source.invocations[0]!;
      invocation.executionSuccessful &&= other.executionSuccessful;
      invocation.toolExecutionNotifications.push(...other.toolExecutionNotifications);
    }
  });
  return merged;
}
