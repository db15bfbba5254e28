import { Inventory } from '../../src/inventory/inventory.ts';
import type { Resource } from '../../src/inventory/resource.ts';
import { AliasTable } from '../../src/policy/aliases/index.ts';
import { compileDefinition } from '../../src/policy/compile.ts';
import { type PolicyDefinition, readPolicyDocuments } from '../../src/policy/definition.ts';
import { estateOf } from '../../src/policy/estate.ts';
import { evaluatePolicies, type PolicyResult } from '../../src/policy/evaluate.ts';
import type { JsonObject, JsonValue } from '../../src/util/json.ts';

export const SUB = '00000000-0000-0000-0000-000000000001';
export const RG = `/subscriptions/${SUB}/resourceGroups/rg-test`;

/** A definition from a bare rule or a full definition object, as a test writes it. */
export function definitionOf(written: object, extra: JsonObject = {}): PolicyDefinition {
  const rule = written as JsonObject;
  const doc =
    'policyRule' in rule || 'properties' in rule
      ? rule
      : { properties: { mode: 'All', ...extra, policyRule: rule }, name: 'test-definition' };
  const { documents, problems } = readPolicyDocuments(doc, 'test.json');
  if (problems.length > 0) throw new Error(problems.map((p) => p.message).join('; '));
  return documents[0] as PolicyDefinition;
}

export function inventoryOf(resources: Resource[]): Inventory {
  const inventory = new Inventory();
  for (const r of resources) inventory.add(r);
  return inventory;
}

/** Evaluates one definition over resources; returns every result, notApplicable included. */
export function evaluate(
  definition: PolicyDefinition,
  resources: Resource[],
  parameters: Record<string, JsonValue> = {},
): PolicyResult[] {
  const compiled = compileDefinition(definition, {
    table: AliasTable.load(),
    parameters: new Map(Object.entries(parameters).map(([k, v]) => [k.toLowerCase(), v])),
    parametersFrom: 'test',
  });
  return [
    ...evaluatePolicies([compiled], estateOf(inventoryOf(resources)), {
      includeNotApplicable: true,
      now: new Date('2026-01-15T12:00:00Z'),
    }),
  ];
}

/** The compliance of one resource under a rule. */
export function complianceOf(
  rule: object,
  resource: Resource,
  others: Resource[] = [],
  parameters: Record<string, JsonValue> = {},
): string {
  const results = evaluate(definitionOf(rule), [resource, ...others], parameters);
  const mine = results.find((r) => r.resourceId === resource.id);
  if (!mine) throw new Error(`no result for ${resource.id}`);
  return mine.compliance === 'error' ? `error: ${mine.error}` : mine.compliance;
}

export function vm(name: string, properties: object = {}, extra: object = {}): Resource {
  return {
    id: `${RG}/providers/Microsoft.Compute/virtualMachines/${name}`,
    name,
    type: 'Microsoft.Compute/virtualMachines',
    location: 'eastus',
    properties: properties as JsonObject,
    ...(extra as JsonObject),
  };
}

export function nsg(name: string, written: object[]): Resource {
  const rules = written as JsonObject[];
  const id = `${RG}/providers/Microsoft.Network/networkSecurityGroups/${name}`;
  return {
    id,
    name,
    type: 'Microsoft.Network/networkSecurityGroups',
    location: 'eastus',
    properties: {
      securityRules: rules.map((r) => ({
        name: String(r.name),
        id: `${id}/securityRules/${String(r.name)}`,
        properties: Object.fromEntries(Object.entries(r).filter(([k]) => k !== 'name')),
      })),
    },
  };
}
