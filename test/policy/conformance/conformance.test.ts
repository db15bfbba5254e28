import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { Inventory } from '../../../src/inventory/inventory.ts';
import { AliasTable } from '../../../src/policy/aliases/index.ts';
import { compileDefinition } from '../../../src/policy/compile.ts';
import type { PolicyDefinition } from '../../../src/policy/definition.ts';
import { estateOf } from '../../../src/policy/estate.ts';
import { evaluatePolicies, type PolicyResult } from '../../../src/policy/evaluate.ts';
import { loadPolicyFiles } from '../../../src/policy/load.ts';
import { CASES, type ConformanceCase } from './cases.ts';

const CORPUS = new URL('../../../../shared/corpora/azure-policy/', import.meta.url);
const DEFINITIONS = new URL('definitions/', CORPUS);
const haveCorpus = existsSync(DEFINITIONS);
if (!haveCorpus) {
  console.warn(
    `skipping Azure Policy conformance cases: ${fileURLToPath(DEFINITIONS)} is absent (the corpus lives in shared/)`,
  );
}

// A fixed clock: definitions that read utcNow() must give the same answer on every run.
const NOW = new Date('2026-01-15T12:00:00Z');

describe('the conformance table', () => {
  const definitions = new Set(CASES.map((c) => c.definition));

  it('covers at least 60 cases over at least 30 definitions', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
    expect(definitions.size).toBeGreaterThanOrEqual(30);
  });

  it.each([...definitions])('%s has a compliant and a non-compliant case', (definition) => {
    const outcomes = new Set(CASES.filter((c) => c.definition === definition).map((c) => c.expected));
    expect(outcomes).toContain('compliant');
    expect(outcomes).toContain('nonCompliant');
  });

  it.each(CASES.map((c) => [label(c), c] as const))('%s names a resource of its estate', (_, c) => {
    expect(inventoryOf(c).has(subjectOf(c))).toBe(true);
  });
});

describe.skipIf(!haveCorpus)('Azure Policy conformance: built-in definitions, real resources', () => {
  const byFile = new Map<string, PolicyDefinition>();

  beforeAll(async () => {
    const files = [...new Set(CASES.map((c) => c.definition))].map((file) =>
      fileURLToPath(new URL(encodeURIComponent(file), DEFINITIONS)),
    );
    const loaded = await loadPolicyFiles(files);
    expect(loaded.errors).toEqual([]);
    for (const definition of loaded.definitions) byFile.set(basename(definition.source.file), definition);
  });

  it.each(CASES.map((c) => [label(c), c] as const))('%s', (_, c) => {
    const definition = byFile.get(c.definition);
    if (!definition) throw new Error(`${c.definition} is not in the corpus`);
    const result = evaluateCase(definition, c);
    const outcome: string = result
      ? result.compliance === 'error'
        ? `error: ${result.error}`
        : result.compliance
      : 'noRecord';
    expect(outcome, c.why).toBe(c.expected);
    if (c.effect !== undefined) expect(result?.effect).toBe(c.effect);
    if (c.reason !== undefined) {
      const { message, ...fields } = c.reason;
      expect(result?.reasons).toContainEqual(
        expect.objectContaining({
          ...fields,
          ...(message !== undefined && { message: expect.stringContaining(message) }),
        }),
      );
    }
  });
});

function evaluateCase(definition: PolicyDefinition, c: ConformanceCase): PolicyResult | undefined {
  const compiled = compileDefinition(definition, {
    table: AliasTable.load(),
    parameters: new Map(Object.entries(c.parameters ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
    parametersFrom: `the case "${c.title}"`,
  });
  const subject = subjectOf(c).toLowerCase();
  const results = evaluatePolicies([compiled], estateOf(inventoryOf(c)), {
    includeNotApplicable: true,
    now: NOW,
  });
  for (const result of results) if (result.resourceId.toLowerCase() === subject) return result;
  return undefined;
}

function inventoryOf(c: ConformanceCase): Inventory {
  const inventory = new Inventory();
  for (const resource of c.resources) inventory.add(resource);
  return inventory;
}

function subjectOf(c: ConformanceCase): string {
  const subject = c.subject ?? c.resources[0]?.id;
  if (subject === undefined) throw new Error(`case "${c.title}" has no resources`);
  return subject;
}

function label(c: ConformanceCase): string {
  return `${c.definition}: ${c.title} → ${c.expected}`;
}
