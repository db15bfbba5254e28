/**
 * Resource IDs as ARM builds them from a type and a name (templates/template-functions-resource.md,
 * templates/child-resource-name-type.md): after the provider namespace, the type's segments and the
 * name's segments alternate, `{namespace}/{type1}/{name1}/{type2}/{name2}`.
 */

export class ResourceIdError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResourceIdError';
  }
}

const segmentsByType = new Map<string, { namespace: string; types: string[] }>();

/** The segments of a `Namespace/type1/type2` resource type (cached: loops build IDs of the same types). */
export function typeSegments(type: string): { namespace: string; types: string[] } {
  let segments = segmentsByType.get(type);
  if (segments === undefined) {
    segments = splitType(type);
    if (segmentsByType.size < 10_000) segmentsByType.set(type, segments);
  }
  return segments;
}

function splitType(type: string): { namespace: string; types: string[] } {
  // Quickstart templates write `resourceId('Microsoft.Network/networkInterfaces/', name)` and ARM deploys
  // them: a trailing '/' after the type adds no segment.
  const parts = (type.endsWith('/') ? type.slice(0, -1) : type).split('/');
  const namespace = parts[0] ?? '';
  const types = parts.slice(1);
  if (namespace === '' || types.length === 0 || types.some((t) => t === ''))
    throw new ResourceIdError(
      `'${type}' is not a resource type: expected '{resource-provider-namespace}/{resource-type}'`,
    );
  return { namespace, types };
}

/** Names may be given one per argument or joined with '/' (`'vnet/subnet'`); both mean the same segments. */
export function nameSegments(names: readonly string[]): readonly string[] {
  return names.some((n) => n.includes('/')) ? names.flatMap((n) => n.split('/')) : names;
}

/** `/providers/{namespace}/{type1}/{name1}/...`: the part of an ID a type and its names make. */
export function providerPath(type: string, names: readonly string[]): string {
  const { namespace, types } = typeSegments(type);
  const segments = nameSegments(names);
  if (segments.length !== types.length || segments.some((s) => s === '')) {
    throw new ResourceIdError(
      `the resource type '${type}' has ${types.length} type segment(s), so it needs ${types.length} name segment(s); ` +
        `got '${segments.join('/')}'`,
    );
  }
  let path = `/providers/${namespace}`;
  for (let i = 0; i < types.length; i++) path += `/${types[i]}/${segments[i]}`;
  return path;
}

/** True for a full type (`Microsoft.Network/...`), whose first segment is a namespace with a dot. */
export function isFullType(type: string): boolean {
  const slash = type.indexOf('/');
  const first = slash === -1 ? type : type.slice(0, slash);
  return first.includes('.');
}

export interface DeclaredIdentity {
  id: string;
  /** The type ARM reports for the resource (for `…/providers/…` declarations, the extension's type). */
  type: string;
  /** The last name segment, as ARM GET and Resource Graph return `name`. */
  name: string;
}

/**
 * The ID of a resource declared with a full `type` and `name` under `scope` (an ID prefix, '' for the
 * tenant). Handles the older extension form `Microsoft.Network/networkSecurityGroups/providers/diagnosticSettings`
 * named `nsg/Microsoft.Insights/diag`.
 */
export function declaredIdentity(scope: string, type: string, name: string): DeclaredIdentity {
  const { namespace, types } = typeSegments(type);
  const names = name.split('/');
  const providers = types.findIndex((t) => t.toLowerCase() === 'providers');
  if (providers === -1) {
    if (
      scope.startsWith('/subscriptions/') &&
      !scope.includes('/resourceGroups/') &&
      `${namespace}/${types.join('/')}`.toLowerCase() === 'microsoft.resources/resourcegroups'
    ) {
      return { id: `${scope}/resourceGroups/${name}`, type, name };
    }
    return { id: scope + providerPath(type, names), type, name: names[names.length - 1]! };
  }
  const baseTypes = types.slice(0, providers);
  const extensionTypes = types.slice(providers + 1);
  const extensionNamespace = names[baseTypes.length];
  const extensionNames = names.slice(baseTypes.length + 1);
  if (
    extensionNamespace === undefined ||
    extensionTypes.length === 0 ||
    extensionNames.length !== extensionTypes.length
  ) {
    throw new ResourceIdError(
      `the extension resource type '${type}' needs a name of the form ` +
        `'${baseTypes.map(() => '{base-name}/').join('')}{extension-namespace}/${extensionTypes.map(() => '{name}').join('/')}'; got '${name}'`,
    );
  }
  const base =
    baseTypes.length === 0
      ? scope
      : scope + providerPath(`${namespace}/${baseTypes.join('/')}`, names.slice(0, baseTypes.length));
  const extensionType = `${extensionNamespace}/${extensionTypes.join('/')}`;
  return {
    id: base + providerPath(extensionType, extensionNames),
    type: extensionType,
    name: extensionNames[extensionNames.length - 1]!,
  };
}

/**
 * A resource's `scope` property made an ID: a full ID stays as it is; a relative
 * `Microsoft.Network/networkSecurityGroups/nsg` (as Bicep writes it) is a resource in the deployment's scope.
 */
export function scopeToId(scope: string, deploymentScope: string): string {
  if (scope === '/' || scope === '') return '';
  if (scope.startsWith('/')) return scope.endsWith('/') ? scope.slice(0, -1) : scope;
  const parts = scope.split('/');
  const namespace = parts[0]!;
  const rest = parts.slice(1);
  if (rest.length === 0 || rest.length % 2 !== 0)
    throw new ResourceIdError(
      `the scope '${scope}' is neither a resource ID nor '{namespace}/{type}/{name}[/{type}/{name}...]'`,
    );
  const types = rest.filter((_, i) => i % 2 === 0);
  const names = rest.filter((_, i) => i % 2 === 1);
  return deploymentScope + providerPath(`${namespace}/${types.join('/')}`, names);
}
