import type { Resource } from '../../../src/inventory/resource.ts';
import type { JsonObject } from '../../../src/util/json.ts';
import { pricing, subscription } from '../../support/arm-resources.ts';
import { CONTACT_2020, CONTACT_2023 } from '../cases/defender.ts';

/**
 * Subscriptions with their Defender plans (Microsoft.Security/pricings, API 2024-01-01 shapes) and
 * security contacts (API 2020-01-01-preview and 2023-12-01-preview shapes), one combination each.
 */

const PLANS = [
  'VirtualMachines',
  'SqlServerVirtualMachines',
  'KeyVaults',
  'Arm',
  'Containers',
  'StorageAccounts',
];

const STORAGE_FULL: JsonObject = {
  subPlan: 'DefenderForStorageV2',
  extensions: [
    {
      name: 'OnUploadMalwareScanning',
      isEnabled: 'True',
      additionalExtensionProperties: { CapGBPerMonthPerStorageAccount: '5000' },
    },
    { name: 'SensitiveDataDiscovery', isEnabled: 'True' },
  ],
};

/** A contact set up with role notifications only: no additional addresses, no emails property. */
function withoutEmails(contact: JsonObject): JsonObject {
  const { emails: _, ...rest } = contact;
  return rest;
}

interface SubscriptionShape {
  name: string;
  /** Plan name → tier and extra properties; plans not named are Free. */
  plans?: Record<string, ['Standard' | 'Free', JsonObject?]>;
  contacts?: JsonObject[];
}

const ALL_STANDARD: SubscriptionShape['plans'] = Object.fromEntries(
  PLANS.map((p) => [p, ['Standard', p === 'StorageAccounts' ? STORAGE_FULL : {}]]),
);

const SHAPES: SubscriptionShape[] = [
  { name: 'all-standard-contact-2023', plans: ALL_STANDARD, contacts: [CONTACT_2023] },
  { name: 'all-free-contact-2020', contacts: [CONTACT_2020] },
  {
    name: 'servers-p1-storage-classic-contact-disabled',
    plans: {
      VirtualMachines: ['Standard', { subPlan: 'P1' }],
      StorageAccounts: ['Standard', { subPlan: 'PerTransaction' }],
    },
    contacts: [{ ...CONTACT_2023, isEnabled: false }],
  },
  {
    name: 'storage-lowercase-true-contact-empty-emails',
    plans: {
      StorageAccounts: [
        'Standard',
        {
          subPlan: 'DefenderForStorageV2',
          extensions: [
            { name: 'OnUploadMalwareScanning', isEnabled: 'true' },
            { name: 'SensitiveDataDiscovery', isEnabled: 'true' },
          ],
        },
      ],
    },
    contacts: [{ ...CONTACT_2023, emails: '' }],
  },
  {
    name: 'storage-malware-only-contact-without-emails',
    plans: {
      StorageAccounts: [
        'Standard',
        {
          subPlan: 'DefenderForStorageV2',
          extensions: [{ name: 'OnUploadMalwareScanning', isEnabled: 'True' }],
        },
      ],
    },
    contacts: [withoutEmails(CONTACT_2023)],
  },
  { name: 'no-contact', plans: { VirtualMachines: ['Standard', { subPlan: 'P2' }] } },
  {
    name: 'contact-low-severity-roles-off',
    contacts: [
      {
        ...CONTACT_2023,
        notificationsByRole: { state: 'Off', roles: ['Owner'] },
        notificationsSources: [{ sourceType: 'Alert', minimalSeverity: 'Low' }],
      },
    ],
  },
  {
    name: 'contact-account-admin-only',
    contacts: [{ ...CONTACT_2023, notificationsByRole: { state: 'On', roles: ['AccountAdmin'] } }],
  },
  {
    name: 'contact-2020-roles-off',
    contacts: [{ ...CONTACT_2020, notificationsByRole: { state: 'Off', roles: [] } }],
  },
  {
    name: 'contact-2020-alerts-off-high',
    contacts: [
      {
        ...CONTACT_2020,
        alertNotifications: { state: 'Off', minimalSeverity: 'High' },
        notificationsByRole: { state: 'Off', roles: ['Owner'] },
      },
    ],
  },
  {
    name: 'contact-attack-paths-only',
    contacts: [
      { ...CONTACT_2023, notificationsSources: [{ sourceType: 'AttackPath', minimalRiskLevel: 'High' }] },
    ],
  },
  { name: 'contact-not-an-address', contacts: [{ ...CONTACT_2023, emails: 'n/a' }] },
];

/** A stable GUID per shape, so subscriptions stay apart. */
function subscriptionId(index: number): string {
  return `0f0e0d0c-0b0a-4909-8807-${(0x060504030201 + index).toString(16).padStart(12, '0')}`;
}

export const SUBSCRIPTION_NAMES = new Map(
  SHAPES.map((s, i) => [`/subscriptions/${subscriptionId(i)}`, s.name]),
);

export function subscriptionEstate(): Resource[] {
  const out: Resource[] = [];
  for (const [i, shape] of SHAPES.entries()) {
    const id = subscriptionId(i);
    out.push({ ...subscription(id), displayName: shape.name });
    for (const plan of PLANS) {
      const [tier, extra] = shape.plans?.[plan] ?? ['Free'];
      out.push(pricing(plan, tier, extra ?? {}, id));
    }
    for (const [n, properties] of (shape.contacts ?? []).entries()) {
      const name = n === 0 ? 'default' : `default${n + 1}`;
      out.push({
        id: `/subscriptions/${id}/providers/Microsoft.Security/securityContacts/${name}`,
        name,
        type: 'Microsoft.Security/securityContacts',
        properties,
      });
    }
  }
  return out;
}
