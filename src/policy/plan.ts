import { compileExpression, defaultRegistry, isExpression, parseExpression } from '../arm-expr/index.ts';
import type { InputError } from '../util/input-error.ts';
import type { JsonValue } from '../util/json.ts';
import { AliasTable } from './aliases/index.ts';
import { type CompiledDefinition, compileDefinition } from './compile.ts';
import type { PolicyDefinition, PolicySetDefinition } from './definition.ts';
import { versionMatches } from './definition-version.ts';
import { DefinitionError } from './engine/errors.ts';
import { resolveParameters } from './parameters.ts';

export interface PolicyPlan {
  compiled: CompiledDefinition[];
  errors: InputError[];
  /** Initiative references to definitions that were not loaded: skipped, and said so. */
  warnings: InputError[];
}

export interface PlanOptions {
  /** Assignment parameter values (lower-cased names), applied to standalone definitions and initiatives. */
  parameters?: ReadonlyMap<string, JsonValue>;
  parametersFrom?: string;
  /** Evaluate the standalone definitions too, not only through initiatives (default true). */
  standalone?: boolean;
  table?: AliasTable;
}

/**
 * Compiles what will run: each standalone definition with the assignment's parameters, and each
 * initiative's references with the values the initiative passes them. A definition that cannot
 * compile becomes an error naming its file and JSON path; the others still run.
 */
export function planPolicies(
  definitions: readonly PolicyDefinition[],
  initiatives: readonly PolicySetDefinition[],
  options: PlanOptions = {},
): PolicyPlan {
  const table = options.table ?? AliasTable.load();
  const supplied = options.parameters ?? new Map<string, JsonValue>();
  const from = options.parametersFrom ?? 'the parameters file';
  const plan: PolicyPlan = { compiled: [], errors: [], warnings: [] };
  const fail = (file: string, e: unknown) => {
    if (e instanceof DefinitionError) plan.errors.push({ file, pointer: e.pointer, message: e.message });
    else throw e;
  };

  if (options.standalone ?? true) {
    for (const definition of definitions) {
      try {
        plan.compiled.push(
          compileDefinition(definition, { table, parameters: supplied, parametersFrom: from }),
        );
      } catch (e) {
        fail(definition.source.file, e);
      }
    }
  }

  const byName = new Map<string, PolicyDefinition>();
  for (const d of definitions) {
    byName.set(d.name.toLowerCase(), d);
    if (d.id) byName.set(d.id.toLowerCase(), d);
  }
  for (const initiative of initiatives) {
    let initiativeValues: Map<string, JsonValue>;
    try {
      initiativeValues = resolveParameters(initiative.parameters, supplied, initiative.source.pointer, from);
    } catch (e) {
      fail(initiative.source.file, e);
      continue;
    }
    const missing: string[] = [];
    const otherVersions: string[] = [];
    for (const ref of initiative.policyDefinitions) {
      const target =
        byName.get(ref.policyDefinitionId.toLowerCase()) ?? byName.get(lastSegment(ref.policyDefinitionId));
      const named = ref.policyDefinitionReferenceId ?? lastSegment(ref.policyDefinitionId);
      if (!target) {
        missing.push(named);
        continue;
      }
      if (ref.definitionVersion && target.version && !versionMatches(ref.definitionVersion, target.version))
        otherVersions.push(`${named} asks for ${ref.definitionVersion}, the file holds ${target.version}`);
      try {
        const values = referenceValues(ref.parameters, initiativeValues, ref.pointer);
        const compiled = compileDefinition(target, {
          table,
          parameters: values,
          parametersFrom: `initiative '${initiative.name}' reference ${ref.policyDefinitionReferenceId ?? ref.policyDefinitionId}`,
        });
        compiled.initiative = {
          name: initiative.name,
          ...(initiative.displayName !== undefined && { displayName: initiative.displayName }),
          ...(ref.policyDefinitionReferenceId !== undefined && {
            referenceId: ref.policyDefinitionReferenceId,
          }),
          ...(initiative.id !== undefined && { id: initiative.id }),
        };
        plan.compiled.push(compiled);
      } catch (e) {
        if (e instanceof DefinitionError && e.pointer.startsWith(ref.pointer))
          fail(initiative.source.file, e);
        else fail(target.source.file, e);
      }
    }
    const warn = (some: string[], what: string) =>
      plan.warnings.push({
        file: initiative.source.file,
        pointer: '/properties/policyDefinitions',
        message: `initiative '${initiative.displayName ?? initiative.name}': ${some.length} of ${initiative.policyDefinitions.length} ${what}`,
      });
    if (otherVersions.length > 0)
      warn(
        otherVersions,
        `references ask for a version of their definition other than the one loaded, which was evaluated instead and may judge differently (${listSome(otherVersions, 5)})`,
      );
    if (missing.length > 0)
      warn(
        missing,
        `referenced definitions are not among the loaded definitions and were skipped (${listSome(missing)}); add them with --definitions`,
      );
  }
  return plan;
}

/** Evaluates `[parameters('x')]` and other expressions an initiative passes to a definition. */
function referenceValues(
  passed: Record<string, JsonValue>,
  initiativeValues: ReadonlyMap<string, JsonValue>,
  pointer: string,
): Map<string, JsonValue> {
  const registry = defaultRegistry.extend([
    {
      name: 'parameters',
      minArgs: 1,
      maxArgs: 1,
      pure: true,
      call([name]) {
        const value = typeof name === 'string' ? initiativeValues.get(name.toLowerCase()) : undefined;
        if (value === undefined)
          throw new DefinitionError(`the initiative has no parameter '${String(name)}'`, pointer);
        return value;
      },
    },
  ]);
  const values = new Map<string, JsonValue>();
  for (const [name, value] of Object.entries(passed)) {
    if (typeof value === 'string' && isExpression(value)) {
      try {
        const compiled = compileExpression(parseExpression(value), registry);
        values.set(name.toLowerCase(), compiled.evaluate(undefined) as JsonValue);
      } catch (e) {
        if (e instanceof DefinitionError) throw e;
        throw new DefinitionError(
          `parameter '${name}': ${(e as Error).message}`,
          `${pointer}/parameters/${name}`,
        );
      }
    } else values.set(name.toLowerCase(), value);
  }
  return values;
}

function lastSegment(id: string): string {
  return (id.split('/').pop() ?? id).toLowerCase();
}

/** A long list named by its first few members: a warning line should fit on a screen. */
function listSome(names: readonly string[], shown = 10): string {
  if (names.length <= shown) return names.join(', ');
  return `${names.slice(0, shown).join(', ')} and ${names.length - shown} more`;
}
