import { ExpressionError } from '../../arm-expr/index.ts';
import type { JsonObject, JsonValue } from '../../util/json.ts';
import { readCopyArray } from './copy.ts';
import { TemplateProblem } from './diagnostics.ts';
import { childPointer } from './json-source.ts';
import type { TemplateScope } from './scope.ts';

interface Entry {
  name: string;
  pointer: string;
  /** For a variable defined by the top-level `copy` array (templates/copy-variables.md). */
  loop?: { count: JsonValue; input: JsonValue };
  value?: JsonValue;
  state: 'pending' | 'evaluating' | 'done' | 'failed';
  failure?: unknown;
}

/**
 * A template's variables, evaluated when first read and then kept: ARM evaluates each variable once,
 * outside any loop. A variable that reads itself, directly or through others, is an error naming the cycle.
 */
export class VariableTable {
  readonly #entries = new Map<string, Entry>();
  /** Variables being evaluated, outermost first: the path a cycle is reported along. */
  readonly #stack: Entry[] = [];

  constructor(
    private readonly scope: TemplateScope,
    variables: JsonObject,
    pointer: string,
  ) {
    for (const [name, value] of Object.entries(variables)) {
      const at = childPointer(pointer, name);
      if (name.toLowerCase() === 'copy' && Array.isArray(value)) {
        for (const loop of readCopyArray(value, at))
          this.#add({
            name: loop.name,
            pointer: loop.pointer,
            loop: { count: loop.count, input: loop.input! },
            state: 'pending',
          });
      } else {
        this.#add({ name, pointer: at, value, state: 'pending' });
      }
    }
  }

  #add(entry: Entry): void {
    const key = entry.name.toLowerCase();
    if (this.#entries.has(key))
      throw new TemplateProblem(
        `variable '${entry.name}' is defined twice (names are case-insensitive)`,
        this.scope.ref(entry.pointer),
      );
    this.#entries.set(key, entry);
  }

  names(): string[] {
    return [...this.#entries.values()].map((e) => e.name);
  }

  /** The value, unknowns included. The caller decides whether it may hand them on. */
  readRaw(name: string): JsonValue {
    const entry = this.#entries.get(name.toLowerCase());
    if (entry === undefined)
      throw new ExpressionError(
        `The template variable '${name}' is not found. Please see https://aka.ms/arm-syntax-variables for usage details.`,
        { functionName: 'variables' },
      );
    switch (entry.state) {
      case 'done':
        return entry.value!;
      case 'failed':
        throw entry.failure;
      case 'evaluating': {
        const start = this.#stack.indexOf(entry);
        const cycle = [...this.#stack.slice(start), entry].map((e) => e.name).join(' → ');
        throw new TemplateProblem(`circular variable reference: ${cycle}`, this.scope.ref(entry.pointer));
      }
      case 'pending':
        return this.#evaluate(entry);
    }
  }

  #evaluate(entry: Entry): JsonValue {
    entry.state = 'evaluating';
    this.#stack.push(entry);
    try {
      const frame = this.scope.frame('variable');
      const value = entry.loop
        ? this.scope.copyArray(
            entry.name,
            entry.loop.count,
            entry.loop.input,
            entry.pointer,
            frame,
            'variable',
          )
        : this.scope.evaluateValue(entry.value!, entry.pointer, frame);
      entry.value = value;
      entry.state = 'done';
      return value;
    } catch (error) {
      entry.state = 'failed';
      entry.failure = error;
      throw error;
    } finally {
      this.#stack.pop();
    }
  }
}
