/**
 * Policy engine throughput: every corpus definition over a generated estate of realistic shape,
 * reported against JSON.parse of the same snapshot measured in the same run (the ratio is what
 * we hold ourselves to: evaluation should cost at most 3× parsing the input).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Inventory } from '../src/inventory/inventory.ts';
import type { Resource } from '../src/inventory/resource.ts';
import { estateOf } from '../src/policy/estate.ts';
import { evaluatePolicies, newStats } from '../src/policy/evaluate.ts';
import { loadParameterValues, loadPolicyFiles } from '../src/policy/load.ts';
import { planAsAssigned } from './corpus-plan.ts';
import { generateEstate } from './estate/generate.ts';
import { type BenchResult, bestOf } from './measure.ts';

const CORPUS = fileURLToPath(new URL('../../shared/corpora/azure-policy/definitions', import.meta.url));
const DEMO = fileURLToPath(new URL('../demo/policies', import.meta.url));
const PARAMETERS = fileURLToPath(
  new URL('../test/fixtures/corpus/assignment-parameters.json', import.meta.url),
);

export async function benchPolicy(resources: number): Promise<BenchResult> {
  const source = existsSync(CORPUS) ? CORPUS : DEMO;
  const notes: string[] =
    source === DEMO ? ['../shared is absent: measured with demo/policies instead of the corpus'] : [];

  const estate = generateEstate({ resources, seed: 42 });
  const snapshot = JSON.stringify({ count: estate.length, data: estate });
  const parseMs = bestOf(5, () => JSON.parse(snapshot));

  const parsed = JSON.parse(snapshot) as { data: Resource[] };
  const inventory = new Inventory();
  for (const r of parsed.data) inventory.add(r);
  const policyEstate = estateOf(inventory);

  const loaded = await loadPolicyFiles([source]);
  const { values } = await loadParameterValues(PARAMETERS);
  const plan = planAsAssigned(loaded.definitions, values);
  if (plan.errors.length > 0) notes.push(`${plan.errors.length} definition(s) did not compile`);

  let stats = newStats();
  // Both sides are measured warm: JSON.parse is native code, the engine's closures need the JIT.
  const evalMs = bestOf(5, () => {
    stats = newStats();
    for (const _ of evaluatePolicies(
      plan.compiled,
      policyEstate,
      { now: new Date('2026-06-01T00:00:00Z') },
      stats,
    )) {
      // Results are produced and dropped, as a consumer streaming them out would.
    }
  });
  return {
    name: 'policy',
    detail: `${plan.compiled.length} definitions × ${inventory.size} resources (${(snapshot.length / 2 ** 20).toFixed(0)} MiB snapshot)`,
    throughput: `${Math.round(stats.evaluations / (evalMs / 1000)).toLocaleString('en-US')} rule evaluations/s; ${Math.round(stats.pairs / (evalMs / 1000)).toLocaleString('en-US')} (definition, resource) pairs/s`,
    baseline: `JSON.parse of the snapshot: ${parseMs.toFixed(0)} ms; evaluation: ${evalMs.toFixed(0)} ms`,
    ratio: evalMs / parseMs,
    target: 3,
    notes,
  };
}
