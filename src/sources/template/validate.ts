import { isExpression } from '../../arm-expr/index.ts';
import { isJsonObject, type JsonValue } from '../../util/json.ts';
import { TemplateProblem } from './diagnostics.ts';
import { childPointer } from './json-source.ts';
import type { ResourceDeclaration, TemplateModel } from './model.ts';
import type { TemplateScope } from './scope.ts';

/**
 * Compiles every expression of a template before anything is evaluated, as ARM validates a template
 * before deploying it: a misspelt function or a wrong argument count is an error even in a resource
 * whose condition is false. Inline nested templates are left to their own scope, which may have other
 * parameters and functions.
 */
export function validateExpressions(scope: TemplateScope, model: TemplateModel): void {
  for (const parameter of model.parameters.values()) {
    if ('defaultValue' in parameter.definition)
      walk(scope, parameter.definition.defaultValue!, childPointer(parameter.pointer, 'defaultValue'));
  }
  walk(scope, model.variables, childPointer(model.pointer, 'variables'));
  model.functions.forEach((namespace, i) => {
    const at = childPointer(childPointer(model.pointer, 'functions'), i);
    if (!isJsonObject(namespace) || !isJsonObject(namespace.members)) return;
    for (const [member, definition] of Object.entries(namespace.members)) {
      if (isJsonObject(definition) && isJsonObject(definition.output) && 'value' in definition.output)
        walk(
          scope,
          definition.output.value!,
          childPointer(childPointer(childPointer(childPointer(at, 'members'), member), 'output'), 'value'),
        );
    }
  });
  validateResources(scope, model.resources);
  for (const [name, output] of Object.entries(model.outputs)) {
    if (!isJsonObject(output)) continue;
    const at = childPointer(childPointer(model.pointer, 'outputs'), name);
    for (const [key, value] of Object.entries(output)) {
      if (key !== 'metadata') walk(scope, value, childPointer(at, key));
    }
  }
}

export function validateResources(scope: TemplateScope, resources: readonly ResourceDeclaration[]): void {
  for (const declaration of resources) validateResource(scope, declaration.json, declaration.pointer);
}

function validateResource(scope: TemplateScope, json: Record<string, JsonValue>, pointer: string): void {
  const isDeployment =
    typeof json.type === 'string' && json.type.toLowerCase() === 'microsoft.resources/deployments';
  for (const [key, value] of Object.entries(json)) {
    const at = childPointer(pointer, key);
    if (key === 'metadata' || key === 'comments') continue;
    if (key === 'resources' && Array.isArray(value)) {
      value.forEach((child, i) => {
        if (isJsonObject(child)) validateResource(scope, child, childPointer(at, i));
      });
    } else if (key === 'properties' && isDeployment && isJsonObject(value)) {
      for (const [property, inner] of Object.entries(value)) {
        if (property !== 'template') walk(scope, inner, childPointer(at, property));
      }
    } else {
      walk(scope, value, at);
    }
  }
}

function walk(scope: TemplateScope, value: JsonValue, pointer: string): void {
  if (typeof value === 'string') {
    if (!isExpression(value)) return;
    try {
      scope.compile(value, pointer);
    } catch (error) {
      if (!(error instanceof TemplateProblem)) throw error;
      scope.diagnostics.error(error.at, error.message);
    }
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => {
      walk(scope, v, childPointer(pointer, i));
    });
  } else if (isJsonObject(value)) {
    for (const [key, v] of Object.entries(value)) walk(scope, v, childPointer(pointer, key));
  }
}
