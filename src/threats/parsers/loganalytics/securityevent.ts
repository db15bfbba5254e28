import type { ThreatEvent } from '../../event.ts';
import { setFoldedUser, setUser } from '../fields.ts';
import { parseTimestamp } from '../time.ts';
import { parseEventXml } from '../windows/event-xml.ts';
import { windowsSecurityEvent } from '../windows/security.ts';

/**
 * Columns of the Log Analytics SecurityEvent table that describe the record rather than carry the event's
 * own EventData (learn.microsoft.com/azure/azure-monitor/reference/tables/securityevent). Everything else
 * is an EventData field by its Windows name and goes to `winlog.event_data.*`.
 */
const ENVELOPE = new Set([
  '',
  'TenantId',
  'SourceSystem',
  'TimeGenerated',
  'TimeCollected',
  'TimeCreatedUtc',
  'Computer',
  'EventSourceName',
  'Channel',
  'Task',
  'Level',
  'EventLevelName',
  'EventData',
  'EventID',
  'Activity',
  'SourceComputerId',
  'EventOriginId',
  'MG',
  'ManagementGroupName',
  'Type',
  '_ResourceId',
  '_SubscriptionId',
  '_ItemId',
  '_BilledSize',
  '_IsBillable',
  'AccountType',
  'Account',
  'SubjectAccount',
  'TargetAccount',
  'LogonTypeName',
  'PartitionKey',
  'RowKey',
  'StorageAccount',
  'AzureDeploymentID',
  'AzureTableName',
  'EventRecordId',
  // `az monitor log-analytics query` adds the result table's name to every row.
  'TableName',
]);

/** One SecurityEvent row (JSON or CSV export) as a windows.security event. */
export function securityEventRow(
  r: Record<string, unknown>,
  original: string,
  path: string,
  line: number,
): ThreatEvent | string {
  const eventId = Number(r.EventID);
  if (!Number.isInteger(eventId)) return 'SecurityEvent row without a numeric EventID';
  const time = r.TimeGenerated ?? r.TimeCreatedUtc;
  const timestamp = typeof time === 'string' ? parseTimestamp(time) : undefined;
  if (timestamp === undefined) return 'SecurityEvent row without a valid TimeGenerated';
  const data: Record<string, string> = {};
  for (const key in r) {
    if (ENVELOPE.has(key)) continue;
    const v = r[key];
    if (v === null || v === undefined || v === '') continue;
    data[key] = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
  // Events whose fields have no columns of their own keep them as XML in the EventData column.
  const xml = r.EventData;
  if (typeof xml === 'string' && xml.startsWith('<')) {
    const parsed = parseEventXml(`<Event><System><EventID>${eventId}</EventID></System>${xml}</Event>`);
    if (typeof parsed !== 'string') {
      for (const [k, v] of Object.entries({ ...parsed.data, ...parsed.userData })) data[k] ??= v;
    }
  }
  // A query that projects LogonTypeName (`10 - RemoteInteractive`) but not LogonType still names the type.
  const typeName = typeof r.LogonTypeName === 'string' ? r.LogonTypeName : '';
  const dash = typeName.indexOf(' - ');
  if (
    data.LogonType === undefined &&
    dash > 0 &&
    dash <= 2 &&
    Number.isInteger(Number(typeName.slice(0, dash)))
  ) {
    data.LogonType = typeName.slice(0, dash);
  }
  const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  const ev = windowsSecurityEvent(
    {
      eventId,
      timestamp,
      computer: text(r.Computer),
      channel: text(r.Channel),
      provider: text(r.EventSourceName),
      recordId: text(r.EventRecordId),
    },
    data,
    'windows.security',
    original,
    path,
    line,
  );
  // A projected export (`| project TimeGenerated, Computer, EventID, Account, IpAddress`) may keep only the
  // `DOMAIN\name` columns Log Analytics derives from the event. Account is the target of a logon and the
  // subject of a process event (as in Azure-Sentinel's SecurityEvent sample data); for other events it is
  // not relied on.
  const logon = LOGON_EVENTS.has(eventId);
  if (ev['user.name'] === undefined) setUser(ev, logon ? r.TargetAccount : r.SubjectAccount);
  if (ev['user.name'] === undefined && (logon || PROCESS_EVENTS.has(eventId))) setUser(ev, r.Account);
  setFoldedUser(ev);
  return ev;
}

/** Events whose user is the target account (windowsSecurityEvent reads TargetUserName into user.name). */
const LOGON_EVENTS = new Set([4624, 4625, 4634, 4647]);
const PROCESS_EVENTS = new Set([4688, 4689]);
