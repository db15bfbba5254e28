import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ThreatEvent } from '../../../../src/threats/event.ts';
import { parseInputs } from '../../../../src/threats/input/parse-inputs.ts';
import { parseEventXml } from '../../../../src/threats/parsers/windows/event-xml.ts';
import { powershellEvent } from '../../../../src/threats/parsers/windows/powershell.ts';

/**
 * PowerShell and System log events as `wevtutil qe /f:xml` writes them (test/fixtures/sigma/windows/
 * powershell.xml and system.xml), by EventRecordID.
 */
const FIXTURES = fileURLToPath(new URL('../../../fixtures/sigma/windows/', import.meta.url));
const byRecord = new Map<string, ThreatEvent>();

beforeAll(async () => {
  for (const file of ['powershell.xml', 'system.xml']) {
    for await (const e of parseInputs([FIXTURES + file])) byRecord.set(String(e['winlog.record_id']), e);
  }
});

const ev = (record: number) => byRecord.get(String(record))!;
const PS = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';

describe('PowerShell event XML', () => {
  it('reads script block logging (4104) with its raw fields, channel and the SID it was logged for', () => {
    expect(ev(205)).toMatchObject({
      'event.dataset': 'windows.powershell',
      'event.code': '4104',
      'winlog.event_id': 4104,
      '@timestamp': '2024-06-03T09:12:05.123Z',
      'host.name': 'WIN-SRV01.contoso.local',
      'winlog.channel': 'Microsoft-Windows-PowerShell/Operational',
      'winlog.provider_name': 'Microsoft-Windows-PowerShell',
      'user.id': 'S-1-5-21-3623811015-3361044348-30300820-1013',
      'winlog.event_data.ScriptBlockText': 'Remove-Item (Get-PSReadlineOption).HistorySavePath -Force',
      'winlog.event_data.MessageTotal': '1',
      'file.path': 'C:\\Users\\bob\\cleanup.ps1',
    });
    // An empty Path stays as Windows wrote it, and is no file.
    expect(ev(201)['winlog.event_data.Path']).toBe('');
    expect(ev(201)['file.path']).toBeUndefined();
    expect(ev(207)).toMatchObject({ 'winlog.channel': 'PowerShellCore/Operational', 'event.code': '4104' });
  });

  it("reads module logging (4103): ContextInfo's host application, user and command into ECS", () => {
    expect(ev(211)).toMatchObject({
      'event.code': '4103',
      'process.command_line': `${PS} -nop`,
      'user.name': 'bob',
      'user.domain': 'CONTOSO',
      'powershell.command.name': 'Invoke-Kerberoast',
    });
    expect(ev(211)['winlog.event_data.ContextInfo']).toContain('Host Application = ');
    expect(ev(211)['winlog.event_data.Payload']).toContain('@harmj0y');
    expect(ev(211)['file.path']).toBeUndefined();
  });

  it('reads classic events: every <Data> text as Data, and the details as fields of their own', () => {
    expect(ev(221)).toMatchObject({
      'event.dataset': 'windows.powershell',
      'event.code': '400',
      'winlog.channel': 'Windows PowerShell',
      'winlog.event_data.HostVersion': '5.1.17763.5830',
      'winlog.event_data.EngineVersion': '2.0',
      'winlog.event_data.HostApplication': `${PS} -Version 2 -nop -c "IEX $x"`,
      'winlog.event_data.NewEngineState': 'Available',
      'winlog.event_data.PipelineId': '',
      'process.command_line': `${PS} -Version 2 -nop -c "IEX $x"`,
    });
    const data = ev(221)['winlog.event_data.Data'] as string[];
    expect(data.slice(0, 2)).toEqual(['Available', 'None']);
    expect(data[2]).toContain('\tEngineVersion=2.0\r\n');
    expect(Object.isFrozen(data)).toBe(true);
    expect(ev(231)).toMatchObject({
      'event.code': '600',
      'winlog.event_data.ProviderName': 'WSMan',
      'winlog.event_data.HostApplication': 'C:\\ProgramData\\svc\\wsmclient.exe',
    });
  });

  it("reads 800's details from its second <Data>: a line of the user's command cannot set a field", () => {
    expect(ev(241)['winlog.event_data.Data']).toHaveLength(3);
    expect(ev(241)).toMatchObject({
      'event.code': '800',
      'winlog.event_data.HostApplication': PS,
      'winlog.event_data.UserId': 'CONTOSO\\bob',
      'winlog.event_data.CommandLine': 'Get-Date',
    });
  });

  // The details end each line with CRLF; a multi-line command in HostApplication has LF alone.
  it.each([
    [
      'CRLF lines: a command line of its own is part of HostApplication',
      '\tHostName=ConsoleHost\r\n\tHostApplication=powershell.exe & {a\nEngineVersion=5.1\nb}\r\n\tEngineVersion=2.0\r\n',
      { HostApplication: 'powershell.exe & {a\nEngineVersion=5.1\nb}', EngineVersion: '2.0' },
    ],
    [
      'LF lines (a converted export): a line naming no key continues the value before it',
      '\tHostApplication=powershell.exe & {Set-MpPreference -A 1\nSet-MpPreference -B 1}\n\tEngineVersion=\n',
      {
        HostApplication: 'powershell.exe & {Set-MpPreference -A 1\nSet-MpPreference -B 1}',
        EngineVersion: '',
      },
    ],
  ])('%s', (_name, details, fields) => {
    const xml = `<Event><System><Provider Name='PowerShell'/><EventID>400</EventID><TimeCreated SystemTime='2024-06-03T09:14:01Z'/><Channel>Windows PowerShell</Channel></System><EventData><Data>Available</Data><Data>None</Data><Data>${details}</Data></EventData></Event>`;
    const x = parseEventXml(xml);
    if (typeof x === 'string') throw new Error(x);
    const e = powershellEvent(x, xml, 'p.xml', 1) as ThreatEvent;
    for (const [k, v] of Object.entries(fields)) expect([k, e[`winlog.event_data.${k}`]]).toEqual([k, v]);
  });
});

describe('System event XML', () => {
  it('reads a service installation (7045) with its fields, the service and the command it runs', () => {
    expect(ev(301)).toMatchObject({
      'event.dataset': 'windows.system',
      'event.code': '7045',
      'winlog.channel': 'System',
      'winlog.provider_name': 'Service Control Manager',
      'winlog.event_data.ServiceName': 'PSEXESVC',
      'winlog.event_data.ImagePath': '%SystemRoot%\\PSEXESVC.exe',
      'winlog.event_data.StartType': 'demand start',
      'winlog.event_data.AccountName': 'LocalSystem',
      'service.name': 'PSEXESVC',
      'process.command_line': '%SystemRoot%\\PSEXESVC.exe',
      'event.category': ['configuration'],
      'event.type': ['creation'],
      'user.id': 'S-1-5-21-3623811015-3361044348-30300820-1013',
    });
  });

  it.each([
    [
      307,
      {
        'winlog.event_data.param1': 'Remote Registry',
        'service.name': 'Remote Registry',
        'service.state': 'running',
      },
    ],
    [
      305,
      { 'winlog.event_data.param3': 'auto start', 'service.name': 'SessionEnv', 'event.type': ['change'] },
    ],
    [
      309,
      {
        'winlog.provider_name': 'Microsoft-Windows-Eventlog',
        'winlog.channel': 'System',
        // UserData: the log that was cleared, and by whom.
        'winlog.event_data.Channel': 'Application',
        'user.name': 'bob',
        'user.domain': 'CONTOSO',
      },
    ],
  ])('record %i', (record, fields) => {
    expect(ev(record)).toMatchObject(fields);
  });
});

describe('event.action of PowerShell and System events', () => {
  it.each([
    [201, 'powershell_script_block'],
    [211, 'powershell_pipeline_executed'],
    [241, 'powershell_pipeline_executed'],
    [221, 'powershell_engine_started'],
    [231, 'powershell_provider_started'],
    [301, 'service_installed'],
    [305, 'service_start_type_changed'],
    [307, 'service_state_changed'],
    [309, 'event_log_cleared'],
  ])('record %i is %s', (record, action) => {
    expect(ev(record)['event.action']).toBe(action);
  });
});
