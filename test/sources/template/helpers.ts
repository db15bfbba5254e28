import { fileURLToPath } from 'node:url';
import type { Inventory } from '../../../src/inventory/inventory.ts';
import { type ScanReport, scan } from '../../../src/posture/scan.ts';
import { DEFAULT_CONTEXT } from '../../../src/sources/template/context.ts';
import {
  type ExpandOptions,
  expandTemplate,
  type TemplateExpansion,
} from '../../../src/sources/template/expand.ts';
import { templateInventory } from '../../../src/sources/template/inventory.ts';
import type { JsonValue } from '../../../src/util/json.ts';

export const SUB = DEFAULT_CONTEXT.subscriptionId;
export const RG = DEFAULT_CONTEXT.resourceGroup;
export const RG_ID = `/subscriptions/${SUB}/resourceGroups/${RG}`;
export const NOW = new Date('2026-06-01T00:00:00Z');

export const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';

export function fixture(path: string): string {
  return fileURLToPath(new URL(`../../fixtures/templates/${path}`, import.meta.url));
}

/** Expands a template written as an object in a test, as if read from `file`. */
export function expand(
  template: object,
  options: ExpandOptions = {},
  file = 'template.json',
): TemplateExpansion {
  return expandTemplate(JSON.stringify(template, null, 2), file, {
    ...options,
    context: { now: NOW, ...options.context },
  });
}

/** The templates' outputs as `{name: value}`. */
export function outputs(expansion: TemplateExpansion): Record<string, JsonValue> {
  const values: Record<string, JsonValue> = {};
  for (const [name, output] of Object.entries(expansion.outputs))
    values[name] = (output as { value: JsonValue }).value;
  return values;
}

export function messages(expansion: TemplateExpansion, severity: 'errors' | 'warnings' = 'errors'): string[] {
  return expansion[severity].map((d) => d.message);
}

export function byName(expansion: TemplateExpansion, name: string) {
  const found = expansion.resources.find((r) => r.resource.name === name);
  if (!found)
    throw new Error(
      `no resource named ${name}; have ${expansion.resources.map((r) => r.resource.name).join(', ')}`,
    );
  return found;
}

export function scanExpansion(expansion: TemplateExpansion): { report: ScanReport; inventory: Inventory } {
  const inventory = templateInventory(expansion);
  return { report: scan(inventory, { now: NOW }), inventory };
}

/** The status of one recommendation on the resource whose ID ends with `/<name>`. */
export function statusOf(report: ScanReport, recommendationId: string, name: string): string | undefined {
  return report.findings.find(
    (f) =>
      f.recommendationId === recommendationId &&
      f.resourceId.toLowerCase().endsWith(`/${name.toLowerCase()}`),
  )?.status;
}
