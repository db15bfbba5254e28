import {
  DEFAULT_ALLOWED_SIZES,
  DEFAULT_APPROVED_EXTENSIONS,
} from '../../../src/benchmark/recommendations/governance.ts';
import type { Resource } from '../../../src/inventory/resource.ts';
import type { JsonObject, JsonValue } from '../../../src/util/json.ts';
import { withGuestReports } from './guest-state.ts';
import {
  assessedEstate,
  backupEstate,
  diskEstate,
  diskKindEstate,
  governanceEstate,
  networkEstate,
  nicEstate,
  nsgEstate,
} from './resource-estates.ts';
import { subscriptionEstate } from './subscription-estate.ts';
import { vmEstate } from './vm-estate.ts';

/**
 * A Vigil recommendation and the Microsoft built-in definition it mirrors, run on the same estate.
 * `differences` names the resources where the two disagree on whether the resource is flagged, each
 * with the reason; every reason is a deliberate difference the recommendation's description or
 * docs/benchmark.md states.
 */
export interface BuiltInPair {
  recommendation: string;
  /** File name under shared/corpora/azure-policy/definitions. */
  builtIn: string;
  /** Values for the built-in's parameters where it has no default (Vigil's defaults, for a like-for-like run). */
  parameters?: Record<string, JsonValue>;
  estate: () => Resource[];
  differences?: Record<string, string>;
  /** Maps a resource the built-in judges to the one Vigil judges, where they differ. */
  subjectOf?: (builtInResourceId: string) => string;
}

/** An NSG's security rule → the NSG. */
function parentNsg(id: string): string {
  const at = id.toLowerCase().indexOf('/securityrules/');
  return at < 0 ? id : id.slice(0, at);
}

function props(r: Resource): JsonObject {
  return (r.properties ?? {}) as JsonObject;
}

function securityProfile(vm: Resource): JsonObject {
  return (props(vm).securityProfile ?? {}) as JsonObject;
}

/** A succeeded extension of the type, listed as its own resource or in the VM's `resources`. */
function hasExtension(vm: Resource, all: readonly Resource[], type: string): boolean {
  const prefix = `${vm.id}/extensions/`.toLowerCase();
  const nested = Array.isArray(vm.resources) ? (vm.resources as Resource[]) : [];
  return [...all, ...nested].some(
    (r) =>
      r.id.toLowerCase().startsWith(prefix) &&
      props(r).type === type &&
      props(r).provisioningState === 'Succeeded',
  );
}

function osType(vm: Resource): unknown {
  const storage = (props(vm).storageProfile ?? {}) as JsonObject;
  return ((storage.osDisk ?? {}) as JsonObject).osType;
}

/** What the guest reports for Azure Disk Encryption: encrypted at host, or by the ADE extension. */
function adeReports(type: string) {
  return (vm: Resource, all: readonly Resource[]) =>
    String(securityProfile(vm).encryptionAtHost).toLowerCase() === 'true' || hasExtension(vm, all, type);
}

/** What the guest reports for SSH: no password sign-in (a Windows machine has no sshd to fault). */
function sshReports(vm: Resource): boolean {
  if (osType(vm) === 'Windows') return true;
  const linux = ((props(vm).osProfile as JsonObject | undefined)?.linuxConfiguration ?? {}) as JsonObject;
  return linux.disablePasswordAuthentication === true;
}

// Why a pair may disagree on purpose; each is stated in the recommendation's description or in
// docs/benchmark.md ("Where Vigil still differs, on purpose").
const CVM_TRUSTED_LAUNCH =
  'a confidential VM with Secure Boot and vTPM passes; Microsoft flags every security type but TrustedLaunch';
const PUBLISHER_LEVEL = "Vigil follows Microsoft's list of supported images at the publisher level";
const NO_OS_PROFILE =
  'no osProfile (specialized disk): Vigil reads the VM model and passes it, Microsoft reads sshd in the guest';
const OS_BY_OS_TYPE =
  'Vigil takes the OS from the OS disk; Microsoft takes every MicrosoftSQLServer image for Windows, SQL Server on Linux too';
const STALE_IMAGE_LIST =
  "a template Trusted Launch VM of a release Microsoft's Guest Attestation list does not name (Ubuntu 22.04)";
const NOT_ASSESSED =
  "no Defender assessment in the snapshot: Vigil says not assessed, Microsoft's definition non-compliant";
const OWNER_ROLE =
  "alert e-mails to owners need the Owner role and alert notifications on; Microsoft's definition flags only role notifications off with minimal severity High";
const EMAIL_ADDRESS =
  "an address needs an @; Microsoft's definition accepts any non-empty value and a contact without emails";
const UDP_SSH = "SSH counts TCP only; Microsoft's definition counts any protocol";
const ANY_PREFIX =
  "0.0.0.0/0 and ::/0 are the internet too; Microsoft's definitions count '*' and 'Internet' only";
const SETBYPOLICY =
  "a setting counts by what it sends, whatever its name; Microsoft's definition looks only for the one named setbypolicy";
const DATA_DISKS = "unmanaged data disks count; Microsoft's definition reads the OS disk only";

/** Every VM shape, with the disk layouts that tell managed from unmanaged disks apart. */
function allVms(): Resource[] {
  return [...vmEstate(), ...diskKindEstate()];
}

const NOT_ASSESSED_VM = { 'vm-not-assessed': NOT_ASSESSED };

export const PAIRS: BuiltInPair[] = [
  // ---- compute
  {
    recommendation: 'vm-encryption-at-host',
    builtIn: 'HostBasedEncryptionRequired_Deny.json',
    estate: allVms,
  },
  {
    recommendation: 'linux-vm-disk-encryption',
    builtIn: 'LinuxVMEncryption_AINE.json',
    estate: () =>
      withGuestReports(
        allVms(),
        'AzureLinuxVMEncryptionCompliance',
        adeReports('AzureDiskEncryptionForLinux'),
      ),
  },
  {
    recommendation: 'windows-vm-disk-encryption',
    builtIn: 'WindowsVMEncryption_AINE.json',
    estate: () =>
      withGuestReports(allVms(), 'AzureWindowsVMEncryptionCompliance', adeReports('AzureDiskEncryption')),
    differences: { 'lx-sql-on-ubuntu': OS_BY_OS_TYPE },
  },
  {
    recommendation: 'vm-trusted-launch',
    builtIn: 'VirtualMachine_Should_Have_TrustedLaunch enabled.json',
    estate: allVms,
    differences: { 'lx-cvm': CVM_TRUSTED_LAUNCH, 'win-cvm': CVM_TRUSTED_LAUNCH },
  },
  { recommendation: 'windows-vm-secure-boot', builtIn: 'ASC_EnableWindowsSB_Audit.json', estate: allVms },
  { recommendation: 'vm-vtpm', builtIn: 'ASC_EnableVTPM_Audit.json', estate: allVms },
  {
    recommendation: 'linux-guest-attestation',
    builtIn: 'ASC_InstallLinuxGAExtOnVm_Audit.json',
    estate: allVms,
    differences: { 'lx-template': STALE_IMAGE_LIST },
  },
  {
    recommendation: 'windows-guest-attestation',
    builtIn: 'ASC_InstallWindowsGAExtOnVm_Audit.json',
    estate: allVms,
  },
  { recommendation: 'guest-configuration-extension', builtIn: 'ASC_GCExtOnVm.json', estate: allVms },
  {
    recommendation: 'guest-configuration-managed-identity',
    builtIn: 'ASC_GCExtOnVmWithNoSAMI.json',
    estate: allVms,
  },
  // Microsoft audits passwords and keys in one guest configuration definition: both pair with it.
  ...['linux-vm-password-authentication-disabled', 'linux-vm-ssh-keys'].map((recommendation) => ({
    recommendation,
    builtIn: 'LinuxNoPasswordForSSH_AINE.json',
    estate: () => withGuestReports(allVms(), 'LinuxNoPasswordForSSH', sshReports),
    differences: { 'lx-specialized': NO_OS_PROFILE, 'lx-specialized-tl': NO_OS_PROFILE },
  })),
  {
    recommendation: 'vm-managed-disks',
    builtIn: 'VMRequireManagedDisk_Audit.json',
    estate: allVms,
    differences: { 'vm-unmanaged-data': DATA_DISKS },
  },
  { recommendation: 'vm-managed-identity', builtIn: 'Identity_Audit.json', estate: allVms },

  // ---- monitoring
  {
    recommendation: 'linux-vm-azure-monitor-agent',
    builtIn: 'AzureMonitor_Agent_Linux_VM_Audit.json',
    estate: allVms,
    differences: { 'lx-rocky-ciq': PUBLISHER_LEVEL },
  },
  {
    recommendation: 'windows-vm-azure-monitor-agent',
    builtIn: 'AzureMonitor_Agent_Windows_VM_Audit.json',
    estate: allVms,
    differences: {
      'win-client': PUBLISHER_LEVEL,
      'win-avd': PUBLISHER_LEVEL,
      'win-license-client': PUBLISHER_LEVEL,
      'win-sql2008': PUBLISHER_LEVEL,
    },
  },
  {
    recommendation: 'vm-periodic-update-assessment',
    builtIn: 'AzUpdateMgmtCenter_AutoAssessmentMode_Audit.json',
    estate: allVms,
    differences: {
      'lx-rhel6': PUBLISHER_LEVEL,
      'lx-sles11': PUBLISHER_LEVEL,
      'lx-cis-ubuntu': PUBLISHER_LEVEL,
    },
  },
  {
    recommendation: 'system-updates-installed',
    builtIn: 'ASC_MissingSystemUpdatesV2_Audit.json',
    estate: () => assessedEstate('e1145ab1-eb4f-43d8-911b-36ddf771d13f'),
    differences: NOT_ASSESSED_VM,
  },
  {
    recommendation: 'vulnerability-assessment-solution',
    builtIn: 'ASC_ServerVulnerabilityAssessment_Audit.json',
    estate: () => assessedEstate('ffff0522-1e88-47fc-8382-2a80ba848f5d'),
    differences: NOT_ASSESSED_VM,
  },

  // ---- disks
  {
    recommendation: 'disk-customer-managed-key',
    builtIn: 'OSAndDataDiskCMKRequired_Deny.json',
    estate: () => [...allVms(), ...diskEstate()],
  },
  {
    recommendation: 'disk-double-encryption',
    builtIn: 'DoubleEncryptionRequired_Deny.json',
    estate: diskEstate,
  },
  {
    recommendation: 'disk-public-network-access',
    builtIn: 'Disks_ExportLimitNetworkAccess_Audit.json',
    estate: diskEstate,
  },
  {
    recommendation: 'disk-data-access-auth-mode',
    builtIn: 'Disks_DataAccessAuthMode_Modify.json',
    estate: diskEstate,
  },

  // ---- network, backup
  { recommendation: 'nic-no-public-ip', builtIn: 'NetworkPublicIPNic_Deny.json', estate: nicEstate },
  {
    recommendation: 'vm-backup-enabled',
    builtIn: 'VirtualMachines_EnableAzureBackup_Audit.json',
    estate: backupEstate,
  },

  // ---- Defender plans and security contacts
  ...(
    [
      ['defender-for-servers', 'ASC_EnableAdvancedThreatProtectionOnVM_Audit.json'],
      [
        'defender-for-sql-servers-on-machines',
        'ASC_EnableAdvancedDataSecurityOnSqlServerVirtualMachines_Audit.json',
      ],
      ['defender-for-key-vault', 'ASC_EnableAdvancedThreatProtectionOnKeyVaults_Audit.json'],
      ['defender-for-resource-manager', 'ASC_EnableAzureDefenderOnResourceManager_Audit.json'],
      ['defender-for-containers', 'ASC_EnableAdvancedThreatProtectionOnContainers_Audit.json'],
      ['defender-for-storage', 'MDC_Microsoft_Defender_For_Storage_Full_Audit.json'],
      ['security-alert-notifications', 'ASC_Email_notification.json'],
    ] as const
  ).map(([recommendation, builtIn]) => ({ recommendation, builtIn, estate: subscriptionEstate })),
  {
    recommendation: 'security-contact-email',
    builtIn: 'ASC_Security_contact_email.json',
    estate: subscriptionEstate,
    differences: {
      'storage-malware-only-contact-without-emails': EMAIL_ADDRESS,
      'contact-not-an-address': EMAIL_ADDRESS,
    },
  },
  {
    recommendation: 'security-alert-owner-notifications',
    builtIn: 'ASC_Email_notification_to_subscription_owner.json',
    estate: subscriptionEstate,
    differences: Object.fromEntries(
      [
        'servers-p1-storage-classic-contact-disabled',
        'contact-low-severity-roles-off',
        'contact-account-admin-only',
        'contact-2020-roles-off',
        'contact-attack-paths-only',
      ].map((name) => [name, OWNER_ROLE]),
    ),
  },

  {
    recommendation: 'nsg-ssh-from-internet',
    builtIn: 'NetworkSecurityGroup_SSHAccess_Audit.json',
    estate: () => nsgEstate(22),
    subjectOf: parentNsg,
    differences: {
      'nsg-udp-from-any': UDP_SSH,
      'nsg-range-from-zero-slash-zero': ANY_PREFIX,
      'nsg-from-ipv6-any': ANY_PREFIX,
    },
  },
  {
    recommendation: 'nsg-rdp-from-internet',
    builtIn: 'NetworkSecurityGroup_RDPAccess_Audit.json',
    estate: () => nsgEstate(3389),
    subjectOf: parentNsg,
    differences: { 'nsg-range-from-zero-slash-zero': ANY_PREFIX, 'nsg-from-ipv6-any': ANY_PREFIX },
  },

  {
    recommendation: 'network-watcher-enabled',
    builtIn: 'NetworkWatcher_Enabled_Audit.json',
    estate: networkEstate,
  },
  {
    recommendation: 'nsg-flow-logs',
    builtIn: 'NetworkSecurityGroup_FlowLog_Audit.json',
    estate: networkEstate,
  },
  {
    recommendation: 'vnet-flow-logs',
    builtIn: 'VirtualNetwork_FlowLog_Audit.json',
    estate: networkEstate,
  },
  {
    recommendation: 'nsg-diagnostic-settings',
    builtIn: 'DiagnosticSettingsForNSG_DINE.json',
    parameters: { storagePrefix: 'nsglogs', rgName: 'rg-logs' },
    estate: networkEstate,
    differences: { 'nsg-diag-all-logs': SETBYPOLICY, 'nsg-diag-one-category': SETBYPOLICY },
  },

  // ---- governance
  { recommendation: 'classic-vms', builtIn: 'ClassicCompute_Audit.json', estate: governanceEstate },
  {
    recommendation: 'vm-allowed-sizes',
    builtIn: 'VMSkusAllowed_Deny.json',
    parameters: { listOfAllowedSKUs: DEFAULT_ALLOWED_SIZES },
    estate: governanceEstate,
  },
  {
    recommendation: 'vm-approved-extensions',
    builtIn: 'VirtualMachines_ApprovedExtensions_Audit.json',
    parameters: { approvedExtensions: DEFAULT_APPROVED_EXTENSIONS },
    estate: governanceEstate,
  },
];
