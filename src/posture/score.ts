import { SCORE_CONTROLS, type ScoreControlId } from '../benchmark/controls.ts';
import type { Recommendation } from '../benchmark/types.ts';
import { IdTable } from '../inventory/id-table.ts';
import { IntColumn } from '../inventory/int-column.ts';
import type { Resource } from '../inventory/resource.ts';
import { compareText } from '../util/compare-text.ts';
import { CheckedFinding, type Finding, Findings, subscriptionOf } from './findings.ts';

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
  /** Resources in neither count: not applicable, exempt, or undecided (a verdict unknown or in error). */
  notApplicable: number;
  /**
   * Percentage points the score (overall, or the subscription's) would gain if every unhealthy resource of
   * the control were fixed: the portal's "Potential score increase" of a control, score per resource ×
   * unhealthy resources, over the score's max (secure-score-security-controls.md).
   */
  potentialIncrease: number;
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
  /**
   * Percentage points each recommendation would add to the overall score if all its unhealthy resources were
   * fixed and the control's other recommendations left as they are: a resource another recommendation of the
   * control still fails gains nothing ("your score improves only when you remediate all of the
   * recommendations" for a resource). The control's own figure is `ControlScore.potentialIncrease`.
   */
  potentialIncrease: Map<string, number>;
}

/**
 * The secure score as Defender computes it (secure-score-security-controls.md): per control,
 * `max × healthy / (healthy + unhealthy)`, counting resources — a resource is unhealthy in a control
 * when any of the control's recommendations finds it unhealthy, healthy when none does, one finds it
 * healthy and none could not tell (unknown, error). Not applicable, exempt and undecided resources count
 * in neither (they are in `notApplicable`); a control with no applicable resource drops out of the total
 * (the REST API then reports its max as 0). Preview and deprecated recommendations never count. Across subscriptions the controls pool every
 * subscription's resources, so larger subscriptions weigh more — "not an average".
 *
 * Resources are numbered once and each control keeps one byte per resource: an estate of 100,000 VMs
 * has millions of findings, and a string key per finding would cost more than the scan.
 */
export function computeScore(
  findings: Iterable<Finding>,
  recommendations: readonly Recommendation[],
): ScoreReport {
  const controls = SCORE_CONTROLS.map((c) => c.id as ScoreControlId);
  /** Each counted recommendation's control, and its number in `countedIds` (what `failing` holds, plus 1). */
  const counted = new Map<string, { control: number; number: number }>();
  const countedIds: string[] = [];
  const members = new Map<ScoreControlId, string[]>();
  for (const r of recommendations) {
    if (r.stage !== 'ga') continue;
    const control = controls.indexOf(r.control);
    const known = counted.get(r.id);
    if (known) known.control = control;
    else {
      counted.set(r.id, { control, number: countedIds.length });
      countedIds.push(r.id);
    }
    members.set(r.control, [...(members.get(r.control) ?? []), r.id]);
  }
  const numbers = new ResourceNumbers(findings instanceof Findings);
  const states = controls.map(() => new ByteColumn());
  /** Per control and resource: the one recommendation failing it (its number + 1), or -1 when several do. */
  const failing = controls.map(() => new IntColumn());
  // Findings come in runs of one recommendation (an analyzer's), or alternate between them (policy checks',
  // resource by resource): one lookup per run gives both the control and the recommendation's number.
  let lastId: string | undefined;
  let recommendation: { control: number; number: number } | undefined;
  for (const f of findings) {
    const id = f.recommendationId;
    if (id !== lastId) {
      lastId = id;
      recommendation = counted.get(id);
    }
    if (recommendation === undefined) continue;
    const control = recommendation.control;
    const resource = numbers.number(f);
    const state = states[control]!;
    const status = f.status;
    if (status === 'unhealthy') {
      state.set(resource, state.get(resource) | UNHEALTHY);
      const rec = recommendation.number;
      const known = failing[control]!.get(resource);
      failing[control]!.set(resource, known === 0 || known === rec + 1 ? rec + 1 : -1);
    } else if (status === 'healthy') {
      state.set(resource, state.get(resource) | HEALTHY);
    } else if (status === 'unknown' || status === 'error') {
      state.set(resource, state.get(resource) | UNDECIDED);
    } else {
      state.set(resource, state.get(resource) | SEEN);
    }
  }

  const subscriptionIds = numbers.subscriptions;
  const tallies = subscriptionIds.map(() => controls.map(() => new Tally()));
  const overallTallies = controls.map(() => new Tally());
  for (let c = 0; c < controls.length; c++) {
    const state = states[c]!;
    const overall = overallTallies[c]!;
    for (let r = 0; r < numbers.count; r++) {
      const value = state.get(r);
      if (value === UNSEEN) continue;
      overall.add(value);
      const subscription = numbers.subscriptionOf(r);
      if (subscription !== NO_SUBSCRIPTION) tallies[subscription]![c]!.add(value);
    }
  }
  const overall = scoreOf(overallTallies, members);
  const subscriptions = subscriptionIds
    .map((subscriptionId, i) => ({ subscriptionId, ...scoreOf(tallies[i]!, members) }))
    .sort((a, b) => compareText(a.subscriptionId, b.subscriptionId));

  const fixable = new Map<string, number>();
  for (const [c, byResource] of failing.entries()) {
    const state = states[c]!;
    for (let r = 0; r < byResource.length; r++) {
      const only = byResource.get(r);
      // Fixed, a resource another verdict leaves undecided is still not healthy.
      if (only <= 0 || (state.get(r) & UNDECIDED) === UNDECIDED) continue;
      const id = countedIds[only - 1]!;
      fixable.set(id, (fixable.get(id) ?? 0) + 1);
    }
  }
  const potentialIncrease = new Map<string, number>();
  for (const r of recommendations) {
    if (r.stage !== 'ga') continue;
    const control = overall.controls.find((c) => c.id === r.control);
    const count = fixable.get(r.id) ?? 0;
    const applicable = control ? control.healthy + control.unhealthy : 0;
    const points = control && applicable > 0 ? (control.maxPoints * count) / applicable : 0;
    potentialIncrease.set(r.id, overall.max > 0 ? (100 * points) / overall.max : 0);
  }
  return { ...overall, subscriptions, potentialIncrease };
}

/**
 * A resource's state in a control, one bit per kind of verdict its recommendations gave. Unhealthy in any
 * recommendation makes it unhealthy in the control; healthy needs every other verdict healthy or not
 * applicable: a verdict Vigil could not reach (unknown, error) may be unhealthy once deployed or
 * evaluated, so the resource counts in neither, as when it is all Vigil has for it.
 */
const UNSEEN = 0;
const SEEN = 1;
const HEALTHY = 2 | SEEN;
const UNDECIDED = 4 | SEEN;
const UNHEALTHY = 8 | SEEN;
const NO_SUBSCRIPTION = -1;
const SUBSCRIPTIONS_PREFIX = '/subscriptions/';

class Tally {
  healthy = 0;
  unhealthy = 0;
  seen = 0;

  add(state: number): void {
    this.seen++;
    if ((state & UNHEALTHY) === UNHEALTHY) this.unhealthy++;
    else if ((state & UNDECIDED) !== UNDECIDED && (state & HEALTHY) === HEALTHY) this.healthy++;
  }
}

function scoreOf(tallies: readonly Tally[], members: ReadonlyMap<ScoreControlId, string[]>): Score {
  const controls: ControlScore[] = [];
  for (const [c, definition] of SCORE_CONTROLS.entries()) {
    const recommendations = members.get(definition.id);
    if (!recommendations) continue;
    const { healthy, unhealthy, seen } = tallies[c]!;
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
      notApplicable: seen - applicable,
      potentialIncrease: 0,
      recommendations,
    });
  }
  const max = controls.reduce((n, c) => n + c.max, 0);
  const current = controls.reduce((n, c) => n + c.current, 0);
  if (max > 0) for (const c of controls) c.potentialIncrease = (100 * (c.max - c.current)) / max;
  return { current, max, percent: max > 0 ? (100 * current) / max : 0, controls };
}

/**
 * Numbers resources by id, case-insensitively as ARM does, and files each under its finding's subscription.
 * A scan's findings on one resource share the inventory's resource object, looked up by identity (no string
 * hashing); other findings by their id, in a case-insensitive table over the ids as given (no lower-cased
 * copies). The rows of one Findings list hold one object per id (an inventory's), so the table is made only
 * when a finding must be matched by id: a scan's never are, and hashing every resource's id took a quarter
 * to a half of the score's time.
 */
class ResourceNumbers {
  readonly #byResource = new Map<Resource, number>();
  /** Each number's resource object, when a scan's finding brought it. */
  readonly #resources: (Resource | undefined)[] = [];
  #last = -1;
  /** Each number's id as first spelled, and those ids matched as ARM matches them, without lower-cased copies. */
  readonly #ids: string[] = [];
  readonly #byId = new IdTable((number) => this.#ids[number]!);
  /** Whether #byId holds every number's id. */
  #indexed: boolean;
  readonly #subscription = new IntColumn(NO_SUBSCRIPTION);
  readonly #subscriptionNumbers = new Map<string, number>();
  #lastPrefix = '';
  #lastSubscription = NO_SUBSCRIPTION;
  readonly subscriptions: string[] = [];

  /** `objectsAreIds`: no two resource objects the findings name share an id. */
  constructor(objectsAreIds: boolean) {
    this.#indexed = !objectsAreIds;
  }

  get count(): number {
    return this.#ids.length;
  }

  #indexedIds(): IdTable {
    if (!this.#indexed) {
      for (let number = 0; number < this.#ids.length; number++) this.#byId.insert(this.#ids[number]!, number);
      this.#indexed = true;
    }
    return this.#byId;
  }

  number(finding: Finding): number {
    if (finding instanceof CheckedFinding) {
      const resource = finding.resource;
      // A finding whose id a caller rewrote is numbered by that id.
      if (finding.keepsResourceId) {
        // Policy checks judge a resource with every definition in turn (so findings on one resource come
        // together), and a scan judges the resources of a type in the same order for every check: the last
        // resource and the one after it are tried before the Map, which for millions of findings is much
        // slower than a comparison.
        const last = this.#last;
        if (last !== -1 && this.#resources[last] === resource) return last;
        const next = last + 1;
        if (this.#resources[next] === resource) {
          this.#last = next;
          return next;
        }
        let number = this.#byResource.get(resource);
        if (number === undefined) {
          number = this.#numberOf(finding, this.#indexed ? this.#byId.find(finding.resourceId) : -1);
          this.#byResource.set(resource, number);
          this.#resources[number] ??= resource;
        }
        this.#last = number;
        return number;
      }
    }
    return this.#numberOf(finding, this.#indexedIds().get(finding.resourceId));
  }

  #numberOf(finding: Finding, known: number): number {
    if (known !== -1) return known;
    const number = this.#ids.length;
    const id = finding.resourceId;
    this.#ids.push(id);
    if (this.#indexed) this.#byId.insert(id, number);
    const subscription =
      finding instanceof CheckedFinding
        ? this.#subscriptionIn(id)
        : this.#subscriptionNamed(finding.subscriptionId);
    if (subscription !== NO_SUBSCRIPTION) this.#subscription.set(number, subscription);
    return number;
  }

  /**
   * The subscription of a finding that reads it from its resource id, as CheckedFinding does. Resources come
   * subscription by subscription: an id that starts as the last one's `/subscriptions/<id>/` is in the same
   * one, found without a regex or a lower-cased copy.
   */
  #subscriptionIn(id: string): number {
    if (this.#lastPrefix !== '' && id.startsWith(this.#lastPrefix)) return this.#lastSubscription;
    const number = this.#subscriptionNamed(subscriptionOf(id));
    const end = id.indexOf('/', SUBSCRIPTIONS_PREFIX.length);
    if (number !== NO_SUBSCRIPTION && end !== -1) {
      this.#lastPrefix = id.slice(0, end + 1);
      this.#lastSubscription = number;
    }
    return number;
  }

  #subscriptionNamed(id: string | undefined): number {
    return id ? this.#subscriptionNumber(id) : NO_SUBSCRIPTION;
  }

  subscriptionOf(resource: number): number {
    return this.#subscription.get(resource);
  }

  #subscriptionNumber(id: string): number {
    let number = this.#subscriptionNumbers.get(id);
    if (number === undefined) {
      number = this.subscriptions.length;
      this.subscriptions.push(id);
      this.#subscriptionNumbers.set(id, number);
    }
    return number;
  }
}

/** A growable byte per resource. */
class ByteColumn {
  #data = new Uint8Array(1024);

  get(index: number): number {
    return index < this.#data.length ? this.#data[index]! : 0;
  }

  set(index: number, value: number): void {
    if (index >= this.#data.length) {
      let size = this.#data.length;
      while (size <= index) size *= 2;
      const data = new Uint8Array(size);
      data.set(this.#data);
      this.#data = data;
    }
    this.#data[index] = value;
  }
}
