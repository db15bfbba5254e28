import { Inventory } from '/work/main/src/inventory/inventory.ts';
import { estateOf } from '/work/main/src/policy/estate.ts';
import { evaluatePolicies, newStats } from '/work/main/src/policy/evaluate.ts';
import { loadPolicyFiles, loadParameterValues } from '/work/main/src/policy/load.ts';
import { planAsAssigned } from '/work/main/bench/corpus-plan.ts';
import { generateEstate } from '/work/main/bench/estate/generate.ts';
const est0 = generateEstate({ resources: 40000, seed: 42 });
const snap = JSON.stringify({ data: est0 });
const inv = new Inventory();
for (const r of (JSON.parse(snap) as any).data) inv.add(r);
const loaded = await loadPolicyFiles(['/work/shared/corpora/azure-policy/definitions']);
const { values } = await loadParameterValues('/work/main/test/fixtures/corpus/assignment-parameters.json');
const plan = planAsAssigned(loaded.definitions, values);
const est = estateOf(inv);
let bestE = Infinity, bestP = Infinity;
for (let i = 0; i < 10; i++) {
  let t = performance.now(); JSON.parse(snap); bestP = Math.min(bestP, performance.now() - t);
  t = performance.now(); for (const _ of evaluatePolicies(plan.compiled, est, {}, newStats())); bestE = Math.min(bestE, performance.now() - t);
}
console.log(`eval ${bestE.toFixed(0)} parse ${bestP.toFixed(0)} ratio ${(bestE / bestP).toFixed(2)}`);
