import { basename } from 'node:path';
import { it } from 'vitest';
import { Inventory } from '/work/main/src/inventory/inventory.ts';
import { AliasTable } from '/work/main/src/policy/aliases/index.ts';
import { compileDefinition } from '/work/main/src/policy/compile.ts';
import { estateOf } from '/work/main/src/policy/estate.ts';
import { evaluatePolicies } from '/work/main/src/policy/evaluate.ts';
import { loadPolicyFiles } from '/work/main/src/policy/load.ts';
import { CASES } from '/work/main/test/policy/conformance/cases.ts';

it('debug', async () => {
  const pick = (process.env.PICK ?? '').split('|');
  for (const c of CASES.filter((c) => pick.some((p) => `${c.definition} ${c.title}`.includes(p)))) {
    const loaded = await loadPolicyFiles([`/work/shared/corpora/azure-policy/definitions/${c.definition}`]);
    const compiled = compileDefinition(loaded.definitions[0]!, {
      table: AliasTable.load(),
      parameters: new Map(Object.entries(c.parameters ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
      parametersFrom: 'x',
    });
    const inv = new Inventory();
    for (const r of c.resources) inv.add(r);
    const subject = (c.subject ?? c.resources[0]!.id).toLowerCase();
    const results = [
      ...evaluatePolicies([compiled], estateOf(inv), {
        includeNotApplicable: true,
        explainCompliant: true,
        now: new Date('2026-01-15T12:00:00Z'),
      }),
    ];
    const r = results.find((x) => x.resourceId.toLowerCase() === subject);
    console.log(
      '=====',
      c.definition,
      '|',
      c.title,
      '→ expected',
      c.expected,
      'got',
      r?.compliance,
      r?.effect,
      r?.error ?? '',
    );
    console.log(JSON.stringify(r?.reasons, null, 1)?.slice(0, 3000));
    if (r?.related) console.log('related', JSON.stringify(r.related).slice(0, 1500));
  }
});
