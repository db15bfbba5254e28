import type { Inventory } from '../inventory/inventory.ts';
import type { AssignmentReach } from './assignment.ts';
import { effectKey, overriddenEffect } from './assignment-effects.ts';
import type { EvaluationStats, PolicyResult } from './evaluate.ts';
import { selectorsCover } from './resource-selectors.ts';
import { type ManagementGroupsOf, managementGroupsIn, scopeCovers } from './scope-membership.ts';

/**
 * Which results an assignment reports: those of resources in its scope and none of its notScopes
 * (https://learn.microsoft.com/azure/governance/policy/concepts/scope), that its resource selectors
 * select, each from the definition compiled with the effect the overrides give its resource
 * (assignment-effects.ts). Only the evaluated resources are narrowed: an existence check still looks
 * for related resources wherever its existenceScope says.
 */
export class AssignmentFilter {
  readonly #groupsOf: ManagementGroupsOf;
  /** Scopes the snapshot could not place a resource in, and why: said once each. */
  readonly undecided = new Map<string, string>();
  /** The resources (lower-cased ids) it reported on, for the summary. */
  readonly reached = new Set<string>();

  constructor(
    private readonly reach: AssignmentReach,
    private readonly inventory: Inventory,
    /** Each definition's own effect, lower-cased, by effectKey. */
    private readonly ownEffects: ReadonlyMap<string, string>,
  ) {
    this.#groupsOf = managementGroupsIn(inventory);
  }

  keeps(result: PolicyResult): boolean {
    const { reach } = this;
    const { resourceId, resourceType } = result;
    // A management group the snapshot does not place a subscription under: evaluated as assigned, and said.
    if (reach.scope !== undefined) {
      const inScope = scopeCovers(reach.scope, resourceId, this.#groupsOf);
      if (inScope === false) return false;
      if (inScope !== true)
        this.undecided.set(`scope ${reach.scope}`, `${inScope}; its resources were evaluated as in scope`);
    }
    for (const notScope of reach.notScopes) {
      const excluded = scopeCovers(notScope, resourceId, this.#groupsOf);
      if (excluded === true) return false;
      if (excluded !== false)
        this.undecided.set(
          `notScope ${notScope}`,
          `${excluded}; its resources were evaluated as not excluded`,
        );
    }
    if (reach.resourceSelectors === undefined && reach.overrides.length === 0) return true;
    const location = this.#locationOf(resourceId);
    if (reach.resourceSelectors !== undefined) {
      if (!selectorsCover(reach.resourceSelectors, { resourceId, resourceType, location })) return false;
    }
    if (reach.overrides.length === 0) return true;
    const expected =
      overriddenEffect(reach.overrides, result.policyDefinitionReferenceId, location)?.toLowerCase() ??
      this.ownEffects.get(
        effectKey(result.initiativeName, result.policyDefinitionReferenceId, result.definitionName),
      );
    return result.effect.toLowerCase() === expected;
  }

  #locationOf(resourceId: string): string | undefined {
    const location = this.inventory.get(resourceId)?.location;
    return typeof location === 'string' && location !== '' ? location : undefined;
  }
}

/**
 * The results the assignment reports, counted into `stats` as the engine counts its own. `results` must
 * hold the not-applicable pairs too (so they can be counted within the assignment's reach); they are
 * passed on only when `includeNotApplicable`.
 */
export function* assignedResults(
  results: Iterable<PolicyResult>,
  filter: AssignmentFilter,
  stats: EvaluationStats,
  includeNotApplicable: boolean,
): Generator<PolicyResult> {
  for (const result of results) {
    if (!filter.keeps(result)) continue;
    filter.reached.add(result.resourceId.toLowerCase());
    stats.byCompliance[result.compliance]++;
    if (result.compliance !== 'notApplicable' || includeNotApplicable) yield result;
  }
}
