import type { JsonObject } from '../../../src/util/json.ts';
import {
  OTHER_SUBSCRIPTION_ID,
  pricing,
  SUBSCRIPTION,
  securityContact,
  subscription,
  vm,
} from '../../support/arm-resources.ts';
import type { RecommendationCase } from './types.ts';

// Subscription-level checks: the subject is the subscription, as Azure Policy evaluates
// Microsoft.Resources/subscriptions; pricings and security contacts are found at subscription scope.

/** `on`: what the plan's pricing holds besides the Standard tier when it counts as on. */
function planCases(recommendation: string, plan: string, on: JsonObject = {}): RecommendationCase[] {
  return [
    {
      recommendation,
      title: `${plan} on the Standard tier`,
      resources: [subscription(), pricing(plan, 'Standard', on), pricing('CloudPosture', 'Free')],
      subject: SUBSCRIPTION,
      expected: 'healthy',
    },
    {
      recommendation,
      title: `${plan} on the Free tier`,
      resources: [subscription(), pricing(plan, 'Free')],
      subject: SUBSCRIPTION,
      expected: 'unhealthy',
      evidence: 'Free',
    },
    {
      recommendation,
      title: `other plans exported but no ${plan} pricing`,
      resources: [
        subscription(),
        vm('vm-app-01'),
        pricing(plan === 'CloudPosture' ? 'Arm' : 'CloudPosture', 'Standard'),
      ],
      subject: SUBSCRIPTION,
      expected: 'unhealthy',
      evidence: 'Microsoft.Security/pricings',
    },
    {
      recommendation,
      title: `no pricings exported for the subscription: not assessed rather than unhealthy`,
      resources: [subscription(), vm('vm-app-01')],
      subject: SUBSCRIPTION,
      expected: 'notApplicable',
      evidence: 'Not assessed',
    },
    {
      recommendation,
      title: `${plan} is Standard only in another subscription`,
      resources: [
        subscription(),
        subscription(OTHER_SUBSCRIPTION_ID),
        pricing(plan, 'Standard', on, OTHER_SUBSCRIPTION_ID),
        pricing(plan, 'Free'),
      ],
      subject: SUBSCRIPTION,
      expected: 'unhealthy',
    },
  ];
}

/** The StorageAccounts pricing of the per-storage-account plan with both extensions on, as API 2024-01-01 returns it. */
const STORAGE_V2: JsonObject = {
  subPlan: 'DefenderForStorageV2',
  extensions: [
    {
      name: 'OnUploadMalwareScanning',
      isEnabled: 'True',
      additionalExtensionProperties: { CapGBPerMonthPerStorageAccount: '5000' },
      operationStatus: { code: 'Succeeded', message: 'Successfully enabled the extension.' },
    },
    {
      name: 'SensitiveDataDiscovery',
      isEnabled: 'True',
      operationStatus: { code: 'Succeeded', message: 'Successfully enabled the extension.' },
    },
  ],
};

// The MCSB initiative's Storage definition (MDC_Microsoft_Defender_For_Storage_Full_Audit,
// 640d2586-54d2-465f-877f-9ffc1d2109f4) wants the per-account plan with both extensions: the Standard
// tier alone is not enough.
const storagePlanCases: RecommendationCase[] = [
  {
    recommendation: 'defender-for-storage',
    title: 'classic per-transaction plan on the Standard tier',
    resources: [subscription(), pricing('StorageAccounts', 'Standard', { subPlan: 'PerTransaction' })],
    subject: SUBSCRIPTION,
    expected: 'unhealthy',
    evidence: 'subPlan',
  },
  {
    recommendation: 'defender-for-storage',
    title: 'per-account plan with malware scanning turned off to save cost',
    resources: [
      subscription(),
      pricing('StorageAccounts', 'Standard', {
        subPlan: 'DefenderForStorageV2',
        extensions: [
          { name: 'OnUploadMalwareScanning', isEnabled: 'False' },
          { name: 'SensitiveDataDiscovery', isEnabled: 'True' },
        ],
      }),
    ],
    subject: SUBSCRIPTION,
    expected: 'unhealthy',
  },
];

/** Security contacts as API 2023-12-01-preview returns them. */
export const CONTACT_2023: JsonObject = {
  emails: 'secops@contoso.com;cloud-admins@contoso.com',
  phone: '+1-425-555-0100',
  isEnabled: true,
  notificationsByRole: { state: 'On', roles: ['Owner', 'ServiceAdmin'] },
  notificationsSources: [
    { sourceType: 'Alert', minimalSeverity: 'High' },
    { sourceType: 'AttackPath', minimalRiskLevel: 'Critical' },
  ],
};

/** As API 2020-01-01-preview returns them. */
export const CONTACT_2020: JsonObject = {
  emails: 'secops@contoso.com',
  phone: '',
  alertNotifications: { state: 'On', minimalSeverity: 'Medium' },
  notificationsByRole: { state: 'On', roles: ['Owner'] },
};

const contacts: RecommendationCase[] = [
  {
    recommendation: 'security-contact-email',
    title: 'the contact has e-mail addresses',
    resources: [subscription(), securityContact(CONTACT_2023)],
    subject: SUBSCRIPTION,
    expected: 'healthy',
  },
  {
    recommendation: 'security-contact-email',
    title: 'the contact has an empty address',
    resources: [subscription(), securityContact({ ...CONTACT_2020, emails: '' })],
    subject: SUBSCRIPTION,
    expected: 'unhealthy',
    evidence: 'securityContacts/email',
  },
  {
    recommendation: 'security-contact-email',
    title: "no security contact, where another subscription's contacts were exported",
    resources: [
      subscription(),
      pricing('VirtualMachines', 'Free'),
      subscription(OTHER_SUBSCRIPTION_ID),
      {
        ...securityContact(CONTACT_2023),
        id: `/subscriptions/${OTHER_SUBSCRIPTION_ID}/providers/Microsoft.Security/securityContacts/default`,
      },
    ],
    subject: SUBSCRIPTION,
    expected: 'unhealthy',
  },
  {
    // Security contacts are in no Resource Graph table (supported-tables-resources.md lists pricings
    // under securityresources, not securityContacts): the plans of a securityresources export say
    // nothing of them.
    recommendation: 'security-contact-email',
    title: 'Defender plans exported but no security contacts anywhere: not assessed rather than unhealthy',
    resources: [subscription(), pricing('VirtualMachines', 'Standard')],
    subject: SUBSCRIPTION,
    expected: 'notApplicable',
    evidence: 'az security contact list',
  },
  {
    recommendation: 'security-alert-notifications',
    title: 'Defender plans exported but no security contacts anywhere: not assessed',
    resources: [subscription(), pricing('VirtualMachines', 'Standard')],
    subject: SUBSCRIPTION,
    expected: 'notApplicable',
    evidence: 'az security contact list',
  },
  {
    recommendation: 'security-alert-owner-notifications',
    title: 'Defender plans exported but no security contacts anywhere: not assessed',
    resources: [subscription(), pricing('VirtualMachines', 'Standard')],
    subject: SUBSCRIPTION,
    expected: 'notApplicable',
    evidence: 'az security contact list',
  },
  {
    recommendation: 'security-contact-email',
    title: 'nothing of Defender exported: not assessed',
    resources: [subscription()],
    subject: SUBSCRIPTION,
    expected: 'notApplicable',
    evidence: 'Not assessed',
  },
  {
    recommendation: 'security-alert-notifications',
    title: 'alert notifications on (API 2020-01-01-preview)',
    resources: [subscription(), securityContact(CONTACT_2020)],
    subject: SUBSCRIPTION,
    expected: 'healthy',
  },
  {
    recommendation: 'security-alert-notifications',
    title: 'an enabled contact with an Alert source (API 2023-12-01-preview)',
    resources: [subscription(), securityContact(CONTACT_2023)],
    subject: SUBSCRIPTION,
    expected: 'healthy',
  },
  {
    recommendation: 'security-alert-notifications',
    title: 'alert notifications off',
    resources: [
      subscription(),
      securityContact({ ...CONTACT_2020, alertNotifications: { state: 'Off', minimalSeverity: 'High' } }),
    ],
    subject: SUBSCRIPTION,
    expected: 'unhealthy',
    evidence: 'alertNotifications',
  },
  {
    recommendation: 'security-alert-notifications',
    title: 'an enabled contact notified of attack paths only',
    resources: [
      subscription(),
      securityContact({
        ...CONTACT_2023,
        notificationsSources: [{ sourceType: 'AttackPath', minimalRiskLevel: 'Critical' }],
      }),
    ],
    subject: SUBSCRIPTION,
    expected: 'unhealthy',
  },
  {
    recommendation: 'security-alert-owner-notifications',
    title: 'owners are e-mailed alerts',
    resources: [subscription(), securityContact(CONTACT_2023)],
    subject: SUBSCRIPTION,
    expected: 'healthy',
  },
  {
    recommendation: 'security-alert-owner-notifications',
    title: 'role notifications go to admins only',
    resources: [
      subscription(),
      securityContact({ ...CONTACT_2023, notificationsByRole: { state: 'On', roles: ['AccountAdmin'] } }),
    ],
    subject: SUBSCRIPTION,
    expected: 'unhealthy',
    evidence: 'roles',
  },
  {
    recommendation: 'security-alert-owner-notifications',
    title: 'role notifications off',
    resources: [
      subscription(),
      securityContact({ ...CONTACT_2020, notificationsByRole: { state: 'Off', roles: ['Owner'] } }),
    ],
    subject: SUBSCRIPTION,
    expected: 'unhealthy',
  },
  {
    recommendation: 'security-alert-owner-notifications',
    title: 'owners listed but alert e-mails off',
    resources: [subscription(), securityContact({ ...CONTACT_2020, alertNotifications: { state: 'Off' } })],
    subject: SUBSCRIPTION,
    expected: 'unhealthy',
  },
];

export const defenderCases: RecommendationCase[] = [
  ...planCases('defender-for-servers', 'VirtualMachines'),
  {
    recommendation: 'defender-for-servers',
    title: 'a subscription the snapshot knows only from its resources',
    resources: [vm('vm-app-01'), pricing('VirtualMachines', 'Standard')],
    subject: SUBSCRIPTION,
    expected: 'healthy',
  },
  ...planCases('defender-for-storage', 'StorageAccounts', STORAGE_V2),
  ...storagePlanCases,
  ...planCases('defender-for-sql-servers-on-machines', 'SqlServerVirtualMachines'),
  ...planCases('defender-for-key-vault', 'KeyVaults'),
  ...planCases('defender-for-resource-manager', 'Arm'),
  ...planCases('defender-for-containers', 'Containers'),
  ...contacts,
];
