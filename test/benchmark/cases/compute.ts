import {
  EXTENSIONS,
  IMAGES,
  RG_ID,
  TENANT_ID,
  TRUSTED_LAUNCH,
  vm,
  vmExtension,
  vmId,
} from '../../support/arm-resources.ts';
import {
  CONFIDENTIAL_VM,
  nestedExtension,
  SYSTEM_ASSIGNED,
  USER_ASSIGNED,
  vhdDataDisk,
} from '../../support/compute-resources.ts';
import type { RecommendationCase } from './types.ts';

const ADE_LINUX = ['Microsoft.Azure.Security', 'AzureDiskEncryptionForLinux'] as const;
const ADE_WINDOWS = ['Microsoft.Azure.Security', 'AzureDiskEncryption'] as const;

/** A VM built from a managed image in the subscription (a custom image): no publisher, offer or SKU. */
const CUSTOM_IMAGE = { id: `${RG_ID}/providers/Microsoft.Compute/images/img-golden-2025-10` };

/**
 * A VM as an ARM template declares it before deployment: no osType on the OS disk and no
 * linuxConfiguration/windowsConfiguration, only the marketplace image says which OS it runs.
 */
function templateVm(name: string, image: (typeof IMAGES)[keyof typeof IMAGES]) {
  return vm(name, {
    image,
    osDisk: { osType: undefined },
    properties: { osProfile: { linuxConfiguration: undefined, windowsConfiguration: undefined } },
  });
}

/** A VM created by attaching a specialized OS disk: ARM returns no osProfile and no imageReference. */
function specializedVm(name: string) {
  return vm(name, {
    osDisk: { createOption: 'Attach' },
    properties: { osProfile: undefined, storageProfile: { imageReference: undefined } },
  });
}

const WINDOWS_TL = { image: IMAGES.windows2022, securityProfile: TRUSTED_LAUNCH };

// Nodes their services create and manage: Microsoft's definitions leave them out of scope.
const DATABRICKS_WORKER = { publisher: 'AzureDatabricks', offer: 'databricks', sku: 'databricksworker' };
const ARO_NODE = { publisher: 'azureopenshift', offer: 'aro4', sku: 'aro_414' };
const LINUX_TL = { securityProfile: TRUSTED_LAUNCH };

export const computeCases: RecommendationCase[] = [
  // ---- vm-encryption-at-host
  {
    recommendation: 'vm-encryption-at-host',
    title: 'Trusted Launch VM with encryption at host',
    resources: [vm('vm-eah', { securityProfile: { ...TRUSTED_LAUNCH, encryptionAtHost: true } })],
    expected: 'healthy',
  },
  {
    recommendation: 'vm-encryption-at-host',
    title: 'VM without a securityProfile',
    resources: [vm('vm-plain')],
    expected: 'unhealthy',
    evidence: 'encryptionAtHost',
  },
  {
    recommendation: 'vm-encryption-at-host',
    title: 'VM with encryption at host explicitly off',
    resources: [vm('vm-eah-off', { securityProfile: { ...TRUSTED_LAUNCH, encryptionAtHost: false } })],
    expected: 'unhealthy',
  },

  // ---- linux-vm-disk-encryption
  {
    recommendation: 'linux-vm-disk-encryption',
    title: 'Linux VM with the ADE extension listed in its resources',
    resources: [
      vm('vm-ade', { extensions: [nestedExtension('vm-ade', 'AzureDiskEncryptionForLinux', ...ADE_LINUX)] }),
    ],
    expected: 'healthy',
  },
  {
    recommendation: 'linux-vm-disk-encryption',
    title: 'Linux VM with the ADE extension as its own resource',
    resources: [
      vm('vm-ade2'),
      vmExtension('vm-ade2', 'AzureDiskEncryptionForLinux', {
        publisher: ADE_LINUX[0],
        type: ADE_LINUX[1],
        typeHandlerVersion: '1.4',
      }),
    ],
    expected: 'healthy',
  },
  {
    recommendation: 'linux-vm-disk-encryption',
    title: 'Linux VM with only a monitoring agent',
    resources: [
      vm('vm-noade', {
        extensions: [
          nestedExtension(
            'vm-noade',
            'AzureMonitorLinuxAgent',
            'Microsoft.Azure.Monitor',
            'AzureMonitorLinuxAgent',
          ),
        ],
      }),
    ],
    expected: 'unhealthy',
    evidence: 'extensions/publisher',
  },
  {
    recommendation: 'linux-vm-disk-encryption',
    title: 'Linux VM whose ADE extension failed',
    resources: [
      vm('vm-adefail', {
        extensions: [nestedExtension('vm-adefail', 'AzureDiskEncryptionForLinux', ...ADE_LINUX, 'Failed')],
      }),
    ],
    expected: 'unhealthy',
  },
  {
    recommendation: 'linux-vm-disk-encryption',
    title: 'Linux VM from a custom image (OS known from the OS disk only)',
    resources: [vm('vm-custom', { image: CUSTOM_IMAGE, os: 'Linux' })],
    expected: 'unhealthy',
  },
  {
    recommendation: 'linux-vm-disk-encryption',
    title: 'Ubuntu VM in a template without osType or linuxConfiguration (OS known from the publisher)',
    resources: [templateVm('vm-tpl-ubuntu', IMAGES.ubuntu2204)],
    expected: 'unhealthy',
  },
  {
    recommendation: 'linux-vm-disk-encryption',
    title: 'Linux VM with encryption at host is out of scope',
    resources: [vm('vm-lin-eah', { securityProfile: { ...TRUSTED_LAUNCH, encryptionAtHost: true } })],
    expected: 'notApplicable',
  },
  {
    recommendation: 'linux-vm-disk-encryption',
    title: 'confidential Linux VM is out of scope',
    resources: [vm('vm-cvm', { size: 'Standard_DC4as_v5', securityProfile: CONFIDENTIAL_VM })],
    expected: 'notApplicable',
  },
  // Out of scope in Microsoft's LinuxVMEncryption_AINE (ca88aadc-6e2b-416c-9de2-5a0f01d1693f) as well.
  {
    recommendation: 'linux-vm-disk-encryption',
    title: 'Linux VM with Ultra Disks enabled (ADE does not support them) is out of scope',
    resources: [vm('vm-ultra', { properties: { additionalCapabilities: { ultraSSDEnabled: true } } })],
    expected: 'notApplicable',
  },
  {
    recommendation: 'linux-vm-disk-encryption',
    title: 'RHEL 6.10 VM (image ADE does not support) is out of scope',
    resources: [vm('vm-rhel6', { image: { publisher: 'RedHat', offer: 'RHEL', sku: '6.10' } })],
    expected: 'notApplicable',
  },
  {
    recommendation: 'linux-vm-disk-encryption',
    title: 'Ubuntu 12.04 VM is out of scope',
    resources: [
      vm('vm-ubuntu12', { image: { publisher: 'Canonical', offer: 'UbuntuServer', sku: '12.04.5-LTS' } }),
    ],
    expected: 'notApplicable',
  },
  {
    recommendation: 'linux-vm-disk-encryption',
    title: 'Azure Red Hat OpenShift node is out of scope',
    resources: [vm('aro-worker-eastus1-7xk2p', { image: ARO_NODE, group: 'aro-infra-cluster01' })],
    expected: 'notApplicable',
  },
  {
    recommendation: 'linux-vm-disk-encryption',
    title: 'RHEL 8 VM without ADE is still in scope',
    resources: [vm('vm-rhel8', { image: IMAGES.rhel8 })],
    expected: 'unhealthy',
  },
  {
    recommendation: 'linux-vm-disk-encryption',
    title: 'Windows VM is out of scope',
    resources: [vm('vm-win', { image: IMAGES.windows2022 })],
    expected: 'notApplicable',
  },
  {
    recommendation: 'linux-vm-disk-encryption',
    title: 'Windows Server template VM is out of scope (OS known from the publisher)',
    resources: [templateVm('vm-tpl-win', IMAGES.windows2019)],
    expected: 'notApplicable',
  },

  // ---- windows-vm-disk-encryption
  {
    recommendation: 'windows-vm-disk-encryption',
    title: 'Windows VM with the ADE (BitLocker) extension',
    resources: [
      vm('vm-wade', {
        image: IMAGES.windows2022,
        extensions: [nestedExtension('vm-wade', 'AzureDiskEncryption', ...ADE_WINDOWS)],
      }),
    ],
    expected: 'healthy',
  },
  {
    recommendation: 'windows-vm-disk-encryption',
    title: 'Windows VM with neither ADE nor encryption at host',
    resources: [vm('vm-wnone', { image: IMAGES.windows2019 })],
    expected: 'unhealthy',
    evidence: 'No related resources',
  },
  {
    recommendation: 'windows-vm-disk-encryption',
    title: 'Windows VM with the Linux ADE extension type only',
    resources: [
      vm('vm-wwrong', {
        image: IMAGES.windows2022,
        extensions: [nestedExtension('vm-wwrong', 'ade', ...ADE_LINUX)],
      }),
    ],
    expected: 'unhealthy',
  },
  {
    recommendation: 'windows-vm-disk-encryption',
    title: 'Windows VM from a custom image declared in a template (windowsConfiguration, no osType)',
    resources: [
      vm('vm-wtpl', {
        image: CUSTOM_IMAGE,
        os: 'Windows',
        osDisk: { osType: undefined },
      }),
    ],
    expected: 'unhealthy',
  },
  {
    recommendation: 'windows-vm-disk-encryption',
    title: 'Windows VM with encryption at host is out of scope',
    resources: [
      vm('vm-weah', { ...WINDOWS_TL, securityProfile: { ...TRUSTED_LAUNCH, encryptionAtHost: true } }),
    ],
    expected: 'notApplicable',
  },
  // Out of scope in Microsoft's WindowsVMEncryption_AINE (3dc5edcd-002d-444c-b216-e123bbfa37c0) as well.
  {
    recommendation: 'windows-vm-disk-encryption',
    title: 'Windows Server 2008 R2 VM (image ADE does not support) is out of scope',
    resources: [vm('vm-w2008', { image: IMAGES.windows2008 })],
    expected: 'notApplicable',
  },
  {
    recommendation: 'windows-vm-disk-encryption',
    title: 'SQL Server 2008 R2 on Windows Server 2008 R2 is out of scope',
    resources: [
      vm('vm-sql2008', {
        os: 'Windows',
        image: { publisher: 'MicrosoftSQLServer', offer: 'SQL2008R2SP3-WS2008R2SP1', sku: 'Standard' },
      }),
    ],
    expected: 'notApplicable',
  },
  {
    recommendation: 'windows-vm-disk-encryption',
    title: 'Windows VM with Ultra Disks enabled is out of scope',
    resources: [
      vm('vm-wultra', {
        image: IMAGES.windows2022,
        properties: { additionalCapabilities: { ultraSSDEnabled: true, hibernationEnabled: false } },
      }),
    ],
    expected: 'notApplicable',
  },
  {
    recommendation: 'windows-vm-disk-encryption',
    title: 'Windows VM with Ultra Disks explicitly off is in scope',
    resources: [
      vm('vm-wultra-off', {
        image: IMAGES.windows2022,
        properties: { additionalCapabilities: { ultraSSDEnabled: false } },
      }),
    ],
    expected: 'unhealthy',
  },
  {
    recommendation: 'windows-vm-disk-encryption',
    title: 'Linux VM is out of scope',
    resources: [vm('vm-lnx')],
    expected: 'notApplicable',
  },
  {
    recommendation: 'windows-vm-disk-encryption',
    title: 'Basic_A1 Windows VM (size ADE does not support) is out of scope',
    resources: [vm('vm-wbasic', { image: IMAGES.windows2019, size: 'Basic_A1' })],
    expected: 'notApplicable',
  },

  // ---- vm-trusted-launch
  {
    recommendation: 'vm-trusted-launch',
    title: 'Trusted Launch VM',
    resources: [vm('vm-tl', LINUX_TL)],
    expected: 'healthy',
  },
  {
    recommendation: 'vm-trusted-launch',
    title: 'confidential VM',
    resources: [vm('vm-cvm2', { securityProfile: CONFIDENTIAL_VM })],
    expected: 'healthy',
  },
  {
    recommendation: 'vm-trusted-launch',
    title: 'Standard security type (no securityProfile)',
    resources: [vm('vm-std')],
    expected: 'unhealthy',
    evidence: 'securityType',
  },
  // Microsoft's definition (c95b54ad-0614-4633-ab29-104b01235cbf) wants Secure Boot and the vTPM on as well.
  {
    recommendation: 'vm-trusted-launch',
    title: 'Trusted Launch VM with Secure Boot off (custom kernel modules)',
    resources: [
      vm('vm-tl-nosb', {
        securityProfile: {
          securityType: 'TrustedLaunch',
          uefiSettings: { secureBootEnabled: false, vTpmEnabled: true },
        },
      }),
    ],
    expected: 'unhealthy',
    evidence: 'secureBootEnabled',
  },
  {
    recommendation: 'vm-trusted-launch',
    title: 'Trusted Launch VM with the vTPM off',
    resources: [
      vm('vm-tl-notpm', {
        securityProfile: {
          securityType: 'TrustedLaunch',
          uefiSettings: { secureBootEnabled: true, vTpmEnabled: false },
        },
      }),
    ],
    expected: 'unhealthy',
    evidence: 'vTpmEnabled',
  },
  {
    recommendation: 'vm-trusted-launch',
    title: 'securityProfile with encryption at host but no security type',
    resources: [vm('vm-std2', { securityProfile: { encryptionAtHost: true } })],
    expected: 'unhealthy',
  },

  // ---- windows-vm-secure-boot
  {
    recommendation: 'windows-vm-secure-boot',
    title: 'Windows Trusted Launch VM with Secure Boot',
    resources: [vm('vm-wsb', WINDOWS_TL)],
    expected: 'healthy',
  },
  {
    recommendation: 'windows-vm-secure-boot',
    title: 'Windows Trusted Launch VM with Secure Boot off',
    resources: [
      vm('vm-wsb-off', {
        image: IMAGES.windows2022,
        securityProfile: {
          securityType: 'TrustedLaunch',
          uefiSettings: { secureBootEnabled: false, vTpmEnabled: true },
        },
      }),
    ],
    expected: 'unhealthy',
    evidence: 'secureBootEnabled',
  },
  {
    recommendation: 'windows-vm-secure-boot',
    // A template that declares the security type only: the platform's defaults apply, and Microsoft's
    // definition (ASC_EnableWindowsSB_Audit) judges only declared uefiSettings.
    title: 'Windows Trusted Launch VM with no uefiSettings: compliant (audit effect)',
    resources: [
      vm('vm-wsb-none', { image: IMAGES.windows2022, securityProfile: { securityType: 'TrustedLaunch' } }),
    ],
    expected: 'healthy',
  },
  {
    recommendation: 'windows-vm-secure-boot',
    title: 'Linux Trusted Launch VM with Secure Boot off: out of scope, so compliant (audit effect)',
    resources: [
      vm('vm-lsb-off', {
        securityProfile: {
          securityType: 'TrustedLaunch',
          uefiSettings: { secureBootEnabled: false, vTpmEnabled: true },
        },
      }),
    ],
    expected: 'healthy',
  },

  // ---- linux-vm-secure-boot
  {
    recommendation: 'linux-vm-secure-boot',
    title: 'Linux Trusted Launch VM with Secure Boot',
    resources: [vm('vm-lsb', LINUX_TL)],
    expected: 'healthy',
  },
  {
    recommendation: 'linux-vm-secure-boot',
    title: 'Linux Trusted Launch VM with Secure Boot off',
    resources: [
      vm('vm-lsb-off2', {
        securityProfile: {
          securityType: 'TrustedLaunch',
          uefiSettings: { secureBootEnabled: false, vTpmEnabled: true },
        },
      }),
    ],
    expected: 'unhealthy',
    evidence: 'secureBootEnabled',
  },
  {
    recommendation: 'linux-vm-secure-boot',
    title: 'RHEL VM from a custom image, Trusted Launch, Secure Boot off',
    resources: [
      vm('vm-rhel-sb', {
        image: CUSTOM_IMAGE,
        os: 'Linux',
        securityProfile: {
          securityType: 'TrustedLaunch',
          uefiSettings: { secureBootEnabled: false, vTpmEnabled: true },
        },
      }),
    ],
    expected: 'unhealthy',
  },
  {
    recommendation: 'linux-vm-secure-boot',
    title: 'Standard (non Trusted Launch) Linux VM: Secure Boot unavailable, so compliant (audit effect)',
    resources: [vm('vm-lstd')],
    expected: 'healthy',
  },

  // ---- vm-vtpm
  {
    recommendation: 'vm-vtpm',
    title: 'Trusted Launch VM with vTPM',
    resources: [vm('vm-vtpm', WINDOWS_TL)],
    expected: 'healthy',
  },
  {
    recommendation: 'vm-vtpm',
    title: 'Trusted Launch VM with vTPM off',
    resources: [
      vm('vm-vtpm-off', {
        securityProfile: {
          securityType: 'TrustedLaunch',
          uefiSettings: { secureBootEnabled: true, vTpmEnabled: false },
        },
      }),
    ],
    expected: 'unhealthy',
    evidence: 'vTpmEnabled',
  },
  // Microsoft's definition (ASC_EnableVTPM_Audit) judges Trusted Launch VMs with declared uefiSettings only.
  {
    recommendation: 'vm-vtpm',
    title: 'Trusted Launch VM with no uefiSettings (platform defaults): compliant (audit effect)',
    resources: [vm('vm-vtpm-none', { securityProfile: { securityType: 'TrustedLaunch' } })],
    expected: 'healthy',
  },
  {
    recommendation: 'vm-vtpm',
    title: 'confidential VM template that leaves vTpmEnabled out (a CVM always has its vTPM)',
    resources: [
      vm('vm-cvm-tpm', {
        size: 'Standard_DC2as_v5',
        securityProfile: { securityType: 'ConfidentialVM', uefiSettings: { secureBootEnabled: true } },
      }),
    ],
    expected: 'healthy',
  },
  {
    recommendation: 'vm-vtpm',
    title: 'Standard VM: vTPM unavailable, so compliant (audit effect)',
    resources: [vm('vm-vtpm-std')],
    expected: 'healthy',
  },

  // ---- linux-guest-attestation
  {
    recommendation: 'linux-guest-attestation',
    title: 'Trusted Launch Linux VM with the Guest Attestation extension',
    resources: [
      vm('vm-lga', {
        ...LINUX_TL,
        extensions: [
          nestedExtension(
            'vm-lga',
            'GuestAttestation',
            EXTENSIONS.linuxGuestAttestation.publisher,
            'GuestAttestation',
          ),
        ],
      }),
    ],
    expected: 'healthy',
  },
  {
    // Microsoft's definition (ASC_InstallLinuxGAExtOnVm_Audit) accepts this provisioning state too.
    recommendation: 'linux-guest-attestation',
    title: 'Guest Attestation extension reported as "Provisioning succeeded"',
    resources: [
      vm('vm-lga-ps', {
        ...LINUX_TL,
        extensions: [
          nestedExtension(
            'vm-lga-ps',
            'GuestAttestation',
            'Microsoft.Azure.Security.LinuxAttestation',
            'GuestAttestation',
            'Provisioning succeeded',
          ),
        ],
      }),
    ],
    expected: 'healthy',
  },
  {
    recommendation: 'linux-guest-attestation',
    title: 'Trusted Launch Linux VM without the extension',
    resources: [vm('vm-lga-none', LINUX_TL)],
    expected: 'unhealthy',
    evidence: 'No related resources',
  },
  {
    recommendation: 'linux-guest-attestation',
    title: 'Trusted Launch Linux VM with the Windows attestation extension',
    resources: [
      vm('vm-lga-win', {
        ...LINUX_TL,
        extensions: [
          nestedExtension(
            'vm-lga-win',
            'GuestAttestation',
            EXTENSIONS.windowsGuestAttestation.publisher,
            'GuestAttestation',
          ),
        ],
      }),
    ],
    expected: 'unhealthy',
  },
  {
    recommendation: 'linux-guest-attestation',
    title: 'Standard Linux VM is out of scope',
    resources: [vm('vm-lga-std')],
    expected: 'notApplicable',
  },
  {
    recommendation: 'linux-guest-attestation',
    title: 'Trusted Launch Windows VM is out of scope',
    resources: [vm('vm-lga-wtl', WINDOWS_TL)],
    expected: 'notApplicable',
  },
  {
    recommendation: 'linux-guest-attestation',
    title: 'Trusted Launch Linux VM with vTPM off is out of scope',
    resources: [
      vm('vm-lga-novtpm', {
        securityProfile: {
          securityType: 'TrustedLaunch',
          uefiSettings: { secureBootEnabled: true, vTpmEnabled: false },
        },
      }),
    ],
    expected: 'notApplicable',
  },

  // ---- windows-guest-attestation
  {
    recommendation: 'windows-guest-attestation',
    title: 'Trusted Launch Windows VM with the Guest Attestation extension',
    resources: [
      vm('vm-wga', WINDOWS_TL),
      vmExtension('vm-wga', 'GuestAttestation', {
        ...EXTENSIONS.windowsGuestAttestation,
        typeHandlerVersion: '1.0',
      }),
    ],
    expected: 'healthy',
  },
  {
    recommendation: 'windows-guest-attestation',
    title: 'Trusted Launch Windows VM without the extension',
    resources: [vm('vm-wga-none', WINDOWS_TL)],
    expected: 'unhealthy',
  },
  {
    recommendation: 'windows-guest-attestation',
    title: 'Trusted Launch Linux VM is out of scope',
    resources: [vm('vm-wga-lnx', LINUX_TL)],
    expected: 'notApplicable',
  },

  // ---- guest-configuration-extension
  {
    recommendation: 'guest-configuration-extension',
    title: 'Linux VM with ConfigurationforLinux',
    resources: [vm('vm-gcl'), vmExtension('vm-gcl', 'AzurePolicyforLinux', EXTENSIONS.guestConfigLinux)],
    expected: 'healthy',
  },
  {
    recommendation: 'guest-configuration-extension',
    title: 'Windows VM with ConfigurationforWindows',
    resources: [
      vm('vm-gcw', { image: IMAGES.windows2022 }),
      vmExtension('vm-gcw', 'AzurePolicyforWindows', EXTENSIONS.guestConfigWindows),
    ],
    expected: 'healthy',
  },
  {
    recommendation: 'guest-configuration-extension',
    title: 'VM without the extension',
    resources: [vm('vm-gc-none', { image: IMAGES.rhel8 })],
    expected: 'unhealthy',
    evidence: 'No related resources',
  },
  {
    recommendation: 'guest-configuration-extension',
    title: 'VM whose extension is still failing',
    resources: [
      vm('vm-gc-fail'),
      vmExtension('vm-gc-fail', 'AzurePolicyforLinux', {
        ...EXTENSIONS.guestConfigLinux,
        provisioningState: 'Failed',
      }),
    ],
    expected: 'unhealthy',
  },
  {
    recommendation: 'guest-configuration-extension',
    title: 'VM from a custom image (no publisher to exclude) without the extension',
    resources: [vm('vm-gc-custom', { image: CUSTOM_IMAGE, os: 'Windows' })],
    expected: 'unhealthy',
  },
  {
    recommendation: 'guest-configuration-extension',
    title: 'Windows Server 2008 R2 (unsupported by the extension) is out of scope',
    resources: [vm('vm-w2008', { image: IMAGES.windows2008 })],
    expected: 'notApplicable',
  },
  // Microsoft's ASC_GCExtOnVm (ae89ebca-1c92-4898-ac2c-9f63decb045c) leaves service-managed nodes out too.
  {
    recommendation: 'guest-configuration-extension',
    title: 'Azure Databricks worker is out of scope',
    resources: [vm('worker-5e1c', { image: DATABRICKS_WORKER, group: 'databricks-rg-ws-analytics-x1y2z3' })],
    expected: 'notApplicable',
  },
  {
    recommendation: 'guest-configuration-extension',
    title: 'Azure Red Hat OpenShift master is out of scope',
    resources: [vm('aro-master-0', { image: ARO_NODE, group: 'aro-infra-cluster01' })],
    expected: 'notApplicable',
  },

  // ---- guest-configuration-managed-identity (assesses the extension)
  {
    recommendation: 'guest-configuration-managed-identity',
    title: 'Guest Configuration extension on a VM with a system-assigned identity',
    resources: [
      vmExtension('vm-gcid', 'AzurePolicyforLinux', EXTENSIONS.guestConfigLinux),
      vm('vm-gcid', { identity: SYSTEM_ASSIGNED }),
    ],
    expected: 'healthy',
  },
  {
    recommendation: 'guest-configuration-managed-identity',
    title:
      'Guest Configuration extension (listed in the VM) on a VM with system- and user-assigned identities',
    resources: [
      vm('vm-gcid2', {
        identity: {
          ...USER_ASSIGNED,
          type: 'SystemAssigned, UserAssigned',
          principalId: '3f2e1d0c-9b8a-4765-8432-10fedcba9876',
          tenantId: TENANT_ID,
        },
        extensions: [
          nestedExtension(
            'vm-gcid2',
            'AzurePolicyforLinux',
            'Microsoft.GuestConfiguration',
            'ConfigurationforLinux',
          ),
        ],
      }),
    ],
    subject: `${vmId('vm-gcid2')}/extensions/AzurePolicyforLinux`,
    expected: 'healthy',
  },
  {
    recommendation: 'guest-configuration-managed-identity',
    title: 'Guest Configuration extension on a VM with only a user-assigned identity',
    resources: [
      vmExtension('vm-gcid3', 'AzurePolicyforWindows', EXTENSIONS.guestConfigWindows),
      vm('vm-gcid3', { image: IMAGES.windows2022, identity: USER_ASSIGNED }),
    ],
    expected: 'unhealthy',
    evidence: 'identity.type',
  },
  {
    recommendation: 'guest-configuration-managed-identity',
    title: 'Guest Configuration extension on a VM without any identity',
    resources: [vmExtension('vm-gcid4', 'AzurePolicyforLinux', EXTENSIONS.guestConfigLinux), vm('vm-gcid4')],
    expected: 'unhealthy',
  },
  {
    recommendation: 'guest-configuration-managed-identity',
    title: 'another extension is out of scope',
    resources: [
      vmExtension('vm-gcid5', 'AzureMonitorLinuxAgent', EXTENSIONS.azureMonitorLinux),
      vm('vm-gcid5'),
    ],
    expected: 'notApplicable',
  },

  // ---- linux-vm-password-authentication-disabled
  {
    recommendation: 'linux-vm-password-authentication-disabled',
    title: 'Linux VM provisioned with an SSH key only',
    resources: [vm('vm-pw-off')],
    expected: 'healthy',
  },
  {
    recommendation: 'linux-vm-password-authentication-disabled',
    title: 'Linux VM provisioned with password authentication',
    resources: [
      vm('vm-pw-on', {
        properties: {
          osProfile: { linuxConfiguration: { disablePasswordAuthentication: false, ssh: undefined } },
        },
      }),
    ],
    expected: 'unhealthy',
    evidence: 'disablePasswordAuthentication',
  },
  {
    recommendation: 'linux-vm-password-authentication-disabled',
    title: 'Linux VM in a template without linuxConfiguration (password by default)',
    resources: [templateVm('vm-pw-tpl', IMAGES.rhel8)],
    expected: 'unhealthy',
  },
  {
    recommendation: 'linux-vm-password-authentication-disabled',
    title: 'VM from a specialized disk (no osProfile) is left to its image',
    resources: [specializedVm('vm-pw-spec')],
    expected: 'healthy',
  },

  // ---- linux-vm-ssh-keys
  {
    recommendation: 'linux-vm-ssh-keys',
    title: 'Linux VM with an SSH key and passwords off',
    resources: [vm('vm-ssh')],
    expected: 'healthy',
  },
  {
    recommendation: 'linux-vm-ssh-keys',
    title: 'Linux VM with an SSH key but passwords still allowed',
    resources: [
      vm('vm-ssh-pw', {
        properties: { osProfile: { linuxConfiguration: { disablePasswordAuthentication: false } } },
      }),
    ],
    expected: 'unhealthy',
    evidence: 'disablePasswordAuthentication',
  },
  {
    recommendation: 'linux-vm-ssh-keys',
    title: 'Linux VM with a password only',
    resources: [
      vm('vm-ssh-none', {
        properties: {
          osProfile: { linuxConfiguration: { disablePasswordAuthentication: false, ssh: undefined } },
        },
      }),
    ],
    expected: 'unhealthy',
  },
  {
    recommendation: 'linux-vm-ssh-keys',
    title: 'Windows VM: out of scope, so compliant (audit effect)',
    resources: [vm('vm-ssh-win', { image: IMAGES.windows2022 })],
    expected: 'healthy',
  },

  // ---- vm-managed-disks
  {
    recommendation: 'vm-managed-disks',
    title: 'VM on managed disks',
    resources: [vm('vm-md')],
    expected: 'healthy',
  },
  {
    recommendation: 'vm-managed-disks',
    title: 'VM with an unmanaged OS disk',
    resources: [
      vm('vm-vhd', {
        osDisk: {
          managedDisk: undefined,
          vhd: { uri: 'https://stlegacyvhds.blob.core.windows.net/vhds/vm-vhd-os.vhd' },
        },
      }),
    ],
    expected: 'unhealthy',
    evidence: 'vhd',
  },
  {
    recommendation: 'vm-managed-disks',
    title: 'VM with a managed OS disk and an unmanaged data disk',
    resources: [vm('vm-vhd-data', { dataDisks: [vhdDataDisk('vm-vhd-data', 0)] })],
    expected: 'unhealthy',
  },
];
