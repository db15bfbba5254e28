import type { Recommendation } from '../types.ts';

// Vigil's own recommendations: Defender for Cloud has none for these settings. The MCSB id of
// vm-managed-identity follows the group of Microsoft's "A managed identity should be enabled on your
// machines" definition in the MCSB v2 initiative (Azure/azure-policy@f4a50bac MCSBv2.json).

const VM = 'Microsoft.Compute/virtualMachines';

export const identityRecommendations: Recommendation[] = [
  {
    id: 'vm-managed-identity',
    title: 'Virtual machines should have a managed identity',
    severity: 'Low',
    mcsb: ['IM-3'],
    control: 'implement-security-best-practices',
    stage: 'ga',
    description:
      'Without a managed identity, code on the virtual machine that calls Azure needs a secret or certificate stored on the machine, where anyone who compromises it can take it. A managed identity gets Microsoft Entra tokens from the platform instead, and is required by machine configuration and Entra ID sign-in.',
    remediation: {
      portal:
        'Open the virtual machine > Identity, turn on the system-assigned identity (or add a user-assigned one) and save.',
      cli: 'az vm identity assign -g <rg> -n <vm>',
      template:
        'Microsoft.Compute/virtualMachines: identity.type = "SystemAssigned" (or "UserAssigned" with identity.userAssignedIdentities)',
    },
    resourceTypes: [VM],
    check: { kind: 'policy', definition: 'identity/vm-managed-identity.json' },
  },
  {
    id: 'vm-entra-id-login',
    title: 'Virtual machines should use Microsoft Entra ID sign-in',
    severity: 'Low',
    mcsb: ['IM-1'],
    control: 'implement-security-best-practices',
    stage: 'ga',
    description:
      'Local accounts and SSH keys live on each machine and outlast the people who hold them. With the AADSSHLoginForLinux or AADLoginForWindows extension, people sign in with their Microsoft Entra ID accounts, governed by Azure RBAC roles (Virtual Machine Administrator/User Login) and Conditional Access, and lose access when their account does.',
    remediation: {
      portal:
        'Turn on the system-assigned identity, then open the virtual machine > Configuration (or Extensions + applications) and enable "Login with Microsoft Entra ID"; grant the Virtual Machine User Login role to the people who need access.',
      cli: 'az vm identity assign -g <rg> -n <vm> && az vm extension set -g <rg> --vm-name <vm> --publisher Microsoft.Azure.ActiveDirectory -n AADSSHLoginForLinux   # AADLoginForWindows on Windows',
      template:
        'Microsoft.Compute/virtualMachines/extensions: properties.publisher = "Microsoft.Azure.ActiveDirectory", properties.type = "AADSSHLoginForLinux" or "AADLoginForWindows"',
    },
    resourceTypes: [VM],
    check: { kind: 'policy', definition: 'identity/vm-entra-id-login.json' },
  },
];
