import type { CallExpr, Expr } from '../../arm-expr/index.ts';

/**
 * `reference('<deployment>').outputs.<name>.value` reads a nested deployment's output, which Vigil can
 * compute (it expands the nested template). Bicep writes every module output read this way. The chain
 * is rewritten to a call of an internal function no template can name (identifiers cannot start with
 * `$`); any other use of `reference()` stays a value known only at deployment.
 */
export const DEPLOYMENT_OUTPUT_FUNCTION = '$deploymentOutput';

/**
 * `reference(x).<collection>[i].id` (or `.name`), and its `reference(x, apiVersion, 'full').properties…`
 * form, reads an element of a child collection a resource in the template declares inline — Bicep's
 * `vnet.properties.subnets[0].id`. Its ID is the resource's ID, the collection and the element's name,
 * which Vigil can compute when the resource and the element's name are in the template (functions.ts).
 */
export const DECLARED_CHILD_FUNCTION = '$declaredChild';

/**
 * `reference(x).<collection>` as a whole expression — a Bicep module's `output subnets array =
 * vnet.properties.subnets`, whose elements the parent reads as `….outputs.subnets.value[0].id`
 * (quickstart vmss-flexible-orchestration-quickstart) — is the collection the resource declares, each
 * element with its ID. Only the whole expression: inside a longer one, a read of what ARM fills in (an
 * element's `etag` or `provisioningState`) stays known only at deployment.
 */
export const DECLARED_CHILDREN_FUNCTION = '$declaredChildren';

/** An expression with the reads Vigil can compute before deployment rewritten to its internal functions. */
export function rewriteExpression(expr: Expr): Expr {
  return collectionRead(expr) ?? rewriteDeploymentOutputs(expr);
}

export function rewriteDeploymentOutputs(expr: Expr): Expr {
  switch (expr.kind) {
    case 'literal':
      return expr;
    case 'call': {
      const args = expr.args.map(rewriteDeploymentOutputs);
      return args.every((a, i) => a === expr.args[i]) ? expr : { ...expr, args };
    }
    case 'property':
    case 'index': {
      const output = outputRead(expr) ?? childRead(expr);
      if (output !== undefined) return output;
      const object = rewriteDeploymentOutputs(expr.object);
      if (expr.kind === 'property') return object === expr.object ? expr : { ...expr, object };
      const index = rewriteDeploymentOutputs(expr.index);
      return object === expr.object && index === expr.index ? expr : { ...expr, object, index };
    }
  }
}

/** The name a `.x` or `['x']` step reads, when it is a constant. */
function stepName(expr: Expr): string | undefined {
  if (expr.kind === 'property') return expr.name;
  if (expr.kind === 'index' && expr.index.kind === 'literal' && typeof expr.index.value === 'string')
    return expr.index.value;
  return undefined;
}

function outputRead(expr: Expr): CallExpr | undefined {
  if (stepName(expr)?.toLowerCase() !== 'value' || expr.kind === 'literal' || expr.kind === 'call')
    return undefined;
  const named = expr.object;
  const outputName = stepName(named);
  if (outputName === undefined || named.kind === 'literal' || named.kind === 'call') return undefined;
  const outputs = named.object;
  if (stepName(outputs)?.toLowerCase() !== 'outputs' || outputs.kind === 'literal' || outputs.kind === 'call')
    return undefined;
  const call = outputs.object;
  if (call.kind !== 'call' || call.name.toLowerCase() !== 'reference' || call.args.length === 0)
    return undefined;
  return {
    kind: 'call',
    name: DEPLOYMENT_OUTPUT_FUNCTION,
    args: [
      rewriteDeploymentOutputs(call.args[0]!),
      { kind: 'literal', value: outputName, offset: named.offset },
    ],
    offset: call.offset,
  };
}

/** `reference(x)` (or `reference(x, apiVersion, 'full').properties`) that `step` reads from, when it is one. */
function referenceSource(step: Expr): CallExpr | undefined {
  if (step.kind === 'literal' || step.kind === 'call') return undefined;
  let source = step.object;
  const throughProperties = stepName(source)?.toLowerCase() === 'properties';
  if (throughProperties && (source.kind === 'property' || source.kind === 'index')) source = source.object;
  if (source.kind !== 'call' || source.name.toLowerCase() !== 'reference' || source.args.length === 0)
    return undefined;
  const third = source.args[2];
  const full =
    third !== undefined &&
    third.kind === 'literal' &&
    typeof third.value === 'string' &&
    third.value.toLowerCase() === 'full';
  if (full !== throughProperties || (!full && source.args.length > 2)) return undefined;
  return source;
}

function collectionRead(expr: Expr): CallExpr | undefined {
  const collectionName = stepName(expr);
  const source = collectionName === undefined ? undefined : referenceSource(expr);
  if (source === undefined) return undefined;
  return {
    kind: 'call',
    name: DECLARED_CHILDREN_FUNCTION,
    args: [
      rewriteDeploymentOutputs(source.args[0]!),
      { kind: 'literal', value: collectionName!, offset: expr.offset },
    ],
    offset: source.offset,
  };
}

function childRead(expr: Expr): CallExpr | undefined {
  const field = stepName(expr)?.toLowerCase();
  if ((field !== 'id' && field !== 'name') || expr.kind === 'literal' || expr.kind === 'call')
    return undefined;
  const element = expr.object;
  if (element.kind !== 'index') return undefined;
  const collection = element.object;
  const collectionName = stepName(collection);
  const source = collectionName === undefined ? undefined : referenceSource(collection);
  if (source === undefined) return undefined;
  const literal = (value: string): Expr => ({ kind: 'literal', value, offset: collection.offset });
  return {
    kind: 'call',
    name: DECLARED_CHILD_FUNCTION,
    args: [
      rewriteDeploymentOutputs(source.args[0]!),
      literal(collectionName!),
      rewriteDeploymentOutputs(element.index),
      literal(field),
    ],
    offset: source.offset,
  };
}
