import { IMAGES, vm, vmExtension } from '../../support/arm-resources.ts';
import { SYSTEM_ASSIGNED, USER_ASSIGNED } from '../../support/compute-resources.ts';
import type { RecommendationCase } from './types.ts';

const ENTRA_LINUX = {
  publisher: 'Microsoft.Azure.ActiveDirectory',
  type: 'AADSSHLoginForLinux',
  typeHandlerVersion: '1.0',
};
const ENTRA_WINDOWS = {
  publisher: 'Microsoft.Azure.ActiveDirectory',
  type: 'AADLoginForWindows',
  typeHandlerVersion: '2.2',
};

export const identityCases: RecommendationCase[] = [
  // ---- vm-managed-identity
  {
    recommendation: 'vm-managed-identity',
    title: 'VM with a system-assigned identity',
    resources: [vm('vm-sami', { identity: SYSTEM_ASSIGNED })],
    expected: 'healthy',
  },
  {
    recommendation: 'vm-managed-identity',
    title: 'VM with a user-assigned identity',
    resources: [vm('vm-uami', { identity: USER_ASSIGNED })],
    expected: 'healthy',
  },
  {
    recommendation: 'vm-managed-identity',
    title: 'VM without an identity block',
    resources: [vm('vm-noid')],
    expected: 'unhealthy',
    evidence: 'identity.type',
  },
  {
    recommendation: 'vm-managed-identity',
    title: 'VM whose identity type is None',
    resources: [vm('vm-idnone', { identity: { type: 'None' } })],
    expected: 'unhealthy',
  },

  // ---- vm-entra-id-login
  {
    recommendation: 'vm-entra-id-login',
    title: 'Linux VM with AADSSHLoginForLinux',
    resources: [
      vm('vm-entra', { identity: SYSTEM_ASSIGNED }),
      vmExtension('vm-entra', 'AADSSHLoginForLinux', ENTRA_LINUX),
    ],
    expected: 'healthy',
  },
  {
    recommendation: 'vm-entra-id-login',
    title: 'Windows VM with AADLoginForWindows',
    resources: [
      vm('vm-entraw', { image: IMAGES.windows2022, identity: SYSTEM_ASSIGNED }),
      vmExtension('vm-entraw', 'AADLoginForWindows', ENTRA_WINDOWS),
    ],
    expected: 'healthy',
  },
  {
    recommendation: 'vm-entra-id-login',
    title: 'Linux VM signed in to with local SSH keys only',
    resources: [vm('vm-local')],
    expected: 'unhealthy',
    evidence: 'No related resources',
  },
  {
    recommendation: 'vm-entra-id-login',
    title: 'Windows VM whose Entra sign-in extension failed to provision',
    resources: [
      vm('vm-entrafail', { image: IMAGES.windows2019, identity: SYSTEM_ASSIGNED }),
      vmExtension('vm-entrafail', 'AADLoginForWindows', { ...ENTRA_WINDOWS, provisioningState: 'Failed' }),
    ],
    expected: 'unhealthy',
  },
];
