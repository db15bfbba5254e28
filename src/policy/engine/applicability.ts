import type { Condition, LeafKind } from './conditions.ts';
import { EvaluationError } from './errors.ts';
import type { Scope } from './scope.ts';

/**
 * Which resources a definition applies to, the way Azure decides it
 * (MicrosoftDocs/azure-docs articles/governance/policy/concepts/policy-applicability.md):
 * for every effect but auditIfNotExists/deployIfNotExists only the `type`, `name` and `kind`
 * conditions count, the others being taken as true (false under a `not`), with the doc's
 * special cases for rules made only of name or kind conditions.
 */
export interface Applicability {
  /** True when some resource of this type could satisfy the considered conditions. Cached per type. */
  typeMayApply(typeLower: string, scope: Scope): boolean;
  /** Whether this resource is applicable (undefined for IfNotExists effects: the whole `if` decides). */
  applies(scope: Scope): boolean;
  /** True when `applies` is `typeMayApply` of the resource's type: every resource of a type that may apply does. */
  readonly typeDecides: boolean;
  /** A location condition anywhere makes the definition inapplicable to subscriptions. */
  readonly mentionsLocation: boolean;
}

export function analyseApplicability(condition: Condition): Applicability {
  const kinds = new Set<LeafKind>();
  collectLeafKinds(condition, kinds);
  const hasType = kinds.has('type');
  const hasName = kinds.has('name');
  const hasKind = kinds.has('kind');
  const hasOther = kinds.has('other') || kinds.has('location');

  const considered = new Set<LeafKind>();
  if (hasType) {
    considered.add('type');
    // "only type and kind (or name) conditions: only type conditions are considered".
    if (hasOther) {
      if (hasName) considered.add('name');
      if (hasKind) considered.add('kind');
    }
  } else if (hasOther) {
    // No type condition: name and kind conditions still narrow applicability.
    if (hasName) considered.add('name');
    if (hasKind) considered.add('kind');
  }
  // "only name conditions" / "only kind conditions": applicable to all resources.

  const typeOnly = new Set<LeafKind>(['type']);
  const byType = new Map<string, boolean>();
  const typeMayApply = (typeLower: string, scope: Scope): boolean => {
    let known = byType.get(typeLower);
    if (known === undefined) {
      known = !hasType || mayApply(condition, typeOnly, scope);
      byType.set(typeLower, known);
    }
    return known;
  };
  const onlyType = considered.size === 1 && hasType;
  return {
    mentionsLocation: kinds.has('location'),
    typeMayApply,
    typeDecides: considered.size === 0 || onlyType,
    applies: (scope) => {
      if (considered.size === 0) return true;
      if (onlyType) return typeMayApply(scope.typeLower, scope);
      return approximate(condition, considered, true, scope);
    },
  };
}

/**
 * A type condition that cannot be evaluated (its operand is of a kind the operator cannot take)
 * does not rule the type out: the resource's own evaluation then fails and says why.
 */
function mayApply(condition: Condition, considered: ReadonlySet<LeafKind>, scope: Scope): boolean {
  try {
    return approximate(condition, considered, true, scope);
  } catch (e) {
    if (e instanceof EvaluationError) return true;
    throw e;
  }
}

function collectLeafKinds(condition: Condition, kinds: Set<LeafKind>): void {
  const shape = condition.shape;
  if (shape.kind === 'leaf') kinds.add(shape.leaf);
  else if (shape.kind === 'not') collectLeafKinds(shape.child, kinds);
  else for (const child of shape.children) collectLeafKinds(child, kinds);
}

/** Evaluates the rule with only `considered` leaves; every other leaf reads as `positive`. */
function approximate(
  condition: Condition,
  considered: ReadonlySet<LeafKind>,
  positive: boolean,
  scope: Scope,
): boolean {
  const shape = condition.shape;
  switch (shape.kind) {
    case 'leaf':
      return considered.has(shape.leaf) ? condition.test(scope) : positive;
    case 'not':
      return !approximate(shape.child, considered, !positive, scope);
    case 'allOf':
      return shape.children.every((child) => approximate(child, considered, positive, scope));
    case 'anyOf':
      return shape.children.some((child) => approximate(child, considered, positive, scope));
  }
}
