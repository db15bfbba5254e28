import { deepEquals } from '../../arm-expr/values.ts';
import { isJsonObject, type JsonObject, type JsonValue } from '../../util/json.ts';
import { isUnknown, unknownValue } from '../../util/unknown.ts';
import type { ParameterDeclaration } from './model.ts';

/**
 * Values of `securestring` and `secureObject` parameters (Bicep's `@secure()`) are "not saved to the
 * deployment history and aren't logged" (templates/data-types.md, "Secure strings and objects"), and
 * Azure never returns the properties they usually fill (`osProfile.adminPassword`, an extension's
 * `protectedSettings`). An expanded resource is written to snapshots and reports, so a string that holds
 * a secure string, or an object that is a secure object, is replaced by a value known only at deployment
 * naming the parameter.
 */
export class SecureValues {
  /** Secret text → the parameter it came from. */
  readonly #names = new Map<string, string>();
  readonly #objects: Array<{ value: JsonObject; name: string }> = [];

  /**
   * Records a resolved parameter's value when its declared type is secure. A `secureObject` is matched
   * whole (`"protectedSettings": "[parameters('settings')]"`), its members alone are not: they mix secrets
   * with plain settings (a SKU, a flag) that checks must see.
   */
  add(declaration: ParameterDeclaration, value: JsonValue): void {
    this.#addTyped(declaration, declaration.type, value, 0);
  }

  /**
   * Bicep's `@secure()` on a property of a user-defined type compiles to `"type": "securestring"` inside
   * the type's `properties` (or an array's `items`, or `additionalProperties`), so the value is walked
   * along its type to find them.
   */
  #addTyped(declaration: ParameterDeclaration, type: JsonObject, value: JsonValue, depth: number): void {
    if (depth > MAX_TYPE_DEPTH || value === null || isUnknown(value)) return;
    const name = declaration.name;
    const declared = typeof type.type === 'string' ? type.type.toLowerCase() : '';
    if (
      declared === 'securestring' &&
      typeof value === 'string' &&
      value.length > 0 &&
      !this.#names.has(value)
    )
      this.#names.set(value, name);
    if (declared === 'secureobject' && isJsonObject(value) && Object.keys(value).length > 0)
      this.#objects.push({ value, name });
    const nested = (definition: JsonValue | undefined, item: JsonValue | undefined) => {
      if (!isJsonObject(definition) || item === undefined) return;
      const resolved = declaration.resolveType(definition);
      if (resolved !== undefined) this.#addTyped(declaration, resolved, item, depth + 1);
    };
    if (Array.isArray(value)) for (const item of value) nested(type.items, item);
    if (!isJsonObject(value)) return;
    const properties = isJsonObject(type.properties) ? type.properties : {};
    for (const [key, item] of Object.entries(value))
      nested(Object.hasOwn(properties, key) ? properties[key] : type.additionalProperties, item);
    const discriminator = type.discriminator;
    if (isJsonObject(discriminator) && typeof discriminator.propertyName === 'string') {
      const tag = value[discriminator.propertyName];
      const mapping = isJsonObject(discriminator.mapping) ? discriminator.mapping : {};
      if (typeof tag === 'string' && Object.hasOwn(mapping, tag)) nested(mapping[tag], value);
    }
  }

  /** The value with every string that equals or contains a secret replaced; unchanged parts are shared. */
  redact(value: JsonValue): JsonValue {
    if (this.#names.size === 0 && this.#objects.length === 0) return value;
    if (typeof value === 'string') {
      const name = this.#secretIn(value);
      return name === undefined ? value : unknownValue(`[parameters('${name}')]`);
    }
    if (Array.isArray(value)) {
      let changed = false;
      const items = value.map((item) => {
        const redacted = this.redact(item);
        if (redacted !== item) changed = true;
        return redacted;
      });
      return changed ? items : value;
    }
    if (!isJsonObject(value) || isUnknown(value)) return value;
    const secret = this.#objects.find((o) => deepEquals(o.value, value));
    if (secret !== undefined) return unknownValue(`[parameters('${secret.name}')]`);
    let result: JsonObject | undefined;
    for (const [key, item] of Object.entries(value)) {
      const redacted = this.redact(item);
      if (redacted === item) continue;
      result ??= { ...value };
      result[key] = redacted;
    }
    return result ?? value;
  }

  #secretIn(text: string): string | undefined {
    const exact = this.#names.get(text);
    if (exact !== undefined) return exact;
    // A short secret inside a longer string is more likely a coincidence than the secret itself.
    for (const [secret, name] of this.#names)
      if (secret.length >= MIN_EMBEDDED_LENGTH && text.includes(secret)) return name;
    return undefined;
  }
}

const MIN_EMBEDDED_LENGTH = 6;
/** Deeper than any real type; a self-referencing type stops here instead of recursing forever. */
const MAX_TYPE_DEPTH = 32;
