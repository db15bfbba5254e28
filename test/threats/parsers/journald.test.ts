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
});
