import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { auomsEvent } from '../../../../src/threats/parsers/auditd/auoms.ts';
import { decodeHexField, parseAuditFields } from '../../../../src/threats/parsers/auditd/fields.ts';
import { omsAuditRecords } from '../../../../src/threats/parsers/auditd/oms.ts';
import { AuditdReader } from '../../../../src/threats/parsers/auditd/reader.ts';
import { parseAuditRecord } from '../../../../src/threats/parsers/auditd/record.ts';
import { feed } from '../helpers.ts';

const FIXTURES = new URL('../../../fixtures/threats/', import.meta.url);

const audit = (...lines: string[]) => feed((sink) => new AuditdReader(sink), lines);

describe('audit record fields', () => {
  it('reads quoted, bare, hex and nested msg= values', () => {
    const fields: Record<string, string> = {};
    parseAuditFields(
      `pid=1 uid=0 subj==unconfined msg='op=PAM:authentication acct="root" exe=2F7573722F7362696E2F73736864 hostname=? addr=192.0.2.1 res=failed' comm="a b"`,
      fields,
    );
    expect(fields).toEqual({
      pid: '1',
      uid: '0',
      subj: '=unconfined',
      op: 'PAM:authentication',
      acct: 'root',
      exe: '/usr/sbin/sshd',
      hostname: '?',
      addr: '192.0.2.1',
      res: 'failed',
      comm: 'a b',
    });
  });

  it.each([
    ['proctitle', '2F62696E2F7368002D63006964', '/bin/sh -c id'],
    ['key', '6B31016B32', 'k1,k2'],
    ['name', '(null)', '(null)'],
    ['cwd', 'ABC', 'ABC'],
    ['acct', '726F6F74', 'root'],
  ])('decodes %s=%s', (key, raw, text) => {
    expect(decodeHexField(raw, key)).toBe(text);
  });

  it('reads an ausearch -i record (local time stamp, " : " separator)', () => {
    const record = parseAuditRecord(
      'type=USER_LOGIN msg=audit(03/02/2019 00:10:08.371:23) : pid=15745 uid=root acct=root addr=36.156.24.99 res=failed',
      1,
    );
    expect(record).toMatchObject({
      type: 'USER_LOGIN',
      serial: 23,
      ms: Date.UTC(2019, 2, 2, 0, 10, 8, 371),
      fields: { acct: 'root', res: 'failed' },
    });
  });

  // rsyslog (audisp-syslog, or imfile reading audit.log) escapes the enriched format's 0x1D as `#035`.
  it.each([
    [
      'type=SYSCALL msg=audit(1724098206.781:392): syscall=257 comm="nano" key=(null)#035ARCH=x86_64 SYSCALL=openat AUID="vagrant" UID="root"',
      { key: '(null)', comm: 'nano' },
      { ARCH: 'x86_64', SYSCALL: 'openat', AUID: 'vagrant', UID: 'root' },
    ],
    [
      'type=PATH msg=audit(1740223525.615:103): item=0 name="/etc/nginx/nginx.conf" cap_fp=0#035OUID="root" OGID="root"',
      { name: '/etc/nginx/nginx.conf', cap_fp: '0' },
      { OUID: 'root', OGID: 'root' },
    ],
    // Not the separator: a `#035` that no upper-case name follows stays in its value.
    ['type=PATH msg=audit(1.000:1): name="/tmp/#035x" item=0', { name: '/tmp/#035x' }, undefined],
  ])('reads the enriched names after an escaped separator: %s', (line, fields, enriched) => {
    const record = parseAuditRecord(line, 1);
    expect(record).toMatchObject({ fields });
    expect(typeof record === 'string' ? record : record.enriched).toEqual(enriched);
  });

  it.each([
    ['hello', 'not an audit record (no type=)'],
    ['type=SYSCALL', 'truncated audit record'],
    ['type=SYSCALL msg=audit(abc:1): x=1', 'malformed audit(time:serial)'],
    ['type=SYSCALL arch=c000003e', 'audit record without msg=audit(time:serial)'],
  ])('%j is not a record: %s', (line, reason) => {
    expect(parseAuditRecord(line, 1)).toBe(reason);
  });
});

describe('audit events', () => {
  const { events, unparsed } = audit(
    ...readFileSync(new URL('audit-hex-execve.log', FIXTURES), 'utf8').split('\n'),
  );

  it('makes one event per serial and leaves nothing unparsed', () => {
    expect(unparsed).toEqual([]);
    expect(events.map((e) => e['auditd.serial'])).toEqual([501, 502, 503, 504, 505]);
  });

  it('reassembles hex-encoded EXECVE arguments and decodes CWD and PROCTITLE', () => {
    expect(events[0]).toMatchObject({
      '@timestamp': '2023-11-14T22:13:20.100Z',
      'event.dataset': 'linux.auditd',
      'event.action': 'process_created',
      'event.category': ['process'],
      'event.outcome': 'success',
      'process.args': ['bash', '-c', 'echo hello world | base64 -d'],
      'process.command_line': 'bash -c echo hello world | base64 -d',
      'process.title': 'bash -c echo hello world | base64 -d',
      'process.working_directory': '/tmp/my dir',
      'process.executable': '/usr/bin/bash',
      'process.name': 'bash',
      'process.pid': 901,
      'process.parent.pid': 900,
      'user.id': '1000',
      'user.effective.id': '0',
      'user.audit.id': '1000',
      'auditd.key': 'susp_exec',
      'auditd.types': ['SYSCALL', 'EXECVE', 'CWD', 'PATH', 'PROCTITLE'],
      'auditd.data.a2': 'echo hello world | base64 -d',
      'auditd.data.syscall.a0': '55d1',
      'auditd.data.name': '/usr/bin/bash',
      'log.file.line': 1,
    });
    expect(String(events[0]!['log.original']).split('\n')).toHaveLength(5);
  });

  it('reads user-space records: account, address (IPv6) and result', () => {
    expect(events[1]).toMatchObject({
      'event.action': 'pam_authentication',
      'event.category': ['authentication'],
      'event.outcome': 'failure',
      'user.name': 'root',
      'source.ip': '2001:db8::5',
      'process.executable': '/usr/sbin/sshd',
    });
    expect(events[1]!['user.audit.id']).toBeUndefined();
  });

  it('joins a long argument logged in pieces, with records out of order', () => {
    expect(events[2]).toMatchObject({
      'process.args': ['curl', 'https://x.zz'],
      'process.name': 'curl',
      'log.file.line': 8,
    });
  });

  it('joins arguments spread over several EXECVE records', () => {
    expect(events[3]!['process.args']).toEqual(['sh', '-c', 'id', '-a']);
  });

  it('emits an event still open at the end of the input, with its file path', () => {
    expect(events[4]).toMatchObject({
      'event.action': 'syscall',
      'event.outcome': 'failure',
      'file.path': '/etc/shadow',
      'auditd.key': 'shadow',
    });
  });

  it('waits for late records only as long as the log says: a record 3 s newer closes the event', () => {
    const out = audit(
      'type=SYSCALL msg=audit(100.000:1): syscall=59 success=yes pid=1 comm="a"',
      'type=SYSCALL msg=audit(104.000:2): syscall=59 success=yes pid=2 comm="b"',
      'type=EXECVE msg=audit(100.000:1): argc=1 a0="late"',
    );
    expect(out.events.map((e) => [e['auditd.serial'], e['process.args']])).toEqual([
      [1, undefined],
      [2, undefined],
      [1, ['late']],
    ]);
  });

  // A central audit.log (audisp-remote, name_format=hostname): each host has its own serials and clock.
  it('groups records by host: a host whose clock is behind keeps its events whole', () => {
    const out = audit(
      'node=db-01 type=SYSCALL msg=audit(100.000:7): syscall=59 success=yes pid=7 comm="id" exe="/usr/bin/id"',
      'node=web-01 type=SYSCALL msg=audit(105.000:7): syscall=59 success=yes pid=9 comm="ls" exe="/usr/bin/ls"',
      'node=db-01 type=EXECVE msg=audit(100.000:7): argc=2 a0="id" a1="-u"',
      'node=web-01 type=EXECVE msg=audit(105.000:7): argc=1 a0="ls"',
    );
    expect(out.events.map((e) => [e['host.name'], e['auditd.types'], e['process.command_line']])).toEqual([
      ['db-01', ['SYSCALL', 'EXECVE'], 'id -u'],
      ['web-01', ['SYSCALL', 'EXECVE'], 'ls'],
    ]);
  });

  it('reads the enriched log format names', () => {
    const out = audit(
      'type=SYSCALL msg=audit(100.000:1): syscall=59 success=yes pid=1 uid=0 auid=1000 comm="id"\u001dUID="root" AUID="alice"',
    );
    expect(out.events[0]).toMatchObject({ 'user.name': 'root', 'user.audit.name': 'alice' });
  });

  it('reports a line that is not a record, with its reason, and skips ausearch separators', () => {
    const out = audit('----', 'time->Sat Mar  2 00:10:05 2019', 'garbage here');
    expect(out.unparsed).toEqual([
      { line: 3, reason: 'not an audit record (no type=)', text: 'garbage here' },
    ]);
  });

  it('bounds what a forged argument index can allocate', () => {
    const out = audit('type=EXECVE msg=audit(100.000:1): argc=1 a0="x" a99999999="y"');
    expect(out.events[0]!['process.args']).toEqual(['x']);
  });
});

describe('AUOMS records', () => {
  it('reads the unescaped cmdline and path lists', () => {
    const message =
      'type=AUOMS_EXECVE audit(1652292621.990:84143): SchemaVersion="1" node=UBUNTU5 syscall=execve success=yes ppid=1340 pid=17790 user=tomcat uid=1001 effective_user=tomcat euid=1001 comm="bash" exe="/bin/bash" cwd="/" path_name=["/bin/bash","/lib64/ld-linux-x86-64.so.2"] argc=3 cmdline="bash -c "{echo,x}|{base64,-d}|{bash,-i}"" redactors= containerid=';
    const ev = auomsEvent(message, message, 'f', 7, undefined);
    expect(ev).toMatchObject({
      'event.action': 'process_created',
      'process.command_line': 'bash -c "{echo,x}|{base64,-d}|{bash,-i}"',
      'process.executable': '/bin/bash',
      'user.name': 'tomcat',
      'host.name': 'UBUNTU5',
      'auditd.data.path_name': ['/bin/bash', '/lib64/ld-linux-x86-64.so.2'],
      'log.file.line': 7,
    });
  });

  it('says why a record is not AUOMS', () => {
    expect(auomsEvent('type=AUOMS_EXECVE no stamp', '', 'f', 1, undefined)).toBe(
      'AUOMS record without audit(time:serial)',
    );
  });
});

describe('OMS AuditdMessage', () => {
  it('reads the Python literal into records', () => {
    const text = `[{'USER_END': ['pid=28056', 'uid=0', "msg='op=PAM:session_close", 'acct="root"', 'exe="/usr/bin/sudo"', "res=success'"]}, {'EXECVE': ['argc=1', 'a0=6964']}]`;
    const records = omsAuditRecords(text, '1550505627.301:9077922', 4);
    expect(records).toMatchObject([
      {
        type: 'USER_END',
        serial: 9077922,
        ms: 1550505627301,
        fields: { op: 'PAM:session_close', acct: 'root', res: 'success' },
      },
      { type: 'EXECVE', fields: { a0: 'id' } },
    ]);
  });

  it.each([
    ['not a list', 'AuditdMessage is not a list'],
    ["[{'SYSCALL': ['a=1'", 'AuditdMessage: expected ]'],
  ])('%j: %s', (text, reason) => {
    expect(omsAuditRecords(text, '1.1:1', 1)).toBe(reason);
  });
});
