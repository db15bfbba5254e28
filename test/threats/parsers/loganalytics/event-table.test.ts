import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ThreatEvent } from '../../../../src/threats/event.ts';
import { parseInputs } from '../../../../src/threats/input/parse-inputs.ts';
import { eventTableRow } from '../../../../src/threats/parsers/loganalytics/event-table.ts';
import { classifyRecord } from '../../../../src/threats/parsers/records.ts';
import { emitEventXml } from '../../../../src/threats/parsers/windows/route.ts';
import { collector } from '../helpers.ts';

/**
 * Rows of the Log Analytics Event table, where the Azure Monitor Agent sends Sysmon, PowerShell and System
 * events (test/fixtures/threats/event-table-sysmon.json: `az monitor log-analytics query` output; row 1 also
 * as a portal CSV export).
 */
const fixture = (name: string) =>
  fileURLToPath(new URL(`../../../fixtures/threats/${name}`, import.meta.url));
const ROWS = JSON.parse(readFileSync(fixture('event-table-sysmon.json'), 'utf8')) as Record<
  string,
  unknown
>[];

const read = (r: Record<string, unknown>) => eventTableRow(r, 'orig', 'q.json', 1);
const eventOf = (r: Record<string, unknown>) => {
  const ev = read(r);
  if (typeof ev === 'string') throw new Error(ev);
  return ev;
};

/** The fields an event has besides where it was read from. */
function fieldsOf(ev: ThreatEvent, drop: string[] = []): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(ev).filter(([k]) => !k.startsWith('log.') && !drop.some((d) => k.startsWith(d))),
  );
}

async function parsed(file: string): Promise<ThreatEvent[]> {
  const out: ThreatEvent[] = [];
  for await (const e of parseInputs([fixture(file)])) out.push(e);
  return out;
}

describe('Event table rows', () => {
  it('reads a Sysmon row as windows.sysmon with the fields the Sysmon XML parser gives the same event', () => {
    const row = ROWS[0]!;
    const ev = eventOf(row);
    // The same event as Sysmon writes it to its channel: EventData is the row's, inside <DataItem>.
    const data = String(row.EventData)
      .replace(/^<DataItem[^>]*>/, '')
      .replace(/<\/DataItem>$/, '');
    const { sink, out } = collector('sysmon.xml');
    emitEventXml(
      `<Event><System><Provider Name='Microsoft-Windows-Sysmon'/><EventID>1</EventID><TimeCreated SystemTime='2024-06-03T11:00:00.987Z'/><Computer>WIN-SRV01.contoso.local</Computer></System>${data}</Event>`,
      1,
      sink,
    );
    expect(fieldsOf(ev, ['cloud.', 'azure.'])).toEqual(fieldsOf(out.events[0]!));
    expect(ev).toMatchObject({
      'event.dataset': 'windows.sysmon',
      'event.code': '1',
      '@timestamp': '2024-06-03T11:00:00.412Z',
      'sysmon.Image': 'C:\\Windows\\System32\\whoami.exe',
      'sysmon.IntegrityLevel': 'High',
      'process.command_line': 'whoami  /priv',
      'process.parent.name': 'cmd.exe',
      'user.name': 'bob',
      'user.domain': 'CONTOSO',
      'cloud.instance.name': 'win-srv01',
    });
  });

  it("reads a Sysmon row's fields from RenderedDescription when EventData is empty", () => {
    expect(eventOf(ROWS[1]!)).toMatchObject({
      'event.dataset': 'windows.sysmon',
      'event.code': '3',
      'sysmon.DestinationPort': '4444',
      'sysmon.SourceHostname': 'WIN-SRV01.contoso.local',
      'destination.ip': '203.0.113.7',
      'destination.port': 4444,
      'process.executable': 'C:\\Users\\Public\\svc.exe',
    });
    const desc =
      'Process Create:\r\nRuleName: -\r\nUtcTime: 2024-06-03 11:00:00.412\r\nImage: C:\\x.exe\r\nCommandLine: a\r\nb c\r\nCurrentDirectory: C:\\';
    expect(eventOf({ ...ROWS[5]!, RenderedDescription: desc })).toMatchObject({
      'sysmon.CommandLine': 'a\nb c',
      'sysmon.CurrentDirectory': 'C:\\',
      'process.command_line': 'a\nb c',
    });
  });

  it('reads PowerShell and System rows as the events their XML gives, the user from UserName', () => {
    expect(eventOf(ROWS[2]!)).toMatchObject({
      'event.dataset': 'windows.powershell',
      'event.code': '4104',
      'winlog.channel': 'Microsoft-Windows-PowerShell/Operational',
      'winlog.event_data.ScriptBlockText': "New-LocalUser -Name 'svc-backup' -NoPassword",
      'user.name': 'bob',
      'user.domain': 'CONTOSO',
    });
    expect(eventOf(ROWS[3]!)).toMatchObject({
      'event.dataset': 'windows.system',
      'event.code': '7045',
      'winlog.provider_name': 'Service Control Manager',
      'winlog.event_data.ServiceName': 'PSEXESVC',
      'service.name': 'PSEXESVC',
    });
  });

  it.each([
    [
      ROWS[4]!,
      'Event row: Windows Application events are not read (Security, Sysmon, PowerShell and System are)',
    ],
    [
      ROWS[5]!,
      'Sysmon row without its fields: EventData (or ParameterXml) holds no <Data Name=…>, and RenderedDescription no "Name: value" lines',
    ],
    [{ ...ROWS[0]!, EventID: '' }, 'Event row without a numeric EventID'],
    [{ ...ROWS[0]!, TimeGenerated: 'yesterday' }, 'Event row without a valid TimeGenerated'],
  ])('a row it cannot read is a reason, never an event of another kind: %#', (row, reason) => {
    expect(read(row)).toBe(reason);
  });

  it('is told apart from SecurityEvent rows, with or without the Type column', () => {
    const { Type: _type, TableName: _table, ...untyped } = ROWS[0]!;
    expect([classifyRecord(ROWS[0]!), classifyRecord(untyped)]).toEqual(['la-event', 'la-event']);
    expect(
      classifyRecord({
        TimeGenerated: 't',
        Computer: 'c',
        EventID: 4624,
        EventSourceName: 'x',
        Channel: 'Security',
      }),
    ).toBe('securityevent');
  });

  // WindowsEvent (Windows Event Forwarding, Sentinel's AMA connectors): Provider and Channel, EventData an object.
  it.each([
    ['an object', (fields: Record<string, string>) => fields],
    ['JSON text (CSV exports, query responses)', (fields: Record<string, string>) => JSON.stringify(fields)],
  ])('reads WindowsEvent rows whose EventData is %s', (_name, eventData) => {
    const row = (provider: string, channel: string, id: number, fields: Record<string, string>) => ({
      TimeGenerated: '2024-06-03T12:00:00Z',
      Computer: 'WIN-SRV01',
      Provider: provider,
      Channel: channel,
      EventID: id,
      EventRecordId: '9001',
      SystemUserId: 'S-1-5-18',
      EventData: eventData(fields),
      Type: 'WindowsEvent',
    });
    const sysmon = row('Microsoft-Windows-Sysmon', 'Microsoft-Windows-Sysmon/Operational', 1, {
      UtcTime: '2024-06-03 11:59:59.500',
      Image: 'C:\\Windows\\System32\\whoami.exe',
      CommandLine: 'whoami /priv',
    });
    expect(classifyRecord(sysmon)).toBe('la-event');
    expect(eventOf(sysmon)).toMatchObject({
      'event.dataset': 'windows.sysmon',
      '@timestamp': '2024-06-03T11:59:59.500Z',
      'sysmon.Image': 'C:\\Windows\\System32\\whoami.exe',
      'process.name': 'whoami.exe',
    });
    const logon = row('Microsoft-Windows-Security-Auditing', 'Security', 4625, {
      TargetUserName: 'administrator',
      IpAddress: '198.51.100.20',
      LogonType: '3',
    });
    expect(eventOf(logon)).toMatchObject({
      'event.dataset': 'windows.security',
      'event.outcome': 'failure',
      'source.ip': '198.51.100.20',
      'winlog.record_id': '9001',
    });
  });

  it('reads the JSON export and the portal CSV export', async () => {
    const json = await parsed('event-table-sysmon.json');
    expect(json.map((e) => [e['event.dataset'], e['event.code']])).toEqual([
      ['windows.sysmon', '1'],
      ['windows.sysmon', '3'],
      ['windows.powershell', '4104'],
      ['windows.system', '7045'],
    ]);
    const csv = await parsed('event-table-sysmon.csv');
    expect(csv).toHaveLength(1);
    expect(fieldsOf(csv[0]!)).toEqual(fieldsOf(json[0]!));
  });
});
