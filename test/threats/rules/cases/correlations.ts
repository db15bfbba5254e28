import {
  addresses,
  anonymousLogon,
  auditSshLogins,
  events,
  flowTuple,
  lines,
  logonEvent,
  logonFailures,
  nsgFlows,
  sshAccepted,
  sshFailures,
  syslogLine,
} from '../inputs.ts';
import type { RuleCase } from './types.ts';

const ATTACKER = '203.0.113.50';
const OTHER = '203.0.113.51';
const VM = '10.0.0.4';
const SSH = 'correlations/ssh-brute-force.yml';
const RDP = 'correlations/rdp-brute-force.yml';

function invalidUsers(ip: string, users: string[], step = 60): string[] {
  return users.map((u, i) =>
    syslogLine(i * step, `sshd[${5000 + i}]`, `Invalid user ${u} from ${ip} port ${41000 + i}`),
  );
}

const USERS = [
  'admin',
  'oracle',
  'test',
  'guest',
  'ubuntu',
  'postgres',
  'git',
  'ftpuser',
  'pi',
  'support',
  'user',
];

function inbound(sources: string[], port: number, step = 60, decision: 'A' | 'D' = 'A'): string {
  return nsgFlows(sources.map((ip, i) => flowTuple(i * step, ip, VM, port, 'I', decision)));
}

function outbound(destinations: string[], port: number, step = 60): string {
  return nsgFlows(destinations.map((ip, i) => flowTuple(i * step, VM, ip, port, 'O')));
}

/** Brute force, password spray and NSG flow counts: each near miss sits just under a threshold. */
export const CORRELATION_CASES: RuleCase[] = [
  {
    rule: SSH,
    title: 'Failed SSH brute force attack',
    fires: [
      lines(...sshFailures(ATTACKER, 5)),
      lines(...auditSshLogins(ATTACKER, 5)),
      // OpenSSH 9.8 and later audit from sshd-session (Debian/Ubuntu, then Fedora/RHEL paths).
      lines(...auditSshLogins(ATTACKER, 5, 'failed', 0, 20, '/usr/lib/openssh/sshd-session')),
      lines(...auditSshLogins(ATTACKER, 5, 'failed', 0, 20, '/usr/libexec/openssh/sshd-session')),
      // A dual-stack sshd (`ListenAddress ::`) logs an IPv4 client IPv4-mapped; one client, both forms.
      lines(...sshFailures(`::ffff:${ATTACKER}`, 3), ...sshFailures(ATTACKER, 2, 60)),
      lines(...auditSshLogins(`::ffff:${ATTACKER}`, 3), ...auditSshLogins(ATTACKER, 2, 'failed', 60)),
      lines(
        ...invalidUsers(ATTACKER, ['admin', 'oracle']),
        ...sshFailures(ATTACKER, 2, 130, 5, 'invalid user oracle'),
        syslogLine(
          150,
          'sshd[5100]',
          `maximum authentication attempts exceeded for root from ${ATTACKER} port 41100 ssh2 [preauth]`,
        ),
      ),
    ],
    group: { 'source.ip': ATTACKER },
    misses: [
      { why: '4 failures in 10 minutes', input: lines(...sshFailures(ATTACKER, 4)) },
      { why: '4 failures in 10 minutes, in audit.log', input: lines(...auditSshLogins(ATTACKER, 4)) },
      {
        why: '5 failed logins in audit.log, not by sshd',
        input: lines(...auditSshLogins(ATTACKER, 5, 'failed', 0, 20, '/usr/bin/login')),
      },
      {
        why: '5 failed logins in audit.log by another OpenSSH program',
        input: lines(...auditSshLogins(ATTACKER, 5, 'failed', 0, 20, '/usr/lib/openssh/sftp-server')),
      },
      { why: '5 failures spread over 11 minutes', input: lines(...sshFailures(ATTACKER, 5, 0, 165)) },
      {
        why: 'failed public keys of an existing account (clients offer their keys in turn)',
        input: lines(
          ...Array.from({ length: 5 }, (_, i) =>
            syslogLine(
              i,
              'sshd[3000]',
              `Failed publickey for root from ${ATTACKER} port 40000 ssh2: RSA SHA256:abc${i}`,
            ),
          ),
        ),
      },
      {
        why: "PAM's line for each of 4 failed passwords is not a fifth failure",
        input: lines(
          ...sshFailures(ATTACKER, 4).flatMap((failure, i) => [
            syslogLine(
              i * 20,
              `sshd[${3000 + i}]`,
              `pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=${ATTACKER}  user=root`,
            ),
            failure,
          ]),
        ),
      },
    ],
  },
  {
    rule: SSH,
    title: 'Successful SSH brute force attack',
    fires: [
      lines(...sshFailures(ATTACKER, 5), sshAccepted(150, ATTACKER)),
      // The failures arrived over IPv6 (IPv4-mapped) at a dual-stack sshd, the success over IPv4.
      lines(...sshFailures(`::ffff:${ATTACKER}`, 5), sshAccepted(150, ATTACKER)),
    ],
    group: { 'source.ip': ATTACKER },
    misses: [
      {
        why: '4 failures then a success',
        input: lines(...sshFailures(ATTACKER, 4), sshAccepted(150, ATTACKER)),
      },

      {
        why: 'the success came from a different source',
        input: lines(...sshFailures(ATTACKER, 5), sshAccepted(150, OTHER)),
      },
      {
        why: 'the success came before the failures',
        input: lines(sshAccepted(0, ATTACKER), ...sshFailures(ATTACKER, 5, 10)),
      },
      {
        why: 'the success came more than 10 minutes after the attack',
        input: lines(...sshFailures(ATTACKER, 5), sshAccepted(80 + 601, ATTACKER)),
      },
    ],
  },
  {
    rule: 'correlations/ssh-brute-force-audit.yml',
    fires: [
      lines(...auditSshLogins(ATTACKER, 5), ...auditSshLogins(ATTACKER, 1, 'success', 150)),
      [lines(...sshFailures(ATTACKER, 5)), lines(...auditSshLogins(ATTACKER, 1, 'success', 150))],
      lines(
        ...auditSshLogins(ATTACKER, 5, 'failed', 0, 20, '/usr/libexec/openssh/sshd-session'),
        ...auditSshLogins(ATTACKER, 1, 'success', 150, 20, '/usr/libexec/openssh/sshd-session'),
      ),
    ],
    group: { 'source.ip': ATTACKER },
    misses: [
      {
        why: '4 failures then a success, in audit.log',
        input: lines(...auditSshLogins(ATTACKER, 4), ...auditSshLogins(ATTACKER, 1, 'success', 150)),
      },
      {
        why: 'the success came from a different source',
        input: lines(...auditSshLogins(ATTACKER, 5), ...auditSshLogins(OTHER, 1, 'success', 150)),
      },
      {
        why: 'the login in audit.log is not by sshd',
        input: lines(
          ...auditSshLogins(ATTACKER, 5),
          ...auditSshLogins(ATTACKER, 1, 'success', 150, 20, '/usr/lib/openssh/sftp-server'),
        ),
      },
    ],
  },
  {
    rule: RDP,
    title: 'Failed RDP brute force attack',
    fires: [events(...logonFailures(ATTACKER, 5)), events(...logonFailures(ATTACKER, 5, 0, 20, '3'))],
    group: { 'source.ip': ATTACKER },
    misses: [
      { why: '4 failures in 10 minutes', input: events(...logonFailures(ATTACKER, 4)) },
      { why: '5 failures spread over 11 minutes', input: events(...logonFailures(ATTACKER, 5, 0, 165)) },
      {
        why: 'console logons (type 2), not remote',
        input: events(...logonFailures(ATTACKER, 5, 0, 20, '2')),
      },
      // A local process retrying a stale password: network logons from the host itself.
      { why: '8 failures from 127.0.0.1', input: events(...logonFailures('127.0.0.1', 8, 0, 20, '3')) },
      { why: '8 failures from ::1', input: events(...logonFailures('::1', 8, 0, 20, '3')) },
      { why: '8 failures from no address (-)', input: events(...logonFailures('-', 8, 0, 20, '3')) },
    ],
  },
  {
    rule: RDP,
    title: 'Successful RDP brute force attack',
    fires: [
      events(...logonFailures(ATTACKER, 5), logonEvent(4624, ATTACKER, 150)),
      // Windows may write the failures' IPv4 client IPv4-mapped and the success plainly.
      events(...logonFailures(`::ffff:${ATTACKER}`, 5, 0, 20, '3'), logonEvent(4624, ATTACKER, 150)),
    ],
    group: { 'source.ip': ATTACKER },
    misses: [
      {
        why: 'the "success" is the ANONYMOUS LOGON null session a scanner opens',
        input: events(...logonFailures(ATTACKER, 5), anonymousLogon(ATTACKER, 150)),
      },
      {
        why: "the success is a computer account's, beside a user's stale credentials",
        input: events(
          ...logonFailures(ATTACKER, 5, 0, 20, '3'),
          logonEvent(4624, ATTACKER, 150, 'WS-07$', '3'),
        ),
      },
      {
        why: 'the success came from a different source',
        input: events(...logonFailures(ATTACKER, 5), logonEvent(4624, OTHER, 150)),
      },
      {
        why: '4 failures then a success',
        input: events(...logonFailures(ATTACKER, 4), logonEvent(4624, ATTACKER, 150)),
      },
    ],
  },
  {
    rule: 'correlations/password-spray.yml',
    fires: [
      lines(...invalidUsers(ATTACKER, USERS.slice(0, 10))),
      [
        lines(...invalidUsers(ATTACKER, USERS.slice(0, 5))),
        events(
          ...['alice', 'bob', 'carol', 'dave', 'erin'].map((u, i) =>
            logonEvent(4625, ATTACKER, 400 + i * 30, u),
          ),
        ),
      ],
      // Linux user names are case-sensitive: `Admin` and `ADMIN` are not `admin`.
      lines(...invalidUsers(ATTACKER, [...USERS.slice(0, 7), 'Admin', 'ADMIN', 'Oracle'])),
    ],
    group: { 'source.ip': ATTACKER },
    misses: [
      { why: '9 accounts', input: lines(...invalidUsers(ATTACKER, USERS.slice(0, 9))) },
      {
        // Windows account names are not: 10 names written, 8 accounts.
        why: '8 Windows accounts, three of them one account in three cases',
        input: events(
          ...['Administrator', 'administrator', 'ADMINISTRATOR', 'alice', 'bob', 'carol', 'dave', 'erin']
            .concat(['frank', 'grace'])
            .map((u, i) => logonEvent(4625, ATTACKER, i * 30, u, '3')),
        ),
      },
      {
        why: 'many failures for one account (brute force, not spray)',
        input: lines(...sshFailures(ATTACKER, 12)),
      },
      {
        why: '10 accounts over more than an hour',
        input: lines(...invalidUsers(ATTACKER, USERS.slice(0, 10), 401)),
      },
    ],
  },
  {
    rule: 'network/nsg-incoming-multiple-sources.yml',
    title: 'Suspicious incoming SSH network activity from multiple sources',
    fires: [inbound(addresses(20), 22)],
    group: { 'destination.ip': VM },
    misses: [
      { why: '19 sources', input: inbound(addresses(19), 22) },
      { why: '20 sources the NSG denied', input: inbound(addresses(20), 22, 60, 'D') },
      { why: '20 sources on another port', input: inbound(addresses(20), 443) },
      {
        why: 'one source, many flows',
        input: inbound(
          Array.from({ length: 25 }, () => ATTACKER),
          22,
        ),
      },
    ],
  },
  {
    rule: 'network/nsg-incoming-multiple-sources.yml',
    title: 'Suspicious incoming RDP network activity from multiple sources',
    fires: [inbound(addresses(20), 3389)],
    group: { 'destination.ip': VM },
    misses: [{ why: '19 sources', input: inbound(addresses(19), 3389) }],
  },
  {
    rule: 'network/nsg-outgoing-multiple-destinations.yml',
    title: 'Suspicious outgoing SSH network activity to multiple destinations',
    fires: [outbound(addresses(20), 22)],
    group: { 'source.ip': VM },
    misses: [
      { why: '19 destinations', input: outbound(addresses(19), 22) },
      { why: '20 destinations over more than an hour', input: outbound(addresses(20), 22, 200) },
    ],
  },
  {
    rule: 'network/nsg-outgoing-multiple-destinations.yml',
    title: 'Suspicious outgoing RDP network activity to multiple destinations',
    fires: [outbound(addresses(20), 3389)],
    group: { 'source.ip': VM },
    misses: [{ why: '19 destinations', input: outbound(addresses(19), 3389) }],
  },
];
