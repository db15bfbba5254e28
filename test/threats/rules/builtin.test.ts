import { describe, expect, it } from 'vitest';
import { loadBuiltinRules } from '../../../src/threats/rules/index.ts';
import { CASES, ruleOfCase } from './cases/index.ts';
import { runPack, withDependencies } from './run.ts';

const docs = loadBuiltinRules();

describe.each(CASES.map((c) => [`${c.rule}${c.title ? ` — ${c.title}` : ''}`, c] as const))('%s', (_, c) => {
  const rule = ruleOfCase(c, docs);
  const rules = withDependencies(rule, docs);

  it.each(c.fires.map((input, i) => [i + 1, input] as const))('fires on input %i', async (_n, input) => {
    const matches = (await runPack(input, rules)).filter((m) => m.ruleId === rule.id);
    expect(matches.length, 'matches of the rule').toBeGreaterThan(0);
    expect(matches[0]!.title).toBe(rule.title);
    if (c.group !== undefined) {
      expect(matches.map((m) => m.correlation?.group)).toContainEqual(c.group);
    }
  });

  it.each(c.misses.map((m) => [m.why, m.input] as const))('does not fire: %s', async (_why, input) => {
    const matches = (await runPack(input, rules)).filter((m) => m.ruleId === rule.id);
    expect(matches).toEqual([]);
  });
});
