import type { Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { compareText } from '../../util/compare-text.ts';
import type { InputError } from '../../util/input-error.ts';
import { isJsonObject, type JsonValue } from '../../util/json.ts';
import { classifyFile, type DocumentKind } from './detect.ts';
import { parseJsonWithPositions } from './json-source.ts';

/**
 * Sorts `vigil scan` inputs into snapshots and ARM templates. Files named on the command line are
 * classified by content. A directory that holds no template or parameters file is handed to the snapshot
 * loader as it is, so snapshot scans behave exactly as before; in one that does, templates are found
 * recursively, paired with `<name>.parameters.json` beside them, and other JSON files are snapshots when
 * they look like one and are otherwise skipped with a warning (a template repository's `metadata.json`).
 */

export interface TemplateInput {
  file: string;
  parametersFile?: string;
}

export interface ScanInputs {
  snapshots: string[];
  templates: TemplateInput[];
  errors: InputError[];
  warnings: InputError[];
}

export interface CollectOptions {
  /** A parameters file for every template (`--parameters`), instead of pairing by name. */
  parametersFile?: string;
}

const JSON_EXTENSIONS = new Set(['.json', '.jsonl', '.ndjson']);

export async function collectScanInputs(
  paths: readonly string[],
  options: CollectOptions = {},
): Promise<ScanInputs> {
  const inputs: ScanInputs = { snapshots: [], templates: [], errors: [], warnings: [] };
  const templates: { file: string; fromDirectory: boolean }[] = [];
  const parameterFiles: string[] = [];
  for (const path of paths) {
    const info = path === '-' ? undefined : await stat(path).catch(() => undefined);
    if (info === undefined) {
      inputs.snapshots.push(path); // '-', or a path the snapshot loader reports as missing
      continue;
    }
    if (!info.isDirectory()) {
      const bicep = bicepBuildHint(path);
      if (bicep !== undefined) {
        inputs.errors.push({ file: path, message: bicep });
        continue;
      }
      const kind = await kindOf(path, inputs);
      if (kind === 'template') templates.push({ file: path, fromDirectory: false });
      else if (kind === 'parameters') parameterFiles.push(path);
      else inputs.snapshots.push(path);
      continue;
    }
    const files = await walk(path);
    const kinds = await Promise.all(files.map((f) => kindOf(f, inputs)));
    if (!kinds.some((k) => k === 'template' || k === 'parameters')) {
      inputs.snapshots.push(path);
      continue;
    }
    files.forEach((file, i) => {
      const kind = kinds[i];
      if (kind === 'template') templates.push({ file, fromDirectory: true });
      else if (kind === 'parameters') parameterFiles.push(file);
      else if (kind === 'snapshot') inputs.snapshots.push(file);
      else
        inputs.warnings.push({
          file,
          message: 'skipped: not a deployment template, a parameters file or a snapshot of resources',
        });
    });
  }

  const linked = await linkedTemplates(templates.map((t) => t.file));
  const used = new Set<string>();
  for (const template of templates) {
    // A template another one links by relativePath is scanned through its parent, with the parameters it passes.
    if (template.fromDirectory && linked.has(resolve(template.file))) continue;
    const parametersFile = options.parametersFile ?? (await pairedParameters(template.file, parameterFiles));
    if (parametersFile !== undefined) used.add(resolve(parametersFile));
    inputs.templates.push({ file: template.file, ...(parametersFile !== undefined && { parametersFile }) });
  }
  for (const file of parameterFiles) {
    if (!used.has(resolve(file)))
      inputs.warnings.push({
        file,
        message: `a parameters file with no template named ${templateNameFor(file)} beside it, so it is not used; give it with --parameters`,
      });
  }
  return inputs;
}

async function kindOf(file: string, inputs: ScanInputs): Promise<DocumentKind> {
  try {
    return await classifyFile(file);
  } catch (error) {
    inputs.errors.push({
      file,
      message: `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    });
    return 'other';
  }
}

/**
 * Vigil reads the ARM JSON that Bicep compiles to, not Bicep itself: a `.bicep` or `.bicepparam` file named
 * on the command line gets the command that builds it, rather than a JSON parse error.
 */
function bicepBuildHint(path: string): string | undefined {
  const extension = extname(path).toLowerCase();
  const name = basename(path, extname(path));
  if (extension === '.bicep')
    return `a Bicep file: build it first (az bicep build --file ${path}) and scan the ${name}.json it writes`;
  if (extension === '.bicepparam')
    return `a Bicep parameters file: build it first (az bicep build-params --file ${path}) and give the JSON it writes with --parameters`;
  return undefined;
}

/** The `<name>.parameters.json` beside a template, when there is one. */
export function parametersBeside(template: string): Promise<string | undefined> {
  return pairedParameters(template, []);
}

/** `x.json` pairs with `x.parameters.json` in the same directory (the quickstart and `az` convention). */
async function pairedParameters(template: string, listed: readonly string[]): Promise<string | undefined> {
  const candidate = join(dirname(template), `${basename(template, extname(template))}.parameters.json`);
  if (listed.some((f) => resolve(f) === resolve(candidate))) return candidate;
  const info = await stat(candidate).catch(() => undefined);
  return info?.isFile() ? candidate : undefined;
}

function templateNameFor(parametersFile: string): string {
  const name = basename(parametersFile);
  const lower = name.toLowerCase();
  return lower.endsWith('.parameters.json')
    ? `${name.slice(0, -'.parameters.json'.length)}.json`
    : '<name>.json';
}

/** Files the given templates link by a literal `templateLink.relativePath`. */
async function linkedTemplates(files: readonly string[]): Promise<Set<string>> {
  const linked = new Set<string>();
  for (const file of files) {
    let value: JsonValue;
    try {
      value = parseJsonWithPositions(await readFile(file, 'utf8')).value;
    } catch {
      continue; // the expansion reports it
    }
    collectLinks(value, dirname(file), linked);
  }
  return linked;
}

function collectLinks(value: JsonValue, directory: string, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collectLinks(item, directory, into);
    return;
  }
  if (!isJsonObject(value)) return;
  const link = value.templateLink;
  if (isJsonObject(link) && typeof link.relativePath === 'string' && !link.relativePath.startsWith('['))
    into.add(resolve(directory, link.relativePath));
  for (const key in value) collectLinks(value[key]!, directory, into);
}

/** JSON files under a directory, in name order; hidden directories and node_modules are not entered. */
async function walk(directory: string): Promise<string[]> {
  const entries: Dirent[] = await readdir(directory, { withFileTypes: true });
  entries.sort((a, b) => compareText(a.name, b.name));
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && entry.name !== 'node_modules') files.push(...(await walk(path)));
    } else if (entry.isFile() && JSON_EXTENSIONS.has(extname(entry.name).toLowerCase())) {
      files.push(path);
    }
  }
  return files;
}
