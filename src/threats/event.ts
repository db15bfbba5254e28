/**
 * One log event, with Elastic Common Schema (ECS) field names kept flat: `source.ip`, not
 * `{source: {ip}}`. Flat keys make a Sigma field lookup one property read. Parsers fill what the
 * line says and nothing more; absent fields are absent, not empty strings.
 *
 * Always present: `@timestamp` (ISO 8601, UTC), `event.dataset` (which parser: see DATASETS),
 * `log.original` (the line or record as read), `log.file.path` and `log.file.line` (where it came
 * from; the first line for multi-line records). Common: `host.name`, `event.category` and
 * `event.type` (ECS allowed values, arrays), `event.action`, `event.outcome` (success | failure |
 * unknown), `event.code` (e.g. Windows event id as a string), `source.ip`, `source.port`,
 * `destination.ip`, `destination.port`, `network.transport`, `user.name`, `user.target.name`,
 * `process.name`, `process.pid`, `process.executable`, `process.command_line`, `process.args`,
 * `process.parent.name`, `process.parent.executable`, `process.parent.pid`, `file.path`,
 * `winlog.logon.type`, `winlog.event_data.<Name>` (the raw Windows EventData fields).
 *
 * As the parsers (src/threats/parsers) fill them:
 * - `event.action` is one of the names in parsers/ecs.ts EVENT_ACTIONS (e.g. `ssh_login`, `logon`,
 *   `process_created`, `user_created`), the same name whatever log it came from; Azure Activity Log
 *   events keep Azure's operation name. `event.category` / `event.type` are ECS values.
 * - `message` is the program's message for syslog, journald and Syslog-table events.
 * - `source.ip` holds an IPv4-mapped address (`::ffff:203.0.113.7`, a dual-stack listener's IPv4 client) as
 *   the IPv4 address; the raw fields and `log.original` keep it as written.
 * - Windows events with a `user.name` carry `user.name_folded`, the name in lower case (Windows account
 *   names are case-insensitive; Linux ones are not, and Linux events have no such field).
 * - `winlog.logon.type` is Windows' LogonType number (10 = RemoteInteractive); `winlog.event_id` the
 *   event id as a number. A failed logon (4625) has `event.reason` as Event Viewer words it ("Unknown user
 *   name or bad password.", not `%%2313`) and what its Status and SubStatus codes mean in
 *   `winlog.logon.failure.status` and `winlog.logon.failure.sub_status`; the codes stay in
 *   `winlog.event_data.*`. Sysmon events keep every EventData field as `sysmon.<Name>`, auditd events
 *   their record fields as `auditd.data.<field>` (record types in `auditd.types`). PowerShell and System
 *   events keep theirs as `winlog.event_data.<Name>` too, and `user.id` is the SID the event was logged for;
 *   classic PowerShell events add `winlog.event_data.Data` (their unnamed `<Data>` texts, a list) and the
 *   `Key=Value` details as fields (`winlog.event_data.HostApplication`). Log Analytics Event and
 *   WindowsEvent rows become the event their channel's XML would.
 * - `log.syslog.repeated` = N on each of the N events expanded from rsyslog's "message repeated N
 *   times"; `log.truncated` = true when the source cut the record short (what was there is read).
 * - linux.journald events carry the same program fields and actions as linux.auth / linux.syslog.
 * - Array values may be shared between events and are frozen: treat events as read-only.
 */
export type FieldValue = string | number | boolean | string[];

export interface ThreatEvent {
  '@timestamp': string;
  'event.dataset': Dataset;
  'log.original': string;
  'log.file.path': string;
  'log.file.line': number;
  [field: string]: FieldValue | undefined;
}

/** The parsers' datasets; Sigma logsources are routed on them (see sigma/logsource.ts). */
export const DATASETS = [
  'linux.auth', // auth.log / secure: sshd, sudo, su, useradd…, PAM
  'linux.syslog', // other syslog programs (cron, kernel, …)
  'linux.journald', // journalctl -o json
  'linux.auditd', // audit.log records grouped by event serial
  'linux.sysmon', // Sysmon for Linux XML events
  'windows.sysmon', // Sysmon for Windows XML events (the same event schema)
  'windows.security', // Security log events (XML export or Log Analytics SecurityEvent)
  'windows.powershell', // PowerShell's operational (4103, 4104) and classic (400, 600, 800) logs
  'windows.system', // System log events (Service Control Manager 7045, 7036, 7040; Eventlog 104; …)
  'azure.activitylogs', // Azure Activity Log records
  'azure.nsgflow', // NSG flow logs (v1, v2) and VNet flow logs (v4), one event per flow tuple
] as const;

export type Dataset = (typeof DATASETS)[number];
