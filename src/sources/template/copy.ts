import { isJsonObject, type JsonObject, type JsonValue } from '../../util/json.ts';
import { childPointer } from './json-source.ts';

/**
 * `copy` loops (templates/copy-resources.md, copy-properties.md, copy-variables.md): a name, a count
 * between 0 and 800, and for property and variable loops the `input` repeated per iteration. `mode` and
 * `batchSize` only order the deployment, so they change nothing Vigil sees.
 */

export const MAX_COPY_COUNT = 800;

export class CopyShapeError extends Error {
  constructor(
    message: string,
    readonly pointer: string,
  ) {
    super(message);
    this.name = 'CopyShapeError';
  }
}

export interface CopyLoop {
  name: string;
  /** A number, or a string to evaluate (an expression, or digits, which the docs' own examples use). */
  count: JsonValue;
  /** Absent for resource loops. */
  input?: JsonValue;
  pointer: string;
}

/** A resource's `copy` object. */
export function readResourceCopy(value: JsonValue, pointer: string): CopyLoop {
  if (!isJsonObject(value)) throw new CopyShapeError('"copy" on a resource must be an object', pointer);
  return { name: loopName(value, pointer), count: loopCount(value, pointer), pointer };
}

/** A property or variable `copy` array: one loop per element, each making an array named after it. */
export function readCopyArray(value: JsonValue, pointer: string): CopyLoop[] {
  if (!Array.isArray(value))
    throw new CopyShapeError('"copy" in properties or variables must be an array of loops', pointer);
  return value.map((element, i) => {
    const at = childPointer(pointer, i);
    if (!isJsonObject(element)) throw new CopyShapeError('a copy loop must be an object', at);
    if (!('input' in element)) throw new CopyShapeError('the copy loop has no "input"', at);
    return { name: loopName(element, at), count: loopCount(element, at), input: element.input!, pointer: at };
  });
}

function loopName(value: JsonObject, pointer: string): string {
  const name = value.name;
  if (typeof name !== 'string' || name === '')
    throw new CopyShapeError('the copy loop needs a "name"', childPointer(pointer, 'name'));
  return name;
}

function loopCount(value: JsonObject, pointer: string): JsonValue {
  if (!('count' in value)) throw new CopyShapeError('the copy loop needs a "count"', pointer);
  return value.count!;
}

/** Checks an evaluated count; returns a message when it is not a whole number from 0 to 800. */
export function countProblem(count: unknown): string | undefined {
  if (typeof count !== 'number' || !Number.isInteger(count))
    return `the copy count must be an integer; it is ${JSON.stringify(count)}`;
  if (count < 0) return `the copy count can't be negative; it is ${count}`;
  if (count > MAX_COPY_COUNT) return `the copy count can't exceed ${MAX_COPY_COUNT}; it is ${count}`;
  return undefined;
}

/** A count written as digits in a string ("count": "3" in copy-resources.md) reads as that number. */
export function countValue(value: unknown): unknown {
  return typeof value === 'string' && /^\s*\d{1,9}\s*$/.test(value) ? Number(value) : value;
}
