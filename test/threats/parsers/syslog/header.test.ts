import { describe, expect, it } from 'vitest';
import { SyslogClock } from '../../../../src/threats/parsers/syslog/clock.ts';
import {
  emptyHeader,
  parseSyslogHeader,
  type SyslogHeader,
} from '../../../../src/threats/parsers/syslog/header.ts';

function header(line: string): SyslogHeader | string {
  const out = emptyHeader();
  const error = parseSyslogHeader(line, new SyslogClock({ year: 2024, reference: new Date() }), out);
  return error ?? { ...out };
}

describe('parseSyslogHeader', () => {
  it.each([
    [
      'Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster from 173.234.31.186',
      {
        timestamp: '2024-12-10T06:55:46.000Z',
        host: 'LabSZ',
        program: 'sshd',
        pid: 24200,
        message: 'Invalid user webmaster from 173.234.31.186',
      },
    ],
    [
      'Jun  9 06:06:20 combo sshd(pam_unix)[19939]: check pass; user unknown',
      {
        timestamp: '2024-06-09T06:06:20.000Z',
        host: 'combo',
        program: 'sshd(pam_unix)',
        pid: 19939,
        message: 'check pass; user unknown',
      },
    ],
    [
      'Jun 15 04:06:20 combo logrotate: ALERT exited abnormally with [1]',
      { host: 'combo', program: 'logrotate', pid: undefined, message: 'ALERT exited abnormally with [1]' },
    ],
    // Odd spacing: runs of spaces between every field, and before the message.
    [
      'Mar  3   10:00:02   web-01    sudo:     alice : TTY=pts/0 ; PWD=/ ; USER=root ; COMMAND=/bin/id',
      {
        timestamp: '2024-03-03T10:00:02.000Z',
        host: 'web-01',
        program: 'sudo',
        message: 'alice : TTY=pts/0 ; PWD=/ ; USER=root ; COMMAND=/bin/id',
      },
    ],
    [
      'Jul  7 08:06:15 combo  -- root[2421]: ROOT LOGIN ON tty2',
      { host: 'combo', program: undefined, message: '-- root[2421]: ROOT LOGIN ON tty2' },
    ],
    [
      'Dec 10 06:55:46 sshd[1]: no host here',
      { host: undefined, program: 'sshd', pid: 1, message: 'no host here' },
    ],
    ['Dec 10 06:55:46.123456 h p: fraction', { timestamp: '2024-12-10T06:55:46.123Z', program: 'p' }],
    ['Dec 10 06:55:46 h kernel:', { program: 'kernel', message: '' }],
    ['<38>Dec 10 06:55:46 h sshd[5]: with PRI', { priority: 38, program: 'sshd' }],
    [
      '2024-01-15T10:20:30.123456+01:00 web-01 sshd[77]: Accepted publickey for bob',
      {
        timestamp: '2024-01-15T09:20:30.123Z',
        host: 'web-01',
        program: 'sshd',
        pid: 77,
        message: 'Accepted publickey for bob',
      },
    ],
    [
      '<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 [exampleSDID@32473 iut="3" eventSource="App]lication"] \uFEFF\'su root\' failed',
      {
        timestamp: '2003-10-11T22:14:15.003Z',
        host: 'mymachine.example.com',
        program: 'su',
        pid: undefined,
        priority: 34,
        structuredData: '[exampleSDID@32473 iut="3" eventSource="App]lication"]',
        message: "'su root' failed",
      },
    ],
    [
      "<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time",
      {
        timestamp: '2003-08-24T12:14:15.000Z',
        host: '192.0.2.1',
        program: 'myproc',
        pid: 8710,
        message: "%% It's time",
      },
    ],
    ['<13>1 2024-01-01T00:00:00Z - - - - -', { host: undefined, program: undefined, message: '' }],
    // A date and a time apart are one stamp, not a midnight from a host named by the time.
    [
      '2024-05-01 10:00:07 web-01 sshd[9]: Failed password for root from 203.0.113.9 port 22 ssh2',
      { timestamp: '2024-05-01T10:00:07.000Z', host: 'web-01', program: 'sshd', pid: 9 },
    ],
    // journalctl -o short-iso, short-iso-precise, short-full (zone named), short-unix (epoch seconds).
    [
      '2024-05-01T12:00:07+0200 web-01 sshd[9]: iso',
      { timestamp: '2024-05-01T10:00:07.000Z', host: 'web-01', program: 'sshd', pid: 9 },
    ],
    ['2024-05-01T10:00:07.123456+00:00 web-01 sshd[9]: precise', { timestamp: '2024-05-01T10:00:07.123Z' }],
    [
      'Wed 2024-05-01 10:00:07 UTC web-01 sshd[9]: full',
      { timestamp: '2024-05-01T10:00:07.000Z', host: 'web-01', program: 'sshd', pid: 9, message: 'full' },
    ],
    ['Wed 2024-05-01 12:00:07 CEST web-01 sshd[9]: full', { timestamp: '2024-05-01T10:00:07.000Z' }],
    ['Wed 2024-05-01 06:00:07 EDT web-01 sshd[9]: full', { timestamp: '2024-05-01T10:00:07.000Z' }],
    ['Wed 2024-05-01 15:30:07 +0530 web-01 sshd[9]: full', { timestamp: '2024-05-01T10:00:07.000Z' }],
    ['Wed 2024-05-01 07:00:07 -03 web-01 sshd[9]: full', { timestamp: '2024-05-01T10:00:07.000Z' }],
    [
      '1714557607.123456 web-01 sshd[9]: unix',
      { timestamp: '2024-05-01T10:00:07.123Z', host: 'web-01', program: 'sshd', pid: 9, message: 'unix' },
    ],
    ['1714557607 web-01 sshd[9]: unix', { timestamp: '2024-05-01T10:00:07.000Z', host: 'web-01' }],
  ])('%s', (line, expected) => {
    expect(header(line)).toMatchObject(expected);
  });

  it.each([
    ['not a syslog line at all', 'not a syslog line (no timestamp)'],
    ['Apr  1 08:0', 'truncated in the timestamp'],
    ['Apr  1 08:00:00', 'truncated after the timestamp'],
    ['Apr  1 08:00:00 web-01', 'truncated after the host name'],
    ['Apr 41 08:00:00 web-01 x: y', 'no such date'],
    ['Apr  1 24:00:00 web-01 x: y', 'not a syslog line (no timestamp)'],
    ['Feb 30 08:00:00 web-01 x: y', 'no such date'],
    ['Xyz  1 08:00:00 web-01 x: y', 'not a syslog line (no timestamp)'],
    ['<999>Apr  1 08:00:00 h x: y', 'malformed <PRI>'],
    ['<34>1 2003-10-11T22:14:15.003Z host', 'truncated RFC 5424 header'],
    ['<34>1 yesterday host app - - - msg', 'RFC 5424 line without a valid timestamp'],
    ['<34>1 2003-10-11T22:14:15Z h a - - [unclosed msg', 'malformed RFC 5424 structured data'],
    ['2024-05-01 web-01 sshd[9]: a date alone', 'not a syslog line (no timestamp)'],
    ['12345678 web-01 sshd[9]: too few digits for epoch seconds', 'not a syslog line (no timestamp)'],
    ['1714557607.12x web-01 sshd[9]: x', 'not a syslog line (no timestamp)'],
    ['Wed 2024-05-01 10:00:07 UTC', 'truncated after the timestamp'],
    ['Wed 2024-13-01 10:00:07 UTC web-01 sshd[9]: x', 'not a syslog line (no timestamp)'],
    [
      'Wed 2024-05-01 10:00:07 CST web-01 sshd[9]: CST is US Central, China or Cuba',
      'journalctl short-full time in zone "CST", which names no single offset (export with -o short-iso)',
    ],
  ])('%j is not syslog: %s', (line, reason) => {
    expect(header(line)).toBe(reason);
  });

  it('reads the same stamp on a later line from its cache', () => {
    const clock = new SyslogClock({ year: 2024, reference: new Date() });
    const out = emptyHeader();
    parseSyslogHeader('Dec 10 06:55:46 a p: one', clock, out);
    expect(parseSyslogHeader('Dec 10 06:55:46 b q: two', clock, out)).toBeUndefined();
    expect(out).toMatchObject({
      timestamp: '2024-12-10T06:55:46.000Z',
      host: 'b',
      program: 'q',
      message: 'two',
    });
    // A longer stamp sharing the prefix is not the cached one.
    expect(parseSyslogHeader('Dec 10 06:55:46.5 c r: three', clock, out)).toBeUndefined();
    expect(out.timestamp).toBe('2024-12-10T06:55:46.500Z');
  });

  it('reads the host and program of each line when consecutive lines differ in them', () => {
    const clock = new SyslogClock({ year: 2024, reference: new Date() });
    const out = emptyHeader();
    const lines: [string, string | undefined, string | undefined][] = [
      ['Dec 10 06:55:46 web01 sshd[1]: a', 'web01', 'sshd'],
      ['Dec 10 06:55:46 web01 sshd[2]: b', 'web01', 'sshd'],
      ['Dec 10 06:55:46 web02 sudo: c', 'web02', 'sudo'],
      ['Dec 10 06:55:46 web0 sudo2[3]: d', 'web0', 'sudo2'],
      ['Dec 10 06:55:46 web01 sshe[4]: e', 'web01', 'sshe'],
    ];
    for (const [line, host, program] of lines) {
      expect(parseSyslogHeader(line, clock, out)).toBeUndefined();
      expect([out.host, out.program]).toEqual([host, program]);
    }
  });

  it('is linear on a long hostile line', () => {
    const clock = new SyslogClock({ year: 2024, reference: new Date() });
    const line = `Dec 10 06:55:46 h ${'['.repeat(200_000)}`;
    const start = performance.now();
    parseSyslogHeader(line, clock, emptyHeader());
    parseSyslogHeader(`<34>1 2003-10-11T22:14:15Z h a - - ${'['.repeat(200_000)}`, clock, emptyHeader());
    expect(performance.now() - start).toBeLessThan(500);
  });
});
