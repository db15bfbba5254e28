import type { TemplateExpansion } from './expand.ts';

export const SNAPSHOT_FORMATS = ['json', 'jsonl'] as const;
export type SnapshotFormat = (typeof SNAPSHOT_FORMATS)[number];

/**
 * The expanded resources as a snapshot the snapshot loader reads back: an ARM list response
 * (`{"value": [...]}`) or JSON Lines, one resource per line. Unknowns stay as `{"$vigilUnknown": …}`.
 */
export function renderSnapshot(expansion: TemplateExpansion, format: SnapshotFormat): string {
  const resources = expansion.resources.map((r) => r.resource);
  if (format === 'jsonl') return resources.map((r) => `${JSON.stringify(r)}\n`).join('');
  return `${JSON.stringify({ value: resources }, null, 2)}\n`;
}
