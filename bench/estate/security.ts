import type { Resource } from '../../src/inventory/resource.ts';
import type { JsonObject } from '../../src/util/json.ts';
import { extensionResourceId, isoTimestamp, type Placement, resourceId } from './arm.ts';
import { ASSESSMENTS, type AssessmentKind } from './catalog.ts';
import type { Random } from './random.ts';

const SECURITY = 'Microsoft.Security';

export type PricingTier = 'Free' | 'Standard';

/** Shape of `GET /subscriptions/{id}/providers/Microsoft.Security/pricings/{plan}` (api-version 2024-01-01). */
export function pricing(random: Random, subscriptionId: string, plan: string, tier: PricingTier): Resource {
  const subPlan: Record<string, string> = {
    VirtualMachines: 'P2',
    StorageAccounts: 'DefenderForStorageV2',
    KeyVaults: 'PerKeyVault',
  };
  return {
    id: `/subscriptions/${subscriptionId}/providers/${SECURITY}/pricings/${plan}`,
    name: plan,
    type: `${SECURITY}/pricings`,
    properties: {
      pricingTier: tier,
      ...(tier === 'Standard' && subPlan[plan]
        ? { subPlan: plan === 'VirtualMachines' ? random.pick(['P1', 'P2']) : subPlan[plan] }
        : {}),
      freeTrialRemainingTime: 'PT0S',
      ...(tier === 'Standard' ? { enablementTime: isoTimestamp(random, 800) } : {}),
      ...(plan === 'VirtualMachines' && tier === 'Standard'
        ? {
            extensions: [
              { name: 'MdeDesignatedSubscription', isEnabled: 'False' },
              { name: 'AgentlessVmScanning', isEnabled: random.chance(0.7) ? 'True' : 'False' },
            ],
          }
        : {}),
    },
  };
}

/** Shape of a security contact as api-version 2020-01-01-preview returns it (the shape Azure Policy aliases address). */
export function securityContact(
  subscriptionId: string,
  emails: string,
  minimalSeverity: 'High' | 'Medium' | 'Low',
): Resource {
  return {
    id: `/subscriptions/${subscriptionId}/providers/${SECURITY}/securityContacts/default`,
    name: 'default',
    type: `${SECURITY}/securityContacts`,
    properties: {
      emails,
      phone: '',
      alertNotifications: { state: 'On', minimalSeverity },
      notificationsByRole: { state: 'On', roles: ['Owner'] },
    },
  };
}

export type AssessmentStatus = 'Healthy' | 'Unhealthy' | 'NotApplicable';

/** A Defender assessment of one resource: `<resourceId>/providers/Microsoft.Security/assessments/<key>`. */
export function assessment(
  random: Random,
  resourceIdValue: string,
  kind: AssessmentKind,
  status: AssessmentStatus,
): Resource {
  const { key, displayName } = ASSESSMENTS[kind];
  const firstEvaluation = isoTimestamp(random, 400);
  return {
    id: extensionResourceId(resourceIdValue, `${SECURITY}/assessments`, key),
    name: key,
    type: `${SECURITY}/assessments`,
    properties: {
      resourceDetails: { source: 'Azure', id: resourceIdValue },
      displayName,
      status: {
        code: status,
        ...(status === 'NotApplicable'
          ? { cause: 'Exempt', description: 'The resource is exempt from this assessment.' }
          : {}),
        firstEvaluationDate: firstEvaluation,
        statusChangeDate: firstEvaluation,
      },
      additionalData: {},
      links: {
        azurePortalUri: `https://portal.azure.com/#blade/Microsoft_Azure_Security/RecommendationsBlade/assessmentKey/${key}`,
      },
    },
  };
}

export interface JitVm {
  id: string;
  ports: number[];
}

/** A `default` JIT policy in a resource group (api-version 2020-01-01). */
export function jitPolicy(random: Random, placement: Placement, vms: readonly JitVm[]): Resource {
  const corporate = ['203.0.113.0/24', '198.51.100.0/25'];
  return {
    id: resourceId(
      placement,
      `${SECURITY}/locations/jitNetworkAccessPolicies`,
      placement.location,
      'default',
    ),
    name: 'default',
    type: `${SECURITY}/locations/jitNetworkAccessPolicies`,
    kind: 'Basic',
    location: placement.location,
    properties: {
      virtualMachines: vms.map((vm) => ({
        id: vm.id,
        ports: vm.ports.map((number) => ({
          number,
          protocol: '*',
          ...(random.chance(0.5)
            ? { allowedSourceAddressPrefix: '*' }
            : { allowedSourceAddressPrefixes: corporate }),
          maxRequestAccessDuration: random.pick(['PT3H', 'PT1H', 'PT8H']),
        })),
      })),
      requests: [],
      provisioningState: 'Succeeded',
    },
  };
}

export function diagnosticSetting(
  targetId: string,
  name: string,
  categories: readonly string[],
  destination: { workspaceId?: string; storageAccountId?: string },
): Resource {
  return {
    // ARM echoes the provider namespace of diagnostic settings in lower case.
    id: extensionResourceId(targetId, 'microsoft.insights/diagnosticSettings', name),
    name,
    type: 'Microsoft.Insights/diagnosticSettings',
    properties: {
      ...(destination.storageAccountId ? { storageAccountId: destination.storageAccountId } : {}),
      ...(destination.workspaceId ? { workspaceId: destination.workspaceId } : {}),
      logs: categories.map(
        (category): JsonObject => ({
          category,
          categoryGroup: null,
          enabled: true,
          retentionPolicy: { enabled: false, days: 0 },
        }),
      ),
      metrics: [],
      logAnalyticsDestinationType: null,
    },
  };
}
