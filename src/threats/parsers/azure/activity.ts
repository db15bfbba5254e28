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
  const exported = stringOrValue(r.category);
  if (exported !== undefined && !ACTIVITY_CATEGORIES.has(exported.toLowerCase())) {
    return `Azure resource log record (category ${exported.slice(0, 80)}), not the Activity Log: not read`;
  }
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
    const lowerStatus = status.toLowerCase();
    ev['azure.activitylogs.status'] = STATUS_NAMES[lowerStatus] ?? status;
    const outcome = OUTCOMES[lowerStatus];
    if (outcome !== undefined) ev['event.outcome'] = outcome;
  }
  const signature = stringOrValue(r.resultSignature);
  const subStatus =
    stringOrValue(r.subStatus) ??
    (signature === undefined ? undefined : signatureSubStatus(signature)) ??
    stringOrValue(r.ActivitySubstatusValue);
  if (subStatus !== undefined) ev['azure.activitylogs.sub_status'] = subStatus;
  // In diagnostic exports `category` is Write/Delete/Action and the real category is properties.eventCategory,
  // "Administrative" when that is absent (activity-log-schema.md, "Schema from storage account and event hubs").
  const category =
    stringOrValue((objectAt(r, 'properties') ?? jsonObject(r.properties))?.eventCategory) ??
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
  // Exports write "Information" for the REST API's "Informational" (activity-log-schema.md, "Severity Level").
  if (level !== undefined) ev['log.level'] = level === 'Information' ? 'Informational' : level;
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

/**
 * The Activity Log's categories (activity-log-schema.md, "Categories"), and what exports write instead. A
 * resource's own logs share the export schema (`time`, `operationName`, `resourceId`, `category`) and sit beside
 * it in the same storage account or event hub (Key Vault `AuditEvent`, NSG `NetworkSecurityGroupEvent`, Entra
 * `SignInLogs`…): their `category` names the log, and they are not Activity Log records.
 */
const ACTIVITY_CATEGORIES = new Set([
  'administrative',
  'servicehealth',
  'resourcehealth',
  'alert',
  'autoscale',
  'recommendation',
  'security',
  'policy',
  ...EXPORT_OPERATION_KINDS,
]);

/**
 * The status as the REST API and `az monitor activity-log list` name it (`status.value`), whatever the shape:
 * diagnostic exports and the AzureActivity table write Start, Accept, Success and Failure for the same records
 * (activity-log-schema.md: resultType is status.value), so a rule on `status` reads every shape alike.
 */
const STATUS_NAMES: Record<string, string> = {
  start: 'Started',
  started: 'Started',
  accept: 'Accepted',
  accepted: 'Accepted',
  success: 'Succeeded',
  succeeded: 'Succeeded',
  failure: 'Failed',
  failed: 'Failed',
};

/**
 * A diagnostic export's resultSignature is `<status>.<subStatus>` (`Succeeded.Created`, `Failed.Forbidden`,
 * `Started.` with none), where the REST API and AzureActivity give the sub-status alone (`Created`).
 */
function signatureSubStatus(signature: string): string | undefined {
  const dot = signature.indexOf('.');
  if (dot === -1 || STATUS_NAMES[signature.slice(0, dot).toLowerCase()] === undefined) return signature;
  return dot + 1 === signature.length ? undefined : signature.slice(dot + 1);
}

const OUTCOMES: Record<string, 'success' | 'failure'> = {
  succeeded: 'success',
  success: 'success',
  resolved: 'success',
  failed: 'failure',
  failure: 'failure',
};

/** Some pipelines pass a record's `properties` on as JSON text rather than an object. */
function jsonObject(value: unknown): Record<string, unknown> | undefined {
  if (typeof value !== 'string' || !value.startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function claim(claims: Record<string, unknown> | undefined, name: string): string | undefined {
  return claims === undefined ? undefined : stringOrValue(claims[name]);
}
