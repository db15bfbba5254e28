import { describe, expect, it } from 'vitest';
import { syslogEvent } from '../helpers.ts';

const H = 'Dec 10 06:55:46 LabSZ sshd[24200]: ';

describe('sshd messages', () => {
  it.each([
    [
      'Failed password for root from 183.62.140.253 port 36620 ssh2',
      {
        'event.action': 'ssh_login',
        'event.outcome': 'failure',
        'ssh.method': 'password',
        'user.name': 'root',
        'source.ip': '183.62.140.253',
        'source.port': 36620,
        'event.category': ['authentication'],
      },
    ],
    [
      'Failed password for invalid user webmaster from 173.234.31.186 port 38926 ssh2',
      {
        'event.action': 'ssh_login',
        'event.outcome': 'failure',
        'ssh.invalid_user': true,
        'user.name': 'webmaster',
        'source.ip': '173.234.31.186',
      },
    ],
    [
      'Failed none for invalid user 0 from 5.188.10.180 port 49054 ssh2',
      { 'ssh.method': 'none', 'user.name': '0', 'ssh.invalid_user': true },
    ],
    [
      'Failed publickey for git from 2001:db8::10 port 22 ssh2: RSA SHA256:x',
      { 'ssh.method': 'publickey', 'user.name': 'git', 'source.ip': '2001:db8::10', 'source.port': 22 },
    ],
    [
      'Failed password for illegal user test from 10.0.0.1 port 1 ssh2',
      { 'user.name': 'test', 'ssh.invalid_user': true },
    ],
    [
      'Accepted password for fztu from 119.137.62.142 port 49116 ssh2',
      {
        'event.action': 'ssh_login',
        'event.outcome': 'success',
        'user.name': 'fztu',
        'source.ip': '119.137.62.142',
        'source.port': 49116,
      },
    ],
    [
      'Accepted publickey for deploy from fe80::1%eth0 port 22 ssh2: ED25519 SHA256:abc',
      { 'user.name': 'deploy', 'source.ip': 'fe80::1%eth0' },
    ],
    // A user name is the client's to choose: the real address is the last " from ".
    [
      'Failed password for invalid user x from 9.9.9.9 port 1 ssh2 from 203.0.113.5 port 40000 ssh2',
      { 'user.name': 'x from 9.9.9.9 port 1 ssh2', 'source.ip': '203.0.113.5', 'source.port': 40000 },
    ],
    [
      'Failed password for invalid user  from 203.0.113.5 port 4 ssh2',
      { 'user.name': '', 'source.ip': '203.0.113.5' },
    ],
    // UseDNS yes logs names.
    [
      'Failed password for root from host.example.net port 22 ssh2',
      { 'source.domain': 'host.example.net', 'source.ip': undefined },
    ],
    [
      'Invalid user webmaster from 173.234.31.186',
      {
        'event.action': 'ssh_invalid_user',
        'event.outcome': 'failure',
        'user.name': 'webmaster',
        'source.ip': '173.234.31.186',
      },
    ],
    [
      'Invalid user admin from 2001:db8::1 port 4242',
      { 'user.name': 'admin', 'source.ip': '2001:db8::1', 'source.port': 4242 },
    ],
    [
      'Connection closed by 212.47.254.145 [preauth]',
      { 'event.action': 'ssh_disconnect', 'ssh.preauth': true, 'source.ip': '212.47.254.145' },
    ],
    [
      'Connection closed by authenticating user root 198.51.100.4 port 61000 [preauth]',
      {
        'event.action': 'ssh_disconnect',
        'user.name': 'root',
        'source.ip': '198.51.100.4',
        'source.port': 61000,
      },
    ],
    [
      'Connection closed by invalid user a b c 198.51.100.4 port 1 [preauth]',
      { 'user.name': 'a b c', 'source.ip': '198.51.100.4' },
    ],
    [
      'Connection reset by 198.51.100.9 port 2 [preauth]',
      { 'event.action': 'ssh_disconnect', 'source.ip': '198.51.100.9', 'source.port': 2 },
    ],
    [
      'Disconnected from user bob 192.0.2.3 port 5000',
      { 'event.action': 'ssh_disconnect', 'user.name': 'bob', 'ssh.preauth': undefined },
    ],
    [
      'Received disconnect from 52.80.34.196: 11: Bye Bye [preauth]',
      { 'event.action': 'ssh_disconnect', 'source.ip': '52.80.34.196', 'ssh.preauth': true },
    ],
    [
      'error: Received disconnect from 103.99.0.122: 14: No more user authentication methods available. [preauth]',
      { 'event.action': 'ssh_disconnect', 'source.ip': '103.99.0.122' },
    ],
    [
      'Received disconnect from 2001:db8::2 port 5555:11: Bye Bye [preauth]',
      { 'source.ip': '2001:db8::2', 'source.port': 5555 },
    ],
    [
      'Did not receive identification string from 61.187.54.9',
      { 'event.action': 'ssh_no_identification', 'event.outcome': 'failure', 'source.ip': '61.187.54.9' },
    ],
    [
      'banner exchange: Connection from 192.0.2.8 port 4000: invalid format',
      { 'event.action': 'ssh_no_identification', 'source.ip': '192.0.2.8' },
    ],
    [
      'error: maximum authentication attempts exceeded for invalid user admin from 192.0.2.9 port 22 ssh2 [preauth]',
      {
        'event.action': 'ssh_max_auth_attempts',
        'user.name': 'admin',
        'ssh.invalid_user': true,
        'source.ip': '192.0.2.9',
      },
    ],
    [
      'Disconnecting: Too many authentication failures for root [preauth]',
      { 'event.action': 'ssh_max_auth_attempts', 'user.name': 'root' },
    ],
    [
      'Disconnecting authenticating user root 192.0.2.9 port 5: Too many authentication failures [preauth]',
      {
        // The disconnect that follows "maximum authentication attempts exceeded": the same event.
        'event.action': 'ssh_disconnect',
        'event.outcome': 'failure',
        'user.name': 'root',
        'source.ip': '192.0.2.9',
        'source.port': 5,
      },
    ],
    [
      'reverse mapping checking getaddrinfo for ns.marryaldkfaczcz.com [173.234.31.186] failed - POSSIBLE BREAK-IN ATTEMPT!',
      {
        'event.action': 'ssh_reverse_mapping_failed',
        'source.domain': 'ns.marryaldkfaczcz.com',
        'source.ip': '173.234.31.186',
      },
    ],
    [
      'PAM 2 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=183.62.140.253  user=root',
      {
        'event.action': 'pam_auth_failure_repeated',
        'pam.count': 2,
        'user.name': 'root',
        'source.ip': '183.62.140.253',
      },
    ],
    [
      'pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=ec2-52-80-34-196.cn-north-1.compute.amazonaws.com.cn ',
      {
        'event.action': 'pam_auth_failure',
        'pam.module': 'pam_unix',
        'pam.service': 'sshd',
        'source.domain': 'ec2-52-80-34-196.cn-north-1.compute.amazonaws.com.cn',
        'user.name': undefined,
      },
    ],
    [
      'pam_unix(sshd:auth): check pass; user unknown',
      { 'event.action': 'pam_user_unknown', 'event.outcome': 'failure' },
    ],
    [
      'pam_unix(sshd:session): session opened for user fztu by (uid=0)',
      { 'event.action': 'session_opened', 'user.name': 'fztu', 'pam.by': undefined },
    ],
    [
      'Unable to negotiate with 192.0.2.1 port 5: no matching key exchange method found.',
      { 'event.action': 'ssh_negotiation_failed', 'source.ip': '192.0.2.1' },
    ],
    [
      "Bad protocol version identification 'GET / HTTP/1.1' from 192.0.2.2 port 6",
      { 'event.action': 'ssh_negotiation_failed', 'source.ip': '192.0.2.2' },
    ],
    [
      'User root from 192.0.2.3 not allowed because not listed in AllowUsers',
      {
        'event.action': 'ssh_user_not_allowed',
        'user.name': 'root',
        'source.ip': '192.0.2.3',
        'event.reason': 'not allowed because not listed in AllowUsers',
      },
    ],
    ['input_userauth_request: invalid user webmaster [preauth]', { 'event.action': undefined }],
    ['Server listening on 0.0.0.0 port 22.', { 'event.action': undefined, 'source.ip': undefined }],
  ])('%s', (message, expected) => {
    const ev = syslogEvent(H + message);
    expect(ev).toMatchObject({
      'event.dataset': 'linux.auth',
      'process.name': 'sshd',
      'host.name': 'LabSZ',
      message,
    });
    for (const [field, value] of Object.entries(expected)) expect(ev[field], field).toEqual(value);
  });

  it.each([
    // Truncated lines: the action stands; no field is read from the cut part.
    [
      'Failed password for root from 192.0',
      {
        'event.action': 'ssh_login',
        'user.name': 'root',
        'source.ip': undefined,
        'source.domain': undefined,
      },
    ],
    [
      'Failed password for ro',
      { 'event.action': 'ssh_login', 'event.outcome': 'failure', 'user.name': undefined },
    ],
    ['Failed password', { 'event.action': 'ssh_login', 'ssh.method': undefined }],
    ['Invalid user adm', { 'event.action': 'ssh_invalid_user', 'user.name': undefined }],
    [
      'Failed password for root from 192.0.2.1 port 99999 ssh2',
      { 'source.ip': '192.0.2.1', 'source.port': undefined },
    ],
  ])('truncated or odd: %s', (message, expected) => {
    const ev = syslogEvent(H + message);
    for (const [field, value] of Object.entries(expected)) expect(ev[field], field).toEqual(value);
  });

  it('reads sshd-session (OpenSSH 9.8+) the same way', () => {
    expect(
      syslogEvent('Dec 10 06:55:46 h sshd-session[9]: Invalid user a from 192.0.2.1 port 1'),
    ).toMatchObject({
      'event.action': 'ssh_invalid_user',
      'process.name': 'sshd-session',
    });
  });
});
