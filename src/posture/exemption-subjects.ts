import type { Inventory } from '../inventory/inventory.ts';
import { managementGroupsIn } from '../policy/scope-membership.ts';
import type { ExemptionSubjects } from './exemptions.ts';

/** What exemptions need to know about the scanned resources, from the snapshot (see scope-membership.ts). */
export function inventorySubjects(inventory: Inventory): ExemptionSubjects {
  return {
    locationOf: (finding) => {
      const location = inventory.get(finding.resourceId)?.location;
      return typeof location === 'string' && location !== '' ? location : undefined;
    },
    managementGroupsOf: managementGroupsIn(inventory),
  };
}
