import { AliasTable } from '../../policy/aliases/index.ts';
import type { AssignmentReach } from '../../policy/assignment.ts';
import { applyEffectOverrides, effectKey, unknownReferences } from '../../policy/assignment-effects.ts';
import { AssignmentFilter, assignedResults } from '../../policy/assignment-filter.ts';
import type { PolicyDocument } from '../../policy/definition.ts';
import { versionMatches } from '../../policy/definition-version.ts';
import { DefinitionError } from '../../policy/engine/errors.ts';
import { estateOf } from '../../policy/estate.ts';
import { evaluatePolicies, newStats, type PolicyResult } from '../../policy/evaluate.ts';
import { type LoadedPolicies, loadParameterValues, loadPolicyFiles } from '../../policy/load.ts';
import { resolveParameters } from '../../policy/parameters.ts';
import { type PolicyPlan, planPolicies } from '../../policy/plan.ts';
import { policyResultsChunks } from '../../report/policy-results.ts';
import { loadSnapshots } from '../../sources/snapshot/load.ts';
import { formatInputError, type InputError } from '../../util/input-error.ts';
import type { JsonValue } from '../../util/json.ts';
import { flagOption, listOption, parseCommandLine, stringOption } from '../args.ts';
import type { Command } from '../command.ts';
import { EXIT_BAD_INPUT, EXIT_OK, type Io, reportInputErrors, UsageError, writeOut } from '../io.ts';
import { nowOption } from '../iso-time.ts';

const USAGE = `Usage: vigil policy eval --definitions <file|dir>... --inventory <file|dir|->... [options]

Evaluates Azure Policy definitions and initiatives against a snapshot of ARM resources, offline,
and says for each (definition, resource) pair compliant / nonCompliant / error and why.

Options:
  --definitions, -d <path>  policy definition or initiative JSON (file or directory; repeatable)
  --inventory, -i <path>    snapshot: Resource Graph export, ARM list, az show output, JSON Lines (repeatable)
  --parameters, -p <file>   assignment parameter values ({"name": {"value": ...}}), or the
                            assignment itself (az policy assignment show, Get-AzPolicyAssignment):
                            then only its scope minus notScopes is reported, narrowed by its
                            resourceSelectors, with the effects its overrides set
  --all                     also list notApplicable pairs
  --format <table|json>     output format (default table)
  --now <iso-date>          the time utcNow() returns (default: now)

Exit status: 0 when the run completes (findings are data), 2 on bad input.`;

export const policyEvalCommand: Command = {
  path: ['policy', 'eval'],
  summary: 'evaluate Azure Policy definitions against a resource snapshot',
  usage: USAGE,
  async run(args: string[], io: Io): Promise<number> {
    const parsed = parseCommandLine(args, OPTIONS);
    if (parsed.positionals.length > 0) throw new UsageError(`unexpected argument '${parsed.positionals[0]}'`);
    const definitions = listOption(parsed, 'definitions');
    const inventories = listOption(parsed, 'inventory');
    if (definitions.length === 0) throw new UsageError('--definitions is required');
    if (inventories.length === 0) throw new UsageError('--inventory is required');
    const format = stringOption(parsed, 'format') ?? 'table';
    if (format !== 'table' && format !== 'json')
      throw new UsageError(`--format must be table or json, not '${format}'`);
    const now = nowOption(stringOption(parsed, 'now')) ?? new Date();
    const parametersFile = stringOption(parsed, 'parameters');

    const errors: InputError[] = [];
    const policies = await loadPolicyFiles(definitions);
    errors.push(...policies.errors);
    if (policies.definitions.length + policies.initiatives.length === 0 && policies.errors.length === 0) {
      // A directory without *.json files, or files holding empty lists: nothing would be evaluated.
      errors.push({
        file: definitions.join(', '),
        message: `no policy definition or initiative found (read ${policies.files} *.json file(s))`,
      });
    }
    let parameters = new Map<string, JsonValue>();
    let assignment: AssignmentReach | undefined;
    const assignmentWarnings: InputError[] = [];
    // Results without the values or the assignment the user gave would answer another question (defaults,
    // the whole snapshot, effects not overridden): where those cannot be read, nothing is evaluated.
    let unreadParameters = false;
    if (parametersFile) {
      const loaded = await loadParameterValues(parametersFile);
      if (loaded.error) {
        errors.push(loaded.error);
        unreadParameters = true;
      }
      parameters = loaded.values;
      assignment = loaded.assignment;
      assignmentWarnings.push(...(loaded.warnings ?? []));
    }
    const snapshot = await loadSnapshots(inventories);
    errors.push(...snapshot.errors);
    const assigned = assignment && assignedDocument(policies, assignment.policyDefinitionId);
    if (assignment !== undefined && assigned === undefined)
      assignmentWarnings.push({
        file: parametersFile!,
        message: `the assignment assigns ${assignment.policyDefinitionId}, which is not among the loaded definitions and initiatives: every loaded one was evaluated under the assignment`,
      });
    const asked = assignment?.definitionVersion;
    if (asked && assigned?.version && !versionMatches(asked, assigned.version))
      assignmentWarnings.push({
        file: parametersFile!,
        message: `the assignment asks for version ${asked} of ${assigned.displayName ?? assigned.name}; the loaded file holds ${assigned.version}, which was evaluated instead and may judge differently`,
      });
    // Without the values, a definition's errors would be about values the file may well give.
    const plan: PolicyPlan = unreadParameters
      ? { compiled: [], errors: [], warnings: [] }
      : planPolicies(
          assigned?.kind === 'definition' ? [assigned] : policies.definitions,
          assigned?.kind === 'initiative' ? [assigned] : assigned ? [] : policies.initiatives,
          {
            parameters,
            standalone: assigned?.kind !== 'initiative',
            parametersFrom: parametersFile ?? 'the parameters file',
          },
        );
    errors.push(...plan.errors);
    // Azure refuses an assignment whose values the assigned definition or initiative refuses (type,
    // allowedValues, a required value missing; definition-structure-parameters.md): the plan's error says
    // why, and nothing is evaluated, as for an override Azure refuses.
    if (assigned !== undefined && refusesValues(assigned, parameters, parametersFile!))
      unreadParameters = true;
    if (parametersFile && !unreadParameters)
      plan.warnings.push(...undeclaredParameters(parameters, policies, parametersFile));

    const stats = newStats();
    const all = flagOption(parsed, 'all');
    const estate = estateOf(snapshot.inventory);
    let compiled = plan.compiled;
    let results: Iterable<PolicyResult>;
    let filter: AssignmentFilter | undefined;
    if (unreadParameters) {
      results = [];
    } else if (assignment === undefined) {
      results = evaluatePolicies(compiled, estate, { includeNotApplicable: all, now }, stats);
    } else {
      // The assignment's scope, notScopes, resource selectors and overrides decide what it reports.
      const overridden = applyEffectOverrides(
        compiled,
        assignment.overrides,
        parametersFile!,
        AliasTable.load(),
      );
      errors.push(...overridden.errors);
      unreadParameters = overridden.errors.length > 0;
      if (assigned?.kind === 'initiative')
        assignmentWarnings.push(
          ...unknownReferences(
            assignment.overrides,
            assigned.policyDefinitions.flatMap((r) => r.policyDefinitionReferenceId ?? []),
            parametersFile!,
          ),
        );
      if (unreadParameters) {
        results = [];
      } else {
        compiled = overridden.compiled;
        filter = new AssignmentFilter(assignment, snapshot.inventory, overridden.ownEffects);
        const every = evaluatePolicies(compiled, estate, { includeNotApplicable: true, now }, newStats());
        results = assignedResults(every, filter, stats, all);
      }
    }
    if (!unreadParameters) await writeOut(io, policyResultsChunks(results, format));

    reportInputErrors(io, errors);
    for (const [where, why] of filter?.undecided ?? [])
      assignmentWarnings.push({ file: parametersFile!, message: `assignment ${where}: ${why}` });
    for (const warning of [...snapshot.warnings, ...plan.warnings, ...assignmentWarnings])
      io.err(`warning: ${formatInputError(warning)}\n`);
    // Overrides compile a definition once per effect it may run with: counted once, unless disabled.
    const definitionCount =
      assignment === undefined
        ? compiled.length
        : new Set(
            compiled
              .filter((c) => c.effect.name !== 'disabled')
              .map((c) => effectKey(c.initiative?.name, c.initiative?.referenceId, c.definition.name)),
          ).size;
    const summary = unreadParameters
      ? `nothing evaluated: ${parametersFile} could not be read whole (see above), and results without all of it would answer another question; ${errors.length} input error(s)\n`
      : `${definitionCount} definition(s) evaluated against ` +
        (filter === undefined
          ? `${snapshot.inventory.size} resource(s): `
          : `${filter.reached.size} of ${snapshot.inventory.size} resource(s), those the assignment reaches: `) +
        `${stats.byCompliance.nonCompliant} non-compliant, ${stats.byCompliance.compliant} compliant, ` +
        `${stats.byCompliance.error} error, ${stats.byCompliance.notApplicable} not applicable` +
        (stats.byCompliance.unknown ? `, ${stats.byCompliance.unknown} unknown` : '') +
        (stats.byCompliance.protected ? `, ${stats.byCompliance.protected} protected` : '') +
        `; ${errors.length} input error(s)\n`;
    (format === 'json' ? io.err : io.out)(summary);
    return errors.length > 0 ? EXIT_BAD_INPUT : EXIT_OK;
  },
};

/** The loaded definition or initiative an assignment assigns: by its full id, else by its name. */
function assignedDocument(policies: LoadedPolicies, policyDefinitionId: string): PolicyDocument | undefined {
  const id = policyDefinitionId.toLowerCase();
  const name = id.split('/').pop();
  const isInitiative = id.includes('/policysetdefinitions/');
  const candidates: PolicyDocument[] = isInitiative ? policies.initiatives : policies.definitions;
  return (
    candidates.find((d) => d.id?.toLowerCase() === id) ??
    candidates.find((d) => d.name.toLowerCase() === name)
  );
}

/** Whether the assigned document refuses the assignment's parameter values (see resolveParameters). */
function refusesValues(
  document: PolicyDocument,
  values: ReadonlyMap<string, JsonValue>,
  file: string,
): boolean {
  try {
    resolveParameters(document.parameters, values, document.source.pointer, file);
    return false;
  } catch (e) {
    if (e instanceof DefinitionError) return true;
    throw e;
  }
}

/**
 * Values no loaded definition or initiative declares: a misspelt name would otherwise leave every
 * definition on its default without a word (Azure refuses an assignment with such a parameter).
 */
function undeclaredParameters(
  values: ReadonlyMap<string, JsonValue>,
  policies: LoadedPolicies,
  file: string,
): InputError[] {
  const declared = new Set<string>();
  for (const document of [...policies.definitions, ...policies.initiatives])
    for (const name of Object.keys(document.parameters)) declared.add(name.toLowerCase());
  return [...values.keys()]
    .filter((name) => !declared.has(name))
    .map((name) => ({
      file,
      message: `parameter '${name}' is declared by none of the loaded definitions and initiatives, so it is not used`,
    }));
}

const OPTIONS = {
  definitions: { type: 'list', short: 'd' },
  inventory: { type: 'list', short: 'i' },
  parameters: { type: 'string', short: 'p' },
  all: { type: 'boolean' },
  format: { type: 'string' },
  now: { type: 'string' },
} as const;
