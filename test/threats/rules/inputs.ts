/**
 * Raw log text in the formats the parsers read, for the rule tests: each builder writes what the real source
 * writes (auth.log lines, Sysmon and Windows Security event XML, auditd records, NSG flow log JSON, Activity
 * Log records), so the tests prove that rules fire on what the parsers emit, not on hand-made events.
 * Times are given as seconds after START; every file is one string.
 */

/** 2024-11-28T10:00:00Z: the day the cases happen on. */
export const START = Date.UTC(2024, 10, 28, 10, 0, 0);
export const HOST = 'web-01';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function at(seconds: number): Date {
  return new Date(START + seconds * 1000);
}

function iso(seconds: number): string {
  return at(seconds).toISOString();
}

/** An RFC 3164 syslog line (no year, as auth.log has it): `Nov 28 10:00:05 web-01 sshd[4242]: …`. */
export function syslogLine(seconds: number, tag: string, message: string): string {
  const d = at(seconds);
  const day = String(d.getUTCDate()).padStart(2, ' ');
  const time = d.toISOString().slice(11, 19);
  return `${MONTHS[d.getUTCMonth()]} ${day} ${time} ${HOST} ${tag}: ${message}`;
}

export function lines(...list: string[]): string {
  return `${list.join('\n')}\n`;
}

/** `count` sshd "Failed password" lines from `ip`, `step` seconds apart from `from`. */
export function sshFailures(ip: string, count: number, from = 0, step = 20, user = 'root'): string[] {
  return Array.from({ length: count }, (_, i) =>
    syslogLine(
      from + i * step,
      `sshd[${3000 + i}]`,
      `Failed password for ${user} from ${ip} port ${40000 + i} ssh2`,
    ),
  );
}

export function sshAccepted(seconds: number, ip: string, user = 'root', method = 'password'): string {
  return syslogLine(seconds, 'sshd[3999]', `Accepted ${method} for ${user} from ${ip} port 50022 ssh2`);
}

function xmlEscape(s: string): string {
  return s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll("'", '&apos;');
}

function eventData(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([k, v]) => `<Data Name='${k}'>${xmlEscape(v)}</Data>`)
    .join('');
}

function system(provider: string, id: number, seconds: number, channel: string, computer: string): string {
  return (
    `<System><Provider Name='${provider}'/><EventID>${id}</EventID><Version>5</Version><Level>4</Level>` +
    `<TimeCreated SystemTime='${iso(seconds)}'/><EventRecordID>${1000 + seconds}</EventRecordID>` +
    `<Channel>${channel}</Channel><Computer>${computer}</Computer></System>`
  );
}

const NS = "xmlns='http://schemas.microsoft.com/win/2004/08/events/event'";

/** Event Viewer's "Save as XML": one `<Events>` document. */
export function events(...xml: string[]): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n<Events>\n${xml.join('\n')}\n</Events>\n`;
}

function sysmonEvent(
  product: 'linux' | 'windows',
  id: number,
  seconds: number,
  fields: Record<string, string>,
) {
  const provider = product === 'linux' ? 'Linux-Sysmon' : 'Microsoft-Windows-Sysmon';
  const channel = product === 'linux' ? 'Linux-Sysmon/Operational' : 'Microsoft-Windows-Sysmon/Operational';
  const computer = product === 'linux' ? HOST : 'WIN-01';
  const utc = iso(seconds).replace('T', ' ').replace('Z', '');
  return `<Event ${NS}>${system(provider, id, seconds, channel, computer)}<EventData>${eventData({ RuleName: '-', UtcTime: utc, ...fields })}</EventData></Event>`;
}

export interface ProcessStart {
  image: string;
  commandLine: string;
  parentImage?: string;
  parentCommandLine?: string;
  user?: string;
  at?: number;
}

/** Sysmon event 1 (process creation), Linux or Windows. */
export function sysmonProcess(product: 'linux' | 'windows', p: ProcessStart): string {
  return sysmonEvent(product, 1, p.at ?? 0, {
    ProcessGuid: '{11111111-2222-3333-4444-555555555555}',
    ProcessId: '4242',
    Image: p.image,
    CommandLine: p.commandLine,
    CurrentDirectory: product === 'linux' ? '/root' : 'C:\\Windows\\system32\\',
    User: p.user ?? (product === 'linux' ? 'root' : 'CONTOSO\\alice'),
    ParentProcessId: '4000',
    ParentImage: p.parentImage ?? (product === 'linux' ? '/usr/bin/bash' : 'C:\\Windows\\System32\\cmd.exe'),
    ParentCommandLine: p.parentCommandLine ?? (product === 'linux' ? '-bash' : 'cmd.exe'),
  });
}

/** One Sysmon for Linux process start as a whole file. */
export function linuxProcess(
  image: string,
  commandLine: string,
  extra: Omit<ProcessStart, 'image' | 'commandLine'> = {},
) {
  return events(sysmonProcess('linux', { image, commandLine, ...extra }));
}

/** One Sysmon for Windows process start as a whole file. */
export function windowsProcess(
  image: string,
  commandLine: string,
  extra: Omit<ProcessStart, 'image' | 'commandLine'> = {},
) {
  return events(sysmonProcess('windows', { image, commandLine, ...extra }));
}

/** Sysmon for Linux event 11 (file created). */
export function linuxFileCreated(image: string, targetFilename: string): string {
  return events(
    sysmonEvent('linux', 11, 0, {
      ProcessId: '4242',
      Image: image,
      TargetFilename: targetFilename,
      User: 'root',
    }),
  );
}

/** Sysmon event 3 (network connection) on Windows. */
export function windowsConnection(image: string, destinationIp: string, destinationPort: number): string {
  return events(
    sysmonEvent('windows', 3, 0, {
      ProcessId: '4242',
      Image: image,
      User: 'CONTOSO\\alice',
      Protocol: 'tcp',
      Initiated: 'true',
      SourceIp: '10.0.0.4',
      SourcePort: '50123',
      DestinationIp: destinationIp,
      DestinationPort: String(destinationPort),
    }),
  );
}

/** A Windows Security event as exported XML; 1102 carries its fields in UserData, as Windows writes it. */
export function securityEvent(id: number, fields: Record<string, string>, seconds = 0): string {
  const provider = id === 1102 ? 'Microsoft-Windows-Eventlog' : 'Microsoft-Windows-Security-Auditing';
  const body =
    id === 1102
      ? `<UserData><LogFileCleared xmlns='http://manifests.microsoft.com/win/2004/08/windows/eventlog'>${Object.entries(
          fields,
        )
          .map(([k, v]) => `<${k}>${xmlEscape(v)}</${k}>`)
          .join('')}</LogFileCleared></UserData>`
      : `<EventData>${eventData(fields)}</EventData>`;
  return `<Event ${NS}>${system(provider, id, seconds, 'Security', 'WIN-01')}${body}</Event>`;
}

/** Security event 4688 (a process was created), the other Windows process_creation source. */
export function process4688(image: string, commandLine: string): string {
  return events(
    securityEvent(4688, {
      SubjectUserSid: 'S-1-5-21-1-1001',
      SubjectUserName: 'alice',
      SubjectDomainName: 'CONTOSO',
      NewProcessId: '0x1a2c',
      NewProcessName: image,
      TokenElevationType: '%%1936',
      ProcessId: '0x1000',
      CommandLine: commandLine,
      ParentProcessName: 'C:\\Windows\\System32\\cmd.exe',
    }),
  );
}

/** 4624/4625 for a remote logon from `ip`. */
export function logonEvent(
  id: 4624 | 4625,
  ip: string,
  seconds: number,
  user = 'administrator',
  logonType = '10',
) {
  return securityEvent(
    id,
    {
      SubjectUserSid: 'S-1-0-0',
      TargetUserSid: id === 4624 ? 'S-1-5-21-1-500' : 'S-1-0-0',
      TargetUserName: user,
      TargetDomainName: 'WIN-01',
      LogonType: logonType,
      WorkstationName: 'KALI',
      IpAddress: ip,
      IpPort: '51234',
      ...(id === 4625 ? { Status: '0xc000006d', SubStatus: '0xc000006a', FailureReason: '%%2313' } : {}),
    },
    seconds,
  );
}

/** 4624 as Windows logs a null session (ANONYMOUS LOGON over NTLM), which RDP and SMB scanners open. */
export function anonymousLogon(ip: string, seconds: number): string {
  return securityEvent(
    4624,
    {
      SubjectUserSid: 'S-1-0-0',
      TargetUserSid: 'S-1-5-7',
      TargetUserName: 'ANONYMOUS LOGON',
      TargetDomainName: 'NT AUTHORITY',
      LogonType: '3',
      LogonProcessName: 'NtLmSsp ',
      AuthenticationPackageName: 'NTLM',
      WorkstationName: '-',
      IpAddress: ip,
      IpPort: '0',
    },
    seconds,
  );
}

export function logonFailures(ip: string, count: number, from = 0, step = 20, logonType = '10'): string[] {
  return Array.from({ length: count }, (_, i) =>
    logonEvent(4625, ip, from + i * step, 'administrator', logonType),
  );
}

function hex(s: string): string {
  return Buffer.from(s, 'utf8').toString('hex').toUpperCase();
}

/** An auditd execve event (SYSCALL, EXECVE with hex arguments, PROCTITLE), as audit.log holds it. */
export function auditExec(exe: string, argv: string[], seconds = 0, serial = 700): string {
  const stamp = `${((START + seconds * 1000) / 1000).toFixed(3)}:${serial}`;
  const args = argv.map((a, i) => `a${i}=${hex(a)}`).join(' ');
  return lines(
    `type=SYSCALL msg=audit(${stamp}): arch=c000003e syscall=59 success=yes exit=0 a0=55d1 a1=55d2 a2=55d3 a3=0 items=2 ppid=900 pid=901 auid=1000 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses=3 comm="${exe.split('/').pop()}" exe="${exe}" key="exec"`,
    `type=EXECVE msg=audit(${stamp}): argc=${argv.length} ${args}`,
    `type=PROCTITLE msg=audit(${stamp}): proctitle=${hex(argv.join('\u0000'))}`,
  );
}

/** sshd's USER_LOGIN audit records, one per attempt, `step` seconds apart, as audit.log holds them. */
export function auditSshLogins(
  ip: string,
  count: number,
  res: 'failed' | 'success' = 'failed',
  from = 0,
  step = 20,
  exe = '/usr/sbin/sshd',
): string[] {
  return Array.from({ length: count }, (_, i) => {
    const stamp = `${((START + (from + i * step) * 1000) / 1000).toFixed(3)}:${900 + from + i}`;
    return `type=USER_LOGIN msg=audit(${stamp}): pid=${4000 + i} uid=0 auid=4294967295 ses=4294967295 subj==unconfined msg='op=login acct="root" exe="${exe}" hostname=? addr=${ip} terminal=sshd res=${res}'`;
  });
}

/** One flow tuple (version 2): `time,src,dst,sport,dport,T|U,I|O,A|D,B|C|E,…`. */
export function flowTuple(
  seconds: number,
  src: string,
  dst: string,
  dport: number,
  direction: 'I' | 'O',
  decision: 'A' | 'D' = 'A',
  state: 'B' | 'C' | 'E' = 'B',
): string {
  const t = Math.floor((START + seconds * 1000) / 1000);
  return `${t},${src},${dst},${40000 + (seconds % 20000)},${dport},T,${direction},${decision},${state},,,,`;
}

/** An NSG flow log blob (version 2) with the tuples under one rule. */
export function nsgFlows(tuples: string[]): string {
  return `${JSON.stringify({
    records: [
      {
        time: iso(0),
        systemId: '66aa66aa-bb77-cc88-dd99-00ee00ee00ee',
        macAddress: '000D3AF87856',
        category: 'NetworkSecurityGroupFlowEvent',
        resourceId:
          '/SUBSCRIPTIONS/11111111-2222-3333-4444-555555555555/RESOURCEGROUPS/RG-WEB/PROVIDERS/MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/NSG-WEB',
        operationName: 'NetworkSecurityGroupFlowEvents',
        properties: {
          Version: 2,
          flows: [{ rule: 'UserRule_allow', flows: [{ mac: '000D3AF87856', flowTuples: tuples }] }],
        },
      },
    ],
  })}\n`;
}

/** `count` distinct addresses 198.51.100.1… (documentation range). */
export function addresses(count: number, prefix = '198.51.100.'): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`);
}

const VM =
  '/SUBSCRIPTIONS/11111111-2222-3333-4444-555555555555/RESOURCEGROUPS/RG-WEB/PROVIDERS/MICROSOFT.COMPUTE/VIRTUALMACHINES/VM-WEB-01';

/** An Activity Log record as a diagnostic export writes it (one JSON object per line). */
export function activityRecord(
  operationName: string,
  resultType: string,
  resourceSuffix = '',
  callerIp = '203.0.113.77',
) {
  return `${JSON.stringify({
    time: iso(0),
    resourceId: `${VM}${resourceSuffix}`,
    operationName,
    category: 'Action',
    resultType,
    callerIpAddress: callerIp,
    correlationId: 'c0ffee00-0000-0000-0000-000000000001',
    identity: {
      claims: { 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn': 'mallory@contoso.com' },
    },
    level: 'Information',
    properties: { eventCategory: 'Administrative' },
  })}\n`;
}
