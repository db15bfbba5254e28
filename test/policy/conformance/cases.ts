import type { Resource } from '../../../src/inventory/resource.ts';
import type { JsonObject, JsonValue } from '../../../src/util/json.ts';
import {
  assessment,
  disk,
  EXTENSIONS,
  extensionResource,
  guestAssignment,
  hybridMachine,
  IMAGES,
  keyVault,
  networkInterface,
  networkSecurityGroup,
  networkWatcher,
  nsgId,
  OTHER_SUBSCRIPTION_ID,
  pricing,
  protectedItem,
  RESOURCE_GROUP,
  RG_ID,
  resourceGroup,
  SUBSCRIPTION,
  SUBSCRIPTION_ID,
  securityContact,
  securityRule,
  subnet,
  subscription,
  TENANT_ID,
  TRUSTED_LAUNCH,
  virtualNetwork,
  vm,
  vmExtension,
  vmId,
  vmss,
  vmssId,
  vnetId,
} from '../../support/arm-resources.ts';

/**
 * Vigil's Azure Policy conformance table: built-in definitions from shared/corpora/azure-policy,
 * unchanged, against resources shaped as ARM returns them. Each row says what Azure reports for
 * one resource and why. To add a case, append a row; the runner needs nothing else.
 *
 * Doc references in `why` (MicrosoftDocs/azure-docs, articles/governance/policy/…):
 *   rule      concepts/definition-structure-policy-rule.md
 *   arrays    how-to/author-policies-for-arrays.md
 *   aine      concepts/effect-audit-if-not-exists.md (dine: effect-deploy-if-not-exists.md)
 *   basics    concepts/definition-structure-basics.md (modes)
 *   applic    concepts/policy-applicability.md
 *   states    concepts/compliance-states.md
 *   reasons   how-to/determine-non-compliance.md
 */

/** `noRecord`: Azure keeps no compliance record at all (the effect resolved to Disabled). */
export type Expected = 'compliant' | 'nonCompliant' | 'notApplicable' | 'noRecord';

/** Fields one of the result's reasons must have; `message` is matched as a substring. */
export interface ExpectedReason {
  field?: string;
  path?: string;
  operator?: string;
  expected?: JsonValue;
  actual?: JsonValue;
  message?: string;
}

export interface ConformanceCase {
  /** File name in shared/corpora/azure-policy/definitions. */
  definition: string;
  /** The resource under test, in a few words. */
  title: string;
  /** The Azure behaviour that decides the outcome. */
  why: string;
  /** The estate: the subject plus whatever related resources the definition looks up. */
  resources: Resource[];
  /** ID of the resource under test; defaults to the first resource's. */
  subject?: string;
  /** Assignment parameter values. */
  parameters?: Record<string, JsonValue>;
  expected: Expected;
  /** The effect the result must carry, when the case is about the effect. */
  effect?: string;
  reason?: ExpectedReason;
}

const NO_RELATED = 'No related resources match the effect details in the policy definition.';

// ---- shared fixtures ----------------------------------------------------------------------

const SSH = 'NetworkSecurityGroup_SSHAccess_Audit.json';
const RDP = 'NetworkSecurityGroup_RDPAccess_Audit.json';
const rule = (name: string, properties: JsonObject) => securityRule('nsg-web', name, properties);

const JIT = 'ASC_JITNetworkAccess_Audit.json';
const JIT_KEY = '805651bc-6ecd-4c73-9b55-97a19d0582d0';
const webVm = vm('vm-web-01');

const DEFENDER_SERVERS = 'ASC_EnableAdvancedThreatProtectionOnVM_Audit.json';
const STORAGE_PLAN = 'MDC_Microsoft_Defender_For_Storage_Full_Audit.json';
const storageExtensions = (sensitiveData: string): JsonObject[] => [
  {
    name: 'OnUploadMalwareScanning',
    isEnabled: 'True',
    additionalExtensionProperties: { CapGBPerMonthPerStorageAccount: '5000' },
  },
  { name: 'SensitiveDataDiscovery', isEnabled: sensitiveData },
];

const CONTACT: JsonObject = {
  emails: 'secops@contoso.com;cloudadmin@contoso.com',
  phone: '',
  isEnabled: true,
  notificationsByRole: { state: 'On', roles: ['Owner'] },
  notificationsSources: [
    { sourceType: 'Alert', minimalSeverity: 'High' },
    { sourceType: 'AttackPath', minimalRiskLevel: 'Critical' },
  ],
};

const LINUX_GA_VM = 'ASC_InstallLinuxGAExtOnVm_Audit.json';
const LINUX_GA_VMSS = 'ASC_InstallLinuxGAExtOnVmss_Audit.json';
const tlVm = vm('vm-tl-01', { securityProfile: TRUSTED_LAUNCH });

const GC_EXT = 'ASC_GCExtOnVm.json';
const winVm = (name: string, extra: Parameters<typeof vm>[1] = {}) =>
  vm(name, { image: IMAGES.windows2019, ...extra });

const VMSS_DIAG = 'ServiceFabric_and_VMSS_AuditVMSSDiagnostics.json';
const AMA_LINUX = 'AzureMonitor_Agent_Linux_VM_Audit.json';
const GALLERY_IMAGE = `/subscriptions/${OTHER_SUBSCRIPTION_ID}/resourceGroups/rg-images/providers/Microsoft.Compute/galleries/gal_contoso/images/ubuntu-hardened/versions/2025.12.1`;
const rhelVm = vm('vm-rhel-01', { image: IMAGES.rhel8 });

const HOST_ENCRYPTION = 'HostBasedEncryptionRequired_Deny.json';
const VM_SKUS = 'VMSkusAllowed_Deny.json';
const ALLOWED_SKUS = { listOfAllowedSKUs: ['Standard_D2s_v3', 'Standard_D4s_v3', 'Standard_B2ms'] };
const APPROVED_EXTENSIONS = 'VirtualMachines_ApprovedExtensions_Audit.json';
const approved = {
  approvedExtensions: ['AzureMonitorLinuxAgent', 'GuestAttestation', 'ConfigurationforLinux'],
};

const INHERIT_TAG = 'InheritTag_Append.json';
const ADD_TAG = 'AddTag_Modify.json';
const envTag = { tagName: 'Environment', tagValue: 'Production' };
const MANA = 'MANAExistingVMNVASupport_Modify.json';
const ZONE_REBALANCE = 'Compute_virtualMachineScaleSets_Automatic_Modify.json';
const PRIVATE_SUBNET = 'PrivateSubnetOnly_Audit.json';
const GATEWAY_NSG = 'NetworkSecurityGroupOnGatewaySubnet_Deny.json';
const SUBNET_NSG_ASSESSMENT = 'ASC_NetworkSecurityGroupsOnSubnets_Audit.json';
const SUBNET_NSG_KEY = 'eade5b56-eefd-444f-95c8-23f29e5d93cb';
const KEY_VAULT_FIREWALL = 'FirewallEnabled_Audit.json';
const restrictTo = (allowed: string[]) => ({ restrictIPAddresses: 'Yes', allowedIPAddresses: allowed });

const appSubnet = (properties: JsonObject = {}) => subnet('vnet-prod', 'snet-app', properties);
const nic = (name: string, config: JsonObject, properties: JsonObject = {}) =>
  networkInterface(name, [config], properties);
const subnetRef = (vnet: string, name: string) => ({ subnet: { id: `${vnetId(vnet)}/subnets/${name}` } });

const GA_VMSS_FOCAL = vmss('vmss-api', { image: IMAGES.ubuntu2004, securityProfile: TRUSTED_LAUNCH });

const LINUX_BASELINE = 'AzureLinuxBaseline_AINE.json';
// base64('AzureLinuxBaseline;BaselineSettings=') — the hash the machine configuration agent reports
// for the default parameters.
const DEFAULT_BASELINE_HASH = 'QXp1cmVMaW51eEJhc2VsaW5lO0Jhc2VsaW5lU2V0dGluZ3M9';

const DISK_ACCESS_PE = 'DiskAccesses_PrivateEndpoints_Audit.json';
const DISK_ACCESS_ID = `${RG_ID}/providers/Microsoft.Compute/diskAccesses/da-prod`;
const PE_CONNECTION_NAME = 'da-prod.7a1c5e2f-3b4d-4e6f-8a9b-0c1d2e3f4a5b';
function peConnection(status: string): JsonObject {
  return {
    name: PE_CONNECTION_NAME,
    id: `${DISK_ACCESS_ID}/privateEndpointConnections/${PE_CONNECTION_NAME}`,
    type: 'Microsoft.Compute/diskAccesses/PrivateEndpointConnections',
    properties: {
      privateEndpoint: { id: `${RG_ID}/providers/Microsoft.Network/privateEndpoints/pe-disks` },
      privateLinkServiceConnectionState: {
        status,
        description: status === 'Approved' ? 'Auto-Approved' : 'Awaiting approval',
        actionsRequired: 'None',
      },
      provisioningState: 'Succeeded',
    },
  };
}
const peConnectionResource = (status: string) => peConnection(status) as Resource;
function diskAccess(connections: JsonObject[]): Resource {
  return {
    id: DISK_ACCESS_ID,
    name: 'da-prod',
    type: 'Microsoft.Compute/diskAccesses',
    location: 'eastus',
    tags: {},
    properties: {
      provisioningState: 'Succeeded',
      timeCreated: '2025-09-02T10:11:12.1234567+00:00',
      privateEndpointConnections: connections,
    },
  };
}

const GATEWAY_AINE = 'VirtualApprovedVirtualNetworkGateway_AINE.json';
const APPROVED_GATEWAY = `${RG_ID}/providers/Microsoft.Network/virtualNetworkGateways/vgw-prod`;
const gatewaySubnet = (gateway: string) =>
  subnet('vnet-prod', 'GatewaySubnet', {
    addressPrefix: '10.0.255.0/27',
    ipConfigurations: [{ id: `${gateway}/ipConfigurations/default` }],
  });

const NSG_FLOW_LOG_DINE = 'NetworkSecurityGroup_FlowLog_DINE.json';
const FLOW_STORAGE = `${RG_ID}/providers/Microsoft.Storage/storageAccounts/stflowlogsprod`;
const FLOW_LOG_ID = `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/NetworkWatcherRG/providers/Microsoft.Network/networkWatchers/NetworkWatcher_eastus/flowLogs/fl-nsg-web`;
const FLOW_LOG_PARAMETERS = {
  nsgRegion: 'eastus',
  storageId: FLOW_STORAGE,
  networkWatcherRG: 'NetworkWatcherRG',
  networkWatcherName: 'NetworkWatcher_eastus',
};
function flowLog(enabled: boolean): Resource {
  return {
    id: FLOW_LOG_ID,
    name: 'fl-nsg-web',
    type: 'Microsoft.Network/networkWatchers/flowLogs',
    location: 'eastus',
    properties: {
      targetResourceId: nsgId('nsg-web'),
      storageId: FLOW_STORAGE,
      enabled,
      retentionPolicy: { days: 0, enabled: false },
      format: { type: 'JSON', version: 2 },
      provisioningState: 'Succeeded',
    },
  };
}

const FIREWALL_ROUTING = 'ASC_All_Internet_traffic_should_be_routed_via_Azure_Firewall.json';
const nicConfig = (nic: string) => ({
  id: `${RG_ID}/providers/Microsoft.Network/networkInterfaces/${nic}/ipConfigurations/ipconfig1`,
});
function spokeVnet(workload: JsonObject = {}): Resource {
  return virtualNetwork('vnet-spoke', [
    subnet('vnet-spoke', 'snet-workload', {
      addressPrefix: '10.1.1.0/24',
      ipConfigurations: [nicConfig('nic-app-01'), nicConfig('nic-app-02')],
      ...workload,
    }),
    subnet('vnet-spoke', 'AzureFirewallSubnet', {
      addressPrefix: '10.1.0.0/26',
      ipConfigurations: [
        {
          id: `${RG_ID}/providers/Microsoft.Network/azureFirewalls/afw-spoke/azureFirewallIpConfigurations/afw-ipconfig`,
        },
      ],
    }),
  ]);
}
function azureFirewall(): Resource {
  const id = `${RG_ID}/providers/Microsoft.Network/azureFirewalls/afw-spoke`;
  return {
    id,
    name: 'afw-spoke',
    type: 'Microsoft.Network/azureFirewalls',
    location: 'eastus',
    tags: {},
    properties: {
      sku: { name: 'AZFW_VNet', tier: 'Standard' },
      threatIntelMode: 'Alert',
      ipConfigurations: [
        {
          name: 'afw-ipconfig',
          id: `${id}/azureFirewallIpConfigurations/afw-ipconfig`,
          properties: {
            privateIPAddress: '10.1.0.4',
            privateIPAllocationMethod: 'Dynamic',
            subnet: { id: `${vnetId('vnet-spoke')}/subnets/AzureFirewallSubnet` },
            publicIPAddress: { id: `${RG_ID}/providers/Microsoft.Network/publicIPAddresses/pip-afw` },
            provisioningState: 'Succeeded',
          },
        },
      ],
      provisioningState: 'Succeeded',
    },
  };
}

const AUTO_ASSESSMENT = 'AzUpdateMgmtCenter_CRP_AutoAssessmentMode_Modify.json';

const SCHEDULED_PATCHING = 'AzUpdateMgmtCenter_ScheduledPatching_DINE.json';
const MAINTENANCE_CONFIGURATION = `${SUBSCRIPTION}/resourceGroups/rg-patching/providers/Microsoft.Maintenance/maintenanceConfigurations/mc-ring1`;
const PATCHING_PARAMETERS = {
  maintenanceConfigurationResourceId: MAINTENANCE_CONFIGURATION,
  tagValues: [{ key: 'patchGroup', value: 'ring1' }],
};
const ringVm = (ring: string) => vm('vm-web-01', { tags: { patchGroup: ring } });
const maintenanceAssignment = (configuration: string) =>
  extensionResource(
    vmId('vm-web-01'),
    'Microsoft.Maintenance/configurationAssignments',
    'mc-ring1-assignment',
    { maintenanceConfigurationId: configuration, resourceId: vmId('vm-web-01') },
    { location: 'eastus' },
  );

const UAI_DINE = 'VM_UAI_DINE.json';
// ARM returns identity keys with the resource group segment in lower case.
const BUILT_IN_IDENTITY_KEY = `${SUBSCRIPTION}/resourcegroups/built-in-identity-rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/Built-In-Identity-eastus`;
function userAssigned(key: string, extra: JsonObject = {}): JsonObject {
  return {
    type: 'UserAssigned',
    userAssignedIdentities: {
      [key]: {
        principalId: '22222222-3333-4444-5555-666666666666',
        clientId: '33333333-4444-5555-6666-777777777777',
      },
    },
    ...extra,
  };
}

const MDE_DINE = 'ASC_MicrosoftDefenderForEndpoint_WindowsAgent_VM_DINE.json';
const MDE_EXTENSION = {
  publisher: 'Microsoft.Azure.AzureDefenderForServers',
  type: 'MDE.Windows',
  typeHandlerVersion: '1.0',
};
// base64('[SecureWebServer]s1;MinimumTLSVersion=1.2')
const SECURE_PROTOCOL_HASH = 'W1NlY3VyZVdlYlNlcnZlcl1zMTtNaW5pbXVtVExTVmVyc2lvbj0xLjI=';

const asrLink = (name: string) =>
  extensionResource(webVm.id, 'Microsoft.Resources/links', name, {
    sourceId: webVm.id,
    targetId: `${SUBSCRIPTION}/resourceGroups/rg-asr/providers/Microsoft.RecoveryServices/vaults/rsv-asr/replicationFabrics/asr-a2a-default-eastus/replicationProtectionContainers/asr-a2a-default-eastus-container/replicationProtectedItems/vm-web-01-replica`,
    notes: 'Protected by Azure Site Recovery',
  });

const diagnosticsOn = (scope: string, name: string) =>
  extensionResource(scope, 'Microsoft.Insights/diagnosticSettings', name, {
    storageAccountId: `${RG_ID}/providers/Microsoft.Storage/storageAccounts/stdiagprod`,
    logs: [
      {
        category: 'NetworkSecurityGroupEvent',
        categoryGroup: null,
        enabled: true,
        retentionPolicy: { enabled: false, days: 0 },
      },
      {
        category: 'NetworkSecurityGroupRuleCounter',
        categoryGroup: null,
        enabled: true,
        retentionPolicy: { enabled: false, days: 0 },
      },
    ],
    metrics: [],
  });
const nsgDiagnostics = (name: string) => diagnosticsOn(nsgId('nsg-web'), name);

const VA_PROVISIONING = 'ASC_VulnerabilityAssessment_ProvisionQualysAgent_DINE.json';

const RESOURCE_LEVEL_P1 = 'ASC_Azure_Defender_Servers_EnableP1_ResourceLevel_ByTag_DINE.json';
const P1_PARAMETERS = { inclusionTagName: 'defender', inclusionTagValues: ['p1'] };
const p1Vm = (name: string) => vm(name, { tags: { defender: 'p1' } });
const resourcePricing = (scope: string) =>
  extensionResource(scope, 'Microsoft.Security/pricings', 'virtualMachines', {
    pricingTier: 'Standard',
    subPlan: 'P1',
    inherited: 'False',
    enablementTime: '2025-12-01T08:00:00.0000000Z',
    freeTrialRemainingTime: 'PT0S',
  });

const DES_ALLOWED = 'ManagedDiskEncryptionSetsAllowed_Deny.json';
const DES_PROD = `${SUBSCRIPTION}/resourceGroups/rg-keys/providers/Microsoft.Compute/diskEncryptionSets/des-prod`;
const DES_OTHER = `${SUBSCRIPTION}/resourceGroups/rg-sandbox/providers/Microsoft.Compute/diskEncryptionSets/des-sandbox`;
function diskEncryptionSet(encryptionType: string): Resource {
  return {
    id: DES_PROD,
    name: 'des-prod',
    type: 'Microsoft.Compute/diskEncryptionSets',
    location: 'eastus',
    tags: {},
    identity: {
      type: 'SystemAssigned',
      principalId: '55555555-6666-7777-8888-999999999999',
      tenantId: TENANT_ID,
    },
    properties: {
      activeKey: {
        keyUrl: 'https://kv-keys-prod.vault.azure.net/keys/disk-cmk/3b1c2d4e5f6a7b8c9d0e1f2a3b4c5d6e',
      },
      encryptionType,
      rotationToLatestKeyVersionEnabled: true,
      provisioningState: 'Succeeded',
    },
  };
}

/** A security rule as an ARM template declares it: only the properties the author wrote. */
function templateRule(name: string, properties: JsonObject): Resource {
  return {
    id: `${nsgId('nsg-web')}/securityRules/${name}`,
    name,
    type: 'Microsoft.Network/networkSecurityGroups/securityRules',
    properties: {
      protocol: 'Tcp',
      sourcePortRange: '*',
      destinationAddressPrefix: '*',
      access: 'Allow',
      priority: 110,
      direction: 'Inbound',
      ...properties,
    },
  };
}

/** A resource as an Azure Resource Graph `resources` row: lower-case type plus the table's columns. */
function resourceGraphRow(resource: Resource): Resource {
  return {
    ...resource,
    type: resource.type.toLowerCase(),
    tenantId: TENANT_ID,
    kind: '',
    resourceGroup: RESOURCE_GROUP.toLowerCase(),
    subscriptionId: SUBSCRIPTION_ID,
    managedBy: '',
    plan: null,
    zones: null,
    extendedLocation: null,
  };
}

const CMK_REQUIRED = 'OSAndDataDiskCMKRequired_Deny.json';
const DES_WEST = `${SUBSCRIPTION}/resourceGroups/rg-keys-westus2/providers/Microsoft.Compute/diskEncryptionSets/des-westus2`;
function region(name: string, osSet?: string, dataSet?: string): JsonObject {
  return {
    name,
    regionalReplicaCount: 1,
    storageAccountType: 'Standard_LRS',
    ...((osSet || dataSet) && {
      encryption: {
        ...(osSet && { osDiskImage: { diskEncryptionSetId: osSet } }),
        ...(dataSet && { dataDiskImages: [{ lun: 0, diskEncryptionSetId: dataSet }] }),
      },
    }),
  };
}
function galleryImageVersion(targetRegions: JsonObject[]): Resource {
  return {
    id: `${RG_ID}/providers/Microsoft.Compute/galleries/gal_contoso/images/ubuntu-hardened/versions/2025.12.1`,
    name: '2025.12.1',
    type: 'Microsoft.Compute/galleries/images/versions',
    location: 'eastus',
    tags: {},
    properties: {
      publishingProfile: {
        targetRegions,
        replicaCount: 1,
        excludeFromLatest: false,
        publishedDate: '2025-12-01T09:00:00.0000000+00:00',
        storageAccountType: 'Standard_LRS',
        replicationMode: 'Full',
      },
      storageProfile: {
        osDiskImage: { sizeInGB: 30, hostCaching: 'ReadWrite' },
        dataDiskImages: [{ lun: 0, sizeInGB: 64, hostCaching: 'None' }],
        source: { id: vmId('vm-golden-01') },
      },
      safetyProfile: { allowDeletionOfReplicatedLocations: false },
      provisioningState: 'Succeeded',
    },
  };
}
function managedImage(osDisk: JsonObject = {}): Resource {
  return {
    id: `${RG_ID}/providers/Microsoft.Compute/images/img-ubuntu-golden`,
    name: 'img-ubuntu-golden',
    type: 'Microsoft.Compute/images',
    location: 'eastus',
    tags: {},
    properties: {
      sourceVirtualMachine: { id: vmId('vm-golden-01') },
      storageProfile: {
        osDisk: {
          osType: 'Linux',
          osState: 'Generalized',
          diskSizeGB: 30,
          managedDisk: { id: `${RG_ID}/providers/Microsoft.Compute/disks/vm-golden-01_OsDisk_1` },
          caching: 'ReadWrite',
          storageAccountType: 'Premium_LRS',
          ...osDisk,
        },
        dataDisks: [],
        zoneResilient: false,
      },
      provisioningState: 'Succeeded',
      hyperVGeneration: 'V2',
    },
  };
}

const SQL_AMA = 'MDC_DFSQL_AMA_Migration_Audit.json';
const SQL_AMA_INITIATIVE =
  '/providers/Microsoft.Authorization/policySetDefinitions/de01d381-bae9-4670-8870-786f89f49e26';
function sqlAmaAssignment(policyDefinitionId: string): Resource {
  return {
    id: `${SUBSCRIPTION}/providers/Microsoft.Authorization/policyAssignments/mdc-sql-ama`,
    name: 'mdc-sql-ama',
    type: 'Microsoft.Authorization/policyAssignments',
    location: 'eastus',
    identity: {
      type: 'SystemAssigned',
      principalId: '66666666-7777-8888-9999-000000000000',
      tenantId: TENANT_ID,
    },
    properties: {
      displayName:
        'Configure SQL VMs and Arc-enabled SQL Servers to install Microsoft Defender for SQL and AMA',
      policyDefinitionId,
      scope: SUBSCRIPTION,
      notScopes: [],
      parameters: {},
      enforcementMode: 'Default',
    },
  };
}
const autoProvisioning = (autoProvision: string): Resource => ({
  id: `${SUBSCRIPTION}/providers/Microsoft.Security/autoProvisioningSettings/default`,
  name: 'default',
  type: 'Microsoft.Security/autoProvisioningSettings',
  properties: { autoProvision },
});

const WINDOWS_BASELINE = 'AzureWindowsBaseline_AINE.json';
// base64('AzureWindowsBaseline;BaselineSettings=')
const WINDOWS_BASELINE_HASH = 'QXp1cmVXaW5kb3dzQmFzZWxpbmU7QmFzZWxpbmVTZXR0aW5ncz0=';
// base64('[WindowsDefenderExploitGuard]WindowsDefenderExploitGuard1;NotAvailableMachineState=Compliant')
const EXPLOIT_GUARD_HASH =
  'W1dpbmRvd3NEZWZlbmRlckV4cGxvaXRHdWFyZF1XaW5kb3dzRGVmZW5kZXJFeHBsb2l0R3VhcmQxO05vdEF2YWlsYWJsZU1hY2hpbmVTdGF0ZT1Db21wbGlhbnQ=';
const windowsArc = () =>
  hybridMachine('arc-win-01', {
    osName: 'windows',
    osType: 'windows',
    osSku: 'Windows Server 2022 Datacenter',
    osVersion: '10.0.20348.2227',
  });
const arcAssignment = (name: string, complianceStatus: string, parameterHash: string) =>
  extensionResource(
    windowsArc().id,
    'Microsoft.GuestConfiguration/guestConfigurationAssignments',
    name,
    {
      targetResourceId: windowsArc().id,
      complianceStatus,
      parameterHash,
      provisioningState: 'Succeeded',
      guestConfiguration: { name, version: '1.*', contentType: 'BuiltIn', assignmentType: 'ApplyAndMonitor' },
    },
    { location: 'eastus' },
  );

/** A resource as Resource Graph sometimes returns it: ID and type in lower case. */
function lowerCased(resource: Resource): Resource {
  return { ...resource, id: resource.id.toLowerCase(), type: resource.type.toLowerCase() };
}

// ---- the table ----------------------------------------------------------------------------

export const CASES: ConformanceCase[] = [
  // -- SSH: a securityRules child resource, singular and plural port/prefix fields, count and [*]
  {
    definition: SSH,
    title: 'rule allowing 22 from *',
    why: 'destinationPortRange equals 22 and sourceAddressPrefix equals * (rule: equals)',
    resources: [rule('allow-ssh', { destinationPortRange: '22', sourceAddressPrefix: '*' })],
    expected: 'nonCompliant',
    effect: 'Audit',
    reason: {
      field: 'Microsoft.Network/networkSecurityGroups/securityRules/destinationPortRange',
      actual: '22',
      expected: '22',
      message: 'Current value must not be equal to the target value.',
    },
  },
  {
    definition: SSH,
    title: 'rule allowing the range 20-25 from Internet',
    why: 'the value expression splits "20-25" on "-" and finds 20 <= 22 <= 25; Internet is the service tag',
    resources: [rule('allow-ftp-ssh', { destinationPortRange: '20-25', sourceAddressPrefix: 'Internet' })],
    expected: 'nonCompliant',
  },
  {
    definition: SSH,
    title: 'rule allowing ports ["443","22"] (plural) from *',
    why: 'not(destinationPortRanges[*] notEquals "22") means some member equals 22 (arrays: [*] is an implicit allOf)',
    resources: [rule('allow-mgmt', { destinationPortRanges: ['443', '22'], sourceAddressPrefix: '*' })],
    expected: 'nonCompliant',
  },
  {
    definition: SSH,
    title: 'rule allowing ranges ["8080-8090","21-23"] from *',
    why: 'the field count over destinationPortRanges[*] finds one range containing 22 (arrays: first(field()) in where)',
    resources: [
      rule('allow-ranges', { destinationPortRanges: ['8080-8090', '21-23'], sourceAddressPrefix: '*' }),
    ],
    expected: 'nonCompliant',
  },
  {
    definition: SSH,
    title: 'rule allowing every port from Internet',
    why: 'destinationPortRange "*" is matched literally by the first anyOf leaf',
    resources: [rule('allow-all', { destinationPortRange: '*', sourceAddressPrefix: 'Internet' })],
    expected: 'nonCompliant',
  },
  {
    definition: SSH,
    title: 'rule allowing 22 from prefixes ["203.0.113.0/24","Internet"] (plural)',
    why: 'not(sourceAddressPrefixes[*] notEquals "Internet"): one member is the Internet tag',
    resources: [
      rule('allow-ssh-partners', {
        destinationPortRange: '22',
        sourceAddressPrefixes: ['203.0.113.0/24', 'Internet'],
      }),
    ],
    expected: 'nonCompliant',
  },
  {
    definition: SSH,
    title: 'rule allowing 22 from 10.0.0.0/8 only',
    why: 'no source leaf holds: a private prefix is neither * nor Internet, and the empty sourceAddressPrefixes makes not([*] notEquals) false',
    resources: [
      rule('allow-ssh-internal', { destinationPortRange: '22', sourceAddressPrefix: '10.0.0.0/8' }),
    ],
    expected: 'compliant',
  },
  {
    definition: SSH,
    title: 'rule allowing 22 from the VirtualNetwork tag',
    why: 'VirtualNetwork is a service tag other than Internet, so the source anyOf is false',
    resources: [
      rule('allow-ssh-vnet', { destinationPortRange: '22', sourceAddressPrefix: 'VirtualNetwork' }),
    ],
    expected: 'compliant',
  },
  {
    definition: SSH,
    title: 'rule allowing the range 23-25 from *',
    why: 'the range test needs first <= 22 <= last; 23 > 22',
    resources: [rule('allow-telnet-smtp', { destinationPortRange: '23-25', sourceAddressPrefix: '*' })],
    expected: 'compliant',
  },
  {
    definition: SSH,
    title: 'rule allowing ports ["80","443"] from *',
    why: 'no member equals 22 or *, no member is a range, and the empty singular destinationPortRange reads as missing',
    resources: [rule('allow-web', { destinationPortRanges: ['80', '443'], sourceAddressPrefix: '*' })],
    expected: 'compliant',
  },
  {
    definition: SSH,
    title: 'rule denying 22 from *',
    why: 'access must equal Allow for the allOf to hold',
    resources: [rule('deny-ssh', { destinationPortRange: '22', sourceAddressPrefix: '*', access: 'Deny' })],
    expected: 'compliant',
  },
  {
    definition: SSH,
    title: 'outbound rule to 22 on *',
    why: 'direction must equal Inbound',
    resources: [
      rule('out-ssh', { destinationPortRange: '22', sourceAddressPrefix: '*', direction: 'Outbound' }),
    ],
    expected: 'compliant',
  },
  {
    definition: SSH,
    title: 'rule allowing 3389 from * (RDP, not SSH)',
    why: 'the SSH definition tests port 22 only',
    resources: [rule('allow-rdp', { destinationPortRange: '3389', sourceAddressPrefix: '*' })],
    expected: 'compliant',
  },
  {
    definition: SSH,
    title: 'rule nested in its NSG (NSG GET shape), allowing 22 from Internet',
    why: 'Azure evaluates each security rule of an NSG as its own securityRules resource (mode All)',
    resources: [
      networkSecurityGroup('nsg-web', [
        { name: 'allow-ssh', properties: { destinationPortRange: '22', sourceAddressPrefix: 'Internet' } },
      ]),
    ],
    subject: `${nsgId('nsg-web')}/securityRules/allow-ssh`,
    expected: 'nonCompliant',
  },
  {
    definition: SSH,
    title: 'the NSG itself',
    why: 'the type condition names securityRules, so the parent NSG is not applicable (applic)',
    resources: [
      networkSecurityGroup('nsg-web', [
        { name: 'allow-ssh', properties: { destinationPortRange: '22', sourceAddressPrefix: 'Internet' } },
      ]),
    ],
    expected: 'notApplicable',
  },
  {
    definition: SSH,
    title: 'rule allowing 22 from * with the effect set to Disabled',
    why: 'a Disabled effect is not evaluated and leaves no compliance record (effect-basics.md)',
    resources: [rule('allow-ssh', { destinationPortRange: '22', sourceAddressPrefix: '*' })],
    parameters: { effect: 'Disabled' },
    expected: 'noRecord',
  },

  // -- RDP
  {
    definition: RDP,
    title: 'rule allowing 3389 from Internet',
    why: 'destinationPortRange equals 3389 and the source is the Internet tag',
    resources: [rule('allow-rdp', { destinationPortRange: '3389', sourceAddressPrefix: 'Internet' })],
    expected: 'nonCompliant',
    reason: {
      field: 'Microsoft.Network/networkSecurityGroups/securityRules/sourceAddressPrefix',
      actual: 'Internet',
      expected: 'Internet',
    },
  },
  {
    definition: RDP,
    title: 'rule allowing ranges ["3380-3390"] from *',
    why: 'the field count finds a range member containing 3389',
    resources: [rule('allow-rdp-range', { destinationPortRanges: ['3380-3390'], sourceAddressPrefix: '*' })],
    expected: 'nonCompliant',
  },
  {
    definition: RDP,
    title: 'rule allowing ["3389"] from prefixes ["Internet"]',
    why: 'both plural fields hold a matching member',
    resources: [
      rule('allow-rdp-plural', { destinationPortRanges: ['3389'], sourceAddressPrefixes: ['Internet'] }),
    ],
    expected: 'nonCompliant',
  },
  {
    definition: RDP,
    title: 'rule allowing 3389 from 192.168.10.0/24',
    why: 'a private source prefix is neither * nor Internet',
    resources: [
      rule('allow-rdp-office', { destinationPortRange: '3389', sourceAddressPrefix: '192.168.10.0/24' }),
    ],
    expected: 'compliant',
  },
  {
    definition: RDP,
    title: 'rule allowing the range 3390-3400 from *',
    why: 'the range starts above 3389',
    resources: [rule('allow-app-range', { destinationPortRange: '3390-3400', sourceAddressPrefix: '*' })],
    expected: 'compliant',
  },
  {
    definition: RDP,
    title: 'rule allowing 3389 from the AzureLoadBalancer tag',
    why: 'AzureLoadBalancer is not the Internet tag',
    resources: [
      rule('allow-lb-probe', { destinationPortRange: '3389', sourceAddressPrefix: 'AzureLoadBalancer' }),
    ],
    expected: 'compliant',
  },
  {
    definition: RDP,
    title: 'rule nested in its NSG, allowing * from *',
    why: 'the nested rule is evaluated as a securityRules resource; "*" ports match literally',
    resources: [
      networkSecurityGroup('nsg-web', [
        {
          name: 'allow-any',
          properties: { destinationPortRange: '*', sourceAddressPrefix: '*', priority: 4000 },
        },
      ]),
    ],
    subject: `${nsgId('nsg-web')}/securityRules/allow-any`,
    expected: 'nonCompliant',
  },

  // -- Assessments (Defender for Cloud results): auditIfNotExists over an extension resource
  {
    definition: JIT,
    title: 'VM whose JIT assessment is Healthy',
    why: 'the related assessment satisfies status.code in [NotApplicable, Healthy] (aine)',
    resources: [webVm, assessment(webVm.id, JIT_KEY, 'Healthy')],
    expected: 'compliant',
  },
  {
    definition: JIT,
    title: 'VM whose JIT assessment is Unhealthy',
    why: 'the only related assessment fails existenceCondition (aine)',
    resources: [webVm, assessment(webVm.id, JIT_KEY, 'Unhealthy')],
    expected: 'nonCompliant',
    reason: {
      field: 'Microsoft.Security/assessments/status.code',
      path: 'properties.status.code',
      actual: 'Unhealthy',
      expected: ['NotApplicable', 'Healthy'],
      message: 'Current value must be in the target value.',
    },
  },
  {
    definition: JIT,
    title: 'VM with no JIT assessment',
    why: 'no related resource of details.type and details.name exists (reasons: "No related resources …")',
    resources: [webVm],
    expected: 'nonCompliant',
    reason: { message: NO_RELATED },
  },
  {
    definition: JIT,
    title: 'VM whose JIT assessment is NotApplicable',
    why: 'NotApplicable is one of the accepted status codes',
    resources: [webVm, assessment(webVm.id, JIT_KEY, 'NotApplicable')],
    expected: 'compliant',
  },
  {
    definition: JIT,
    title: 'VM with a Healthy JIT assessment on another VM only',
    why: 'an extension resource relates only to the resource it is attached to',
    resources: [webVm, vm('vm-web-02'), assessment(vmId('vm-web-02'), JIT_KEY, 'Healthy')],
    expected: 'nonCompliant',
    reason: { message: NO_RELATED },
  },
  {
    definition: JIT,
    title: 'VM with a Healthy assessment of a different recommendation',
    why: 'details.name selects one assessment key; others do not count',
    resources: [webVm, assessment(webVm.id, 'bc303248-3d14-44c2-96a0-55f5c326b5fe', 'Healthy')],
    expected: 'nonCompliant',
  },
  {
    definition: 'ASC_ServerVulnerabilityAssessment_Audit.json',
    title: 'VM with a Healthy vulnerability-assessment assessment',
    why: 'assessment ffff0522… is Healthy',
    resources: [webVm, assessment(webVm.id, 'ffff0522-1e88-47fc-8382-2a80ba848f5d', 'Healthy')],
    expected: 'compliant',
  },
  {
    definition: 'ASC_ServerVulnerabilityAssessment_Audit.json',
    title: 'VM with an Unhealthy vulnerability-assessment assessment',
    why: 'assessment ffff0522… is Unhealthy',
    resources: [webVm, assessment(webVm.id, 'ffff0522-1e88-47fc-8382-2a80ba848f5d', 'Unhealthy')],
    expected: 'nonCompliant',
  },
  {
    definition: 'ASC_MissingSystemUpdatesV2_Audit.json',
    title: 'VM whose system-updates assessment is Healthy (mode Indexed)',
    why: 'VMs take tags and location, so Indexed mode evaluates them',
    resources: [webVm, assessment(webVm.id, 'e1145ab1-eb4f-43d8-911b-36ddf771d13f', 'Healthy')],
    expected: 'compliant',
  },
  {
    definition: 'ASC_MissingSystemUpdatesV2_Audit.json',
    title: 'VM whose system-updates assessment is Unhealthy',
    why: 'the assessment fails existenceCondition',
    resources: [webVm, assessment(webVm.id, 'e1145ab1-eb4f-43d8-911b-36ddf771d13f', 'Unhealthy')],
    expected: 'nonCompliant',
  },
  {
    definition: SUBNET_NSG_ASSESSMENT,
    title: 'subnet (nested in its VNet) whose NSG assessment is Healthy',
    why: 'the subnets child resource is evaluated in mode All; the assessment is attached to the subnet',
    resources: [
      virtualNetwork('vnet-prod', [appSubnet()]),
      assessment(appSubnet().id, SUBNET_NSG_KEY, 'Healthy'),
    ],
    subject: appSubnet().id,
    expected: 'compliant',
  },
  {
    definition: SUBNET_NSG_ASSESSMENT,
    title: 'subnet (listed on its own) whose NSG assessment is Unhealthy',
    why: 'the assessment fails existenceCondition',
    resources: [appSubnet(), assessment(appSubnet().id, SUBNET_NSG_KEY, 'Unhealthy')],
    expected: 'nonCompliant',
  },
  {
    definition: 'ASC_VmssMissingSystemUpdates_Audit.json',
    title: 'scale set with the deprecated definition left at its default effect',
    why: 'the default effect of this [Deprecated] definition is Disabled: no record',
    resources: [
      vmss('vmss-web'),
      assessment(vmssId('vmss-web'), 'bd20bd91-aaf1-7f14-b6e4-866de2f43146', 'Unhealthy'),
    ],
    expected: 'noRecord',
  },
  {
    definition: 'ASC_VmssMissingSystemUpdates_Audit.json',
    title: 'scale set with an Unhealthy system-updates assessment, effect AuditIfNotExists',
    why: 'the assigned effect replaces the default; the assessment fails existenceCondition',
    resources: [
      vmss('vmss-web'),
      assessment(vmssId('vmss-web'), 'bd20bd91-aaf1-7f14-b6e4-866de2f43146', 'Unhealthy'),
    ],
    parameters: { effect: 'AuditIfNotExists' },
    expected: 'nonCompliant',
    effect: 'AuditIfNotExists',
  },
  {
    definition: 'ASC_VmssMissingSystemUpdates_Audit.json',
    title: 'scale set with a Healthy system-updates assessment, effect AuditIfNotExists',
    why: 'the assessment satisfies existenceCondition',
    resources: [
      vmss('vmss-web'),
      assessment(vmssId('vmss-web'), 'bd20bd91-aaf1-7f14-b6e4-866de2f43146', 'Healthy'),
    ],
    parameters: { effect: 'AuditIfNotExists' },
    expected: 'compliant',
  },

  // -- Defender plans: Microsoft.Security/pricings with existenceScope Subscription
  {
    definition: DEFENDER_SERVERS,
    title: 'subscription with Defender for Servers P2',
    why: 'pricing VirtualMachines in the subscription has pricingTier Standard (aine, existenceScope Subscription)',
    resources: [subscription(), pricing('VirtualMachines', 'Standard', { subPlan: 'P2' })],
    expected: 'compliant',
  },
  {
    definition: DEFENDER_SERVERS,
    title: 'subscription with Defender for Servers on the Free tier',
    why: 'the related pricing fails pricingTier equals Standard',
    resources: [subscription(), pricing('VirtualMachines', 'Free')],
    expected: 'nonCompliant',
    reason: {
      field: 'Microsoft.Security/pricings/pricingTier',
      path: 'properties.pricingTier',
      actual: 'Free',
      expected: 'Standard',
      message: 'Current value must be equal to the target value.',
    },
  },
  {
    definition: DEFENDER_SERVERS,
    title: 'subscription with no pricing resources',
    why: 'no related resource exists (reasons: "No related resources …")',
    resources: [subscription()],
    expected: 'nonCompliant',
    reason: { message: NO_RELATED },
  },
  {
    definition: DEFENDER_SERVERS,
    title: 'subscription with only Defender for SQL servers on Standard',
    why: 'details.name VirtualMachines selects one plan; other plans do not count',
    resources: [subscription(), pricing('SqlServers', 'Standard')],
    expected: 'nonCompliant',
  },
  {
    definition: DEFENDER_SERVERS,
    title: 'subscription whose neighbour subscription has Defender for Servers',
    why: 'existenceScope Subscription searches the evaluated subscription only',
    resources: [
      subscription(),
      subscription(OTHER_SUBSCRIPTION_ID),
      pricing('VirtualMachines', 'Standard', { subPlan: 'P1' }, OTHER_SUBSCRIPTION_ID),
    ],
    expected: 'nonCompliant',
  },
  {
    definition: DEFENDER_SERVERS,
    title: 'subscription on Free with the effect set to Disabled',
    why: 'Disabled leaves no record',
    resources: [subscription(), pricing('VirtualMachines', 'Free')],
    parameters: { effect: 'Disabled' },
    expected: 'noRecord',
  },
  {
    definition: 'ASC_Azure_Defender_CSPM_Audit.json',
    title: 'subscription with Defender CSPM on Standard',
    why: 'pricing CloudPosture has pricingTier Standard',
    resources: [subscription(), pricing('CloudPosture', 'Standard')],
    expected: 'compliant',
  },
  {
    definition: 'ASC_Azure_Defender_CSPM_Audit.json',
    title: 'subscription with Defender CSPM on Free (foundational CSPM only)',
    why: 'pricing CloudPosture has pricingTier Free',
    resources: [subscription(), pricing('CloudPosture', 'Free')],
    expected: 'nonCompliant',
  },
  {
    definition: 'ASC_Azure_Defender_Servers_DINE.json',
    title: 'subscription with Defender for Servers P1 (deployIfNotExists)',
    why: 'DINE reports compliance the way AINE does: the related pricing satisfies existenceCondition (dine)',
    resources: [subscription(), pricing('VirtualMachines', 'Standard', { subPlan: 'P1' })],
    expected: 'compliant',
    effect: 'DeployIfNotExists',
  },
  {
    definition: 'ASC_Azure_Defender_Servers_DINE.json',
    title: 'subscription with Defender for Servers on Free (deployIfNotExists)',
    why: 'the related pricing fails existenceCondition, so the subscription needs remediation',
    resources: [subscription(), pricing('VirtualMachines', 'Free')],
    expected: 'nonCompliant',
  },
  {
    definition: STORAGE_PLAN,
    title: 'subscription with Defender for Storage V2, malware scanning and sensitive data discovery on',
    why: 'the field count over extensions[*] with isEnabled "True" (case-insensitive) equals 2',
    resources: [
      subscription(),
      pricing('StorageAccounts', 'Standard', {
        subPlan: 'DefenderForStorageV2',
        extensions: storageExtensions('True'),
      }),
    ],
    expected: 'compliant',
  },
  {
    definition: STORAGE_PLAN,
    title: 'subscription with Defender for Storage V2 but sensitive data discovery off',
    why: 'only one extension counts, and the count must equal 2',
    resources: [
      subscription(),
      pricing('StorageAccounts', 'Standard', {
        subPlan: 'DefenderForStorageV2',
        extensions: storageExtensions('False'),
      }),
    ],
    expected: 'nonCompliant',
  },
  {
    definition: STORAGE_PLAN,
    title: 'subscription on the classic per-transaction Defender for Storage plan',
    why: 'subPlan must equal DefenderForStorageV2',
    resources: [subscription(), pricing('StorageAccounts', 'Standard', { subPlan: 'PerTransaction' })],
    expected: 'nonCompliant',
  },

  // -- Security contacts: subscription-level related resources
  {
    definition: 'ASC_Security_contact_email.json',
    title: 'subscription with a security contact e-mail',
    why: 'the subscription-level securityContacts resource has a non-empty emails property',
    resources: [subscription(), securityContact(CONTACT)],
    expected: 'compliant',
  },
  {
    definition: 'ASC_Security_contact_email.json',
    title: 'subscription without a security contact',
    why: 'no related securityContacts resource exists',
    resources: [subscription()],
    expected: 'nonCompliant',
  },
  {
    definition: 'ASC_Email_notification_to_subscription_owner.json',
    title: 'subscription whose contact notifies the Owner role',
    why: 'notificationsByRole.state is On, so not(allOf(alertsToAdmins equals Off, …)) holds',
    resources: [subscription(), securityContact(CONTACT)],
    expected: 'compliant',
  },
  {
    definition: 'ASC_Email_notification_to_subscription_owner.json',
    title: 'subscription whose contact does not notify owners of high-severity alerts',
    why: 'alertsToAdmins is Off and exactly one Alert source has minimalSeverity High, so existenceCondition is false',
    resources: [
      subscription(),
      securityContact({ ...CONTACT, notificationsByRole: { state: 'Off', roles: [] } }),
    ],
    expected: 'nonCompliant',
  },

  // -- Guest attestation / machine configuration / agents: auditIfNotExists over VM extensions
  {
    definition: LINUX_GA_VM,
    title: 'Trusted Launch Ubuntu VM with the Guest Attestation extension',
    why: 'a related extension has the LinuxAttestation publisher, type GuestAttestation, state Succeeded',
    resources: [tlVm, vmExtension('vm-tl-01', 'GuestAttestation', EXTENSIONS.linuxGuestAttestation)],
    expected: 'compliant',
  },
  {
    definition: LINUX_GA_VM,
    title: 'Trusted Launch Ubuntu VM whose Guest Attestation extension failed',
    why: 'provisioningState Failed is not in [Succeeded, Provisioning succeeded]',
    resources: [
      tlVm,
      vmExtension('vm-tl-01', 'GuestAttestation', {
        ...EXTENSIONS.linuxGuestAttestation,
        provisioningState: 'Failed',
      }),
    ],
    expected: 'nonCompliant',
    reason: {
      field: 'Microsoft.Compute/virtualMachines/extensions/provisioningState',
      actual: 'Failed',
      expected: ['Succeeded', 'Provisioning succeeded'],
    },
  },
  {
    definition: LINUX_GA_VM,
    title: 'Trusted Launch Ubuntu VM with other extensions only (listed in the VM GET "resources")',
    why: 'the extensions present fail existenceCondition',
    resources: [
      vm('vm-tl-01', {
        securityProfile: TRUSTED_LAUNCH,
        extensions: [vmExtension('vm-tl-01', 'AzureMonitorLinuxAgent', EXTENSIONS.azureMonitorLinux)],
      }),
    ],
    expected: 'nonCompliant',
  },
  {
    definition: LINUX_GA_VM,
    title: 'Trusted Launch VM with Guest Attestation installed on a different VM',
    why: 'extensions are children of their own VM only',
    resources: [
      tlVm,
      vm('vm-tl-02', { securityProfile: TRUSTED_LAUNCH }),
      vmExtension('vm-tl-02', 'GuestAttestation', EXTENSIONS.linuxGuestAttestation),
    ],
    expected: 'nonCompliant',
  },
  {
    definition: LINUX_GA_VM,
    title: 'Trusted Launch VM with Secure Boot off',
    why: 'for auditIfNotExists the whole if decides applicability, and secureBootEnabled must equal true (applic)',
    resources: [
      vm('vm-tl-01', {
        securityProfile: {
          uefiSettings: { secureBootEnabled: false, vTpmEnabled: true },
          securityType: 'TrustedLaunch',
        },
      }),
    ],
    expected: 'notApplicable',
  },
  {
    definition: LINUX_GA_VMSS,
    title: 'Trusted Launch Ubuntu 20.04 scale set with Guest Attestation in its extension profile',
    why: 'Microsoft.Compute/imagePublisher/imageOffer/imageSku read virtualMachineProfile.storageProfile.imageReference on a scale set',
    resources: [
      vmss('vmss-api', {
        image: IMAGES.ubuntu2004,
        securityProfile: TRUSTED_LAUNCH,
        extensions: [{ name: 'GuestAttestation', options: EXTENSIONS.linuxGuestAttestation }],
      }),
    ],
    expected: 'compliant',
  },
  {
    definition: LINUX_GA_VMSS,
    title: 'Trusted Launch Ubuntu 20.04 scale set without Guest Attestation',
    why: 'no related scale-set extension exists',
    resources: [GA_VMSS_FOCAL],
    expected: 'nonCompliant',
    reason: { message: NO_RELATED },
  },
  {
    definition: LINUX_GA_VMSS,
    title: 'Trusted Launch Ubuntu 22.04 scale set',
    why: 'the definition lists 20_04-lts-gen2 and 18_04-lts-gen2 images only, so the if is false: not applicable',
    resources: [vmss('vmss-api', { image: IMAGES.ubuntu2204, securityProfile: TRUSTED_LAUNCH })],
    expected: 'notApplicable',
  },
  {
    definition: GC_EXT,
    title: 'Windows Server 2019 VM with the machine configuration extension',
    why: 'imagePublisher MicrosoftWindowsServer with imageSKU notLike 2008*; the GuestConfiguration extension succeeded',
    resources: [
      winVm('vm-win-01', {
        extensions: [vmExtension('vm-win-01', 'AzurePolicyforWindows', EXTENSIONS.guestConfigWindows)],
      }),
    ],
    expected: 'compliant',
  },
  {
    definition: GC_EXT,
    title: 'Windows Server 2019 VM without the machine configuration extension',
    why: 'no related extension has the Microsoft.GuestConfiguration publisher',
    resources: [winVm('vm-win-01')],
    expected: 'nonCompliant',
  },
  {
    definition: GC_EXT,
    title: 'Windows Server 2008 R2 VM',
    why: 'imageSKU 2008-R2-SP1 is like 2008*, so no branch of the image anyOf holds',
    resources: [vm('vm-legacy-01', { image: IMAGES.windows2008 })],
    expected: 'notApplicable',
  },
  {
    definition: GC_EXT,
    title: 'Linux VM from a gallery image (no publisher) without the extension',
    why: 'linuxConfiguration exists and imagePublisher does not exist (an imageReference with only an id)',
    resources: [vm('vm-custom-01', { image: { id: GALLERY_IMAGE } })],
    expected: 'nonCompliant',
  },
  {
    definition: VMSS_DIAG,
    title: 'Windows scale set with IaaSDiagnostics, effect AuditIfNotExists',
    why: 'imagePublisher on a scale set is not microsoft-aks; a related extension is IaaSDiagnostics',
    resources: [
      vmss('vmss-win', {
        image: IMAGES.windows2022,
        extensions: [{ name: 'IaaSDiagnostics', options: EXTENSIONS.iaasDiagnostics }],
      }),
    ],
    parameters: { effect: 'AuditIfNotExists' },
    expected: 'compliant',
  },
  {
    definition: VMSS_DIAG,
    title: 'Ubuntu scale set without a diagnostics extension, effect AuditIfNotExists',
    why: 'no related extension satisfies existenceCondition',
    resources: [vmss('vmss-api')],
    parameters: { effect: 'AuditIfNotExists' },
    expected: 'nonCompliant',
  },
  {
    definition: VMSS_DIAG,
    title: 'AKS node-pool scale set, effect AuditIfNotExists',
    why: 'imagePublisher microsoft-aks fails notEquals, so the if is false: not applicable',
    resources: [vmss('aks-nodepool1-vmss', { image: IMAGES.aksNode })],
    parameters: { effect: 'AuditIfNotExists' },
    expected: 'notApplicable',
  },
  {
    definition: VMSS_DIAG,
    title: 'AKS node-pool scale set with includeAKSClusters and the AKS node extension',
    why: 'the first anyOf branch includes AKS; publisher Microsoft.AKS satisfies existenceCondition',
    resources: [
      vmss('aks-nodepool1-vmss', {
        image: IMAGES.aksNode,
        extensions: [
          { name: 'vmssCSE', options: { publisher: 'Microsoft.AKS', type: 'Compute.AKS.Linux.AKSNode' } },
        ],
      }),
    ],
    parameters: { effect: 'AuditIfNotExists', includeAKSClusters: true },
    expected: 'compliant',
  },
  {
    definition: VMSS_DIAG,
    title: 'Ubuntu scale set, default effect',
    why: 'the default effect of this [Deprecated] definition is Disabled',
    resources: [vmss('vmss-api')],
    expected: 'noRecord',
  },
  {
    definition: AMA_LINUX,
    title: 'RHEL 8 VM in eastus with the Azure Monitor Agent',
    why: 'RedHat/RHEL/8* is a supported image; the AzureMonitorLinuxAgent extension succeeded',
    resources: [rhelVm, vmExtension('vm-rhel-01', 'AzureMonitorLinuxAgent', EXTENSIONS.azureMonitorLinux)],
    expected: 'compliant',
  },
  {
    definition: AMA_LINUX,
    title: 'RHEL 8 VM with the legacy Log Analytics agent only',
    why: 'OmsAgentForLinux is not AzureMonitorLinuxAgent',
    resources: [rhelVm, vmExtension('vm-rhel-01', 'OmsAgentForLinux', EXTENSIONS.omsAgentLinux)],
    expected: 'nonCompliant',
    reason: {
      field: 'Microsoft.Compute/virtualMachines/extensions/type',
      actual: 'OmsAgentForLinux',
      expected: 'AzureMonitorLinuxAgent',
    },
  },
  {
    definition: AMA_LINUX,
    title: 'RHEL 8 VM in a region outside the supported list',
    why: 'location in [...] is false for chinaeast2, so the if is false: not applicable',
    resources: [vm('vm-rhel-cn', { image: IMAGES.rhel8, location: 'chinaeast2' })],
    expected: 'notApplicable',
  },
  {
    definition: AMA_LINUX,
    title: 'VM from a gallery image named in listOfLinuxImageIdToInclude, no agent',
    why: 'Microsoft.Compute/imageId in the parameter array matches the gallery image ID',
    resources: [vm('vm-custom-01', { image: { id: GALLERY_IMAGE } })],
    parameters: { listOfLinuxImageIdToInclude: [GALLERY_IMAGE] },
    expected: 'nonCompliant',
  },
  {
    definition: AMA_LINUX,
    title: 'VM from the same gallery image with the parameter left empty',
    why: 'in [] is false and no built-in image branch matches an image without publisher',
    resources: [vm('vm-custom-01', { image: { id: GALLERY_IMAGE } })],
    expected: 'notApplicable',
  },
  {
    definition: 'ASC_Dependency_Agent_Audit_Linux.json',
    title: 'Ubuntu 18.04 VM with the Dependency agent',
    why: 'Canonical/UbuntuServer/18.04-LTS is listed; the DependencyAgentLinux extension succeeded',
    resources: [
      vm('vm-ubu18', { image: IMAGES.ubuntu1804 }),
      vmExtension('vm-ubu18', 'DependencyAgentLinux', EXTENSIONS.dependencyAgentLinux),
    ],
    expected: 'compliant',
  },
  {
    definition: 'ASC_Dependency_Agent_Audit_Linux.json',
    title: 'Ubuntu 18.04 VM without the Dependency agent',
    why: 'no related extension satisfies existenceCondition',
    resources: [vm('vm-ubu18', { image: IMAGES.ubuntu1804 })],
    expected: 'nonCompliant',
  },
  {
    definition: 'WindowsServers_AntiMalware_AINE.json',
    title: 'Windows Server 2019 VM with IaaSAntimalware',
    why: 'imageSKU 2019-Datacenter is listed; the Microsoft.Azure.Security IaaSAntimalware extension exists',
    resources: [winVm('vm-win-01'), vmExtension('vm-win-01', 'IaaSAntimalware', EXTENSIONS.antimalware)],
    expected: 'compliant',
  },
  {
    definition: 'WindowsServers_AntiMalware_AINE.json',
    title: 'Windows Server 2019 VM without IaaSAntimalware',
    why: 'no related extension satisfies existenceCondition',
    resources: [winVm('vm-win-01')],
    expected: 'nonCompliant',
  },
  {
    definition: 'VirtualMachines_AntiMalwareAutoUpdate_AINE.json',
    title: 'Windows VM whose IaaSAntimalware auto-upgrades minor versions',
    why: 'autoUpgradeMinorVersion true equals "true" (bool/string coercion)',
    resources: [winVm('vm-win-01'), vmExtension('vm-win-01', 'IaaSAntimalware', EXTENSIONS.antimalware)],
    expected: 'compliant',
  },
  {
    definition: 'VirtualMachines_AntiMalwareAutoUpdate_AINE.json',
    title: 'Windows VM whose IaaSAntimalware does not auto-upgrade',
    why: 'autoUpgradeMinorVersion false fails existenceCondition',
    resources: [
      winVm('vm-win-01'),
      vmExtension('vm-win-01', 'IaaSAntimalware', {
        ...EXTENSIONS.antimalware,
        autoUpgradeMinorVersion: false,
      }),
    ],
    expected: 'nonCompliant',
    reason: {
      field: 'Microsoft.Compute/virtualMachines/extensions/autoUpgradeMinorVersion',
      actual: false,
      expected: 'true',
    },
  },
  {
    definition: 'ASC_GCExtOnVmWithNoSAMI.json',
    title: 'machine configuration extension on a VM with a system-assigned identity',
    why: 'the related VM (name from first(split(field(fullName)))) has identity.type containing SystemAssigned',
    resources: [
      vmExtension('vm-app-01', 'AzurePolicyforLinux', EXTENSIONS.guestConfigLinux),
      vm('vm-app-01', {
        identity: {
          type: 'SystemAssigned',
          principalId: '11111111-2222-3333-4444-555555555555',
          tenantId: TENANT_ID,
        },
      }),
    ],
    expected: 'compliant',
  },
  {
    definition: 'ASC_GCExtOnVmWithNoSAMI.json',
    title: 'machine configuration extension on a VM with no identity',
    why: 'the related VM fails identity.type contains SystemAssigned',
    resources: [
      vmExtension('vm-app-01', 'AzurePolicyforLinux', EXTENSIONS.guestConfigLinux),
      vm('vm-app-01'),
    ],
    expected: 'nonCompliant',
  },
  {
    definition: 'ASC_GCExtOnVmWithNoSAMI.json',
    title: 'a custom script extension',
    why: 'publisher must equal Microsoft.GuestConfiguration, so the if is false: not applicable',
    resources: [vmExtension('vm-app-01', 'CustomScript', EXTENSIONS.customScriptLinux), vm('vm-app-01')],
    expected: 'notApplicable',
  },
  {
    definition: LINUX_BASELINE,
    title: 'Ubuntu VM whose AzureLinuxBaseline assignment is Compliant',
    why: 'complianceStatus Compliant and parameterHash equals base64 of the default parameters',
    resources: [
      webVm,
      guestAssignment('vm-web-01', 'AzureLinuxBaseline', 'Compliant', DEFAULT_BASELINE_HASH),
    ],
    expected: 'compliant',
  },
  {
    definition: LINUX_BASELINE,
    title: 'Ubuntu VM whose AzureLinuxBaseline assignment is NonCompliant',
    why: 'complianceStatus must equal Compliant',
    resources: [
      webVm,
      guestAssignment('vm-web-01', 'AzureLinuxBaseline', 'NonCompliant', DEFAULT_BASELINE_HASH),
    ],
    expected: 'nonCompliant',
  },
  {
    definition: LINUX_BASELINE,
    title: 'Ubuntu VM whose assignment ran with other BaselineSettings than assigned',
    why: 'parameterHash must equal base64(concat(..., parameters(BaselineSettings)))',
    resources: [
      webVm,
      guestAssignment('vm-web-01', 'AzureLinuxBaseline', 'Compliant', DEFAULT_BASELINE_HASH),
    ],
    parameters: { BaselineSettings: '/etc/ssh/sshd_config:PermitRootLogin=no' },
    expected: 'nonCompliant',
  },

  // -- Parameterised effect (Audit default, Deny, Disabled)
  {
    definition: HOST_ENCRYPTION,
    title: 'VM without encryption at host, default effect',
    why: 'encryptionAtHost is missing and notEquals on a missing field is true; the effect defaults to Audit',
    resources: [webVm],
    expected: 'nonCompliant',
    effect: 'Audit',
    reason: {
      field: 'Microsoft.Compute/virtualMachines/securityProfile.encryptionAtHost',
      path: 'properties.securityProfile.encryptionAtHost',
      expected: 'true',
      message: 'Current value must be equal to the target value.',
    },
  },
  {
    definition: HOST_ENCRYPTION,
    title: 'VM without encryption at host, effect Deny',
    why: 'an existing resource matching a deny rule is reported non-compliant (states)',
    resources: [webVm],
    parameters: { effect: 'Deny' },
    expected: 'nonCompliant',
    effect: 'Deny',
  },
  {
    definition: HOST_ENCRYPTION,
    title: 'VM without encryption at host, effect Disabled',
    why: 'Disabled leaves no record',
    resources: [webVm],
    parameters: { effect: 'Disabled' },
    expected: 'noRecord',
  },
  {
    definition: HOST_ENCRYPTION,
    title: 'VM with encryption at host',
    why: 'encryptionAtHost true equals "true" (bool/string coercion)',
    resources: [vm('vm-enc-01', { securityProfile: { encryptionAtHost: true } })],
    expected: 'compliant',
  },
  {
    definition: HOST_ENCRYPTION,
    title: 'scale set with encryption at host in its VM profile',
    why: 'the scale-set branch reads virtualMachineProfile.securityProfile.encryptionAtHost',
    resources: [vmss('vmss-enc', { securityProfile: { encryptionAtHost: true } })],
    parameters: { effect: 'Deny' },
    expected: 'compliant',
  },
  {
    definition: HOST_ENCRYPTION,
    title: 'scale set without encryption at host',
    why: 'the scale-set branch holds',
    resources: [vmss('vmss-api')],
    expected: 'nonCompliant',
  },

  // -- `in` over an array parameter
  {
    definition: VM_SKUS,
    title: 'Standard_D2s_v3 VM, allowed SKUs supplied',
    why: 'sku.name (hardwareProfile.vmSize) is in the parameter array',
    resources: [webVm],
    parameters: ALLOWED_SKUS,
    expected: 'compliant',
  },
  {
    definition: VM_SKUS,
    title: 'GPU VM outside the allowed SKUs',
    why: 'not(sku.name in list) holds; the reason names the alias, its path, the value and the list',
    resources: [vm('vm-gpu-01', { size: 'Standard_NC24ads_A100_v4' })],
    parameters: ALLOWED_SKUS,
    expected: 'nonCompliant',
    effect: 'Deny',
    reason: {
      field: 'Microsoft.Compute/virtualMachines/sku.name',
      path: 'properties.hardwareProfile.vmSize',
      operator: 'in',
      actual: 'Standard_NC24ads_A100_v4',
      expected: ['Standard_D2s_v3', 'Standard_D4s_v3', 'Standard_B2ms'],
      message: 'Current value must be in the target value.',
    },
  },
  {
    definition: VM_SKUS,
    title: 'VM whose size differs from an allowed SKU only in case',
    why: 'in compares case-insensitively',
    resources: [vm('vm-b2-01', { size: 'standard_b2ms' })],
    parameters: ALLOWED_SKUS,
    expected: 'compliant',
  },
  {
    definition: VM_SKUS,
    title: 'a scale set',
    why: 'the type condition names virtual machines only',
    resources: [vmss('vmss-api')],
    parameters: ALLOWED_SKUS,
    expected: 'notApplicable',
  },
  {
    definition: APPROVED_EXTENSIONS,
    title: 'CustomScript extension (listed on its own) not in the approved list',
    why: 'extension type notIn the parameter array',
    resources: [vmExtension('vm-web-01', 'CustomScript', EXTENSIONS.customScriptLinux), webVm],
    parameters: approved,
    expected: 'nonCompliant',
    reason: {
      field: 'Microsoft.Compute/virtualMachines/extensions/type',
      path: 'properties.type',
      operator: 'in',
      actual: 'CustomScript',
      expected: ['AzureMonitorLinuxAgent', 'GuestAttestation', 'ConfigurationforLinux'],
      message: 'Current value must be in the target value.',
    },
  },
  {
    definition: APPROVED_EXTENSIONS,
    title: 'Azure Monitor extension in the approved list',
    why: 'AzureMonitorLinuxAgent is in the parameter array',
    resources: [vmExtension('vm-web-01', 'AzureMonitorLinuxAgent', EXTENSIONS.azureMonitorLinux), webVm],
    parameters: approved,
    expected: 'compliant',
  },
  {
    definition: APPROVED_EXTENSIONS,
    title: 'CustomScript extension nested in the VM GET "resources", effect Deny',
    why: 'the nested extension is evaluated as its own extensions resource; extensions take tags, so Indexed mode applies',
    resources: [
      vm('vm-web-01', {
        extensions: [vmExtension('vm-web-01', 'CustomScript', EXTENSIONS.customScriptLinux)],
      }),
    ],
    subject: `${vmId('vm-web-01')}/extensions/CustomScript`,
    parameters: { ...approved, effect: 'Deny' },
    expected: 'nonCompliant',
    effect: 'Deny',
  },

  // -- append and modify
  {
    definition: INHERIT_TAG,
    title: 'VM without costCenter in a resource group tagged costCenter',
    why: 'the tag is missing and resourceGroup().tags[costCenter] is not empty: append applies',
    resources: [vm('vm-web-01'), resourceGroup(RESOURCE_GROUP, { costCenter: 'CC-4711' })],
    parameters: { tagName: 'costCenter' },
    expected: 'nonCompliant',
    effect: 'append',
  },
  {
    definition: INHERIT_TAG,
    title: 'VM that already carries costCenter',
    why: 'tags[costCenter] exists',
    resources: [
      vm('vm-web-01', { tags: { costCenter: 'CC-4711' } }),
      resourceGroup(RESOURCE_GROUP, { costCenter: 'CC-4711' }),
    ],
    parameters: { tagName: 'costCenter' },
    expected: 'compliant',
  },
  {
    definition: INHERIT_TAG,
    title: 'VM in a resource group whose costCenter tag is empty',
    why: 'resourceGroup().tags[costCenter] equals "", so there is nothing to inherit',
    resources: [vm('vm-web-01'), resourceGroup(RESOURCE_GROUP, { costCenter: '' })],
    parameters: { tagName: 'costCenter' },
    expected: 'compliant',
  },
  {
    definition: INHERIT_TAG,
    title: 'subnet (proxy resource, no tags or location)',
    why: 'mode Indexed evaluates only types that support tags and location (basics)',
    resources: [appSubnet(), resourceGroup(RESOURCE_GROUP, { costCenter: 'CC-4711' })],
    parameters: { tagName: 'costCenter' },
    expected: 'notApplicable',
  },
  {
    definition: ADD_TAG,
    title: 'VM without the Environment tag',
    why: 'tags[Environment] does not exist: modify would add it',
    resources: [webVm],
    parameters: envTag,
    expected: 'nonCompliant',
    effect: 'modify',
  },
  {
    definition: ADD_TAG,
    title: 'VM tagged "environment" (other case)',
    why: 'tag names match case-insensitively',
    resources: [vm('vm-web-01', { tags: { environment: 'prod' } })],
    parameters: envTag,
    expected: 'compliant',
  },
  {
    definition: ADD_TAG,
    title: 'NSG without the Environment tag',
    why: 'NSGs are tracked resources: Indexed mode evaluates them',
    resources: [networkSecurityGroup('nsg-web', [])],
    parameters: envTag,
    expected: 'nonCompliant',
  },
  {
    definition: ADD_TAG,
    title: 'security rule nested in an NSG (child resource without tags)',
    why: 'mode Indexed skips types that do not support tags and location (basics)',
    resources: [
      networkSecurityGroup('nsg-web', [
        { name: 'allow-https', properties: { destinationPortRange: '443', sourceAddressPrefix: '*' } },
      ]),
    ],
    subject: `${nsgId('nsg-web')}/securityRules/allow-https`,
    parameters: envTag,
    expected: 'notApplicable',
  },
  {
    definition: ADD_TAG,
    title: 'the resource group itself',
    why: 'Indexed mode does not cover resource groups and subscriptions (basics)',
    resources: [resourceGroup(RESOURCE_GROUP)],
    parameters: envTag,
    expected: 'notApplicable',
  },
  {
    definition: 'Disks_DataAccessAuthMode_Modify.json',
    title: 'managed disk without dataAccessAuthMode',
    why: 'notEquals on a missing field is true',
    resources: [disk('disk-data-01')],
    expected: 'nonCompliant',
    effect: 'Modify',
  },
  {
    definition: 'Disks_DataAccessAuthMode_Modify.json',
    title: 'managed disk requiring Entra ID for export and upload',
    why: 'dataAccessAuthMode equals AzureActiveDirectory',
    resources: [disk('disk-data-01', { dataAccessAuthMode: 'AzureActiveDirectory' })],
    expected: 'compliant',
  },
  {
    definition: MANA,
    title: 'Palo Alto VM-Series VM (offer vmseries-flex)',
    why: 'the value count over allowedOffers finds current(offer) "vmseries*" like the VM offer',
    resources: [vm('vm-fw-01', { image: IMAGES.paloAlto })],
    expected: 'nonCompliant',
    effect: 'Modify',
  },
  {
    definition: MANA,
    title: 'Palo Alto VM already tagged LegacyVMNVA',
    why: 'tags[LegacyVMNVA] exists',
    resources: [vm('vm-fw-01', { image: IMAGES.paloAlto, tags: { LegacyVMNVA: '' } })],
    expected: 'compliant',
  },
  {
    definition: MANA,
    title: 'Palo Alto VM from an offer not in allowedOffers',
    why: 'no current(offer) pattern is like "globalprotect-gateway", so both counts are 0',
    resources: [
      vm('vm-gp-01', {
        image: { publisher: 'paloaltonetworks', offer: 'globalprotect-gateway', sku: 'byol' },
      }),
    ],
    expected: 'compliant',
  },
  {
    definition: MANA,
    title: 'FortiGate scale set',
    why: 'the scale-set aliases match publisher fortinet and offer like "forti*"; the VM aliases read nothing on a scale set',
    resources: [vmss('vmss-fgt', { image: IMAGES.fortigate })],
    expected: 'nonCompliant',
  },
  {
    definition: MANA,
    title: 'Ubuntu VM',
    why: 'Canonical is not an allowed publisher',
    resources: [webVm],
    expected: 'compliant',
  },
  {
    definition: ZONE_REBALANCE,
    title: 'scale set across zones 1, 2 and 3 without a resiliency policy',
    why: 'count(zones[*]) is 3, greater than 2, and automaticZoneRebalancingPolicy does not exist',
    resources: [vmss('vmss-zonal', { zones: ['1', '2', '3'] })],
    expected: 'nonCompliant',
    reason: { field: 'count(Microsoft.Compute/virtualMachineScaleSets/zones[*])', actual: 3, expected: 2 },
  },
  {
    definition: ZONE_REBALANCE,
    title: 'scale set across three zones with automatic zone rebalancing',
    why: 'automaticZoneRebalancingPolicy exists',
    resources: [
      vmss('vmss-zonal', {
        zones: ['1', '2', '3'],
        properties: {
          resiliencyPolicy: {
            automaticZoneRebalancingPolicy: {
              enabled: true,
              rebalanceStrategy: 'Recreate',
              rebalanceBehavior: 'CreateBeforeDelete',
            },
          },
        },
      }),
    ],
    expected: 'compliant',
  },
  {
    definition: ZONE_REBALANCE,
    title: 'scale set across two zones',
    why: 'count(zones[*]) is 2, not greater than 2',
    resources: [vmss('vmss-zonal', { zones: ['1', '2'] })],
    expected: 'compliant',
  },
  {
    definition: ZONE_REBALANCE,
    title: 'regional scale set (no zones property)',
    why: 'a field count over a missing array is 0 (arrays)',
    resources: [vmss('vmss-regional')],
    expected: 'compliant',
  },
  {
    definition: 'VirtualNetworkDdosStandard_Audit.json',
    title: 'virtual network without DDoS protection',
    why: 'enableDdosProtection false notEquals true',
    resources: [virtualNetwork('vnet-prod')],
    parameters: {
      ddosPlan: `/subscriptions/${OTHER_SUBSCRIPTION_ID}/resourceGroups/rg-ddos/providers/Microsoft.Network/ddosProtectionPlans/ddos-plan`,
    },
    expected: 'nonCompliant',
    effect: 'Modify',
  },
  {
    definition: 'VirtualNetworkDdosStandard_Audit.json',
    title: 'virtual network protected by a DDoS plan',
    why: 'enableDdosProtection is true and ddosProtectionPlan is an object, not ""',
    resources: [
      virtualNetwork('vnet-prod', [], {
        enableDdosProtection: true,
        ddosProtectionPlan: {
          id: `/subscriptions/${OTHER_SUBSCRIPTION_ID}/resourceGroups/rg-ddos/providers/Microsoft.Network/ddosProtectionPlans/ddos-plan`,
        },
      }),
    ],
    parameters: {
      ddosPlan: `/subscriptions/${OTHER_SUBSCRIPTION_ID}/resourceGroups/rg-ddos/providers/Microsoft.Network/ddosProtectionPlans/ddos-plan`,
    },
    expected: 'compliant',
  },
  {
    definition: 'AddSystemIdentityWhenNone_Prerequisite.json',
    title: 'Windows Server 2019 VM with no managed identity',
    why: 'compliance scans use the latest API version, so requestContext().apiVersion >= 2018-10-01 holds (rule: requestContext)',
    resources: [winVm('vm-win-01')],
    expected: 'nonCompliant',
    effect: 'modify',
  },
  {
    definition: 'AddSystemIdentityWhenNone_Prerequisite.json',
    title: 'Windows Server 2019 VM with a system-assigned identity',
    why: 'identity.type exists and is not None',
    resources: [
      winVm('vm-win-01', {
        identity: {
          type: 'SystemAssigned',
          principalId: '11111111-2222-3333-4444-555555555555',
          tenantId: TENANT_ID,
        },
      }),
    ],
    expected: 'compliant',
  },

  // -- Indexed vs All on child/proxy types
  {
    definition: PRIVATE_SUBNET,
    title: 'subnet nested in its VNet with default outbound access off',
    why: 'mode All evaluates the subnets child; defaultOutboundAccess false equals "false"',
    resources: [virtualNetwork('vnet-prod', [appSubnet({ defaultOutboundAccess: false })])],
    subject: appSubnet().id,
    expected: 'compliant',
  },
  {
    definition: PRIVATE_SUBNET,
    title: 'subnet nested in its VNet without defaultOutboundAccess',
    why: 'notEquals on a missing field is true: default outbound access applies',
    resources: [virtualNetwork('vnet-prod', [appSubnet()])],
    subject: appSubnet().id,
    expected: 'nonCompliant',
  },
  {
    definition: PRIVATE_SUBNET,
    title: 'virtual network with one public subnet',
    why: 'the field count over subnets[*] finds one member without defaultOutboundAccess',
    resources: [
      virtualNetwork('vnet-prod', [
        appSubnet({ defaultOutboundAccess: false }),
        subnet('vnet-prod', 'snet-data', { addressPrefix: '10.0.2.0/24' }),
      ]),
    ],
    expected: 'nonCompliant',
  },
  {
    definition: PRIVATE_SUBNET,
    title: 'virtual network whose subnets are all private',
    why: 'the count is 0',
    resources: [virtualNetwork('vnet-prod', [appSubnet({ defaultOutboundAccess: false })])],
    expected: 'compliant',
  },
  {
    definition: GATEWAY_NSG,
    title: 'GatewaySubnet with an NSG',
    why: 'name equals GatewaySubnet and networkSecurityGroup.id exists',
    resources: [
      subnet('vnet-prod', 'GatewaySubnet', {
        addressPrefix: '10.0.255.0/27',
        networkSecurityGroup: { id: nsgId('nsg-gw') },
      }),
    ],
    expected: 'nonCompliant',
  },
  {
    definition: GATEWAY_NSG,
    title: 'GatewaySubnet without an NSG',
    why: 'networkSecurityGroup.id does not exist',
    resources: [subnet('vnet-prod', 'GatewaySubnet', { addressPrefix: '10.0.255.0/27' })],
    expected: 'compliant',
  },
  {
    definition: GATEWAY_NSG,
    title: 'application subnet with an NSG',
    why: 'with type, name and other conditions, type and name decide applicability (applic)',
    resources: [appSubnet({ networkSecurityGroup: { id: nsgId('nsg-web') } })],
    expected: 'notApplicable',
  },

  // -- value count with current()
  {
    definition: KEY_VAULT_FIREWALL,
    title: 'key vault open to all networks',
    why: 'networkAcls.defaultAction Allow notEquals Deny and public network access is Enabled',
    resources: [
      keyVault('kv-prod-01', {
        networkAcls: {
          bypass: 'AzureServices',
          defaultAction: 'Allow',
          ipRules: [],
          virtualNetworkRules: [],
        },
      }),
    ],
    expected: 'nonCompliant',
  },
  {
    definition: KEY_VAULT_FIREWALL,
    title: 'key vault with the firewall on',
    why: 'defaultAction Deny and IP restriction is off',
    resources: [
      keyVault('kv-prod-01', {
        networkAcls: { bypass: 'AzureServices', defaultAction: 'Deny', ipRules: [], virtualNetworkRules: [] },
      }),
    ],
    expected: 'compliant',
  },
  {
    definition: KEY_VAULT_FIREWALL,
    title: 'key vault with public network access disabled (firewall default Allow)',
    why: 'compliance scans use the latest API version, so the publicNetworkAccess branch applies and Disabled complies',
    resources: [
      keyVault('kv-private-01', {
        publicNetworkAccess: 'Disabled',
        networkAcls: { bypass: 'None', defaultAction: 'Allow', ipRules: [], virtualNetworkRules: [] },
      }),
    ],
    expected: 'compliant',
  },
  {
    definition: KEY_VAULT_FIREWALL,
    title: 'key vault whose only IP rule lies inside an allowed range',
    why: 'for each ipRule the value count over allowedIPAddresses finds ipRangeContains(current(allowed), current(rule)) true',
    resources: [
      keyVault('kv-prod-01', {
        networkAcls: {
          bypass: 'AzureServices',
          defaultAction: 'Deny',
          ipRules: [{ value: '10.20.0.5/32' }],
          virtualNetworkRules: [],
        },
      }),
    ],
    parameters: restrictTo(['10.20.0.0/24']),
    expected: 'compliant',
  },
  {
    definition: KEY_VAULT_FIREWALL,
    title: 'key vault with an IP rule outside every allowed range',
    why: 'the nested counts give 0 of 1 rules allowed, so not(count equals length) holds',
    resources: [
      keyVault('kv-prod-01', {
        networkAcls: {
          bypass: 'AzureServices',
          defaultAction: 'Deny',
          ipRules: [{ value: '10.20.0.5/32' }, { value: '52.160.10.20/32' }],
          virtualNetworkRules: [],
        },
      }),
    ],
    parameters: restrictTo(['10.20.0.0/24']),
    expected: 'nonCompliant',
  },

  // -- more compute and network definitions
  {
    definition: 'VMRequireManagedDisk_Audit.json',
    title: 'VM with an unmanaged OS disk (VHD in a storage account)',
    why: 'osDisk.uri (storageProfile.osDisk.vhd.uri) exists',
    resources: [
      vm('vm-classic-disk', {
        osDisk: {
          managedDisk: undefined,
          vhd: { uri: 'https://stcontosovhds.blob.core.windows.net/vhds/vm-classic-disk-os.vhd' },
        },
      }),
    ],
    expected: 'nonCompliant',
  },
  {
    definition: 'VMRequireManagedDisk_Audit.json',
    title: 'VM with a managed OS disk',
    why: 'osDisk.vhd.uri does not exist',
    resources: [webVm],
    expected: 'compliant',
  },
  {
    definition: 'VMRequireManagedDisk_Audit.json',
    title: 'scale set with unmanaged OS disks in vhdContainers',
    why: 'the scale-set branch: osDisk.vhdContainers exists',
    resources: [
      vmss('vmss-legacy', {
        properties: {
          virtualMachineProfile: {
            storageProfile: {
              osDisk: {
                name: 'osdisk',
                managedDisk: undefined,
                vhdContainers: ['https://stcontosovhds.blob.core.windows.net/vhds'],
              },
            },
          },
        },
      }),
    ],
    expected: 'nonCompliant',
  },
  {
    definition: 'NetworkIPForwardingNic_Deny.json',
    title: 'NIC with IP forwarding on',
    why: 'enableIPForwarding true equals "true"',
    resources: [nic('nic-nva-01', subnetRef('vnet-prod', 'snet-app'), { enableIPForwarding: true })],
    expected: 'nonCompliant',
    effect: 'deny',
  },
  {
    definition: 'NetworkIPForwardingNic_Deny.json',
    title: 'NIC with IP forwarding off',
    why: 'enableIPForwarding false',
    resources: [nic('nic-web-01', subnetRef('vnet-prod', 'snet-app'))],
    expected: 'compliant',
  },
  {
    definition: 'NetworkPublicIPNic_Deny.json',
    title: 'NIC whose second IP configuration has a public IP',
    why: 'not(ipconfigurations[*].publicIpAddress.id notLike "*"): one member has an ID',
    resources: [
      networkInterface('nic-web-01', [
        subnetRef('vnet-prod', 'snet-app'),
        {
          ...subnetRef('vnet-prod', 'snet-app'),
          publicIPAddress: {
            id: `${RG_ID}/providers/Microsoft.Network/publicIPAddresses/pip-web-01`,
          },
        },
      ]),
    ],
    expected: 'nonCompliant',
  },
  {
    definition: 'NetworkPublicIPNic_Deny.json',
    title: 'NIC with private IP configurations only',
    why: 'every member lacks publicIpAddress.id, so [*] notLike "*" holds for all and its negation is false',
    resources: [
      networkInterface('nic-web-01', [
        subnetRef('vnet-prod', 'snet-app'),
        subnetRef('vnet-prod', 'snet-app'),
      ]),
    ],
    expected: 'compliant',
  },
  {
    definition: 'ApprovedVirtualNetwork_Audit.json',
    title: 'NIC in the approved virtual network',
    why: 'every ipconfigurations[*].subnet.id is like "<virtualNetworkId>/*"',
    resources: [nic('nic-web-01', subnetRef('vnet-prod', 'snet-app'))],
    parameters: { virtualNetworkId: vnetId('vnet-prod') },
    expected: 'compliant',
  },
  {
    definition: 'ApprovedVirtualNetwork_Audit.json',
    title: 'NIC in another virtual network',
    why: 'the subnet ID is not under the approved VNet',
    resources: [nic('nic-dev-01', subnetRef('vnet-dev', 'snet-app'))],
    parameters: { virtualNetworkId: vnetId('vnet-prod') },
    expected: 'nonCompliant',
  },
  {
    definition: 'Identity_Audit.json',
    title: 'VM with a system-assigned identity',
    why: 'identity.type contains SystemAssigned',
    resources: [
      vm('vm-id-01', {
        identity: {
          type: 'SystemAssigned',
          principalId: '11111111-2222-3333-4444-555555555555',
          tenantId: TENANT_ID,
        },
      }),
    ],
    expected: 'compliant',
  },
  {
    definition: 'Identity_Audit.json',
    title: 'VM with a user-assigned identity only',
    why: 'identity.type contains UserAssigned',
    resources: [
      vm('vm-id-02', {
        identity: {
          type: 'UserAssigned',
          userAssignedIdentities: {
            [`${RG_ID}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-web`]: {
              principalId: '22222222-3333-4444-5555-666666666666',
              clientId: '33333333-4444-5555-6666-777777777777',
            },
          },
        },
      }),
    ],
    expected: 'compliant',
  },
  {
    definition: 'Identity_Audit.json',
    title: 'VM without any identity',
    why: 'notContains on a missing identity.type is true for both leaves',
    resources: [webVm],
    expected: 'nonCompliant',
  },
  {
    definition: 'ASC_EnableVTPM_Audit.json',
    title: 'Trusted Launch VM with vTPM off',
    why: 'uefiSettings exists and vTpmEnabled false notEquals "true"',
    resources: [
      vm('vm-tl-01', {
        securityProfile: {
          uefiSettings: { secureBootEnabled: true, vTpmEnabled: false },
          securityType: 'TrustedLaunch',
        },
      }),
    ],
    expected: 'nonCompliant',
  },
  {
    definition: 'ASC_EnableVTPM_Audit.json',
    title: 'Trusted Launch VM with vTPM on',
    why: 'vTpmEnabled true',
    resources: [tlVm],
    expected: 'compliant',
  },
  {
    definition: 'ASC_EnableVTPM_Audit.json',
    title: 'Standard-security VM (no securityProfile)',
    why: 'for audit only type conditions decide applicability; the false if makes it compliant (applic)',
    resources: [webVm],
    expected: 'compliant',
  },
  {
    definition: 'VirtualMachine_Should_Have_TrustedLaunch enabled.json',
    title: 'Standard-security VM (no securityProfile)',
    why: 'securityProfile exists false',
    resources: [webVm],
    expected: 'nonCompliant',
  },
  {
    definition: 'VirtualMachine_Should_Have_TrustedLaunch enabled.json',
    title: 'Trusted Launch VM with Secure Boot and vTPM',
    why: 'every anyOf leaf is false',
    resources: [tlVm],
    expected: 'compliant',
  },
  {
    definition: 'NetworkSecurityGroup_FlowLog_Audit.json',
    title: 'NSG with a flow log',
    why: 'count(flowLogs[*]) is 1',
    resources: [
      networkSecurityGroup('nsg-web', [], {
        flowLogs: [
          {
            id: `${SUBSCRIPTION}/resourceGroups/NetworkWatcherRG/providers/Microsoft.Network/networkWatchers/NetworkWatcher_eastus/flowLogs/nsg-web-flowlog`,
          },
        ],
      }),
    ],
    expected: 'compliant',
  },
  {
    definition: 'NetworkSecurityGroup_FlowLog_Audit.json',
    title: 'NSG without flow logs (property absent)',
    why: 'a field count over a missing array is 0 (arrays)',
    resources: [networkSecurityGroup('nsg-web', [])],
    expected: 'nonCompliant',
  },
  {
    definition: 'Disks_ExportLimitNetworkAccess_Audit.json',
    title: 'managed disk exportable from any network',
    why: 'networkAccessPolicy AllowAll is notIn [DenyAll, AllowPrivate] and publicNetworkAccess is Enabled',
    resources: [disk('disk-data-01')],
    expected: 'nonCompliant',
  },
  {
    definition: 'Disks_ExportLimitNetworkAccess_Audit.json',
    title: 'managed disk with network access denied',
    why: 'networkAccessPolicy DenyAll',
    resources: [disk('disk-data-01', { networkAccessPolicy: 'DenyAll', publicNetworkAccess: 'Disabled' })],
    expected: 'compliant',
  },
  {
    definition: 'OSAndDataDiskCMKRequired_Deny.json',
    title: 'VM whose OS disk uses a disk encryption set',
    why: 'osDisk.managedDisk.diskEncryptionSet.id exists',
    resources: [
      vm('vm-cmk-01', {
        osDisk: {
          managedDisk: {
            storageAccountType: 'Premium_LRS',
            diskEncryptionSet: {
              id: `${SUBSCRIPTION}/resourceGroups/rg-keys/providers/Microsoft.Compute/diskEncryptionSets/des-prod`,
            },
          },
        },
      }),
    ],
    expected: 'compliant',
  },
  {
    definition: 'OSAndDataDiskCMKRequired_Deny.json',
    title: 'VM with platform-managed keys',
    why: 'diskEncryptionSet.id exists False',
    resources: [webVm],
    expected: 'nonCompliant',
  },
  {
    definition: 'ClassicCompute_Audit.json',
    title: 'classic (ASM) virtual machine',
    why: 'value [field(type)] equals Microsoft.ClassicCompute/virtualMachines',
    resources: [
      {
        id: `${RG_ID}/providers/Microsoft.ClassicCompute/virtualMachines/classic-vm-01`,
        name: 'classic-vm-01',
        type: 'Microsoft.ClassicCompute/virtualMachines',
        location: 'eastus',
        properties: {
          hardwareProfile: {
            size: 'Small',
            platformGuestAgent: true,
            deploymentName: 'classic-vm-01',
            deploymentId: '0c3f6f3f3f9b4d7f8f2f',
            deploymentLabel: 'classic-vm-01',
          },
          provisioningState: 'Succeeded',
        },
      },
    ],
    expected: 'nonCompliant',
  },
  {
    definition: 'ClassicCompute_Audit.json',
    title: 'Resource Manager virtual machine',
    why: 'field(type) is Microsoft.Compute/virtualMachines',
    resources: [webVm],
    expected: 'compliant',
  },
  {
    definition: 'NetworkWatcher_Enabled_Audit.json',
    title: 'eastus VNet with a Network Watcher in NetworkWatcherRG, eastus',
    why: 'in existenceCondition, field location reads the watcher and field(location) the VNet (aine)',
    resources: [virtualNetwork('vnet-prod'), networkWatcher('eastus')],
    expected: 'compliant',
  },
  {
    definition: 'NetworkWatcher_Enabled_Audit.json',
    title: 'eastus VNet with a Network Watcher for westus only',
    why: 'the related watcher location differs from the VNet location',
    resources: [virtualNetwork('vnet-prod'), networkWatcher('westus')],
    expected: 'nonCompliant',
    reason: { field: 'location', actual: 'westus', expected: 'eastus' },
  },
  {
    definition: 'NetworkWatcher_Enabled_Audit.json',
    title: 'eastus VNet whose watcher lives in a resource group named by the parameter',
    why: 'details.resourceGroupName points the lookup at another resource group (aine)',
    resources: [virtualNetwork('vnet-prod'), networkWatcher('eastus', 'rg-network')],
    parameters: { resourceGroupName: 'rg-network' },
    expected: 'compliant',
  },
  {
    definition: 'VirtualMachines_EnableAzureBackup_Audit.json',
    title: 'VM protected by a Recovery Services vault',
    why: 'a backupprotecteditems resource relates to the VM',
    resources: [webVm, protectedItem('rsv-prod', 'vm-web-01')],
    expected: 'compliant',
  },
  {
    definition: 'VirtualMachines_EnableAzureBackup_Audit.json',
    title: 'VM without backup',
    why: 'no related protected item',
    resources: [webVm, protectedItem('rsv-prod', 'vm-web-02')],
    expected: 'nonCompliant',
  },
  {
    definition: 'VirtualMachines_EnableAzureBackup_Audit.json',
    title: 'Databricks-managed VM',
    why: 'id notContains /resourceGroups/databricks-rg- is false, so the if is false: not applicable',
    resources: [vm('vm-dbx-worker', { group: 'databricks-rg-analytics-x7y8z9' })],
    expected: 'notApplicable',
  },
  // -- shapes from other sources: ARM templates (no plural arrays) and Azure Resource Graph rows
  {
    definition: SSH,
    title: 'rule as an ARM template declares it (singular fields only), 22 from 10.0.0.0/8',
    why: '[*] over an absent array selects an empty collection, so not(sourceAddressPrefixes[*] notEquals "*") is false (arrays)',
    resources: [
      templateRule('allow-ssh-internal', { destinationPortRange: '22', sourceAddressPrefix: '10.0.0.0/8' }),
    ],
    expected: 'compliant',
  },
  {
    definition: RDP,
    title: 'rule as an ARM template declares it, 3389 from Internet',
    why: 'the singular fields match; the absent plural arrays change nothing',
    resources: [templateRule('allow-rdp', { destinationPortRange: '3389', sourceAddressPrefix: 'Internet' })],
    expected: 'nonCompliant',
  },
  {
    definition: AMA_LINUX,
    title: 'RHEL 8 VM and its agent extension as Resource Graph rows (lower-case types)',
    why: 'resource types compare case-insensitively (rule: type); the extension row relates to the VM row',
    resources: [
      resourceGraphRow(rhelVm),
      resourceGraphRow(vmExtension('vm-rhel-01', 'AzureMonitorLinuxAgent', EXTENSIONS.azureMonitorLinux)),
    ],
    expected: 'compliant',
  },
  {
    definition: AMA_LINUX,
    title: 'RHEL 8 VM as a Resource Graph row, no agent',
    why: 'no related extension',
    resources: [resourceGraphRow(rhelVm)],
    expected: 'nonCompliant',
  },
  {
    definition: 'ASC_EnableDDoSProtection_Audit.json',
    title: 'virtual network whose DDoS assessment is Healthy',
    why: 'the definition spells the type "microsoft.network/virtualNetworks"; type comparison is case-insensitive',
    resources: [
      virtualNetwork('vnet-prod'),
      assessment(vnetId('vnet-prod'), 'e3de1cc0-f4dd-3b34-e496-8b5381ba2d70', 'Healthy'),
    ],
    expected: 'compliant',
  },
  {
    definition: 'ASC_EnableDDoSProtection_Audit.json',
    title: 'virtual network whose DDoS assessment is Unhealthy',
    why: 'the assessment fails existenceCondition',
    resources: [
      virtualNetwork('vnet-prod'),
      assessment(vnetId('vnet-prod'), 'e3de1cc0-f4dd-3b34-e496-8b5381ba2d70', 'Unhealthy'),
    ],
    expected: 'nonCompliant',
  },

  // -- child resources found by type and name
  {
    definition: DISK_ACCESS_PE,
    title: 'disk access whose GET lists an approved private endpoint connection',
    why: 'privateEndpointConnections is a child type of the disk access; the nested connection is that child resource (aine: type underneath the if resource)',
    resources: [diskAccess([peConnection('Approved')])],
    expected: 'compliant',
  },
  {
    definition: DISK_ACCESS_PE,
    title: 'disk access with its approved connection also listed on its own',
    why: 'the child resource satisfies status equals Approved',
    resources: [diskAccess([peConnection('Approved')]), peConnectionResource('Approved')],
    expected: 'compliant',
  },
  {
    definition: DISK_ACCESS_PE,
    title: 'disk access whose only connection is Pending (listed on its own)',
    why: 'the child resource fails status equals Approved',
    resources: [diskAccess([peConnection('Pending')]), peConnectionResource('Pending')],
    expected: 'nonCompliant',
  },
  {
    definition: DISK_ACCESS_PE,
    title: 'disk access without private endpoint connections',
    why: 'no related child exists',
    resources: [diskAccess([])],
    expected: 'nonCompliant',
  },
  {
    definition: GATEWAY_AINE,
    title: 'virtual network whose GatewaySubnet serves the approved gateway',
    why: 'the GatewaySubnet child has an ipConfigurations[*].id under the approved gateway ID',
    resources: [virtualNetwork('vnet-prod', [appSubnet(), gatewaySubnet(APPROVED_GATEWAY)])],
    parameters: { virtualNetworkGatewayId: APPROVED_GATEWAY },
    expected: 'compliant',
  },
  {
    definition: GATEWAY_AINE,
    title: 'virtual network whose GatewaySubnet serves another gateway',
    why: 'not([*] notContains) finds no member containing "<approved gateway>/"',
    resources: [
      virtualNetwork('vnet-prod', [
        appSubnet(),
        gatewaySubnet(`${RG_ID}/providers/Microsoft.Network/virtualNetworkGateways/vgw-legacy`),
      ]),
    ],
    parameters: { virtualNetworkGatewayId: APPROVED_GATEWAY },
    expected: 'nonCompliant',
  },
  {
    definition: GATEWAY_AINE,
    title: 'virtual network without a GatewaySubnet',
    why: 'details.name GatewaySubnet selects no child',
    resources: [virtualNetwork('vnet-prod', [appSubnet()])],
    parameters: { virtualNetworkGatewayId: APPROVED_GATEWAY },
    expected: 'nonCompliant',
    reason: { message: NO_RELATED },
  },

  // -- deployIfNotExists with computed name and resource group
  {
    definition: NSG_FLOW_LOG_DINE,
    title: 'eastus NSG whose flow log is enabled and writes to the expected account',
    why: 'details.name and resourceGroupName come from split(first(field(flowLogs[*].id)), "/")[8|10|4]',
    resources: [networkSecurityGroup('nsg-web', [], { flowLogs: [{ id: FLOW_LOG_ID }] }), flowLog(true)],
    parameters: FLOW_LOG_PARAMETERS,
    expected: 'compliant',
  },
  {
    definition: NSG_FLOW_LOG_DINE,
    title: 'eastus NSG whose flow log is disabled',
    why: 'the related flow log fails enabled equals "true"',
    resources: [networkSecurityGroup('nsg-web', [], { flowLogs: [{ id: FLOW_LOG_ID }] }), flowLog(false)],
    parameters: FLOW_LOG_PARAMETERS,
    expected: 'nonCompliant',
  },
  {
    definition: NSG_FLOW_LOG_DINE,
    title: 'eastus NSG without flow logs',
    why: 'with no flowLogs the name expression gives "null/null", which names no resource',
    resources: [networkSecurityGroup('nsg-web', []), flowLog(true)],
    parameters: FLOW_LOG_PARAMETERS,
    expected: 'nonCompliant',
  },
  {
    definition: NSG_FLOW_LOG_DINE,
    title: 'westus NSG',
    why: 'location must equal the nsgRegion parameter; for DINE a false if means not applicable',
    resources: [{ ...networkSecurityGroup('nsg-west', []), location: 'westus' }],
    parameters: FLOW_LOG_PARAMETERS,
    expected: 'notApplicable',
  },
  {
    definition: FIREWALL_ROUTING,
    title: 'spoke VNet with a busy subnet and a firewall in its AzureFirewallSubnet',
    why: 'nested counts find a subnet with 2 IP configurations and no route table; the firewall ipConfigurations[*].subnet.id is like the computed pattern',
    resources: [spokeVnet(), azureFirewall()],
    expected: 'compliant',
  },
  {
    definition: FIREWALL_ROUTING,
    title: 'spoke VNet with a busy subnet and no firewall',
    why: 'no related azureFirewalls resource',
    resources: [spokeVnet()],
    expected: 'nonCompliant',
  },
  {
    definition: FIREWALL_ROUTING,
    title: 'spoke VNet whose busy subnet has a route table',
    why: 'routeTable exists, so no subnet is counted and the if is false',
    resources: [
      spokeVnet({ routeTable: { id: `${RG_ID}/providers/Microsoft.Network/routeTables/rt-to-hub` } }),
      azureFirewall(),
    ],
    expected: 'notApplicable',
  },

  // -- computed field names, object parameters, intersection() and createObject()
  {
    definition: AUTO_ASSESSMENT,
    title: 'Windows Server VM with periodic assessment off (default parameters)',
    why: 'the field name is computed by if(equals(tolower(osType), "windows"), …); assessmentMode ImageDefault notEquals AutomaticByPlatform',
    resources: [winVm('vm-win-01')],
    expected: 'nonCompliant',
    effect: 'modify',
  },
  {
    definition: AUTO_ASSESSMENT,
    title: 'Windows Server VM with periodic assessment AutomaticByPlatform',
    why: 'assessmentMode equals the parameter',
    resources: [
      winVm('vm-win-01', {
        properties: {
          osProfile: { windowsConfiguration: { patchSettings: { assessmentMode: 'AutomaticByPlatform' } } },
        },
      }),
    ],
    expected: 'compliant',
  },
  {
    definition: AUTO_ASSESSMENT,
    title: 'Windows Server VM carrying the selected tag',
    why: 'length(intersection(tagValues, field(tags))) is 1 with tagOperator Any',
    resources: [winVm('vm-win-01', { tags: { patchGroup: 'ring1', owner: 'ops' } })],
    parameters: { tagValues: { patchGroup: 'ring1' } },
    expected: 'nonCompliant',
  },
  {
    definition: AUTO_ASSESSMENT,
    title: 'Windows Server VM whose tag value differs from the selected one',
    why: 'intersection of objects keeps only equal key/value pairs, so its length is 0',
    resources: [winVm('vm-win-01', { tags: { patchGroup: 'ring2' } })],
    parameters: { tagValues: { patchGroup: 'ring1' } },
    expected: 'compliant',
  },
  {
    definition: AUTO_ASSESSMENT,
    title: 'Ubuntu VM with osType Linux',
    why: 'the computed field is linuxConfiguration.patchSettings.assessmentMode; publisher Canonical is supported',
    resources: [webVm],
    parameters: { osType: 'Linux' },
    expected: 'nonCompliant',
  },
  {
    definition: SCHEDULED_PATCHING,
    title: 'Ubuntu VM in ring1 assigned to the ring1 maintenance configuration',
    why: 'the value count over tagValues finds createObject(key, value) in the tags; the configuration assignment names the configuration',
    resources: [ringVm('ring1'), maintenanceAssignment(MAINTENANCE_CONFIGURATION)],
    parameters: PATCHING_PARAMETERS,
    expected: 'compliant',
  },
  {
    definition: SCHEDULED_PATCHING,
    title: 'Ubuntu VM in ring1 without a configuration assignment',
    why: 'no related Microsoft.Maintenance/configurationAssignments resource',
    resources: [ringVm('ring1')],
    parameters: PATCHING_PARAMETERS,
    expected: 'nonCompliant',
  },
  {
    definition: SCHEDULED_PATCHING,
    title: 'Ubuntu VM in ring2',
    why: 'no tagValues pair is in the tags, so the if is false: not applicable',
    resources: [ringVm('ring2')],
    parameters: PATCHING_PARAMETERS,
    expected: 'notApplicable',
  },
  {
    definition: SCHEDULED_PATCHING,
    title: 'Ubuntu VM in ring1 outside the selected resource groups',
    why: 'resourceGroup().name is not in the resourceGroups parameter',
    resources: [ringVm('ring1')],
    parameters: { ...PATCHING_PARAMETERS, resourceGroups: ['rg-prod-data'] },
    expected: 'notApplicable',
  },
  {
    definition: UAI_DINE,
    title: 'VM with the built-in user-assigned identity of its region',
    why: 'the related VM (itself) has identity.type containing UserAssigned and the built-in identity ID as a key (containsKey is case-insensitive)',
    resources: [
      vm('vm-web-01', {
        identity: userAssigned(BUILT_IN_IDENTITY_KEY, { type: 'SystemAssigned, UserAssigned' }),
      }),
    ],
    parameters: { bringYourOwnUserAssignedManagedIdentity: false },
    expected: 'compliant',
    effect: 'DeployIfNotExists',
  },
  {
    definition: UAI_DINE,
    title: 'VM with a single user-assigned identity of its own',
    why: 'second branch: identity.type equals UserAssigned and string(length(field(identity.userAssignedIdentities))) equals "1"',
    resources: [
      vm('vm-web-01', {
        identity: userAssigned(`${RG_ID}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-web`),
      }),
    ],
    parameters: { bringYourOwnUserAssignedManagedIdentity: false },
    expected: 'compliant',
  },
  {
    definition: UAI_DINE,
    title: 'VM with a system-assigned identity only',
    why: 'neither branch of existenceCondition holds',
    resources: [
      vm('vm-web-01', {
        identity: {
          type: 'SystemAssigned',
          principalId: '11111111-2222-3333-4444-555555555555',
          tenantId: TENANT_ID,
        },
      }),
    ],
    parameters: { bringYourOwnUserAssignedManagedIdentity: false },
    expected: 'nonCompliant',
  },

  // -- more deployIfNotExists / auditIfNotExists over VM extensions and extension resources
  {
    definition: MDE_DINE,
    title: 'Windows Server VM with MDE.Windows',
    why: 'details.name MDE.Windows selects the extension; publisher, type and state match',
    resources: [winVm('vm-win-01'), vmExtension('vm-win-01', 'MDE.Windows', MDE_EXTENSION)],
    expected: 'compliant',
  },
  {
    definition: MDE_DINE,
    title: 'Windows Server VM without MDE.Windows',
    why: 'no related extension named MDE.Windows',
    resources: [winVm('vm-win-01'), vmExtension('vm-win-01', 'IaaSAntimalware', EXTENSIONS.antimalware)],
    expected: 'nonCompliant',
  },
  {
    definition: MDE_DINE,
    title: 'Windows 10 Enterprise desktop VM',
    why: 'imageSKU contains win10 and the image is not multi-session (evd): the if is false',
    resources: [
      vm('vm-desk-01', {
        image: { publisher: 'MicrosoftWindowsDesktop', offer: 'Windows-10', sku: 'win10-22h2-ent' },
        os: 'Windows',
      }),
    ],
    expected: 'notApplicable',
  },
  {
    definition: MDE_DINE,
    title: 'Windows 10 multi-session (AVD) VM without MDE.Windows',
    why: 'the allOf(MicrosoftWindowsDesktop, sku contains evd) branch keeps multi-session hosts in scope',
    resources: [
      vm('vm-avd-01', {
        image: { publisher: 'MicrosoftWindowsDesktop', offer: 'Windows-10', sku: 'win10-22h2-evd' },
        os: 'Windows',
      }),
    ],
    expected: 'nonCompliant',
  },
  {
    definition: MDE_DINE,
    title: 'Windows Server VM whose publisher is excluded by parameter',
    why: 'imagePublisher in PublishersToExclude and the list is not empty',
    resources: [winVm('vm-win-01')],
    parameters: { PublishersToExclude: ['MicrosoftWindowsServer'] },
    expected: 'notApplicable',
  },
  {
    definition: 'SecureWebProtocol_AINE.json',
    title: 'Windows Server VM whose AuditSecureProtocol assignment is Compliant',
    why: 'parameterHash equals base64("[SecureWebServer]s1;MinimumTLSVersion=1.2"), a literal that starts with "["',
    resources: [
      winVm('vm-win-01'),
      guestAssignment('vm-win-01', 'AuditSecureProtocol', 'Compliant', SECURE_PROTOCOL_HASH),
    ],
    expected: 'compliant',
  },
  {
    definition: 'SecureWebProtocol_AINE.json',
    title: 'Windows Server VM whose AuditSecureProtocol assignment is NonCompliant',
    why: 'complianceStatus must equal Compliant',
    resources: [
      winVm('vm-win-01'),
      guestAssignment('vm-win-01', 'AuditSecureProtocol', 'NonCompliant', SECURE_PROTOCOL_HASH),
    ],
    expected: 'nonCompliant',
  },
  {
    definition: 'LinuxVMEncryption_AINE.json',
    title: 'Ubuntu VM whose encryption assignment is Compliant',
    why: 'the guest assignment AzureLinuxVMEncryptionCompliance reports Compliant',
    resources: [webVm, guestAssignment('vm-web-01', 'AzureLinuxVMEncryptionCompliance', 'Compliant')],
    expected: 'compliant',
  },
  {
    definition: 'LinuxVMEncryption_AINE.json',
    title: 'Ubuntu VM whose encryption assignment is NonCompliant',
    why: 'complianceStatus must equal Compliant',
    resources: [webVm, guestAssignment('vm-web-01', 'AzureLinuxVMEncryptionCompliance', 'NonCompliant')],
    expected: 'nonCompliant',
  },
  {
    definition: 'LinuxVMEncryption_AINE.json',
    title: 'Ubuntu VM of size Standard_A1',
    why: 'sku.name notIn ["standard_a0", "standard_a1", …] compares case-insensitively, so the if is false',
    resources: [vm('vm-small-01', { size: 'Standard_A1' })],
    expected: 'notApplicable',
  },
  {
    definition: 'RecoveryServices_DisasterRecovery_Audit.json',
    title: 'VM replicated by Site Recovery (link ASR-Protect-…)',
    why: 'a Microsoft.Resources/links resource on the VM has a name like ASR-Protect-*',
    resources: [webVm, asrLink('ASR-Protect-vm-web-01')],
    expected: 'compliant',
  },
  {
    definition: 'RecoveryServices_DisasterRecovery_Audit.json',
    title: 'VM without a Site Recovery link',
    why: 'no related link',
    resources: [webVm],
    expected: 'nonCompliant',
  },
  {
    definition: 'DiagnosticSettingsForNSG_DINE.json',
    title: 'NSG with the diagnostic setting "setbypolicy"',
    why: 'the diagnostic setting is an extension resource of the NSG, named as details.name says',
    resources: [networkSecurityGroup('nsg-web', []), nsgDiagnostics('setbypolicy')],
    parameters: { storagePrefix: 'stdiag', rgName: 'rg-diag' },
    expected: 'compliant',
  },
  {
    definition: 'DiagnosticSettingsForNSG_DINE.json',
    title: 'NSG with a diagnostic setting under another name',
    why: 'details.name selects setbypolicy only',
    resources: [networkSecurityGroup('nsg-web', []), nsgDiagnostics('nsg-to-sentinel')],
    parameters: { storagePrefix: 'stdiag', rgName: 'rg-diag' },
    expected: 'nonCompliant',
  },
  {
    definition: 'DiagnosticSettingsForNSG_DINE.json',
    title: 'NSG whose neighbour has the diagnostic setting',
    why: 'extension resources relate to the resource they are attached to',
    resources: [
      networkSecurityGroup('nsg-web', []),
      networkSecurityGroup('nsg-data', []),
      diagnosticsOn(nsgId('nsg-data'), 'setbypolicy'),
    ],
    parameters: { storagePrefix: 'stdiag', rgName: 'rg-diag' },
    expected: 'nonCompliant',
  },
  {
    definition: VA_PROVISIONING,
    title: 'VM whose vulnerability-assessment assessment is NotApplicable',
    why: 'the rule writes "anyof" in lower case (operator names are case-insensitive); existenceCondition accepts NotApplicable',
    resources: [webVm, assessment(webVm.id, 'ffff0522-1e88-47fc-8382-2a80ba848f5d', 'NotApplicable')],
    expected: 'compliant',
  },
  {
    definition: VA_PROVISIONING,
    title: 'VM whose vulnerability-assessment assessment is Unhealthy',
    why: 'neither NotApplicable nor Healthy with the expected cause',
    resources: [webVm, assessment(webVm.id, 'ffff0522-1e88-47fc-8382-2a80ba848f5d', 'Unhealthy')],
    expected: 'nonCompliant',
  },
  {
    definition: VA_PROVISIONING,
    title: 'Arc machine managed by a Defender security connector',
    why: 'tags notContainsKey MDFCSecurityConnector is false, so the if is false',
    resources: [hybridMachine('arc-onprem-01', {}, { MDFCSecurityConnector: 'aws-connector' })],
    expected: 'notApplicable',
  },
  {
    definition: 'ASC_Email_notification.json',
    title: 'subscription whose contact is enabled for alert notifications',
    why: 'isEnabled true and one notificationsSources member has sourceType Alert',
    resources: [subscription(), securityContact(CONTACT)],
    expected: 'compliant',
  },
  {
    definition: 'ASC_Email_notification.json',
    title: 'subscription whose contact is disabled',
    why: 'alertNotifications.state is absent and isEnabled is false',
    resources: [subscription(), securityContact({ ...CONTACT, isEnabled: false })],
    expected: 'nonCompliant',
  },
  {
    definition: RESOURCE_LEVEL_P1,
    title: 'tagged VM with a resource-level Defender for Servers P1 pricing',
    why: 'the pricing is an extension resource of the VM and satisfies pricingTier equals Standard',
    resources: [p1Vm('vm-web-01'), resourcePricing(vmId('vm-web-01'))],
    parameters: P1_PARAMETERS,
    expected: 'compliant',
  },
  {
    definition: RESOURCE_LEVEL_P1,
    title: 'tagged VM whose neighbour has the resource-level pricing',
    why: 'a resource-level pricing belongs to the resource it is attached to, not to its resource group',
    resources: [p1Vm('vm-web-01'), p1Vm('vm-web-02'), resourcePricing(vmId('vm-web-02'))],
    parameters: P1_PARAMETERS,
    expected: 'nonCompliant',
  },
  {
    definition: RESOURCE_LEVEL_P1,
    title: 'VM without the inclusion tag',
    why: 'tags[defender] in ["p1"] is false: not applicable',
    resources: [webVm],
    parameters: P1_PARAMETERS,
    expected: 'notApplicable',
  },

  // -- more audit/deny definitions on compute
  {
    definition: 'ASC_EnableWindowsSB_Audit.json',
    title: 'Trusted Launch Windows VM with Secure Boot off',
    why: 'secureBootEnabled false notEquals "true"',
    resources: [
      winVm('vm-win-tl', {
        securityProfile: {
          uefiSettings: { secureBootEnabled: false, vTpmEnabled: true },
          securityType: 'TrustedLaunch',
        },
      }),
    ],
    expected: 'nonCompliant',
  },
  {
    definition: 'ASC_EnableWindowsSB_Audit.json',
    title: 'Trusted Launch Windows VM with Secure Boot on',
    why: 'secureBootEnabled true',
    resources: [winVm('vm-win-tl', { securityProfile: TRUSTED_LAUNCH })],
    expected: 'compliant',
  },
  {
    definition: 'Arc_Server_PrivateLinkEnabled_Deny.json',
    title: 'Arc machine without a private link scope',
    why: 'privateLinkScopeResourceId exists false',
    resources: [hybridMachine('arc-onprem-01')],
    expected: 'nonCompliant',
    reason: {
      field: 'Microsoft.HybridCompute/machines/privateLinkScopeResourceId',
      path: 'properties.privateLinkScopeResourceId',
      message: 'Current value must exist.',
    },
  },
  {
    definition: 'Arc_Server_PrivateLinkEnabled_Deny.json',
    title: 'Arc machine connected through a private link scope',
    why: 'privateLinkScopeResourceId exists',
    resources: [
      hybridMachine('arc-onprem-01', {
        privateLinkScopeResourceId: `${RG_ID}/providers/Microsoft.HybridCompute/privateLinkScopes/pls-arc`,
      }),
    ],
    expected: 'compliant',
  },
  {
    definition: DES_ALLOWED,
    title: 'unattached disk encrypted with an unapproved disk encryption set',
    why: 'managedBy does not exist and encryption.diskEncryptionSetId is notIn the parameter',
    resources: [
      disk('disk-data-01', {
        encryption: { type: 'EncryptionAtRestWithCustomerKey', diskEncryptionSetId: DES_OTHER },
      }),
    ],
    parameters: { allowedEncryptionSets: [DES_PROD] },
    expected: 'nonCompliant',
  },
  {
    definition: DES_ALLOWED,
    title: 'unattached disk encrypted with the approved disk encryption set',
    why: 'diskEncryptionSetId is in the parameter',
    resources: [
      disk('disk-data-01', {
        encryption: { type: 'EncryptionAtRestWithCustomerKey', diskEncryptionSetId: DES_PROD },
      }),
    ],
    parameters: { allowedEncryptionSets: [DES_PROD] },
    expected: 'compliant',
  },
  {
    definition: DES_ALLOWED,
    title: 'attached disk (managedBy set) with an unapproved set',
    why: 'the disk branch only covers unattached disks (managedBy exists False); attached disks are judged through their VM',
    resources: [
      {
        ...disk('disk-data-01', {
          encryption: { type: 'EncryptionAtRestWithCustomerKey', diskEncryptionSetId: DES_OTHER },
          diskState: 'Attached',
        }),
        managedBy: vmId('vm-web-01'),
      },
    ],
    parameters: { allowedEncryptionSets: [DES_PROD] },
    expected: 'compliant',
  },
  {
    definition: 'DoubleEncryptionRequired_Deny.json',
    title: 'disk encryption set with customer-managed keys only',
    why: 'encryptionType notEquals EncryptionAtRestWithPlatformAndCustomerKeys',
    resources: [diskEncryptionSet('EncryptionAtRestWithCustomerKey')],
    expected: 'nonCompliant',
  },
  {
    definition: 'DoubleEncryptionRequired_Deny.json',
    title: 'disk encryption set with double encryption',
    why: 'encryptionType equals EncryptionAtRestWithPlatformAndCustomerKeys',
    resources: [diskEncryptionSet('EncryptionAtRestWithPlatformAndCustomerKeys')],
    expected: 'compliant',
  },
  // -- field() collects only the values that exist; gallery image versions in Indexed mode
  {
    definition: CMK_REQUIRED,
    title: 'gallery image version encrypted with customer keys in both target regions',
    why: 'as many osDiskImage set IDs as regions, and each region has one data-disk set ID per data disk image',
    resources: [
      galleryImageVersion([region('East US', DES_PROD, DES_PROD), region('West US 2', DES_WEST, DES_WEST)]),
    ],
    expected: 'compliant',
  },
  {
    definition: CMK_REQUIRED,
    title: 'gallery image version whose West US 2 replica has no encryption',
    why: 'field(targetRegions[*].encryption.osDiskImage.diskEncryptionSetId) collects 1 value for 2 regions (arrays: field() over [*])',
    resources: [galleryImageVersion([region('East US', DES_PROD, DES_PROD), region('West US 2')])],
    expected: 'nonCompliant',
  },
  {
    definition: CMK_REQUIRED,
    title: 'gallery image version whose West US 2 replica encrypts the OS disk only',
    why: 'in the count over targetRegions[*], length(current(…dataDiskImages[*].diskEncryptionSetId)) is 0 for West US 2, not 1',
    resources: [galleryImageVersion([region('East US', DES_PROD, DES_PROD), region('West US 2', DES_WEST)])],
    expected: 'nonCompliant',
  },
  {
    definition: CMK_REQUIRED,
    title: 'VM with a customer-key OS disk and an unmanaged data disk',
    why: 'the data-disk branch: length(field(dataDisks)) > 0 and no data disk has managedDisk.id or a disk encryption set',
    resources: [
      vm('vm-cmk-01', {
        osDisk: { managedDisk: { storageAccountType: 'Premium_LRS', diskEncryptionSet: { id: DES_PROD } } },
        dataDisks: [
          {
            lun: 0,
            name: 'vm-cmk-01-data0',
            createOption: 'Empty',
            caching: 'None',
            vhd: { uri: 'https://stcontosovhds.blob.core.windows.net/vhds/vm-cmk-01-data0.vhd' },
            diskSizeGB: 64,
            toBeDetached: false,
          },
        ],
      }),
    ],
    expected: 'nonCompliant',
  },
  {
    definition: CMK_REQUIRED,
    title: 'VM with a customer-key OS disk and a managed data disk',
    why: 'managed data disks are judged as Microsoft.Compute/disks resources; the VM branch covers unmanaged ones only',
    resources: [
      vm('vm-cmk-01', {
        osDisk: { managedDisk: { storageAccountType: 'Premium_LRS', diskEncryptionSet: { id: DES_PROD } } },
        dataDisks: [
          {
            lun: 0,
            name: 'vm-cmk-01-data0',
            createOption: 'Attach',
            caching: 'None',
            managedDisk: {
              storageAccountType: 'Premium_LRS',
              id: `${RG_ID}/providers/Microsoft.Compute/disks/vm-cmk-01-data0`,
            },
            diskSizeGB: 64,
            toBeDetached: false,
          },
        ],
      }),
    ],
    expected: 'compliant',
  },
  {
    definition: CMK_REQUIRED,
    title: 'managed image without a disk encryption set',
    why: 'images/storageProfile.osDisk.diskEncryptionSet.id exists False',
    resources: [managedImage()],
    expected: 'nonCompliant',
  },
  {
    definition: CMK_REQUIRED,
    title: 'managed image whose OS disk uses a disk encryption set',
    why: 'the OS disk set exists and there are no data disks',
    resources: [managedImage({ diskEncryptionSet: { id: DES_PROD } })],
    expected: 'compliant',
  },

  // -- related resources at subscription scope for a subscription-level evaluated resource
  {
    definition: SQL_AMA,
    title: 'Defender for SQL servers on machines with the AMA initiative assigned to the subscription',
    why: 'the evaluated pricing has no resource group, so the related policy assignment is looked up in its subscription',
    resources: [pricing('SqlServerVirtualMachines', 'Standard'), sqlAmaAssignment(SQL_AMA_INITIATIVE)],
    expected: 'compliant',
  },
  {
    definition: SQL_AMA,
    title: 'Defender for SQL servers on machines without the AMA initiative',
    why: 'no related policy assignment',
    resources: [pricing('SqlServerVirtualMachines', 'Standard')],
    expected: 'nonCompliant',
  },
  {
    definition: SQL_AMA,
    title: 'Defender for SQL servers on machines with another initiative assigned',
    why: 'the assignment fails policyDefinitionId equals either AMA initiative',
    resources: [
      pricing('SqlServerVirtualMachines', 'Standard'),
      sqlAmaAssignment(
        '/providers/Microsoft.Authorization/policySetDefinitions/1f3afdf9-d0c9-4c3d-847f-89da613e70a8',
      ),
    ],
    expected: 'nonCompliant',
  },
  {
    definition: SQL_AMA,
    title: 'Defender for SQL servers on machines on the Free tier',
    why: 'pricingTier equals "standard" is false, so the if is false: not applicable',
    resources: [pricing('SqlServerVirtualMachines', 'Free')],
    expected: 'notApplicable',
  },
  {
    definition: 'ASC_Automatic_provisioning_log_analytics_monitoring_agent.json',
    title: 'subscription with auto provisioning On, effect AuditIfNotExists',
    why: 'the subscription-level autoProvisioningSettings resource has autoProvision On',
    resources: [subscription(), autoProvisioning('On')],
    parameters: { effect: 'AuditIfNotExists' },
    expected: 'compliant',
  },
  {
    definition: 'ASC_Automatic_provisioning_log_analytics_monitoring_agent.json',
    title: 'subscription with auto provisioning Off, effect AuditIfNotExists',
    why: 'autoProvision must equal On',
    resources: [subscription(), autoProvisioning('Off')],
    parameters: { effect: 'AuditIfNotExists' },
    expected: 'nonCompliant',
  },

  // -- Arc machines under the machine configuration baselines
  {
    definition: WINDOWS_BASELINE,
    title: 'Windows Arc machine with IncludeArcMachines and a Compliant baseline assignment',
    why: 'HybridCompute/imageOffer (properties.osName) is like windows*; the alias of the uncovered VMware branch is never needed',
    resources: [windowsArc(), arcAssignment('AzureWindowsBaseline', 'Compliant', WINDOWS_BASELINE_HASH)],
    parameters: { IncludeArcMachines: 'true' },
    expected: 'compliant',
  },
  {
    definition: WINDOWS_BASELINE,
    title: 'Windows Arc machine with IncludeArcMachines and no assignment',
    why: 'no related guest configuration assignment',
    resources: [windowsArc()],
    parameters: { IncludeArcMachines: 'true' },
    expected: 'nonCompliant',
  },
  {
    definition: WINDOWS_BASELINE,
    title: 'Windows Arc machine with the default IncludeArcMachines "false"',
    why: 'the Arc branch needs the parameter to equal "true": not applicable',
    resources: [windowsArc(), arcAssignment('AzureWindowsBaseline', 'NonCompliant', WINDOWS_BASELINE_HASH)],
    expected: 'notApplicable',
  },
  {
    definition: WINDOWS_BASELINE,
    title: 'Windows Server VM whose baseline assignment is NonCompliant',
    why: 'complianceStatus must equal Compliant',
    resources: [
      winVm('vm-win-01'),
      guestAssignment('vm-win-01', 'AzureWindowsBaseline', 'NonCompliant', WINDOWS_BASELINE_HASH),
    ],
    expected: 'nonCompliant',
  },
  {
    definition: 'WindowsDefenderExploitGuard_AINE.json',
    title: 'Windows Server VM whose Exploit Guard assignment is Compliant',
    why: 'parameterHash is base64 of the bracketed configuration name and NotAvailableMachineState=Compliant',
    resources: [
      winVm('vm-win-01'),
      guestAssignment('vm-win-01', 'WindowsDefenderExploitGuard', 'Compliant', EXPLOIT_GUARD_HASH),
    ],
    expected: 'compliant',
  },
  {
    definition: 'WindowsDefenderExploitGuard_AINE.json',
    title: 'Windows Server VM whose assignment ran with NotAvailableMachineState Non-Compliant',
    why: 'the reported parameterHash differs from the one the assigned parameters give',
    resources: [
      winVm('vm-win-01'),
      guestAssignment('vm-win-01', 'WindowsDefenderExploitGuard', 'Compliant', EXPLOIT_GUARD_HASH),
    ],
    parameters: { NotAvailableMachineState: 'Non-Compliant' },
    expected: 'nonCompliant',
  },
  {
    definition: SSH,
    title: 'a default security rule (AllowVnetInBound) of an NSG',
    why: 'default rules are Microsoft.Network/networkSecurityGroups/defaultSecurityRules, not securityRules: not applicable',
    resources: [networkSecurityGroup('nsg-web', [])],
    subject: `${nsgId('nsg-web')}/defaultSecurityRules/AllowVnetInBound`,
    expected: 'notApplicable',
  },
  // -- IDs and types in the casing other sources use
  {
    definition: JIT,
    title: 'VM whose Healthy JIT assessment comes from Resource Graph with a lower-cased ID',
    why: 'resource IDs are case-insensitive, so the assessment is still attached to the VM',
    resources: [webVm, lowerCased(assessment(webVm.id, JIT_KEY, 'Healthy'))],
    expected: 'compliant',
  },
  {
    definition: DEFENDER_SERVERS,
    title: 'subscription and Defender plan as Resource Graph rows (resourcecontainers, securityresources)',
    why: 'the subscription row is named by its display name and both types are lower case; lookups go by ID and type, case-insensitively',
    resources: [
      { ...subscription(), name: 'Contoso Production', type: 'microsoft.resources/subscriptions' },
      lowerCased(pricing('VirtualMachines', 'Standard', { subPlan: 'P2' })),
    ],
    expected: 'compliant',
  },
  {
    definition: 'NetworkWatcher_Enabled_Audit.json',
    title: 'eastus VNet with Network Watchers for westus and eastus',
    why: 'one related resource satisfying existenceCondition is enough (aine)',
    resources: [virtualNetwork('vnet-prod'), networkWatcher('westus'), networkWatcher('eastus')],
    expected: 'compliant',
  },
  {
    definition: 'ASC_Email_notification.json',
    title: 'subscription whose contact uses the 2020-01-01-preview shape (alertNotifications.state On)',
    why: 'the alertNotifications alias reads properties.alertNotifications.state',
    resources: [
      subscription(),
      securityContact({
        emails: 'secops@contoso.com',
        alertNotifications: { state: 'On', minimalSeverity: 'High' },
        notificationsByRole: { state: 'On', roles: ['Owner'] },
      }),
    ],
    expected: 'compliant',
  },
  {
    definition: VA_PROVISIONING,
    title: 'Arc machine without the connector tag, vulnerability assessment Unhealthy',
    why: 'tags notContainsKey MDFCSecurityConnector holds for an Arc machine without it; the assessment fails existenceCondition',
    resources: [
      hybridMachine('arc-onprem-01'),
      assessment(hybridMachine('arc-onprem-01').id, 'ffff0522-1e88-47fc-8382-2a80ba848f5d', 'Unhealthy'),
    ],
    expected: 'nonCompliant',
  },
  {
    definition: 'InheritTag_Append.json',
    title: 'VM without the tag in a resource group that has it',
    why: 'tags[costCenter] does not exist and resourceGroup().tags[costCenter] is not empty, so append applies',
    resources: [vm('vm-web-01'), resourceGroup(RESOURCE_GROUP, { costCenter: 'cc-1234' })],
    parameters: { tagName: 'costCenter' },
    expected: 'nonCompliant',
  },
  {
    definition: 'InheritTag_Append.json',
    title: 'VM without the tag in a resource group that lacks it too',
    why: 'a missing member in a policy expression reads as an empty string (as field() does), so the value condition is false',
    resources: [vm('vm-web-01'), resourceGroup(RESOURCE_GROUP, { purpose: 'web' })],
    parameters: { tagName: 'costCenter' },
    expected: 'compliant',
  },
  {
    definition: 'InheritTag_Append.json',
    title: 'VM that already carries the tag',
    why: 'tags[costCenter] exists',
    resources: [
      vm('vm-web-01', { tags: { costCenter: 'cc-9' } }),
      resourceGroup(RESOURCE_GROUP, { costCenter: 'cc-1234' }),
    ],
    parameters: { tagName: 'costCenter' },
    expected: 'compliant',
  },
];
