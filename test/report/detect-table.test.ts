import { describe, expect, it } from 'vitest';
import { entitySummary } from '../../src/report/detect-table.ts';
import type { Alert, AlertEntities } from '../../src/threats/alerts/alert.ts';
import { entitiesWith } from '../support/alert-entities.ts';

const VM =
  '/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/RG/providers/Microsoft.Compute';

function alertWith(entities: Partial<AlertEntities>): Alert {
  return { entities: entitiesWith(entities) } as Alert;
}

describe('entitySummary', () => {
  it.each([
    [
      { hosts: ['vm-web-01'], sourceIps: ['203.0.113.5'], accounts: ['root', 'admin'] },
      'vm-web-01 from 203.0.113.5 as root +1 accounts',
    ],
    // A VM's extension or run command is the VM, once in any case.
    [
      {
        resources: [
          `${VM}/VIRTUALMACHINES/VM-WEB-01/EXTENSIONS/ENABLEVMACCESS`,
          `${VM}/virtualMachines/vm-web-01/runCommands/x`,
        ],
      },
      'VM-WEB-01',
    ],
    [{ resources: [`${VM}/disks/data-01`, `${VM}/disks/data-02`] }, 'data-01 +1 resources'],
  ])('%j → %s', (entities, summary) => {
    expect(entitySummary(alertWith(entities))).toBe(summary);
  });
});
