import { dirname, join } from 'node:path';
import { isJsonObject, type JsonObject, type JsonValue } from '../../util/json.ts';
import { isUnknown } from '../../util/unknown.ts';
import { type DeploymentLevel, type DeploymentTarget, resourceGroupId } from './context.ts';
import { TemplateProblem } from './diagnostics.ts';
import type { Expander } from './expand.ts';
import { childPointer } from './json-source.ts';
import { readTemplate, type TemplateModel, TemplateShapeError } from './model.ts';
import { ParameterFileError, type ProvidedParameters, readEntry } from './parameter-values.ts';
import type { Instance } from './units.ts';

/**
 * Nested and linked deployments (templates/linked-templates.md, deploy-to-resource-group.md): where the
 * template comes from, which scope its expressions are evaluated in, what it is given as parameters,
 * and where its resources go.
 */

export interface NestedTemplate {
  model: TemplateModel;
  json: JsonObject;
  text: string;
  /** Inner scope: the nested template has its own parameters and variables. Linked templates always do. */
  inner: boolean;
  /** For a linked template, the relative path it was linked by. */
  linkedPath: string | undefined;
}

export function loadNestedTemplate(expander: Expander, instance: Instance): NestedTemplate | undefined {
  const { unit, frame, declaration } = instance;
  const scope = unit.scope;
  const propertiesPointer = childPointer(declaration.pointer, 'properties');
  const properties = declaration.json.properties;
  if (!isJsonObject(properties))
    throw new TemplateProblem('a deployment needs a "properties" object', scope.ref(declaration.pointer));
  const options = properties.expressionEvaluationOptions;
  const optionsPointer = childPointer(propertiesPointer, 'expressionEvaluationOptions');
  const evaluated = options === undefined ? undefined : scope.evaluateValue(options, optionsPointer, frame);
  const scopeOption =
    isJsonObject(evaluated) && typeof evaluated.scope === 'string' ? evaluated.scope.toLowerCase() : 'outer';
  if (scopeOption !== 'inner' && scopeOption !== 'outer')
    throw new TemplateProblem(
      `expressionEvaluationOptions.scope must be 'inner' or 'outer', not '${scopeOption}'`,
      scope.ref(optionsPointer),
    );

  if (properties.template !== undefined) {
    const pointer = childPointer(propertiesPointer, 'template');
    const model = shaped(
      () => readTemplate(properties.template!, scope.model.source, pointer),
      scope.model.source,
    );
    return {
      model,
      json: properties.template as JsonObject,
      text: JSON.stringify(properties.template),
      inner: scopeOption === 'inner',
      linkedPath: undefined,
    };
  }
  const linkPointer = childPointer(propertiesPointer, 'templateLink');
  if (properties.templateLink === undefined)
    throw new TemplateProblem(
      'a deployment needs "properties.template" (nested) or "properties.templateLink" (linked)',
      scope.ref(propertiesPointer),
    );
  const link = scope.evaluateValue(properties.templateLink, linkPointer, frame);
  if (isJsonObject(link) && typeof link.relativePath === 'string') {
    const path = join(dirname(scope.model.source.file), link.relativePath);
    let text: string;
    try {
      text = expander.readFile(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      throw new TemplateProblem(`cannot read the linked template ${path} (${code})`, scope.ref(linkPointer));
    }
    expander.linkedFiles.push(path);
    const parsed = expander.parse(text, path);
    if (parsed === undefined) return undefined;
    return { model: parsed.model, json: parsed.json, text, inner: true, linkedPath: link.relativePath };
  }
  const where = isJsonObject(link) ? (link.uri ?? link.id) : undefined;
  if (typeof where === 'string' || isUnknown(where)) {
    expander.diagnostics.warning(
      scope.ref(linkPointer),
      `the linked template ${typeof where === 'string' ? where : where.$vigilUnknown} is not read: Vigil works offline and follows ` +
        'only templateLink.relativePath, so its resources are not scanned (scan that template on its own, or link it by relativePath)',
    );
    return undefined;
  }
  throw new TemplateProblem('templateLink needs "relativePath", "uri" or "id"', scope.ref(linkPointer));
}

function shaped<T>(read: () => T, source: TemplateModel['source']): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof TemplateShapeError)
      throw new TemplateProblem(error.message, { ...source, pointer: error.pointer });
    throw error;
  }
}

/**
 * Where a nested deployment's resources go: the deployment's `resourceGroup`, `subscriptionId` and
 * `scope` properties, and the nested template's schema for its level. A resource group the deployment
 * itself creates (a subscription template's `Microsoft.Resources/resourceGroups`) has the location and
 * tags declared there, which `resourceGroup()` returns inside it; any other resource group is assumed to
 * be in the target's location, since its real location is not in the template.
 */
export function nestedTarget(
  expander: Expander,
  instance: Instance,
  schemaLevel: DeploymentLevel,
): DeploymentTarget | undefined {
  const { unit, frame, declaration } = instance;
  const scope = unit.scope;
  const parent = unit.target;
  const fields: Record<string, string | undefined> = {};
  for (const key of ['resourceGroup', 'subscriptionId', 'location', 'scope']) {
    const raw = declaration.json[key];
    if (raw === undefined) continue;
    const pointer = childPointer(declaration.pointer, key);
    const value: JsonValue = scope.evaluateValue(raw, pointer, frame);
    if (isUnknown(value)) {
      expander.diagnostics.warning(
        scope.ref(pointer),
        `the deployment's ${key} is known only at deployment (${value.$vigilUnknown}); its resources are not scanned`,
      );
      return undefined;
    }
    if (typeof value !== 'string')
      throw new TemplateProblem(`the deployment's ${key} must be a string`, scope.ref(pointer));
    fields[key] = value;
  }
  const subscriptionId = fields.subscriptionId ?? parent.subscriptionId;
  const base = { subscriptionId, tenantId: parent.tenantId, location: fields.location ?? parent.location };
  const scopeField = fields.scope;
  if (scopeField === '/' || schemaLevel === 'tenant')
    return { ...base, level: 'tenant', resourceGroup: parent.resourceGroup };
  const group = scopeField?.match(/managementGroups\/([^/]+)$/i)?.[1];
  if (group !== undefined || schemaLevel === 'managementGroup')
    return {
      ...base,
      level: 'managementGroup',
      resourceGroup: parent.resourceGroup,
      managementGroup: group ?? parent.managementGroup ?? parent.tenantId,
    };
  if (schemaLevel === 'subscription')
    return { ...base, level: 'subscription', resourceGroup: parent.resourceGroup };
  const resourceGroup =
    fields.resourceGroup ?? (parent.level === 'resourceGroup' ? parent.resourceGroup : undefined);
  if (resourceGroup === undefined)
    throw new TemplateProblem(
      `a resource group template deployed from a ${parent.level} deployment needs the deployment's "resourceGroup"`,
      scope.ref(declaration.pointer),
    );
  const target: DeploymentTarget = {
    ...base,
    level: 'resourceGroup',
    resourceGroup,
    location: parent.location,
  };
  return { ...target, ...createdGroup(expander, resourceGroupId(target)) };
}

/** The declared location and tags of a resource group this deployment creates, where they are known. */
function createdGroup(
  expander: Expander,
  id: string,
): Partial<Pick<DeploymentTarget, 'location' | 'resourceGroupTags'>> | undefined {
  const group = expander.createdGroups.get(id.toLowerCase());
  if (group === undefined) return undefined;
  const { declaration, unit, frame } = group;
  const read = (key: 'location' | 'tags'): JsonValue | undefined => {
    const raw = declaration.json[key];
    if (raw === undefined) return undefined;
    try {
      const value = unit.scope.evaluateValue(raw, childPointer(declaration.pointer, key), frame);
      return isUnknown(value) ? undefined : value;
    } catch (error) {
      if (error instanceof TemplateProblem) return undefined; // reported where the group itself is expanded
      throw error;
    }
  };
  const location = read('location');
  const tags = read('tags');
  return {
    ...(typeof location === 'string' && { location }),
    ...(isJsonObject(tags) && { resourceGroupTags: tags }),
  };
}

/** The values a parent passes to an inner-scope or linked template, evaluated in the parent. */
export function nestedParameters(
  instance: Instance,
  properties: JsonObject,
  propertiesPointer: string,
): ProvidedParameters {
  const { unit, frame } = instance;
  const scope = unit.scope;
  const origin = `the parameters of deployment '${instance.identity.name}'`;
  const values: ProvidedParameters['values'] = new Map();
  const pointer = childPointer(propertiesPointer, 'parameters');
  if (properties.parametersLink !== undefined)
    scope.diagnostics.warning(
      scope.ref(childPointer(propertiesPointer, 'parametersLink')),
      'parametersLink is a URI, which Vigil does not fetch (it works offline); pass the values inline in "parameters"',
    );
  const given = properties.parameters;
  if (given === undefined) return { values, origin };
  if (!isJsonObject(given)) throw new TemplateProblem('"parameters" must be an object', scope.ref(pointer));
  for (const [name, entry] of Object.entries(given)) {
    const at = childPointer(pointer, name);
    const evaluated = scope.evaluateValue(entry, at, frame);
    try {
      values.set(name.toLowerCase(), readEntry(name, evaluated, scope.ref(at)));
    } catch (error) {
      if (error instanceof ParameterFileError)
        throw new TemplateProblem(error.message, scope.ref(error.pointer));
      throw error;
    }
  }
  return { values, origin };
}
