import { describe, expect, it } from 'vitest';
import type { ThreatEvent } from '../../../src/threats/event.ts';
import { SshAuditPairs } from '../../../src/threats/input/ssh-audit-pairs.ts';

const T0 = Date.UTC(2023, 10, 14, 22, 13, 20);

function sshd(ms: number, fields: Partial<ThreatEvent> = {}): ThreatEvent {
  return {
    '@timestamp': new Date(T0 + ms).toISOString(),
    'event.dataset': 'linux.auth',
    'log.original': '',
    'log.file.path': 'auth.log',
    'log.file.line': 1,
    'host.name': 'web01',
    'event.action': 'ssh_login',
    'event.outcome': 'failure',
    'source.ip': '203.0.113.5',
    'user.name': 'root',
    ...fields,
  };
}

/** An audit USER_LOGIN record written by sshd, as parsers/auditd/event.ts reads it (no node=: no host). */
function audit(ms: number, fields: Partial<ThreatEvent> = {}): ThreatEvent {
  return {
    '@timestamp': new Date(T0 + ms).toISOString(),
    'event.dataset': 'linux.auditd',
    'log.original': '',
    'log.file.path': 'audit.log',
    'log.file.line': 1,
    'event.action': 'login',
    'event.outcome': 'failure',
    'process.executable': '/usr/sbin/sshd',
    'source.ip': '203.0.113.5',
    'user.name': 'root',
    ...fields,
  };
}

describe('SshAuditPairs', () => {
  // Each case: events in stream order → which of them are dropped as a second view of one attempt.
  const cases: [string, ThreatEvent[], boolean[]][] = [
    ['sshd line then its audit record', [sshd(0), audit(412)], [false, true]],
    ['audit record first (high-precision syslog time)', [audit(0), sshd(5)], [false, true]],
    ['as far apart as 2 s', [sshd(0), audit(2000)], [false, true]],
    ['more than 2 s apart: two attempts', [sshd(0), audit(2001)], [false, false]],
    [
      'an IPv4-mapped address is the IPv4 one',
      [sshd(0), audit(400, { 'source.ip': '::FFFF:203.0.113.5' })],
      [false, true],
    ],
    ['another source address', [sshd(0), audit(400, { 'source.ip': '203.0.113.6' })], [false, false]],
    ['another account', [sshd(0), audit(400, { 'user.name': 'admin' })], [false, false]],
    [
      'an invalid user, audited as "(invalid user)"',
      [
        sshd(0, { 'user.name': 'admin', 'ssh.invalid_user': true }),
        audit(300, { 'user.name': '(invalid user)' }),
      ],
      [false, true],
    ],
    [
      '"Invalid user" line (no outcome) and its audit record',
      [
        sshd(0, { 'event.action': 'ssh_invalid_user', 'event.outcome': undefined, 'user.name': 'admin' }),
        audit(120, { 'user.name': '(invalid user)' }),
      ],
      [false, true],
    ],
    [
      'hosts named alike (short name and FQDN node=)',
      [sshd(0), audit(1, { 'host.name': 'WEB01.contoso.com' })],
      [false, true],
    ],
    ['another host', [sshd(0), audit(1, { 'host.name': 'web02' })], [false, false]],
    ['failure and success do not pair', [sshd(0), audit(1, { 'event.outcome': 'success' })], [false, false]],
    [
      'a login: the audit record comes once the session is open',
      [
        sshd(0, { 'event.outcome': 'success' }),
        audit(6000, { 'event.outcome': 'success', 'user.name': undefined }),
      ],
      [false, true],
    ],
    ['two sshd lines are two attempts', [sshd(0), sshd(0)], [false, false]],
    ['two audit records are two attempts', [audit(0), audit(0)], [false, false]],
    [
      'each event pairs once',
      [sshd(0), sshd(1), audit(400), audit(401), audit(402)],
      [false, false, true, true, false],
    ],
    // OpenSSH 9.8 and later: the per-connection process, sshd-session, writes the record.
    [
      'Debian/Ubuntu sshd-session',
      [sshd(0), audit(400, { 'process.executable': '/usr/lib/openssh/sshd-session' })],
      [false, true],
    ],
    [
      'Fedora/RHEL sshd-session',
      [sshd(0), audit(400, { 'process.executable': '/usr/libexec/openssh/sshd-session' })],
      [false, true],
    ],
    [
      'another OpenSSH program',
      [sshd(0), audit(400, { 'process.executable': '/usr/lib/openssh/sftp-server' })],
      [false, false],
    ],
    [
      'audit records of other programs are left alone',
      [sshd(0), audit(1, { 'process.executable': '/usr/bin/login' })],
      [false, false],
    ],
    [
      'PAM USER_AUTH records are left alone',
      [sshd(0), audit(1, { 'event.action': 'pam_authentication' })],
      [false, false],
    ],
  ];
  it.each(cases)('%s', (_name, events, expected) => {
    const pairs = new SshAuditPairs();
    expect(events.map((e) => pairs.isDuplicate(e))).toEqual(expected);
    expect(pairs.duplicates).toBe(expected.filter(Boolean).length);
  });

  it('drops a second copy of an audit record before pairing, so each attempt pairs once', () => {
    // The journal's record pairs with sshd's line; audit.log's copy of it (same stamp and serial) is dropped as a
    // copy instead of being left unpaired and counted as a second attempt.
    const pairs = new SshAuditPairs();
    const record = { 'auditd.types': ['USER_LOGIN'], 'auditd.serial': 457 };
    const events = [
      sshd(0),
      audit(412, { ...record, 'host.name': 'web01', 'log.file.path': 'journal.json' }),
      audit(412, record),
    ];
    expect(events.map((e) => pairs.isDuplicate(e))).toEqual([false, true, true]);
    expect(pairs.duplicates).toBe(2);
    // Audit copies of other records count as duplicates too.
    const cmd = { ...audit(500, record), 'event.action': 'user_command', 'auditd.serial': 460 };
    expect([pairs.isDuplicate(cmd), pairs.isDuplicate({ ...cmd, 'log.file.path': 'b' })]).toEqual([
      false,
      true,
    ]);
    expect(pairs.duplicates).toBe(3);
  });

  it('forgets unpaired attempts once they are too old to pair', () => {
    const pairs = new SshAuditPairs();
    expect(pairs.isDuplicate(sshd(0))).toBe(false);
    // A minute later the old sshd line is gone: an audit record at the same second as a new line pairs with it.
    expect(pairs.isDuplicate(sshd(120_000))).toBe(false);
    expect(pairs.isDuplicate(audit(120_100))).toBe(true);
    expect(pairs.isDuplicate(audit(120_200))).toBe(false);
  });
});
