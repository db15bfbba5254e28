import type { Resource } from '../../../src/inventory/resource.ts';
import type { JsonObject } from '../../../src/util/json.ts';
import {
  EXTENSIONS,
  type ExtensionOptions,
  IMAGES,
  type Image,
  RG_ID,
  TRUSTED_LAUNCH,
  type VmOptions,
  vm,
  vmExtension,
} from '../../support/arm-resources.ts';
import {
  CONFIDENTIAL_VM,
  managedDataDisk,
  nestedExtension,
  SYSTEM_ASSIGNED,
  USER_ASSIGNED,
} from '../../support/compute-resources.ts';

/**
 * Virtual machines in the shapes ARM GET and Resource Graph return, chosen for where a check can
 * go wrong: images Microsoft's definitions include or exclude, Gen1 and Gen2, specialized disks
 * without an osProfile, custom and gallery images, confidential VMs, partial securityProfiles,
 * Ultra Disks, managed resource groups, and extensions that failed or carry odd casing.
 */

const ADE_LINUX: ExtensionOptions = {
  publisher: 'Microsoft.Azure.Security',
  type: 'AzureDiskEncryptionForLinux',
  typeHandlerVersion: '1.4',
};
const ADE_WINDOWS: ExtensionOptions = {
  publisher: 'Microsoft.Azure.Security',
  type: 'AzureDiskEncryption',
  typeHandlerVersion: '2.2',
};
const AMA_WINDOWS: ExtensionOptions = {
  publisher: 'Microsoft.Azure.Monitor',
  type: 'AzureMonitorWindowsAgent',
  typeHandlerVersion: '1.22',
};

const MORE_IMAGES = {
  rhel6: { publisher: 'RedHat', offer: 'RHEL', sku: '6.10' },
  centos7: { publisher: 'OpenLogic', offer: 'CentOS', sku: '7_9-gen2' },
  sles11: { publisher: 'SUSE', offer: 'SLES', sku: '11-SP4' },
  sles15: { publisher: 'SUSE', offer: 'sles-15-sp5', sku: 'gen2' },
  ubuntu12: { publisher: 'Canonical', offer: 'UbuntuServer', sku: '12.04.5-LTS' },
  ubuntu2404: { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server' },
  debian12: { publisher: 'Debian', offer: 'debian-12', sku: '12-gen2' },
  oracle8: { publisher: 'Oracle', offer: 'Oracle-Linux', sku: 'ol88-lvm-gen2' },
  almalinux: { publisher: 'almalinux', offer: 'almalinux-x86_64', sku: '9-gen2' },
  rockyCiq: { publisher: 'ciq', offer: 'rocky', sku: 'rocky-9' },
  databricks: { publisher: 'AzureDatabricks', offer: 'databricks', sku: 'databricksworker' },
  aro: { publisher: 'azureopenshift', offer: 'aro4', sku: 'aro_414' },
  windowsClient: { publisher: 'MicrosoftWindowsDesktop', offer: 'windows-11', sku: 'win11-23h2-ent' },
  windowsMultiSession: {
    publisher: 'MicrosoftWindowsDesktop',
    offer: 'office-365',
    sku: 'win11-23h2-avd-m365',
  },
  sql2019: { publisher: 'MicrosoftSQLServer', offer: 'sql2019-ws2022', sku: 'enterprise-gen2' },
  sqlOnUbuntu: { publisher: 'MicrosoftSQLServer', offer: 'sql2019-ubuntu2004', sku: 'enterprise' },
  cisWindows: {
    publisher: 'center-for-internet-security-inc',
    offer: 'cis-windows-server-2019-v1-0-0-l1',
    sku: 'cis-ws2019-l1',
  },
  cisUbuntu: {
    publisher: 'center-for-internet-security-inc',
    offer: 'cis-ubuntu-linux-2204-l1',
    sku: 'cis-ubuntu2204-l1',
  },
  sql2008: { publisher: 'MicrosoftSQLServer', offer: 'SQL2008R2SP3-WS2008R2SP1', sku: 'Enterprise' },
  windows2016Core: {
    publisher: 'MicrosoftWindowsServer',
    offer: 'WindowsServer',
    sku: '2016-Datacenter-Server-Core',
  },
  windows2012: { publisher: 'MicrosoftWindowsServer', offer: 'WindowsServer', sku: '2012-R2-Datacenter' },
  windows2025: {
    publisher: 'MicrosoftWindowsServer',
    offer: 'WindowsServer',
    sku: '2025-datacenter-azure-edition',
  },
  windowsHpc: { publisher: 'MicrosoftWindowsServerHPCPack', offer: 'WindowsServerHPCPack', sku: '2012R2' },
  lowercasePublisher: {
    publisher: 'canonical',
    offer: '0001-com-ubuntu-server-jammy',
    sku: '22_04-lts-gen2',
  },
} satisfies Record<string, Image>;

const GALLERY_IMAGE = {
  id: `${RG_ID}/providers/Microsoft.Compute/galleries/gal_golden/images/ubuntu-hardened/versions/1.4.0`,
};
const MANAGED_IMAGE = { id: `${RG_ID}/providers/Microsoft.Compute/images/img-golden-2025-10` };

/**
 * A VM as an ARM template declares it before deployment: no osType on the OS disk and no
 * linuxConfiguration or windowsConfiguration; only the marketplace image says which OS it runs.
 */
function templateShape(image: Image, options: VmOptions = {}): VmOptions {
  return {
    ...options,
    image,
    osDisk: { osType: undefined },
    properties: { osProfile: { linuxConfiguration: undefined, windowsConfiguration: undefined } },
  };
}

interface Shape {
  name: string;
  options?: VmOptions;
  extensions?: ExtensionOptions[];
}

const TL_SECURE_BOOT_OFF: JsonObject = {
  uefiSettings: { secureBootEnabled: false, vTpmEnabled: true },
  securityType: 'TrustedLaunch',
};
const TL_VTPM_OFF: JsonObject = {
  uefiSettings: { secureBootEnabled: true, vTpmEnabled: false },
  securityType: 'TrustedLaunch',
};
const TL_NO_UEFI: JsonObject = { securityType: 'TrustedLaunch' };
const CONFIDENTIAL_SB_OFF: JsonObject = {
  uefiSettings: { secureBootEnabled: false, vTpmEnabled: true },
  securityType: 'ConfidentialVM',
};

const SHAPES: Shape[] = [
  // Linux
  { name: 'lx-plain-gen2' },
  { name: 'lx-gen1-1804', options: { image: IMAGES.ubuntu1804 } },
  { name: 'lx-tl', options: { securityProfile: TRUSTED_LAUNCH } },
  {
    name: 'lx-tl-full',
    options: {
      securityProfile: { ...TRUSTED_LAUNCH, encryptionAtHost: true },
      identity: SYSTEM_ASSIGNED,
    },
    extensions: [EXTENSIONS.linuxGuestAttestation, EXTENSIONS.azureMonitorLinux, EXTENSIONS.guestConfigLinux],
  },
  { name: 'lx-tl-sb-off', options: { securityProfile: TL_SECURE_BOOT_OFF } },
  { name: 'lx-tl-vtpm-off', options: { securityProfile: TL_VTPM_OFF } },
  { name: 'lx-tl-no-uefi', options: { securityProfile: TL_NO_UEFI } },
  // A template whose parameters are strings: ARM converts "true" to a boolean when it deploys.
  {
    name: 'lx-tl-string-booleans',
    options: {
      securityProfile: {
        securityType: 'TrustedLaunch',
        uefiSettings: { secureBootEnabled: 'true', vTpmEnabled: 'True' },
        encryptionAtHost: 'true',
      },
    },
  },
  { name: 'lx-eah-only', options: { securityProfile: { encryptionAtHost: true } } },
  { name: 'lx-empty-secprofile', options: { securityProfile: {} } },
  { name: 'lx-cvm', options: { size: 'Standard_DC2as_v5', securityProfile: CONFIDENTIAL_VM } },
  { name: 'lx-cvm-sb-off', options: { size: 'Standard_DC2as_v5', securityProfile: CONFIDENTIAL_SB_OFF } },
  {
    name: 'lx-specialized',
    options: {
      osDisk: { createOption: 'Attach' },
      properties: { osProfile: undefined, storageProfile: { imageReference: undefined } },
    },
  },
  {
    name: 'lx-specialized-tl',
    options: {
      securityProfile: TRUSTED_LAUNCH,
      osDisk: { createOption: 'Attach' },
      properties: { osProfile: undefined, storageProfile: { imageReference: undefined } },
    },
  },
  { name: 'lx-managed-image', options: { image: MANAGED_IMAGE } },
  { name: 'lx-gallery-image', options: { image: GALLERY_IMAGE, securityProfile: TRUSTED_LAUNCH } },
  { name: 'lx-rhel8', options: { image: IMAGES.rhel8 } },
  { name: 'lx-rhel6', options: { image: MORE_IMAGES.rhel6 } },
  { name: 'lx-centos7', options: { image: MORE_IMAGES.centos7 } },
  { name: 'lx-sles11', options: { image: MORE_IMAGES.sles11 } },
  { name: 'lx-sles15', options: { image: MORE_IMAGES.sles15 } },
  { name: 'lx-ubuntu12', options: { image: MORE_IMAGES.ubuntu12 } },
  { name: 'lx-ubuntu2404', options: { image: MORE_IMAGES.ubuntu2404, securityProfile: TRUSTED_LAUNCH } },
  { name: 'lx-debian12', options: { image: MORE_IMAGES.debian12 } },
  { name: 'lx-oracle8', options: { image: MORE_IMAGES.oracle8 } },
  { name: 'lx-alma', options: { image: MORE_IMAGES.almalinux } },
  { name: 'lx-rocky-ciq', options: { image: MORE_IMAGES.rockyCiq } },
  { name: 'lx-lowercase-publisher', options: { image: MORE_IMAGES.lowercasePublisher } },
  {
    name: 'lx-databricks',
    options: { image: MORE_IMAGES.databricks, group: 'databricks-rg-ws-analytics-x3k2p' },
  },
  { name: 'lx-aro', options: { image: MORE_IMAGES.aro, group: 'aro-infra-cl1' } },
  { name: 'lx-aks', options: { image: IMAGES.aksNode, group: 'MC_rg-aks_aks-prod_eastus' } },
  { name: 'lx-sql-on-ubuntu', options: { image: MORE_IMAGES.sqlOnUbuntu, securityProfile: TRUSTED_LAUNCH } },
  { name: 'lx-cis-ubuntu', options: { image: MORE_IMAGES.cisUbuntu } },
  { name: 'lx-template', options: templateShape(IMAGES.ubuntu2204, { securityProfile: TRUSTED_LAUNCH }) },
  { name: 'lx-template-rhel8', options: templateShape(IMAGES.rhel8) },
  { name: 'lx-paloalto', options: { image: IMAGES.paloAlto } },
  { name: 'lx-fortigate', options: { image: IMAGES.fortigate } },
  {
    name: 'lx-ultra',
    options: { properties: { additionalCapabilities: { ultraSSDEnabled: true } } },
  },
  {
    name: 'lx-ultra-off',
    options: {
      properties: { additionalCapabilities: { ultraSSDEnabled: false, hibernationEnabled: false } },
    },
  },
  { name: 'lx-basic-a1', options: { size: 'Basic_A1', image: IMAGES.ubuntu1804 } },
  {
    name: 'lx-ephemeral',
    options: {
      osDisk: { diffDiskSettings: { option: 'Local', placement: 'ResourceDisk' }, caching: 'ReadOnly' },
    },
  },
  {
    name: 'lx-unmanaged',
    options: {
      image: IMAGES.ubuntu1804,
      osDisk: {
        managedDisk: undefined,
        vhd: { uri: 'https://stlegacyvhds.blob.core.windows.net/vhds/lx-unmanaged-os.vhd' },
      },
    },
  },
  {
    name: 'lx-password',
    options: {
      properties: {
        osProfile: { linuxConfiguration: { disablePasswordAuthentication: false, ssh: undefined } },
      },
    },
  },
  {
    name: 'lx-password-and-keys',
    options: { properties: { osProfile: { linuxConfiguration: { disablePasswordAuthentication: false } } } },
  },
  { name: 'lx-ade', extensions: [ADE_LINUX] },
  { name: 'lx-ade-failed', extensions: [{ ...ADE_LINUX, provisioningState: 'Failed' }] },
  {
    name: 'lx-ade-ultra',
    options: { properties: { additionalCapabilities: { ultraSSDEnabled: true } } },
    extensions: [ADE_LINUX],
  },
  {
    name: 'lx-tl-ga-failed',
    options: { securityProfile: TRUSTED_LAUNCH },
    extensions: [{ ...EXTENSIONS.linuxGuestAttestation, provisioningState: 'Failed' }],
  },
  {
    name: 'lx-gc-sami',
    options: { identity: SYSTEM_ASSIGNED },
    extensions: [EXTENSIONS.guestConfigLinux, EXTENSIONS.azureMonitorLinux],
  },
  { name: 'lx-gc-uami', options: { identity: USER_ASSIGNED }, extensions: [EXTENSIONS.guestConfigLinux] },
  {
    name: 'lx-gc-both',
    options: {
      identity: { ...SYSTEM_ASSIGNED, ...USER_ASSIGNED, type: 'SystemAssigned, UserAssigned' },
    },
    extensions: [EXTENSIONS.guestConfigLinux],
  },
  { name: 'lx-gc-no-identity', extensions: [EXTENSIONS.guestConfigLinux] },
  {
    name: 'lx-gc-failed',
    options: { identity: SYSTEM_ASSIGNED },
    extensions: [{ ...EXTENSIONS.guestConfigLinux, provisioningState: 'Failed' }],
  },
  { name: 'lx-ama-failed', extensions: [{ ...EXTENSIONS.azureMonitorLinux, provisioningState: 'Failed' }] },
  { name: 'lx-oms-only', extensions: [EXTENSIONS.omsAgentLinux] },
  // Extensions listed in the VM's own `resources`, as `az vm show` returns them.
  {
    name: 'lx-nested-ade',
    options: {
      extensions: [
        nestedExtension(
          'lx-nested-ade',
          'AzureDiskEncryptionForLinux',
          'Microsoft.Azure.Security',
          'AzureDiskEncryptionForLinux',
        ),
      ],
    },
  },
  {
    name: 'lx-tl-nested-ga-gc',
    options: {
      securityProfile: TRUSTED_LAUNCH,
      identity: SYSTEM_ASSIGNED,
      extensions: [
        nestedExtension(
          'lx-tl-nested-ga-gc',
          'GuestAttestation',
          'Microsoft.Azure.Security.LinuxAttestation',
          'GuestAttestation',
        ),
        nestedExtension(
          'lx-tl-nested-ga-gc',
          'AzurePolicyforLinux',
          'Microsoft.GuestConfiguration',
          'ConfigurationForLinux',
        ),
        nestedExtension(
          'lx-tl-nested-ga-gc',
          'AzureMonitorLinuxAgent',
          'Microsoft.Azure.Monitor',
          'AzureMonitorLinuxAgent',
          'Failed',
        ),
      ],
    },
  },
  { name: 'lx-data-disks', options: { dataDisks: [managedDataDisk('lx-data-disks', 0)] } },

  // Windows
  { name: 'win-plain', options: { image: IMAGES.windows2022 } },
  { name: 'win-2019-gen1', options: { image: IMAGES.windows2019 } },
  { name: 'win-2016-core', options: { image: MORE_IMAGES.windows2016Core } },
  { name: 'win-2012', options: { image: MORE_IMAGES.windows2012 } },
  { name: 'win-2008', options: { image: IMAGES.windows2008 } },
  { name: 'win-2025-tl', options: { image: MORE_IMAGES.windows2025, securityProfile: TRUSTED_LAUNCH } },
  {
    name: 'win-tl-full',
    options: {
      image: IMAGES.windows2022,
      securityProfile: { ...TRUSTED_LAUNCH, encryptionAtHost: true },
      identity: SYSTEM_ASSIGNED,
    },
    extensions: [EXTENSIONS.windowsGuestAttestation, AMA_WINDOWS, EXTENSIONS.guestConfigWindows],
  },
  { name: 'win-tl-sb-off', options: { image: IMAGES.windows2022, securityProfile: TL_SECURE_BOOT_OFF } },
  { name: 'win-tl-vtpm-off', options: { image: IMAGES.windows2022, securityProfile: TL_VTPM_OFF } },
  { name: 'win-tl-no-uefi', options: { image: IMAGES.windows2022, securityProfile: TL_NO_UEFI } },
  {
    name: 'win-cvm',
    options: { image: IMAGES.windows2022, size: 'Standard_DC2as_v5', securityProfile: CONFIDENTIAL_VM },
  },
  {
    name: 'win-cvm-sb-off',
    options: { image: IMAGES.windows2022, size: 'Standard_DC2as_v5', securityProfile: CONFIDENTIAL_SB_OFF },
  },
  { name: 'win-client', options: { image: MORE_IMAGES.windowsClient, securityProfile: TRUSTED_LAUNCH } },
  { name: 'win-avd', options: { image: MORE_IMAGES.windowsMultiSession, securityProfile: TRUSTED_LAUNCH } },
  { name: 'win-sql2019', options: { image: MORE_IMAGES.sql2019, os: 'Windows' } },
  { name: 'win-sql2008', options: { image: MORE_IMAGES.sql2008, os: 'Windows' } },
  { name: 'win-hpc', options: { image: MORE_IMAGES.windowsHpc, os: 'Windows' } },
  {
    name: 'win-specialized',
    options: {
      os: 'Windows',
      osDisk: { createOption: 'Attach' },
      properties: { osProfile: undefined, storageProfile: { imageReference: undefined } },
    },
  },
  { name: 'win-managed-image', options: { os: 'Windows', image: MANAGED_IMAGE } },
  { name: 'win-ade', options: { image: IMAGES.windows2022 }, extensions: [ADE_WINDOWS] },
  {
    name: 'win-ade-failed',
    options: { image: IMAGES.windows2022 },
    extensions: [{ ...ADE_WINDOWS, provisioningState: 'Failed' }],
  },
  {
    name: 'win-ultra',
    options: { image: IMAGES.windows2022, properties: { additionalCapabilities: { ultraSSDEnabled: true } } },
  },
  {
    name: 'win-license-client',
    options: { image: MORE_IMAGES.windowsClient, properties: { licenseType: 'Windows_Client' } },
  },
  {
    name: 'win-gc-sami',
    options: { image: IMAGES.windows2022, identity: SYSTEM_ASSIGNED },
    extensions: [EXTENSIONS.guestConfigWindows, AMA_WINDOWS],
  },
  {
    name: 'win-nested-ade-gc',
    options: {
      image: IMAGES.windows2022,
      identity: USER_ASSIGNED,
      extensions: [
        nestedExtension(
          'win-nested-ade-gc',
          'AzureDiskEncryption',
          'Microsoft.Azure.Security',
          'AzureDiskEncryption',
        ),
        nestedExtension(
          'win-nested-ade-gc',
          'AzurePolicyforWindows',
          'Microsoft.GuestConfiguration',
          'ConfigurationforWindows',
        ),
      ],
    },
  },
  {
    name: 'win-cis',
    options: { image: MORE_IMAGES.cisWindows, os: 'Windows', securityProfile: TRUSTED_LAUNCH },
  },
  { name: 'win-template', options: templateShape(IMAGES.windows2022, { securityProfile: TRUSTED_LAUNCH }) },
  { name: 'win-template-2019', options: templateShape(IMAGES.windows2019) },
  {
    name: 'win-aks',
    options: {
      image: { publisher: 'microsoft-aks', offer: 'aks-windows', sku: 'aks-windows-2022' },
      os: 'Windows',
      group: 'MC_rg-aks_aks-prod_eastus',
    },
  },
];

export function vmEstate(): Resource[] {
  const out: Resource[] = [];
  for (const shape of SHAPES) {
    out.push(vm(shape.name, shape.options));
    for (const [i, ext] of (shape.extensions ?? []).entries())
      out.push(vmExtension(shape.name, `${ext.type}-${i}`, ext));
  }
  return out;
}
