import { createHash } from 'node:crypto';
import { setOwn } from '../../arm-expr/values.ts';
import type { JsonObject } from '../../util/json.ts';
import type { DeploymentTarget } from './context.ts';
import type { ProvidedParameters } from './parameter-values.ts';

/**
 * `deployment()` (templates/template-functions-deployment.md#deployment). `templateHash` is ARM's own
 * hash of the template, whose algorithm is not published; Vigil puts a stable decimal hash of the
 * template text in its place, so names built from it are at least stable from scan to scan.
 */
export function deploymentObject(
  name: string,
  template: JsonObject,
  templateText: string,
  target: DeploymentTarget,
  provided: ProvidedParameters | undefined,
  linkedPath: string | undefined,
): JsonObject {
  const parameters: JsonObject = {};
  for (const given of provided?.values.values() ?? []) {
    if (given.kind === 'value') setOwn(parameters, given.name, { value: given.value });
  }
  const symbolic = template.languageVersion !== undefined;
  const templateInfo: JsonObject = symbolic
    ? { contentVersion: template.contentVersion ?? '1.0.0.0' }
    : {
        $schema: template.$schema ?? '',
        contentVersion: template.contentVersion ?? '1.0.0.0',
        parameters: template.parameters ?? {},
        variables: template.variables ?? {},
        resources: template.resources ?? [],
        outputs: template.outputs ?? {},
      };
  const digest = createHash('sha256').update(templateText).digest();
  return {
    name,
    ...(target.level !== 'resourceGroup' && { location: target.location }),
    properties: {
      ...(linkedPath !== undefined && { templateLink: { uri: linkedPath } }),
      template: templateInfo,
      templateHash: digest.readBigUInt64BE(0).toString(),
      parameters,
      mode: 'Incremental',
      provisioningState: 'Accepted',
    },
  };
}
