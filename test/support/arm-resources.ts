import type { Resource } from '../../src/inventory/resource.ts';
import type { JsonObject, JsonValue } from '../../src/util/json.ts';

/**
 * ARM-shaped resources for conformance tests, in the shapes ARM GET and Azure Resource Graph return
 * (azure-rest-api-specs examples: VirtualMachines_Get, NetworkSecurityGroupGet, GetAssessment_example,
 * GetPricingByNameVirtualMachines_example, …). Each builder fills in what a real response always
 * carries, so a definition that reads a neighbouring property sees what Azure would show it.
 */

export const SUBSCRIPTION_ID = '5f3b1c9e-2d4a-4e8b-9c71-0a6d2e8f4b13';
export const OTHER_SUBSCRIPTION_ID = '9a0e7d52-61c3-4f0b-8e2a-3b5c7d9e1f20';
export const TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const RESOURCE_GROUP = 'rg-prod-web';

export const SUBSCRIPTION = `/subscriptions/${SUBSCRIPTION_ID}`;
export const RG_ID = `${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}`;

function providerId(
  type: string,
  name: string,
  group: string = RESOURCE_GROUP,
  sub = SUBSCRIPTION_ID,
): string {
  return `/subscriptions/${sub}/resourceGroups/${group}/providers/${type}/${name}`;
}

/** A case-specific override of part of a resource: objects merge, anything else replaces, `undefined` deletes. */
export interface Patch {
  readonly [key: string]: JsonValue | Patch | undefined;
}

function merge<T extends JsonObject>(base: T, patch: Patch): T {
  const out: JsonObject = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) {
      delete out[key];
      continue;
    }
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? merge(current, value) : (value as JsonValue);
  }
  return out as T;
}

function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---- containers --------------------------------------------------------------------------

export function subscription(id = SUBSCRIPTION_ID): Resource {
  return {
    id: `/subscriptions/${id}`,
    name: id,
    type: 'Microsoft.Resources/subscriptions',
    subscriptionId: id,
    tenantId: TENANT_ID,
    displayName: 'Contoso Production',
    state: 'Enabled',
    subscriptionPolicies: {
      locationPlacementId: 'Public_2014-09-01',
      quotaId: 'EnterpriseAgreement_2014-09-01',
      spendingLimit: 'Off',
    },
    authorizationSource: 'RoleBased',
  };
}

export function resourceGroup(
  name: string,
  tags: Record<string, string> = {},
  location = 'eastus',
): Resource {
  return {
    id: `${SUBSCRIPTION}/resourceGroups/${name}`,
    name,
    type: 'Microsoft.Resources/resourceGroups',
    location,
    tags,
    properties: { provisioningState: 'Succeeded' },
  };
}

// ---- compute -----------------------------------------------------------------------------

export interface Image {
  publisher: string;
  offer: string;
  sku: string;
}

export const IMAGES = {
  ubuntu2204: { publisher: 'Canonical', offer: '0001-com-ubuntu-server-jammy', sku: '22_04-lts-gen2' },
  ubuntu2004: { publisher: 'Canonical', offer: '0001-com-ubuntu-server-focal', sku: '20_04-lts-gen2' },
  ubuntu1804: { publisher: 'Canonical', offer: 'UbuntuServer', sku: '18.04-LTS' },
  rhel8: { publisher: 'RedHat', offer: 'RHEL', sku: '8-lvm-gen2' },
  windows2019: { publisher: 'MicrosoftWindowsServer', offer: 'WindowsServer', sku: '2019-Datacenter' },
  windows2022: {
    publisher: 'MicrosoftWindowsServer',
    offer: 'WindowsServer',
    sku: '2022-datacenter-azure-edition',
  },
  windows2008: { publisher: 'MicrosoftWindowsServer', offer: 'WindowsServer', sku: '2008-R2-SP1' },
  paloAlto: { publisher: 'paloaltonetworks', offer: 'vmseries-flex', sku: 'byol' },
  fortigate: { publisher: 'fortinet', offer: 'fortinet_fortigate-vm_v5', sku: 'fortinet_fg-vm_payg_2023' },
  aksNode: { publisher: 'microsoft-aks', offer: 'aks', sku: 'aks-ubuntu-1804-gen2-2022-q1' },
} satisfies Record<string, Image>;

export interface VmOptions {
  image?: Image | { id: string };
  os?: 'Linux' | 'Windows';
  size?: string;
  location?: string;
  group?: string;
  tags?: Record<string, string>;
  identity?: JsonObject;
  /** securityProfile as ARM returns it; omitted for a Standard (non Trusted Launch) VM. */
  securityProfile?: JsonObject;
  osDisk?: Patch;
  dataDisks?: JsonObject[];
  /** Extensions listed in the VM's `resources`, as ARM GET returns them. */
  extensions?: Resource[];
  /** Merged into `properties` last. */
  properties?: Patch;
}

export const TRUSTED_LAUNCH: JsonObject = {
  uefiSettings: { secureBootEnabled: true, vTpmEnabled: true },
  securityType: 'TrustedLaunch',
};

export function vmId(name: string, group = RESOURCE_GROUP): string {
  return providerId('Microsoft.Compute/virtualMachines', name, group);
}

export function vm(name: string, options: VmOptions = {}): Resource {
  const os = options.os ?? (isWindowsImage(options.image) ? 'Windows' : 'Linux');
  const id = vmId(name, options.group);
  const image = options.image ?? IMAGES.ubuntu2204;
  const osProfile: JsonObject =
    os === 'Windows'
      ? {
          computerName: name.slice(0, 15),
          adminUsername: 'azureadmin',
          windowsConfiguration: {
            provisionVMAgent: true,
            enableAutomaticUpdates: true,
            patchSettings: { patchMode: 'AutomaticByOS', assessmentMode: 'ImageDefault' },
          },
          secrets: [],
          allowExtensionOperations: true,
          requireGuestProvisionSignal: true,
        }
      : {
          computerName: name,
          adminUsername: 'azureuser',
          linuxConfiguration: {
            disablePasswordAuthentication: true,
            ssh: {
              publicKeys: [
                {
                  path: '/home/azureuser/.ssh/authorized_keys',
                  keyData: 'ssh-rsa AAAAB3NzaC1yc2E= generated-by-azure',
                },
              ],
            },
            provisionVMAgent: true,
            patchSettings: { patchMode: 'ImageDefault', assessmentMode: 'ImageDefault' },
          },
          secrets: [],
          allowExtensionOperations: true,
          requireGuestProvisionSignal: true,
        };
  const resource: Resource = {
    id,
    name,
    type: 'Microsoft.Compute/virtualMachines',
    location: options.location ?? 'eastus',
    tags: options.tags ?? {},
    ...(options.identity && { identity: options.identity }),
    properties: {
      vmId: '0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
      hardwareProfile: { vmSize: options.size ?? 'Standard_D2s_v3' },
      storageProfile: {
        imageReference:
          'id' in image ? { id: image.id } : { ...image, version: 'latest', exactVersion: '1.0.202401150' },
        osDisk: merge(
          {
            osType: os,
            name: `${name}_OsDisk_1_3f8c2a7d9e1b4c5a`,
            createOption: 'FromImage',
            caching: 'ReadWrite',
            managedDisk: {
              storageAccountType: 'Premium_LRS',
              // ARM returns the resource group of a disk ID in capitals.
              id: providerId(
                'Microsoft.Compute/disks',
                `${name}_OsDisk_1_3f8c2a7d9e1b4c5a`,
                (options.group ?? RESOURCE_GROUP).toUpperCase(),
              ),
            },
            deleteOption: 'Delete',
            diskSizeGB: os === 'Windows' ? 127 : 30,
          },
          options.osDisk ?? {},
        ),
        dataDisks: options.dataDisks ?? [],
        diskControllerType: 'SCSI',
      },
      osProfile,
      ...(options.securityProfile && { securityProfile: options.securityProfile }),
      networkProfile: {
        networkInterfaces: [
          {
            id: providerId('Microsoft.Network/networkInterfaces', `${name}-nic`, options.group),
            properties: { deleteOption: 'Detach' },
          },
        ],
      },
      diagnosticsProfile: { bootDiagnostics: { enabled: true } },
      provisioningState: 'Succeeded',
      timeCreated: '2025-11-03T09:14:22.5134027+00:00',
    },
    ...(options.extensions && { resources: options.extensions }),
  };
  if (options.properties) resource.properties = merge(resource.properties as JsonObject, options.properties);
  return resource;
}

function isWindowsImage(image: VmOptions['image']): boolean {
  return image !== undefined && 'publisher' in image && image.publisher.startsWith('MicrosoftWindows');
}

export interface ExtensionOptions {
  publisher: string;
  type: string;
  typeHandlerVersion?: string;
  provisioningState?: string;
  autoUpgradeMinorVersion?: boolean;
  settings?: JsonObject;
}

export function vmExtension(
  vm: string,
  name: string,
  options: ExtensionOptions,
  location = 'eastus',
): Resource {
  return {
    id: `${vmId(vm)}/extensions/${name}`,
    name,
    type: 'Microsoft.Compute/virtualMachines/extensions',
    location,
    properties: extensionProperties(options),
  };
}

function extensionProperties(options: ExtensionOptions): JsonObject {
  return {
    autoUpgradeMinorVersion: options.autoUpgradeMinorVersion ?? true,
    provisioningState: options.provisioningState ?? 'Succeeded',
    publisher: options.publisher,
    type: options.type,
    typeHandlerVersion: options.typeHandlerVersion ?? '1.0',
    ...(options.settings && { settings: options.settings }),
  };
}

/** Well-known extensions as the portal and the Azure CLI install them. */
export const EXTENSIONS = {
  linuxGuestAttestation: { publisher: 'Microsoft.Azure.Security.LinuxAttestation', type: 'GuestAttestation' },
  windowsGuestAttestation: {
    publisher: 'Microsoft.Azure.Security.WindowsAttestation',
    type: 'GuestAttestation',
  },
  azureMonitorLinux: {
    publisher: 'Microsoft.Azure.Monitor',
    type: 'AzureMonitorLinuxAgent',
    typeHandlerVersion: '1.29',
  },
  omsAgentLinux: {
    publisher: 'Microsoft.EnterpriseCloud.Monitoring',
    type: 'OmsAgentForLinux',
    typeHandlerVersion: '1.14',
  },
  guestConfigLinux: {
    publisher: 'Microsoft.GuestConfiguration',
    type: 'ConfigurationforLinux',
    typeHandlerVersion: '1.26',
  },
  guestConfigWindows: {
    publisher: 'Microsoft.GuestConfiguration',
    type: 'ConfigurationforWindows',
    typeHandlerVersion: '1.29',
  },
  dependencyAgentLinux: {
    publisher: 'Microsoft.Azure.Monitoring.DependencyAgent',
    type: 'DependencyAgentLinux',
    typeHandlerVersion: '9.10',
  },
  antimalware: { publisher: 'Microsoft.Azure.Security', type: 'IaaSAntimalware', typeHandlerVersion: '1.3' },
  customScriptLinux: {
    publisher: 'Microsoft.Azure.Extensions',
    type: 'CustomScript',
    typeHandlerVersion: '2.1',
  },
  iaasDiagnostics: {
    publisher: 'Microsoft.Azure.Diagnostics',
    type: 'IaaSDiagnostics',
    typeHandlerVersion: '1.5',
  },
} satisfies Record<string, ExtensionOptions>;

export interface VmssOptions {
  image?: Image;
  os?: 'Linux' | 'Windows';
  location?: string;
  zones?: string[];
  securityProfile?: JsonObject;
  /** Extensions in virtualMachineProfile.extensionProfile, as ARM GET returns them (no id, no type). */
  extensions?: { name: string; options: ExtensionOptions }[];
  /** Merged into `properties` last. */
  properties?: Patch;
}

export function vmssId(name: string): string {
  return providerId('Microsoft.Compute/virtualMachineScaleSets', name);
}

export function vmss(name: string, options: VmssOptions = {}): Resource {
  const image = options.image ?? IMAGES.ubuntu2204;
  const os = options.os ?? (image.publisher.startsWith('MicrosoftWindows') ? 'Windows' : 'Linux');
  const resource: Resource = {
    id: vmssId(name),
    name,
    type: 'Microsoft.Compute/virtualMachineScaleSets',
    location: options.location ?? 'eastus',
    tags: {},
    sku: { name: 'Standard_D2s_v3', tier: 'Standard', capacity: 3 },
    ...(options.zones && { zones: options.zones }),
    properties: merge(
      {
        singlePlacementGroup: false,
        orchestrationMode: 'Uniform',
        upgradePolicy: { mode: 'Manual' },
        virtualMachineProfile: {
          osProfile: {
            computerNamePrefix: name.slice(0, 9),
            adminUsername: 'azureuser',
            ...(os === 'Windows'
              ? { windowsConfiguration: { provisionVMAgent: true, enableAutomaticUpdates: true } }
              : { linuxConfiguration: { disablePasswordAuthentication: true, provisionVMAgent: true } }),
            secrets: [],
          },
          storageProfile: {
            osDisk: {
              osType: os,
              createOption: 'FromImage',
              caching: 'ReadWrite',
              managedDisk: { storageAccountType: 'Premium_LRS' },
              diskSizeGB: os === 'Windows' ? 127 : 30,
            },
            imageReference: { ...image, version: 'latest' },
            dataDisks: [],
          },
          networkProfile: {
            networkInterfaceConfigurations: [
              {
                name: `${name}-nic`,
                properties: {
                  primary: true,
                  enableAcceleratedNetworking: false,
                  enableIPForwarding: false,
                  ipConfigurations: [
                    {
                      name: `${name}-ipconfig`,
                      properties: {
                        subnet: { id: `${vnetId('vnet-prod')}/subnets/snet-app` },
                        privateIPAddressVersion: 'IPv4',
                      },
                    },
                  ],
                },
              },
            ],
          },
          ...(options.securityProfile && { securityProfile: options.securityProfile }),
          ...(options.extensions && {
            extensionProfile: {
              extensions: options.extensions.map((e) => ({
                name: e.name,
                properties: extensionProperties(e.options),
              })),
            },
          }),
        },
        provisioningState: 'Succeeded',
        overprovision: true,
        uniqueId: '8b2f1d3c-9e4a-4c7b-a1d2-3e4f5a6b7c8d',
        platformFaultDomainCount: 1,
      },
      options.properties ?? {},
    ),
  };
  return resource;
}

export function disk(name: string, properties: JsonObject = {}): Resource {
  return {
    id: providerId('Microsoft.Compute/disks', name),
    name,
    type: 'Microsoft.Compute/disks',
    location: 'eastus',
    tags: {},
    sku: { name: 'Premium_LRS', tier: 'Premium' },
    properties: {
      osType: 'Linux',
      hyperVGeneration: 'V2',
      creationData: { createOption: 'Empty' },
      diskSizeGB: 128,
      diskIOPSReadWrite: 500,
      diskMBpsReadWrite: 100,
      encryption: { type: 'EncryptionAtRestWithPlatformKey' },
      networkAccessPolicy: 'AllowAll',
      publicNetworkAccess: 'Enabled',
      timeCreated: '2025-10-21T08:01:44.1234567+00:00',
      provisioningState: 'Succeeded',
      diskState: 'Unattached',
      diskSizeBytes: 137438953472,
      uniqueId: 'a4b5c6d7-e8f9-4a0b-9c1d-2e3f4a5b6c7d',
      ...properties,
    },
  };
}

// ---- network -----------------------------------------------------------------------------

/** A security rule's properties, with the empty plural arrays ARM GET always returns. */
export function ruleProperties(properties: JsonObject): JsonObject {
  return {
    protocol: 'Tcp',
    sourcePortRange: '*',
    destinationAddressPrefix: '*',
    access: 'Allow',
    priority: 100,
    direction: 'Inbound',
    sourcePortRanges: [],
    destinationPortRanges: [],
    sourceAddressPrefixes: [],
    destinationAddressPrefixes: [],
    provisioningState: 'Succeeded',
    ...properties,
  };
}

export function nsgId(name: string): string {
  return providerId('Microsoft.Network/networkSecurityGroups', name);
}

/** A security rule as its own GET returns it (`…/networkSecurityGroups/{nsg}/securityRules/{rule}`). */
export function securityRule(nsg: string, name: string, properties: JsonObject): Resource {
  return {
    id: `${nsgId(nsg)}/securityRules/${name}`,
    name,
    etag: 'W/"00000000-0000-0000-0000-000000000000"',
    type: 'Microsoft.Network/networkSecurityGroups/securityRules',
    properties: ruleProperties(properties),
  };
}

/** The rules Azure puts in every NSG: name, direction, access, priority, source, destination. */
const DEFAULT_RULES: [string, string, string, number, string, string][] = [
  ['AllowVnetInBound', 'Inbound', 'Allow', 65000, 'VirtualNetwork', 'VirtualNetwork'],
  ['AllowAzureLoadBalancerInBound', 'Inbound', 'Allow', 65001, 'AzureLoadBalancer', '*'],
  ['DenyAllInBound', 'Inbound', 'Deny', 65500, '*', '*'],
  ['AllowVnetOutBound', 'Outbound', 'Allow', 65000, 'VirtualNetwork', 'VirtualNetwork'],
  ['AllowInternetOutBound', 'Outbound', 'Allow', 65001, '*', 'Internet'],
  ['DenyAllOutBound', 'Outbound', 'Deny', 65500, '*', '*'],
];

/** An NSG as its GET returns it: security rules and the default rules nested under properties. */
export function networkSecurityGroup(
  name: string,
  rules: { name: string; properties: JsonObject }[],
  extra: JsonObject = {},
): Resource {
  const id = nsgId(name);
  return {
    id,
    name,
    type: 'Microsoft.Network/networkSecurityGroups',
    location: 'eastus',
    tags: {},
    etag: 'W/"00000000-0000-0000-0000-000000000000"',
    properties: {
      provisioningState: 'Succeeded',
      resourceGuid: '2bd1f4a6-7c3e-4b8d-9f0a-1e2d3c4b5a69',
      securityRules: rules.map((r) => ({
        name: r.name,
        id: `${id}/securityRules/${r.name}`,
        etag: 'W/"00000000-0000-0000-0000-000000000000"',
        type: 'Microsoft.Network/networkSecurityGroups/securityRules',
        properties: ruleProperties(r.properties),
      })),
      defaultSecurityRules: defaultSecurityRules(id),
      ...extra,
    },
  };
}

/** The six default rules of the NSG `nsgId`, as its GET lists them under `defaultSecurityRules`. */
export function defaultSecurityRules(nsgId: string): JsonObject[] {
  return DEFAULT_RULES.map(([ruleName, direction, access, priority, source, destination]) => ({
    name: ruleName,
    id: `${nsgId}/defaultSecurityRules/${ruleName}`,
    etag: 'W/"00000000-0000-0000-0000-000000000000"',
    type: 'Microsoft.Network/networkSecurityGroups/defaultSecurityRules',
    properties: ruleProperties({
      protocol: '*',
      destinationPortRange: '*',
      sourceAddressPrefix: source,
      destinationAddressPrefix: destination,
      access,
      priority,
      direction,
    }),
  }));
}

export function vnetId(name: string, group = RESOURCE_GROUP): string {
  return providerId('Microsoft.Network/virtualNetworks', name, group);
}

export function subnet(vnet: string, name: string, properties: JsonObject = {}): Resource {
  return {
    id: `${vnetId(vnet)}/subnets/${name}`,
    name,
    etag: 'W/"00000000-0000-0000-0000-000000000000"',
    type: 'Microsoft.Network/virtualNetworks/subnets',
    properties: {
      provisioningState: 'Succeeded',
      addressPrefix: '10.0.1.0/24',
      delegations: [],
      privateEndpointNetworkPolicies: 'Disabled',
      privateLinkServiceNetworkPolicies: 'Enabled',
      ...properties,
    },
  };
}

export function virtualNetwork(
  name: string,
  subnets: Resource[] = [],
  properties: JsonObject = {},
): Resource {
  return {
    id: vnetId(name),
    name,
    type: 'Microsoft.Network/virtualNetworks',
    location: 'eastus',
    tags: {},
    etag: 'W/"00000000-0000-0000-0000-000000000000"',
    properties: {
      provisioningState: 'Succeeded',
      resourceGuid: '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9',
      addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
      subnets,
      virtualNetworkPeerings: [],
      enableDdosProtection: false,
      ...properties,
    },
  };
}

export function networkInterface(
  name: string,
  ipConfigurations: JsonObject[],
  properties: JsonObject = {},
): Resource {
  const id = providerId('Microsoft.Network/networkInterfaces', name);
  return {
    id,
    name,
    type: 'Microsoft.Network/networkInterfaces',
    location: 'eastus',
    tags: {},
    etag: 'W/"00000000-0000-0000-0000-000000000000"',
    properties: {
      provisioningState: 'Succeeded',
      ipConfigurations: ipConfigurations.map((config, i) => ({
        name: `ipconfig${i + 1}`,
        id: `${id}/ipConfigurations/ipconfig${i + 1}`,
        type: 'Microsoft.Network/networkInterfaces/ipConfigurations',
        properties: {
          provisioningState: 'Succeeded',
          privateIPAddress: `10.0.1.${4 + i}`,
          privateIPAllocationMethod: 'Dynamic',
          primary: i === 0,
          privateIPAddressVersion: 'IPv4',
          ...config,
        },
      })),
      dnsSettings: { dnsServers: [], appliedDnsServers: [] },
      enableAcceleratedNetworking: true,
      enableIPForwarding: false,
      nicType: 'Standard',
      ...properties,
    },
  };
}

export function networkWatcher(location: string, group = 'NetworkWatcherRG'): Resource {
  return {
    id: providerId('Microsoft.Network/networkWatchers', `NetworkWatcher_${location}`, group),
    name: `NetworkWatcher_${location}`,
    type: 'Microsoft.Network/networkWatchers',
    location,
    tags: {},
    properties: { provisioningState: 'Succeeded' },
  };
}

// ---- security, guest configuration, backup, key vault --------------------------------------

/** A Defender for Cloud assessment: an extension resource on the assessed resource. */
export function assessment(
  resourceId: string,
  key: string,
  code: 'Healthy' | 'Unhealthy' | 'NotApplicable',
  displayName = 'Assessment',
): Resource {
  return {
    id: `${resourceId}/providers/Microsoft.Security/assessments/${key}`,
    name: key,
    type: 'Microsoft.Security/assessments',
    properties: {
      resourceDetails: { Source: 'Azure', Id: resourceId },
      displayName,
      status: {
        code,
        ...(code === 'NotApplicable' && {
          cause: 'OffByPolicy',
          description: 'The effective policy for the assessment was evaluated to off',
        }),
        firstEvaluationDate: '2025-12-01T10:00:00.0000000Z',
        statusChangeDate: '2026-01-10T10:00:00.0000000Z',
      },
      additionalData: {},
    },
  };
}

/** A Defender plan setting at subscription scope. */
export function pricing(
  name: string,
  pricingTier: 'Free' | 'Standard',
  properties: JsonObject = {},
  sub = SUBSCRIPTION_ID,
): Resource {
  return {
    id: `/subscriptions/${sub}/providers/Microsoft.Security/pricings/${name}`,
    name,
    type: 'Microsoft.Security/pricings',
    properties: {
      pricingTier,
      ...(pricingTier === 'Standard' && { enablementTime: '2025-06-01T12:42:42.1921106Z' }),
      freeTrialRemainingTime: 'PT0S',
      ...properties,
    },
  };
}

export function securityContact(properties: JsonObject): Resource {
  return {
    id: `${SUBSCRIPTION}/providers/Microsoft.Security/securityContacts/default`,
    name: 'default',
    type: 'Microsoft.Security/securityContacts',
    properties,
  };
}

/** A machine configuration (guest configuration) assignment: an extension resource on the VM. */
export function guestAssignment(
  vm: string,
  name: string,
  complianceStatus: string,
  parameterHash?: string,
): Resource {
  return {
    id: `${vmId(vm)}/providers/Microsoft.GuestConfiguration/guestConfigurationAssignments/${name}`,
    name,
    type: 'Microsoft.GuestConfiguration/guestConfigurationAssignments',
    location: 'eastus',
    properties: {
      targetResourceId: vmId(vm),
      complianceStatus,
      lastComplianceStatusChecked: '2026-01-14T22:10:05.123Z',
      assignmentHash: '4C6F0E1D2A3B',
      provisioningState: 'Succeeded',
      ...(parameterHash !== undefined && { parameterHash }),
      guestConfiguration: { name, version: '1.*', contentType: 'BuiltIn', assignmentType: 'ApplyAndMonitor' },
    },
  };
}

/** A VM protected by Azure Backup, as the vault lists it. */
export function protectedItem(vault: string, vm: string, group = RESOURCE_GROUP): Resource {
  const container = `iaasvmcontainer;iaasvmcontainerv2;${group};${vm}`;
  return {
    id: `${providerId('Microsoft.RecoveryServices/vaults', vault)}/backupFabrics/Azure/protectionContainers/${container}/protectedItems/vm;${container}`,
    name: `VM;${container}`,
    type: 'Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems',
    properties: {
      protectedItemType: 'Microsoft.Compute/virtualMachines',
      friendlyName: vm,
      virtualMachineId: vmId(vm, group),
      sourceResourceId: vmId(vm, group),
      protectionStatus: 'Healthy',
      protectionState: 'Protected',
      lastBackupStatus: 'Completed',
      policyId: `${providerId('Microsoft.RecoveryServices/vaults', vault)}/backupPolicies/DefaultPolicy`,
      workloadType: 'VM',
    },
  };
}

export function keyVault(name: string, properties: JsonObject = {}): Resource {
  return {
    id: providerId('Microsoft.KeyVault/vaults', name),
    name,
    type: 'Microsoft.KeyVault/vaults',
    location: 'eastus',
    tags: {},
    properties: {
      sku: { family: 'A', name: 'standard' },
      tenantId: TENANT_ID,
      accessPolicies: [],
      enabledForDeployment: false,
      enableSoftDelete: true,
      softDeleteRetentionInDays: 90,
      enableRbacAuthorization: true,
      vaultUri: `https://${name}.vault.azure.net/`,
      provisioningState: 'Succeeded',
      publicNetworkAccess: 'Enabled',
      ...properties,
    },
  };
}

/** Any extension resource (`<scope>/providers/<type>/<name>`): diagnostic settings, links, maintenance assignments… */
export function extensionResource(
  scopeId: string,
  type: string,
  name: string,
  properties: JsonObject,
  extra: JsonObject = {},
): Resource {
  return { id: `${scopeId}/providers/${type}/${name}`, name, type, ...extra, properties };
}

export function hybridMachine(
  name: string,
  properties: JsonObject = {},
  tags: Record<string, string> = {},
): Resource {
  return {
    id: providerId('Microsoft.HybridCompute/machines', name),
    name,
    type: 'Microsoft.HybridCompute/machines',
    location: 'eastus',
    tags,
    identity: {
      type: 'SystemAssigned',
      principalId: '44444444-5555-6666-7777-888888888888',
      tenantId: TENANT_ID,
    },
    kind: '',
    properties: {
      provisioningState: 'Succeeded',
      agentVersion: '1.48.02881.1941',
      status: 'Connected',
      lastStatusChange: '2026-01-14T08:11:52.3261232Z',
      machineFqdn: `${name}.corp.contoso.com`,
      osName: 'linux',
      osVersion: '5.15.0-1051-azure',
      osType: 'linux',
      osSku: 'Ubuntu 22.04.3 LTS',
      vmId: '6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d',
      ...properties,
    },
  };
}
