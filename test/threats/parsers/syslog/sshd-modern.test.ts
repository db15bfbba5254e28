import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ThreatEvent } from '../../../../src/threats/event.ts';
import { loadBuiltinRules } from '../../../../src/threats/rules/index.ts';
import { compileRules, DEFAULT_MAPPINGS } from '../../../../src/threats/sigma/index.ts';
import { syslog, syslogEvent } from '../helpers.ts';

/**
 * What OpenSSH 8.9–9.x writes (Ubuntu 22.04/24.04, Debian 12, RHEL 9), checked against fail2ban's sshd
 * filter (Debian's fail2ban 1.0.2, /etc/fail2ban/filter.d/sshd.conf, mode normal): `f2b` is whether
 * `fail2ban-regex` counts the line as a failure of its source address. Vigil counts the lines its rule
 * "SSH authentication failure" matches, which should be the same ones.
 */
const FAILURE_RULE = compileRules(
  loadBuiltinRules().filter((d) => d.name === 'vigil_ssh_auth_failure'),
  DEFAULT_MAPPINGS,
);

function counted(ev: ThreatEvent): boolean {
  return FAILURE_RULE.process(ev).length > 0;
}

const H = '2024-05-01T10:00:01.123456+00:00 web-01 sshd[2101]: ';

describe('OpenSSH 8.9–9.x lines, counted as fail2ban counts them', () => {
  it.each<[string, boolean, Record<string, unknown>]>([
    [
      'Failed password for root from 203.0.113.1 port 50001 ssh2',
      true,
      { 'event.action': 'ssh_login', 'event.outcome': 'failure', 'user.name': 'root' },
    ],
    [
      'Failed password for invalid user admin from 203.0.113.2 port 50002 ssh2',
      true,
      { 'user.name': 'admin', 'ssh.invalid_user': true, 'source.ip': '203.0.113.2' },
    ],
    [
      'Accepted publickey for alice from 203.0.113.4 port 50004 ssh2: ED25519 SHA256:3zS4YvPkD0m9bJc5cQ0v7v7r',
      false,
      { 'event.outcome': 'success', 'ssh.method': 'publickey', 'user.name': 'alice' },
    ],
    [
      'Failed publickey for alice from 203.0.113.5 port 50005 ssh2: RSA SHA256:Vb4m2kQe3d5YxF1b3dS0l0m3',
      false,
      { 'event.outcome': 'failure', 'ssh.method': 'publickey', 'source.ip': '203.0.113.5' },
    ],
    [
      'Failed publickey for invalid user bob from 203.0.113.6 port 50006 ssh2: RSA SHA256:Vb4m2kQe3d5Y',
      true,
      { 'user.name': 'bob', 'ssh.invalid_user': true },
    ],
    [
      'Failed keyboard-interactive/pam for invalid user ftp from 203.0.113.32 port 50032 ssh2',
      true,
      { 'ssh.method': 'keyboard-interactive/pam', 'user.name': 'ftp' },
    ],
    [
      'Invalid user oracle from 203.0.113.7 port 50007',
      true,
      { 'event.action': 'ssh_invalid_user', 'user.name': 'oracle', 'source.port': 50007 },
    ],
    ['Invalid user  from 203.0.113.51 port 50051', true, { 'user.name': '', 'source.ip': '203.0.113.51' }],
    [
      'Connection closed by invalid user oracle 203.0.113.8 port 50008 [preauth]',
      false,
      { 'event.action': 'ssh_disconnect', 'user.name': 'oracle', 'source.ip': '203.0.113.8' },
    ],
    [
      'Disconnected from authenticating user root 203.0.113.11 port 50011 [preauth]',
      false,
      { 'event.action': 'ssh_disconnect', 'user.name': 'root', 'ssh.preauth': true },
    ],
    [
      'Received disconnect from 203.0.113.12 port 50012:11: Bye Bye [preauth]',
      false,
      { 'event.action': 'ssh_disconnect', 'source.ip': '203.0.113.12', 'source.port': 50012 },
    ],
    [
      'error: maximum authentication attempts exceeded for root from 203.0.113.16 port 50016 ssh2 [preauth]',
      true,
      { 'event.action': 'ssh_max_auth_attempts', 'user.name': 'root', 'source.ip': '203.0.113.16' },
    ],
    // The disconnect that follows the line above in the same session: one event, counted once.
    [
      'Disconnecting authenticating user root 203.0.113.16 port 50016: Too many authentication failures [preauth]',
      false,
      {
        'event.action': 'ssh_disconnect',
        'event.outcome': 'failure',
        'user.name': 'root',
        'source.ip': '203.0.113.16',
        'source.port': 50016,
        'ssh.preauth': true,
      },
    ],
    [
      'Disconnecting invalid user admin 2001:db8::52 port 50052: Too many authentication failures [preauth]',
      false,
      { 'event.action': 'ssh_disconnect', 'user.name': 'admin', 'source.ip': '2001:db8::52' },
    ],
    [
      'Disconnecting invalid user guest 203.0.113.29 port 50029: Change of username or service not allowed: (guest,ssh-connection) -> (admin,ssh-connection) [preauth]',
      true,
      {
        'event.action': 'ssh_login',
        'event.outcome': 'failure',
        'user.name': 'guest',
        'ssh.invalid_user': true,
        'source.ip': '203.0.113.29',
        'source.port': 50029,
      },
    ],
    [
      'error: PAM: Authentication failure for root from 203.0.113.27',
      true,
      {
        'event.action': 'ssh_login',
        'event.outcome': 'failure',
        'user.name': 'root',
        'source.ip': '203.0.113.27',
      },
    ],
    [
      'error: PAM: Authentication failure for illegal user admin from 203.0.113.57',
      true,
      { 'user.name': 'admin', 'ssh.invalid_user': true, 'source.ip': '203.0.113.57' },
    ],
    [
      'error: PAM: User not known to the underlying authentication module for illegal user foo from 203.0.113.50',
      true,
      {
        'event.action': 'ssh_login',
        'user.name': 'foo',
        'ssh.invalid_user': true,
        'source.ip': '203.0.113.50',
      },
    ],
    // An IPv4-mapped address is the IPv4 source, as fail2ban reads it (log.original keeps it as written).
    [
      'Failed password for invalid user test from ::ffff:203.0.113.26 port 50026 ssh2',
      true,
      { 'source.ip': '203.0.113.26', 'user.name': 'test' },
    ],
    ['Failed password for root from 2001:db8::25 port 50025 ssh2', true, { 'source.ip': '2001:db8::25' }],
    [
      'User root from 203.0.113.30 not allowed because not listed in AllowUsers',
      true,
      { 'event.action': 'ssh_user_not_allowed', 'user.name': 'root' },
    ],
    [
      'PAM 5 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.18  user=root',
      false,
      { 'event.action': 'pam_auth_failure_repeated', 'pam.count': 5, 'source.ip': '203.0.113.18' },
    ],
    [
      'pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.19  user=root',
      false,
      { 'event.action': 'pam_auth_failure', 'user.name': 'root', 'source.ip': '203.0.113.19' },
    ],
    // Pre-authentication noise: counted only by fail2ban's ddos/aggressive modes, not by its default.
    [
      'banner exchange: Connection from 203.0.113.14 port 50014: invalid format',
      false,
      { 'event.action': 'ssh_no_identification', 'source.ip': '203.0.113.14' },
    ],
    [
      'error: kex_exchange_identification: Connection closed by remote host',
      false,
      { 'source.ip': undefined },
    ],
    [
      'fatal: Timeout before authentication for 203.0.113.15 port 50015',
      false,
      { 'source.ip': '203.0.113.15' },
    ],
    // OpenSSH 9.8+ logs the grace timeout from the listener, naming both ends.
    [
      'Timeout before authentication for connection from 203.0.113.61 to 10.0.0.4, pid = 2161',
      false,
      { 'source.ip': '203.0.113.61', 'source.domain': undefined },
    ],
    [
      'userauth_pubkey: signature algorithm ssh-rsa not in PubkeyAcceptedAlgorithms [preauth]',
      false,
      { 'event.action': undefined },
    ],
    [
      'drop connection #10 from [203.0.113.21]:50021 on [10.0.0.4]:22 past MaxStartups',
      false,
      { 'event.action': undefined },
    ],
    [
      'srclimit_penalise: ipv4: new 203.0.113.22/32 active penalty of 5.000 seconds for penalty: failed authentication',
      false,
      { 'event.action': undefined },
    ],
  ])('%s (fail2ban counts it: %s)', (message, f2b, expected) => {
    const ev = syslogEvent(H + message);
    for (const [field, value] of Object.entries(expected)) expect(ev[field], field).toEqual(value);
    expect(counted(ev), 'counted as an SSH authentication failure').toBe(f2b);
  });

  // Headers fail2ban 1.0.2's sshd filter does not read (its prefix knows neither sshd-session nor RFC 5424
  // nor a leading <PRI>), so it misses these failures; they are the same failures, and Vigil counts them.
  it.each([
    [
      '2024-05-01T10:00:23.123456+00:00 web-01 sshd-session[2123]: Failed password for root from 203.0.113.23 port 50023 ssh2',
      'sshd-session',
    ],
    [
      'May  1 10:00:43 web-01 sshd-session[2143]: Invalid user oracle from 203.0.113.43 port 50043',
      'sshd-session',
    ],
    [
      '<38>1 2024-05-01T10:00:24.123456+00:00 web-01 sshd 2124 - - Failed password for root from 203.0.113.24 port 50024 ssh2',
      'sshd',
    ],
    [
      '<38>May  1 10:00:44 web-01 sshd[2144]: Failed password for root from 203.0.113.44 port 50044 ssh2',
      'sshd',
    ],
    [
      '2024-05-01T10:00:42+0000 web-01 sshd[2142]: Failed password for root from 203.0.113.42 port 50042 ssh2',
      'sshd',
    ],
  ])('%s', (line, program) => {
    const ev = syslogEvent(line);
    expect(ev).toMatchObject({
      'process.name': program,
      'event.dataset': 'linux.auth',
      'host.name': 'web-01',
    });
    expect(ev['@timestamp']).toMatch(/^2024-05-01T10:00:\d\d\.\d{3}Z$/);
    expect(counted(ev)).toBe(true);
  });
});

describe('a modern auth.log (fixture syslog/auth-openssh-modern.log)', () => {
  const text = readFileSync(
    new URL('../../../fixtures/syslog/auth-openssh-modern.log', import.meta.url),
    'utf8',
  );

  it('counts failures per source as fail2ban-regex does (mode normal), but for the known differences', () => {
    const { events, unparsed } = syslog(...text.trimEnd().split('\n'));
    expect(unparsed).toEqual([]);
    const perSource = new Map<string, number>();
    for (const ev of events) {
      if (!counted(ev)) continue;
      const ip = String(ev['source.ip'] ?? '-');
      perSource.set(ip, (perSource.get(ip) ?? 0) + 1);
    }
    // `fail2ban-regex --raw -o row auth-openssh-modern.log /etc/fail2ban/filter.d/sshd.conf` (1.0.2).
    const fail2ban: Record<string, number> = {};
    for (const n of [1, 2, 6, 7, 16, 26, 27, 29, 30, 31, 32, 33, 42, 48, 50, 51, 56, 57, 58])
      fail2ban[`203.0.113.${n}`] = 1;
    fail2ban['2001:db8::25'] = 1;
    fail2ban['2001:db8::52'] = 1;
    // Headers fail2ban 1.0.2 does not read (above) and rsyslog's "message repeated 2 times", expanded.
    const expected: Record<string, number> = {
      ...fail2ban,
      '203.0.113.23': 1,
      '203.0.113.24': 1,
      '203.0.113.43': 1,
      '203.0.113.44': 1,
      '203.0.113.40': 2,
    };
    // `Disconnecting: Too many authentication failures [preauth]` names no address: fail2ban takes it from
    // an earlier line of the same process; here it counts without a source.
    delete expected['203.0.113.48'];
    expected['-'] = 1;
    expect(Object.fromEntries(perSource)).toEqual(expected);
  });
});
