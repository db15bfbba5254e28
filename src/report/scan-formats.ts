import type { Severity } from '../benchmark/types.ts';
import type { ScanReport } from '../posture/scan.ts';
import type { InputError } from '../util/input-error.ts';
import { scanCsvChunks } from './scan-csv.ts';
import { scanJsonChunks } from './scan-json.ts';
import { scanMarkdownChunks } from './scan-markdown.ts';
import { type SourceRoot, scanSarifChunks } from './scan-sarif.ts';
import { scanTableChunks } from './scan-table.ts';
import type { Style } from './style.ts';

export const FORMATS = ['table', 'json', 'sarif', 'csv', 'markdown'] as const;
export type ScanFormat = (typeof FORMATS)[number];

export interface FormatOptions {
  details: boolean;
  minSeverity: Severity;
  style: Style;
  /** SARIF: the repository its URIs are relative to. */
  sourceRoot?: SourceRoot;
  /**
   * Inputs that could not be read, in part or whole: every format says so, so that a report of what did
   * load never reads as the whole estate's.
   */
  inputErrors?: readonly InputError[];
}

const RANK: Record<Severity, number> = { High: 0, Medium: 1, Low: 2 };

/** Renders a scan in one of the formats; below --min-severity, recommendations and their findings are left out. */
export function renderScan(report: ScanReport, format: ScanFormat, options: FormatOptions): string {
  return [...scanChunks(report, format, options)].join('');
}

/** `renderScan` in pieces, for writing out a report too big for one string. */
export function scanChunks(report: ScanReport, format: ScanFormat, options: FormatOptions): Iterable<string> {
  const shown = atOrAbove(report, options.minSeverity);
  const inputErrors = options.inputErrors ?? [];
  switch (format) {
    case 'table':
      return scanTableChunks(shown, { ...options, inputErrors });
    case 'json':
      return scanJsonChunks(shown, { details: options.details, inputErrors });
    case 'sarif':
      return scanSarifChunks(shown, {
        ...(options.sourceRoot && { sourceRoot: options.sourceRoot }),
        inputErrors,
      });
    case 'csv':
      return scanCsvChunks(shown, { details: options.details, inputErrors });
    case 'markdown':
      return scanMarkdownChunks(shown, { details: options.details, inputErrors });
  }
}

function atOrAbove(report: ScanReport, minimum: Severity): ScanReport {
  if (minimum === 'Low') return report;
  const recommendations = report.recommendations.filter((r) => RANK[r.severity] <= RANK[minimum]);
  const kept = new Set(recommendations.map((r) => r.id));
  return {
    ...report,
    recommendations,
    findings: report.findings.filter((f) => kept.has(f.recommendationId)),
  };
}
