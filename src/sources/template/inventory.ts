import { Inventory } from '../../inventory/inventory.ts';
import type { ResourceOrigin } from '../../inventory/resource.ts';
import type { TemplateExpansion } from './expand.ts';

/**
 * An expansion as an Inventory, each resource's origin its declaration in the template: file, line and
 * JSON pointer, which SARIF results point at.
 */
export function templateInventory(expansion: TemplateExpansion): Inventory {
  const inventory = new Inventory();
  for (const { resource, origin } of expansion.resources) {
    const at: ResourceOrigin = {
      file: origin.file,
      ...(origin.line !== undefined && { line: origin.line }),
      ...(origin.column !== undefined && { column: origin.column }),
      pointer: origin.pointer,
    };
    inventory.add(resource, at);
  }
  return inventory;
}
