import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type DetectOptions, detect } from '../../../src/threats/detect.ts';

const fixture = (path: string) => fileURLToPath(new URL(`../../fixtures/${path}`, import.meta.url));
const BRUTE_FORCE = fixture('detect/ssh-brute-force-then-new-user.log');
const LISTED = fixture('threat-intel/auth-from-listed-addresses.log');
const NSG = fixture('threats/nsg-flow-v2.json');
const BLOCKLIST = fixture('threat-intel/blocklist.txt');
const PAIRS_AUTH = fixture('detect/ssh-pairs-auth.log');
const PAIRS_AUDIT = fixture('detect/ssh-pairs-audit.log');
const SUCCESS_AUTH = fixture('detect/ssh-pairs-success-auth.log');
const SUCCESS_AUDIT = fixture('detect/ssh-pairs-success-audit.log');
const STIX = fixture('threat-intel/contoso-ti.stix.json');
// Three failed root passwords from 203.0.113.5, each a USER_LOGIN record in audit.log and copied elsewhere: the
// journal export (sshd's line and the record, `_TRANSPORT=audit`), audisp's syslog plugin, journald's text form.
const COPIES_AUDIT = fixture('detect/audit-copies-audit.log');
const COPIES_JOURNAL = fixture('detect/audit-copies-journal.jsonl');
const COPIES_AUDISP = fixture('detect/audit-copies-audisp.log');
const COPIES_MESSAGES = fixture('detect/audit-copies-messages.log');

const run = (paths: string[], options: DetectOptions = {}) => detect(paths, { year: 2024, ...options });

async function* chunks(text: string): AsyncGenerator<Buffer> {
  // Split mid-line: standard input arrives in arbitrary pieces.
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += 37) yield bytes.subarray(i, i + 37);
}

describe('detect', () => {
  it('runs logs through parsers, the built-in pack, alerts and incidents', async () => {
    const result = await run([BRUTE_FORCE]);
    expect(result.errors).toEqual([]);
    expect(result.stats).toMatchObject({
      files: 1,
      lines: 8,
      events: 8,
      unparsed: 0,
      byFormat: { syslog: { lines: 8 } },
    });
    expect(result.stats.rules.builtin).toBeGreaterThanOrEqual(80);
    expect(result.alerts.map((a) => [a.title, a.severity])).toEqual([
      ['Failed SSH brute force attack', 'Medium'],
      ['Successful SSH brute force attack', 'High'],
      ['Account creation detected', 'Low'],
    ]);
    const success = result.alerts[1]!;
    expect(success.entities).toMatchObject({ hosts: ['vm-web-01'], sourceIps: ['203.0.113.5'] });
    expect(success.entities.accounts).toContain('deploy');
    expect(success.evidence.at(-1)!['log.original']).toContain('Accepted password for deploy');
    expect(result.incidents).toHaveLength(1);
    expect(result.incidents[0]).toMatchObject({
      severity: 'High',
      // The successful brute force spans the failed one and carries it on: it follows it in the story.
      title: 'Multi-stage incident involving Credential Access, Initial Access & Persistence on vm-web-01',
      alertIds: [0, 1, 2].map((i) => result.alerts[i]!.id),
    });
  });

  it('matches feeds on source addresses: logons from listed addresses, IPv4 and IPv6 networks', async () => {
    const result = await run([LISTED], { intel: [BLOCKLIST] });
    expect(result.errors).toEqual([]);
    expect(result.stats.onFeeds).toBe(3);
    expect(result.stats.intel).toMatchObject({
      indicators: 5,
      feeds: [{ format: 'list', names: ['blocklist.txt'] }],
    });
    const intel = result.alerts
      .filter((a) => a.threatIntel)
      .map((a) => [
        a.title,
        a.entities.sourceIps[0],
        a.threatIntel!.map((t) => `${t.feed} ${t.indicator} ${t.field}`),
      ]);
    expect(intel).toEqual([
      ['Communication with a malicious IP', '198.51.100.23', ['blocklist.txt 198.51.100.0/24 source.ip']],
      ['Logon from a malicious IP', '203.0.113.7', ['blocklist.txt 203.0.113.7 source.ip']],
      ['Logon from a malicious IP', '2001:db8:bad::15', ['blocklist.txt 2001:db8:bad::/48 source.ip']],
    ]);
    const logon = result.alerts.find((a) => a.title === 'Logon from a malicious IP')!;
    expect(logon).toMatchObject({ severity: 'High', tactics: [{ id: 'TA0001', name: 'Initial Access' }] });
    expect(logon.evidence[0]!.fields).toMatchObject({
      'threat.indicator.ip': '203.0.113.7',
      'threat.feed.name': 'blocklist.txt',
      'threat.indicator.matched.field': 'source.ip',
    });
  });

  it('matches NSG flow tuples on destination and source, from lists and STIX bundles', async () => {
    const result = await run([NSG], { intel: [BLOCKLIST, STIX] });
    const found = result.alerts.flatMap((a) =>
      (a.threatIntel ?? []).map((t) => `${a.title}: ${t.ip} (${t.field}) on ${t.feed}`),
    );
    expect(found.sort()).toEqual([
      'Communication with a malicious IP: 198.51.100.225 (destination.ip) on blocklist.txt',
      'Communication with a malicious IP: 2001:db8::7 (source.ip) on Contoso TI',
    ]);
    const stixAlert = result.alerts.find((a) => a.threatIntel?.[0]?.feed === 'Contoso TI')!;
    expect(stixAlert.threatIntel![0]!.indicatorId).toBe('indicator--00000000-0000-4000-8000-000000000003');
    expect(stixAlert.entities.resources[0]).toMatch(/NSG-WEB$/);
    expect(result.warnings.filter((w) => w.file === STIX)).toHaveLength(4);
  });

  it('raises no intel alert without feeds', async () => {
    const result = await run([LISTED]);
    expect(result.alerts.filter((a) => a.title.includes('malicious IP'))).toEqual([]);
    expect(result.stats.onFeeds).toBe(0);
  });

  it("counts an SSH attempt once given a host's auth.log and audit.log (sshd line and its USER_LOGIN record)", async () => {
    // 4 failed root passwords and 2 refusals of an invalid user, each in both logs: 4 < 5, no brute force.
    const both = await run([PAIRS_AUTH, PAIRS_AUDIT], { year: 2023 });
    expect(both.errors).toEqual([]);
    expect(both.stats.duplicates).toBe(6);
    expect(both.alerts).toEqual([]);
    // At a threshold of 4 the alert counts the 4 attempts, with sshd's lines (read first) as evidence.
    const thresholds = { sshBruteForce: { count: 4, windowMinutes: 10 } };
    const four = await run([PAIRS_AUDIT, PAIRS_AUTH], { year: 2023, thresholds });
    expect(four.alerts.map((a) => [a.title, a.evidenceCount])).toEqual([
      ['Failed SSH brute force attack', 4],
    ]);
    expect(four.alerts[0]!.evidence.map((e) => e['log.original'])).toEqual(
      Array(4).fill(expect.stringContaining('Failed password for root from 203.0.113.5')),
    );
    // Either log alone is read as before: nothing is paired, no duplicates counted.
    for (const one of [PAIRS_AUTH, PAIRS_AUDIT]) {
      const alone = await run([one], { year: 2023, thresholds });
      expect(alone.stats).not.toHaveProperty('duplicates');
      expect(alone.alerts.map((a) => [a.title, a.evidenceCount])).toEqual([
        ['Failed SSH brute force attack', 4],
      ]);
    }
  });

  // Each input: the logs given together → events read, dropped as duplicates. 3 attempts are always 3, never a
  // brute force (before, a copy of a record paired with nothing and counted: 3 + 3 copies → a false alert).
  it.each([
    ['the journal export and audit.log', [COPIES_JOURNAL, COPIES_AUDIT], 9, 6],
    ['audit.log and the journal export', [COPIES_AUDIT, COPIES_JOURNAL], 9, 6],
    ["audisp's syslog lines and audit.log", [COPIES_AUDISP, COPIES_AUDIT], 6, 3],
    ['journalctl text (audit[pid]: TYPE …, no stamp) and audit.log', [COPIES_MESSAGES, COPIES_AUDIT], 6, 3],
    ['all four', [COPIES_MESSAGES, COPIES_JOURNAL, COPIES_AUDISP, COPIES_AUDIT], 15, 12],
  ])('counts an audit record once given %s', async (_name, paths, events, duplicates) => {
    const result = await run(paths, { year: 2023 });
    expect(result.errors).toEqual([]);
    expect(result.stats).toMatchObject({ events, unparsed: 0, duplicates });
    expect(result.stats.detector.events).toBe(3);
    expect(result.alerts).toEqual([]);
    // At a threshold of 3 the brute force is found, counting 3.
    const thresholds = { sshBruteForce: { count: 3, windowMinutes: 10 } };
    const three = await run(paths, { year: 2023, thresholds });
    expect(three.alerts.map((a) => [a.title, a.evidenceCount])).toEqual([
      ['Failed SSH brute force attack', 3],
    ]);
  });

  it("counts each attempt once in journalctl's text output (sshd's line and its audit[pid]: USER_LOGIN record)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-detect-'));
    const text = Array.from({ length: 5 }, (_, i) => {
      const [pid, time] = [4242 + i, `22:13:${20 + i * 3}`];
      return [
        `Nov 14 ${time} web-01 sshd[${pid}]: Failed password for root from 203.0.113.5 port ${50000 + i} ssh2`,
        `Nov 14 ${time} web-01 audit[${pid}]: USER_LOGIN pid=${pid} uid=0 auid=4294967295 ses=4294967295 subj=unconfined msg='op=login acct="root" exe="/usr/sbin/sshd" hostname=? addr=203.0.113.5 terminal=sshd res=failed'`,
      ].join('\n');
    });
    writeFileSync(join(dir, 'journal.txt'), `${text.join('\n')}\n`);
    // With audit.log as well, its copies of the first three records are dropped before pairing.
    for (const paths of [[join(dir, 'journal.txt')], [join(dir, 'journal.txt'), COPIES_AUDIT]]) {
      const result = await run(paths, { year: 2023 });
      expect(result.stats).toMatchObject({
        byFormat: { syslog: { events: 10 } },
        duplicates: paths.length === 1 ? 5 : 8,
      });
      expect(result.alerts.map((a) => [a.title, a.evidenceCount])).toEqual([
        ['Failed SSH brute force attack', 5],
      ]);
    }
  });

  it('raises one successful brute force for a login in both logs (audited once the session is open)', async () => {
    // 5 failures then "Accepted password"; audit.log has a USER_LOGIN for each, the login's 1 s later (id=, no acct).
    const expected = [
      ['Failed SSH brute force attack', 5],
      ['Successful SSH brute force attack', 6],
    ];
    for (const paths of [[SUCCESS_AUTH, SUCCESS_AUDIT], [SUCCESS_AUTH], [SUCCESS_AUDIT]]) {
      const result = await run(paths, { year: 2023 });
      expect(result.alerts.map((a) => [a.title, a.evidenceCount])).toEqual(expected);
    }
  });

  it('detects only on events inside --since/--until, counting the rest', async () => {
    const result = await run([BRUTE_FORCE], {
      since: new Date('2024-03-02T11:51:00Z'),
      until: new Date('2024-03-02T11:55:00Z'),
    });
    expect(result.stats.outsideTimeRange).toBe(7);
    expect(result.alerts).toEqual([]);
  });

  it('applies threshold overrides', async () => {
    const result = await run([BRUTE_FORCE], { thresholds: { sshBruteForce: { count: 10 } } });
    expect(result.alerts.map((a) => a.title)).toEqual(['Account creation detected']);
  });

  it("runs the user's rules with the built-in pack, or alone", async () => {
    const rule = fixture('detect/sigma-rule-accepted.yml');
    const both = await run([BRUTE_FORCE], { rules: [rule] });
    expect(both.alerts.map((a) => a.title)).toContain('Accepted SSH password (user rule)');
    expect(both.stats.rules).toMatchObject({ user: 1, failed: 0 });
    const alone = await run([BRUTE_FORCE], { rules: [rule], builtin: false });
    expect(alone.alerts.map((a) => [a.title, a.severity, a.techniques[0]?.name])).toEqual([
      ['Accepted SSH password (user rule)', 'Low', 'Valid Accounts'],
    ]);
  });

  it('reports bad inputs, rules and feeds with where they are, and runs the rest', async () => {
    const missing = fixture('detect/no-such.log');
    const result = await run([missing, BRUTE_FORCE], {
      rules: [fixture('detect/sigma-rule-bad.yml')],
      intel: [fixture('threat-intel/blocklist-bad-lines.txt')],
    });
    const where = result.errors.map((e) => `${e.file}${e.line !== undefined ? `:${e.line}` : ''}`);
    expect(where).toContain(missing);
    expect(where).toContain(`${fixture('detect/sigma-rule-bad.yml')}:6`);
    expect(result.stats.rules.failed).toBe(1);
    expect(where).toContain(`${fixture('threat-intel/blocklist-bad-lines.txt')}:3`);
    expect(result.alerts.map((a) => a.title)).toContain('Successful SSH brute force attack');
  });

  it('reads standard input, and hands over each alert as it is final', async () => {
    const { readFileSync } = await import('node:fs');
    const streamed: string[] = [];
    const result = await run(['-'], {
      stdin: chunks(readFileSync(BRUTE_FORCE, 'utf8')),
      referenceDate: new Date('2024-03-03T00:00:00Z'),
      onAlert: (a) => streamed.push(a.id),
    });
    expect(result.stats).toMatchObject({ lines: 8, events: 8, unparsed: 0 });
    expect(result.alerts).toHaveLength(3);
    expect(streamed.sort()).toEqual(result.alerts.map((a) => a.id).sort());
  });

  it('deduplicates across files whatever their order (rotated logs given newest first)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-detect-'));
    const accepted = (time: string) =>
      `Mar  2 ${time} vm-web-01 sshd[4110]: Accepted password for deploy from 203.0.113.5 port 40300 ssh2\n`;
    writeFileSync(join(dir, 'a.log'), accepted('10:00:00'));
    writeFileSync(join(dir, 'b.log'), 'Jun  1 08:00:00 vm-web-01 CRON[77]: (root) CMD (true)\n');
    writeFileSync(join(dir, 'c.log'), accepted('10:30:00'));
    const result = await run(
      ['a.log', 'b.log', 'c.log'].map((f) => join(dir, f)),
      {
        rules: [fixture('detect/sigma-rule-accepted.yml')],
        builtin: false,
      },
    );
    expect(result.alerts.map((a) => [a.count, a.firstSeen, a.lastSeen])).toEqual([
      [2, '2024-03-02T10:00:00.000Z', '2024-03-02T10:30:00.000Z'],
    ]);
  });

  it('correlates across rotated logs given newest first (read in time order, none late)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-detect-'));
    const failed = (time: string, n: number) =>
      `Mar  2 ${time} vm-web-01 sshd[${n}]: Failed password for root from 203.0.113.5 port ${n} ssh2\n`;
    writeFileSync(
      join(dir, 'auth.log.1'),
      failed('11:50:01', 1) + failed('11:50:02', 2) + failed('11:50:03', 3),
    );
    // Hours later: the correlation's window (10 minutes) is long over, so its members can be let go.
    writeFileSync(
      join(dir, 'auth.log'),
      failed('11:55:01', 4) + failed('11:55:02', 5) + failed('18:00:00', 6),
    );
    const result = await run([join(dir, 'auth.log'), join(dir, 'auth.log.1')]);
    expect(result.alerts.map((a) => [a.title, a.count, a.firstSeen])).toEqual([
      ['Failed SSH brute force attack', 1, '2024-03-02T11:50:01.000Z'],
    ]);
    expect(result.stats.detector.correlation).toMatchObject({ late: 0, expired: 0 });
  });

  it('releases held correlation members before closing alerts when time jumps to a later file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-detect-'));
    const failures = (minute: string) =>
      [1, 2, 3, 4, 5]
        .map(
          (s) =>
            `Mar  2 11:${minute}:0${s} vm-web-01 sshd[9]: Failed password for root from 203.0.113.5 port ${s} ssh2\n`,
        )
        .join('');
    // The 11:30 burst is still in the reorder buffer when the next file moves stream time to June; it must
    // reach the alert opened at 11:00 (half an hour before: the same alert) before that alert is closed.
    writeFileSync(join(dir, 'auth.log'), failures('00') + failures('30'));
    writeFileSync(join(dir, 'cron.log'), 'Jun  1 08:00:00 vm-web-01 CRON[77]: (root) CMD (true)\n');
    const result = await run([join(dir, 'auth.log'), join(dir, 'cron.log')]);
    expect(
      result.alerts
        .filter((a) => a.title === 'Failed SSH brute force attack')
        .map((a) => [a.count, a.lastSeen]),
    ).toEqual([[2, '2024-03-02T11:30:05.000Z']]);
  });

  it('reading standard input, hands an alert over once event time has passed its window', async () => {
    const log: string[] = [];
    // The format is detected on the first 64 KiB: enough benign lines to get past it.
    const filler = 'Mar  2 09:00:00 vm-web-01 CRON[77]: (root) CMD (true)\n'.repeat(1400);
    async function* input(): AsyncGenerator<Buffer> {
      yield Buffer.from(filler);
      yield Buffer.from(
        'Mar  2 10:00:00 vm-web-01 sshd[1]: Accepted password for deploy from 203.0.113.5 port 1 ssh2\n',
      );
      yield Buffer.from(
        'Mar  2 12:00:00 vm-web-01 sshd[2]: Accepted password for ops from 10.0.0.9 port 2 ssh2\n',
      );
      log.push('more input');
      yield Buffer.from('Mar  2 12:00:01 vm-web-01 CRON[78]: (root) CMD (true)\n');
    }
    const result = await run(['-'], {
      stdin: input(),
      referenceDate: new Date('2024-03-03T00:00:00Z'),
      rules: [fixture('detect/sigma-rule-accepted.yml')],
      builtin: false,
      onAlert: (a) => log.push(`alert ${a.entities.accounts[0]}`),
    });
    expect(result.errors).toEqual([]);
    expect(log).toEqual(['alert deploy', 'more input', 'alert ops']);
  });

  it('warns once per logsource Vigil reads no log for, with the count and up to three rule ids', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-unrouted-'));
    const write = (file: string, ids: string[], logsource: string) =>
      writeFileSync(
        join(dir, file),
        ids
          .map(
            (id) =>
              `title: ${id}\nid: ${id}\nlogsource: {${logsource}}\ndetection:\n  sel: {EventID: 1}\n  condition: sel\n`,
          )
          .join('---\n'),
      );
    write('a.yml', ['r1', 'r2'], 'product: windows, service: application');
    write('b.yml', ['r3', 'r4'], 'product: windows, service: application');
    write('c.yml', ['w1'], 'product: windows, service: wmi');
    write('d.yml', ['s1'], 'product: windows, service: system');
    const result = await run([BRUTE_FORCE], { rules: [dir], builtin: false });
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([
      {
        file: `${dir}/`,
        message:
          '4 rules for logsource windows/application never fire: Vigil reads no such log (e.g. r1, r2, r3)',
      },
      {
        file: join(dir, 'c.yml'),
        message: '1 rule for logsource windows/wmi never fires: Vigil reads no such log (w1)',
      },
    ]);
    expect(result.stats.rules).toMatchObject({ user: 6, compiled: 6, failed: 0 });
  });
});
