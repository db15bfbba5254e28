import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FieldValue, ThreatEvent } from '../../../src/threats/event.ts';
import type { CompileOptions, Detector, SigmaMatch } from '../../../src/threats/sigma/index.ts';
import { compileErrors, detector, event } from './helpers.ts';

const spec = (name: string) =>
  readFileSync(new URL(`../../fixtures/sigma/spec-examples/${name}`, import.meta.url), 'utf8');

const T0 = Date.parse('2024-05-01T10:00:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

function winlogon(code: number, seconds: number, data: Record<string, FieldValue>): ThreatEvent {
  const eventData = Object.fromEntries(Object.entries(data).map(([k, v]) => [`winlog.event_data.${k}`, v]));
  return event('windows.security', { 'event.code': String(code), ...eventData }, at(seconds));
}

/** Runs events in order; returns every match, flush included. */
function run(d: Detector, events: ThreatEvent[]): SigmaMatch[] {
  return [...events.flatMap((e) => d.process(e)), ...d.flush()];
}

function load(name: string, options: CompileOptions = {}) {
  return detector(spec(name), options);
}

describe('spec example: failed logins followed by a successful login (temporal_ordered over event_count)', () => {
  const failures = (user: string, n: number, from = 0) =>
    Array.from({ length: n }, (_, i) => winlogon(4625, from + i * 30, { User: user }));

  it('fires for 10 failures then a success of the same user, reporting only the outer correlation', () => {
    const success = winlogon(4624, 400, { User: 'alice' });
    const matches = run(load('failed-logins-then-success.yml'), [...failures('alice', 10), success]);
    expect(matches).toHaveLength(1);
    const m = matches[0]!;
    expect(m).toMatchObject({
      kind: 'correlation',
      ruleId: 'b180ead8-d58f-40b2-ae54-c8940995b9b6',
      title: 'Correlation - Multiple Failed Logins Followed by Successful Login',
      level: 'high',
      event: success,
      timestamp: at(400),
      correlation: {
        type: 'temporal_ordered',
        group: { User: 'alice' },
        value: 2,
        firstSeen: at(0),
        lastSeen: at(400),
      },
    });
    expect(m.events).toHaveLength(11);
    expect(m.correlation!.members.map((x) => x.ruleId)).toEqual([
      'a8418a5a-5fc4-46b5-b23b-6c73beb19d41',
      '4d0a2c83-c62c-4ed4-b475-c7e23a9269b8',
    ]);
    expect(m.correlation!.members[0]!.correlation).toMatchObject({ type: 'event_count', value: 10 });
  });

  it.each([
    ['9 failures are not enough', [...failures('alice', 9), winlogon(4624, 400, { User: 'alice' })]],
    [
      'the success must be of the same user',
      [...failures('alice', 10), winlogon(4624, 400, { User: 'bob' })],
    ],
    [
      'the success must come after the failures',
      [winlogon(4624, 0, { User: 'alice' }), ...failures('alice', 10, 10)],
    ],
    [
      'the success must come within 10 minutes',
      [...failures('alice', 10), winlogon(4624, 270 + 601, { User: 'alice' })],
    ],
    [
      'failures spread over more than 10 minutes do not count',
      [
        ...failures('alice', 10).map((e, i) => ({ ...e, '@timestamp': at(i * 70) })),
        winlogon(4624, 700, { User: 'alice' }),
      ],
    ],
  ])('%s', (_name, events) => {
    expect(run(load('failed-logins-then-success.yml'), events as ThreatEvent[])).toEqual([]);
  });

  it('gives the same answer when events from two files interleave out of order within the reorder window', () => {
    const events = [...failures('alice', 10), winlogon(4624, 400, { User: 'alice' })];
    // Swap neighbours: each event arrives up to 30 s before one that happened earlier.
    const shuffled = events.map((_, i) => events[i % 2 === 0 ? Math.min(i + 1, events.length - 1) : i - 1]!);
    expect(new Set(shuffled).size).toBe(events.length);
    expect(run(load('failed-logins-then-success.yml'), shuffled)).toHaveLength(1);
  });
});

describe('spec example: event_count (at least 100 failed logins per host in an hour)', () => {
  const fails = (host: string, n: number, every: number, from = 0) =>
    Array.from({ length: n }, (_, i) => winlogon(4625, from + i * every, { ComputerName: host }));

  it('fires on the 100th failure within the hour, with the 100 events', () => {
    const d = load('event-count.yml');
    const events = fails('web01', 100, 30);
    const matches = run(d, events);
    expect(matches).toHaveLength(1);
    expect(matches[0]).toMatchObject({
      ruleId: '0e95725d-7320-415d-80f7-004da920fc11',
      correlation: { type: 'event_count', group: { ComputerName: 'web01' }, value: 100 },
      event: events[99],
    });
    expect(matches[0]!.events).toEqual(events);
  });

  it.each([
    ['99 failures', fails('web01', 99, 30)],
    ['100 failures over two hours', fails('web01', 100, 72)],
    ['50 on each of two hosts', [...fails('web01', 50, 30), ...fails('web02', 50, 30, 1)]],
  ])('does not fire for %s', (_name, events) => {
    expect(run(load('event-count.yml'), events)).toEqual([]);
  });

  it('starts counting afresh after firing', () => {
    expect(run(load('event-count.yml'), fails('web01', 250, 1))).toHaveLength(2);
  });

  it('hides the base rule, which only the correlation uses (generate: false)', () => {
    const d = load('event-count.yml');
    expect(d.process(winlogon(4625, 0, { ComputerName: 'web01' }))).toEqual([]);
    expect(d.stats().detections).toBe(1);
    expect(d.rules.find((r) => r.ruleId === '5638f7c0-ac70-491d-8465-2a65075e0d86')).toMatchObject({
      reported: false,
    });
  });

  // The spec's schema puts `generate` beside `level` (sigma-correlation-rules-schema.json); pySigma reads it
  // inside `correlation`: either place works.
  it.each([
    ['inside correlation (pySigma)', ['    type: event_count', '    type: event_count\n    generate: true']],
    ['at the top level (the spec schema)', ['correlation:', 'generate: true\ncorrelation:']],
  ])('reports the base rule too with generate: true %s', (_where, [from, to]) => {
    const d = detector(spec('event-count.yml').replace(from!, to!));
    expect(d.process(winlogon(4625, 0, { ComputerName: 'web01' }))).toHaveLength(1);
  });

  it('counts members without a group-by value instead of dropping them silently', () => {
    const d = load('event-count.yml');
    run(d, [winlogon(4625, 0, {})]);
    expect(d.stats().correlation.withoutGroup).toBe(1);
  });
});

describe('spec example: value_count (100 distinct users failing per source and destination in a day)', () => {
  const fail = (user: string, seconds: number) =>
    winlogon(4625, seconds, { ComputerName: 'dc01', WorkstationName: 'ws7', User: user });

  it('fires when the 100th distinct user appears', () => {
    const events = Array.from({ length: 100 }, (_, i) => fail(`user${i}`, i * 600));
    const matches = run(load('value-count.yml'), events);
    expect(matches).toHaveLength(1);
    expect(matches[0]!.correlation).toMatchObject({
      type: 'value_count',
      group: { ComputerName: 'dc01', WorkstationName: 'ws7' },
      value: 100,
    });
  });

  it('does not count the same user twice', () => {
    const events = Array.from({ length: 300 }, (_, i) => fail(`user${i % 99}`, i * 60));
    expect(run(load('value-count.yml'), events)).toEqual([]);
  });
});

describe('spec example: temporal and temporal_ordered (recon commands within 5 minutes)', () => {
  const cmd = (line: string, seconds: number, user = 'bob') =>
    event(
      'windows.security',
      {
        'event.code': '4688',
        'process.command_line': line,
        'winlog.event_data.ComputerName': 'ws1',
        'user.name': user,
      },
      at(seconds),
    );
  const a = (s: number, user?: string) => cmd('whoami /all', s, user);
  const b = (s: number, user?: string) => cmd('net user admin', s, user);
  const c = (s: number, user?: string) => cmd('ipconfig /all', s, user);

  it.each([
    ['all three in order', [a(0), b(60), c(120)], true, true],
    ['all three out of order', [c(0), a(60), b(120)], true, false],
    ['two of three', [a(0), b(60)], false, false],
    ['the third after 5 minutes', [a(0), b(60), c(301)], false, false],
    ['different users', [a(0), b(60), c(120, 'eve')], false, false],
    ['an earlier a completes an ordered chain after a b', [b(0), a(10), b(20), c(30)], true, true],
  ])('%s → temporal %s, temporal_ordered %s', (_name, events, temporal, ordered) => {
    expect(run(load('temporal.yml'), events as ThreatEvent[])).toHaveLength(temporal ? 1 : 0);
    expect(run(load('temporal-ordered.yml'), events as ThreatEvent[])).toHaveLength(ordered ? 1 : 0);
  });

  it('reports the group and every member event', () => {
    const events = [a(0), b(60), c(120)];
    const [m] = run(load('temporal.yml'), events);
    expect(m!.correlation).toMatchObject({ group: { ComputerName: 'ws1', User: 'bob' }, value: 3 });
    expect(m!.events).toEqual(events);
  });
});

describe('spec example: field name aliases', () => {
  const error500 = (src: string, dst: string, s: number) =>
    event(
      'linux.syslog',
      { 'http.response.status_code': 500, 'source.ip': src, 'destination.ip': dst },
      at(s),
    );
  const connection = (src: string, dst: string, s: number) =>
    event(
      'linux.syslog',
      {
        'event.category': ['network'],
        'event.type': ['connection'],
        'event.outcome': 'success',
        'source.ip': src,
        'destination.ip': dst,
      },
      at(s),
    );

  it('groups the error by destination.ip and the connection by source.ip', () => {
    const matches = run(load('aliases.yml'), [
      error500('198.51.100.7', '10.0.0.5', 0),
      connection('10.0.0.5', '198.51.100.7', 5),
    ]);
    expect(matches).toHaveLength(1);
    expect(matches[0]!.correlation!.group).toEqual({ internal_ip: '10.0.0.5', remote_ip: '198.51.100.7' });
  });

  it('does not pair events whose addresses do not line up', () => {
    expect(
      run(load('aliases.yml'), [
        error500('198.51.100.7', '10.0.0.5', 0),
        connection('198.51.100.7', '10.0.0.5', 5),
      ]),
    ).toEqual([]);
  });

  it('does not pair events more than 10 s apart', () => {
    expect(
      run(load('aliases.yml'), [
        error500('198.51.100.7', '10.0.0.5', 0),
        connection('10.0.0.5', '198.51.100.7', 11),
      ]),
    ).toEqual([]);
  });
});

describe('spec example: a range condition ("101 to 200")', () => {
  const fails = (n: number) =>
    Array.from({ length: n }, (_, i) => winlogon(4625, i * 10, { ComputerName: 'web01' }));

  it('is judged when the window closes: 150 fire', () => {
    const d = load('range.yml');
    const during = fails(150).flatMap((e) => d.process(e));
    expect(during).toEqual([]);
    // Stream time passing the end of the hour (plus the 60 s reorder window) closes it; any event will do.
    expect(d.process(event('linux.auth', {}, at(3600 + 59)))).toEqual([]);
    const later = d.process(event('linux.auth', {}, at(3600 + 61)));
    expect(later).toHaveLength(1);
    expect(later[0]!.correlation).toMatchObject({ value: 150, group: { ComputerName: 'web01' } });
  });

  it('250 do not, and neither do 100', () => {
    expect(run(load('range.yml'), fails(250))).toEqual([]);
    expect(run(load('range.yml'), fails(100))).toEqual([]);
  });

  it('an open window is judged at flush', () => {
    const d = load('range.yml');
    for (const e of fails(120)) d.process(e);
    expect(d.flush()).toHaveLength(1);
  });
});

describe('other conditions and types', () => {
  const base = `title: base
id: base
logsource: {product: linux, service: auth}
detection:
    s: {event.action: ssh_login}
    condition: s`;
  const corr = (body: string) => detector(`title: corr\nid: corr\ncorrelation:\n${body}\n---\n${base}`);
  const login = (s: number, fields: Record<string, FieldValue> = {}) =>
    event('linux.auth', { 'event.action': 'ssh_login', 'source.ip': '192.0.2.1', ...fields }, at(s));

  it('lt: fewer than 3 logins in 10 minutes, judged when the window ends', () => {
    const d = corr(
      '    type: event_count\n    rules: [base]\n    group-by: [source.ip]\n    timespan: 10m\n    condition: {lt: 3}',
    );
    expect(run(d, [login(0), login(60)])).toHaveLength(1);
    expect(
      run(
        corr(
          '    type: event_count\n    rules: [base]\n    group-by: [source.ip]\n    timespan: 10m\n    condition: {lt: 3}',
        ),
        [login(0), login(60), login(120)],
      ),
    ).toEqual([]);
  });

  it('value_sum and value_avg over a numeric field', () => {
    const sum = corr(
      '    type: value_sum\n    rules: [base]\n    group-by: [source.ip]\n    timespan: 1h\n    condition: {field: bytes, gt: 1000}',
    );
    expect(run(sum, [login(0, { bytes: 600 }), login(10, { bytes: 500 })])).toHaveLength(1);
    const avg = corr(
      '    type: value_avg\n    rules: [base]\n    group-by: [source.ip]\n    timespan: 1h\n    condition: {field: bytes, gt: 500}',
    );
    expect(run(avg, [login(0, { bytes: 600 }), login(10, { bytes: 500 })])[0]!.correlation!.value).toBe(550);
  });

  it('value_count over several fields counts distinct combinations', () => {
    const d = corr(
      '    type: value_count\n    rules: [base]\n    group-by: [source.ip]\n    timespan: 1h\n    condition: {field: [user.name, source.port], gte: 3}',
    );
    const combos = [
      ['a', 1],
      ['a', 2],
      ['b', 1],
      ['a', 1],
    ] as const;
    const events = combos.map(([user, port], i) => login(i, { 'user.name': user, 'source.port': port }));
    const matches = run(d, events);
    expect(matches).toHaveLength(1);
    expect(matches[0]!.correlation!.value).toBe(3);
    expect(matches[0]!.event).toBe(events[2]);
  });

  it('value_count forgets values that leave the sliding window', () => {
    const d = corr(
      '    type: value_count\n    rules: [base]\n    group-by: [source.ip]\n    timespan: 1m\n    condition: {field: user.name, gte: 3}',
    );
    const users = (pairs: [number, string][]) => pairs.map(([s, u]) => login(s, { 'user.name': u }));
    // a and b age out before c and d arrive: never three distinct users within a minute.
    expect(
      run(
        d,
        users([
          [0, 'a'],
          [10, 'b'],
          [80, 'c'],
          [85, 'c'],
          [140, 'd'],
        ]),
      ),
    ).toEqual([]);
    const again = corr(
      '    type: value_count\n    rules: [base]\n    group-by: [source.ip]\n    timespan: 1m\n    condition: {field: user.name, gte: 3}',
    );
    const matches = run(
      again,
      users([
        [0, 'a'],
        [10, 'b'],
        [80, 'c'],
        [85, 'd'],
        [90, 'a'],
      ]),
    );
    expect(matches).toHaveLength(1);
    expect(matches[0]!.correlation!.value).toBe(3);
    expect(matches[0]!.events.map((e) => e['user.name'])).toEqual(['c', 'd', 'a']);
  });

  it('identical correlations under different names each report their matches, with their own title and level', () => {
    const twin = (id: string, level: string) =>
      `title: ${id} title\nid: ${id}\nlevel: ${level}\ncorrelation:\n    type: event_count\n    rules: [base]\n    group-by: [source.ip]\n    timespan: 10m\n    condition: {gte: 2}`;
    const d = detector(`${twin('one', 'medium')}\n---\n${twin('two', 'high')}\n---\n${base}`);
    const matches = run(d, [login(0), login(30), login(60), login(90)]);
    expect(matches.map((m) => [m.ruleId, m.title, m.level, m.correlation!.value])).toEqual([
      ['one', 'one title', 'medium', 2],
      ['two', 'two title', 'high', 2],
      ['one', 'one title', 'medium', 2],
      ['two', 'two title', 'high', 2],
    ]);
    expect(matches[1]!.events).toEqual(matches[0]!.events);
    expect(d.stats().correlation.emitted).toBe(4);
  });

  it('no group-by: one group for everything', () => {
    const d = corr('    type: event_count\n    rules: [base]\n    timespan: 1m\n    condition: {gte: 2}');
    expect(run(d, [login(0, { 'source.ip': 'a' }), login(1, { 'source.ip': 'b' })])).toHaveLength(1);
  });
});

describe('event order policy', () => {
  const text = spec('event-count.yml').replace('gte: 100', 'gte: 3').replace('timespan: 1h', 'timespan: 1m');
  const fail = (s: number) => winlogon(4625, s, { ComputerName: 'web01' });

  it('a member later than the reorder window is still used, and counted as late', () => {
    const d = detector(text, { reorderWindowMs: 5_000 });
    const matches = run(d, [fail(100), fail(130), fail(90)]);
    expect(d.stats().correlation.late).toBe(1);
    expect(matches).toHaveLength(1);
  });

  // A late member takes its place in time: it leaves the sliding window when its time does, and a match's
  // firstSeen/lastSeen/timestamp are its earliest and latest members, never the order they arrived in.
  it.each([
    ['late member in the middle', [100, 80, 130], { firstSeen: 80, lastSeen: 130 }],
    ['late member first of all', [120, 130, 100], { firstSeen: 100, lastSeen: 130 }],
    // 150 arrives when stream time is 180: the window at 211 is [151, 211], which holds only 180 and 211.
    ['late member already outside the window', [180, 150, 211], null],
  ] as const)('%s (reorder window 0)', (_name, seconds, expected) => {
    const d = detector(text, { reorderWindowMs: 0 });
    const matches = run(d, seconds.map(fail));
    if (expected === null) {
      expect(matches).toEqual([]);
      return;
    }
    expect(matches).toHaveLength(1);
    expect(matches[0]).toMatchObject({
      timestamp: at(expected.lastSeen),
      correlation: { firstSeen: at(expected.firstSeen), lastSeen: at(expected.lastSeen) },
    });
  });

  it('a member older than its window is dropped and counted as expired', () => {
    const d = detector(text, { reorderWindowMs: 0 });
    run(d, [fail(100), fail(200), fail(30)]);
    expect(d.stats().correlation.expired).toBe(1);
  });

  it('with an infinite reorder window, any input order gives the sorted result at flush', () => {
    const d = detector(text, { reorderWindowMs: Number.POSITIVE_INFINITY });
    const during = [fail(50), fail(0), fail(500), fail(20)].flatMap((e) => d.process(e));
    expect(during).toEqual([]);
    expect(d.stats().correlation.buffered).toBe(4);
    const flushed = d.flush();
    expect(flushed).toHaveLength(1);
    expect(flushed[0]!.events.map((e) => e['@timestamp'])).toEqual([at(0), at(20), at(50)]);
  });
});

describe('correlation compile errors', () => {
  it.each([
    [
      'title: c\ncorrelation: {type: event_count, rules: [nope], timespan: 1h, condition: {gte: 1}}',
      2,
      'invalid',
      "references 'nope'",
    ],
    [
      'title: c\nname: c\ncorrelation: {type: event_count, rules: [c], timespan: 1h, condition: {gte: 1}}',
      3,
      'invalid',
      'references itself',
    ],
    [
      'title: c\ncorrelation: {type: value_percentile, rules: [x], timespan: 1h, condition: {field: f, lte: 1}}',
      2,
      'unsupported',
      'value_percentile',
    ],
    // pySigma too: "Timespan … must be greater than zero"
    [
      'title: c\ncorrelation: {type: event_count, rules: [x], timespan: 0s, condition: {gte: 1}}',
      2,
      'invalid',
      'longer than zero',
    ],
    [
      'title: c\ncorrelation:\n  type: temporal\n  rules: [r]\n  timespan: 1m\n  aliases:\n    ip:\n      other: source.ip\n' +
        '---\ntitle: r\nname: r\nlogsource: {product: linux}\ndetection: {k: [x], condition: k}',
      8,
      'invalid',
      "alias 'ip' names 'other', which is not one of its rules",
    ],
  ])('%s', (text, line, kind, message) => {
    expect(compileErrors(text)).toMatchObject([{ kind, line, message: expect.stringContaining(message) }]);
  });

  it("warns when a chain groups by a field the inner correlation's matches do not carry", () => {
    const d = detector(
      spec('failed-logins-then-success.yml').replace(
        'name: multiple_failed_login\ncorrelation:\n    type: event_count\n    rules:\n        - failed_login\n    group-by:\n        - User',
        'name: multiple_failed_login\ncorrelation:\n    type: event_count\n    rules:\n        - failed_login\n    group-by:\n        - ComputerName',
      ),
    );
    expect(d.warnings).toEqual([
      expect.stringContaining(
        "'User' from the matches of 'multiple_failed_login', which only carry its group-by (ComputerName)",
      ),
    ]);
    expect(load('failed-logins-then-success.yml').warnings).toEqual([]);
  });

  it('two documents with one id: the second is reported', () => {
    const rule = 'title: r\nid: same\nlogsource: {product: linux}\ndetection: {k: [x], condition: k}';
    expect(compileErrors(`${rule}\n---\n${rule}`)).toMatchObject([
      { kind: 'invalid', line: 7, path: 'id', message: "id or name 'same' is already used by inline.yml:1" },
    ]);
  });
});
