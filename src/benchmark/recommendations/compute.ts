import type { Recommendation } from '../types.ts';

// Titles, severities and assessment keys are Defender for Cloud's where it has the recommendation:
// MicrosoftDocs/defender-docs@0243082d articles/defender-for-cloud/recommendations-reference-compute.md
// (ms.date 2024-09-02). MCSB ids follow the groups of the Microsoft cloud security benchmark initiative
// (Azure/azure-policy@f4a50bac policySetDefinitions/Security Center/AzureSecurityCenter.json).
// Ids without an assessment key are Vigil's own recommendations.

const VM = 'Microsoft.Compute/virtualMachines';

// Azure Disk Encryption retires on 15 September 2028: ADE disks then fail to unlock after a reboot, and
// Microsoft says to use encryption at host for new VMs and to migrate ADE VMs to it, which takes new disks
// and a new VM because encryption at host cannot be enabled on a VM that has or ever had ADE
// (https://learn.microsoft.com/azure/virtual-machines/disk-encryption-migrate; the restriction is in
// MicrosoftDocs/azure-docs includes/virtual-machines-disks-encryption-at-host-restrictions.md, ms.date
// 2025-06-05). Defender's "...should enable Azure Disk Encryption or EncryptionAtHost" still accepts ADE, so
// the verdicts stay; the remediations no longer tell anyone to turn ADE on.
const EAH_PORTAL =
  'Register the EncryptionAtHost feature for the subscription once. Stop (deallocate) the virtual machine, open Disks > Additional settings, set "Encryption at host" to Yes, save and start the machine.';
const EAH_CLI =
  'az vm deallocate -g <rg> -n <vm> && az vm update -g <rg> -n <vm> --set securityProfile.encryptionAtHost=true && az vm start -g <rg> -n <vm>';
const ADE_RETIREMENT =
  'Do not turn Azure Disk Encryption on: it retires on 15 September 2028, after which its disks fail to unlock on reboot.';

export const computeRecommendations: Recommendation[] = [
  {
    id: 'vm-encryption-at-host',
    title: 'Virtual machines and virtual machine scale sets should have encryption at host enabled',
    severity: 'Medium',
    mcsb: ['DP-4'],
    control: 'enable-encryption-at-rest',
    assessmentKey: 'efbbd784-656d-473a-9863-ea7693bfcd2a',
    stage: 'ga',
    description:
      'Server-side encryption protects the managed disks in Storage, but not the temporary disk, an ephemeral OS disk or the disk caches on the host. Encryption at host encrypts those on the host and sends disk data to Storage already encrypted.',
    remediation: {
      portal: `${EAH_PORTAL} A machine that has or ever had Azure Disk Encryption cannot take encryption at host: move its data to new disks on a new virtual machine with encryption at host (see "Migrate from Azure Disk Encryption to encryption at host" on Microsoft Learn).`,
      cli: EAH_CLI,
      template: 'Microsoft.Compute/virtualMachines: properties.securityProfile.encryptionAtHost = true',
    },
    resourceTypes: [VM],
    check: { kind: 'policy', definition: 'compute/vm-encryption-at-host.json' },
  },
  {
    id: 'linux-vm-disk-encryption',
    title: 'Linux virtual machines should enable Azure Disk Encryption or EncryptionAtHost',
    severity: 'High',
    mcsb: ['DP-4'],
    control: 'enable-encryption-at-rest',
    assessmentKey: 'a40cc620-e72c-fdf4-c554-c6ca2cd705c0',
    stage: 'ga',
    description:
      "A Linux virtual machine with neither encryption at host nor Azure Disk Encryption keeps its temporary disk and disk caches unencrypted. Vigil looks for the AzureDiskEncryptionForLinux extension on machines without encryption at host; machines with encryption at host, confidential VMs, machines with Ultra Disks enabled, AKS, Databricks and Azure Red Hat OpenShift nodes, images Azure Disk Encryption does not support (RHEL, CentOS and Oracle Linux 6, SLES 11, Ubuntu 12) and sizes it does not support are not applicable, as in Microsoft's built-in definition. (Defender reads the same state from inside the guest through machine configuration.) Azure Disk Encryption retires on 15 September 2028; a machine with it passes until then, but should move to encryption at host.",
    remediation: {
      portal: `Enable encryption at host. ${EAH_PORTAL} ${ADE_RETIREMENT}`,
      cli: EAH_CLI,
      template:
        'Microsoft.Compute/virtualMachines: properties.securityProfile.encryptionAtHost = true (an AzureDiskEncryptionForLinux extension of publisher Microsoft.Azure.Security also passes, until Azure Disk Encryption retires on 15 September 2028)',
    },
    resourceTypes: [VM],
    check: { kind: 'policy', definition: 'compute/linux-vm-disk-encryption.json' },
  },
  {
    id: 'windows-vm-disk-encryption',
    title: 'Windows virtual machines should enable Azure Disk Encryption or EncryptionAtHost',
    severity: 'High',
    mcsb: ['DP-4'],
    control: 'enable-encryption-at-rest',
    assessmentKey: '0cb5f317-a94b-6b80-7212-13a9cc8826af',
    stage: 'ga',
    description:
      "A Windows virtual machine with neither encryption at host nor Azure Disk Encryption (BitLocker) keeps its temporary disk and disk caches unencrypted. Vigil looks for the AzureDiskEncryption extension on machines without encryption at host; machines with encryption at host, confidential VMs, machines with Ultra Disks enabled, AKS nodes, Windows Server 2008 and SQL Server 2008 images and sizes Azure Disk Encryption does not support are not applicable, as in Microsoft's built-in definition. Azure Disk Encryption retires on 15 September 2028; a machine with it passes until then, but should move to encryption at host.",
    remediation: {
      portal: `Enable encryption at host. ${EAH_PORTAL} ${ADE_RETIREMENT}`,
      cli: EAH_CLI,
      template:
        'Microsoft.Compute/virtualMachines: properties.securityProfile.encryptionAtHost = true (an AzureDiskEncryption extension of publisher Microsoft.Azure.Security also passes, until Azure Disk Encryption retires on 15 September 2028)',
    },
    resourceTypes: [VM],
    check: { kind: 'policy', definition: 'compute/windows-vm-disk-encryption.json' },
  },
  {
    id: 'vm-trusted-launch',
    title: 'Virtual machines should use Trusted Launch',
    severity: 'Low',
    mcsb: ['PV-4'],
    control: 'implement-security-best-practices',
    stage: 'ga',
    description:
      "A virtual machine of the Standard security type has no Secure Boot, no virtual TPM and no boot integrity monitoring, so a boot kit or rootkit can persist below the operating system unnoticed. Trusted Launch (or a confidential VM) provides all three on Generation 2 images; as in Microsoft's built-in definition, a machine counts only with Secure Boot and the vTPM both on.",
    remediation: {
      portal:
        'Stop (deallocate) the virtual machine, open Configuration, set "Security type" to Trusted launch virtual machines with Secure Boot and vTPM enabled, and save. Generation 1 machines need a Generation 2 image or the Gen1-to-Trusted-Launch upgrade first.',
      cli: 'az vm deallocate -g <rg> -n <vm> && az vm update -g <rg> -n <vm> --security-type TrustedLaunch --enable-secure-boot true --enable-vtpm true',
      template:
        'Microsoft.Compute/virtualMachines: properties.securityProfile = { securityType: "TrustedLaunch", uefiSettings: { secureBootEnabled: true, vTpmEnabled: true } }',
    },
    resourceTypes: [VM],
    check: { kind: 'policy', definition: 'compute/vm-trusted-launch.json' },
  },
  {
    id: 'windows-vm-secure-boot',
    title: 'Secure Boot should be enabled on supported Windows virtual machines',
    severity: 'Low',
    mcsb: ['PV-4'],
    control: 'remediate-security-configurations',
    assessmentKey: '69ad830b-d98c-b1cf-2158-9d69d38c7093',
    stage: 'ga',
    description:
      "A Trusted Launch or confidential Windows virtual machine with Secure Boot off runs unsigned boot loaders, kernels and drivers, which is how boot kits get in. The check applies to Trusted Launch and confidential Windows machines whose uefiSettings are declared (omitted ones take the platform's defaults), as Microsoft's built-in definition does; on others it has nothing to say.",
    remediation: {
      portal:
        'Stop (deallocate) the virtual machine, open Configuration, tick "Enable secure boot" and save.',
      cli: 'az vm deallocate -g <rg> -n <vm> && az vm update -g <rg> -n <vm> --enable-secure-boot true',
      template:
        'Microsoft.Compute/virtualMachines: properties.securityProfile.uefiSettings.secureBootEnabled = true',
    },
    resourceTypes: [VM],
    check: { kind: 'policy', definition: 'compute/windows-vm-secure-boot.json' },
  },
  {
    id: 'linux-vm-secure-boot',
    title: 'Linux virtual machines should use Secure Boot',
    severity: 'Low',
    mcsb: ['PV-4'],
    control: 'remediate-security-configurations',
    assessmentKey: '0396b18c-41aa-489c-affd-4ee5d1714a59',
    stage: 'ga',
    description:
      'A Trusted Launch or confidential Linux virtual machine with Secure Boot off loads unsigned boot components and kernel modules, which boot kits and rootkits rely on. Vigil reads the virtual machine model; Defender checks the same inside the guest on machines with the Azure Monitor Agent.',
    remediation: {
      portal:
        'Stop (deallocate) the virtual machine, open Configuration, tick "Enable secure boot" and save. Custom kernels or modules must be signed first, or the machine will not boot.',
      cli: 'az vm deallocate -g <rg> -n <vm> && az vm update -g <rg> -n <vm> --enable-secure-boot true',
      template:
        'Microsoft.Compute/virtualMachines: properties.securityProfile.uefiSettings.secureBootEnabled = true',
    },
    resourceTypes: [VM],
    check: { kind: 'policy', definition: 'compute/linux-vm-secure-boot.json' },
  },
  {
    id: 'vm-vtpm',
    title: 'vTPM should be enabled on supported virtual machines',
    severity: 'Low',
    mcsb: ['PV-4'],
    control: 'remediate-security-configurations',
    assessmentKey: '861bbc73-0a55-8d1d-efc6-e92d9e1176e0',
    stage: 'ga',
    description:
      "Without its virtual TPM a Trusted Launch virtual machine cannot measure its boot chain, so guest attestation, measured boot and TPM-backed features such as BitLocker key protection are unavailable. As in Microsoft's built-in definition, Trusted Launch machines whose uefiSettings are declared are judged; a confidential VM always has its vTPM.",
    remediation: {
      portal: 'Stop (deallocate) the virtual machine, open Configuration, tick "Enable vTPM" and save.',
      cli: 'az vm deallocate -g <rg> -n <vm> && az vm update -g <rg> -n <vm> --enable-vtpm true',
      template:
        'Microsoft.Compute/virtualMachines: properties.securityProfile.uefiSettings.vTpmEnabled = true',
    },
    resourceTypes: [VM],
    check: { kind: 'policy', definition: 'compute/vm-vtpm.json' },
  },
  {
    id: 'linux-guest-attestation',
    title: 'Guest Attestation extension should be installed on supported Linux virtual machines',
    severity: 'Low',
    mcsb: ['PV-4'],
    control: 'remediate-security-configurations',
    assessmentKey: 'e94a7421-fc27-7a4d-e9ba-2ba01384cacd',
    stage: 'ga',
    description:
      'Secure Boot and vTPM record how a machine booted; the Guest Attestation extension has those measurements checked remotely so that a compromised boot chain raises an alert. The check applies to Trusted Launch and confidential Linux machines with Secure Boot and vTPM on.',
    remediation: {
      portal:
        'Open the virtual machine > Extensions + applications > Add, pick "Guest Attestation" (Microsoft.Azure.Security.LinuxAttestation) and create it.',
      cli: 'az vm extension set -g <rg> --vm-name <vm> -n GuestAttestation --publisher Microsoft.Azure.Security.LinuxAttestation --enable-auto-upgrade true',
      template:
        'Microsoft.Compute/virtualMachines/extensions: properties.publisher = "Microsoft.Azure.Security.LinuxAttestation", properties.type = "GuestAttestation"',
    },
    resourceTypes: [VM],
    check: { kind: 'policy', definition: 'compute/linux-guest-attestation.json' },
  },
  {
    id: 'windows-guest-attestation',
    title: 'Guest Attestation extension should be installed on supported Windows virtual machines',
    severity: 'Low',
    mcsb: ['PV-4'],
    control: 'remediate-security-configurations',
    assessmentKey: '874b14bd-b49e-495a-88c6-46acb89b0a33',
    stage: 'ga',
    description:
      'Secure Boot and vTPM record how a machine booted; the Guest Attestation extension has those measurements checked remotely so that a compromised boot chain raises an alert. The check applies to Trusted Launch and confidential Windows machines with Secure Boot and vTPM on.',
    remediation: {
      portal:
        'Open the virtual machine > Extensions + applications > Add, pick "Guest Attestation" (Microsoft.Azure.Security.WindowsAttestation) and create it.',
      cli: 'az vm extension set -g <rg> --vm-name <vm> -n GuestAttestation --publisher Microsoft.Azure.Security.WindowsAttestation --enable-auto-upgrade true',
      template:
        'Microsoft.Compute/virtualMachines/extensions: properties.publisher = "Microsoft.Azure.Security.WindowsAttestation", properties.type = "GuestAttestation"',
    },
    resourceTypes: [VM],
    check: { kind: 'policy', definition: 'compute/windows-guest-attestation.json' },
  },
  {
    id: 'guest-configuration-extension',
    title: 'Guest Configuration extension should be installed on machines',
    severity: 'Medium',
    mcsb: ['PV-4'],
    control: 'implement-security-best-practices',
    assessmentKey: '6c99f570-2ce7-46bc-8175-cde013df43bc',
    stage: 'ga',
    description:
      "In-guest checks (security baselines, SSH password settings, disk encryption state) run through the Guest Configuration extension; a machine without it reports none of them. Images the extension does not support (Windows Server 2008, RHEL/CentOS/Oracle Linux 6, SLES 11, Ubuntu 12) and the Azure Databricks and Azure Red Hat OpenShift nodes their services manage are not applicable, as in Microsoft's built-in definition.",
    remediation: {
      portal:
        'Give the virtual machine a system-assigned identity (Identity > System assigned > On), then open Extensions + applications > Add and install the Azure Policy guest configuration extension for its OS.',
      cli: 'az vm identity assign -g <rg> -n <vm> && az vm extension set -g <rg> --vm-name <vm> -n ConfigurationforLinux --publisher Microsoft.GuestConfiguration --enable-auto-upgrade true   # ConfigurationforWindows on Windows',
      template:
        'Microsoft.Compute/virtualMachines/extensions: properties.publisher = "Microsoft.GuestConfiguration", properties.type = "ConfigurationforLinux" or "ConfigurationforWindows"',
    },
    resourceTypes: [VM],
    check: { kind: 'policy', definition: 'compute/guest-configuration-extension.json' },
  },
  {
    id: 'guest-configuration-managed-identity',
    title:
      "Virtual machines' Guest Configuration extension should be deployed with system-assigned managed identity",
    severity: 'Medium',
    mcsb: ['IM-3', 'PV-4'],
    control: 'implement-security-best-practices',
    assessmentKey: '69133b6b-695a-43eb-a763-221e19556755',
    stage: 'ga',
    description:
      "The Guest Configuration extension signs in to the machine configuration service with the virtual machine's system-assigned managed identity; on a machine without one it can neither download assignments nor report results. Each Guest Configuration extension is assessed against the virtual machine it is installed on; other extensions are not applicable.",
    remediation: {
      portal: 'Open the virtual machine > Identity > System assigned, set Status to On and save.',
      cli: 'az vm identity assign -g <rg> -n <vm>',
      template:
        'Microsoft.Compute/virtualMachines: identity.type = "SystemAssigned" (or "SystemAssigned, UserAssigned")',
    },
    resourceTypes: ['Microsoft.Compute/virtualMachines/extensions'],
    check: { kind: 'policy', definition: 'compute/guest-configuration-managed-identity.json' },
  },
  {
    id: 'linux-vm-password-authentication-disabled',
    title: 'Linux virtual machines should disable password authentication',
    severity: 'Medium',
    mcsb: ['IM-6'],
    control: 'implement-security-best-practices',
    stage: 'ga',
    description:
      'A Linux virtual machine provisioned with disablePasswordAuthentication false accepts SSH passwords, which attackers guess and spray. The flag is set when the machine is provisioned and ARM keeps that value; machines created from a specialized disk (no osProfile) are left to the image and pass.',
    remediation: {
      portal:
        'Redeploy the virtual machine with SSH public key authentication. On a running machine, add a key (Reset password > Reset SSH public key) and set "PasswordAuthentication no" in /etc/ssh/sshd_config; ARM keeps reporting the provisioning-time setting until the machine is recreated.',
      cli: 'az vm create -g <rg> -n <vm> --image <image> --authentication-type ssh --ssh-key-values <key.pub>',
      template:
        'Microsoft.Compute/virtualMachines: properties.osProfile.linuxConfiguration.disablePasswordAuthentication = true',
    },
    resourceTypes: [VM],
    check: { kind: 'policy', definition: 'compute/linux-vm-password-authentication-disabled.json' },
  },
  {
    id: 'linux-vm-ssh-keys',
    title: 'Authentication to Linux machines should require SSH keys',
    severity: 'Medium',
    mcsb: ['IM-6'],
    control: 'remediate-security-configurations',
    assessmentKey: '22441184-2f7b-d4a0-e00b-4c5eaef4afc9',
    stage: 'ga',
    description:
      'SSH with passwords can be brute-forced; SSH with a key pair cannot. A Linux virtual machine should be provisioned with at least one SSH public key and with password authentication off. Vigil reads the virtual machine model (Defender reads sshd inside the guest through machine configuration); machines without an osProfile pass.',
    remediation: {
      portal:
        'Redeploy the virtual machine with "SSH public key" as the authentication type. On a running machine, add a key (Reset password > Reset SSH public key) and disable PasswordAuthentication in sshd.',
      cli: 'az vm user update -g <rg> -n <vm> -u <admin-user> --ssh-key-value <key.pub>',
      template:
        'Microsoft.Compute/virtualMachines: properties.osProfile.linuxConfiguration = { disablePasswordAuthentication: true, ssh: { publicKeys: [ { path, keyData } ] } }',
    },
    resourceTypes: [VM],
    check: { kind: 'policy', definition: 'compute/linux-vm-ssh-keys.json' },
  },
  {
    id: 'vm-managed-disks',
    title: 'Virtual machines should use managed disks',
    severity: 'Medium',
    mcsb: ['PV-4'],
    control: 'implement-security-best-practices',
    stage: 'ga',
    description:
      "A virtual machine on unmanaged disks keeps its VHDs as page blobs in a storage account, whose keys grant access to the whole disk. Azure has retired unmanaged disks, and they support none of encryption at host, disk encryption sets, disk RBAC or private disk access. A VM is flagged when its OS disk or any data disk is unmanaged; Microsoft's built-in definition (VMRequireManagedDisk_Audit) looks at the OS disk only.",
    remediation: {
      portal: 'Stop (deallocate) the virtual machine, open Disks and select "Migrate to managed disks".',
      cli: 'az vm deallocate -g <rg> -n <vm> && az vm convert -g <rg> -n <vm>',
      template:
        'Microsoft.Compute/virtualMachines: properties.storageProfile.osDisk.managedDisk (and dataDisks[].managedDisk) instead of vhd.uri',
    },
    resourceTypes: [VM],
    check: { kind: 'policy', definition: 'compute/vm-managed-disks.json' },
  },
];
