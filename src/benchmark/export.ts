import type { PolicyDefinition } from '../policy/definition.ts';
import type { JsonObject, JsonValue } from '../util/json.ts';
import { recommendationPolicy } from './policies.ts';
import type { Recommendation } from './types.ts';

export interface PolicySetExport {
  /** The initiative in the Azure/azure-policy repository shape. */
  policySet: JsonObject;
  /** `az policy set-definition create --definitions` input: the references alone. */
  references: JsonValue[];
  /** One definition per policy-backed recommendation, keyed by recommendation id. */
  definitions: Map<string, JsonObject>;
  /** Recommendations left out because the policy language cannot express them (analyzers). */
  skipped: string[];
}

/**
 * Vigil's policy-language checks as a deployable Azure Policy initiative. `scope` is where the
 * custom definitions will live (`/subscriptions/<id>` or
 * `/providers/Microsoft.Management/managementGroups/<name>`): initiative references need the
 * definitions' full ids.
 */
export function exportPolicySet(
  recommendations: readonly Recommendation[],
  scope: string,
  version: string,
): PolicySetExport {
  const definitions = new Map<string, JsonObject>();
  const references: JsonValue[] = [];
  const groups = new Set<string>();
  const skipped: string[] = [];
  for (const r of recommendations) {
    if (r.check.kind !== 'policy') {
      skipped.push(r.id);
      continue;
    }
    const definition = recommendationPolicy(r.check.definition);
    const id = `${scope}/providers/Microsoft.Authorization/policyDefinitions/${definition.name}`;
    definitions.set(r.id, definitionObject(definition, r, id));
    for (const g of r.mcsb) groups.add(g);
    references.push({
      policyDefinitionId: id,
      policyDefinitionReferenceId: r.id,
      parameters: Object.fromEntries(
        Object.entries(r.check.parameters ?? {}).map(([k, v]) => [k, { value: v }]),
      ),
      groupNames: r.mcsb,
    });
  }
  const policySet: JsonObject = {
    properties: {
      displayName: 'Vigil benchmark for Azure virtual machines',
      policyType: 'Custom',
      description:
        "Vigil's recommendations for virtual machines and their network, disks, monitoring and Defender plans, exported from Vigil. Recommendations that need Vigil's network analysis are not included.",
      metadata: { version, category: 'Security Center', source: 'vigil' },
      parameters: {},
      policyDefinitionGroups: [...groups]
        .sort()
        .map((name) => ({ name, category: 'Microsoft cloud security benchmark' })),
      policyDefinitions: references,
    },
    name: 'vigil-vm-benchmark',
  };
  return { policySet, references, definitions, skipped };
}

function definitionObject(definition: PolicyDefinition, r: Recommendation, id: string): JsonObject {
  const description = definition.description ?? r.description;
  const fitted = withinLength(description, MAX_DESCRIPTION);
  return {
    properties: {
      displayName: withinLength(definition.displayName ?? r.title, MAX_DISPLAY_NAME),
      policyType: 'Custom',
      mode: definition.mode ?? 'Indexed',
      description: fitted,
      metadata: {
        ...(definition.metadata ?? {}),
        vigilRecommendationId: r.id,
        severity: r.severity,
        ...(fitted !== description && { vigilDescription: description }),
      },
      parameters: JSON.parse(JSON.stringify(definition.parameters)) as JsonObject,
      policyRule: definition.policyRule,
    },
    id,
    name: definition.name,
  };
}

/**
 * Azure Policy refuses a definition whose displayName is over 128 characters or whose description is over
 * 512 (https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-basics#display-name-and-description).
 * Vigil's own descriptions can be longer: the export keeps the whole sentences that fit, and the whole text in
 * the definition's metadata.
 */
const MAX_DISPLAY_NAME = 128;
const MAX_DESCRIPTION = 512;
const MORE = ' (Continued in metadata.vigilDescription.)';

function withinLength(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = max - MORE.length;
  const sentenceEnd = text.lastIndexOf('. ', room - 1);
  if (sentenceEnd > room / 2) return `${text.slice(0, sentenceEnd + 1)}${MORE}`;
  const space = text.lastIndexOf(' ', room - 1);
  return `${text.slice(0, space > 0 ? space : room - 1)}…${MORE}`;
}
