import type { Resource } from '../../inventory/resource.ts';
import type { JsonObject } from '../../util/json.ts';
import type { DeploymentTarget } from './context.ts';
import type { EvalFrame } from './frame.ts';
import type { ResourceDeclaration } from './model.ts';
import type { DeclaredIdentity } from './resource-ids.ts';
import type { TemplateScope } from './scope.ts';

/**
 * A set of resource declarations expanded together: a template's own resources, or those of a nested
 * template with outer scope, whose expressions are evaluated in the parent's scope but whose resources
 * are deployed where the nested deployment points.
 */
export interface Unit {
  scope: TemplateScope;
  declarations: readonly ResourceDeclaration[];
  /** Where the resources go: their IDs are built under it. */
  target: DeploymentTarget;
  /** Frame the declarations are evaluated in (for outer scope, the deployment's copy loop stays visible). */
  frame: EvalFrame;
  /** Names of the nested deployments this unit is inside, outermost first. */
  deployments: string[];
  /** The unit that owns its scope, whose resources `resourceInfo()` and `reference()` see. */
  own: boolean;
}

/** One resource a declaration stands for: one per copy iteration, children separately. */
export interface Instance {
  declaration: ResourceDeclaration;
  unit: Unit;
  frame: EvalFrame;
  /** `name` and `type` with parents' segments, as `resourceId()` takes them. */
  fullType: string;
  fullName: string;
  identity: DeclaredIdentity;
  apiVersion: string | undefined;
  /** languageVersion 2.0; `name[i]` for a copy. */
  symbolicName: string | undefined;
  /** `"existing": true`: read, not deployed. */
  existing: boolean;
  /** For a `Microsoft.Resources/deployments` instance, once expanded. */
  nested?: { state: 'expanding' | 'done'; outputs: JsonObject | undefined };
}

/** Where an expanded resource was declared. */
export interface TemplateOrigin {
  file: string;
  line?: number;
  column?: number;
  /** JSON pointer of the declaration in `file`. */
  pointer: string;
  /** The nested deployments it is deployed through, outermost first. */
  deployments: string[];
}

export interface ExpandedResource {
  resource: Resource;
  origin: TemplateOrigin;
  symbolicName?: string;
}

export const DEPLOYMENTS_TYPE = 'microsoft.resources/deployments';

export function isDeploymentType(type: string): boolean {
  return type.toLowerCase() === DEPLOYMENTS_TYPE;
}
