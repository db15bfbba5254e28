import type { JsonObject } from '../../../src/util/json.ts';
import { EXTENSIONS, IMAGES, RG_ID, TRUSTED_LAUNCH, vmss } from '../../support/arm-resources.ts';
import { SYSTEM_ASSIGNED, USER_ASSIGNED, VMSS_SSH } from '../../support/compute-resources.ts';
import type { RecommendationCase } from './types.ts';

/** A Linux scale set as ARM returns it when provisioned with an SSH key. */
function linuxVmss(name: string) {
  return vmss(name, {
    properties: { virtualMachineProfile: { osProfile: { linuxConfiguration: VMSS_SSH } } },
  });
}

/** A Flexible scale set created without a VM model, as ARM returns it (VMs join it individually). */
function flexibleWithoutModel(name: string) {
  const base = vmss(name, {
    properties: {
      orchestrationMode: 'Flexible',
      upgradePolicy: undefined,
      overprovision: undefined,
      virtualMachineProfile: undefined,
    },
  });
  const { sku: _sku, ...rest } = base;
  return rest;
}

const WINDOWS_TL = { image: IMAGES.windows2022, securityProfile: TRUSTED_LAUNCH };

/**
 * A node pool scale set as AKS creates it in the cluster's node resource group: AKS's tags, an image
 * from AKS's own gallery (no publisher, offer or SKU), manual upgrades (AKS rolls node images itself).
 */
function aksNodePool(name: string, os: 'Linux' | 'Windows', securityProfile?: JsonObject) {
  const base = vmss(name, {
    os,
    ...(securityProfile && { securityProfile }),
    properties: {
      virtualMachineProfile: {
        storageProfile: {
          imageReference: {
            id: `/subscriptions/109a5e88-712a-48ae-9078-9ca8b3c81345/resourceGroups/AKS-${os === 'Linux' ? 'Ubuntu' : 'Windows'}/providers/Microsoft.Compute/galleries/AKS${os === 'Linux' ? 'Ubuntu' : 'Windows'}/images/${os === 'Linux' ? '2204gen2TLcontainerd' : 'windows-2022-containerd-gen2'}/versions/202411.12.0`,
            publisher: undefined,
            offer: undefined,
            sku: undefined,
            version: undefined,
          },
        },
      },
    },
  });
  return {
    ...base,
    tags: {
      'aks-managed-createOperationID': '4f7c2a9e-0b1d-4e3f-9a8b-7c6d5e4f3a2b',
      'aks-managed-creationSource': `vmssclient-${name}`,
      'aks-managed-orchestrator': 'Kubernetes:1.30.5',
      'aks-managed-poolName': name.split('-')[1] ?? 'nodepool1',
      'aks-managed-resourceNameSuffix': '31415926',
    },
  };
}

export const scaleSetCases: RecommendationCase[] = [
  // ---- vmss-encryption-at-host
  {
    recommendation: 'vmss-encryption-at-host',
    title: 'scale set with encryption at host',
    resources: [vmss('vmss-eah', { securityProfile: { ...TRUSTED_LAUNCH, encryptionAtHost: true } })],
    expected: 'healthy',
  },
  {
    recommendation: 'vmss-encryption-at-host',
    title: 'scale set without a securityProfile',
    resources: [vmss('vmss-noeah')],
    expected: 'unhealthy',
    evidence: 'encryptionAtHost',
  },

  {
    recommendation: 'vmss-encryption-at-host',
    title: 'Flexible scale set without a VM model: its VMs are assessed as VMs, so compliant',
    resources: [flexibleWithoutModel('vmss-flex-empty')],
    expected: 'healthy',
  },

  // ---- vmss-linux-ssh-keys
  {
    recommendation: 'vmss-linux-ssh-keys',
    title: 'Linux scale set with an SSH key and passwords off',
    resources: [linuxVmss('vmss-ssh')],
    expected: 'healthy',
  },
  {
    recommendation: 'vmss-linux-ssh-keys',
    title: 'Linux scale set that allows passwords',
    resources: [
      vmss('vmss-pw', {
        properties: {
          virtualMachineProfile: {
            osProfile: {
              linuxConfiguration: { disablePasswordAuthentication: false, provisionVMAgent: true },
            },
          },
        },
      }),
    ],
    expected: 'unhealthy',
    evidence: 'disablePasswordAuthentication',
  },
  {
    recommendation: 'vmss-linux-ssh-keys',
    title: 'Windows scale set: out of scope, so compliant (audit effect)',
    resources: [vmss('vmss-win', { image: IMAGES.windows2022 })],
    expected: 'healthy',
  },

  // ---- vmss-trusted-launch
  {
    recommendation: 'vmss-trusted-launch',
    title: 'Trusted Launch scale set with Secure Boot and vTPM',
    resources: [vmss('vmss-tl', { securityProfile: TRUSTED_LAUNCH })],
    expected: 'healthy',
  },
  {
    recommendation: 'vmss-trusted-launch',
    title: 'Standard scale set',
    resources: [vmss('vmss-std')],
    expected: 'unhealthy',
    evidence: 'securityType',
  },
  {
    recommendation: 'vmss-trusted-launch',
    title: 'Trusted Launch scale set with Secure Boot off',
    resources: [
      vmss('vmss-tl-nosb', {
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
    recommendation: 'vmss-trusted-launch',
    title: 'Flexible scale set without a VM model: compliant',
    resources: [flexibleWithoutModel('vmss-flex-empty2')],
    expected: 'healthy',
  },

  // ---- vmss-managed-identity
  {
    recommendation: 'vmss-managed-identity',
    title: 'scale set with a user-assigned identity',
    resources: [{ ...vmss('vmss-uami'), identity: USER_ASSIGNED }],
    expected: 'healthy',
  },
  {
    recommendation: 'vmss-managed-identity',
    title: 'scale set with a system-assigned identity',
    resources: [{ ...vmss('vmss-sami'), identity: SYSTEM_ASSIGNED }],
    expected: 'healthy',
  },
  {
    recommendation: 'vmss-managed-identity',
    title: 'scale set without an identity',
    resources: [vmss('vmss-noid')],
    expected: 'unhealthy',
    evidence: 'identity.type',
  },

  // ---- vmss-automatic-os-upgrade
  {
    recommendation: 'vmss-automatic-os-upgrade',
    title: 'Uniform scale set with automatic OS image upgrades',
    resources: [
      vmss('vmss-auto', {
        properties: {
          upgradePolicy: {
            mode: 'Rolling',
            automaticOSUpgradePolicy: {
              enableAutomaticOSUpgrade: true,
              disableAutomaticRollback: false,
              useRollingUpgradePolicy: true,
            },
          },
        },
      }),
    ],
    expected: 'healthy',
  },
  {
    recommendation: 'vmss-automatic-os-upgrade',
    title: 'AKS node pool (AKS upgrades node images itself): out of scope, so compliant (audit effect)',
    resources: [aksNodePool('aks-userpool-31415926-vmss', 'Linux')],
    expected: 'healthy',
  },
  {
    recommendation: 'vmss-automatic-os-upgrade',
    title: 'Uniform scale set with manual upgrades',
    resources: [vmss('vmss-manual')],
    expected: 'unhealthy',
    evidence: 'enableAutomaticOSUpgrade',
  },
  {
    recommendation: 'vmss-automatic-os-upgrade',
    title: 'Uniform scale set with guest patching only (not supported for Uniform)',
    resources: [
      vmss('vmss-uni-patch', {
        properties: {
          virtualMachineProfile: {
            osProfile: { linuxConfiguration: { patchSettings: { patchMode: 'AutomaticByPlatform' } } },
          },
        },
      }),
    ],
    expected: 'unhealthy',
  },
  {
    recommendation: 'vmss-automatic-os-upgrade',
    title: 'Flexible scale set with automatic VM guest patching',
    resources: [
      vmss('vmss-flex', {
        image: IMAGES.windows2022,
        properties: {
          orchestrationMode: 'Flexible',
          virtualMachineProfile: {
            osProfile: {
              windowsConfiguration: {
                patchSettings: { patchMode: 'AutomaticByPlatform', assessmentMode: 'AutomaticByPlatform' },
              },
            },
          },
        },
      }),
    ],
    expected: 'healthy',
  },
  {
    recommendation: 'vmss-automatic-os-upgrade',
    title: 'Flexible scale set with neither',
    resources: [vmss('vmss-flex-manual', { properties: { orchestrationMode: 'Flexible' } })],
    expected: 'unhealthy',
  },
  {
    recommendation: 'vmss-automatic-os-upgrade',
    title: 'scale set from a managed image (automatic upgrades unsupported): compliant (audit effect)',
    resources: [
      vmss('vmss-managed-img', {
        properties: {
          virtualMachineProfile: {
            storageProfile: {
              imageReference: {
                publisher: undefined,
                offer: undefined,
                sku: undefined,
                version: undefined,
                id: `${RG_ID}/providers/Microsoft.Compute/images/img-golden-2025-10`,
              },
            },
          },
        },
      }),
    ],
    expected: 'healthy',
  },

  // ---- vmss-linux-guest-attestation
  {
    recommendation: 'vmss-linux-guest-attestation',
    title: 'Trusted Launch Linux scale set with the Guest Attestation extension',
    resources: [
      vmss('vmss-lga', {
        securityProfile: TRUSTED_LAUNCH,
        extensions: [{ name: 'GuestAttestation', options: EXTENSIONS.linuxGuestAttestation }],
      }),
    ],
    expected: 'healthy',
  },
  {
    recommendation: 'vmss-linux-guest-attestation',
    title: 'Trusted Launch Linux scale set without the extension',
    resources: [vmss('vmss-lga-none', { securityProfile: TRUSTED_LAUNCH })],
    expected: 'unhealthy',
    evidence: 'No related resources',
  },
  {
    recommendation: 'vmss-linux-guest-attestation',
    title: 'Trusted Launch Linux scale set with another extension only',
    resources: [
      vmss('vmss-lga-ama', {
        securityProfile: TRUSTED_LAUNCH,
        extensions: [{ name: 'AzureMonitorLinuxAgent', options: EXTENSIONS.azureMonitorLinux }],
      }),
    ],
    expected: 'unhealthy',
  },
  {
    // Microsoft's ASC_InstallLinuxGAExtOnVmss_Audit lists marketplace images only, never AKS's gallery.
    recommendation: 'vmss-linux-guest-attestation',
    title: 'Trusted Launch AKS node pool is out of scope',
    resources: [aksNodePool('aks-systempool-31415926-vmss', 'Linux', TRUSTED_LAUNCH)],
    expected: 'notApplicable',
  },
  {
    recommendation: 'vmss-linux-guest-attestation',
    title: 'Standard Linux scale set is out of scope',
    resources: [vmss('vmss-lga-std')],
    expected: 'notApplicable',
  },
  {
    recommendation: 'vmss-linux-guest-attestation',
    title: 'Trusted Launch Windows scale set is out of scope',
    resources: [vmss('vmss-lga-win', WINDOWS_TL)],
    expected: 'notApplicable',
  },

  // ---- vmss-windows-guest-attestation
  {
    recommendation: 'vmss-windows-guest-attestation',
    title: 'Trusted Launch Windows scale set with the Guest Attestation extension',
    resources: [
      vmss('vmss-wga', {
        ...WINDOWS_TL,
        extensions: [{ name: 'GuestAttestation', options: EXTENSIONS.windowsGuestAttestation }],
      }),
    ],
    expected: 'healthy',
  },
  {
    recommendation: 'vmss-windows-guest-attestation',
    title: 'Trusted Launch Windows scale set without the extension',
    resources: [vmss('vmss-wga-none', WINDOWS_TL)],
    expected: 'unhealthy',
  },
  {
    recommendation: 'vmss-windows-guest-attestation',
    title: 'Trusted Launch Windows AKS node pool is out of scope',
    resources: [aksNodePool('aksnpwin-win22-31415926-vmss', 'Windows', TRUSTED_LAUNCH)],
    expected: 'notApplicable',
  },
  {
    recommendation: 'vmss-windows-guest-attestation',
    title: 'Trusted Launch Linux scale set is out of scope',
    resources: [vmss('vmss-wga-lnx', { securityProfile: TRUSTED_LAUNCH })],
    expected: 'notApplicable',
  },
];
