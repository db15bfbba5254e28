import { describe, expect, it } from 'vitest';
import type { ThreatEvent } from '../../../src/threats/event.ts';
import { eventTableRow } from '../../../src/threats/parsers/loganalytics/event-table.ts';
import { securityEventRow } from '../../../src/threats/parsers/loganalytics/securityevent.ts';
import { emitEventXml } from '../../../src/threats/parsers/windows/route.ts';
import { collector, syslogEvent } from './helpers.ts';

/**
 * Windows account names are case-insensitive, Linux ones are not: Windows events carry `user.name_folded`
 * (what the password spray rule counts), Linux events do not.
 */
function xml(provider: string, channel: string, id: number, fields: Record<string, string>): ThreatEvent {
  const { sink, out } = collector('export.xml');
  const data = Object.entries(fields)
    .map(([k, v]) => `<Data Name='${k}'>${v}</Data>`)
    .join('');
  emitEventXml(
    `<Event><System><Provider Name='${provider}'/><EventID>${id}</EventID><TimeCreated SystemTime='2024-02-10T08:15:30Z'/><Channel>${channel}</Channel><Computer>web-01</Computer></System><EventData>${data}</EventData></Event>`,
    1,
    sink,
  );
  return out.events[0]!;
}

const row = (r: ThreatEvent | string): ThreatEvent => {
  if (typeof r === 'string') throw new Error(r);
  return r;
};

describe('user.name_folded', () => {
  it.each<[string, () => ThreatEvent, string, string | undefined]>([
    [
      'Security 4625 (event XML)',
      () =>
        xml('Microsoft-Windows-Security-Auditing', 'Security', 4625, {
          TargetUserName: 'ADMINISTRATOR',
          LogonType: '3',
          IpAddress: '203.0.113.7',
        }),
      'ADMINISTRATOR',
      'administrator',
    ],
    [
      'SecurityEvent row, projected to Account',
      () =>
        row(
          securityEventRow(
            {
              TimeGenerated: '2024-03-01T10:00:00Z',
              Computer: 'WIN-01',
              EventID: 4625,
              Account: 'WIN-01\\Admin',
            },
            'orig',
            'q.json',
            1,
          ),
        ),
      'Admin',
      'admin',
    ],
    [
      'WindowsEvent row of the Security channel',
      () =>
        row(
          eventTableRow(
            {
              TimeGenerated: '2024-03-01T10:00:00Z',
              Computer: 'WIN-01',
              Provider: 'Microsoft-Windows-Security-Auditing',
              Channel: 'Security',
              EventID: 4625,
              EventData: { TargetUserName: 'Guest', LogonType: '3', IpAddress: '203.0.113.7' },
            },
            'orig',
            'q.json',
            1,
          ),
        ),
      'Guest',
      'guest',
    ],
    [
      'Sysmon for Windows',
      () =>
        xml('Microsoft-Windows-Sysmon', 'Microsoft-Windows-Sysmon/Operational', 1, {
          Image: 'C:\\Windows\\System32\\cmd.exe',
          User: 'CONTOSO\\Alice',
        }),
      'Alice',
      'alice',
    ],
    [
      'Sysmon for Linux: not folded',
      () => xml('Linux-Sysmon', 'Linux-Sysmon/Operational', 1, { Image: '/usr/bin/id', User: 'Admin' }),
      'Admin',
      undefined,
    ],
    [
      'sshd: not folded',
      () => syslogEvent('Mar  2 11:50:01 vm sshd[4105]: Invalid user Admin from 203.0.113.7 port 40100'),
      'Admin',
      undefined,
    ],
  ])('%s', (_, make, name, folded) => {
    const ev = make();
    expect(ev['user.name']).toBe(name);
    expect(ev['user.name_folded']).toBe(folded);
  });
});
