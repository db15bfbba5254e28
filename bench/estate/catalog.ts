/**
 * The vocabulary the estate generator draws from: marketplace images, VM sizes,
 * VM extensions, regions, Defender plans and Defender assessment keys, spelled
 * exactly as Azure spells them (casing included, e.g. ConfigurationForLinux but
 * ConfigurationforWindows).
 */

export type OsType = 'Linux' | 'Windows';

export interface MarketplaceImage {
  os: OsType;
  publisher: string;
  offer: string;
  sku: string;
  /** A version string as `exactVersion` reports it. */
  exactVersion: string;
  /** Gen2 images can run as Trusted Launch (secure boot + vTPM). */
  generation: 'V1' | 'V2';
  osName: string;
  osVersion: string;
  weight: number;
}

export const IMAGES: readonly MarketplaceImage[] = [
  {
    os: 'Windows',
    publisher: 'MicrosoftWindowsServer',
    offer: 'WindowsServer',
    sku: '2022-datacenter-azure-edition',
    exactVersion: '20348.2527.240606',
    generation: 'V2',
    osName: 'Windows Server 2022 Datacenter Azure Edition',
    osVersion: '10.0.20348.2527',
    weight: 14,
  },
  {
    os: 'Windows',
    publisher: 'MicrosoftWindowsServer',
    offer: 'WindowsServer',
    sku: '2025-datacenter-azure-edition',
    exactVersion: '26100.2314.241107',
    generation: 'V2',
    osName: 'Windows Server 2025 Datacenter Azure Edition',
    osVersion: '10.0.26100.2314',
    weight: 5,
  },
  {
    os: 'Windows',
    publisher: 'MicrosoftWindowsServer',
    offer: 'WindowsServer',
    sku: '2019-datacenter-gensecond',
    exactVersion: '17763.6054.240703',
    generation: 'V2',
    osName: 'Windows Server 2019 Datacenter',
    osVersion: '10.0.17763.6054',
    weight: 8,
  },
  {
    os: 'Windows',
    publisher: 'MicrosoftWindowsServer',
    offer: 'WindowsServer',
    sku: '2016-Datacenter',
    exactVersion: '14393.7155.240607',
    generation: 'V1',
    osName: 'Windows Server 2016 Datacenter',
    osVersion: '10.0.14393.7155',
    weight: 5,
  },
  {
    os: 'Windows',
    publisher: 'MicrosoftSQLServer',
    offer: 'sql2019-ws2019',
    sku: 'standard',
    exactVersion: '15.0.240515',
    generation: 'V1',
    osName: 'Windows Server 2019 Datacenter',
    osVersion: '10.0.17763.5820',
    weight: 4,
  },
  {
    os: 'Windows',
    publisher: 'MicrosoftSQLServer',
    offer: 'sql2022-ws2022',
    sku: 'enterprise-gen2',
    exactVersion: '16.0.240612',
    generation: 'V2',
    osName: 'Windows Server 2022 Datacenter',
    osVersion: '10.0.20348.2461',
    weight: 3,
  },
  {
    os: 'Linux',
    publisher: 'Canonical',
    offer: '0001-com-ubuntu-server-jammy',
    sku: '22_04-lts-gen2',
    exactVersion: '22.04.202406140',
    generation: 'V2',
    osName: 'ubuntu',
    osVersion: '22.04',
    weight: 18,
  },
  {
    os: 'Linux',
    publisher: 'Canonical',
    offer: 'ubuntu-24_04-lts',
    sku: 'server',
    exactVersion: '24.04.202409120',
    generation: 'V2',
    osName: 'ubuntu',
    osVersion: '24.04',
    weight: 8,
  },
  {
    os: 'Linux',
    publisher: 'Canonical',
    offer: '0001-com-ubuntu-server-focal',
    sku: '20_04-lts-gen2',
    exactVersion: '20.04.202406050',
    generation: 'V2',
    osName: 'ubuntu',
    osVersion: '20.04',
    weight: 6,
  },
  {
    os: 'Linux',
    publisher: 'Canonical',
    offer: 'UbuntuServer',
    sku: '18.04-LTS',
    exactVersion: '18.04.202306070',
    generation: 'V1',
    osName: 'ubuntu',
    osVersion: '18.04',
    weight: 3,
  },
  {
    os: 'Linux',
    publisher: 'RedHat',
    offer: 'RHEL',
    sku: '8-lvm-gen2',
    exactVersion: '8.10.2024070513',
    generation: 'V2',
    osName: 'redhat',
    osVersion: '8.10',
    weight: 7,
  },
  {
    os: 'Linux',
    publisher: 'RedHat',
    offer: 'RHEL',
    sku: '9-lvm-gen2',
    exactVersion: '9.4.2024061314',
    generation: 'V2',
    osName: 'redhat',
    osVersion: '9.4',
    weight: 5,
  },
  {
    os: 'Linux',
    publisher: 'OpenLogic',
    offer: 'CentOS',
    sku: '7_9',
    exactVersion: '7.9.2022101800',
    generation: 'V1',
    osName: 'centos',
    osVersion: '7.9.2009',
    weight: 2,
  },
  {
    os: 'Linux',
    publisher: 'Debian',
    offer: 'debian-12',
    sku: '12-gen2',
    exactVersion: '0.20240717.1811',
    generation: 'V2',
    osName: 'debian',
    osVersion: '12.6',
    weight: 4,
  },
  {
    os: 'Linux',
    publisher: 'SUSE',
    offer: 'sles-15-sp5',
    sku: 'gen2',
    exactVersion: '2024.06.04',
    generation: 'V2',
    osName: 'sles',
    osVersion: '15.5',
    weight: 2,
  },
  {
    os: 'Linux',
    publisher: 'MicrosoftCBLMariner',
    offer: 'cbl-mariner',
    sku: 'cbl-mariner-2-gen2',
    exactVersion: '2.20240628.01',
    generation: 'V2',
    osName: 'mariner',
    osVersion: '2.0.20240628',
    weight: 2,
  },
];

export interface VmSize {
  name: string;
  weight: number;
}

export const VM_SIZES: readonly VmSize[] = [
  { name: 'Standard_D2s_v5', weight: 20 },
  { name: 'Standard_D4s_v5', weight: 14 },
  { name: 'Standard_D8s_v5', weight: 5 },
  { name: 'Standard_D2as_v5', weight: 8 },
  { name: 'Standard_E4s_v5', weight: 6 },
  { name: 'Standard_E8ds_v5', weight: 3 },
  { name: 'Standard_B2ms', weight: 10 },
  { name: 'Standard_B2s', weight: 8 },
  { name: 'Standard_B1s', weight: 4 },
  { name: 'Standard_F4s_v2', weight: 4 },
  { name: 'Standard_DS2_v2', weight: 6 },
  { name: 'Standard_D4s_v3', weight: 5 },
  { name: 'Standard_NC6s_v3', weight: 1 },
  { name: 'Standard_M64s', weight: 1 },
];

export interface ExtensionKind {
  /** The extension resource name the portal or CLI gives it by default. */
  name: string;
  publisher: string;
  type: string;
  typeHandlerVersion: string;
  automaticUpgrade: boolean;
  /** Static settings; `azureResourceId` and `workspaceId`, when present, are filled per VM. */
  settings: Record<string, string | boolean | number>;
  weight: number;
}

export const LINUX_EXTENSIONS: readonly ExtensionKind[] = [
  {
    name: 'AzureMonitorLinuxAgent',
    publisher: 'Microsoft.Azure.Monitor',
    type: 'AzureMonitorLinuxAgent',
    typeHandlerVersion: '1.33',
    automaticUpgrade: true,
    settings: {},
    weight: 10,
  },
  {
    name: 'AzurePolicyforLinux',
    publisher: 'Microsoft.GuestConfiguration',
    type: 'ConfigurationForLinux',
    typeHandlerVersion: '1.26',
    automaticUpgrade: true,
    settings: {},
    weight: 7,
  },
  {
    name: 'GuestAttestation',
    publisher: 'Microsoft.Azure.Security.LinuxAttestation',
    type: 'GuestAttestation',
    typeHandlerVersion: '1.0',
    automaticUpgrade: true,
    settings: {
      AttestationEndpointCfg: '',
      MaaEndpoint: '',
      MaaTenantName: 'GuestAttestation',
      disableAlerts: 'false',
      useAlternateToken: 'false',
    },
    weight: 5,
  },
  {
    name: 'MDE.Linux',
    publisher: 'Microsoft.Azure.AzureDefenderForServers',
    type: 'MDE.Linux',
    typeHandlerVersion: '1.0',
    automaticUpgrade: false,
    settings: { autoUpdate: true, azureResourceId: '', forceReOnboarding: false, vNextEnabled: true },
    weight: 6,
  },
  {
    name: 'CustomScript',
    publisher: 'Microsoft.Azure.Extensions',
    type: 'CustomScript',
    typeHandlerVersion: '2.1',
    automaticUpgrade: false,
    settings: {},
    weight: 5,
  },
  {
    name: 'OmsAgentForLinux',
    publisher: 'Microsoft.EnterpriseCloud.Monitoring',
    type: 'OmsAgentForLinux',
    typeHandlerVersion: '1.19',
    automaticUpgrade: false,
    settings: { workspaceId: '', stopOnMultipleConnections: false },
    weight: 2,
  },
  {
    name: 'DependencyAgentLinux',
    publisher: 'Microsoft.Azure.Monitoring.DependencyAgent',
    type: 'DependencyAgentLinux',
    typeHandlerVersion: '9.10',
    automaticUpgrade: true,
    settings: { enableAMA: 'true' },
    weight: 2,
  },
  {
    name: 'AADSSHLoginForLinux',
    publisher: 'Microsoft.Azure.ActiveDirectory',
    type: 'AADSSHLoginForLinux',
    typeHandlerVersion: '1.0',
    automaticUpgrade: false,
    settings: {},
    weight: 2,
  },
];

export const WINDOWS_EXTENSIONS: readonly ExtensionKind[] = [
  {
    name: 'AzureMonitorWindowsAgent',
    publisher: 'Microsoft.Azure.Monitor',
    type: 'AzureMonitorWindowsAgent',
    typeHandlerVersion: '1.22',
    automaticUpgrade: true,
    settings: {},
    weight: 10,
  },
  {
    name: 'AzurePolicyforWindows',
    publisher: 'Microsoft.GuestConfiguration',
    type: 'ConfigurationforWindows',
    typeHandlerVersion: '1.29',
    automaticUpgrade: true,
    settings: {},
    weight: 7,
  },
  {
    name: 'GuestAttestation',
    publisher: 'Microsoft.Azure.Security.WindowsAttestation',
    type: 'GuestAttestation',
    typeHandlerVersion: '1.0',
    automaticUpgrade: true,
    settings: {
      AttestationConfig: '',
      MaaEndpoint: '',
      MaaTenantName: 'GuestAttestation',
      disableAlerts: 'false',
      useAlternateToken: 'false',
    },
    weight: 5,
  },
  {
    name: 'MDE.Windows',
    publisher: 'Microsoft.Azure.AzureDefenderForServers',
    type: 'MDE.Windows',
    typeHandlerVersion: '1.0',
    automaticUpgrade: false,
    settings: { autoUpdate: true, azureResourceId: '', forceReOnboarding: false, vNextEnabled: true },
    weight: 6,
  },
  {
    name: 'IaaSAntimalware',
    publisher: 'Microsoft.Azure.Security',
    type: 'IaaSAntimalware',
    typeHandlerVersion: '1.3',
    automaticUpgrade: false,
    settings: { AntimalwareEnabled: true, RealtimeProtectionEnabled: 'true', ScheduledScanSettings: '' },
    weight: 4,
  },
  {
    name: 'CustomScriptExtension',
    publisher: 'Microsoft.Compute',
    type: 'CustomScriptExtension',
    typeHandlerVersion: '1.10',
    automaticUpgrade: false,
    settings: {},
    weight: 4,
  },
  {
    name: 'MicrosoftMonitoringAgent',
    publisher: 'Microsoft.EnterpriseCloud.Monitoring',
    type: 'MicrosoftMonitoringAgent',
    typeHandlerVersion: '1.0',
    automaticUpgrade: false,
    settings: { workspaceId: '', stopOnMultipleConnections: false },
    weight: 2,
  },
  {
    name: 'BGInfo',
    publisher: 'Microsoft.Compute',
    type: 'BGInfo',
    typeHandlerVersion: '2.2',
    automaticUpgrade: false,
    settings: {},
    weight: 2,
  },
];

export interface Region {
  name: string;
  short: string;
  displayName: string;
}

export const REGIONS: readonly Region[] = [
  { name: 'eastus', short: 'eus', displayName: 'East US' },
  { name: 'eastus2', short: 'eus2', displayName: 'East US 2' },
  { name: 'westus3', short: 'wus3', displayName: 'West US 3' },
  { name: 'centralus', short: 'cus', displayName: 'Central US' },
  { name: 'westeurope', short: 'weu', displayName: 'West Europe' },
  { name: 'northeurope', short: 'neu', displayName: 'North Europe' },
  { name: 'uksouth', short: 'uks', displayName: 'UK South' },
  { name: 'southeastasia', short: 'sea', displayName: 'Southeast Asia' },
  { name: 'australiaeast', short: 'aue', displayName: 'Australia East' },
];

export const APPS: readonly string[] = [
  'payments',
  'orders',
  'crm',
  'billing',
  'hr',
  'portal',
  'search',
  'analytics',
  'inventory',
  'shipping',
  'identity',
  'catalog',
  'reporting',
  'ledger',
  'gateway',
  'media',
  'chat',
  'telemetry',
  'etl',
  'wiki',
];

export const ENVIRONMENTS: readonly (readonly [string, number])[] = [
  ['prod', 5],
  ['stg', 2],
  ['dev', 3],
  ['test', 2],
  ['uat', 1],
];

export const OWNERS: readonly string[] = [
  'platform-team@contoso.com',
  'app-team@contoso.com',
  'data-eng@contoso.com',
  'infra-ops@contoso.com',
  'web-team@contoso.com',
];

/** Defender for Cloud plan names as `Microsoft.Security/pricings` resources are named. */
export const DEFENDER_PLANS: readonly string[] = [
  'VirtualMachines',
  'SqlServers',
  'AppServices',
  'StorageAccounts',
  'SqlServerVirtualMachines',
  'KeyVaults',
  'Arm',
  'OpenSourceRelationalDatabases',
  'CosmosDbs',
  'Containers',
  'CloudPosture',
  'Api',
];

/**
 * Defender for Cloud assessment keys and display names for VMs, from the compute
 * and networking recommendation references (see /work/shared/AZURE-FACTS.md,
 * "Defender recommendations for VMs", docs at ms.date 2024-03-13).
 */
export const ASSESSMENTS = {
  jit: {
    key: '805651bc-6ecd-4c73-9b55-97a19d0582d0',
    displayName:
      'Management ports of virtual machines should be protected with just-in-time network access control',
  },
  sshKeys: {
    key: '22441184-2f7b-d4a0-e00b-4c5eaef4afc9',
    displayName: 'Authentication to Linux machines should require SSH keys',
  },
  encryptionAtHost: {
    key: 'efbbd784-656d-473a-9863-ea7693bfcd2a',
    displayName: 'Virtual machines and virtual machine scale sets should have encryption at host enabled',
  },
  backup: {
    key: 'f2f595ec-5dc6-68b4-82ef-b63563e9c610',
    displayName: 'Azure Backup should be enabled for virtual machines',
  },
  guestAttestation: {
    key: 'b7604066-ed76-45f9-a5c1-c97e4812dc55',
    displayName: 'Virtual machines guest attestation status should be healthy',
  },
  systemUpdates: {
    key: 'e1145ab1-eb4f-43d8-911b-36ddf771d13f',
    displayName: 'System updates should be installed on your machines (powered by Update Center)',
  },
  ipForwarding: {
    key: 'c3b51c94-588b-426b-a892-24696f9e54cc',
    displayName: 'IP forwarding on your virtual machine should be disabled',
  },
  vulnerabilityAssessment: {
    key: 'ffff0522-1e88-47fc-8382-2a80ba848f5d',
    displayName: 'Machines should have a vulnerability assessment solution',
  },
} as const;

export type AssessmentKind = keyof typeof ASSESSMENTS;
