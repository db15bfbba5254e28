import { describe, expect, it } from 'vitest';
import {
  DEFAULT_THRESHOLDS,
  loadBuiltinRules,
  ThresholdError,
  type ThresholdOverrides,
} from '../../../src/threats/rules/index.ts';
import { applyThresholds, resolveThresholds } from '../../../src/threats/rules/thresholds.ts';
import {
  parseSigmaYaml,
  type SigmaCorrelationRule,
  type SigmaDocument,
} from '../../../src/threats/sigma/index.ts';
import { lines, sshFailures } from './inputs.ts';
import { runPack } from './run.ts';

function correlation(docs: SigmaDocument[], title: string): SigmaCorrelationRule {
  const found = docs.find((d) => d.title === title);
  if (found?.kind !== 'correlation') throw new Error(`no correlation '${title}'`);
  return found;
}

const ATTACKER = '203.0.113.50';

describe('resolveThresholds', () => {
  it('gives the stated defaults: fail2ban for brute force', () => {
    expect(resolveThresholds()).toEqual(DEFAULT_THRESHOLDS);
    expect(DEFAULT_THRESHOLDS.sshBruteForce).toEqual({ count: 5, windowMinutes: 10 });
  });

  it('overrides one field and keeps the rest', () => {
    const t = resolveThresholds({ sshBruteForce: { count: 8 } });
    expect(t.sshBruteForce).toEqual({ count: 8, windowMinutes: 10 });
    expect(t.rdpBruteForce).toEqual(DEFAULT_THRESHOLDS.rdpBruteForce);
  });

  it.each<[string, unknown, string]>([
    ['not an object', [5], 'thresholds must be an object'],
    ['an unknown threshold', { sshBruteforce: { count: 5 } }, 'thresholds.sshBruteforce: unknown threshold'],
    ['a threshold that is not an object', { sshBruteForce: 5 }, 'thresholds.sshBruteForce must be an object'],
    [
      'a zero count',
      { sshBruteForce: { count: 0 } },
      'thresholds.sshBruteForce.count must be a whole number',
    ],
    [
      'a fractional count',
      { passwordSpray: { count: 2.5 } },
      'thresholds.passwordSpray.count must be a whole number',
    ],
    [
      'a count given as text',
      { rdpBruteForce: { count: '5' } },
      "thresholds.rdpBruteForce.count must be a whole number from 1 to 1000000 (got '5')",
    ],
    [
      'a negative window',
      { sshBruteForce: { windowMinutes: -1 } },
      'thresholds.sshBruteForce.windowMinutes must be a number of minutes above 0',
    ],
    [
      'a window over a week',
      { sshBruteForce: { windowMinutes: 20_000 } },
      'thresholds.sshBruteForce.windowMinutes must be',
    ],
    [
      'a window in fractions of a second',
      { sshBruteForce: { windowMinutes: 0.001 } },
      'whole number of seconds',
    ],
    [
      'an unknown field',
      { sshBruteForce: { maxretry: 5 } },
      'thresholds.sshBruteForce.maxretry: unknown field',
    ],
  ])('rejects %s, naming the field', (_, overrides, message) => {
    expect(() => resolveThresholds(overrides)).toThrow(ThresholdError);
    expect(() => resolveThresholds(overrides)).toThrow(message);
  });
});

describe('loadBuiltinRules with thresholds', () => {
  it("rewrites a threshold's correlations and leaves the others as written", () => {
    const docs = loadBuiltinRules({ thresholds: { sshBruteForce: { count: 8, windowMinutes: 2 } } });
    const failed = correlation(docs, 'Failed SSH brute force attack');
    expect(failed.correlation).toMatchObject({ timespan: '2m', timespanMs: 120_000, condition: { gte: 8 } });
    expect(failed.raw.correlation).toMatchObject({ timespan: '2m', condition: { gte: 8 } });
    expect(correlation(docs, 'Successful SSH brute force attack').correlation).toMatchObject({
      timespanMs: 120_000,
    });
    expect(correlation(docs, 'Failed RDP brute force attack').correlation).toMatchObject({
      timespan: '10m',
      condition: { gte: 5 },
    });
  });

  it('keeps the counted field of a value_count rule and writes a window that is not whole minutes in seconds', () => {
    const docs = loadBuiltinRules({ thresholds: { passwordSpray: { count: 4, windowMinutes: 1.5 } } });
    expect(correlation(docs, 'Password spray attack').correlation).toMatchObject({
      timespan: '90s',
      condition: { gte: 4, field: ['account'] },
    });
  });

  it('rejects a bad override before reading any rule', () => {
    expect(() =>
      loadBuiltinRules({ thresholds: { sshBruteForce: { count: -1 } } as ThresholdOverrides }),
    ).toThrow('thresholds.sshBruteForce.count');
  });

  it("changes what fires: Wazuh's 8 in 120 s instead of fail2ban's 5 in 10 minutes", async () => {
    const wazuh = loadBuiltinRules({ thresholds: { sshBruteForce: { count: 8, windowMinutes: 2 } } });
    const fired = async (input: string, docs?: SigmaDocument[]) =>
      (await runPack(input, docs)).filter((m) => m.title === 'Failed SSH brute force attack').length > 0;
    const slow = lines(...sshFailures(ATTACKER, 8, 0, 30)); // 8 in 3.5 minutes
    const fast = lines(...sshFailures(ATTACKER, 8, 0, 10)); // 8 in 70 seconds
    expect(await fired(slow)).toBe(true);
    expect(await fired(slow, wazuh)).toBe(false);
    expect(await fired(fast, wazuh)).toBe(true);
    expect(await fired(lines(...sshFailures(ATTACKER, 7, 0, 10)), wazuh)).toBe(false);
  });
});

describe('applyThresholds', () => {
  it('rejects a rule that names a threshold that does not exist, naming the file and the rule', () => {
    const { rules } = parseSigmaYaml(
      [
        'title: base',
        'name: base',
        'logsource: {product: linux, service: sshd}',
        'detection: {s: {event.action: ssh_login}, condition: s}',
        '---',
        'title: Counted',
        'threshold: sshBrute',
        'correlation: {type: event_count, rules: [base], group-by: [source.ip], timespan: 10m, condition: {gte: 5}}',
      ].join('\n'),
      'custom.yml',
    );
    expect(() => applyThresholds(rules, resolveThresholds())).toThrow(
      "custom.yml: rule 'Counted' names threshold 'sshBrute'",
    );
  });
});
