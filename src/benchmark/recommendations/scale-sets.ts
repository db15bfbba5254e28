import type { Recommendation } from '../types.ts';

// Titles, severities and assessment keys are Defender for Cloud's where it has the recommendation:
// MicrosoftDocs/defender-docs@0243082d articles/defender-for-cloud/recommendations-reference-compute.md
// (ms.date 2024-09-02). Encryption at host is one Defender recommendation for virtual machines and scale
// sets; Vigil assesses the two types in two recommendations (see vm-encryption-at-host) under its key.
// A Flexible scale set may have no VM model (virtualMachineProfile): its VMs are added one by one and
// assessed as virtual machines, so the model checks below pass such a scale set.

const VMSS = 'Microsoft.Compute/virtualMachineScaleSets';

export const scaleSetRecommendations: Recommendation[] = [
  {
    id: 'vmss-encryption-at-host',
    title: 'Virtual machines and virtual machine scale sets should have encryption at host enabled',
    severity: 'Medium',
    mcsb: ['DP-4'],
    control: 'enable-encryption-at-rest',
    assessmentKey: 'efbbd784-656d-473a-9863-ea7693bfcd2a',
    stage: 'ga',
    description:
      'Without encryption at host, the temporary disks, ephemeral OS disks and disk caches of the scale set instances are not encrypted at rest on the host. With it, they are, and disk data reaches Storage already encrypted.',
    remediation: {
      portal:
        'Register the EncryptionAtHost feature for the subscription once. Deallocate the scale set, open Disks, set "Encryption at host" to Yes, save, and start it (instances pick up the model). A scale set that has or ever had Azure Disk Encryption cannot take encryption at host: deploy a new one with encryption at host and move the workload (see "Migrate from Azure Disk Encryption to encryption at host" on Microsoft Learn).',
      cli: 'az vmss deallocate -g <rg> -n <vmss> && az vmss update -g <rg> -n <vmss> --set virtualMachineProfile.securityProfile.encryptionAtHost=true && az vmss start -g <rg> -n <vmss>',
      template:
        'Microsoft.Compute/virtualMachineScaleSets: properties.virtualMachineProfile.securityProfile.encryptionAtHost = true',
    },
    resourceTypes: [VMSS],
    check: { kind: 'policy', definition: 'scale-sets/vmss-encryption-at-host.json' },
  },
  {
    id: 'vmss-linux-ssh-keys',
    title: 'Authentication to Linux virtual machine scale sets should require SSH keys',
    severity: 'Medium',
    mcsb: ['IM-6'],
    control: 'implement-security-best-practices',
    stage: 'ga',
    description:
      'Every instance of a Linux scale set provisioned with password authentication accepts SSH passwords, which can be brute-forced across all instances at once. The scale set model should carry at least one SSH public key and disablePasswordAuthentication true; scale sets from specialized images (no osProfile) pass.',
    remediation: {
      portal:
        'Redeploy the scale set (or a replacement) with "SSH public key" as the authentication type; the setting is fixed when the model is created.',
      cli: 'az vmss create -g <rg> -n <vmss> --image <image> --authentication-type ssh --ssh-key-values <key.pub>',
      template:
        'Microsoft.Compute/virtualMachineScaleSets: properties.virtualMachineProfile.osProfile.linuxConfiguration = { disablePasswordAuthentication: true, ssh: { publicKeys: [ { path, keyData } ] } }',
    },
    resourceTypes: [VMSS],
    check: { kind: 'policy', definition: 'scale-sets/vmss-linux-ssh-keys.json' },
  },
  {
    id: 'vmss-trusted-launch',
    title: 'Virtual machine scale sets should use Trusted Launch with Secure Boot and vTPM',
    severity: 'Low',
    mcsb: ['PV-4'],
    control: 'implement-security-best-practices',
    stage: 'ga',
    description:
      'Scale set instances of the Standard security type, or with Secure Boot or vTPM off, can run unsigned boot components and cannot attest their boot chain. Trusted Launch (or a confidential VM security type) with both switched on protects every instance against boot kits and rootkits.',
    remediation: {
      portal:
        'Deallocate the scale set, open Configuration, set "Security type" to Trusted launch with Secure Boot and vTPM enabled, save, and upgrade the instances. A Generation 2 image is required.',
      cli: 'az vmss deallocate -g <rg> -n <vmss> && az vmss update -g <rg> -n <vmss> --security-type TrustedLaunch --enable-secure-boot true --enable-vtpm true',
      template:
        'Microsoft.Compute/virtualMachineScaleSets: properties.virtualMachineProfile.securityProfile = { securityType: "TrustedLaunch", uefiSettings: { secureBootEnabled: true, vTpmEnabled: true } }',
    },
    resourceTypes: [VMSS],
    check: { kind: 'policy', definition: 'scale-sets/vmss-trusted-launch.json' },
  },
  {
    id: 'vmss-managed-identity',
    title: 'Virtual machine scale sets should have a managed identity',
    severity: 'Low',
    mcsb: ['IM-3'],
    control: 'implement-security-best-practices',
    stage: 'ga',
    description:
      'Without a managed identity, workloads on the scale set that call Azure need secrets baked into the image, custom data or configuration, where every instance and anyone who reads the model can get them. A managed identity gets Microsoft Entra tokens from the platform instead.',
    remediation: {
      portal:
        'Open the scale set > Identity, turn on the system-assigned identity (or add a user-assigned one) and save.',
      cli: 'az vmss identity assign -g <rg> -n <vmss>',
      template:
        'Microsoft.Compute/virtualMachineScaleSets: identity.type = "SystemAssigned" (or "UserAssigned" with identity.userAssignedIdentities)',
    },
    resourceTypes: [VMSS],
    check: { kind: 'policy', definition: 'scale-sets/vmss-managed-identity.json' },
  },
  {
    id: 'vmss-automatic-os-upgrade',
    title: 'Virtual machine scale sets should have automatic OS image upgrades enabled',
    severity: 'Medium',
    mcsb: ['PV-6'],
    control: 'implement-security-best-practices',
    stage: 'ga',
    description:
      'Scale set instances keep the image they were created from until someone upgrades them. Automatic OS image upgrades roll each new image version out in batches, with health checks and rollback. Flexible scale sets pass with automatic VM guest patching (patchMode AutomaticByPlatform) instead; scale sets built from managed images, which automatic upgrades do not support, pass too, and so do AKS node pools (tagged aks-managed-poolName), whose node images AKS rolls out itself.',
    remediation: {
      portal:
        'Add a load balancer health probe or the Application Health extension, then open the scale set > Upgrade policy, enable "Automatic OS upgrades" and save.',
      cli: 'az vmss update -g <rg> -n <vmss> --set UpgradePolicy.AutomaticOSUpgradePolicy.EnableAutomaticOSUpgrade=true',
      template:
        'Microsoft.Compute/virtualMachineScaleSets: properties.upgradePolicy.automaticOSUpgradePolicy.enableAutomaticOSUpgrade = true (Flexible: or virtualMachineProfile.osProfile.<os>Configuration.patchSettings.patchMode = "AutomaticByPlatform")',
    },
    resourceTypes: [VMSS],
    check: { kind: 'policy', definition: 'scale-sets/vmss-automatic-os-upgrade.json' },
  },
  {
    id: 'vmss-linux-guest-attestation',
    title: 'Guest Attestation extension should be installed on supported Linux virtual machine scale sets',
    severity: 'Low',
    mcsb: ['PV-4'],
    control: 'remediate-security-configurations',
    assessmentKey: 'a9a53f4f-26b6-3d68-33f3-2ec1f2452b5d',
    stage: 'ga',
    description:
      "Secure Boot and vTPM record how each instance booted; the Guest Attestation extension in the scale set model has those measurements checked remotely so that a compromised boot chain raises an alert. The check applies to Trusted Launch and confidential Linux scale sets with Secure Boot and vTPM on; AKS node pools are out of scope, as in Microsoft's built-in definition.",
    remediation: {
      portal:
        'Open the scale set > Extensions + applications > Add, pick "Guest Attestation" (Microsoft.Azure.Security.LinuxAttestation), then upgrade the instances to the latest model.',
      cli: "az vmss extension set -g <rg> --vmss-name <vmss> -n GuestAttestation --publisher Microsoft.Azure.Security.LinuxAttestation && az vmss update-instances -g <rg> -n <vmss> --instance-ids '*'",
      template:
        'Microsoft.Compute/virtualMachineScaleSets: properties.virtualMachineProfile.extensionProfile.extensions[] with publisher "Microsoft.Azure.Security.LinuxAttestation" and type "GuestAttestation"',
    },
    resourceTypes: [VMSS],
    check: { kind: 'policy', definition: 'scale-sets/vmss-linux-guest-attestation.json' },
  },
  {
    id: 'vmss-windows-guest-attestation',
    title: 'Guest Attestation extension should be installed on supported Windows virtual machine scale sets',
    severity: 'Low',
    mcsb: ['PV-4'],
    control: 'remediate-security-configurations',
    assessmentKey: '02e8ca50-0e7e-cc34-0b91-215af2904248',
    stage: 'ga',
    description:
      "Secure Boot and vTPM record how each instance booted; the Guest Attestation extension in the scale set model has those measurements checked remotely so that a compromised boot chain raises an alert. The check applies to Trusted Launch and confidential Windows scale sets with Secure Boot and vTPM on; AKS node pools are out of scope, as in Microsoft's built-in definition.",
    remediation: {
      portal:
        'Open the scale set > Extensions + applications > Add, pick "Guest Attestation" (Microsoft.Azure.Security.WindowsAttestation), then upgrade the instances to the latest model.',
      cli: "az vmss extension set -g <rg> --vmss-name <vmss> -n GuestAttestation --publisher Microsoft.Azure.Security.WindowsAttestation && az vmss update-instances -g <rg> -n <vmss> --instance-ids '*'",
      template:
        'Microsoft.Compute/virtualMachineScaleSets: properties.virtualMachineProfile.extensionProfile.extensions[] with publisher "Microsoft.Azure.Security.WindowsAttestation" and type "GuestAttestation"',
    },
    resourceTypes: [VMSS],
    check: { kind: 'policy', definition: 'scale-sets/vmss-windows-guest-attestation.json' },
  },
];
