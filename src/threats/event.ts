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
  'windows.security', // Security log events (XML export or Log Analytics SecurityEvent)
  'azure.activitylogs', // Azure Activity Log records
  'azure.nsgflow', // NSG flow logs v2, one event per flow tuple
] as const;

export type Dataset = (typeof DATASETS)[number];
