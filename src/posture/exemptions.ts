import { member, pointerJoin } from '../policy/rule-json.ts';
import type { InputError } from '../util/input-error.ts';
import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.ts';
import type { AppliedExemption, Finding } from './findings.ts';

/**
 * An exemption in the shape of Azure Policy exemptions (`az policy exemption show`): where it
 * applies (its scope: a resource, resource group or subscription id), to which recommendations
 * (policyDefinitionReferenceIds; none listed means all), why (Waiver | Mitigated), until when.
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
}

const EXEMPTION_SEGMENT = '/providers/microsoft.authorization/policyexemptions/';

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
    exemptions.push({
      name: name ?? 'exemption',
      id: id ?? `${scope}/providers/Microsoft.Authorization/policyExemptions/${name ?? 'exemption'}`,
      scope: scope.replace(/\/+$/, '').toLowerCase(),
      recommendations: ((references as string[] | null | undefined) ?? []).map((r) => r.toLowerCase()),
      category,
      ...(expiresOn !== undefined && { expiresOn }),
      ...(description !== undefined && { description }),
    });
  }
  return { exemptions, errors };
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
}

/**
 * Applies exemptions: a covered finding becomes `exempt` (Defender lists it as not applicable,
 * reason "Exempted", and it no longer affects the score). Expired exemptions stop applying.
 */
export function applyExemptions(
  findings: Finding[],
  exemptions: readonly Exemption[],
  now: Date,
): ExemptionOutcome {
  const active: Exemption[] = [];
  const expired: Exemption[] = [];
  for (const e of exemptions)
    (e.expiresOn !== undefined && Date.parse(e.expiresOn) <= now.getTime() ? expired : active).push(e);
  let applied = 0;
  if (active.length === 0) return { applied, expired };
  for (const finding of findings) {
    if (finding.status === 'notApplicable') continue;
    const resource = finding.resourceId.toLowerCase();
    const exemption = active.find(
      (e) =>
        (resource === e.scope || resource.startsWith(`${e.scope}/`)) &&
        (e.recommendations.length === 0 || e.recommendations.includes(finding.recommendationId)),
    );
    if (!exemption) continue;
    finding.status = 'exempt';
    finding.exemption = toApplied(exemption);
    finding.evidence = [
      { message: `Exempted (${exemption.category}): ${exemption.description ?? exemption.name}` },
      ...finding.evidence,
    ];
    applied++;
  }
  return { applied, expired };
}

function toApplied(e: Exemption): AppliedExemption {
  return { name: e.name, id: e.id, category: e.category, expiresOn: e.expiresOn, description: e.description };
}
