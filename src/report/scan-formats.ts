import type { Severity } from '../benchmark/types.ts';
import type { ScanReport } from '../posture/scan.ts';
import { renderScanCsv } from './scan-csv.ts';
import { renderScanJson } from './scan-json.ts';
import { renderScanMarkdown } from './scan-markdown.ts';
import { renderScanSarif } from './scan-sarif.ts';
import { renderScanTable } from './scan-table.ts';
import type { Style } from './style.ts';

export const FORMATS = ['table', 'json', 'sarif', 'csv', 'markdown'] as const;
export type ScanFormat = (typeof FORMATS)[number];

export interface FormatOptions {
  details: boolean;
  minSeverity: Severity;
  style: Style;
}

const RANK: Record<Severity, number> = { High: 0, Medium: 1, Low: 2 };

/** Renders a scan in one of the formats; below --min-severity, recommendations and their findings are left out. */
export function renderScan(report: ScanReport, format: ScanFormat, options: FormatOptions): string {
  const shown = atOrAbove(report, options.minSeverity);
  switch (format) {
    case 'table':
      return renderScanTable(shown, options);
    case 'json':
      return renderScanJson(shown, { details: options.details });
    case 'sarif':
      return renderScanSarif(shown);
    case 'csv':
      return renderScanCsv(shown, { details: options.details });
    case 'markdown':
      return renderScanMarkdown(shown, { details: options.details });
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
