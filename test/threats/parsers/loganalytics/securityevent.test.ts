import { describe, expect, it } from 'vitest';
import { securityEventRow } from '../../../../src/threats/parsers/loganalytics/securityevent.ts';

const row = (fields: Record<string, unknown>) =>
  securityEventRow(
    { TimeGenerated: '2024-03-01T10:00:00.1234567Z', Computer: 'WIN-SRV01', ...fields },
    'orig',
    'q.json',
    1,
  ) as Record<string, unknown>;

describe('SecurityEvent rows', () => {
  it('keeps the TableName `az monitor log-analytics query` adds to every row out of the event data', () => {
    const ev = row({
      EventID: '4625',
      TargetUserName: 'administrator',
      IpAddress: '198.51.100.20',
      LogonType: '3',
      Type: 'SecurityEvent',
      TableName: 'PrimaryResult',
    });
    expect(ev).toMatchObject({
      '@timestamp': '2024-03-01T10:00:00.123Z',
      'event.outcome': 'failure',
      'user.name': 'administrator',
      'source.ip': '198.51.100.20',
      'winlog.logon.type': 3,
    });
    expect(ev['winlog.event_data.TableName']).toBeUndefined();
  });

  // A query that projects columns (`| project TimeGenerated, Computer, EventID, Account, IpAddress`) keeps
  // the account only as Log Analytics' DOMAIN\name columns.
  it.each([
    [
      'a logon, Account only',
      { EventID: '4625', Account: 'WIN-SRV01\\Administrator' },
      ['Administrator', 'WIN-SRV01'],
    ],
    [
      'a logon, TargetAccount',
      { EventID: 4624, TargetAccount: 'CONTOSO\\alice', SubjectAccount: '-\\-' },
      ['alice', 'CONTOSO'],
    ],
    ['a process, Account only', { EventID: '4688', Account: 'CONTOSO\\bob' }, ['bob', 'CONTOSO']],
    [
      'a process, SubjectAccount',
      { EventID: '4688', SubjectAccount: 'CONTOSO\\bob', TargetAccount: '-\\-' },
      ['bob', 'CONTOSO'],
    ],
    [
      'the event data wins',
      { EventID: '4625', TargetUserName: 'root', Account: 'X\\other' },
      ['root', undefined],
    ],
    // Which account Account names for other events is not documented: it is not used.
    ['a user creation, Account only', { EventID: '4720', Account: 'CONTOSO\\eve' }, [undefined, undefined]],
    [
      'a user creation, SubjectAccount',
      { EventID: '4720', SubjectAccount: 'CONTOSO\\alice' },
      ['alice', 'CONTOSO'],
    ],
    ['no account', { EventID: '4625', Account: '-\\-' }, [undefined, undefined]],
  ])('%s', (_case, fields, [name, domain]) => {
    const ev = row(fields);
    expect([ev['user.name'], ev['user.domain']]).toEqual([name, domain]);
  });

  // `| project TimeGenerated, Computer, EventID, Account, IpAddress, LogonTypeName` keeps the logon type
  // only in Log Analytics' `<type> - <name>` column, which the RDP rules' LogonType test must still see.
  it.each([
    [{ LogonTypeName: '10 - RemoteInteractive' }, 10, '10'],
    [{ LogonTypeName: '3 - Network' }, 3, '3'],
    [{ LogonType: 3, LogonTypeName: '10 - RemoteInteractive' }, 3, '3'],
    [{ LogonTypeName: 'Network' }, undefined, undefined],
  ])('logon type from %j', (fields, type, raw) => {
    const ev = row({ EventID: '4625', IpAddress: '198.51.100.20', ...fields });
    expect(ev['winlog.logon.type']).toBe(type);
    expect(ev['winlog.event_data.LogonType']).toBe(raw);
  });
});
