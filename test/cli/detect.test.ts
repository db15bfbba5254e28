import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { timeOption } from '../../src/cli/commands/detect.ts';
import { runCli } from '../support/cli.ts';

const fixture = (path: string) => fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url));
const BRUTE_FORCE = fixture('detect/ssh-brute-force-then-new-user.log');
const LISTED = fixture('threat-intel/auth-from-listed-addresses.log');
const BLOCKLIST = fixture('threat-intel/blocklist.txt');
const VIGIL = fileURLToPath(new URL('../../bin/vigil', import.meta.url));
const YEAR = ['--year', '2024'];

const run = (args: string[]) => runCli(['detect', ...args]);

interface JsonOutput {
  stats: {
    files: number;
    lines: number;
    events: number;
    unparsed: number;
    byFormat: Record<string, unknown>;
  };
  alerts: {
    id: string;
    title: string;
    severity: string;
    tactics: { id: string; name: string }[];
    techniques: { id: string; name?: string }[];
    entities: { hosts: string[]; ips: string[]; accounts: string[]; processes: string[] };
    firstSeen: string;
    lastSeen: string;
    count: number;
    evidence: { 'log.file.path': string; 'log.file.line': number; 'log.original': string }[];
  }[];
  incidents: {
    id: string;
    title: string;
    severity: string;
    alertIds: string[];
    entities: { hosts: string[] };
  }[];
  errors: string[];
  warnings: string[];
  attack: { version: string; attribution: string };
}

describe('vigil detect', () => {
  it('prints alerts, incidents and the ATT&CK attribution for a person', async () => {
    const { code, out, err } = await run([BRUTE_FORCE, ...YEAR]);
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(out).toMatch(
      /^Vigil detect: 8 lines in 1 file\(s\) \(syslog 8\); 8 events; 0 not understood; \d+ rules\./,
    );
    expect(out).toMatch(/High\s+Successful SSH brute force attack\s+vm-web-01 from 203\.0\.113\.5/);
    expect(out).toMatch(
      /Incidents \(1\)\n {2}High {2}Multi-stage incident involving Credential Access, Initial Access & Persistence/,
    );
    // The fixture's failed attempts are both alerts' start: the story lists the guessing before the login.
    expect(out).toContain('    1. [Credential Access] Failed SSH brute force attack');
    expect(out).toContain('    2. [Initial Access] Successful SSH brute force attack');
    // Times are UTC whatever the machine's zone: the table says so.
    expect(out).toContain('FIRST SEEN (UTC)');
    expect(out).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d → \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC, \d+ alerts/);
    expect(out).toContain('MITRE ATT&CK® v18.1. © 2025 The MITRE Corporation.');
    expect(out.includes('\x1b[')).toBe(false);
  });

  it('never lets a log drive the terminal: names and lines from the log are printed with escapes', async () => {
    const esc = '\u001b';
    const user = `${esc}[2J${esc}]0;pwned\u0007root`;
    const lines = Array.from(
      { length: 6 },
      (_, i) =>
        `Dec 10 06:55:4${i} web-01 sshd[100${i}]: Failed password for invalid user ${user} from 203.0.113.5 port 4100${i} ssh2`,
    );
    lines.push(`${esc}[1A${esc}[K not a log line \u202e`);
    const dir = mkdtempSync(join(tmpdir(), 'vigil-detect-hostile-'));
    const file = join(dir, 'auth.log');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const { code, out: stdout } = await run([file, ...YEAR, '--format', 'table']);
    expect(code).toBe(0);
    expect(stdout).toContain('SSH');
    const raw = [...stdout].filter((ch) => {
      const c = ch.charCodeAt(0);
      return (c < 0x20 && c !== 0x0a) || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e);
    });
    expect(raw).toEqual([]);
    expect(stdout).toContain('\\x1b[2J\\x1b]0;pwned\\x07root');
    expect(stdout).toContain('\\x1b[1A\\x1b[K not a log line \\u202e');
  });

  it('says how many SSH attempts auth.log and audit.log both recorded, each counted once', async () => {
    const pairs = ['auth', 'audit'].map((log) => fixture(`detect/ssh-pairs-${log}.log`));
    const { code, out } = await run([...pairs, '--year', '2023', '--format', 'table']);
    expect(code).toBe(0);
    expect(out).toContain('6 SSH attempts seen in both auth.log and audit.log, counted once');
  });

  it('prints the documented JSON shape', async () => {
    const { code, out } = await run([BRUTE_FORCE, ...YEAR, '--format', 'json']);
    expect(code).toBe(0);
    const json = JSON.parse(out) as JsonOutput;
    expect(json.stats).toMatchObject({
      files: 1,
      lines: 8,
      events: 8,
      unparsed: 0,
      byFormat: { syslog: { lines: 8 } },
    });
    expect(json.alerts).toHaveLength(3);
    for (const a of json.alerts) {
      expect(Object.keys(a)).toEqual(
        expect.arrayContaining(['id', 'title', 'severity', 'tactics', 'techniques', 'entities', 'firstSeen']),
      );
      expect(Object.keys(a)).toEqual(expect.arrayContaining(['lastSeen', 'count', 'evidence']));
      expect(Object.keys(a.entities)).toEqual(
        expect.arrayContaining(['hosts', 'ips', 'accounts', 'processes']),
      );
      expect(a.evidence.length).toBeGreaterThan(0);
      expect(a.evidence[0]!['log.file.path']).toBe(BRUTE_FORCE);
    }
    const success = json.alerts.find((a) => a.title === 'Successful SSH brute force attack')!;
    expect(success).toMatchObject({
      severity: 'High',
      tactics: [
        { id: 'TA0001', name: 'Initial Access' },
        { id: 'TA0006', name: 'Credential Access' },
      ],
      techniques: [
        { id: 'T1110.001', name: 'Password Guessing' },
        { id: 'T1078', name: 'Valid Accounts' },
      ],
      entities: { hosts: ['vm-web-01'], ips: ['203.0.113.5'] },
      firstSeen: '2024-03-02T11:50:01.000Z',
      lastSeen: '2024-03-02T11:51:02.000Z',
    });
    expect(json.incidents).toEqual([
      expect.objectContaining({
        severity: 'High',
        alertIds: expect.arrayContaining(json.alerts.map((a) => a.id)),
        entities: expect.objectContaining({ hosts: ['vm-web-01'] }),
      }),
    ]);
    expect(json.attack).toEqual({
      version: '18.1',
      attribution: expect.stringContaining('The MITRE Corporation'),
    });
    expect(json.errors).toEqual([]);
  });

  it('prints one JSON object per line with --format jsonl: alerts, incidents, then stats', async () => {
    const { code, out } = await run([BRUTE_FORCE, ...YEAR, '--format', 'jsonl']);
    expect(code).toBe(0);
    const lines = out
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; title?: string });
    expect(lines.map((l) => l.type)).toEqual(['alert', 'alert', 'alert', 'incident', 'stats']);
  });

  it('names the feed of a malicious-IP alert', async () => {
    const { code, out } = await run([LISTED, ...YEAR, '--intel', BLOCKLIST]);
    expect(code).toBe(0);
    expect(out).toMatch(
      /High\s+Logon from a malicious IP\s+vm-web-01 from 203\.0\.113\.7 as deploy; listed by blocklist\.txt/,
    );
    expect(out).toMatch(
      /Communication with a malicious IP\s+vm-web-01 from 198\.51\.100\.23 as root; listed by blocklist\.txt/,
    );
    expect(out).toContain('3 events on them');
  });

  it.each([
    [['--fail-on', 'High'], 1],
    [['--fail-on', 'medium'], 1],
    [['--since', '2024-03-02T11:55:00Z', '--fail-on', 'Medium'], 0], // only the Low account creation is left
    [[], 0],
  ])('exits by the most severe alert with %j: %i', async (args, expected) => {
    const { code } = await run([BRUTE_FORCE, ...YEAR, ...args]);
    expect(code).toBe(expected);
  });

  it('exits 2 on bad input, naming the file (and line), after reporting what it could', async () => {
    const missing = fixture('detect/missing.log');
    const { code, out, err } = await run([
      missing,
      BRUTE_FORCE,
      ...YEAR,
      '--intel',
      fixture('threat-intel/blocklist-bad-lines.txt'),
    ]);
    expect(code).toBe(2);
    expect(err).toContain(`error: ${missing}: no such file or directory`);
    expect(err).toContain(
      `error: ${fixture('threat-intel/blocklist-bad-lines.txt')}:3: expected one address, network or range per line`,
    );
    expect(out).toContain('Successful SSH brute force attack');
    expect(err).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('exits 2 on a bad rule file, naming file and line', async () => {
    const rule = fixture('detect/sigma-rule-bad.yml');
    const { code, err } = await run([BRUTE_FORCE, ...YEAR, '--rules', rule]);
    expect(code).toBe(2);
    expect(err).toContain(`error: ${rule}:6: invalid (detection.condition)`);
  });

  it('reads thresholds from a file, and names the file and field when they are wrong', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-detect-'));
    const strict = join(dir, 'strict.json');
    writeFileSync(strict, JSON.stringify({ sshBruteForce: { count: 20 } }));
    const raised = await run([BRUTE_FORCE, ...YEAR, '--thresholds', strict, '--format', 'json']);
    expect((JSON.parse(raised.out) as JsonOutput).alerts.map((a) => a.title)).toEqual([
      'Account creation detected',
    ]);

    const wrong = join(dir, 'wrong.json');
    writeFileSync(wrong, JSON.stringify({ sshBruteForce: { count: 0 } }));
    const bad = await run([BRUTE_FORCE, '--thresholds', wrong]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain(`error: ${wrong}: thresholds.sshBruteForce.count must be a whole number`);

    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"sshBruteForce": ');
    const unreadable = await run([BRUTE_FORCE, '--thresholds', broken]);
    expect(unreadable.code).toBe(2);
    expect(unreadable.err).toContain(broken);
  });

  it.each([
    [[], 'give at least one log file'],
    [[BRUTE_FORCE, '--format', 'xml'], '--format must be one of table, json, jsonl'],
    [[BRUTE_FORCE, '--fail-on', 'Critical'], '--fail-on must be one of High, Medium, Low, Informational'],
    [[BRUTE_FORCE, '--since', 'yesterday'], "--since 'yesterday' is not a time"],
    [[BRUTE_FORCE, '--since', '2024-03-03', '--until', '2024-03-02'], '--since must be before --until'],
    [[BRUTE_FORCE, '--year', '24'], "--year '24' is not a year"],
    [[BRUTE_FORCE, '--no-builtin'], '--no-builtin needs --rules'],
  ])('rejects bad usage %j with exit 2', async (args, message) => {
    const { code, err } = await run(args);
    expect(code).toBe(2);
    expect(err).toContain(message);
  });

  it('reads standard input given as -', () => {
    const child = spawnSync(VIGIL, ['detect', '-', '--format', 'json'], {
      input: readFileSync(BRUTE_FORCE),
      encoding: 'utf8',
    });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    const json = JSON.parse(child.stdout) as JsonOutput;
    expect(json.stats).toMatchObject({ lines: 8, events: 8 });
    expect(json.alerts.map((a) => a.title)).toContain('Successful SSH brute force attack');
  }, 30_000);
});

describe('timeOption', () => {
  const now = new Date('2026-05-10T12:00:00Z');
  it.each([
    ['2026-05-01', '2026-05-01T00:00:00.000Z'],
    ['2026-05-01T08:00', '2026-05-01T08:00:00.000Z'],
    ['2026-05-01T08:00:00Z', '2026-05-01T08:00:00.000Z'],
    ['2026-05-01T08:00:00+02:00', '2026-05-01T06:00:00.000Z'],
    ['24h', '2026-05-09T12:00:00.000Z'],
    ['7d', '2026-05-03T12:00:00.000Z'],
    ['90m', '2026-05-10T10:30:00.000Z'],
  ])('%s is %s', (value, iso) => {
    expect(timeOption(value, '--since', now)?.toISOString()).toBe(iso);
  });

  it.each(['yesterday', '2026-13-01', '5w', ''])('rejects %j', (value) => {
    expect(() => timeOption(value, '--until', now)).toThrow(/--until .* is not a time/);
  });
});
