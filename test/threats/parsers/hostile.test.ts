import { describe, expect, it } from 'vitest';
import { CsvRows } from '../../../src/threats/input/csv.ts';
import { JsonRecordSplitter } from '../../../src/threats/input/json-records.ts';
import { auomsEvent } from '../../../src/threats/parsers/auditd/auoms.ts';
import { AuditdReader } from '../../../src/threats/parsers/auditd/reader.ts';
import { parseEventXml } from '../../../src/threats/parsers/windows/event-xml.ts';
import { feed, syslog } from './helpers.ts';

/**
 * Lines an attacker can shape (user names, commands, client banners) must not make a parser slow: each
 * case is a line of about a megabyte built to defeat a naive scan, and must be read in well under the
 * time a quadratic scan of it would take (minutes).
 */
const N = 50_000;

function quick(run: () => unknown): void {
  const started = performance.now();
  run();
  expect(performance.now() - started).toBeLessThan(2000);
}

describe('hostile input stays linear', () => {
  it.each([
    [
      'sshd user name full of " from "',
      `Failed password for invalid user ${' from x'.repeat(N)} from 192.0.2.1 port 22 ssh2`,
    ],
    [
      'sshd disconnect user full of " port "',
      `Connection closed by invalid user ${'a port 1 '.repeat(N)}192.0.2.1 port 2 [preauth]`,
    ],
    [
      'PAM line full of keys',
      `pam_unix(sshd:auth): authentication failure; ${'xrhost=1 '.repeat(N)} rhost=192.0.2.1`,
    ],
    ['message repeated with a huge body', `message repeated 3 times: [ ${'['.repeat(N)}]`],
  ])('sshd: %s', (_what, message) => {
    quick(() => expect(syslog(`Dec 10 06:55:46 h sshd[1]: ${message}`).events.length).toBeGreaterThan(0));
  });

  it('sudo: a line full of keys', () => {
    quick(() => {
      const { events } = syslog(`Dec 10 06:55:46 h sudo: alice : ${'TTY=x '.repeat(N)}COMMAND=/bin/id`);
      expect(events[0]!['process.command_line']).toBe('/bin/id');
    });
    quick(() => syslog(`Dec 10 06:55:46 h sudo: alice : ${'TTY=x PWD=y '.repeat(N)}`));
  });

  it('journalctl stamps and audit lines: long zones, digits and types', () => {
    quick(() => {
      const { unparsed } = syslog(
        `Wed 2024-05-01 10:00:07 ${'Z'.repeat(N)} h p: zone`,
        `${'1'.repeat(N)} h p: digits`,
        `1714557607.${'1'.repeat(N)} h p: fraction`,
      );
      // A long fraction is still a time (as in ISO 8601); the zone and the 50,000-digit second are not.
      expect(unparsed.map((u) => u.line)).toEqual([1, 2]);
    });
    quick(() => syslog(`Dec 10 06:55:46 h audit[1]: ${'A'.repeat(N)} ${'x=1 '.repeat(N)}`));
    quick(() => syslog(`Dec 10 06:55:46 h kernel: [${' '.repeat(N)}] audit: type=1112 x`));
  });

  it('accounts and cron: quotes and parentheses without end', () => {
    quick(() =>
      syslog(
        `Dec 10 06:55:46 h usermod[1]: add ${"'".repeat(N)}`,
        `Dec 10 06:55:46 h CRON[1]: (${'('.repeat(N)}`,
      ),
    );
  });

  it('auditd: a record of many fields, a msg of many quotes, many arguments', () => {
    quick(() =>
      feed(
        (sink) => new AuditdReader(sink),
        [
          `type=SYSCALL msg=audit(1.1:1): ${'a=b '.repeat(N)}`,
          `type=USER_CMD msg=audit(1.1:2): msg='${'"x" '.repeat(N)}'`,
          `type=EXECVE msg=audit(1.1:3): argc=65536 ${Array.from({ length: N }, (_, i) => `a${i}="x"`).join(' ')}`,
        ],
      ),
    );
  });

  it('AUOMS: a record full of free-text keys', () => {
    const body = ' cmdline=x'.repeat(N);
    quick(() =>
      expect(typeof auomsEvent(`type=AUOMS_EXECVE audit(1.1:1):${body}`, '', 'f', 1, undefined)).toBe(
        'object',
      ),
    );
  });

  it('event XML: many Data elements without names, and attributes without end', () => {
    const data = '<Data>x</Data>'.repeat(N);
    quick(() => {
      const x = parseEventXml(
        `<Event><System><EventID>1</EventID></System><EventData>${data}</EventData></Event>`,
      );
      expect(typeof x === 'object' && Object.keys(x.data).length).toBe(N);
    });
    quick(() =>
      parseEventXml(
        `<Event><System><EventID>1</EventID></System><EventData>${"<Data Name='".repeat(N)}</EventData></Event>`,
      ),
    );
  });

  it('JSON and CSV splitters: deep nesting, endless strings, endless quotes', () => {
    quick(() => {
      const splitter = new JsonRecordSplitter(
        () => {},
        () => {},
        1 << 30,
      );
      splitter.push(Buffer.from(`[${'['.repeat(N * 10)}`));
      splitter.push(Buffer.from(`"${'\\"'.repeat(N)}`));
      splitter.end();
    });
    quick(() => {
      const csv = new CsvRows(
        () => {},
        () => {},
        1 << 30,
      );
      csv.line('a,b', 1);
      for (let i = 0; i < 2000; i++) csv.line(`"${'""'.repeat(100)}`, i + 2);
      csv.end();
    });
  });
});
