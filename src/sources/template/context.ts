import type { JsonObject } from '../../util/json.ts';

/**
 * Where a template is pretended to be deployed. Vigil deploys nothing, but `resourceGroup().id`,
 * `subscription().subscriptionId` and every resource ID depend on it, so these are fixed placeholders:
 * the same template always expands to the same IDs and the same `uniqueString()` values. Each can be
 * overridden (`vigil scan --subscription-id … --resource-group … --location … --tenant-id …`) to match
 * a real target.
 */
export interface DeploymentContext {
  subscriptionId: string;
  resourceGroup: string;
  /** The resource group's location: what `resourceGroup().location` returns. */
  location: string;
  tenantId: string;
  /** The top-level deployment's name; `az deployment group create` defaults it to the template file's base name. */
  deploymentName?: string;
  /** What `utcNow()` in a parameter default returns: the deployment time, fixed for reproducible scans. */
  now?: Date;
}

export const DEFAULT_CONTEXT: Readonly<Required<Omit<DeploymentContext, 'deploymentName' | 'now'>>> = {
  subscriptionId: '00000000-0000-0000-0000-000000000000',
  resourceGroup: 'vigil-template-rg',
  location: 'eastus',
  tenantId: '00000000-0000-0000-0000-000000000000',
};

export type DeploymentLevel = 'resourceGroup' | 'subscription' | 'managementGroup' | 'tenant';

/** What one (possibly nested) deployment targets. */
export interface DeploymentTarget {
  level: DeploymentLevel;
  subscriptionId: string;
  resourceGroup: string;
  /** The resource group's location (resource group level) or the deployment's location (other levels). */
  location: string;
  tenantId: string;
  managementGroup?: string;
  /** The resource group's tags, when the template itself creates the group. */
  resourceGroupTags?: JsonObject;
}

export function rootTarget(context: DeploymentContext, level: DeploymentLevel): DeploymentTarget {
  return {
    level,
    subscriptionId: context.subscriptionId,
    resourceGroup: context.resourceGroup,
    location: context.location,
    tenantId: context.tenantId,
    ...(level === 'managementGroup' && { managementGroup: context.tenantId }),
  };
}

export function resourceGroupId(target: DeploymentTarget): string {
  return `/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroup}`;
}

/** The prefix every resource deployed at `target` gets in its ID. */
export function scopeId(target: DeploymentTarget): string {
  switch (target.level) {
    case 'resourceGroup':
      return resourceGroupId(target);
    case 'subscription':
      return `/subscriptions/${target.subscriptionId}`;
    case 'managementGroup':
      return `/providers/Microsoft.Management/managementGroups/${target.managementGroup}`;
    case 'tenant':
      return '';
  }
}

/** `resourceGroup()` (templates/template-functions-scope.md#resourcegroup). */
export function resourceGroupObject(target: DeploymentTarget): JsonObject {
  return {
    id: resourceGroupId(target),
    name: target.resourceGroup,
    type: 'Microsoft.Resources/resourceGroups',
    location: target.location,
    tags: target.resourceGroupTags ?? {},
    properties: { provisioningState: 'Succeeded' },
  };
}

/** `subscription()` (…-scope.md#subscription). */
export function subscriptionObject(target: DeploymentTarget): JsonObject {
  return {
    id: `/subscriptions/${target.subscriptionId}`,
    subscriptionId: target.subscriptionId,
    tenantId: target.tenantId,
    displayName: 'Vigil template scan',
  };
}

/** `tenant()` (…-scope.md#tenant). */
export function tenantObject(target: DeploymentTarget): JsonObject {
  return {
    countryCode: 'US',
    displayName: 'Vigil template scan',
    id: `/tenants/${target.tenantId}`,
    tenantId: target.tenantId,
  };
}

/** `managementGroup()` (…-scope.md#managementgroup). */
export function managementGroupObject(target: DeploymentTarget): JsonObject {
  const name = target.managementGroup ?? target.tenantId;
  return {
    id: `/providers/Microsoft.Management/managementGroups/${name}`,
    name,
    properties: { displayName: name, tenantId: target.tenantId },
    type: '/providers/Microsoft.Management/managementGroups',
  };
}

/** `environment()` for global Azure, as templates/template-functions-deployment.md#environment shows it. */
export const AZURE_CLOUD: JsonObject = {
  name: 'AzureCloud',
  gallery: 'https://gallery.azure.com/',
  graph: 'https://graph.windows.net/',
  portal: 'https://portal.azure.com',
  graphAudience: 'https://graph.windows.net/',
  activeDirectoryDataLake: 'https://datalake.azure.net/',
  batch: 'https://batch.core.windows.net/',
  media: 'https://rest.media.azure.net',
  sqlManagement: 'https://management.core.windows.net:8443/',
  vmImageAliasDoc:
    'https://raw.githubusercontent.com/Azure/azure-rest-api-specs/master/arm-compute/quickstart-templates/aliases.json',
  resourceManager: 'https://management.azure.com/',
  authentication: {
    loginEndpoint: 'https://login.microsoftonline.com/',
    audiences: ['https://management.core.windows.net/', 'https://management.azure.com/'],
    tenant: 'common',
    identityProvider: 'AAD',
  },
  suffixes: {
    acrLoginServer: '.azurecr.io',
    azureDatalakeAnalyticsCatalogAndJob: 'azuredatalakeanalytics.net',
    azureDatalakeStoreFileSystem: 'azuredatalakestore.net',
    azureFrontDoorEndpointSuffix: 'azurefd.net',
    keyvaultDns: '.vault.azure.net',
    sqlServerHostname: '.database.windows.net',
    storage: 'core.windows.net',
  },
};
