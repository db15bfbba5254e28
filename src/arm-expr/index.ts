export {
  type CompiledExpression,
  type CompileOptions,
  compileExpression,
  compileExpressionString,
  compileStringValue,
} from './compile.ts';
export { defaultRegistry, templateFunctions } from './default-registry.ts';
export {
  ExpressionError,
  type ExpressionErrorDetails,
  ExpressionInterrupt,
  ExpressionSyntaxError,
} from './errors.ts';
export { policyFunctions } from './functions/policy.ts';
export {
  type ArmFunction,
  type EagerArmFunction,
  FunctionRegistry,
  type LambdaSlot,
  type LazyArmFunction,
  type Thunk,
} from './functions.ts';
export { ArmLambda } from './lambda.ts';
export {
  type CallExpr,
  type Expr,
  type IndexExpr,
  isExpression,
  type LiteralExpr,
  type PropertyExpr,
  parseExpression,
  unescapeLiteral,
} from './parse.ts';
export { armTypeName, deepEquals, toArmString } from './values.ts';
