import { RECOMMENDATIONS } from '../benchmark/catalog.ts';
import {
  type ResourceSelector,
  readResourceSelectors,
  SelectorProblem,
  selectorsCover,
} from '../policy/resource-selectors.ts';
import { member, pointerJoin } from '../policy/rule-json.ts';
import { type ManagementGroupsOf, normalizeScope, scopeCovers } from '../policy/scope-membership.ts';
import type { InputError } from '../util/input-error.ts';
import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.ts';
import type { AppliedExemption, Finding, FindingList } from './findings.ts';

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
  /** The policy assignment it exempts from, as given; absent in Vigil's own exemption files. */
  assignment?: string;
  category: 'Waiver' | 'Mitigated';
  expiresOn?: string;
  description?: string;
  /** Resource selectors: a resource is covered when it meets every selector of at least one of them. */
  resourceSelectors?: ResourceSelector[];
}

/** What a resource selector or a management-group scope needs to know about a finding's resource. */
export interface ExemptionSubjects {
  /** The location of the finding's resource, undefined when it has none. */
  locationOf(finding: Finding): string | undefined;
  /**
   * The management groups (lower-cased names) above a subscription, the tenant root group included;
   * undefined when the snapshot does not say (Resource Graph's resourcecontainers do).
   */
  managementGroupsOf: ManagementGroupsOf;
}

const EXEMPTION_SEGMENT = '/providers/microsoft.authorization/policyexemptions/';

/**
 * Reads exemptions from a parsed file: one object, an array, an ARM list (`{value:[…]}`) or
 * `az graph query` output (`{data:[…]}`, rows of Resource Graph's policyresources).
 */
export function readExemptions(
  value: JsonValue,
  file: string,
): { exemptions: Exemption[]; errors: InputError[] } {
  const exemptions: Exemption[] = [];
  const errors: InputError[] = [];
  const list = isJsonObject(value)
    ? (['value', 'data'] as const).find((key) => Array.isArray(member(value, key)))
    : undefined;
  const items: [JsonValue, string][] = Array.isArray(value)
    ? value.map((v, i) => [v, `/${i}`])
    : list !== undefined && isJsonObject(value)
      ? (member(value, list) as JsonValue[]).map((v, i) => [v, `/${list}/${i}`])
      : [[value, '']];
  for (const [item, pointer] of items) {
    const problem = (message: string, at = pointer) => errors.push({ file, pointer: at, message });
    if (!isJsonObject(item)) {
      problem('an exemption must be an object');
      continue;
    }
    // A policyresources export left unfiltered holds assignments and states too.
    const type = text(member(item, 'type'));
    if (type !== undefined && type.toLowerCase() !== 'microsoft.authorization/policyexemptions') {
      problem(
        `a ${type} is not a policy exemption (from Resource Graph, query policyresources | where type == 'microsoft.authorization/policyexemptions')`,
        pointerJoin(pointer, 'type'),
      );
      continue;
    }
    const nested = isJsonObject(member(item, 'properties'));
    const body = nested ? (member(item, 'properties') as JsonObject) : item;
    const bodyAt = nested ? pointerJoin(pointer, 'properties') : pointer;
    // Get-AzPolicyExemption before Az.Resources 7 gives the id as ResourceId.
    const id = text(member(item, 'id')) ?? text(member(item, 'resourceId'));
    const name = text(member(item, 'name')) ?? (id ? id.split('/').pop() : undefined);
    const scope = text(member(item, 'scope')) ?? scopeOf(id);
    if (!scope) {
      problem(
        'the exemption has no scope: give its full id (<scope>/providers/Microsoft.Authorization/policyExemptions/<name>) or a scope field',
      );
      continue;
    }
    // ARM matches enum values case-insensitively; a Resource Graph row keeps what was sent.
    const given = text(member(body, 'exemptionCategory'));
    const category = CATEGORIES.find((c) => c.toLowerCase() === given?.toLowerCase());
    if (category === undefined) {
      problem(
        `exemptionCategory must be Waiver or Mitigated, found ${JSON.stringify(given ?? null)}`,
        pointerJoin(bodyAt, 'exemptionCategory'),
      );
      continue;
    }
    // Az PowerShell's Get-AzPolicyExemption (Az.Resources 7+) names the list PolicyDefinitionReferenceId,
    // as some versions of Microsoft's exemption-structure sample do; ignored, it would widen the
    // exemption to every recommendation.
    const field = ['policyDefinitionReferenceIds', 'policyDefinitionReferenceId'].find(
      (f) => member(body, f) !== undefined && member(body, f) !== null,
    );
    const references = field === undefined ? undefined : member(body, field);
    if (
      references !== undefined &&
      references !== null &&
      (!Array.isArray(references) || references.some((r) => typeof r !== 'string'))
    ) {
      problem(
        `${field} must be an array of recommendation ids`,
        pointerJoin(bodyAt, field ?? 'policyDefinitionReferenceIds'),
      );
      continue;
    }
    const expiresOn = utc(text(member(body, 'expiresOn')));
    if (expiresOn !== undefined && Number.isNaN(Date.parse(expiresOn))) {
      problem(`expiresOn ${JSON.stringify(expiresOn)} is not a date`, pointerJoin(bodyAt, 'expiresOn'));
      continue;
    }
    const description = text(member(body, 'description')) ?? text(member(body, 'displayName'));
    const assignment = text(member(body, 'policyAssignmentId'));
    const selectors = readResourceSelectors(
      member(body, 'resourceSelectors'),
      pointerJoin(bodyAt, 'resourceSelectors'),
    );
    if (selectors instanceof SelectorProblem) {
      problem(selectors.message, selectors.pointer);
      continue;
    }
    exemptions.push({
      name: name ?? 'exemption',
      id: id ?? `${scope}/providers/Microsoft.Authorization/policyExemptions/${name ?? 'exemption'}`,
      scope: normalizeScope(scope),
      recommendations: ((references as string[] | null | undefined) ?? []).map((r) => r.toLowerCase()),
      ...(assignment !== undefined && { assignment }),
      category,
      ...(expiresOn !== undefined && { expiresOn }),
      ...(description !== undefined && { description }),
      // `[]` (as `az policy exemption show` prints it) narrows nothing.
      ...(selectors !== undefined && selectors.length > 0 && { resourceSelectors: selectors }),
    });
  }
  return { exemptions, errors };
}

const CATEGORIES = ['Waiver', 'Mitigated'] as const;

/**
 * Azure reads expiresOn as UTC (https://learn.microsoft.com/azure/governance/policy/concepts/exemption-structure#expiration);
 * JavaScript would read a date-time without a zone as local time.
 */
function utc(date: string | undefined): string | undefined {
  if (date === undefined) return date;
  // Windows PowerShell 5.1's ConvertTo-Json writes a DateTime as "/Date(<ms since 1970>)/".
  const ms = /^\/Date\((-?\d+)\)\/$/.exec(date)?.[1];
  if (ms !== undefined) return new Date(Number(ms)).toISOString();
  return /^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(date) ? `${date}Z` : date;
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
  findings: FindingList,
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
  // A scan may run recommendations of its own besides the catalog's.
  const known = new Set(RECOMMENDATION_IDS);
  for (const f of findings) known.add(f.recommendationId);
  const resolved = new Map(active.map((e) => [e, resolve(e, known)] as const));
  for (const finding of findings) {
    if (finding.status === 'notApplicable') continue;
    let exemption: Exemption | undefined;
    for (const e of active) {
      const { all, ids } = resolved.get(e)!;
      if (!all && !ids.has(finding.recommendationId)) continue;
      const covers = covered(e, finding, subjects);
      if (covers === true) {
        exemption = e;
        break;
      }
      if (covers !== false) {
        const entry = unresolved.get(e) ?? { exemption: e, findings: 0, why: covers };
        entry.findings++;
        unresolved.set(e, entry);
      }
    }
    for (const e of active) {
      const why = resolved.get(e)!.why;
      if (why === undefined || exemption === e || covered(e, finding, subjects) !== true) continue;
      const entry = unresolved.get(e) ?? { exemption: e, findings: 0, why };
      entry.findings++;
      unresolved.set(e, entry);
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
  // Reported even when nothing in the snapshot is in its scope: such an exemption never applies.
  for (const [e, { why }] of resolved)
    if (why !== undefined && !unresolved.has(e)) unresolved.set(e, { exemption: e, findings: 0, why });
  return { applied, expired, unresolved: [...unresolved.values()] };
}

const RECOMMENDATION_IDS = new Set(RECOMMENDATIONS.map((r) => r.id));

/**
 * Defender for Cloud's "Exempt" makes an exemption of the Microsoft cloud security benchmark assignment
 * naming the initiative's policyDefinitionReferenceIds. The reference ids here are those whose built-in
 * definition audits one Defender assessment (`Microsoft.Security/assessments` named by its key), the
 * same in MCSB v1 (1f3afdf9-…) and v2 (e3ec7e09-…); the recommendations with that assessment key are
 * the ones exempted. Reference ids are lower-cased, as exemptions' are once read.
 * (Azure/azure-policy built-in-policies/policyDefinitions/Security Center/ASC_*_Audit.json.)
 */
const MCSB_ASSESSMENT_KEYS: Readonly<Record<string, string>> = {
  jitnetworkaccessmonitoring: '805651bc-6ecd-4c73-9b55-97a19d0582d0',
  restrictaccesstomanagementportsmonitoring: 'bc303248-3d14-44c2-96a0-55f5c326b5fe',
  disableipforwardingmonitoring: 'c3b51c94-588b-426b-a892-24696f9e54cc',
  vnetenableddosprotectionmonitoring: 'e3de1cc0-f4dd-3b34-e496-8b5381ba2d70',
  networksecuritygroupsoninternalvirtualmachinesmonitoring: 'a9341235-9389-42f0-a0bf-9bfb57960d44',
  networksecuritygroupsonsubnetsmonitoring: 'eade5b56-eefd-444f-95c8-23f29e5d93cb',
  nextgenerationfirewallmonitoring: '3b20e985-f71f-483b-b078-f30d73936d43',
  networksecuritygroupsonvirtualmachinesmonitoring: '483f12ed-ae23-447e-a2de-a67a10db4353',
  systemupdatesv2monitoring: 'e1145ab1-eb4f-43d8-911b-36ddf771d13f',
  servervulnerabilityassessment: 'ffff0522-1e88-47fc-8382-2a80ba848f5d',
};

/**
 * The recommendations an exemption names (`all` when it names none), through Vigil's ids or MCSB's
 * reference ids, and why some findings in its scope keep their status (reference ids that name none of
 * them, or an assignment Vigil cannot see into).
 */
function resolve(
  e: Exemption,
  known: ReadonlySet<string>,
): { all: boolean; ids: Set<string>; why: string | undefined } {
  const ids = new Set<string>();
  // An exemption lists no reference ids to exempt from its whole assignment (exemption-structure#policy-definition-ids):
  // from Defender for Cloud's own, that is every recommendation; from any other (Allowed locations, a
  // landing zone's initiative) it says nothing about Vigil's, and must not hide their findings.
  if (e.recommendations.length === 0 && e.assignment !== undefined && !isDefenderAssignment(e.assignment))
    return { all: false, ids, why: otherAssignmentWhy(e.assignment) };
  const unknown: string[] = [];
  for (const reference of e.recommendations) {
    const key = Object.hasOwn(MCSB_ASSESSMENT_KEYS, reference) ? MCSB_ASSESSMENT_KEYS[reference] : undefined;
    const named = known.has(reference)
      ? [reference]
      : RECOMMENDATIONS.filter((r) => key !== undefined && r.assessmentKey === key).map((r) => r.id);
    if (named.length === 0) unknown.push(reference);
    for (const id of named) ids.add(id);
  }
  return {
    all: e.recommendations.length === 0,
    ids,
    why: unknown.length > 0 ? unknownWhy(unknown) : undefined,
  };
}

/**
 * Defender for Cloud assigns the Microsoft cloud security benchmark to each subscription as
 * `SecurityCenterBuiltIn` ("ASC Default"); its recommendations' exemptions name that assignment.
 */
function isDefenderAssignment(id: string): boolean {
  return lastSegment(id)?.toLowerCase() === 'securitycenterbuiltin';
}

function otherAssignmentWhy(id: string): string {
  const name = lastSegment(id) ?? id;
  return `it exempts from every policy of assignment ${JSON.stringify(name)}, not Defender for Cloud's (SecurityCenterBuiltIn), and Vigil cannot tell which of its recommendations that assignment holds; the findings in its scope keep their status (to exempt them, list Vigil's recommendation ids in policyDefinitionReferenceIds, or leave policyAssignmentId out)`;
}

/**
 * An exemption made in Defender for Cloud ("Exempt" on a recommendation) is one of the MCSB assignment's,
 * and names the initiative's policyDefinitionReferenceIds; Vigil matches its own recommendation ids only.
 */
function unknownWhy(names: string[]): string {
  return `policyDefinitionReferenceIds ${names.map((n) => JSON.stringify(n)).join(', ')} name no Vigil recommendation (Vigil matches its own recommendation ids, as \`vigil benchmark list\` shows them, not the reference ids of another initiative such as the Microsoft cloud security benchmark Defender for Cloud exempts in); the findings in its scope keep their status`;
}

/** Whether the exemption covers the finding's resource, or why the snapshot cannot tell. */
function covered(e: Exemption, finding: Finding, subjects: ExemptionSubjects | undefined): boolean | string {
  const inScope = scopeCovers(e.scope, finding.resourceId, subjects?.managementGroupsOf);
  if (inScope !== true || e.resourceSelectors === undefined) return inScope;
  const { resourceId, resourceType } = finding;
  return selectorsCover(e.resourceSelectors, {
    resourceId,
    resourceType,
    location: subjects?.locationOf(finding),
  });
}

function toApplied(e: Exemption): AppliedExemption {
  return { name: e.name, id: e.id, category: e.category, expiresOn: e.expiresOn, description: e.description };
}

/** The last segment of an id, trailing slashes ignored (without /\/+$/, quadratic on a run of slashes). */
function lastSegment(id: string): string | undefined {
  return id.split('/').findLast((segment) => segment !== '');
}
