import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { ThreatEvent } from '../../../src/threats/event.ts';
import {
  type ParseOptions,
  parseInputBatches,
  parseInputs,
} from '../../../src/threats/input/parse-inputs.ts';
import { newParseStats, type ParseStats } from '../../../src/threats/input/stats.ts';

const FIXTURES = fileURLToPath(new URL('../../fixtures/threats/', import.meta.url));
const fixture = (name: string): string => join(FIXTURES, name);
const scratch = mkdtempSync(join(tmpdir(), 'vigil-parse-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function parse(
  paths: string[],
  options: ParseOptions = {},
): Promise<{ events: ThreatEvent[]; stats: ParseStats }> {
  const events: ThreatEvent[] = [];
  const generator = parseInputs(paths, { year: 2024, ...options });
  for (let next = await generator.next(); ; next = await generator.next()) {
    if (next.done) return { events, stats: next.value };
    events.push(next.value);
  }
}

async function* chunks(...parts: Array<string | Buffer>): AsyncGenerator<Buffer> {
  for (const part of parts) yield Buffer.from(part);
}

describe('parseInputs over the fixtures', () => {
  it('gives the year across a December → January rollover', async () => {
    const { events, stats } = await parse([fixture('auth-year-rollover.log')], { year: 2023 });
    expect(events.map((e) => e['@timestamp'])).toEqual([
      '2023-12-31T23:59:58.000Z',
      '2023-12-31T23:59:59.000Z',
      '2024-01-01T00:00:01.000Z',
      '2023-12-31T23:59:59.000Z',
      '2024-01-01T00:00:05.000Z',
    ]);
    expect(stats).toMatchObject({ files: 1, lines: 5, events: 5, unparsed: 0 });
  });

  it('takes the year from the reference date (the file mtime when not given)', async () => {
    const { events } = await parse([fixture('auth-year-rollover.log')], {
      year: undefined,
      referenceDate: new Date('2021-01-01T12:00:00Z'),
    });
    expect(events.map((e) => String(e['@timestamp']).slice(0, 4))).toEqual([
      '2020',
      '2020',
      '2021',
      '2020',
      '2021',
    ]);
  });

  it('reads IPv6 sources and lines with odd spacing', async () => {
    const { events, stats } = await parse([fixture('auth-ipv6-odd-spacing.log')]);
    expect(stats.unparsed).toBe(0);
    expect(events.map((e) => [e['event.action'], e['source.ip'], e['user.name']])).toEqual([
      ['ssh_login', '2001:db8::1', 'admin'],
      ['ssh_invalid_user', '2001:db8::1', 'admin'],
      ['ssh_login', 'fe80::1%eth0', 'deploy'],
      ['ssh_disconnect', '198.51.100.4', 'root'], // written ::ffff:198.51.100.4
      ['ssh_disconnect', '2001:db8::2', undefined],
    ]);
    expect(events[1]!['host.name']).toBe('web-01');
  });

  it('counts and samples truncated and foreign lines, expands repeats, and reads a last line without a newline', async () => {
    const { events, stats } = await parse([fixture('auth-truncated.log')]);
    expect(stats).toMatchObject({ lines: 7, events: 6, unparsed: 2 });
    expect(stats.unparsedReasons).toEqual({
      'truncated in the timestamp': 1,
      'not a syslog line (no timestamp)': 1,
    });
    expect(stats.samples).toEqual([
      {
        file: fixture('auth-truncated.log'),
        line: 3,
        reason: 'truncated in the timestamp',
        text: 'Apr  1 08:0',
      },
      {
        file: fixture('auth-truncated.log'),
        line: 4,
        reason: 'not a syslog line (no timestamp)',
        text: 'not a syslog line at all',
      },
    ]);
    expect(events.map((e) => e['log.file.line'])).toEqual([1, 2, 6, 6, 6, 7]);
    expect(events[5]!['source.port']).toBe(1001);
  });

  it('reads a gzip file of two members, by its content', async () => {
    const { events, stats } = await parse([fixture('auth-two-members.log.gz')]);
    expect(stats).toMatchObject({
      lines: 20,
      events: 20,
      unparsed: 0,
      byFormat: { syslog: { files: 1, events: 20 } },
    });
    expect(events.map((e) => e['user.name'])).toEqual(Array.from({ length: 20 }, (_, i) => `u${i}`));
  });

  it('reads a directory recursively, each file in its own format', async () => {
    const { stats } = await parse([FIXTURES]);
    expect(stats.files).toBe(17);
    expect(Object.keys(stats.byFormat).sort()).toEqual([
      'activitylog-json',
      'auditd',
      'journald',
      'la-event-csv',
      'la-event-json',
      'nsgflow-json',
      'securityevent-csv',
      'securityevent-json',
      'syslog',
      'vnetflow-json',
      'windows-xml',
    ]);
    expect(stats.byFormat.syslog!.files).toBe(4);
    expect(stats.errors).toEqual([]);
  });

  it.each([
    [
      'activity-log-arm.json',
      { events: 2, unparsed: 1 },
      [
        'Microsoft.Network/networkSecurityGroups/securityRules/write',
        'Microsoft.Compute/virtualMachines/delete',
      ],
    ],
    [
      'activity-log-records.jsonl',
      { events: 2, unparsed: 1 },
      [
        'MICROSOFT.COMPUTE/VIRTUALMACHINES/RUNCOMMAND/ACTION',
        'MICROSOFT.COMPUTE/VIRTUALMACHINES/RUNCOMMAND/ACTION',
      ],
    ],
    [
      'nsg-flow-v2.json',
      { events: 4, unparsed: 1 },
      ['network_flow', 'network_flow', 'network_flow', 'network_flow'],
    ],
    ['journald.jsonl', { events: 3, unparsed: 1 }, ['ssh_login', 'sudo_command', undefined]],
    [
      'windows-security-export.xml',
      // The System log's 7045 is read too (windows.system).
      { events: 5, unparsed: 0 },
      ['logon', 'process_created', 'user_added_to_group', 'audit_log_cleared', 'service_installed'],
    ],
    // Event Hubs messages one per line, each an envelope of several records: every record is read.
    ['nsg-flow-eventhub.jsonl', { events: 4, unparsed: 0 }, Array(4).fill('network_flow')],
    // flowLogVersion 4; the last tuple's state (Z) is none Azure writes.
    ['vnet-flow-v4.json', { events: 3, unparsed: 1 }, Array(3).fill('network_flow')],
    // Log Analytics query API response (https://learn.microsoft.com/azure/azure-monitor/logs/api/response-format).
    ['securityevent-query-api.json', { events: 2, unparsed: 0 }, ['logon', 'logon']],
    [
      'audit-hex-execve.log',
      { events: 5, unparsed: 0 },
      ['process_created', 'pam_authentication', 'process_created', 'process_created', 'syscall'],
    ],
  ])('%s', async (name, counts, actions) => {
    const { events, stats } = await parse([fixture(name)]);
    expect(stats).toMatchObject(counts);
    expect(events.map((e) => e['event.action'])).toEqual(actions);
    expect(events.every((e) => e['log.file.path'] === fixture(name))).toBe(true);
  });

  it('reads a SecurityEvent CSV exported from the portal: `TimeGenerated [UTC]`, month-first times, IpAddress `-`', async () => {
    const { events, stats } = await parse([fixture('securityevent-portal-export.csv')]);
    expect(stats.unparsed).toBe(0);
    expect(events.map((e) => [e['@timestamp'], e['event.code'], e['source.ip'], e['user.name']])).toEqual([
      ['2024-02-10T08:15:30.123Z', '4625', '203.0.113.50', 'administrator'],
      ['2024-02-10T12:15:31.000Z', '4625', undefined, 'administrator'],
    ]);
  });

  it('reads a Syslog table CSV exported from the portal at its `EventTime [UTC]`', async () => {
    const path = join(scratch, 'syslog-portal.csv');
    writeFileSync(
      path,
      [
        '"TimeGenerated [UTC]",Computer,"EventTime [UTC]",Facility,SyslogMessage,ProcessID,ProcessName,Type',
        '"11/29/2026, 6:01:03.000 AM",web01,"11/29/2026, 6:01:02.000 AM",auth,"Failed password for root from 203.0.113.5 port 50122 ssh2",1234,sshd,Syslog',
      ].join('\n'),
    );
    const { events, stats } = await parse([path]);
    expect(stats.unparsed).toBe(0);
    expect(events.map((e) => [e['@timestamp'], e['event.action'], e['source.ip']])).toEqual([
      ['2026-11-29T06:01:02.000Z', 'ssh_login', '203.0.113.5'],
    ]);
  });

  it.each([
    ['utf-16le', (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
    ['utf-16be', (text: string) => Buffer.from(`\ufeff${text}`, 'utf16le').swap16()],
  ])(
    'reads %s with a byte order mark (Windows PowerShell 5.1 writes UTF-16LE by default)',
    async (_, encode) => {
      const utf8 = readFileSync(fixture('windows-security-utf16le.xml'), 'utf16le').slice(1);
      const bytes = encode(utf8);
      // Split at odd offsets, inside a code unit.
      const { events, stats } = await parse(['-'], {
        stdin: chunks(bytes.subarray(0, 7), bytes.subarray(7, 1001), bytes.subarray(1001)),
      });
      expect(stats).toMatchObject({
        errors: [],
        lines: 2,
        unparsed: 0,
        byFormat: { 'windows-xml': { files: 1 } },
      });
      expect(
        events.map((e) => [
          e['@timestamp'],
          e['event.code'],
          e['event.outcome'],
          e['user.name'],
          e['source.ip'],
        ]),
      ).toEqual([
        ['2024-03-01T10:00:00.123Z', '4625', 'failure', 'Administrator', '2001:db8::bad:1'],
        ['2024-03-01T10:00:01.123Z', '4624', 'success', 'alice', undefined],
      ]);
    },
  );

  it('reads a UTF-16LE file as Windows PowerShell writes it, and its line numbers', async () => {
    const { events, stats } = await parse([fixture('windows-security-utf16le.xml')]);
    expect(stats).toMatchObject({ errors: [], lines: 2, events: 2, unparsed: 0 });
    expect(events.map((e) => [e['log.file.line'], e['host.name'], e['winlog.logon.type']])).toEqual([
      [1, 'WIN-SRV01.contoso.local', 3],
      [2, 'WIN-SRV01.contoso.local', 10],
    ]);
  });

  it('reads every row of a Log Analytics query API response, typed values and all', async () => {
    const { events } = await parse([fixture('securityevent-query-api.json')]);
    expect(
      events.map((e) => [
        e['@timestamp'],
        e['event.code'],
        e['user.name'],
        e['source.ip'],
        e['winlog.logon.type'],
      ]),
    ).toEqual([
      ['2024-03-01T10:00:00.123Z', '4625', 'Administrator', '198.51.100.20', 3],
      ['2024-03-01T10:00:02.765Z', '4624', 'alice', '2001:db8::5', 10],
    ]);
  });

  it('reads virtual network flow tuples as flows: IANA protocol, D for denied, millisecond times', async () => {
    const { events, stats } = await parse([fixture('vnet-flow-v4.json')]);
    expect(stats.samples.map((s) => [s.line, s.reason, s.text])).toEqual([
      [
        3,
        'malformed virtual network flow tuple',
        '1709380798070,203.0.113.154,10.5.16.4,55189,3389,6,I,Z,NX,0,0,0,0',
      ],
    ]);
    expect(
      events.map((e) => [
        e['@timestamp'],
        e['source.ip'],
        e['destination.port'],
        e['network.transport'],
        e['network.direction'],
        e['event.type'],
        e['nsgflow.state'],
        e['source.bytes'],
        e['destination.bytes'],
        e['rule.name'],
      ]),
    ).toEqual([
      [
        '2024-03-02T12:00:03.599Z',
        '10.5.16.4',
        443,
        'tcp',
        'egress',
        ['allowed', 'connection'],
        'begin',
        0,
        0,
        'DefaultRule_AllowInternetOutBound',
      ],
      [
        '2024-03-02T12:00:03.606Z',
        '10.5.16.4',
        443,
        'tcp',
        'egress',
        ['allowed', 'connection'],
        'end',
        767,
        1580,
        'DefaultRule_AllowInternetOutBound',
      ],
      [
        '2024-03-02T11:59:58.065Z',
        '203.0.113.153',
        22,
        'tcp',
        'ingress',
        ['denied', 'connection'],
        undefined,
        0,
        0,
        'BlockHighRiskTCPPortsFromInternet',
      ],
    ]);
    expect(events[0]).toMatchObject({
      'event.dataset': 'azure.nsgflow',
      'nsgflow.version': 4,
      'nsgflow.mac': '00224871C205',
      'nsgflow.encryption': 'NX',
      'azure.resource.name': 'vnet-web',
    });
  });

  it('gives Windows XML events the line they start on', async () => {
    const { events } = await parse([fixture('windows-security-export.xml')]);
    expect(events.map((e) => e['log.file.line'])).toEqual([3, 4, 4, 5, 6]);
    expect(events[1]!['process.command_line']).toBe(
      'vssadmin delete shadows /all /quiet && echo "done" <ok>',
    );
  });
});

describe('parseInputs over standard input', () => {
  it('reads `-`, split anywhere, with a torn last line', async () => {
    const { events, stats } = await parse(['-'], {
      stdin: chunks(
        'Mar  3 10:00:00 h sshd[1]: Invalid user a from 192.0.2.1\nMar  3 10:0',
        '0:01 h sshd[1]: Invalid user b from 192.0.2.2\r\nMar  3 10:00:02 h sshd[1]: Invalid user c fr',
      ),
    });
    expect(events.map((e) => e['user.name'])).toEqual(['a', 'b', undefined]);
    expect(events[2]!['event.action']).toBe('ssh_invalid_user');
    expect(events.every((e) => e['log.file.path'] === '-')).toBe(true);
    expect(stats).toMatchObject({ lines: 3, events: 3, byFormat: { syslog: { files: 1 } } });
  });

  it('gunzips standard input and drops a UTF-8 byte order mark', async () => {
    const gz = gzipSync(
      Buffer.from(
        '\uFEFF{"__REALTIME_TIMESTAMP":"1709290800000000","_HOSTNAME":"h","SYSLOG_IDENTIFIER":"sshd","MESSAGE":"Invalid user z from 192.0.2.3"}\n',
      ),
    );
    const { events } = await parse(['-'], { stdin: chunks(gz.subarray(0, 1), gz.subarray(1)) });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ 'event.dataset': 'linux.journald', 'user.name': 'z' });
  });
});

describe('inputs that cannot be read', () => {
  it('names a missing path and carries on with the rest', async () => {
    const { stats, events } = await parse([join(scratch, 'nope.log'), fixture('auth-ipv6-odd-spacing.log')]);
    expect(stats.errors).toEqual([{ path: join(scratch, 'nope.log'), message: 'no such file or directory' }]);
    expect(events).toHaveLength(5);
  });

  it('says when a directory holds no files, and which links it did not follow', async () => {
    const empty = join(scratch, 'empty');
    const linked = join(scratch, 'linked');
    mkdirSync(empty);
    mkdirSync(linked);
    symlinkSync(empty, join(linked, 'loop'));
    symlinkSync(join(scratch, 'gone'), join(linked, 'dangling'));
    const { stats } = await parse([empty, linked]);
    expect(stats.errors).toEqual([
      { path: empty, message: 'the directory holds no files' },
      { path: join(linked, 'dangling'), message: 'no such file or directory' },
      { path: join(linked, 'loop'), message: 'a symbolic link to a directory: not followed' },
      { path: linked, message: 'the directory holds no files' },
    ]);
  });

  it.each([
    ['wtmp', Buffer.from([1, 0, 0, 0, 0x7e, 0, 0, 0]), 'binary data, not a text log: not read'],
    [
      'logs.bin',
      Buffer.from('PK\u0003\u0004rest'),
      'a zip archive: name it <file>.zip, or unzip it and give the files or the directory',
    ],
    [
      'Security.evtx',
      Buffer.concat([Buffer.from('ElfFile\u0000', 'latin1'), Buffer.alloc(120)]),
      'a Windows event log file (EVTX, binary): export its events as XML, e.g. `wevtutil qe <file>.evtx /lf:true /f:xml > events.xml` or Event Viewer > Save All Events As > XML, and give that',
    ],
  ])('%s', async (name, bytes, message) => {
    const path = join(scratch, name);
    writeFileSync(path, bytes);
    const { stats } = await parse([path]);
    expect(stats.errors).toEqual([{ path, message }]);
    expect(stats.events).toBe(0);
  });

  it('parses what came before a corrupt gzip tail, and says the rest is corrupt', async () => {
    const path = join(scratch, 'cut.log.gz');
    const gz = gzipSync(
      Buffer.from('Mar  3 10:00:00 h sshd[1]: Invalid user a from 192.0.2.1\n'.repeat(2000)),
    );
    writeFileSync(path, gz.subarray(0, gz.length - 40));
    const { stats } = await parse([path]);
    expect(stats.errors).toHaveLength(1);
    expect(stats.errors[0]!.message).toMatch(/^corrupt or truncated compressed data/);
    expect(stats.events).toBeGreaterThan(1000);
  });

  it('reports every line of a file in no known format, and keeps only so many samples', async () => {
    const path = join(scratch, 'prose.txt');
    writeFileSync(path, Array.from({ length: 30 }, (_, i) => `line ${i} of prose`).join('\n'));
    const stats = newParseStats();
    const { stats: returned } = await parse([path], { stats, maxSamples: 3 });
    expect(returned).toBe(stats);
    expect(stats).toMatchObject({
      lines: 30,
      unparsed: 30,
      byFormat: { unknown: { files: 1, unparsed: 30 } },
    });
    expect(stats.samples.map((s) => s.line)).toEqual([1, 2, 3]);
  });

  it('shares the samples among the files, so a file in no known format cannot hide a log’s lines', async () => {
    const readme = join(scratch, 'a-README.txt');
    writeFileSync(readme, Array.from({ length: 30 }, (_, i) => `line ${i} of prose`).join('\n'));
    const log = join(scratch, 'b-auth.log');
    writeFileSync(
      log,
      [
        'Mar  3 10:00:00 h sshd[1]: Invalid user a from 192.0.2.1 port 22',
        'garbage one',
        'Mar  3 10:00:01 h sshd[1]: Invalid user b from 192.0.2.1 port 22',
        'garbage two',
        'garbage three',
      ].join('\n'),
    );
    const { stats } = await parse([readme, log], { maxSamples: 4 });
    expect(stats.unparsed).toBe(33);
    // The README's first lines give way to the log's, two places each; each file keeps its earliest.
    expect(stats.samples.map((s) => [s.file === readme ? 'readme' : 'log', s.line])).toEqual([
      ['readme', 1],
      ['readme', 2],
      ['log', 2],
      ['log', 4],
    ]);
  });

  it('skips a line longer than the limit and says so', async () => {
    const path = join(scratch, 'long.log');
    writeFileSync(path, `Mar  3 10:00:00 h p: ${'x'.repeat(5000)}\nMar  3 10:00:01 h p: short\n`);
    const { stats, events } = await parse([path], { maxLineBytes: 1000 });
    expect(events.map((e) => e.message)).toEqual(['short']);
    expect(stats.unparsedReasons).toEqual({ 'line longer than 1000 bytes: skipped': 1 });
  });
});

describe('stopping early', () => {
  it('closes the input when the consumer stops reading', async () => {
    let closed = false;
    async function* endless(): AsyncGenerator<Buffer> {
      try {
        for (;;) yield Buffer.from('Mar  3 10:00:00 h sshd[1]: Invalid user a from 192.0.2.1\n'.repeat(2000));
      } finally {
        closed = true;
      }
    }
    let seen = 0;
    for await (const _event of parseInputs(['-'], { year: 2024, stdin: endless() })) {
      if (++seen === 5000) break;
    }
    expect(closed).toBe(true);
  });
});

describe('parseInputBatches', () => {
  it('yields events in batches, one or more per chunk read', async () => {
    const path = join(scratch, 'many.log');
    writeFileSync(path, 'Mar  3 10:00:00 h sshd[1]: Invalid user a from 192.0.2.1\n'.repeat(20_000));
    const sizes: number[] = [];
    const generator = parseInputBatches([path], { year: 2024 });
    let next = await generator.next();
    while (!next.done) {
      sizes.push(next.value.length);
      next = await generator.next();
    }
    expect(sizes.length).toBeGreaterThan(1);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(20_000);
    expect(next.value.events).toBe(20_000);
  });
});
