import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { planAsAssigned } from '../../bench/corpus-plan.ts';
import { generateEstate } from '../../bench/estate/generate.ts';
import { Inventory } from '../../src/inventory/inventory.ts';
import { estateOf } from '../../src/policy/estate.ts';
import { evaluatePolicies } from '../../src/policy/evaluate.ts';
import { type LoadedPolicies, loadParameterValues, loadPolicyFiles } from '../../src/policy/load.ts';
import { planPolicies } from '../../src/policy/plan.ts';
import { formatInputError } from '../../src/util/input-error.ts';

const CORPUS = fileURLToPath(new URL('../../../shared/corpora/azure-policy/', import.meta.url));
const PARAMETERS = fileURLToPath(new URL('../fixtures/corpus/assignment-parameters.json', import.meta.url));
const present = existsSync(CORPUS);
if (!present)
  console.warn(`corpus tests skipped: ${CORPUS} is absent (it ships beside the repo as ../shared)`);

describe.skipIf(!present)("Microsoft's built-in definitions (shared/corpora/azure-policy)", () => {
  let loaded: LoadedPolicies;
  let initiatives: LoadedPolicies;
  beforeAll(async () => {
    loaded = await loadPolicyFiles([`${CORPUS}definitions`]);
    initiatives = await loadPolicyFiles([`${CORPUS}initiatives`]);
  });

  it('loads every definition file and both initiatives', () => {
    expect(loaded.errors.map(formatInputError)).toEqual([]);
    expect(loaded.files).toBe(135);
    expect(loaded.definitions).toHaveLength(135);
    expect(initiatives.errors.map(formatInputError)).toEqual([]);
    expect(initiatives.initiatives.map((i) => i.name).sort()).toEqual([
      '1f3afdf9-d0c9-4c3d-847f-89da613e70a8',
      'e3ec7e09-768c-4b64-882c-fcada3772047',
    ]);
    expect(initiatives.initiatives.map((i) => i.policyDefinitions.length).sort()).toEqual([223, 414]);
  });

  it('evaluates at least 97% of them fully over a realistic estate', async () => {
    const { values } = await loadParameterValues(PARAMETERS);
    const inventory = new Inventory();
    for (const resource of generateEstate({ resources: 3000, seed: 7 })) inventory.add(resource);
    const estate = estateOf(inventory);

    const status = new Map<string, string>();
    for (const definition of loaded.definitions) {
      const file = definition.source.file.split('/').pop()!;
      const plan = planAsAssigned([definition], values);
      if (plan.errors.length > 0) {
        status.set(
          file,
          `does not compile: ${plan.errors.map((e) => `${e.pointer}: ${e.message}`).join('; ')}`,
        );
        continue;
      }
      const errors = new Set<string>();
      for (const result of evaluatePolicies(plan.compiled, estate, {
        now: new Date('2026-06-01T00:00:00Z'),
      })) {
        if (result.compliance === 'error') errors.add(result.error ?? 'error');
      }
      status.set(
        file,
        errors.size === 0 ? 'full' : `evaluation errors: ${[...errors].slice(0, 3).join(' | ')}`,
      );
    }
    const full = [...status.values()].filter((s) => s === 'full').length;
    const rest = [...status.entries()].filter(([, s]) => s !== 'full');
    console.info(
      `${full} of ${status.size} corpus definitions evaluate fully (${((100 * full) / status.size).toFixed(1)}%)` +
        rest.map(([file, why]) => `\n  ${file}: ${why}`).join(''),
    );
    expect(status.size).toBe(135);
    expect(full / status.size).toBeGreaterThanOrEqual(0.97);
  });

  it('runs the MCSB initiative over the definitions the corpus holds', async () => {
    const mcsb = initiatives.initiatives.find((i) => i.name === '1f3afdf9-d0c9-4c3d-847f-89da613e70a8')!;
    const plan = planPolicies(loaded.definitions, [mcsb], { standalone: false });
    console.info(
      `MCSB initiative: ${plan.compiled.length} references compiled; ${plan.warnings.map((w) => w.message.split(' (')[0]).join('; ')}`,
    );
    expect(plan.errors.map(formatInputError)).toEqual([]);
    expect(plan.warnings).toHaveLength(1);
    expect(plan.warnings[0]!.message).toMatch(
      /171 of 223 referenced definitions are not among the loaded definitions/,
    );
    // Every corpus definition the initiative references compiles with the values the initiative passes.
    const referenced = new Set(
      mcsb.policyDefinitions.map((r) => r.policyDefinitionId.split('/').pop()!.toLowerCase()),
    );
    const inCorpus = loaded.definitions.filter((d) => referenced.has(d.name.toLowerCase())).length;
    expect(plan.compiled.length).toBeGreaterThanOrEqual(inCorpus);
    expect(plan.compiled.every((c) => c.initiative?.name === mcsb.name)).toBe(true);
  });
});
