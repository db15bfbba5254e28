import { readFile } from 'node:fs/promises';
import { withJitState } from '../jit/current-estate.ts';
import { JitInputError } from '../jit/errors.ts';
import { loadPolicyFiles, readParameterValues } from '../policy/load.ts';
import { loadSnapshots } from '../sources/snapshot/load.ts';
import {
  classifyFile,
  collectScanInputs,
  type DeploymentContext,
  expandTemplateFile,
  type TemplateInput,
  templateInventory,
} from '../sources/template/index.ts';
import type { InputError } from '../util/input-error.ts';
import { isJsonObject, type JsonValue } from '../util/json.ts';
import { parseJsonText } from '../util/parse-json.ts';
import { readExemptions } from './exemptions.ts';
import { type ScanOptions, type ScanReport, scan } from './scan.ts';

/**
 * The main job from files to reports, for the CLI and any other shell: snapshots are loaded into one
 * inventory and assessed together; each ARM template is expanded into an inventory of its own (one
 * deployment; two templates naming a `vnet` must not be one resource) and assessed with the same
 * benchmark. Bad input never stops the run: it is collected with its file and position.
 */

export interface ScanJob {
  /** Snapshot files, templates, directories (searched recursively), or `-` for stdin. */
  inputs: readonly string[];
  /** A deploymentParameters file for the templates, or recommendation parameters (told apart by shape). */
  parametersFile?: string;
  exemptionsFile?: string;
  /** An initiative (e.g. Microsoft's MCSB) to run after Vigil's assessments are published. */
  initiative?: { file: string; definitions: readonly string[] };
  now: Date;
  /** A JIT state directory (`vigil jit --state`): the snapshot is assessed with the NSG rules and JIT policies Vigil put. */
  jitState?: string;
  /** Where templates are taken to be deployed. */
  context: Partial<DeploymentContext>;
  step?: (message: string) => void;
}

export interface ScanSetEntry {
  kind: 'snapshot' | 'template';
  /** The template file, or the snapshot inputs joined. */
  input: string;
  parametersFile?: string;
  report: ScanReport;
}

export interface ScanJobResult {
  entries: ScanSetEntry[];
  /** Whether any input was a template (the report is then per input). */
  templates: boolean;
  errors: InputError[];
  warnings: InputError[];
  /** What applying the JIT state did first (a reconcile's changes). */
  notices: string[];
}

export async function runScanJob(job: ScanJob): Promise<ScanJobResult> {
  const step = job.step ?? (() => {});
  const errors: InputError[] = [];
  const templateParameters =
    job.parametersFile !== undefined && (await isTemplateParametersFile(job.parametersFile))
      ? job.parametersFile
      : undefined;
  const collected = await collectScanInputs(
    job.inputs,
    templateParameters ? { parametersFile: templateParameters } : {},
  );
  errors.push(...collected.errors);
  const scanSnapshots = collected.snapshots.length > 0 || collected.templates.length === 0;
  step(`Loading ${collected.snapshots.length} snapshot input(s)`);
  const snapshot = await loadSnapshots(scanSnapshots ? collected.snapshots : []);
  errors.push(...snapshot.errors);
  let inventory = snapshot.inventory;
  const notices: string[] = [];
  if (job.jitState !== undefined && scanSnapshots) {
    try {
      const current = await withJitState(inventory, job.jitState);
      inventory = current.inventory;
      notices.push(...current.notices.map((n) => n.message));
    } catch (e) {
      if (!(e instanceof JitInputError)) throw e;
      errors.push(...e.problems.map((message) => ({ file: job.jitState!, message })));
    }
  }

  const exemptions = job.exemptionsFile
    ? await readJsonFile(job.exemptionsFile, errors, (v) => readExemptions(v, job.exemptionsFile!))
    : undefined;
  const parameters =
    job.parametersFile && !templateParameters
      ? (
          await readJsonFile(job.parametersFile, errors, (v) =>
            readRecommendationParameters(v, job.parametersFile!),
          )
        )?.parameters
      : undefined;
  let initiative: ScanOptions['initiative'];
  if (job.initiative) {
    step('Loading the initiative and its definitions');
    const sets = await loadPolicyFiles([job.initiative.file]);
    const definitions = await loadPolicyFiles([...job.initiative.definitions]);
    errors.push(...sets.errors, ...definitions.errors);
    if (sets.initiatives.length === 0 && sets.errors.length === 0)
      errors.push({ file: job.initiative.file, message: 'no policySetDefinition (initiative) in this file' });
    initiative = {
      definitions: [...definitions.definitions, ...sets.definitions],
      initiatives: sets.initiatives,
    };
  }

  const options: ScanOptions = {
    now: job.now,
    ...(exemptions && { exemptions: exemptions.exemptions }),
    ...(parameters && { parameters }),
    ...(initiative && { initiative }),
  };
  const entries: ScanSetEntry[] = [];
  const warnings: InputError[] = [...collected.warnings, ...snapshot.warnings];
  if (scanSnapshots) {
    step(`Assessing ${inventory.size} resources`);
    entries.push({
      kind: 'snapshot',
      input: collected.snapshots.join(', '),
      report: scan(inventory, options),
    });
  }
  for (const template of collected.templates) {
    step(`Expanding ${template.file}`);
    entries.push(await scanTemplate(template, options, job.context, errors, warnings));
  }
  return { entries, templates: collected.templates.length > 0, errors, warnings, notices };
}

/** A template expanded (as far as it goes: errors are reported beside the findings) and assessed. */
async function scanTemplate(
  template: TemplateInput,
  options: ScanOptions,
  context: Partial<DeploymentContext>,
  errors: InputError[],
  warnings: InputError[],
): Promise<ScanSetEntry> {
  const expansion = await expandTemplateFile(template.file, {
    ...(template.parametersFile !== undefined && { parametersFile: template.parametersFile }),
    context,
  });
  errors.push(...expansion.errors);
  warnings.push(...expansion.warnings);
  const inventory = templateInventory(expansion);
  for (const w of inventory.warnings)
    warnings.push({
      file: w.origin?.file ?? template.file,
      ...(w.origin?.line !== undefined && { line: w.origin.line }),
      message: w.message,
    });
  return {
    kind: 'template',
    input: template.file,
    ...(template.parametersFile !== undefined && { parametersFile: template.parametersFile }),
    report: scan(inventory, options),
  };
}

async function isTemplateParametersFile(file: string): Promise<boolean> {
  return (await classifyFile(file).catch(() => 'other')) === 'parameters';
}

async function readJsonFile<T extends { errors: InputError[] }>(
  file: string,
  errors: InputError[],
  read: (value: JsonValue) => T,
): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    errors.push({ file, message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}` });
    return undefined;
  }
  const parsed = parseJsonText(text, file);
  if (!parsed.ok) {
    errors.push(parsed.error);
    return undefined;
  }
  const result = read(parsed.value);
  errors.push(...result.errors);
  return result;
}

/** `{"vm-allowed-sizes": {"listOfAllowedSKUs": [...]}}`; each value may also be wrapped as {"value": …}. */
function readRecommendationParameters(value: JsonValue, file: string) {
  const errors: InputError[] = [];
  const parameters = new Map<string, Record<string, JsonValue>>();
  if (!isJsonObject(value)) {
    errors.push({ file, message: 'expected an object keyed by recommendation id' });
    return { parameters, errors };
  }
  for (const [id, entry] of Object.entries(value)) {
    if (!isJsonObject(entry)) {
      errors.push({ file, pointer: `/${id}`, message: 'expected an object of parameter values' });
      continue;
    }
    parameters.set(id, Object.fromEntries(readParameterValues(entry, file).values));
  }
  return { parameters, errors };
}
