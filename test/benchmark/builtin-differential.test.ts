import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runPair } from './differential/harness.ts';
import { PAIRS } from './differential/pairs.ts';

// Differential test: Microsoft's built-in definitions, run unchanged by Vigil's policy engine, are the
// oracle for "the answer Azure would give". Each recommendation and the built-in it mirrors judge the
// same estate; wherever one flags a resource the other does not, the pair must list that resource as a
// deliberate difference (stated in the recommendation's description or docs/benchmark.md).
const DEFINITIONS = fileURLToPath(
  new URL('../../../shared/corpora/azure-policy/definitions/', import.meta.url),
);
const present = existsSync(DEFINITIONS);
if (!present)
  console.warn(
    `built-in differential test skipped: ${DEFINITIONS} is absent (it ships beside the repo as ../shared)`,
  );

describe.skipIf(!present)("Vigil's recommendations against Microsoft's built-in definitions", () => {
  it.each(PAIRS.map((p) => [`${p.recommendation} ↔ ${p.builtIn}`, p] as const))('%s', async (_name, pair) => {
    const rows = await runPair(
      pair.recommendation,
      `${DEFINITIONS}${pair.builtIn}`,
      pair.parameters ?? {},
      pair.estate(),
      pair.subjectOf,
    );

    const unjudged = rows.filter((r) => !['compliant', 'nonCompliant', 'notApplicable'].includes(r.builtIn));
    expect(unjudged, 'every resource Vigil assesses gets a verdict from the built-in').toEqual([]);

    const agrees = (r: (typeof rows)[number]) => (r.vigil === 'unhealthy') === (r.builtIn === 'nonCompliant');
    const disagreements = rows
      .filter((r) => !agrees(r))
      .map((r) => `${r.name}: Vigil ${r.vigil}, built-in ${r.builtIn}`)
      .sort();
    const expected = Object.keys(pair.differences ?? {})
      .map((name) => {
        const row = rows.find((r) => r.name === name);
        return row ? `${name}: Vigil ${row.vigil}, built-in ${row.builtIn}` : `${name}: not in the estate`;
      })
      .sort();
    expect(disagreements).toEqual(expected);

    // The estate must exercise both verdicts on which the two agree, or the comparison proves little.
    const agreed = rows.filter(agrees);
    expect(agreed.some((r) => r.vigil === 'unhealthy')).toBe(true);
    expect(agreed.some((r) => r.vigil !== 'unhealthy')).toBe(true);
  });
});
