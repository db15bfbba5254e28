import type { Resource } from '../../inventory/resource.ts';
import { normalizeId } from '../../inventory/resource-id.ts';
import type { JsonObject } from '../../util/json.ts';
import {
  flowLogReferences,
  flowLogsByTarget,
  isFlowLog,
  unlistedProperties,
} from '../flow-log-references.ts';

/**
 * An export may hold the flow logs but not the read-only `flowLogs` list ARM returns on their targets (an older
 * API version, a hand-made file): see ../flow-log-references.ts. As a snapshot loads, this keeps its flow logs
 * and the network security groups and virtual networks that have no list at all; once every file is read, it
 * gives those the list ARM would return. A list the export has, even an empty one, is ARM's answer and stays.
 */
export class FlowLogReferences {
  readonly #flowLogs: Resource[] = [];
  /** Normalised ID → the properties of a resource of that ID read without a list. */
  readonly #unlisted = new Map<string, JsonObject>();

  note(resource: Resource): void {
    if (isFlowLog(resource)) this.#flowLogs.push(resource);
    const properties = unlistedProperties(resource);
    if (properties !== undefined) this.#unlisted.set(normalizeId(resource.id), properties);
  }

  /**
   * Gives each noted resource the flow logs that target it, mutating the objects the loader parsed and the
   * Inventory holds, before it indexes them. (Where the Inventory replaced a resource by a later copy, or merged
   * two rows of one file into a new object, the object mutated is one it no longer holds: a copy with a list
   * keeps it, and a merged one goes without, as the export gave it.)
   */
  fill(): void {
    for (const [target, ids] of flowLogsByTarget(this.#flowLogs)) {
      const properties = this.#unlisted.get(target);
      if (properties !== undefined) properties.flowLogs = flowLogReferences(ids);
    }
  }
}
