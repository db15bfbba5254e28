import type { ThreatEvent } from '../../event.ts';
import { CATEGORY, type EventAction, TYPE } from '../ecs.ts';
import { setNumber, setText } from '../fields.ts';
import { isIp, sourceAddress } from '../ip.ts';
import { baseName, newEvent } from '../sink.ts';
import { isoFromMs } from '../time.ts';
import type { AuditRecord } from './record.ts';

interface Kind {
  action: EventAction;
  category: string[];
  type: string[];
}

// User-space record types (audit-userspace lib/msg_typetab.h) mapped to Vigil's actions.
const KINDS: Record<string, Kind> = {
  USER_AUTH: { action: 'pam_authentication', category: CATEGORY.authentication, type: TYPE.info },
  USER_LOGIN: { action: 'login', category: CATEGORY.authentication, type: TYPE.start },
  USER_CMD: { action: 'user_command', category: CATEGORY.process, type: TYPE.start },
  LOGIN: { action: 'login_uid_assigned', category: CATEGORY.session, type: TYPE.start },
  USER_START: { action: 'session_opened', category: CATEGORY.session, type: TYPE.start },
  USER_END: { action: 'session_closed', category: CATEGORY.session, type: TYPE.end },
  ADD_USER: { action: 'user_created', category: CATEGORY.iam, type: TYPE.userCreation },
  DEL_USER: { action: 'user_deleted', category: CATEGORY.iam, type: TYPE.userDeletion },
  USER_MGMT: { action: 'user_modified', category: CATEGORY.iam, type: TYPE.userChange },
  ADD_GROUP: { action: 'group_created', category: CATEGORY.iam, type: TYPE.groupCreation },
  DEL_GROUP: { action: 'group_deleted', category: CATEGORY.iam, type: TYPE.groupDeletion },
  GRP_MGMT: { action: 'group_modified', category: CATEGORY.iam, type: TYPE.groupChange },
  USER_CHAUTHTOK: { action: 'password_changed', category: CATEGORY.iam, type: TYPE.userChange },
  CONFIG_CHANGE: { action: 'audit_config_changed', category: CATEGORY.configuration, type: TYPE.change },
  DAEMON_START: { action: 'auditd_started', category: CATEGORY.process, type: TYPE.start },
  DAEMON_END: { action: 'auditd_stopped', category: CATEGORY.process, type: TYPE.end },
  DAEMON_ABORT: { action: 'auditd_stopped', category: CATEGORY.process, type: TYPE.end },
  SERVICE_START: { action: 'service_started', category: CATEGORY.process, type: TYPE.start },
  SERVICE_STOP: { action: 'service_stopped', category: CATEGORY.process, type: TYPE.end },
  NETFILTER_CFG: { action: 'netfilter_config_changed', category: CATEGORY.configuration, type: TYPE.change },
};

/** More arguments than Linux passes in practice; bounds what a forged `a999999=` can make us allocate. */
const MAX_ARGS = 65_536;

const EXEC: Kind = { action: 'process_created', category: CATEGORY.process, type: TYPE.start };

/** An unset login uid (`auid=4294967295`, i.e. -1): no login session. */
const UNSET = new Set(['4294967295', '-1', 'unset']);

/**
 * One audit event (the records sharing a serial) to one ECS event. The records' fields are kept merged
 * as `auditd.data.<field>` (EXECVE arguments decoded, PATH names as a list), so rules written against
 * auditd's own field names (`type`, `a0`, `exe`, `key`, `name`) can be mapped onto them; `auditd.types`
 * lists the record types present.
 */
export function auditEvent(records: AuditRecord[], path: string, hostName?: string): ThreatEvent | string {
  const first = records[0]!;
  const timestamp = isoFromMs(first.ms);
  if (timestamp === undefined) return 'audit timestamp out of range';
  const original = records.length === 1 ? first.text : records.map((r) => r.text).join('\n');
  const ev = newEvent('linux.auditd', timestamp, original, path, first.line);
  const types: string[] = [];
  const data: Record<string, string | string[]> = {};
  const names: string[] = [];
  const nameTypes: string[] = [];
  let args: string[] | undefined;
  let argc: number | undefined;
  let enriched: Record<string, string> | undefined;
  for (const r of records) {
    if (!types.includes(r.type)) types.push(r.type);
    if (r.enriched !== undefined) enriched = { ...enriched, ...r.enriched };
    if (r.type === 'EXECVE') {
      args ??= [];
      const n = collectArgs(r.fields, args);
      if (n !== undefined) argc = n;
      continue;
    }
    if (r.type === 'PATH') {
      if (r.fields.name !== undefined) {
        names.push(r.fields.name);
        nameTypes.push(r.fields.nametype ?? '');
      }
      continue;
    }
    for (const key in r.fields) {
      // SYSCALL's a0…a3 are raw registers: the aN names are kept for EXECVE's arguments.
      if (r.type === 'SYSCALL' && key.length === 2 && key.charCodeAt(0) === 0x61)
        data[`syscall.${key}`] = r.fields[key]!;
      else data[key] ??= r.fields[key]!;
    }
  }
  if (args !== undefined) {
    if (argc !== undefined && args.length > argc) args.length = argc;
    for (let i = 0; i < args.length; i++) data[`a${i}`] = args[i] ?? '';
    if (argc !== undefined) data.argc = String(argc);
  }
  if (names.length > 0) {
    data.name = names.length === 1 ? names[0]! : names;
    data.nametype = nameTypes.length === 1 ? nameTypes[0]! : nameTypes;
  }
  ev['auditd.types'] = types;
  if (first.serial !== undefined) ev['auditd.serial'] = first.serial;
  for (const key in data) {
    const value = data[key]!;
    if (value !== '(null)' && value !== '?') ev[`auditd.data.${key}`] = value;
  }

  const kind = args !== undefined ? EXEC : KINDS[types.includes('SYSCALL') ? 'SYSCALL' : types[0]!];
  if (kind !== undefined) {
    ev['event.action'] = kind.action;
    ev['event.category'] = kind.category;
    ev['event.type'] = kind.type;
  } else {
    ev['event.action'] = (types.includes('SYSCALL') ? 'SYSCALL' : types[0]!).toLowerCase();
  }
  setText(ev, 'host.name', first.node ?? hostName);
  fill(ev, data, enriched);
  if (args !== undefined && args.length > 0) {
    ev['process.args'] = args;
    ev['process.command_line'] = args.join(' ');
  }
  if (args === undefined && names.length > 0) {
    // For a file syscall the object is the last path that is not the containing directory.
    for (let i = names.length - 1; i >= 0; i--) {
      if (nameTypes[i] !== 'PARENT') {
        ev['file.path'] = names[i]!;
        break;
      }
    }
  }
  return ev;
}

/** ECS fields from the merged record fields (the same names in SYSCALL, USER_* and AUOMS records). */
export function fill(
  ev: ThreatEvent,
  data: Record<string, string | string[]>,
  enriched: Record<string, string> | undefined,
): void {
  const text = (key: string): string | undefined => {
    const v = data[key];
    return typeof v === 'string' && v !== '?' && v !== '(null)' && v !== '' ? v : undefined;
  };
  setNumber(ev, 'process.pid', text('pid'));
  setNumber(ev, 'process.parent.pid', text('ppid'));
  const exe = text('exe');
  if (exe !== undefined) ev['process.executable'] = exe;
  const comm = text('comm');
  if (comm !== undefined) ev['process.name'] = comm;
  else if (exe !== undefined) ev['process.name'] = baseName(exe);
  setText(ev, 'process.working_directory', text('cwd'));
  const title = text('proctitle');
  if (title !== undefined) {
    ev['process.title'] = title;
    ev['process.command_line'] = title;
  }
  const cmd = text('cmd') ?? text('cmdline');
  if (cmd !== undefined) ev['process.command_line'] = cmd;
  setText(ev, 'user.id', text('uid'));
  setText(ev, 'user.effective.id', text('euid'));
  const auid = text('auid');
  if (auid !== undefined && !UNSET.has(auid)) ev['user.audit.id'] = auid;
  const name = text('acct') ?? text('user') ?? enriched?.UID;
  if (name !== undefined && !UNSET.has(name)) ev['user.name'] = name;
  const auditName = enriched?.AUID ?? text('audit_user');
  if (auditName !== undefined && !UNSET.has(auditName)) ev['user.audit.name'] = auditName;
  const effective = enriched?.EUID ?? text('effective_user');
  if (effective !== undefined) ev['user.effective.name'] = effective;
  // `auditd.data.addr` keeps the address as written (an IPv4-mapped one too: sourceAddress).
  const addr = text('addr');
  const ip = addr === undefined ? undefined : sourceAddress(addr);
  if (ip !== undefined) ev['source.ip'] = ip;
  const hostname = text('hostname');
  if (hostname !== undefined && !isIp(hostname)) ev['source.domain'] = hostname;
  setText(ev, 'auditd.key', text('key'));
  const outcome = outcomeOf(text('success') ?? text('res'));
  if (outcome !== undefined) ev['event.outcome'] = outcome;
}

function outcomeOf(v: string | undefined): 'success' | 'failure' | undefined {
  switch (v) {
    case 'yes':
    case 'success':
    case '1':
      return 'success';
    case 'no':
    case 'failed':
    case '0':
      return 'failure';
    default:
      return undefined;
  }
}

/**
 * EXECVE arguments into `args` by index: `aN=` whole, or `aN_len=` then `aN[0]=`, `aN[1]=`… pieces
 * (arguments too long for one record), possibly across several EXECVE records. Returns argc if given.
 */
function collectArgs(fields: Record<string, string>, args: string[]): number | undefined {
  let argc: number | undefined;
  for (const key in fields) {
    if (key === 'argc') {
      const n = Number(fields.argc);
      if (Number.isSafeInteger(n) && n >= 0 && n <= MAX_ARGS) argc = n;
      continue;
    }
    if (key.charCodeAt(0) !== 0x61) continue;
    const bracket = key.indexOf('[');
    const index = Number(key.slice(1, bracket === -1 ? undefined : bracket));
    if (!Number.isSafeInteger(index) || index < 0 || index >= MAX_ARGS) continue;
    while (args.length < index) args.push('');
    const value = fields[key]!;
    if (bracket === -1) args[index] = value;
    else args[index] = (args[index] ?? '') + value;
  }
  return argc;
}
