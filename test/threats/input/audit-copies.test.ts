import { describe, expect, it } from 'vitest';
import type { ThreatEvent } from '../../../src/threats/event.ts';
import { AuditCopies } from '../../../src/threats/input/audit-copies.ts';

const T0 = Date.UTC(2023, 10, 14, 22, 13, 20, 412);

/** An sshd USER_LOGIN record as parsers/auditd/event.ts reads it, from `file`; `serial: undefined` is stamp-less. */
function record(file: string, fields: Partial<ThreatEvent> & { ms?: number } = {}): ThreatEvent {
  const { ms = 0, ...rest } = fields;
  return {
    '@timestamp': new Date(T0 + ms).toISOString(),
    'event.dataset': 'linux.auditd',
    'log.original': '',
    'log.file.path': file,
    'log.file.line': 1,
    'event.action': 'login',
    'auditd.types': ['USER_LOGIN'],
    'auditd.serial': 457,
    'auditd.data.pid': '4242',
    'auditd.data.acct': 'root',
    'auditd.data.res': 'failed',
    ...rest,
  };
}

const STAMPLESS = { 'auditd.serial': undefined, 'host.name': 'web-01' };

describe('AuditCopies', () => {
  // Each case: events in stream order → which of them are copies of a record already passed on.
  const cases: [string, ThreatEvent[], boolean[]][] = [
    [
      'audit.log (no host) and the journal (host) hold one record',
      [record('audit.log'), record('journal.json', { 'host.name': 'web-01' })],
      [false, true],
    ],
    ['one file never holds one record twice', [record('audit.log'), record('audit.log')], [false, false]],
    [
      'another host: another record',
      [record('a', { 'host.name': 'web-01' }), record('b', { 'host.name': 'web-02' })],
      [false, false],
    ],
    [
      'a host-less record is bound to the first host it is a copy of',
      [record('a'), record('b', { 'host.name': 'web-01' }), record('c', { 'host.name': 'web-02' })],
      [false, true, false],
    ],
    ['another serial', [record('a'), record('b', { 'auditd.serial': 458 })], [false, false]],
    ['another time', [record('a'), record('b', { ms: 1 })], [false, false]],
    [
      'another type at the same stamp',
      [record('a'), record('b', { 'auditd.types': ['USER_AUTH'] })],
      [false, false],
    ],
    [
      "a kernel event's record read alone (journal) and in its event (audit.log)",
      [
        record('audit.log', { 'auditd.types': ['SYSCALL', 'EXECVE', 'PATH'] }),
        record('journal.json', { 'auditd.types': ['EXECVE'] }),
      ],
      [false, true],
    ],
    [
      'journalctl text (no stamp, the second) and audit.log',
      [record('messages', { ...STAMPLESS, ms: -412 }), record('audit.log')],
      [false, true],
    ],
    ['audit.log then journalctl text', [record('audit.log'), record('messages', STAMPLESS)], [false, true]],
    [
      "one syslog file holding the kernel's line (stamp) and journald's (none) of one record",
      [record('messages'), record('messages', STAMPLESS)],
      [false, true],
    ],
    [
      'no stamp, more than 2 s apart',
      [record('audit.log'), record('messages', { ...STAMPLESS, ms: 2001 })],
      [false, false],
    ],
    [
      'no stamp, other fields',
      [record('audit.log'), record('messages', { ...STAMPLESS, 'auditd.data.res': 'success' })],
      [false, false],
    ],
    [
      'no stamp, one file: identical records are records',
      [record('messages', STAMPLESS), record('messages', STAMPLESS)],
      [false, false],
    ],
    [
      'no stamp: each record pairs once (one connection failing twice in a second)',
      [
        record('audit.log'),
        record('audit.log', { 'auditd.serial': 458, ms: 5 }),
        record('messages', STAMPLESS),
        record('messages', STAMPLESS),
        record('messages', STAMPLESS),
      ],
      [false, false, true, true, false],
    ],
    [
      'a stamp-less record takes the stamp of its copy, for a third',
      [record('messages', STAMPLESS), record('audit.log'), record('journal.json', { 'host.name': 'web-01' })],
      [false, true, true],
    ],
  ];
  it.each(cases)('%s', (_name, events, expected) => {
    const copies = new AuditCopies();
    expect(events.map((e) => copies.isCopy(e))).toEqual(expected);
  });

  it('forgets records once they are too old to be copied', () => {
    const copies = new AuditCopies();
    expect(copies.isCopy(record('a'))).toBe(false);
    // Enough later records to prune: the first record is gone, so its late copy counts.
    for (let i = 1; i <= 2000; i++) copies.isCopy(record('a', { 'auditd.serial': 1000 + i, ms: 20_000 + i }));
    expect(copies.isCopy(record('b'))).toBe(false);
    expect(copies.isCopy(record('c', { 'auditd.serial': 1001, ms: 20_001 }))).toBe(true);
  });

  it('leaves events that are not audit records alone', () => {
    const copies = new AuditCopies();
    const plain = { ...record('a'), 'auditd.types': undefined };
    expect([copies.isCopy(plain), copies.isCopy({ ...plain, 'log.file.path': 'b' })]).toEqual([false, false]);
  });
});
