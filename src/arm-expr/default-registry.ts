import { arrayFunctions } from './functions/array.ts';
import { cidrFunctions } from './functions/cidr.ts';
import { comparisonFunctions } from './functions/comparison.ts';
import { dateFunctions } from './functions/date.ts';
import { lambdaFunctions } from './functions/lambda.ts';
import { logicalFunctions } from './functions/logical.ts';
import { numericFunctions } from './functions/numeric.ts';
import { objectFunctions } from './functions/object.ts';
import { sequenceFunctions } from './functions/sequence.ts';
import { stringFunctions } from './functions/string.ts';
import { FunctionRegistry } from './functions.ts';

/**
 * Every context-free ARM template function. Context functions (`parameters`, `variables`,
 * `resourceGroup`, `field`, ...) and the policy-only ones are added by their engines with
 * `extend`. `lambda` and `lambdaVariables` are compiler forms, not registry entries.
 */
export const templateFunctions = [
  ...stringFunctions,
  ...sequenceFunctions,
  ...arrayFunctions,
  ...objectFunctions,
  ...comparisonFunctions,
  ...logicalFunctions,
  ...numericFunctions,
  ...cidrFunctions,
  ...dateFunctions,
  ...lambdaFunctions,
];

export const defaultRegistry = new FunctionRegistry(templateFunctions);
