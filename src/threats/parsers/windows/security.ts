import type { Dataset, ThreatEvent } from '../../event.ts';
import { CATEGORY, type EventAction, TYPE } from '../ecs.ts';
import { setNumber, setText, setUser } from '../fields.ts';
import { sourceAddress } from '../ip.ts';
import { baseName, newEvent } from '../sink.ts';
import { logonFailure } from './logon-failure.ts';

/** What the Windows event says about itself, from the XML `<System>` or Log Analytics columns. */
export interface WindowsEventMeta {
  eventId: number;
  timestamp: string;
  computer?: string | undefined;
  channel?: string | undefined;
  provider?: string | undefined;
  recordId?: string | undefined;
  /** `<Keywords>`, e.g. 0x8020000000000000 (audit success) or 0x8010000000000000 (audit failure). */
  keywords?: string | undefined;
}

interface Kind {
  action: EventAction;
  category: string[];
  type: string[];
  outcome?: 'success' | 'failure';
}

// https://learn.microsoft.com/windows/security/threat-protection/auditing/event-<id>
const KINDS: Record<number, Kind> = {
  1102: { action: 'audit_log_cleared', category: CATEGORY.host, type: TYPE.change, outcome: 'success' },
  4624: { action: 'logon', category: CATEGORY.authentication, type: TYPE.start, outcome: 'success' },
  4625: { action: 'logon', category: CATEGORY.authentication, type: TYPE.start, outcome: 'failure' },
  4634: { action: 'logoff', category: CATEGORY.authentication, type: TYPE.end, outcome: 'success' },
  4647: { action: 'logoff', category: CATEGORY.authentication, type: TYPE.end, outcome: 'success' },
  4648: { action: 'explicit_credentials_logon', category: CATEGORY.authentication, type: TYPE.start },
  4672: { action: 'special_privileges_assigned', category: CATEGORY.iam, type: TYPE.info },
  4688: { action: 'process_created', category: CATEGORY.process, type: TYPE.start, outcome: 'success' },
  4689: { action: 'process_terminated', category: CATEGORY.process, type: TYPE.end, outcome: 'success' },
  4720: { action: 'user_created', category: CATEGORY.iam, type: TYPE.userCreation, outcome: 'success' },
  4722: { action: 'user_enabled', category: CATEGORY.iam, type: TYPE.userChange, outcome: 'success' },
  4724: { action: 'password_reset', category: CATEGORY.iam, type: TYPE.userChange },
  4726: { action: 'user_deleted', category: CATEGORY.iam, type: TYPE.userDeletion, outcome: 'success' },
  4728: { action: 'user_added_to_group', category: CATEGORY.iam, type: TYPE.groupChange, outcome: 'success' },
  4729: { action: 'user_removed_from_group', category: CATEGORY.iam, type: TYPE.groupChange },
  4732: { action: 'user_added_to_group', category: CATEGORY.iam, type: TYPE.groupChange, outcome: 'success' },
  4733: { action: 'user_removed_from_group', category: CATEGORY.iam, type: TYPE.groupChange },
  4738: { action: 'user_modified', category: CATEGORY.iam, type: TYPE.userChange, outcome: 'success' },
  4756: { action: 'user_added_to_group', category: CATEGORY.iam, type: TYPE.groupChange, outcome: 'success' },
  4757: { action: 'user_removed_from_group', category: CATEGORY.iam, type: TYPE.groupChange },
};

const AUDIT_FAILURE = 0x10000000000000n;
const AUDIT_SUCCESS = 0x20000000000000n;

/**
 * A Windows Security event to ECS. Every EventData field is kept as `winlog.event_data.<Name>` (strings,
 * as Windows writes them); the ECS fields are filled for the events Vigil's rules use, and for the rest
 * only what every event has (code, host, channel, outcome from the audit keywords).
 */
export function windowsSecurityEvent(
  meta: WindowsEventMeta,
  data: Record<string, string>,
  dataset: Dataset,
  original: string,
  path: string,
  line: number,
): ThreatEvent {
  const ev = newEvent(dataset, meta.timestamp, original, path, line);
  const id = meta.eventId;
  ev['event.code'] = String(id);
  ev['winlog.event_id'] = id;
  setText(ev, 'host.name', meta.computer);
  setText(ev, 'winlog.computer_name', meta.computer);
  setText(ev, 'winlog.channel', meta.channel);
  setText(ev, 'winlog.provider_name', meta.provider);
  setText(ev, 'winlog.record_id', meta.recordId);
  for (const name in data) ev[`winlog.event_data.${name}`] = data[name];

  const kind = KINDS[id];
  if (kind !== undefined) {
    ev['event.action'] = kind.action;
    ev['event.category'] = kind.category;
    ev['event.type'] = kind.type;
    if (kind.outcome !== undefined) ev['event.outcome'] = kind.outcome;
  }
  const outcome = keywordOutcome(meta.keywords);
  if (outcome !== undefined && ev['event.outcome'] === undefined) ev['event.outcome'] = outcome;

  switch (id) {
    case 4624:
    case 4625:
    case 4634:
    case 4647:
      account(ev, data, 'Target', 'user');
      logon(ev, data);
      if (id === 4625) logonFailure(ev, data);
      break;
    case 4648:
      account(ev, data, 'Subject', 'user');
      account(ev, data, 'Target', 'user.target');
      setText(ev, 'destination.domain', data.TargetServerName);
      logon(ev, data);
      break;
    case 4688:
      account(ev, data, 'Subject', 'user');
      image(ev, 'process', data.NewProcessName);
      setNumber(ev, 'process.pid', data.NewProcessId);
      setText(ev, 'process.command_line', data.CommandLine);
      image(ev, 'process.parent', data.ParentProcessName);
      setNumber(ev, 'process.parent.pid', data.ProcessId);
      break;
    case 4689:
      account(ev, data, 'Subject', 'user');
      image(ev, 'process', data.ProcessName);
      setNumber(ev, 'process.pid', data.ProcessId);
      break;
    case 4728:
    case 4729:
    case 4732:
    case 4733:
    case 4756:
    case 4757:
      account(ev, data, 'Subject', 'user');
      setText(ev, 'group.name', data.TargetUserName);
      setText(ev, 'group.domain', data.TargetDomainName);
      setText(ev, 'group.id', data.TargetSid);
      member(ev, data);
      break;
    default:
      // Account management and most other events: the subject acts on the target account.
      account(ev, data, 'Subject', 'user');
      account(ev, data, 'Target', 'user.target');
  }
  if (ev['user.name'] === undefined && data.AccountName !== undefined) setUser(ev, data.AccountName);
  return ev;
}

/** `<prefix>UserName`, `<prefix>DomainName`, `<prefix>UserSid` to `<to>.name|domain|id`. */
function account(ev: ThreatEvent, data: Record<string, string>, from: string, to: string): void {
  setText(ev, `${to}.name`, data[`${from}UserName`]);
  setText(ev, `${to}.domain`, data[`${from}DomainName`]);
  setText(ev, `${to}.id`, data[`${from}UserSid`]);
}

function logon(ev: ThreatEvent, data: Record<string, string>): void {
  setNumber(ev, 'winlog.logon.type', data.LogonType);
  setText(ev, 'winlog.logon.id', data.TargetLogonId);
  const ip = data.IpAddress === undefined ? undefined : sourceAddress(data.IpAddress);
  if (ip !== undefined) ev['source.ip'] = ip;
  const port = Number(data.IpPort);
  if (Number.isInteger(port) && port > 0 && port < 65536) ev['source.port'] = port;
  setText(ev, 'source.domain', data.WorkstationName);
  image(ev, 'process', data.ProcessName);
  setNumber(ev, 'process.pid', data.ProcessId);
}

/**
 * An IPv4 client of a dual-stack listener may be logged as `::ffff:203.0.113.7`, and one client's events need
 * not all use that form: `source.ip` holds the IPv4 address, so that the client is one source in the
 * brute-force rules' group-by (the raw IpAddress stays as written).
 */
function image(ev: ThreatEvent, prefix: string, path: string | undefined): void {
  if (path === undefined || path === '' || path === '-') return;
  ev[`${prefix}.executable`] = path;
  ev[`${prefix}.name`] = baseName(path);
}

/** Group membership events name the member by distinguished name (`CN=John,OU=…`) and SID. */
function member(ev: ThreatEvent, data: Record<string, string>): void {
  const dn = data.MemberName;
  if (dn !== undefined && dn !== '' && dn !== '-') {
    const cn = dn.startsWith('CN=') ? dn.slice(3, endOfRdn(dn)) : dn;
    ev['user.target.name'] = cn;
  }
  setText(ev, 'user.target.id', data.MemberSid);
}

/** The end of the first RDN value, where an unescaped comma is. */
function endOfRdn(dn: string): number {
  for (let i = 3; i < dn.length; i++) {
    const c = dn.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === 0x2c) return i;
  }
  return dn.length;
}

function keywordOutcome(keywords: string | undefined): 'success' | 'failure' | undefined {
  if (keywords === undefined || !keywords.startsWith('0x') || keywords.length > 18) return undefined;
  let bits: bigint;
  try {
    bits = BigInt(keywords);
  } catch {
    return undefined;
  }
  if ((bits & AUDIT_FAILURE) !== 0n) return 'failure';
  if ((bits & AUDIT_SUCCESS) !== 0n) return 'success';
  return undefined;
}
