import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatSigmaError, loadSigmaRules, parseSigmaYaml } from '../../../src/threats/sigma/index.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/sigma/${name}`, import.meta.url));

describe('loading rule files', () => {
  it('walks directories for .yml and .yaml files, in name order', () => {
    const { rules, errors } = loadSigmaRules([fixture('rules-dir')]);
    expect(errors).toEqual([]);
    expect(rules.map((r) => r.title)).toEqual(['Root logon over SSH', 'Shell history cleared']);
    expect(rules[0]).toMatchObject({
      kind: 'rule',
      id: '7d0b7c4e-1a53-4b8e-9a51-9ef6f3d1f001',
      level: 'medium',
      status: 'test',
      tags: ['attack.initial-access', 'attack.t1078'],
      logsource: { product: 'linux', service: 'sshd' },
      conditions: ['selection'],
      source: { file: fixture('rules-dir/ssh-root-login.yml'), line: 1, document: 0 },
    });
  });

  it('reports a YAML syntax error with its file and line, and loads nothing from that document', () => {
    const { rules, errors } = loadSigmaRules([fixture('broken-syntax.yml')]);
    expect(rules).toEqual([]);
    expect(errors[0]).toMatchObject({ kind: 'yaml', file: fixture('broken-syntax.yml'), line: 7 });
  });

  it('rejects duplicate keys, which YAML would otherwise silently overwrite', () => {
    const { errors } = loadSigmaRules([fixture('duplicate-key.yml')]);
    expect(errors).toMatchObject([{ kind: 'yaml', line: 7, message: expect.stringContaining('unique') }]);
  });

  it('keeps the good documents of a multi-document file and reports the bad one by line and path', () => {
    const { rules, errors } = loadSigmaRules([fixture('two-rules-one-bad.yml')]);
    expect(rules.map((r) => r.id)).toEqual(['good-rule']);
    expect(errors).toEqual([
      {
        kind: 'invalid',
        file: fixture('two-rules-one-bad.yml'),
        line: 20,
        path: 'level',
        rule: 'bad-rule',
        message: '`level` must be one of informational, low, medium, high, critical',
      },
    ]);
    expect(formatSigmaError(errors[0]!)).toBe(
      `${fixture('two-rules-one-bad.yml')}:20 (level) [bad-rule]: \`level\` must be one of informational, low, medium, high, critical`,
    );
  });

  it('reports a missing path instead of throwing', () => {
    const { errors } = loadSigmaRules([fixture('no-such-dir')]);
    expect(errors).toMatchObject([{ kind: 'io', file: fixture('no-such-dir') }]);
  });
});

describe('document shapes', () => {
  const one = (text: string) => parseSigmaYaml(text, 'x.yml');

  it.each([
    ['logsource: {product: linux}\ndetection: {s: {a: 1}, condition: s}', 'title', 1],
    ['title: t\ndetection: {s: {a: 1}, condition: s}', 'logsource', 1],
    ['title: t\nlogsource: {product: linux}\ndetection:\n  s: {a: 1}', 'detection', 3],
    [
      'title: t\nlogsource: {product: linux}\ndetection:\n  s: {a: 1}\n  condition: 5',
      'detection.condition',
      5,
    ],
    ['title: t\nlogsource: {product: linux}\ndetection:\n  s: []\n  condition: s', 'detection.s', 4],
    ['title: t\nlogsource: {product: [linux]}\ndetection: {s: {a: 1}, condition: s}', 'logsource.product', 2],
    ['title: t\nlogsource: {product: linux}\ndetection: {s: {a: 1}, condition: s}\ntags: {a: 1}', 'tags', 4],
    ['title: t\nfoo: bar', '', 1],
    ['- just\n- a list', '', 1],
  ])('%j is reported at %s', (text, path, line) => {
    const { rules, errors } = one(text);
    expect(rules).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ kind: 'invalid', file: 'x.yml', line });
    expect(errors[0]!.path ?? '').toBe(path);
  });

  it('reports Sigma 1.0 forms as unsupported, not as broken', () => {
    const { errors } = one(
      'title: t\nlogsource: {product: linux}\ndetection:\n  s: {a: 1}\n  timeframe: 5m\n  condition: s | count() > 5',
    );
    expect(errors).toMatchObject([{ kind: 'unsupported', path: 'detection.timeframe', line: 5 }]);
    expect(one('action: global\ntitle: t').errors).toMatchObject([{ kind: 'unsupported', path: 'action' }]);
  });

  it('keeps a number written in a non-decimal form as the text the author wrote', () => {
    const { rules } = one(
      'title: t\nlogsource: {product: windows}\ndetection:\n  s: {A: 0x17, B: 0777, C: 1.50, D: 12}\n  condition: s',
    );
    expect(rules[0]).toMatchObject({ detection: { s: { A: '0x17', B: '0777', C: '1.50', D: 12 } } });
  });

  it('reads correlation and filter documents', () => {
    const { rules, errors } = one(`title: c
correlation:
    type: value_count
    rules: [r1]
    group-by: [source.ip]
    timespan: 1h
    condition: {field: user.name, gte: 10}
---
title: f
logsource: {product: linux}
filter:
    rules: r1
    selection: {user.name: backup}
    condition: selection
`);
    expect(errors).toEqual([]);
    expect(rules[0]).toMatchObject({
      kind: 'correlation',
      correlation: {
        type: 'value_count',
        rules: ['r1'],
        groupBy: ['source.ip'],
        timespanMs: 3_600_000,
        condition: { field: ['user.name'], gte: 10 },
        generate: false,
      },
    });
    expect(rules[1]).toMatchObject({
      kind: 'filter',
      filter: {
        rules: ['r1'],
        conditions: ['selection'],
        detection: { selection: { 'user.name': 'backup' } },
      },
      source: { document: 1, line: 9 },
    });
  });

  it.each([
    ['type: count', 'correlation.type', 'correlation type must be one of'],
    ['type: event_count\n    rules: [r]\n    timespan: 10', 'correlation.timespan', 'timespan'],
    ['type: event_count\n    rules: [r]\n    timespan: 1h', 'correlation', 'needs a `condition`'],
    [
      'type: value_count\n    rules: [r]\n    timespan: 1h\n    condition: {gte: 3}',
      'correlation.condition',
      'condition.field',
    ],
    [
      'type: event_count\n    rules: [r]\n    timespan: 1h\n    condition: {more: 3}',
      'correlation.condition.more',
      'unknown correlation condition operator',
    ],
    ['type: temporal\n    timespan: 1h', 'correlation.rules', 'is required'],
  ])('a bad correlation (%s) names %s', (body, path, message) => {
    const { errors } = one(`title: c\ncorrelation:\n    ${body}\n`);
    expect(errors).toMatchObject([{ kind: 'invalid', path, message: expect.stringContaining(message) }]);
  });
});
