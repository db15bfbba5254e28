import { recommendation } from '../../../src/benchmark/catalog.ts';
import { Inventory } from '../../../src/inventory/inventory.ts';
import type { Resource } from '../../../src/inventory/resource.ts';
import { estateOf } from '../../../src/policy/estate.ts';
import { evaluatePolicies } from '../../../src/policy/evaluate.ts';
import { loadPolicyFiles } from '../../../src/policy/load.ts';
import { planPolicies } from '../../../src/policy/plan.ts';
import { assess } from '../../../src/posture/assess.ts';
import type { JsonValue } from '../../../src/util/json.ts';

const NOW = new Date('2026-06-01T00:00:00Z');

/** Which verdict wins when several children speak for one parent. */
const RANK = ['notApplicable', 'compliant', 'unknown', 'error', 'nonCompliant'];

/** One resource's verdicts: Vigil's finding status and the built-in definition's compliance. */
export interface Verdicts {
  resourceId: string;
  /** The resource's display name (subscriptions) or name, to name it in a table. */
  name: string;
  vigil: string;
  builtIn: string;
}

/**
 * Runs a Vigil recommendation and a Microsoft built-in definition (unchanged, from its file) over the
 * same estate and pairs their verdicts for every resource Vigil assesses.
 */
export async function runPair(
  recommendationId: string,
  builtInFile: string,
  builtInParameters: Record<string, JsonValue>,
  resources: readonly Resource[],
  subjectOf?: (builtInResourceId: string) => string,
): Promise<Verdicts[]> {
  const rec = recommendation(recommendationId);
  if (!rec) throw new Error(`unknown recommendation ${recommendationId}`);
  const inventory = new Inventory();
  for (const r of resources) inventory.add(structuredClone(r));

  const { findings, errors } = assess(inventory, { recommendations: [rec], now: NOW });
  if (errors.length > 0) throw new Error(`${recommendationId}: ${JSON.stringify(errors)}`);

  const loaded = await loadPolicyFiles([builtInFile]);
  if (loaded.errors.length > 0) throw new Error(`${builtInFile}: ${JSON.stringify(loaded.errors)}`);
  const plan = planPolicies(loaded.definitions, [], {
    parameters: new Map(Object.entries(builtInParameters).map(([k, v]) => [k.toLowerCase(), v])),
  });
  if (plan.errors.length > 0) throw new Error(`${builtInFile}: ${JSON.stringify(plan.errors)}`);
  const results = evaluatePolicies(plan.compiled, estateOf(inventory), {
    includeNotApplicable: true,
    now: NOW,
  });
  // A built-in may judge a child (an NSG's security rules) where Vigil judges the parent: the parent is
  // non-compliant when any child is.
  const builtIn = new Map<string, string>();
  for (const r of results) {
    const id = (subjectOf?.(r.resourceId) ?? r.resourceId).toLowerCase();
    const before = builtIn.get(id);
    if (before === undefined || RANK.indexOf(r.compliance) > RANK.indexOf(before))
      builtIn.set(id, r.compliance);
  }

  const names = new Map(
    resources.map((r) => [r.id.toLowerCase(), typeof r.displayName === 'string' ? r.displayName : r.name]),
  );
  return findings.map((f) => ({
    resourceId: f.resourceId,
    name: names.get(f.resourceId.toLowerCase()) ?? f.resourceId,
    vigil: f.status,
    builtIn: builtIn.get(f.resourceId.toLowerCase()) ?? 'notEvaluated',
  }));
}
