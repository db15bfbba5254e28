import { isJsonObject, type JsonObject, type JsonValue } from '../../util/json.ts';

/**
 * Azure PowerShell objects written by `ConvertTo-Json`: their fields are the .NET class's, PascalCase, not
 * ARM's. `Get-AzResource` gives a PSResource (azure-powershell
 * src/Resources/ResourceManager/SdkModels/Resources/PSResource.cs): `ResourceId`/`Id`, `Name`, `ResourceType`/
 * `Type`, `Location`, `Tags`, `Sku`, `Identity`, `Plan`, and, with `-ExpandProperties`, the resource's own
 * `Properties` as ARM returned them. That is an ARM resource under other names, so it is read as one.
 */
export function isPowerShellResource(value: JsonObject): boolean {
  return value.id === undefined && typeof value.ResourceId === 'string' && 'ResourceType' in value;
}

/** The ARM resource a PSResource stands for; PowerShell's own fields (`TagsTable`, `ParentResource`, …) are dropped. */
export function fromPowerShellResource(value: JsonObject): JsonObject {
  const resource: JsonObject = { id: firstString(value.Id, value.ResourceId)! };
  const name = firstString(value.Name, value.ResourceName);
  if (name !== undefined) resource.name = name;
  const type = firstString(value.ResourceType, value.Type);
  if (type !== undefined) resource.type = type;
  copy(value, 'Kind', resource, 'kind');
  copy(value, 'Location', resource, 'location');
  copy(value, 'ManagedBy', resource, 'managedBy');
  copy(value, 'ETag', resource, 'etag');
  copy(value, 'Tags', resource, 'tags');
  if (isJsonObject(value.Sku)) resource.sku = camelKeys(value.Sku);
  if (isJsonObject(value.Plan)) resource.plan = camelKeys(value.Plan);
  if (isJsonObject(value.Identity)) resource.identity = identityOf(value.Identity);
  copy(value, 'ResourceGroupName', resource, 'resourceGroup');
  copy(value, 'SubscriptionId', resource, 'subscriptionId');
  if ('Properties' in value) resource.properties = value.Properties!;
  return resource;
}

/**
 * An object that has PowerShell's `Id` but is not a PSResource: a typed SDK object such as `Get-AzVM`'s
 * PSVirtualMachine, whose fields (`HardwareProfile`, `OSProfile`, enums as numbers) are not ARM's `properties`.
 * What to tell the user, else undefined.
 */
export function powerShellObjectProblem(value: JsonObject): string | undefined {
  if (value.id !== undefined || typeof value.Id !== 'string') return undefined;
  return (
    `not a resource: "${value.Id}" is a PowerShell object written by ConvertTo-Json (such as Get-AzVM's), ` +
    "whose fields are not ARM's. Export with `Get-AzResource -ExpandProperties | ConvertTo-Json -Depth 100` " +
    'or `az graph query` instead.'
  );
}

/**
 * ConvertTo-Json writes the identity type, an enum, as its number unless told `-EnumsAsStrings`, which writes
 * the member's name. Both are read as ARM's value, by the enum PSResource holds (azure-powershell
 * src/Resources/Resources.Management.Sdk/Generated/Models/ResourceIdentityType.cs).
 */
const IDENTITY_TYPES = ['SystemAssigned', 'UserAssigned', 'SystemAssigned, UserAssigned', 'None'];

function identityOf(identity: JsonObject): JsonObject {
  const result = camelKeys(identity);
  const users = identity.UserAssignedIdentities;
  if (isJsonObject(users)) {
    const byId: JsonObject = {};
    for (const [id, user] of Object.entries(users)) byId[id] = isJsonObject(user) ? camelKeys(user) : user;
    result.userAssignedIdentities = byId;
  }
  const type = identity.Type;
  let armType = typeof type === 'number' ? IDENTITY_TYPES[type] : type;
  if (typeof armType === 'string' && armType.toLowerCase() === 'systemassigneduserassigned') {
    armType = IDENTITY_TYPES[2];
  }
  // `Get-AzResource -ExpandProperties` parses ARM's "SystemAssigned, UserAssigned" with Enum.TryParse, which ORs
  // the two names into UserAssigned; ARM gives a principalId only to a system-assigned identity.
  const system = typeof identity.PrincipalId === 'string' && identity.PrincipalId !== '';
  if (armType === 'UserAssigned' && system) armType = IDENTITY_TYPES[2];
  if (armType !== undefined) result.type = armType;
  return result;
}

function camelKeys(object: JsonObject): JsonObject {
  const result: JsonObject = {};
  for (const [key, item] of Object.entries(object)) {
    if (item !== null) result[key.charAt(0).toLowerCase() + key.slice(1)] = item;
  }
  return result;
}

function copy(from: JsonObject, key: string, to: JsonObject, as: string): void {
  const item = from[key];
  if (item !== undefined && item !== null) to[as] = item;
}

function firstString(...values: (JsonValue | undefined)[]): string | undefined {
  for (const value of values) if (typeof value === 'string' && value !== '') return value;
  return undefined;
}
