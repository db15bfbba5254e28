import { member, pointerJoin } from '../policy/rule-json.ts';
import type { InputError } from '../util/input-error.ts';
import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.ts';
import { type AppliedExemption, type Finding, subscriptionOf } from './findings.ts';

/**
 * An exemption in the shape of Azure Policy exemptions (`az policy exemption show`): where it
 * applies (its scope: a resource, resource group, subscription or management group id, narrowed by
 * resource selectors), to which recommendations (policyDefinitionReferenceIds; none listed means all),
 * why (Waiver | Mitigated), until when.
 */
export interface Exemption {
  name: string;
  id: string;
  /** Lower-cased scope id; a resource id inside it (or equal to it) is covered. */
  scope: string;
  recommendations: string[];
  category: 'Waiver' | 'Mitigated';
  expiresOn?: string;
  description?: string;
  /** Resource selectors: a resource is covered when it meets every selector of at least one of them. */
  resourceSelectors?: ResourceSelector[];
}

/**
 * As in policy assignments (https://learn.microsoft.com/azure/governance/policy/concepts/exemption-structure#resource-selectors):
 * `resourceLocation` and `resourceType` select by the resource's location or type, `resourceWithoutLocation` the
 * subscription-level resources without a location (its one value, `subscriptionLevelResources`); each selector
 * has `in` or `notIn`. Values here are lower-cased, locations without spaces.
 */
export interface ResourceSelector {
  name: string;
  selectors: { kind: SelectorKind; in: boolean; values: string[] }[];
}

type SelectorKind = 'resourceLocation' | 'resourceType' | 'resourceWithoutLocation';
const SELECTOR_KINDS: readonly SelectorKind[] = [
  'resourceLocation',
  'resourceType',
  'resourceWithoutLocation',
];

/** What a resource selector or a management-group scope needs to know about a finding's resource. */
export interface ExemptionSubjects {
  /** The location of the finding's resource, undefined when it has none. */
  locationOf(finding: Finding): string | undefined;
  /**
   * The management groups (lower-cased names) above a subscription, the tenant root group included;
   * undefined when the snapshot does not say (Resource Graph's resourcecontainers do).
   */
  managementGroupsOf(subscriptionId: string): ReadonlySet<string> | undefined;
}

const EXEMPTION_SEGMENT = '/providers/microsoft.authorization/policyexemptions/';
const MANAGEMENT_GROUP_SCOPE = '/providers/microsoft.management/managementgroups/';

/** Reads exemptions from a parsed file: one object, an array, or an ARM list (`{value:[…]}`). */
export function readExemptions(
  value: JsonValue,
  file: string,
): { exemptions: Exemption[]; errors: InputError[] } {
  const exemptions: Exemption[] = [];
  const errors: InputError[] = [];
  const items: [JsonValue, string][] = Array.isArray(value)
    ? value.map((v, i) => [v, `/${i}`])
    : isJsonObject(value) && Array.isArray(member(value, 'value'))
      ? (member(value, 'value') as JsonValue[]).map((v, i) => [v, `/value/${i}`])
      : [[value, '']];
  for (const [item, pointer] of items) {
    const problem = (message: string, at = pointer) => errors.push({ file, pointer: at, message });
    if (!isJsonObject(item)) {
      problem('an exemption must be an object');
      continue;
    }
    const body = isJsonObject(member(item, 'properties')) ? (member(item, 'properties') as JsonObject) : item;
    const id = text(member(item, 'id'));
    const name = text(member(item, 'name')) ?? (id ? id.split('/').pop() : undefined);
    const scope = text(member(item, 'scope')) ?? scopeOf(id);
    if (!scope) {
      problem(
        'the exemption has no scope: give its full id (<scope>/providers/Microsoft.Authorization/policyExemptions/<name>) or a scope field',
      );
      continue;
    }
    const category = text(member(body, 'exemptionCategory'));
    if (category !== 'Waiver' && category !== 'Mitigated') {
      problem(
        `exemptionCategory must be Waiver or Mitigated, found ${JSON.stringify(category ?? null)}`,
        pointerJoin(pointer, 'exemptionCategory'),
      );
      continue;
    }
    const references = member(body, 'policyDefinitionReferenceIds');
    if (
      references !== undefined &&
      references !== null &&
      (!Array.isArray(references) || references.some((r) => typeof r !== 'string'))
    ) {
      problem(
        'policyDefinitionReferenceIds must be an array of recommendation ids',
        pointerJoin(pointer, 'policyDefinitionReferenceIds'),
      );
      continue;
    }
    const expiresOn = text(member(body, 'expiresOn'));
    if (expiresOn !== undefined && Number.isNaN(Date.parse(expiresOn))) {
      problem(`expiresOn ${JSON.stringify(expiresOn)} is not a date`, pointerJoin(pointer, 'expiresOn'));
      continue;
    }
    const description = text(member(body, 'description')) ?? text(member(body, 'displayName'));
    const selectors = readResourceSelectors(
      member(body, 'resourceSelectors'),
      pointerJoin(pointer, 'resourceSelectors'),
    );
    if (selectors instanceof SelectorProblem) {
      problem(selectors.message, selectors.pointer);
      continue;
    }
    exemptions.push({
      name: name ?? 'exemption',
      id: id ?? `${scope}/providers/Microsoft.Authorization/policyExemptions/${name ?? 'exemption'}`,
      scope: scope.replace(/\/+$/, '').toLowerCase(),
      recommendations: ((references as string[] | null | undefined) ?? []).map((r) => r.toLowerCase()),
      category,
      ...(expiresOn !== undefined && { expiresOn }),
      ...(description !== undefined && { description }),
      // `[]` (as `az policy exemption show` prints it) narrows nothing.
      ...(selectors !== undefined && selectors.length > 0 && { resourceSelectors: selectors }),
    });
  }
  return { exemptions, errors };
}

class SelectorProblem {
  constructor(
    readonly pointer: string,
    readonly message: string,
  ) {}
}

/** The selectors, or the first thing wrong with them. */
function readResourceSelectors(
  value: JsonValue | undefined,
  at: string,
): ResourceSelector[] | undefined | SelectorProblem {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) return new SelectorProblem(at, 'resourceSelectors must be an array');
  const read: ResourceSelector[] = [];
  for (const [i, item] of value.entries()) {
    const itemAt = `${at}/${i}`;
    const list = isJsonObject(item) ? member(item, 'selectors') : undefined;
    if (!isJsonObject(item) || !Array.isArray(list))
      return new SelectorProblem(itemAt, 'a resource selector must be an object with a "selectors" array');
    const selectors: ResourceSelector['selectors'] = [];
    for (const [j, selector] of list.entries()) {
      const selectorAt = `${itemAt}/selectors/${j}`;
      if (!isJsonObject(selector)) return new SelectorProblem(selectorAt, 'a selector must be an object');
      const kind = SELECTOR_KINDS.find(
        (k) => k.toLowerCase() === text(member(selector, 'kind'))?.toLowerCase(),
      );
      if (kind === undefined)
        return new SelectorProblem(
          `${selectorAt}/kind`,
          `kind must be one of ${SELECTOR_KINDS.join(', ')}, found ${JSON.stringify(member(selector, 'kind') ?? null)}`,
        );
      if (selectors.some((s) => s.kind === kind))
        return new SelectorProblem(`${selectorAt}/kind`, `${kind} is used twice in one resource selector`);
      const within = member(selector, 'in');
      const without = member(selector, 'notIn');
      if ((within === undefined) === (without === undefined))
        return new SelectorProblem(selectorAt, 'a selector needs exactly one of "in" and "notIn"');
      const values = within ?? without;
      if (!Array.isArray(values) || values.some((v) => typeof v !== 'string'))
        return new SelectorProblem(
          `${selectorAt}/${within !== undefined ? 'in' : 'notIn'}`,
          'must be an array of strings',
        );
      selectors.push({
        kind,
        in: within !== undefined,
        values: (values as string[]).map((v) =>
          kind === 'resourceLocation' ? normalizeLocation(v) : v.toLowerCase(),
        ),
      });
    }
    const kinds = new Set(selectors.map((s) => s.kind));
    if (kinds.has('resourceLocation') && kinds.has('resourceWithoutLocation'))
      return new SelectorProblem(
        `${itemAt}/selectors`,
        'resourceLocation and resourceWithoutLocation cannot be used in one resource selector',
      );
    const name = text(member(item, 'name'));
    read.push({ name: name ?? `resourceSelectors[${i}]`, selectors });
  }
  return read;
}

function normalizeLocation(location: string): string {
  return location.replace(/ /g, '').toLowerCase();
}

function text(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function scopeOf(id: string | undefined): string | undefined {
  if (!id) return undefined;
  const at = id.toLowerCase().lastIndexOf(EXEMPTION_SEGMENT);
  return at > 0 ? id.slice(0, at) : undefined;
}

export interface ExemptionOutcome {
  /** How many findings an exemption turned into `exempt`. */
  applied: number;
  /** Exemptions past their expiresOn: they no longer apply, as in Azure. */
  expired: Exemption[];
  /** Exemptions the snapshot could not place for some findings (those stay as they were), and why. */
  unresolved: { exemption: Exemption; findings: number; why: string }[];
}

/**
 * Applies exemptions: a covered finding becomes `exempt` (Defender lists it as not applicable,
 * reason "Exempted", and it no longer affects the score). Expired exemptions stop applying.
 */
export function applyExemptions(
  findings: Finding[],
  exemptions: readonly Exemption[],
  now: Date,
  subjects?: ExemptionSubjects,
): ExemptionOutcome {
  const active: Exemption[] = [];
  const expired: Exemption[] = [];
  for (const e of exemptions)
    (e.expiresOn !== undefined && Date.parse(e.expiresOn) <= now.getTime() ? expired : active).push(e);
  let applied = 0;
  const unresolved = new Map<Exemption, { exemption: Exemption; findings: number; why: string }>();
  if (active.length === 0) return { applied, expired, unresolved: [] };
  for (const finding of findings) {
    if (finding.status === 'notApplicable') continue;
    let exemption: Exemption | undefined;
    for (const e of active) {
      if (e.recommendations.length > 0 && !e.recommendations.includes(finding.recommendationId)) continue;
      const covers = covered(e, finding, subjects);
      if (covers === true) {
        exemption = e;
        break;
      }
      if (covers !== false) {
        const known = unresolved.get(e) ?? { exemption: e, findings: 0, why: covers };
        known.findings++;
        unresolved.set(e, known);
      }
    }
    if (!exemption) continue;
    finding.status = 'exempt';
    finding.exemption = toApplied(exemption);
    finding.evidence = [
      { message: `Exempted (${exemption.category}): ${exemption.description ?? exemption.name}` },
      ...finding.evidence,
    ];
    applied++;
  }
  return { applied, expired, unresolved: [...unresolved.values()] };
}

/** Whether the exemption covers the finding's resource, or why the snapshot cannot tell. */
function covered(e: Exemption, finding: Finding, subjects: ExemptionSubjects | undefined): boolean | string {
  const resource = finding.resourceId.toLowerCase();
  if (e.scope.startsWith(MANAGEMENT_GROUP_SCOPE)) {
    const group = e.scope.slice(MANAGEMENT_GROUP_SCOPE.length);
    const subscription = subscriptionOf(finding.resourceId);
    if (subscription === undefined) return false;
    const groups = subjects?.managementGroupsOf(subscription);
    if (groups === undefined)
      return `its scope is management group ${group}, and the snapshot does not say which management groups subscription ${subscription} is in (export Resource Graph's resourcecontainers with the resources)`;
    if (!groups.has(group)) return false;
  } else if (resource !== e.scope && !resource.startsWith(`${e.scope}/`)) {
    return false;
  }
  if (e.resourceSelectors === undefined) return true;
  const location = subjects?.locationOf(finding);
  return e.resourceSelectors.some((selector) =>
    selector.selectors.every((s) => s.in === s.values.includes(selected(s.kind, finding, location))),
  );
}

/** The value a selector of `kind` compares with its list. */
function selected(kind: SelectorKind, finding: Finding, location: string | undefined): string {
  switch (kind) {
    case 'resourceLocation':
      return location === undefined ? '' : normalizeLocation(location);
    case 'resourceType':
      return finding.resourceType.toLowerCase();
    case 'resourceWithoutLocation':
      return !location && !/\/resourcegroups\//i.test(finding.resourceId) ? 'subscriptionlevelresources' : '';
  }
}

function toApplied(e: Exemption): AppliedExemption {
  return { name: e.name, id: e.id, category: e.category, expiresOn: e.expiresOn, description: e.description };
}
