import { describe, expect, it } from 'vitest';
import { emitJournaldRecord } from '../../../src/threats/parsers/journald.ts';
import { collector } from './helpers.ts';

function journald(record: Record<string, unknown>) {
  const { sink, out } = collector('journal.json');
  emitJournaldRecord(record, JSON.stringify(record), 4, sink);
  return out;
}

describe('journald JSON records', () => {
  it('runs MESSAGE through the program parsers at the realtime timestamp', () => {
    const { events } = journald({
      __REALTIME_TIMESTAMP: '1709290800123456',
      _HOSTNAME: 'web-01',
      SYSLOG_IDENTIFIER: 'sshd',
      _PID: '5001',
      _EXE: '/usr/sbin/sshd',
      _SYSTEMD_UNIT: 'ssh.service',
      MESSAGE: 'Failed password for root from 192.0.2.77 port 41000 ssh2',
    });
    expect(events[0]).toMatchObject({
      'event.dataset': 'linux.journald',
      '@timestamp': '2024-03-01T11:00:00.123Z',
      'host.name': 'web-01',
      'process.name': 'sshd',
      'process.pid': 5001,
      'process.executable': '/usr/sbin/sshd',
      'journald.unit': 'ssh.service',
      'event.action': 'ssh_login',
      'source.ip': '192.0.2.77',
      'log.file.line': 4,
    });
  });

  it('falls back to _COMM, and decodes a MESSAGE given as bytes', () => {
    const message = 'alice : TTY=pts/0 ; PWD=/ ; USER=root ; COMMAND=/bin/bash';
    const { events } = journald({
      __REALTIME_TIMESTAMP: '1709290801000000',
      _COMM: 'sudo',
      MESSAGE: [...Buffer.from(message)],
    });
    expect(events[0]).toMatchObject({ 'process.name': 'sudo', 'event.action': 'sudo_command', message });
  });

  it.each([
    [{ __REALTIME_TIMESTAMP: 'soon', MESSAGE: 'x' }, 'journald record without a valid __REALTIME_TIMESTAMP'],
    [{ __REALTIME_TIMESTAMP: '1709290801000000', MESSAGE: null }, 'journald record without a MESSAGE'],
    [{ __REALTIME_TIMESTAMP: '1709290801000000', MESSAGE: [300] }, 'journald record without a MESSAGE'],
  ])('%j: %s', (record, reason) => {
    expect(journald(record).unparsed[0]?.reason).toBe(reason);
  });

  // What `journalctl -o json` prints for records journald read from the kernel's audit socket
  // (systemd src/journal/journald-audit.c): MESSAGE is `<TYPE> <fields>`, the serial is _AUDIT_ID and
  // _SOURCE_REALTIME_TIMESTAMP is the audit stamp.
  const AUDIT = {
    __REALTIME_TIMESTAMP: '1700000001000412',
    _TRANSPORT: 'audit',
    _HOSTNAME: 'web-01',
    _AUDIT_TYPE: '1112',
    _AUDIT_TYPE_NAME: 'USER_LOGIN',
    _AUDIT_ID: '457',
    SYSLOG_FACILITY: '4',
    SYSLOG_IDENTIFIER: 'audit',
    _PID: '3000',
    _SOURCE_REALTIME_TIMESTAMP: '1700000001123000',
    MESSAGE:
      'USER_LOGIN pid=3000 uid=0 auid=4294967295 ses=4294967295 subj=unconfined msg=\'op=login acct="root" exe="/usr/sbin/sshd" hostname=? addr=203.0.113.9 terminal=ssh res=failed\'',
  };

  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    [
      'a user-space record (sshd USER_LOGIN) as the audit event it is',
      AUDIT,
      {
        'event.dataset': 'linux.auditd',
        '@timestamp': '2023-11-14T22:13:21.123Z',
        'auditd.types': ['USER_LOGIN'],
        'auditd.serial': 457,
        'auditd.data.res': 'failed',
        'event.action': 'login',
        'event.outcome': 'failure',
        'user.name': 'root',
        'source.ip': '203.0.113.9',
        'process.executable': '/usr/sbin/sshd',
        'host.name': 'web-01',
      },
    ],
    [
      'a kernel EXECVE record, hex arguments decoded',
      {
        ...AUDIT,
        _AUDIT_TYPE: '1309',
        _AUDIT_TYPE_NAME: 'EXECVE',
        _AUDIT_ID: '460',
        MESSAGE: 'EXECVE argc=3 a0="bash" a1="-c" a2=6563686F206869',
      },
      {
        'event.dataset': 'linux.auditd',
        'event.action': 'process_created',
        'auditd.data.a2': 'echo hi',
        'process.command_line': 'bash -c echo hi',
      },
    ],
  ])('reads %s', (_, record, expected) => {
    const { events, unparsed } = journald(record);
    expect(unparsed).toEqual([]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject(expected);
  });
});
