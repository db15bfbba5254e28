import type { CallExpr, Expr } from '../../arm-expr/index.ts';

/**
 * `reference('<deployment>').outputs.<name>.value` reads a nested deployment's output, which Vigil can
 * compute (it expands the nested template). Bicep writes every module output read this way. The chain
 * is rewritten to a call of an internal function no template can name (identifiers cannot start with
 * `$`); any other use of `reference()` stays a value known only at deployment.
 */
export const DEPLOYMENT_OUTPUT_FUNCTION = '$deploymentOutput';

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
      const output = outputRead(expr);
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
