import type { Alert } from '../threats/alerts/index.ts';
import { ATTACK_ATTRIBUTION, ATTACK_VERSION } from '../threats/attack/index.ts';
import type { DetectResult } from '../threats/detect.ts';
import type { Incident } from '../threats/incidents/index.ts';
import { formatInputError } from '../util/input-error.ts';

/**
 * `--format json`: one document, `{stats, alerts, incidents, errors, warnings, attack}`; errors and warnings
 * as located messages (`file:line: message`); `attack` the ATT&CK version the tactics and techniques come from,
 * with MITRE's copyright designation (its licence asks copies to carry it). Alerts are in first-seen order,
 * incidents likewise.
 */
export function renderDetectJson(result: DetectResult): string {
  return `${JSON.stringify(
    {
      stats: result.stats,
      alerts: result.alerts,
      incidents: result.incidents,
      errors: result.errors.map(formatInputError),
      warnings: result.warnings.map(formatInputError),
      attack: ATTACK,
    },
    null,
    2,
  )}\n`;
}

const ATTACK = { version: ATTACK_VERSION, attribution: ATTACK_ATTRIBUTION };

/**
 * `--format jsonl`: one JSON object per line, each with a `type`: `alert` lines as alerts become final
 * (while input is still being read), then `incident` lines, then one `stats` line.
 */
export function alertLine(alert: Alert): string {
  return `${JSON.stringify({ type: 'alert', ...alert })}\n`;
}

export function detectTrailerLines(result: DetectResult): string {
  const incidents = result.incidents.map((i: Incident) => JSON.stringify({ type: 'incident', ...i }));
  const stats = JSON.stringify({
    type: 'stats',
    ...result.stats,
    errors: result.errors.map(formatInputError),
    warnings: result.warnings.map(formatInputError),
    attack: ATTACK,
  });
  return `${[...incidents, stats].join('\n')}\n`;
}
