import { createHash } from 'node:crypto';
import { isJsonObject, type JsonObject, type JsonValue } from '../../util/json.ts';
import { scopeId } from './context.ts';
import { CopyShapeError, readResourceCopy } from './copy.ts';
import { TemplateProblem } from './diagnostics.ts';
import { type EvalFrame, withLoop } from './frame.ts';
import { childPointer } from './json-source.ts';
import type { ResourceDeclaration } from './model.ts';
import { declaredIdentity, isFullType, ResourceIdError, scopeToId, typeSegments } from './resource-ids.ts';
import type { Instance, Unit } from './units.ts';
import { isDeploymentType } from './units.ts';

/**
 * Turns a unit's declarations into instances: copy loops unrolled, conditions applied, child resources
 * declared inside their parent flattened to full type and name (templates/child-resource-name-type.md),
 * and each instance's ID worked out. Bodies are evaluated later, once every instance is known, so
 * `resourceInfo()` and references to nested deployments can find any of them.
 */
export interface Instantiation {
  /** What the deployment deploys or reads (`existing`). */
  instances: Instance[];
  /** Declared, but with a false condition: still resources of the template that `dependsOn` may name. */
  notDeployed: Instance[];
  /** False when a declaration could not be worked out (an error, a count or name known only at deployment). */
  complete: boolean;
}

export function instantiate(unit: Unit): Instantiation {
  const instances: Instance[] = [];
  const collected: Collected = { notDeployed: [], complete: true };
  const seen = new Map<string, string>();
  for (const declaration of unit.declarations) {
    for (const instance of declare(unit, declaration, undefined, unit.frame, collected)) {
      if (!instance.existing) {
        const key = instance.identity.id.toLowerCase();
        const first = seen.get(key);
        if (first !== undefined) {
          unit.scope.diagnostics.error(
            unit.scope.ref(instance.declaration.pointer),
            `the resource ${instance.identity.id} is declared more than once in this template (first at ${first})`,
          );
          continue;
        }
        seen.set(key, instance.declaration.pointer);
      }
      instances.push(instance);
    }
  }
  return { instances, ...collected };
}

interface Collected {
  notDeployed: Instance[];
  complete: boolean;
}

function declare(
  unit: Unit,
  declaration: ResourceDeclaration,
  parent: Instance | undefined,
  frame: EvalFrame,
  collected: Collected,
): Instance[] {
  const scope = unit.scope;
  const json = declaration.json;
  const extension = otherExtension(unit, json);
  if (extension !== undefined) {
    // A Microsoft Graph group or a Kubernetes object is deployed by its extension, not as an Azure
    // resource with an ID: nothing Vigil assesses. Like a declaration known only at deployment, it may
    // be what a dependsOn entry names.
    collected.complete = false;
    scope.diagnostics.warning(
      scope.ref(declaration.pointer),
      `a resource of the Bicep extension '${extension}' is not an Azure resource; it is not expanded or assessed`,
    );
    return [];
  }
  try {
    if (json.copy === undefined) return one(unit, declaration, parent, frame, undefined, collected);
    if (parent !== undefined)
      throw new TemplateProblem(
        "a child resource declared inside its parent can't have a copy loop; declare it at the top level with its full type and name (templates/copy-resources.md)",
        scope.ref(childPointer(declaration.pointer, 'copy')),
      );
    const loop = readResourceCopy(json.copy, childPointer(declaration.pointer, 'copy'));
    const count = scope.evaluateCount(loop.count, childPointer(loop.pointer, 'count'), frame);
    if (!count.known) {
      collected.complete = false;
      scope.diagnostics.warning(
        scope.ref(childPointer(loop.pointer, 'count')),
        `the copy count is known only at deployment (${count.expression}); this resource loop is not expanded`,
      );
      return [];
    }
    scope.spend(count.value, childPointer(loop.pointer, 'count'));
    const instances: Instance[] = [];
    for (let i = 0; i < count.value; i++)
      instances.push(
        ...one(unit, declaration, parent, withLoop(frame, loop.name, i, 'resource'), i, collected),
      );
    return instances;
  } catch (error) {
    collected.complete = false;
    report(unit, declaration, error);
    return [];
  }
}

/** The extension a resource is declared with (`"extension": "<alias>"`, or `"import"`) when it is not ARM's. */
function otherExtension(unit: Unit, json: JsonObject): string | undefined {
  const alias = typeof json.extension === 'string' ? json.extension : json.import;
  if (typeof alias !== 'string') return undefined;
  const name = unit.scope.model.extensions.get(alias.toLowerCase());
  return name === undefined || name.toLowerCase() === 'azureresourcemanager' ? undefined : name;
}

function one(
  unit: Unit,
  declaration: ResourceDeclaration,
  parent: Instance | undefined,
  frame: EvalFrame,
  index: number | undefined,
  collected: Collected,
): Instance[] {
  const json = declaration.json;
  const at = (key: string) => childPointer(declaration.pointer, key);
  const deployed = condition(unit, json, at('condition'), frame);
  const type = knownString(unit, json.type, at('type'), frame, 'type');
  const name = resourceName(unit, json.name, at('name'), frame, collected, nameSegmentCount(type, parent));
  let fullType = type;
  let fullName = name;
  if (parent !== undefined && !isFullType(type)) {
    fullType = `${parent.fullType}/${type}`;
    fullName = `${parent.fullName}/${name}`;
  } else if (parent !== undefined && typeSegments(type).types.length !== name.split('/').length) {
    fullName = `${parent.fullName}/${name}`;
  }
  const scopePrefix =
    json.scope !== undefined
      ? scopeToId(knownString(unit, json.scope, at('scope'), frame, 'scope'), scopeId(unit.target))
      : json.existing === true && !isDeploymentType(fullType)
        ? existingScope(unit, json, frame, at)
        : scopeId(unit.target);
  const identity = declaredIdentity(scopePrefix, fullType, fullName);
  const instance: Instance = {
    declaration,
    unit,
    frame,
    fullType,
    fullName,
    identity,
    apiVersion: typeof json.apiVersion === 'string' ? json.apiVersion : undefined,
    symbolicName:
      declaration.symbolicName === undefined
        ? undefined
        : index === undefined
          ? declaration.symbolicName
          : `${declaration.symbolicName}[${index}]`,
    existing: json.existing === true,
  };
  if (isDeploymentType(fullType) && instance.existing)
    instance.nested = { state: 'done', outputs: undefined };
  // A false condition does not cascade to child resources (templates/conditional-resource-deployment.md).
  const children = childDeclarations(json.resources, at('resources')).flatMap((child) =>
    declare(unit, child, instance, frame, collected),
  );
  if (!deployed) collected.notDeployed.push(instance);
  return deployed ? [instance, ...children] : children;
}

/**
 * Where an `existing` resource is: Bicep writes `existing` with `scope: resourceGroup('net-rg')` (or another
 * subscription's) as the resource's `resourceGroup` and `subscriptionId` (languageVersion 2.0), and its
 * `resourceInfo().id` and `resourceId()` then name that resource group.
 */
function existingScope(unit: Unit, json: JsonObject, frame: EvalFrame, at: (key: string) => string): string {
  const target = unit.target;
  const scope = unit.scope;
  let unknown = false;
  const read = (key: 'subscriptionId' | 'resourceGroup'): string | undefined => {
    if (json[key] === undefined) return undefined;
    const known = scope.evaluateKnown(json[key], at(key), frame);
    if (known.known) {
      if (typeof known.value === 'string' && known.value !== '') return known.value;
      throw new TemplateProblem(
        `the existing resource's ${key} must be a non-empty string; it is ${JSON.stringify(known.value)}`,
        scope.ref(at(key)),
      );
    }
    scope.diagnostics.warning(
      scope.ref(at(key)),
      `the existing resource's ${key} is known only at deployment (${known.expression}); its ID is taken in this deployment's scope`,
    );
    unknown = true;
    return undefined;
  };
  const subscriptionId = read('subscriptionId');
  const resourceGroup = read('resourceGroup');
  if (unknown || (subscriptionId === undefined && resourceGroup === undefined)) return scopeId(target);
  const subscription = `/subscriptions/${subscriptionId ?? target.subscriptionId}`;
  if (resourceGroup !== undefined) return `${subscription}/resourceGroups/${resourceGroup}`;
  return subscription;
}

function childDeclarations(value: JsonValue | undefined, pointer: string): ResourceDeclaration[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) {
    return value.map((json, i) => {
      const at = childPointer(pointer, i);
      if (!isJsonObject(json)) throw new TemplateProblemAt('a child resource must be a JSON object', at);
      return { json, pointer: at };
    });
  }
  throw new TemplateProblemAt('"resources" of a resource must be an array of child resources', pointer);
}

/** A shape problem found while reading children; reported at its pointer. */
class TemplateProblemAt extends Error {
  constructor(
    message: string,
    readonly pointer: string,
  ) {
    super(message);
  }
}

function condition(unit: Unit, json: JsonObject, pointer: string, frame: EvalFrame): boolean {
  if (!('condition' in json)) return true;
  const scope = unit.scope;
  const known = scope.evaluateKnown(json.condition!, pointer, frame);
  if (!known.known) {
    scope.diagnostics.warning(
      scope.ref(pointer),
      `the condition is known only at deployment (${known.expression}); the resource is scanned as if deployed`,
    );
    return true;
  }
  const value = known.value;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && (value.toLowerCase() === 'true' || value.toLowerCase() === 'false'))
    return value.toLowerCase() === 'true';
  throw new TemplateProblem(
    `the condition must be true or false; it is ${JSON.stringify(value)}`,
    scope.ref(pointer),
  );
}

function knownString(
  unit: Unit,
  value: JsonValue | undefined,
  pointer: string,
  frame: EvalFrame,
  what: string,
): string {
  const scope = unit.scope;
  if (value === undefined) throw new TemplateProblem(`the resource has no "${what}"`, scope.ref(pointer));
  const known = scope.evaluateKnown(value, pointer, frame);
  if (!known.known)
    throw new TemplateProblem(
      `the resource's ${what} is known only at deployment (${known.expression}); ARM requires it before deploying`,
      scope.ref(pointer),
    );
  if (typeof known.value !== 'string' || known.value === '')
    throw new TemplateProblem(
      `the resource's ${what} must be a non-empty string; it is ${JSON.stringify(known.value)}`,
      scope.ref(pointer),
    );
  return known.value;
}

/**
 * How many '/'-separated segments the declared name needs: one per type segment after the namespace
 * (`vm/extension`, `storageAccount/Microsoft.Authorization/assignment` for the `…/providers/…` form), less
 * those the parent gives a child declared inside it.
 */
function nameSegmentCount(type: string, parent: Instance | undefined): number {
  if (parent === undefined) return typeSegments(type).types.length;
  if (!isFullType(type)) return type.split('/').length;
  return Math.max(1, typeSegments(type).types.length - parent.fullName.split('/').length);
}

/**
 * A name known only at deployment (a parameter defaulting to newGuid(), a guid() over a principal ID) gets
 * a placeholder with as many segments as the type needs, with a warning: ARM deploys such a template, so its
 * shape is no error.
 */
function resourceName(
  unit: Unit,
  value: JsonValue | undefined,
  pointer: string,
  frame: EvalFrame,
  collected: Collected,
  segments: number,
): string {
  const scope = unit.scope;
  if (value === undefined) throw new TemplateProblem('the resource has no "name"', scope.ref(pointer));
  const known = scope.evaluateKnown(value, pointer, frame);
  if (known.known) {
    if (typeof known.value !== 'string' || known.value === '')
      throw new TemplateProblem(
        `the resource's name must be a non-empty string; it is ${JSON.stringify(known.value)}`,
        scope.ref(pointer),
      );
    return known.value;
  }
  collected.complete = false;
  const segment = `unknown-${createHash('sha256').update(known.expression).digest('hex').slice(0, 8)}`;
  const placeholder = Array.from({ length: segments }, () => segment).join('/');
  scope.diagnostics.warning(
    scope.ref(pointer),
    `the resource's name is known only at deployment (${known.expression}); it is scanned as '${placeholder}'`,
  );
  return placeholder;
}

function report(unit: Unit, declaration: ResourceDeclaration, error: unknown): void {
  const scope = unit.scope;
  if (error instanceof TemplateProblem) scope.diagnostics.error(error.at, error.message);
  else if (error instanceof TemplateProblemAt || error instanceof CopyShapeError)
    scope.diagnostics.error(scope.ref(error.pointer), error.message);
  else if (error instanceof ResourceIdError)
    scope.diagnostics.error(scope.ref(declaration.pointer), error.message);
  else throw error;
}
