import { describe, expect, it } from 'vitest';
import { benchTemplateDocument, GROUPS, PER_GROUP } from '../../bench/template.ts';
import { expandTemplate } from '../../src/sources/template/expand.ts';

describe('bench/template', () => {
  it('expands its template into 1,000 resources without a problem, so the bench measures real work', () => {
    const expansion = expandTemplate(JSON.stringify(benchTemplateDocument()), 'bench.json');
    expect(expansion.errors).toEqual([]);
    expect(expansion.warnings).toEqual([]);
    expect(expansion.resources).toHaveLength(1000);
    expect(GROUPS * PER_GROUP).toBe(1000);
    const vm = expansion.resources.find((r) => r.resource.name === 'bench-vm-7')!.resource;
    expect(vm).toMatchObject({
      tags: { workload: 'bench', owner: 'bench', index: '6' },
      properties: {
        securityProfile: { encryptionAtHost: true },
        storageProfile: { dataDisks: [{ lun: 0 }, { lun: 1 }, { lun: 2 }, { lun: 3 }] },
      },
    });
  });
});
