import { type Expr, isExpression, parseExpression } from '../../arm-expr/index.ts';
import { isJsonObject, type JsonValue } from '../../util/json.ts';
import { type SourceRef, TemplateProblem } from './diagnostics.ts';
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
      walk(scope, parameter.definition.defaultValue!, childPointer(parameter.pointer, 'defaultValue'), true);
  }
  walk(scope, model.variables, childPointer(model.pointer, 'variables'));
  checkCopyCounts(scope, model.variables, childPointer(model.pointer, 'variables'));
  model.functions.forEach((namespace, i) => {
    const at = childPointer(childPointer(model.pointer, 'functions'), i);
    if (!isJsonObject(namespace) || !isJsonObject(namespace.members)) return;
    for (const [member, definition] of Object.entries(namespace.members)) {
      if (isJsonObject(definition) && isJsonObject(definition.output) && 'value' in definition.output)
        walk(
          scope,
          definition.output.value!,
          childPointer(childPointer(childPointer(childPointer(at, 'members'), member), 'output'), 'value'),
          true,
        );
    }
  });
  validateResources(scope, model.resources);
  for (const [name, output] of Object.entries(model.outputs)) {
    if (!isJsonObject(output)) continue;
    const at = childPointer(childPointer(model.pointer, 'outputs'), name);
    checkCopyCounts(scope, output, at);
    for (const [key, value] of Object.entries(output)) {
      if (key !== 'metadata') walk(scope, value, childPointer(at, key));
    }
  }
}

export function validateResources(scope: TemplateScope, resources: readonly ResourceDeclaration[]): void {
  for (const declaration of resources) {
    validateResource(scope, declaration.json, declaration.pointer);
    checkCopyCounts(scope, declaration.json, declaration.pointer);
  }
}

/**
 * "You can't use the reference function to set the value of the count property in a copy loop ... the
 * count must be determined before the reference function is resolved" (template-functions-resource.md,
 * "Valid uses"); the same holds for list*() and a module's outputs. Azure rejects such a template, so it
 * is an error here too, wherever the loop is: a resource's, a property's, a variable's or an output's.
 * An inline nested template is checked in its own scope.
 */
function checkCopyCounts(scope: TemplateScope, value: JsonValue, pointer: string): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      checkCopyCounts(scope, v, childPointer(pointer, i));
    });
    return;
  }
  if (!isJsonObject(value)) return;
  for (const [key, v] of Object.entries(value)) {
    const at = childPointer(pointer, key);
    if (key.toLowerCase() === 'copy') {
      const loops = Array.isArray(v)
        ? v.map((loop, i) => [loop, childPointer(at, i)] as const)
        : [[v, at] as const];
      for (const [loop, loopAt] of loops) {
        if (isJsonObject(loop) && typeof loop.count === 'string')
          checkCount(scope, loop.count, childPointer(loopAt, 'count'));
      }
    }
    if (key === 'template' && isJsonObject(v) && 'resources' in v) continue;
    checkCopyCounts(scope, v, at);
  }
}

function checkCount(scope: TemplateScope, count: string, pointer: string): void {
  if (!isExpression(count)) return;
  const lower = count.toLowerCase();
  if (!lower.includes('reference') && !lower.includes('list')) return;
  let expr: Expr;
  try {
    expr = parseExpression(count);
  } catch {
    return; // compiling it reports the syntax error
  }
  const called = firstCall(expr, RUNTIME_ONLY);
  if (called !== undefined)
    scope.diagnostics.error(
      scope.ref(pointer),
      `${called}() can't set a copy count: the count must be known before the deployment starts, and Azure rejects the template (in ${count})`,
    );
}

/** Functions whose value exists only once resources are deployed; `list*` by prefix, as ARM defines them. */
const RUNTIME_ONLY = (name: string): string | undefined => {
  const lower = name.toLowerCase();
  if (lower === 'reference' || lower === 'references') return name;
  return lower.startsWith('list') && !lower.includes('.') ? name : undefined;
};

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

/**
 * `inDefault`: the expression is a parameter's defaultValue (or a user-defined function's body, which
 * runs where it is called), the only place utcNow() and newGuid() may be called.
 */
function walk(scope: TemplateScope, value: JsonValue, pointer: string, inDefault = false): void {
  if (typeof value === 'string') {
    if (!isExpression(value)) return;
    try {
      scope.compile(value, pointer);
      if (!inDefault) checkDeploymentTime(value, scope.ref(pointer));
    } catch (error) {
      if (!(error instanceof TemplateProblem)) throw error;
      scope.diagnostics.error(error.at, error.message);
    }
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => {
      walk(scope, v, childPointer(pointer, i), inDefault);
    });
  } else if (isJsonObject(value)) {
    for (const [key, v] of Object.entries(value)) walk(scope, v, childPointer(pointer, key), inDefault);
  }
}

const DEPLOYMENT_TIME_NAMES = new Map([
  ['utcnow', 'utcNow'],
  ['newguid', 'newGuid'],
]);
const DEPLOYMENT_TIME = (name: string) => DEPLOYMENT_TIME_NAMES.get(name.toLowerCase());

/**
 * "You can only use this function within an expression for the default value of a parameter. Using this
 * function anywhere else in a template returns an error" (template-functions-date.md#utcnow,
 * template-functions-string.md#newguid). The value stays unknown where it is used, so the rest is scanned.
 */
function checkDeploymentTime(source: string, at: SourceRef): void {
  const lower = source.toLowerCase();
  if (!lower.includes('utcnow') && !lower.includes('newguid')) return;
  const called = firstCall(parseExpression(source), DEPLOYMENT_TIME);
  if (called !== undefined)
    throw new TemplateProblem(
      `The template function '${called}' is not expected at this location: it can only be used in a parameter's defaultValue, and Azure rejects the template (in ${source})`,
      at,
    );
}

/** The first function call `match` names (depth first), with the name `match` gives it. */
function firstCall(expr: Expr, match: (name: string) => string | undefined): string | undefined {
  switch (expr.kind) {
    case 'literal':
      return undefined;
    case 'call': {
      const name = match(expr.name);
      if (name !== undefined) return name;
      for (const arg of expr.args) {
        const found = firstCall(arg, match);
        if (found !== undefined) return found;
      }
      return undefined;
    }
    case 'property':
      return firstCall(expr.object, match);
    case 'index':
      return firstCall(expr.object, match) ?? firstCall(expr.index, match);
  }
}
