import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  BUILTIN_RULES_DIR,
  compileBuiltinRules,
  DEFAULT_THRESHOLDS,
  loadBuiltinRules,
  type ThresholdName,
} from '../../../src/threats/rules/index.ts';
import { loadSigmaRules, type SigmaDocument } from '../../../src/threats/sigma/index.ts';
import { CASES, fileOf, reportedRules, ruleOfCase } from './cases/index.ts';

const docs = loadBuiltinRules();
const reported = reportedRules(docs);
const label = (d: SigmaDocument) => `${fileOf(d)} — ${d.title}`;

const TACTIC_TAG = /^attack\.([a-z_]+)$/;
const TECHNIQUE_TAG = /^attack\.t(\d{4}(?:\.\d{3})?)$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function tactics(d: SigmaDocument): string[] {
  return d.tags.flatMap((t) => {
    const m = TACTIC_TAG.exec(t);
    return m ? [m[1]!.replaceAll('_', '-')] : [];
  });
}

function techniques(d: SigmaDocument): string[] {
  return d.tags.flatMap((t) => {
    const m = TECHNIQUE_TAG.exec(t);
    return m ? [`T${m[1]}`] : [];
  });
}

describe('the built-in pack', () => {
  it('compiles every rule with the default mappings, each routed to a dataset', () => {
    const detector = compileBuiltinRules();
    expect(detector.errors).toEqual([]);
    expect(detector.unrouted).toEqual([]);
    expect(detector.warnings).toEqual([]);
    expect(detector.rules.filter((r) => r.kind === 'rule' && r.datasets.length === 0)).toEqual([]);
    expect(detector.rules).toHaveLength(docs.length);
  });

  it('has at least 35 detections reported as alerts', () => {
    expect(reported.length).toBeGreaterThanOrEqual(35);
  });

  it.each(docs.map((d) => [label(d), d] as const))(
    '%s: has a unique UUID, a level, a description, false positives and ATT&CK tags',
    (_, d) => {
      expect(d.id).toMatch(UUID);
      expect(docs.filter((o) => o.id === d.id)).toHaveLength(1);
      expect(d.level).toBeDefined();
      expect(d.description?.length ?? 0).toBeGreaterThan(20);
      expect(d.falsepositives.length).toBeGreaterThan(0);
      expect(tactics(d).length, 'ATT&CK tactic tag').toBeGreaterThan(0);
      expect(techniques(d).length, 'ATT&CK technique tag').toBeGreaterThan(0);
    },
  );

  it.each(reported.map((d) => [label(d), d] as const))(
    '%s: has a case that fires it and a near miss',
    (_, d) => {
      const cases = CASES.filter((c) => ruleOfCase(c, docs) === d);
      expect(cases.flatMap((c) => c.fires).length, 'inputs that fire it').toBeGreaterThan(0);
      expect(cases.flatMap((c) => c.misses).length, 'near misses').toBeGreaterThan(0);
    },
  );

  it('names the defaults of thresholds.ts in the rule files as written', () => {
    const { rules } = loadSigmaRules([BUILTIN_RULES_DIR]);
    const named = rules.filter((d) => d.kind === 'correlation' && d.raw.threshold !== undefined);
    expect(named.length).toBeGreaterThan(0);
    for (const d of named) {
      if (d.kind !== 'correlation') continue;
      const t = DEFAULT_THRESHOLDS[d.raw.threshold as ThresholdName];
      expect(t, `${label(d)}: threshold ${String(d.raw.threshold)}`).toBeDefined();
      expect(d.correlation.timespanMs, label(d)).toBe(t.windowMinutes * 60_000);
      if (d.correlation.type !== 'temporal_ordered')
        expect(d.correlation.condition?.gte, label(d)).toBe(t.count);
    }
  });

  it('lists every alert rule in README.md with its file', () => {
    const readme = readFileSync(new URL('README.md', `file://${BUILTIN_RULES_DIR}`), 'utf8');
    // Table rows as [title, file] cells, whatever padding the formatter gave them.
    const rows = readme
      .split('\n')
      .filter((line) => line.startsWith('|'))
      .map((line) => line.split('|').map((cell) => cell.trim()));
    for (const d of reported) {
      expect(
        rows.some((cells) => cells[1] === d.title && cells[2] === `\`${fileOf(d)}\``),
        label(d),
      ).toBe(true);
    }
  });
});

const ATTACK = fileURLToPath(new URL('../../../../shared/corpora/attack/', import.meta.url));
const hasAttack = existsSync(`${ATTACK}enterprise-techniques-v18.1.csv`);
if (!hasAttack) console.log(`skipping the ATT&CK v18.1 checks: ${ATTACK} is absent`);

describe.skipIf(!hasAttack)('ATT&CK v18.1', () => {
  const csvRows = (name: string) =>
    readFileSync(`${ATTACK}${name}`, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(','));
  // id,name,tactics,is_subtechnique,deprecated_or_revoked; v18.1's names have no commas, so no quoting.
  const techniqueTactics = new Map<string, string[]>();
  const deprecated = new Set<string>();
  const knownTactics = new Set<string>();
  if (hasAttack) {
    for (const [id, , tacticList, , gone] of csvRows('enterprise-techniques-v18.1.csv')) {
      techniqueTactics.set(id!, tacticList!.split(';'));
      if (gone === 'true') deprecated.add(id!);
    }
    for (const row of csvRows('enterprise-tactics-v18.1.csv')) knownTactics.add(row[1]!);
  }

  it.each(docs.map((d) => [label(d), d] as const))(
    '%s: tags active techniques and tactics, each technique under a tagged tactic',
    (_, d) => {
      for (const t of tactics(d)) expect(knownTactics, `tactic ${t}`).toContain(t);
      for (const id of techniques(d)) {
        expect(techniqueTactics.has(id), `${id} is an ATT&CK v18.1 technique`).toBe(true);
        expect(deprecated.has(id), `${id} is deprecated or revoked`).toBe(false);
        const under = techniqueTactics.get(id)!;
        expect(
          tactics(d).some((t) => under.includes(t)),
          `${id} (${under.join(', ')}) under one of ${tactics(d).join(', ')}`,
        ).toBe(true);
      }
    },
  );
});
