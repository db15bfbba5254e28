import { type ArmFunction, ExpressionError } from '../../arm-expr/index.ts';
import { isJsonObject, type JsonValue } from '../../util/json.ts';
import type { EvalFrame } from './frame.ts';
import { isFrame } from './frame.ts';
import { childPointer } from './json-source.ts';
import { TemplateShapeError } from './model.ts';
import { UnknownInterrupt, unknownInside } from './unknowns.ts';

/**
 * User-defined functions (templates/user-defined-functions.md): `namespace.member(args)`, whose body may
 * use only its own parameters — no variables, no reference() or list*(). Bicep's compiled functions
 * (languageVersion 2.0) call one another, so calls between them are allowed, with a depth limit that
 * turns runaway recursion into an error.
 */

const MAX_CALL_DEPTH = 32;

export function readUserFunctions(functions: readonly JsonValue[], pointer: string): ArmFunction[] {
  const result: ArmFunction[] = [];
  functions.forEach((namespaceEntry, i) => {
    const at = childPointer(pointer, i);
    if (!isJsonObject(namespaceEntry) || typeof namespaceEntry.namespace !== 'string')
      throw new TemplateShapeError('a "functions" entry must be {"namespace": "…", "members": {…}}', at);
    const namespace = namespaceEntry.namespace;
    const members = namespaceEntry.members;
    if (!isJsonObject(members))
      throw new TemplateShapeError('"members" must be an object', childPointer(at, 'members'));
    for (const [member, definition] of Object.entries(members)) {
      const memberAt = childPointer(childPointer(at, 'members'), member);
      if (!isJsonObject(definition) || !isJsonObject(definition.output) || !('value' in definition.output))
        throw new TemplateShapeError(
          `function '${namespace}.${member}' needs an "output" with a "value"`,
          memberAt,
        );
      const declared = definition.parameters ?? [];
      if (!Array.isArray(declared))
        throw new TemplateShapeError(
          'a function\'s "parameters" must be an array',
          childPointer(memberAt, 'parameters'),
        );
      const names = declared.map((p, j) => {
        if (!isJsonObject(p) || typeof p.name !== 'string')
          throw new TemplateShapeError(
            'a function parameter must be {"name": "…", "type": "…"}',
            childPointer(childPointer(memberAt, 'parameters'), j),
          );
        return p.name.toLowerCase();
      });
      result.push(
        userFunction(
          `${namespace}.${member}`,
          names,
          definition.output.value!,
          childPointer(childPointer(memberAt, 'output'), 'value'),
        ),
      );
    }
  });
  return result;
}

function userFunction(name: string, parameters: string[], body: JsonValue, pointer: string): ArmFunction {
  return {
    name,
    minArgs: parameters.length,
    maxArgs: parameters.length,
    call(args, ctx) {
      if (!isFrame(ctx))
        throw new ExpressionError(`'${name}' can only be used in a template.`, { functionName: name });
      const depth = (ctx.callDepth ?? 0) + 1;
      if (depth > MAX_CALL_DEPTH)
        throw new ExpressionError(
          `user-defined functions call each other more than ${MAX_CALL_DEPTH} deep (recursion?)`,
          {
            functionName: name,
          },
        );
      const frame: EvalFrame = {
        scope: ctx.scope,
        loops: undefined,
        section: 'function',
        functionArguments: new Map(parameters.map((p, i) => [p, args[i]])),
        callDepth: depth,
      };
      const value = ctx.scope.evaluateValue(body, pointer, frame);
      const unknown = unknownInside(value);
      if (unknown !== undefined)
        throw new UnknownInterrupt('a user-defined function returned an unknown', unknown);
      return value;
    },
  };
}
