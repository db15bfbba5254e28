import { normalizeId } from '../../inventory/resource-id.ts';
import { isUnknown } from '../../util/unknown.ts';
import {
  flowLogReferences,
  flowLogsByTarget,
  flowLogTarget,
  isFlowLog,
  unlistedProperties,
} from '../flow-log-references.ts';
import type { ExpandedResource } from './units.ts';

/**
 * A template declares a flow log with its target; the target's read-only `flowLogs` list is ARM's to fill in
 * once both are deployed (see ../flow-log-references.ts). The expansion fills it in from the template's own flow
 * logs, as it fills in provisioningState, so a network security group or virtual network the template logs is
 * not judged unlogged before deployment. A list the template gives itself is left as given. Where a flow log's
 * target is known only at deployment, a resource no other flow log targets gets that unknown as its list: it
 * may be the target, and its verdict is unknown rather than a guess.
 */
export function withFlowLogReferences(resources: ExpandedResource[]): ExpandedResource[] {
  const flowLogs = resources.flatMap((r) => (isFlowLog(r.resource) ? [r.resource] : []));
  if (flowLogs.length === 0) return resources;
  const byTarget = flowLogsByTarget(flowLogs);
  const unknownTarget = flowLogs.map(flowLogTarget).find(isUnknown);
  return resources.map((expanded) => {
    const properties = unlistedProperties(expanded.resource);
    const ids = byTarget.get(normalizeId(expanded.resource.id));
    const list = ids === undefined ? unknownTarget : flowLogReferences(ids);
    if (properties === undefined || list === undefined) return expanded;
    // A copy: the evaluated properties may be a variable's value, shared and frozen.
    return { ...expanded, resource: { ...expanded.resource, properties: { ...properties, flowLogs: list } } };
  });
}
