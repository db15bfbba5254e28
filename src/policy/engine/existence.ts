import type { Resource } from '../../inventory/resource.ts';
import type { ExistenceCheck } from './effects.ts';
import { EvaluationError } from './errors.ts';
import { fullName, policyName } from './field-access.ts';
import type { Reason } from './reasons.ts';
import type { Location, Scope } from './scope.ts';

export interface RelatedResult {
  id: string;
  /** Whether this related resource satisfied existenceCondition (true when there is none). */
  matches: boolean;
  reasons?: Reason[];
}

export interface ExistenceOutcome {
  exists: boolean;
  relatedType: string;
  /** The scope searched, for the "why": the resource itself, its resource group, or its subscription. */
  searched: string;
  related: RelatedResult[];
}

/**
 * Extension resource types: they live on another resource (`<resourceId>/providers/<type>/<name>`).
 * Looked up on the evaluated resource itself, like child types — Defender's assessments of one VM
 * must not satisfy the check for its neighbour.
 */
const EXTENSION_TYPES = new Set([
  'microsoft.security/assessments',
  'microsoft.security/subassessments',
  'microsoft.security/serverVulnerabilityAssessments'.toLowerCase(),
  'microsoft.security/advancedthreatprotectionsettings',
  'microsoft.security/defenderforstoragesettings',
  'microsoft.insights/diagnosticsettings',
  'microsoft.insights/datacollectionruleassociations',
  'microsoft.guestconfiguration/guestconfigurationassignments',
  'microsoft.maintenance/configurationassignments',
  'microsoft.resources/links',
  // Defender plans can be set per resource (`<vmId>/providers/Microsoft.Security/pricings/virtualMachines`).
  'microsoft.security/pricings',
  'microsoft.recoveryservices/backupprotecteditems',
]);

/**
 * auditIfNotExists / deployIfNotExists: find the related resources the details describe and
 * test existenceCondition on each (effect-audit-if-not-exists.md). A type underneath the
 * evaluated resource is searched among its children; otherwise the resource group named by
 * resourceGroupName (default: the evaluated resource's), or the subscription when
 * existenceScope is Subscription. Inside existenceCondition, `field` conditions read the related
 * resource and `field()` functions the evaluated one.
 */
export function checkExistence(check: ExistenceCheck, scope: Scope, explain: boolean): ExistenceOutcome {
  const found = search(check, scope);
  const { typeValue, relatedType, candidates, nameTest } = found;
  const searched = searchedText(found, scope.resource);
  const related: RelatedResult[] = [];
  let exists = false;
  if (candidates.length === 0) return { exists, relatedType: typeValue, searched, related };
  const inner = relatedScope(scope);
  for (const candidate of candidates) {
    if (nameTest && !nameTest(candidate)) continue;
    const condition = check.existenceCondition;
    if (!condition) {
      related.push({ id: candidate.id, matches: true });
      exists = true;
      continue;
    }
    inner.resource = candidate;
    inner.typeLower = relatedType;
    const matches = condition.test(inner);
    const result: RelatedResult = { id: candidate.id, matches };
    if (!matches && explain) {
      const reasons: Reason[] = [];
      condition.explain(inner, false, reasons);
      result.reasons = reasons;
    }
    related.push(result);
    if (matches) {
      exists = true;
      if (!explain) break;
    }
  }
  return { exists, relatedType: typeValue, searched, related };
}

/**
 * `checkExistence(...).exists`, for a caller that keeps verdicts only: nothing is listed, and the search
 * stops at the first related resource that satisfies the check.
 */
export function relatedExists(check: ExistenceCheck, scope: Scope): boolean {
  const { relatedType, candidates, nameTest } = search(check, scope);
  if (candidates.length === 0) return false;
  const condition = check.existenceCondition;
  const inner = condition && relatedScope(scope);
  for (const candidate of candidates) {
    if (nameTest && !nameTest(candidate)) continue;
    if (!condition || !inner) return true;
    inner.resource = candidate;
    inner.typeLower = relatedType;
    if (condition.test(inner)) return true;
  }
  return false;
}

/** The related resources a check looks at, before existenceCondition. */
interface Search {
  typeValue: string;
  relatedType: string;
  candidates: readonly Resource[];
  /** For a details.name with a parent part: which candidates it names. */
  nameTest: ((r: Resource) => boolean) | undefined;
  /** The scope searched (spelled by searchedText, only for a caller that reports it). */
  within: 'resource' | 'subscription' | 'resourceGroup';
  subscriptionId: string;
  resourceGroup: string;
}

function searchedText(search: Search, resource: Resource): string {
  if (search.within === 'resource') return resource.id;
  if (search.within === 'subscription') return `/subscriptions/${search.subscriptionId}`;
  return `/subscriptions/${search.subscriptionId}/resourceGroups/${search.resourceGroup}`;
}

function search(check: ExistenceCheck, scope: Scope): Search {
  const typeValue = check.type.constant ? check.type.value : check.type.evaluate(scope);
  if (typeof typeValue !== 'string' || typeValue === '') {
    throw new EvaluationError(`details.type evaluated to ${JSON.stringify(typeValue)}, not a resource type`);
  }
  const relatedType = check.typeLower ?? lowerCased(typeValue);
  const resource = scope.resource;
  const estate = scope.env.estate;
  const childType = isChildType(relatedType, scope.typeLower);
  // Children are searched under the resource wherever it lives: where that is need not be looked up.
  const parsed = childType ? UNLOCATED : estate.locate(scope.typeLower, scope.at);
  let candidates: readonly Resource[];
  let within: Search['within'];
  let subscriptionId = '';
  let resourceGroup = '';
  if (
    childType ||
    (EXTENSION_TYPES.has(relatedType) && check.existenceScope !== 'subscription' && parsed.resourceGroup)
  ) {
    // Children are always searched under the resource (existenceScope does not apply to them);
    // extension types on a resource that lives in a resource group are searched on it.
    candidates = estate.attachedAt(scope.typeLower, scope.at, relatedType);
    within = 'resource';
  } else if (check.existenceScope === 'subscription' || (!parsed.resourceGroup && !check.resourceGroupName)) {
    // A subscription-level resource (the subscription itself) has no resource group to search.
    if (!parsed.subscriptionId) throw new EvaluationError(`'${resource.id}' is not in a subscription`);
    subscriptionId = parsed.subscriptionId;
    candidates = estate.inSubscription(subscriptionId, relatedType);
    within = 'subscription';
  } else {
    const rgValue = check.resourceGroupName?.evaluate(scope);
    const group = typeof rgValue === 'string' && rgValue !== '' ? rgValue : parsed.resourceGroup;
    if (!parsed.subscriptionId || !group) {
      throw new EvaluationError(`'${resource.id}' has no resource group to search for ${typeValue}`);
    }
    subscriptionId = parsed.subscriptionId;
    resourceGroup = group;
    candidates = estate.inResourceGroup(subscriptionId, resourceGroup, relatedType);
    within = 'resourceGroup';
  }

  const nameValue =
    check.name === undefined
      ? undefined
      : check.name.constant
        ? check.name.value
        : check.name.evaluate(scope);
  if (nameValue !== undefined && nameValue !== null && typeof nameValue !== 'string') {
    throw new EvaluationError(`details.name evaluated to ${JSON.stringify(nameValue)}, not a name`);
  }
  let nameTest: ((r: Resource) => boolean) | undefined;
  if (nameValue && !nameValue.includes('/')) {
    candidates =
      within === 'resource'
        ? estate.attachedAt(scope.typeLower, scope.at, relatedType, lowerCased(nameValue))
        : namedIn(candidates, lowerCased(nameValue));
  } else if (nameValue) nameTest = matcherFor(nameValue);
  return { typeValue, relatedType, candidates, nameTest, within, subscriptionId, resourceGroup };
}

const UNLOCATED: Location = {};

/** Inside existenceCondition, `field` reads the related resource and `field()` the evaluated one. */
function relatedScope(scope: Scope): Scope {
  return {
    resource: scope.resource,
    typeLower: scope.typeLower,
    ifResource: scope.ifResource,
    ifTypeLower: scope.ifTypeLower,
    at: -1,
    frames: [],
    env: scope.env,
  };
}

// Related types and names are mostly constants: lower-case each once.
const lowered = new Map<string, string>();
function lowerCased(type: string): string {
  let lower = lowered.get(type);
  if (lower === undefined) {
    lower = type.toLowerCase();
    if (lowered.size > 1000) lowered.clear();
    lowered.set(type, lower);
  }
  return lower;
}

/** Whether `relatedType` is a type underneath the evaluated resource's type. */
function isChildType(relatedType: string, evaluatedType: string): boolean {
  return (
    relatedType.length > evaluatedType.length &&
    relatedType.charCodeAt(evaluatedType.length) === 0x2f &&
    relatedType.startsWith(evaluatedType)
  );
}

// Names with a parent part (`vm/extension`, `vm/?`): build each name's matcher once.
const matchers = new Map<string, (r: Resource) => boolean>();
function matcherFor(name: string): (r: Resource) => boolean {
  let matcher = matchers.get(name);
  if (!matcher) {
    matcher = nameMatcher(name);
    if (matchers.size > 10_000) matchers.clear();
    matchers.set(name, matcher);
  }
  return matcher;
}

// A VM carries dozens of Defender assessments, each looked up by name by several definitions:
// index each candidate list by lower-cased name once.
const byName = new WeakMap<readonly Resource[], Map<string, Resource[]>>();
function namedIn(candidates: readonly Resource[], lowerName: string): readonly Resource[] {
  let index = byName.get(candidates);
  if (!index) {
    index = new Map();
    for (const candidate of candidates) {
      const key = typeof candidate.name === 'string' ? policyName(candidate.name).toLowerCase() : '';
      const list = index.get(key);
      if (list) list.push(candidate);
      else index.set(key, [candidate]);
    }
    byName.set(candidates, index);
  }
  return index.get(lowerName) ?? NONE;
}
const NONE: readonly Resource[] = [];

/**
 * A details.name with a parent part matches the related resource's full `parent/child` name; `?`
 * as the last segment matches any child name (effect-deploy-if-not-exists.md, "name"). Plain names
 * match the resource's own name (see namedIn).
 */
function nameMatcher(name: string): (r: Resource) => boolean {
  const lower = name.toLowerCase();
  const wildcard = lower.endsWith('/?') ? lower.slice(0, -1) : undefined;
  return (r) => {
    const full = (fullName(r) ?? '').toLowerCase();
    if (wildcard !== undefined)
      return full.startsWith(wildcard) && !full.slice(wildcard.length).includes('/');
    return full === lower;
  };
}
