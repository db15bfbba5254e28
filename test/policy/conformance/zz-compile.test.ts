import { it } from 'vitest';
import { AliasTable } from '/work/main/src/policy/aliases/index.ts';
import { compileDefinition } from '/work/main/src/policy/compile.ts';
import { loadPolicyFiles } from '/work/main/src/policy/load.ts';

it('compile all', async () => {
  const loaded = await loadPolicyFiles(['/work/shared/corpora/azure-policy/definitions']);
  console.log('load errors', loaded.errors);
  for (const d of loaded.definitions) {
    const params = new Map<string, any>();
    for (const [k, p] of Object.entries(d.parameters))
      if (p.defaultValue === undefined)
        params.set(
          k.toLowerCase(),
          p.type.toLowerCase() === 'array' ? [] : p.type.toLowerCase() === 'boolean' ? true : 'x',
        );
    try {
      compileDefinition(d, { table: AliasTable.load(), parameters: params, parametersFrom: 'x' });
    } catch (e: any) {
      console.log(d.source.file.split('/').pop(), '→', e.message, e.pointer ?? '');
    }
  }
});
