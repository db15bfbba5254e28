import { readFile } from 'node:fs/promises';
import type { DeploymentContext } from './context.ts';
import type { TemplateDiagnostic } from './diagnostics.ts';
import { diagnostic } from './diagnostics.ts';
import { expandTemplate, resolveContext, type TemplateExpansion } from './expand.ts';
import { JsonSourceError, parseJsonWithPositions } from './json-source.ts';
import { ParameterFileError, type ProvidedParameters, readParameterFile } from './parameter-values.ts';

export interface ExpandFileOptions {
  /** A parameters file for the template. */
  parametersFile?: string;
  context?: Partial<DeploymentContext>;
}

/** Reads and checks a parameters file; problems come back as diagnostics naming the file. */
export async function loadParameterFile(
  file: string,
): Promise<{ parameters?: ProvidedParameters; errors: TemplateDiagnostic[] }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return {
      errors: [
        {
          severity: 'error',
          file,
          message: `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        },
      ],
    };
  }
  try {
    const { value, map } = parseJsonWithPositions(text);
    try {
      return { parameters: readParameterFile(value, file, map), errors: [] };
    } catch (error) {
      if (!(error instanceof ParameterFileError)) throw error;
      return { errors: [diagnostic('error', { file, map, pointer: error.pointer }, error.message)] };
    }
  } catch (error) {
    if (!(error instanceof JsonSourceError)) throw error;
    return {
      errors: [{ severity: 'error', file, ...error.position, message: `invalid JSON: ${error.message}` }],
    };
  }
}

/** Reads a template (and its parameters file) from disk and expands it. */
export async function expandTemplateFile(
  file: string,
  options: ExpandFileOptions = {},
): Promise<TemplateExpansion> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return {
      file,
      context: resolveContext(file, options.context),
      resources: [],
      outputs: {},
      linkedFiles: [],
      errors: [
        {
          severity: 'error',
          file,
          message: `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        },
      ],
      warnings: [],
    };
  }
  let parameters: ProvidedParameters | undefined;
  const parameterErrors: TemplateDiagnostic[] = [];
  if (options.parametersFile !== undefined) {
    const loaded = await loadParameterFile(options.parametersFile);
    parameters = loaded.parameters;
    parameterErrors.push(...loaded.errors);
  }
  const expansion = expandTemplate(text, file, {
    ...(parameters && { parameters }),
    ...(options.context && { context: options.context }),
  });
  expansion.errors.unshift(...parameterErrors);
  return expansion;
}
