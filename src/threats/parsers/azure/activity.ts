import type { ThreatEvent } from '../../event.ts';
import { CATEGORY, TYPE } from '../ecs.ts';
import { isIp } from '../ip.ts';
import { newEvent } from '../sink.ts';
import { parseTimestamp } from '../time.ts';
import { objectAt, setResourceFields, stringOrValue } from './resource-id.ts';

const UPN = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn';
const NAME = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name';

/**
 * One Azure Activity Log record, in any of the three shapes Azure gives it out: the REST API / `az monitor
 * activity-log list` / portal JSON (`operationName: {value}`, `caller`, `status: {value}`,
 * `httpRequest.clientIpAddress`), a diagnostic export to storage or Event Hubs (`time`, `operationName`
 * as a string, `resultType`, `callerIpAddress`, `identity.claims`), and the Log Analytics AzureActivity
 * table (`OperationNameValue`, `Caller`, `CallerIpAddress`, `ActivityStatusValue`). Schema mapping:
 * azure-docs articles/azure-monitor/essentials/activity-log-schema.md.
 *
 * `event.action` is Azure's operation name as given (e.g. Microsoft.Compute/virtualMachines/write).
 */
export function activityEvent(
  r: Record<string, unknown>,
  original: string,
  path: string,
  line: number,
): ThreatEvent | string {
  const time = stringOrValue(r.eventTimestamp) ?? stringOrValue(r.time) ?? stringOrValue(r.TimeGenerated);
  const timestamp = time === undefined ? undefined : parseTimestamp(time);
  if (timestamp === undefined)
    return 'Activity Log record without a valid eventTimestamp, time or TimeGenerated';
  const operation = stringOrValue(r.operationName) ?? stringOrValue(r.OperationNameValue);
  if (operation === undefined) return 'Activity Log record without an operationName';
  const ev = newEvent('azure.activitylogs', timestamp, original, path, line);
  ev['event.action'] = operation;
  const lower = operation.toLowerCase();
  ev['event.type'] = lower.endsWith('/delete')
    ? TYPE.deletion
    : lower.endsWith('/write')
      ? TYPE.change
      : TYPE.access;

  const claims = objectAt(r, 'claims') ?? objectAt(objectAt(r, 'identity'), 'claims');
  const caller =
    stringOrValue(r.caller) ?? stringOrValue(r.Caller) ?? claim(claims, UPN) ?? claim(claims, NAME);
  if (caller !== undefined) ev['user.name'] = caller.trim();
  const ip =
    stringOrValue(r.callerIpAddress) ??
    stringOrValue(r.CallerIpAddress) ??
    stringOrValue(objectAt(r, 'httpRequest')?.clientIpAddress) ??
    claim(claims, 'ipaddr');
  if (ip !== undefined && isIp(ip)) ev['source.ip'] = ip;

  const status =
    stringOrValue(r.status) ?? stringOrValue(r.resultType) ?? stringOrValue(r.ActivityStatusValue);
  if (status !== undefined) {
    ev['azure.activitylogs.status'] = status;
    const outcome = OUTCOMES[status.toLowerCase()];
    if (outcome !== undefined) ev['event.outcome'] = outcome;
  }
  const subStatus =
    stringOrValue(r.subStatus) ?? stringOrValue(r.resultSignature) ?? stringOrValue(r.ActivitySubstatusValue);
  if (subStatus !== undefined) ev['azure.activitylogs.sub_status'] = subStatus;
  // In diagnostic exports `category` is Write/Delete/Action and the real category is properties.eventCategory,
  // "Administrative" when that is absent (activity-log-schema.md, "Schema from storage account and event hubs").
  const exported = stringOrValue(r.category);
  const category =
    stringOrValue(objectAt(r, 'properties')?.eventCategory) ??
    (exported !== undefined && EXPORT_OPERATION_KINDS.has(exported.toLowerCase())
      ? 'Administrative'
      : exported) ??
    stringOrValue(r.CategoryValue);
  if (category !== undefined) {
    ev['azure.activitylogs.category'] = category;
    if (category === 'Administrative' || category === 'Policy') ev['event.category'] = CATEGORY.configuration;
  }
  if (lower.startsWith('microsoft.authorization/')) ev['event.category'] = CATEGORY.iam;
  const level = stringOrValue(r.level) ?? stringOrValue(r.Level);
  if (level !== undefined) ev['log.level'] = level;
  const correlation = stringOrValue(r.correlationId) ?? stringOrValue(r.CorrelationId);
  if (correlation !== undefined) ev['azure.correlation_id'] = correlation;
  setResourceFields(
    ev,
    stringOrValue(r.resourceId) ?? stringOrValue(r.ResourceId) ?? stringOrValue(r._ResourceId),
  );
  const subscription = stringOrValue(r.subscriptionId) ?? stringOrValue(r.SubscriptionId);
  if (subscription !== undefined) ev['cloud.account.id'] = subscription;
  ev['cloud.provider'] = 'azure';
  return ev;
}

/** What a diagnostic export's `category` holds instead of the Activity Log category. */
const EXPORT_OPERATION_KINDS = new Set(['write', 'delete', 'action']);

const OUTCOMES: Record<string, 'success' | 'failure'> = {
  succeeded: 'success',
  success: 'success',
  resolved: 'success',
  failed: 'failure',
  failure: 'failure',
};

function claim(claims: Record<string, unknown> | undefined, name: string): string | undefined {
  return claims === undefined ? undefined : stringOrValue(claims[name]);
}
