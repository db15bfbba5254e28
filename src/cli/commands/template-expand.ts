import {
  expandTemplateFile,
  parametersBeside,
  renderSnapshot,
  SNAPSHOT_FORMATS,
  type SnapshotFormat,
} from '../../sources/template/index.ts';
import { formatInputError } from '../../util/input-error.ts';
import { parseCommandLine, stringOption } from '../args.ts';
import type { Command } from '../command.ts';
import { EXIT_BAD_INPUT, EXIT_OK, type Io, UsageError } from '../io.ts';
import { nowOption } from '../iso-time.ts';
import {
  DEPLOYMENT_CONTEXT_OPTIONS,
  DEPLOYMENT_CONTEXT_USAGE,
  deploymentContextFrom,
} from '../template-context.ts';

const USAGE = `Usage: vigil template expand <template.json> [--parameters <file>] [--format json|jsonl] [options]

Expands an ARM template as Azure Resource Manager would deploy it — parameters, variables, copy loops,
conditions, child resources, nested and linked (relativePath) deployments — and prints the resources it
deploys as a snapshot that 'vigil scan' reads. Values known only at deployment (reference(), list*(),
newGuid()) are printed as {"$vigilUnknown": "<expression>"}. Bicep: build first with 'az bicep build'.

Options:
  --parameters <file>        a parameters file (deploymentParameters); default <template>.parameters.json
                             beside the template, when there is one (as 'vigil scan' pairs them)
  --format <json|jsonl>      an ARM list response {"value": [...]} (default) or one resource per line
  --now <iso-date>           the deployment time utcNow() stands for in parameter defaults

${DEPLOYMENT_CONTEXT_USAGE}

Errors and warnings go to standard error, each with file, line and JSON pointer.
Exit status: 0 expanded, 2 the template or its parameters have errors (what could be expanded is still printed).`;

export const templateExpandCommand: Command = {
  path: ['template', 'expand'],
  summary: 'expand an ARM template into the resources it deploys (a snapshot)',
  usage: USAGE,
  async run(args: string[], io: Io): Promise<number> {
    const parsed = parseCommandLine(args, OPTIONS);
    if (parsed.positionals.length !== 1) throw new UsageError('give exactly one template file');
    // Linked templates resolve relative to the template's own path, so there is no reading it from a pipe.
    if (parsed.positionals[0] === '-')
      throw new UsageError("give the template's file: '-' (standard input) is not read here");
    const format = (stringOption(parsed, 'format') ?? 'json') as SnapshotFormat;
    if (!SNAPSHOT_FORMATS.includes(format))
      throw new UsageError(`--format must be one of ${SNAPSHOT_FORMATS.join(', ')}`);
    const now = nowOption(stringOption(parsed, 'now'));
    const given = stringOption(parsed, 'parameters');
    // Vigil reads the ARM JSON Bicep compiles to: the build command helps more than a JSON parse error.
    const template = parsed.positionals[0]!;
    if (/\.bicep$/i.test(template))
      throw new UsageError(
        `'${template}' is Bicep: build it first (az bicep build --file ${template}) and expand the JSON it writes`,
      );
    if (given !== undefined && /\.bicepparam$/i.test(given))
      throw new UsageError(
        `--parameters '${given}' is Bicep: build it first (az bicep build-params --file ${given}) and give the JSON it writes`,
      );
    const parametersFile = given ?? (await parametersBeside(template));
    if (given === undefined && parametersFile !== undefined)
      io.err(`info: parameters from ${parametersFile}\n`);
    const expansion = await expandTemplateFile(template, {
      ...(parametersFile !== undefined && { parametersFile }),
      context: deploymentContextFrom(parsed, now),
    });
    io.out(renderSnapshot(expansion, format));
    for (const e of expansion.errors) io.err(`error: ${formatInputError(e)}\n`);
    for (const w of expansion.warnings) io.err(`warning: ${formatInputError(w)}\n`);
    return expansion.errors.length > 0 ? EXIT_BAD_INPUT : EXIT_OK;
  },
};

const OPTIONS = {
  parameters: { type: 'string' },
  format: { type: 'string' },
  now: { type: 'string' },
  ...DEPLOYMENT_CONTEXT_OPTIONS,
} as const;
