import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatInputError } from '../util/input-error.ts';
import { isJsonObject, type JsonValue } from '../util/json.ts';
import { parseJsonText } from '../util/parse-json.ts';
import { pointerJoin } from './rule-json.ts';

const DATA_FILE = fileURLToPath(new URL('./data/tag-support.json', import.meta.url));

/**
 * Azure excludes these from `indexed` mode even though the tag-support page says they take tags:
 * definitions that govern their tags or location must use mode `all` and target them by type
 * (azure-docs articles/governance/policy/concepts/definition-structure-basics.md, "Resource Manager
 * modes"). `subscriptions/resourceGroups` is how the policy `type` field spells a resource group.
 */
const EXCLUDED_FROM_INDEXED = new Set([
  'microsoft.resources/resourcegroups',
  'microsoft.resources/subscriptions/resourcegroups',
  'microsoft.resources/subscriptions',
]);

/**
 * Where the tag-support page contradicts Azure itself. Compute gallery images, image versions and
 * applications are tracked resources (location and tags in their REST schema), and Microsoft's own
 * Indexed built-ins target them (OSAndDataDiskCMKRequired_Deny, ManagedDiskEncryptionSetsAllowed_Deny):
 * an Indexed definition evaluates them.
 */
const TRACKED_DESPITE_TABLE = new Map<string, boolean>([
  ['microsoft.compute/galleries/images', true],
  ['microsoft.compute/galleries/images/versions', true],
  ['microsoft.compute/galleries/applications', true],
  ['microsoft.compute/galleries/applications/versions', true],
]);

export interface TagSupportTable {
  /** `<repo>@<commit>:<path>` of the page the table was transcribed from. */
  source: string;
  /** Lower-cased full type name → the page's "Supports tags" column. */
  types: ReadonlyMap<string, boolean>;
}

let shipped: TagSupportTable | undefined;

function table(): TagSupportTable {
  if (!shipped) {
    const parsed = parseJsonText(readFileSync(DATA_FILE, 'utf8'), DATA_FILE);
    if (!parsed.ok) throw new Error(formatInputError(parsed.error));
    shipped = decodeTagSupport(parsed.value, DATA_FILE);
  }
  return shipped;
}

/** Checks the shape of data/tag-support.json; a malformed file is reported with its JSON pointer. */
export function decodeTagSupport(json: JsonValue, file: string): TagSupportTable {
  function fail(pointer: string, message: string): never {
    throw new Error(formatInputError({ file, pointer, message }));
  }
  if (!isJsonObject(json)) fail('', 'expected an object with "source" and "types"');
  if (typeof json.source !== 'string' || json.source === '') fail('/source', 'expected a non-empty string');
  const entries = json.types;
  if (!isJsonObject(entries)) fail('/types', 'expected an object of resource type → boolean');
  const types = new Map<string, boolean>();
  for (const [type, supported] of Object.entries(entries)) {
    const at = pointerJoin('/types', type);
    if (!type.includes('/') || type !== type.toLowerCase()) {
      fail(at, 'expected a lower-cased full type name (namespace/type)');
    }
    if (typeof supported !== 'boolean') fail(at, 'expected true or false');
    types.set(type, supported);
  }
  return { source: json.source, types };
}

/**
 * Whether Microsoft's tag-support page lists the type as supporting tags; undefined when the
 * page does not list it. The page has no location column: Vigil reads "Supports tags" as the
 * `indexed`-mode criterion because the policy docs point at that page for it.
 */
export function supportsTagsAndLocation(resourceType: string): boolean | undefined {
  return table().types.get(resourceType.toLowerCase());
}

/**
 * The part of an ARM resource that `indexedModeApplies` looks at. The index signature lets a whole
 * `Resource` through: without it TypeScript rejects any object that lacks both named properties.
 * `tags` decides nothing: a taggable resource without tags simply omits the property.
 */
export interface IndexedModeInput {
  readonly location?: unknown;
  readonly tags?: unknown;
  readonly [property: string]: unknown;
}

/** Whether a definition with mode `indexed` evaluates this resource. */
export function indexedModeApplies(resourceType: string, resource: IndexedModeInput): boolean {
  const type = resourceType.toLowerCase();
  if (EXCLUDED_FROM_INDEXED.has(type)) return false;
  const corrected = TRACKED_DESPITE_TABLE.get(type);
  if (corrected !== undefined) return corrected;
  const listed = table().types.get(type);
  if (listed !== undefined) return listed;
  // Vigil's fallback, not Azure's rule: for a type the table does not list, a location in the
  // resource JSON marks a tracked resource, and tracked resources are the ones that carry tags.
  return typeof resource.location === 'string' && resource.location !== '';
}
