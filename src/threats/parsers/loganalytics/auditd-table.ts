import type { ThreatEvent } from '../../event.ts';
import { auditEvent } from '../auditd/event.ts';
import { omsAuditRecords } from '../auditd/oms.ts';

/**
 * A row of an OMS-agent auditd export (`mssg_id`, `AuditdMessage`, `Computer`): the row is already one
 * event's records, so it becomes one linux.auditd event directly.
 */
export function auditdRow(
  r: Record<string, unknown>,
  original: string,
  path: string,
  line: number,
): ThreatEvent | string {
  const id = r.mssg_id;
  const message = r.AuditdMessage;
  if (typeof id !== 'string' || typeof message !== 'string')
    return 'auditd row without mssg_id and AuditdMessage';
  const records = omsAuditRecords(message, id, line);
  if (typeof records === 'string') return records;
  if (records.length === 0) return 'AuditdMessage holds no records';
  const event = auditEvent(records, path, typeof r.Computer === 'string' ? r.Computer : undefined);
  if (typeof event !== 'string') event['log.original'] = original;
  return event;
}
