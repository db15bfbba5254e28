import { isJsonObject, type JsonObject, type JsonValue } from '../../util/json.ts';
import { isUnknown } from '../../util/unknown.ts';

/**
 * The properties as the resource provider stores and returns them, where that differs from what the
 * template sends. Checks read the resource as Azure returns it, and snapshots are written from it.
 *
 * A template may give a property a number where the provider's API declares a string, and the provider
 * returns the string: `"destinationPortRange": "[if(…, 3389, 22)]"` (quickstart multi-vm-lb-zones)
 * deploys a rule that `az network nsg show` reports as `"destinationPortRange": "22"`, so the security
 * rule ports are converted (Microsoft.Network securityRules: `sourcePortRange`/`destinationPortRange` are
 * strings, `…PortRanges` arrays of strings).
 *
 * An extension's `protectedSettings` is write-only: the "protected configuration … is encrypted and only
 * decrypted inside the virtual machine" (learn.microsoft.com/azure/virtual-machines/extensions/
 * custom-script-windows), and no GET returns it. Templates put domain-join passwords, storage keys and
 * commands with tokens there, often from plain `string` parameters (quickstart vm-domain-join,
 * vm-windows-ssh), so it is dropped, as from a VM scale set's inline extension profile.
 */
export function asStoredByProvider(type: string, properties: JsonValue): JsonValue {
  const lower = type.toLowerCase();
  if (lower === NSG_RULE) return ruleProperties(properties);
  if (EXTENSIONS.has(lower)) return withoutProtectedSettings(properties);
  if (lower === SCALE_SET) return scaleSetProperties(properties);
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

/**
 * A resource's availability `zones` are strings in every API (`"zones": ["1"]`); a template that builds
 * them from an `int` parameter (quickstart anchored-proximity-placement-group: `["[parameters('zone')]"]`)
 * deploys, and ARM returns the strings.
 */
export function zonesAsStored(zones: JsonValue): JsonValue {
  if (!Array.isArray(zones) || !zones.some((z) => typeof z === 'number')) return zones;
  return zones.map((z) => (typeof z === 'number' ? String(z) : z));
}

const NSG = 'microsoft.network/networksecuritygroups';
const SCALE_SET = 'microsoft.compute/virtualmachinescalesets';
const EXTENSIONS = new Set([
  'microsoft.compute/virtualmachines/extensions',
  'microsoft.compute/virtualmachinescalesets/extensions',
  'microsoft.hybridcompute/machines/extensions',
]);
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

/** The member named `name` (any casing) as `[key, value]`. */
function member(object: JsonObject, name: string): [string, JsonValue] | undefined {
  const key = Object.keys(object).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : [key, object[key] as JsonValue];
}

/** The member named `name` (any casing), when it is a known object. */
function memberObject(object: JsonObject, name: string): [string, JsonObject] | undefined {
  const found = member(object, name);
  return found && isJsonObject(found[1]) && !isUnknown(found[1]) ? [found[0], found[1]] : undefined;
}

function withoutProtectedSettings(properties: JsonValue): JsonValue {
  if (!isJsonObject(properties) || isUnknown(properties)) return properties;
  const found = member(properties, 'protectedsettings');
  if (found === undefined) return properties;
  const { [found[0]]: _dropped, ...rest } = properties;
  return rest;
}

/** `virtualMachineProfile.extensionProfile.extensions[*].properties` without their protected settings. */
function scaleSetProperties(properties: JsonValue): JsonValue {
  if (!isJsonObject(properties) || isUnknown(properties)) return properties;
  const profile = memberObject(properties, 'virtualmachineprofile');
  const extensionProfile = profile && memberObject(profile[1], 'extensionprofile');
  const extensions = extensionProfile && member(extensionProfile[1], 'extensions');
  if (!profile || !extensionProfile || !extensions || !Array.isArray(extensions[1])) return properties;
  let changed = false;
  const kept = extensions[1].map((extension) => {
    if (!isJsonObject(extension) || isUnknown(extension)) return extension;
    const inner = memberObject(extension, 'properties');
    const stripped = inner && withoutProtectedSettings(inner[1]);
    if (!inner || stripped === inner[1]) return extension;
    changed = true;
    return { ...extension, [inner[0]]: stripped as JsonValue };
  });
  if (!changed) return properties;
  const profileValue = { ...extensionProfile[1], [extensions[0]]: kept };
  return { ...properties, [profile[0]]: { ...profile[1], [extensionProfile[0]]: profileValue } };
}
