import { isJsonObject, type JsonObject, type JsonValue } from '../../util/json.ts';
import { isUnknown } from '../../util/unknown.ts';

/**
 * A template may give a property a number where the resource provider's API declares a string, and the
 * provider stores and returns the string: `"destinationPortRange": "[if(…, 3389, 22)]"` (quickstart
 * multi-vm-lb-zones) deploys a rule that `az network nsg show` reports as `"destinationPortRange": "22"`.
 * Checks read the resource as Azure returns it, so the expansion does the same conversion for the
 * security rule ports (Microsoft.Network securityRules: `sourcePortRange`/`destinationPortRange` are
 * strings, `…PortRanges` arrays of strings).
 */
export function asStoredByProvider(type: string, properties: JsonValue): JsonValue {
  const lower = type.toLowerCase();
  if (lower === NSG_RULE) return ruleProperties(properties);
  if (lower !== NSG || !isJsonObject(properties) || isUnknown(properties)) return properties;
  const key = Object.keys(properties).find((k) => k.toLowerCase() === 'securityrules');
  const rules = key === undefined ? undefined : properties[key];
  if (!Array.isArray(rules)) return properties;
  let changed = false;
  const converted = rules.map((rule) => {
    if (!isJsonObject(rule) || isUnknown(rule)) return rule;
    const inner = Object.keys(rule).find((k) => k.toLowerCase() === 'properties');
    if (inner === undefined) return rule;
    const value = ruleProperties(rule[inner]!);
    if (value === rule[inner]) return rule;
    changed = true;
    return { ...rule, [inner]: value };
  });
  return changed ? { ...properties, [key!]: converted } : properties;
}

const NSG = 'microsoft.network/networksecuritygroups';
const NSG_RULE = 'microsoft.network/networksecuritygroups/securityrules';
const PORT = new Set(['sourceportrange', 'destinationportrange']);
const PORTS = new Set(['sourceportranges', 'destinationportranges']);

function ruleProperties(properties: JsonValue): JsonValue {
  if (!isJsonObject(properties) || isUnknown(properties)) return properties;
  let result: JsonObject | undefined;
  for (const [key, value] of Object.entries(properties)) {
    const lower = key.toLowerCase();
    let converted = value;
    if (PORT.has(lower) && typeof value === 'number') converted = String(value);
    else if (PORTS.has(lower) && Array.isArray(value) && value.some((v) => typeof v === 'number'))
      converted = value.map((v) => (typeof v === 'number' ? String(v) : v));
    if (converted === value) continue;
    result ??= { ...properties };
    result[key] = converted;
  }
  return result ?? properties;
}
