import { defaultRegistry, FunctionRegistry, policyFunctions } from '../arm-expr/index.ts';
import type { JsonValue } from '../util/json.ts';
import type { AliasTable } from './aliases/index.ts';
import type { PolicyDefinition } from './definition.ts';
import { type Applicability, analyseApplicability } from './engine/applicability.ts';
import { type CompileContext, type Condition, compileCondition } from './engine/conditions.ts';
import { type CompiledEffect, compileEffect } from './engine/effects.ts';
import { DefinitionError } from './engine/errors.ts';
import type { FieldAccessor } from './engine/field-access.ts';
import { checkParameterReferences } from './engine/parameter-references.ts';
import { policyContextFunctions } from './engine/policy-functions.ts';
import { resolveParameters } from './parameters.ts';
import { member, pointerJoin } from './rule-json.ts';

export type PolicyMode = 'all' | 'indexed';

/** A definition ready to run: parameters bound, rule compiled to closures, effect resolved. */
export interface CompiledDefinition {
  definition: PolicyDefinition;
  mode: PolicyMode;
  condition: Condition;
  effect: CompiledEffect;
  applicability: Applicability;
  parameters: ReadonlyMap<string, JsonValue>;
  /** Set when the definition runs as part of an initiative. */
  initiative?: { name: string; displayName?: string; referenceId?: string; id?: string };
}

/** Azure's base function set: ARM's template functions minus those a policy rule may not use, plus policy's own. */
let policyRegistry: FunctionRegistry | undefined;
function basePolicyRegistry(): FunctionRegistry {
  if (!policyRegistry) {
    // definition-structure-policy-rule.md, "Policy functions": not available in a policy rule.
    const excluded = new Set([
      'copyindex',
      'datetimeadd',
      'datetimefromepoch',
      'datetimetoepoch',
      'deployment',
      'environment',
      'extensionresourceid',
      'lambda',
      'listaccountsas',
      'listkeys',
      'listsecrets',
      'managementgroup',
      'newguid',
      'pickzones',
      'providers',
      'reference',
      'resourceid',
      'subscriptionresourceid',
      'tenantresourceid',
      'tenant',
      'variables',
      // "lambda()" is excluded, and these take one as an argument: without it they cannot be called.
      'filter',
      'groupby',
      'map',
      'mapvalues',
      'reduce',
      'sort',
      'toobject',
    ]);
    const allowed = defaultRegistry
      .names()
      .filter((n) => !excluded.has(n.toLowerCase()) && !n.toLowerCase().startsWith('list'));
    policyRegistry = new FunctionRegistry(allowed.map((n) => defaultRegistry.get(n)!)).extend(
      policyFunctions,
    );
  }
  return policyRegistry;
}

export interface CompileOptions {
  table: AliasTable;
  /** Supplied parameter values, keyed by lower-cased name. */
  parameters: ReadonlyMap<string, JsonValue>;
  /** Where supplied values came from, for messages. */
  parametersFrom: string;
}

export function compileDefinition(definition: PolicyDefinition, options: CompileOptions): CompiledDefinition {
  const definitionPointer = definition.source.pointer;
  const mode = parseMode(definition);
  const parameters = resolveParameters(
    definition.parameters,
    options.parameters,
    definition.rulePointer.replace(/\/policyRule$/i, '') || definitionPointer,
    options.parametersFrom,
  );
  const ctx: CompileContext = {
    table: options.table,
    registry: basePolicyRegistry(),
    accessors: sharedAccessors(options.table),
  };
  ctx.registry = ctx.registry.extend(policyContextFunctions(parameters, ctx));

  const rule = definition.policyRule;
  const ifValue = member(rule, 'if');
  const thenValue = member(rule, 'then');
  if (ifValue === undefined) throw new DefinitionError('policyRule has no if', definition.rulePointer);
  if (thenValue === undefined) throw new DefinitionError('policyRule has no then', definition.rulePointer);
  const ifPointer = pointerJoin(definition.rulePointer, keyOf(rule, 'if'));
  const thenPointer = pointerJoin(definition.rulePointer, keyOf(rule, 'then'));
  checkParameterReferences(ifValue, parameters, ifPointer);
  checkParameterReferences(thenValue, parameters, thenPointer, true);
  const condition = compileCondition(ifValue, ctx, ifPointer);
  const effect = compileEffect(thenValue, ctx, thenPointer);
  return { definition, mode, condition, effect, applicability: analyseApplicability(condition), parameters };
}

const RESOURCE_PROVIDER_MODES = /^microsoft\.[a-z0-9.]+\.data$/i;

function parseMode(definition: PolicyDefinition): PolicyMode {
  const mode = definition.mode;
  // A definition without a mode is treated as Indexed (definition-structure-basics.md).
  if (mode === undefined || mode.toLowerCase() === 'indexed') return 'indexed';
  if (mode.toLowerCase() === 'all') return 'all';
  const pointer = definition.rulePointer.replace(/\/policyRule$/i, '/mode');
  if (RESOURCE_PROVIDER_MODES.test(mode)) {
    throw new DefinitionError(
      `mode '${mode}' is a resource-provider mode, evaluated inside that provider's data plane; Vigil evaluates Resource Manager modes (All, Indexed) only`,
      pointer,
    );
  }
  throw new DefinitionError(`unknown mode '${mode}' (expected All or Indexed)`, pointer);
}

function keyOf(object: Record<string, unknown>, key: string): string {
  if (key in object) return key;
  return Object.keys(object).find((k) => k.toLowerCase() === key.toLowerCase()) ?? key;
}

// Definitions compiled against one alias table share their field accessors, so an alias several
// definitions read is read once per resource.
const accessorsByTable = new WeakMap<AliasTable, Map<string, FieldAccessor>>();
function sharedAccessors(table: AliasTable): Map<string, FieldAccessor> {
  let accessors = accessorsByTable.get(table);
  if (accessors === undefined) {
    accessors = new Map();
    accessorsByTable.set(table, accessors);
  }
  return accessors;
}
