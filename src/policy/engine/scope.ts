import type { Resource } from '../../inventory/resource.ts';
import type { JsonObject, JsonValue } from '../../util/json.ts';

/** A `count` iteration in progress: what `current()` returns and which array members are pinned. */
export type CountFrame =
  | {
      kind: 'field';
      /** The counted alias, lower-cased, e.g. `microsoft.network/networksecuritygroups/securityrules[*]`. */
      aliasLower: string;
      /** One index per `[*]` of the counted alias: the member being evaluated. */
      indices: number[];
      element: JsonValue | undefined;
    }
  | { kind: 'value'; nameLower: string; element: JsonValue | undefined };

/** What the related-resource lookups and context functions need from the estate. */
export interface PolicyEstate {
  /** Resources of one type (lower-cased full type). */
  ofType(typeLower: string): readonly Resource[];
  /** Distinct resource types present, lower-cased. */
  types(): Iterable<string>;
  /** Child resources (by name nesting) and extension resources attached to `resource`, of one type. */
  attachedTo(resource: Resource, typeLower: string): readonly Resource[];
  inResourceGroup(subscriptionId: string, resourceGroup: string, typeLower: string): readonly Resource[];
  inSubscription(subscriptionId: string, typeLower: string): readonly Resource[];
  resourceGroupOf(resource: Resource): JsonObject | undefined;
  /** The subscription and resource group of the resource at `index` in `ofType(typeLower)`. */
  locate(typeLower: string, index: number): Location;
  /** `attachedTo` for the resource at `index` in `ofType(typeLower)`, narrowed to a lower-cased name when given. */
  attachedAt(typeLower: string, index: number, relatedType: string, nameLower?: string): readonly Resource[];
  subscriptionOf(resource: Resource): JsonObject | undefined;
}

export interface Location {
  subscriptionId?: string | undefined;
  resourceGroup?: string | undefined;
}

/** Run-wide settings the language exposes through functions. */
export interface EvaluationEnvironment {
  estate: PolicyEstate;
  /** utcNow() — fixed per run so results are reproducible. */
  now: Date;
  /** requestContext().apiVersion; compliance scans use the latest API version. */
  apiVersion: string;
  policy: {
    assignmentId: string;
    definitionId: string;
    setDefinitionId: string;
    definitionReferenceId: string;
  };
}

/** The state one condition sees while evaluating one resource. */
export interface Scope {
  /** The resource `field` conditions read: the evaluated resource, or a related one inside existenceCondition. */
  resource: Resource;
  typeLower: string;
  /** The resource `field()` functions read: always the resource the `if` evaluated (docs, effect-audit-if-not-exists.md). */
  ifResource: Resource;
  ifTypeLower: string;
  /** The if-resource's position in `estate.ofType(ifTypeLower)`: per-resource lookups index arrays with it. */
  at: number;
  frames: CountFrame[];
  env: EvaluationEnvironment;
}

export function resourceTypeLower(resource: Resource): string {
  return typeof resource.type === 'string' ? resource.type.toLowerCase() : '';
}
