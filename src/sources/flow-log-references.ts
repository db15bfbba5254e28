import type { Resource } from '../inventory/resource.ts';
import { normalizeId, normalizeType } from '../inventory/resource-id.ts';
import { getProperty, type JsonObject, type JsonValue, propertiesOf } from '../util/json.ts';
import { isUnknown } from '../util/unknown.ts';

// ARM returns on a network security group and on a virtual network the Network Watcher flow logs whose
// `properties.targetResourceId` is that resource: a read-only `properties.flowLogs`, `[{ id }]`, a disabled
// flow log included. Microsoft's built-ins count its entries and read nothing else (c251913d,
// NetworkSecurityGroup_FlowLog_Audit: `Microsoft.Network/networkSecurityGroups/flowLogs[*]`; 4c3c6c5f,
// VirtualNetwork_FlowLog_Audit: `Microsoft.Network/virtualNetworks/flowLogs[*]`). An input can hold a flow
// log without its target's list — a template declares only the flow log, an export may leave the read-only
// list out — so the sources give the target the list ARM would return, from the flow logs they hold.

const FLOW_LOG_TYPE = normalizeType('Microsoft.Network/networkWatchers/flowLogs');
const LISTED_ON = new Set(
  ['Microsoft.Network/networkSecurityGroups', 'Microsoft.Network/virtualNetworks'].map(normalizeType),
);

export function isFlowLog(resource: Resource): boolean {
  return normalizeType(resource.type) === FLOW_LOG_TYPE;
}

/** Whether ARM lists on the resource the flow logs that target it. */
function listsFlowLogs(resource: Resource): boolean {
  return LISTED_ON.has(normalizeType(resource.type));
}

/**
 * The target of each flow log (its ID as a key, compared case-insensitively as Azure compares IDs) → the IDs
 * of the flow logs that target it, in the order given. A target that is not a string (a template's value known
 * only at deployment) names no resource.
 */
export function flowLogsByTarget(flowLogs: Iterable<Resource>): Map<string, string[]> {
  const byTarget = new Map<string, string[]>();
  for (const flowLog of flowLogs) {
    const target = flowLogTarget(flowLog);
    if (typeof target !== 'string' || target === '') continue;
    const key = normalizeId(target);
    const ids = byTarget.get(key);
    if (ids === undefined) byTarget.set(key, [flowLog.id]);
    else if (!ids.some((id) => normalizeId(id) === normalizeId(flowLog.id))) ids.push(flowLog.id);
  }
  return byTarget;
}

/** A flow log's `properties.targetResourceId`, as given. */
export function flowLogTarget(flowLog: Resource): JsonValue | undefined {
  const properties = propertiesOf(flowLog);
  return properties && getProperty(properties, 'targetResourceId');
}

/**
 * The properties of a resource that lists flow logs but has no list (absent, or null as Resource Graph writes
 * a missing value), which a source may fill in; undefined when it has one — ARM's answer, kept whatever it
 * holds — or has no properties object to hold one (none, or a template's value known only at deployment).
 */
export function unlistedProperties(resource: Resource): JsonObject | undefined {
  if (!listsFlowLogs(resource)) return undefined;
  const properties = propertiesOf(resource);
  if (properties === undefined || isUnknown(properties)) return undefined;
  const given = getProperty(properties, 'flowLogs');
  return given === undefined || given === null ? properties : undefined;
}

/** The list ARM returns for flow logs with these IDs. */
export function flowLogReferences(ids: readonly string[]): JsonObject[] {
  return ids.map((id) => ({ id }));
}
