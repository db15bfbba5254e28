import { type ScanOptions, scan } from '../posture/scan.ts';
import type { ScanSetEntry } from '../report/scan-set.ts';
import {
  classifyFile,
  type DeploymentContext,
  expandTemplateFile,
  type TemplateInput,
  templateInventory,
} from '../sources/template/index.ts';
import type { InputError } from '../util/input-error.ts';

/**
 * `vigil scan` over ARM templates: each template (with its parameters) expanded into an inventory of its
 * own and assessed with the same benchmark as a snapshot. A template with errors is still scanned as far
 * as it expanded; its errors are reported beside the findings.
 */
export async function scanTemplates(
  templates: readonly TemplateInput[],
  options: ScanOptions,
  context: Partial<DeploymentContext>,
  step: (message: string) => void,
): Promise<{ entries: ScanSetEntry[]; errors: InputError[]; warnings: InputError[] }> {
  const entries: ScanSetEntry[] = [];
  const errors: InputError[] = [];
  const warnings: InputError[] = [];
  for (const template of templates) {
    step(`Expanding ${template.file}`);
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
    entries.push({
      kind: 'template',
      input: template.file,
      ...(template.parametersFile !== undefined && { parametersFile: template.parametersFile }),
      report: scan(inventory, options),
    });
  }
  return { entries, errors, warnings };
}

/** Whether `--parameters` names a template parameters file rather than recommendation parameters. */
export async function isTemplateParametersFile(file: string): Promise<boolean> {
  return (await classifyFile(file).catch(() => 'other')) === 'parameters';
}
