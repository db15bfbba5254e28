import { formatDateTime, instantFromDate } from '../../arm-expr/dotnet-datetime.ts';
import { withDates } from '../../arm-expr/functions/date.ts';
import {
  type ArmFunction,
  ExpressionError,
  FunctionRegistry,
  templateFunctions,
} from '../../arm-expr/index.ts';
import { isJsonObject } from '../../util/json.ts';
import {
  AZURE_CLOUD,
  managementGroupObject,
  resourceGroupObject,
  subscriptionObject,
  tenantObject,
} from './context.ts';
import { type EvalFrame, functionArgument, isFrame, type LoopFrame, VARIABLES_IN_FUNCTION } from './frame.ts';
import { providerPath, ResourceIdError } from './resource-ids.ts';
import {
  DECLARED_CHILD_FUNCTION,
  DECLARED_CHILDREN_FUNCTION,
  DEPLOYMENT_OUTPUT_FUNCTION,
} from './rewrite.ts';
import { UnknownInterrupt, unknownInside } from './unknowns.ts';

/**
 * The template functions that read the deployment: parameters, variables, copy loops, scope objects and
 * resource IDs (templates/template-functions-deployment.md, -scope.md, -resource.md, -numeric.md#copyindex),
 * and those whose value exists only once Azure deploys: reference(), list*(), newGuid(), pickZones() —
 * which stop the expression as unknown (see unknowns.ts).
 */

function frameOf(ctx: unknown, fn: string): EvalFrame {
  if (!isFrame(ctx))
    throw new ExpressionError(`'${fn}' can only be used in a template.`, { functionName: fn });
  return ctx;
}

function stringArg(fn: string, args: readonly unknown[], index: number): string {
  const value = args[index];
  if (typeof value !== 'string')
    throw new ExpressionError(
      `The template language function '${fn}' expects argument ${index + 1} to be a string; it is ${JSON.stringify(value) ?? 'null'}.`,
      { functionName: fn },
    );
  return value;
}

/** A value about to be computed with: an unknown inside it makes the whole expression unknown. */
function consumable<T>(value: T): T {
  const unknown = unknownInside(value);
  if (unknown !== undefined) throw new UnknownInterrupt('reads a value known only at deployment', unknown);
  return value;
}

function idFunction(fn: string, call: (frame: EvalFrame, args: string[]) => string): ArmFunction {
  return {
    name: fn,
    minArgs: 2,
    maxArgs: Number.POSITIVE_INFINITY,
    call(args, ctx) {
      const frame = frameOf(ctx, fn);
      const strings = args.map((_, i) => stringArg(fn, args, i));
      try {
        return call(frame, strings);
      } catch (error) {
        if (error instanceof ResourceIdError)
          throw new ExpressionError(`The template language function '${fn}': ${error.message}.`, {
            functionName: fn,
          });
        throw error;
      }
    },
  };
}

/** The first argument that holds a '/' is the resource type; those before it are the scope. */
function splitAtType(args: string[], maxPrefix: number): { prefix: string[]; type: string; names: string[] } {
  const at = args.findIndex((a) => a.includes('/'));
  if (at === -1 || at > maxPrefix || at === args.length - 1)
    throw new ResourceIdError(
      `expected ${maxPrefix > 0 ? `up to ${maxPrefix} scope argument(s), then ` : ''}a resource type with its namespace ('Microsoft.Compute/virtualMachines') and at least one name; got (${args.map((a) => `'${a}'`).join(', ')})`,
    );
  return { prefix: args.slice(0, at), type: args[at]!, names: args.slice(at + 1) };
}

function unknownFunction(name: string, minArgs: number, maxArgs: number, why: string): ArmFunction {
  return {
    name,
    minArgs,
    maxArgs,
    call() {
      throw new UnknownInterrupt(why);
    },
  };
}

/** The loop `copyIndex` reads: by name, or the innermost resource (or output) loop. */
function loopFor(frame: EvalFrame, name: string | undefined): LoopFrame {
  if (name !== undefined) {
    const lower = name.toLowerCase();
    for (let loop = frame.loops; loop; loop = loop.parent) if (loop.lowerName === lower) return loop;
    throw new ExpressionError(
      `copyIndex('${name}'): there is no copy loop named '${name}' around this expression.`,
      {
        functionName: 'copyIndex',
      },
    );
  }
  for (let loop = frame.loops; loop; loop = loop.parent)
    if (loop.kind === 'resource' || loop.kind === 'output') return loop;
  if (frame.loops) return frame.loops;
  throw new ExpressionError(
    "copyIndex() can only be used inside a copy loop ('copy' on a resource, property or variable).",
    {
      functionName: 'copyIndex',
    },
  );
}

const contextFunctions: ArmFunction[] = [
  {
    name: 'parameters',
    minArgs: 1,
    maxArgs: 1,
    call(args, ctx) {
      const frame = frameOf(ctx, 'parameters');
      const name = stringArg('parameters', args, 0);
      if (frame.functionArguments) return functionArgument(frame, name);
      return consumable(frame.scope.parameters.readRaw(name));
    },
  },
  {
    name: 'variables',
    minArgs: 1,
    maxArgs: 1,
    call(args, ctx) {
      const frame = frameOf(ctx, 'variables');
      const name = stringArg('variables', args, 0);
      if (frame.section === 'function')
        throw new ExpressionError(VARIABLES_IN_FUNCTION, { functionName: 'variables' });
      return consumable(frame.scope.variables.readRaw(name));
    },
  },
  {
    name: 'copyIndex',
    minArgs: 0,
    maxArgs: 2,
    call(args, ctx) {
      const frame = frameOf(ctx, 'copyIndex');
      let name: string | undefined;
      let offset = 0;
      if (args.length === 2) {
        name = stringArg('copyIndex', args, 0);
        offset = integerArg('copyIndex', args[1]);
      } else if (args.length === 1) {
        if (typeof args[0] === 'string') name = args[0];
        else offset = integerArg('copyIndex', args[0]);
      }
      return loopFor(frame, name).index + offset;
    },
  },
  {
    name: 'resourceGroup',
    minArgs: 0,
    maxArgs: 0,
    call(_args, ctx) {
      const frame = frameOf(ctx, 'resourceGroup');
      if (frame.scope.target.level !== 'resourceGroup')
        throw new ExpressionError(
          `resourceGroup() can only be used in a template deployed to a resource group; this one is deployed to a ${frame.scope.target.level}.`,
          { functionName: 'resourceGroup' },
        );
      return resourceGroupObject(frame.scope.target);
    },
  },
  {
    name: 'subscription',
    minArgs: 0,
    maxArgs: 0,
    // "subscription - can only be used in deployments to a resource group or subscription" (template-expressions.md).
    call(_args, ctx) {
      const target = frameOf(ctx, 'subscription').scope.target;
      if (target.level === 'managementGroup' || target.level === 'tenant')
        throw new ExpressionError(
          `subscription() can only be used in a template deployed to a resource group or a subscription; this one is deployed to a ${target.level}.`,
          { functionName: 'subscription' },
        );
      return subscriptionObject(target);
    },
  },
  {
    name: 'tenant',
    minArgs: 0,
    maxArgs: 0,
    call: (_args, ctx) => tenantObject(frameOf(ctx, 'tenant').scope.target),
  },
  {
    name: 'managementGroup',
    minArgs: 0,
    maxArgs: 0,
    // "managementGroup() can only be used on a management group deployments" (…-scope.md#managementgroup).
    call(_args, ctx) {
      const target = frameOf(ctx, 'managementGroup').scope.target;
      if (target.level !== 'managementGroup')
        throw new ExpressionError(
          `managementGroup() can only be used in a template deployed to a management group; this one is deployed to a ${target.level}.`,
          { functionName: 'managementGroup' },
        );
      return managementGroupObject(target);
    },
  },
  {
    name: 'deployment',
    minArgs: 0,
    maxArgs: 0,
    call: (_args, ctx) => frameOf(ctx, 'deployment').scope.deployment,
  },
  { name: 'environment', minArgs: 0, maxArgs: 0, call: () => AZURE_CLOUD },
  idFunction('resourceId', (frame, args) => {
    const target = frame.scope.target;
    const { prefix, type, names } = splitAtType(args, 2);
    const path = providerPath(type, names);
    if (prefix.length === 0) {
      if (target.level === 'resourceGroup')
        return `/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroup}${path}`;
      if (target.level === 'subscription') return `/subscriptions/${target.subscriptionId}${path}`;
      return path;
    }
    const subscription = prefix.length === 2 ? prefix[0]! : target.subscriptionId;
    return `/subscriptions/${subscription}/resourceGroups/${prefix[prefix.length - 1]}${path}`;
  }),
  idFunction('subscriptionResourceId', (frame, args) => {
    const { prefix, type, names } = splitAtType(args, 1);
    return `/subscriptions/${prefix[0] ?? frame.scope.target.subscriptionId}${providerPath(type, names)}`;
  }),
  idFunction('tenantResourceId', (_frame, args) => {
    const { type, names } = splitAtType(args, 0);
    return providerPath(type, names);
  }),
  idFunction('managementGroupResourceId', (frame, args) => {
    const { prefix, type, names } = splitAtType(args, 1);
    const group = prefix[0] ?? frame.scope.target.managementGroup ?? frame.scope.target.tenantId;
    return `/providers/Microsoft.Management/managementGroups/${group}${providerPath(type, names)}`;
  }),
  {
    name: 'extensionResourceId',
    minArgs: 3,
    maxArgs: Number.POSITIVE_INFINITY,
    call(args) {
      const strings = args.map((_, i) => stringArg('extensionResourceId', args, i));
      const base = strings[0]!.endsWith('/') ? strings[0]!.slice(0, -1) : strings[0]!;
      try {
        return base + providerPath(strings[1]!, strings.slice(2));
      } catch (error) {
        if (error instanceof ResourceIdError)
          throw new ExpressionError(
            `The template language function 'extensionResourceId': ${error.message}.`,
            {
              functionName: 'extensionResourceId',
            },
          );
        throw error;
      }
    },
  },
  {
    name: 'resourceInfo',
    minArgs: 1,
    maxArgs: 1,
    call(args, ctx) {
      const frame = frameOf(ctx, 'resourceInfo');
      const name = stringArg('resourceInfo', args, 0);
      const info = frame.scope.symbols?.resourceInfo(name);
      if (info === undefined)
        throw new ExpressionError(
          `resourceInfo('${name}'): no resource has that symbolic name in this template.`,
          {
            functionName: 'resourceInfo',
          },
        );
      return info;
    },
  },
  {
    name: DEPLOYMENT_OUTPUT_FUNCTION,
    minArgs: 2,
    maxArgs: 2,
    call(args, ctx) {
      const frame = frameOf(ctx, 'reference');
      const target = stringArg('reference', args, 0);
      const name = stringArg('reference', args, 1);
      const outputs = frame.scope.symbols?.deploymentOutputs(target);
      if (outputs === undefined) throw new UnknownInterrupt('reference() reads a deployed resource');
      const lower = name.toLowerCase();
      const key = Object.keys(outputs).find((k) => k.toLowerCase() === lower);
      if (key === undefined)
        throw new ExpressionError(`The deployment '${target}' has no output named '${name}'.`, {
          functionName: 'reference',
        });
      const output = outputs[key];
      return consumable(isJsonObject(output) ? output.value : output);
    },
  },
  {
    name: DECLARED_CHILD_FUNCTION,
    minArgs: 4,
    maxArgs: 4,
    call(args, ctx) {
      const frame = frameOf(ctx, 'reference');
      const [target, collection, index, field] = args;
      const found =
        typeof target === 'string' && typeof index === 'number'
          ? frame.scope.symbols?.declaredChild(target, collection as string, index, field as 'id' | 'name')
          : undefined;
      if (found === undefined) throw new UnknownInterrupt('reference() reads a deployed resource');
      return found;
    },
  },
  {
    name: DECLARED_CHILDREN_FUNCTION,
    minArgs: 2,
    maxArgs: 2,
    call(args, ctx) {
      const frame = frameOf(ctx, 'reference');
      const [target, collection] = args;
      const found =
        typeof target === 'string'
          ? frame.scope.symbols?.declaredChildren(target, collection as string)
          : undefined;
      if (found === undefined) throw new UnknownInterrupt('reference() reads a deployed resource');
      return consumable(found);
    },
  },
  {
    name: 'utcNow',
    minArgs: 0,
    maxArgs: 1,
    // Only a parameter's defaultValue may call utcNow (templates/template-functions-date.md#utcnow): there it
    // is the deployment time, which a scan fixes; anywhere else its value would be decided by the deployment.
    call(args, ctx) {
      const frame = frameOf(ctx, 'utcNow');
      if (frame.section !== 'parameter') throw new UnknownInterrupt('utcNow() is the deployment time');
      const format = args.length > 0 ? stringArg('utcNow', args, 0) : "yyyyMMdd'T'HHmmss'Z'";
      return withDates('utcNow', () => formatDateTime(instantFromDate(frame.scope.now), format));
    },
  },
  unknownFunction('reference', 1, 3, 'reference() reads a deployed resource'),
  unknownFunction('references', 1, 2, 'references() reads deployed resources'),
  unknownFunction('newGuid', 0, 0, 'newGuid() is a new value on every deployment'),
  unknownFunction('pickZones', 3, 5, 'pickZones() depends on the region at deployment'),
  unknownFunction('providers', 1, 2, 'providers() reads the resource provider registry'),
  unknownFunction('deployer', 0, 0, 'deployer() is the identity that deploys'),
];

function integerArg(fn: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value))
    throw new ExpressionError(`The template language function '${fn}' expects an integer offset.`, {
      functionName: fn,
    });
  return value;
}

/**
 * The function table for templates: `list*` names are many and provider-defined
 * (templates/template-functions-resource.md#list), so any function whose name starts with `list` and is
 * not otherwise defined is one of them: a value known only at deployment.
 */
export class TemplateFunctionRegistry extends FunctionRegistry {
  readonly #lists = new Map<string, ArmFunction>();

  override getLower(lowerName: string): ArmFunction | undefined {
    const found = super.getLower(lowerName);
    if (found !== undefined || !lowerName.startsWith('list') || lowerName.includes('.')) return found;
    let list = this.#lists.get(lowerName);
    if (list === undefined) {
      // list{Value}(resourceName or resourceIdentifier, apiVersion, [functionValues]): the API version is required.
      list = unknownFunction(lowerName, 2, 3, 'list*() reads secrets and keys of a deployed resource');
      this.#lists.set(lowerName, list);
    }
    return list;
  }
}

const CONTEXT_NAMES = new Set(contextFunctions.map((f) => f.name.toLowerCase()));

/** Every template function, with the template's own user-defined functions added. */
export function templateRegistry(userFunctions: readonly ArmFunction[] = []): FunctionRegistry {
  return new TemplateFunctionRegistry([
    ...templateFunctions.filter((f) => !CONTEXT_NAMES.has(f.name.toLowerCase())),
    ...contextFunctions,
    ...userFunctions,
  ]);
}
