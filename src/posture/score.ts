import { SCORE_CONTROLS, type ScoreControlId } from '../benchmark/controls.ts';
import type { Recommendation } from '../benchmark/types.ts';
import type { Finding } from './findings.ts';

export interface ControlScore {
  id: ScoreControlId;
  name: string;
  /** The control's maximum points; 0 in `max` when no resource is applicable (it then drops out of the total). */
  maxPoints: number;
  max: number;
  current: number;
  /** current / max, 0..1 (0 when max is 0). */
  percentage: number;
  healthy: number;
  unhealthy: number;
  notApplicable: number;
  recommendations: string[];
}

export interface Score {
  current: number;
  max: number;
  /** 0..100, like the portal's percentage. */
  percent: number;
  controls: ControlScore[];
}

export interface ScoreReport extends Score {
  subscriptions: ({ subscriptionId: string } & Score)[];
  /** Percentage points each recommendation would add to the overall score if all its unhealthy resources were fixed. */
  potentialIncrease: Map<string, number>;
}

/**
 * The secure score as Defender computes it (secure-score-security-controls.md): per control,
 * `max × healthy / (healthy + unhealthy)`, counting resources — a resource is unhealthy in a control
 * when any of the control's recommendations finds it unhealthy, healthy when none does and one
 * finds it healthy. Not applicable and exempt resources count in neither; a control with no
 * applicable resource drops out of the total (the REST API then reports its max as 0). Preview
 * and deprecated recommendations never count. Across subscriptions the controls pool every
 * subscription's resources, so larger subscriptions weigh more — "not an average".
 */
export function computeScore(
  findings: readonly Finding[],
  recommendations: readonly Recommendation[],
): ScoreReport {
  const counted = new Map(recommendations.filter((r) => r.stage === 'ga').map((r) => [r.id, r]));
  const relevant = findings.filter((f) => counted.has(f.recommendationId));
  const overall = scoreOf(relevant, counted);
  const bySubscription = new Map<string, Finding[]>();
  for (const f of relevant) {
    const key = f.subscriptionId ?? '';
    const list = bySubscription.get(key);
    if (list) list.push(f);
    else bySubscription.set(key, [f]);
  }
  const subscriptions = [...bySubscription]
    .filter(([id]) => id !== '')
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([subscriptionId, list]) => ({ subscriptionId, ...scoreOf(list, counted) }));
  return { ...overall, subscriptions, potentialIncrease: potentialIncrease(relevant, counted, overall) };
}

type Verdict = 'healthy' | 'unhealthy';

/** Per control, each resource's verdict. */
function verdicts(findings: readonly Finding[], counted: Map<string, Recommendation>) {
  const byControl = new Map<ScoreControlId, { verdict: Map<string, Verdict>; seen: Set<string> }>();
  for (const f of findings) {
    const control = counted.get(f.recommendationId)!.control;
    let entry = byControl.get(control);
    if (!entry) {
      entry = { verdict: new Map(), seen: new Set() };
      byControl.set(control, entry);
    }
    const resource = f.resourceId.toLowerCase();
    entry.seen.add(resource);
    if (f.status === 'unhealthy') entry.verdict.set(resource, 'unhealthy');
    else if (f.status === 'healthy' && !entry.verdict.has(resource)) entry.verdict.set(resource, 'healthy');
  }
  return byControl;
}

function scoreOf(findings: readonly Finding[], counted: Map<string, Recommendation>): Score {
  const byControl = verdicts(findings, counted);
  const members = new Map<ScoreControlId, string[]>();
  for (const r of counted.values()) members.set(r.control, [...(members.get(r.control) ?? []), r.id]);
  const controls: ControlScore[] = [];
  for (const definition of SCORE_CONTROLS) {
    const entry = byControl.get(definition.id);
    if (!entry && !members.has(definition.id)) continue;
    let healthy = 0;
    let unhealthy = 0;
    for (const v of entry?.verdict.values() ?? []) {
      if (v === 'healthy') healthy++;
      else unhealthy++;
    }
    const applicable = healthy + unhealthy;
    const max = applicable > 0 ? definition.max : 0;
    const current = applicable > 0 ? (definition.max * healthy) / applicable : 0;
    controls.push({
      id: definition.id,
      name: definition.name,
      maxPoints: definition.max,
      max,
      current,
      percentage: max > 0 ? current / max : 0,
      healthy,
      unhealthy,
      notApplicable: (entry?.seen.size ?? 0) - applicable,
      recommendations: members.get(definition.id) ?? [],
    });
  }
  const max = controls.reduce((n, c) => n + c.max, 0);
  const current = controls.reduce((n, c) => n + c.current, 0);
  return { current, max, percent: max > 0 ? (100 * current) / max : 0, controls };
}

/**
 * How much the overall score would rise if one recommendation's unhealthy resources were fixed:
 * the resources that are unhealthy in the control only because of it turn healthy.
 */
function potentialIncrease(
  findings: readonly Finding[],
  counted: Map<string, Recommendation>,
  overall: Score,
): Map<string, number> {
  const failing = new Map<string, Set<string>>(); // control|resource → failing recommendations
  for (const f of findings) {
    if (f.status !== 'unhealthy') continue;
    const key = `${counted.get(f.recommendationId)!.control}|${f.resourceId.toLowerCase()}`;
    const set = failing.get(key);
    if (set) set.add(f.recommendationId);
    else failing.set(key, new Set([f.recommendationId]));
  }
  const fixable = new Map<string, number>();
  for (const recommendations of failing.values()) {
    if (recommendations.size !== 1) continue;
    const [only] = recommendations;
    fixable.set(only!, (fixable.get(only!) ?? 0) + 1);
  }
  const increase = new Map<string, number>();
  for (const [id, recommendation] of counted) {
    const control = overall.controls.find((c) => c.id === recommendation.control);
    const count = fixable.get(id) ?? 0;
    const applicable = control ? control.healthy + control.unhealthy : 0;
    const points = control && applicable > 0 ? (control.maxPoints * count) / applicable : 0;
    increase.set(id, overall.max > 0 ? (100 * points) / overall.max : 0);
  }
  return increase;
}
