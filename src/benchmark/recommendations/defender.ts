import type { Recommendation, Remediation, Severity } from '../types.ts';

// Titles, severities and assessment keys are Defender for Cloud's: Servers from
// MicrosoftDocs/defender-docs@0243082d articles/defender-for-cloud/recommendations-reference-compute.md
// (ms.date 2024-09-02); Storage, SQL servers on machines, Resource Manager, the security contact and
// the alert e-mails from Defender's data recommendations reference (ms.date 2024-03-13); Key Vault
// from its identity and access reference (ms.date 2024-03-13); Containers from its container
// reference. MCSB ids follow Azure/azure-policy@f4a50bac policySetDefinitions/Security
// Center/AzureSecurityCenter.json. Plans count toward "Enable enhanced security features" (0 points),
// where Defender puts its plan recommendations; the contact settings, whose control no source
// states, toward "Implement security best practices".

const SUBSCRIPTION = 'Microsoft.Resources/subscriptions';
/** Defender plans are in Resource Graph's securityresources table. */
const FROM_SECURITY_RESOURCES = 'Resource Graph: securityresources';
/**
 * Security contacts are in none of Resource Graph's tables (supported-tables-resources.md lists
 * pricings and assessments under securityresources, no securityContacts): Defender plans in a snapshot
 * say nothing of them. A subscription may truly have no contact, so one anywhere in the snapshot shows
 * that they were exported.
 */
const CONTACTS_EXPORTED: Recommendation['requires'] = {
  types: ['Microsoft.Security/securityContacts'],
  export: 'az security contact list, per subscription: Resource Graph has no security contacts',
  anywhere: true,
};

interface Plan {
  id: string;
  title: string;
  severity: Severity;
  assessmentKey: string;
  mcsb: string[];
  /** The `Microsoft.Security/pricings` name. */
  pricing: string;
  /** The portal's name for the plan. */
  portalName: string;
  description: string;
  /** What the plan needs beyond the Standard tier to count as on, where Microsoft's definition asks more. */
  beyondStandard?: { healthyWhen: string; portal: string; cliArgs: string; template: string };
}

const PLANS: Plan[] = [
  {
    id: 'defender-for-servers',
    title: 'Microsoft Defender for Servers should be enabled',
    severity: 'High',
    assessmentKey: '56a6e81f-7413-4f72-9a1b-aaeeaa87c872',
    mcsb: ['LT-1', 'LT-2', 'ES-1', 'IR-3', 'IR-5'],
    pricing: 'VirtualMachines',
    portalName: 'Servers',
    description:
      'Defender for Servers brings threat detection, endpoint detection and response, vulnerability assessment and just-in-time VM access to the machines of the subscription; without it, attacks on the VMs raise no alerts.',
  },
  {
    id: 'defender-for-storage',
    title: 'Microsoft Defender for Storage should be enabled',
    severity: 'High',
    assessmentKey: '1be22853-8ed1-4005-9907-ddad64cb1417',
    mcsb: ['DP-2', 'LT-1', 'LT-2', 'IR-3', 'IR-5'],
    pricing: 'StorageAccounts',
    portalName: 'Storage',
    description:
      'Defender for Storage detects unusual access to storage accounts, such as those holding boot diagnostics, backups and exported disks, and scans uploads for malware.',
    // The MCSB initiative's definition (640d2586-54d2-465f-877f-9ffc1d2109f4) asks for the per-account plan
    // with both of its extensions, not only the Standard tier.
    beyondStandard: {
      healthyWhen:
        'on the Standard tier with the DefenderForStorageV2 sub-plan and both its OnUploadMalwareScanning and SensitiveDataDiscovery extensions enabled; the classic per-transaction plan does not count',
      portal:
        ' Under the plan\'s Settings turn on both "On-upload malware scanning" and "Sensitive data threat detection"; a subscription on the classic per-transaction plan is moved to the new plan first.',
      cliArgs:
        ' --subplan DefenderForStorageV2 --extensions name=OnUploadMalwareScanning isEnabled=True --extensions name=SensitiveDataDiscovery isEnabled=True',
      template:
        ', properties.subPlan = "DefenderForStorageV2", properties.extensions = [{ name: "OnUploadMalwareScanning", isEnabled: "True" }, { name: "SensitiveDataDiscovery", isEnabled: "True" }]',
    },
  },
  {
    id: 'defender-for-sql-servers-on-machines',
    title: 'Microsoft Defender for SQL servers on machines should be enabled',
    severity: 'High',
    assessmentKey: '6ac66a74-761f-4a59-928a-d373eea3f028',
    mcsb: ['DP-2', 'LT-1', 'LT-2', 'IR-3', 'IR-5'],
    pricing: 'SqlServerVirtualMachines',
    portalName: 'Databases > SQL servers on machines',
    description:
      'SQL Server running on virtual machines is a favoured target for brute force and injection; this plan adds vulnerability assessment and threat detection for it.',
  },
  {
    id: 'defender-for-key-vault',
    title: 'Microsoft Defender for Key Vault should be enabled',
    severity: 'High',
    assessmentKey: 'b1af52e4-e968-4e2b-b6d0-6736c9651f0a',
    mcsb: ['DP-8', 'LT-1', 'LT-2', 'IR-3', 'IR-5'],
    pricing: 'KeyVaults',
    portalName: 'Key Vault',
    description:
      'Key vaults hold the disk encryption keys and secrets of virtual machines; this plan detects unusual or suspicious attempts to read them.',
  },
  {
    id: 'defender-for-resource-manager',
    title: 'Microsoft Defender for Resource Manager should be enabled',
    severity: 'High',
    assessmentKey: 'f0fb2a7e-16d5-849f-be57-86db712e9bd0',
    mcsb: ['LT-1', 'LT-2', 'IR-3', 'IR-5'],
    pricing: 'Arm',
    portalName: 'Resource Manager',
    description:
      'Attackers with stolen credentials act through Azure Resource Manager: running commands on VMs, installing extensions, opening NSG rules. This plan watches management operations and alerts on suspicious ones.',
  },
  {
    id: 'defender-for-containers',
    title: 'Microsoft Defender for Containers should be enabled',
    severity: 'High',
    assessmentKey: 'e599a9fe-30e3-47c6-a173-8b4b6d9d3255',
    mcsb: ['LT-1', 'LT-2', 'IR-3', 'IR-5'],
    pricing: 'Containers',
    portalName: 'Containers',
    description:
      'Kubernetes clusters run on virtual machine scale sets; this plan protects the clusters, their nodes and their images with hardening, vulnerability assessment and runtime threat detection.',
  },
];

function planRecommendation(plan: Plan): Recommendation {
  const remediation: Remediation = {
    portal: `Open Defender for Cloud > Environment settings > <subscription> > Defender plans, turn "${plan.portalName}" On, and save.${plan.beyondStandard?.portal ?? ''}`,
    cli: `az security pricing create -n ${plan.pricing} --tier Standard${plan.beyondStandard?.cliArgs ?? ''}`,
    template: `Microsoft.Security/pricings/${plan.pricing} (subscription scope): properties.pricingTier = "Standard"${plan.beyondStandard?.template ?? ''}`,
  };
  return {
    id: plan.id,
    title: plan.title,
    severity: plan.severity,
    mcsb: plan.mcsb,
    control: 'enable-enhanced-security-features',
    assessmentKey: plan.assessmentKey,
    stage: 'ga',
    description: `${plan.description} A subscription is healthy when its ${plan.pricing} pricing is ${plan.beyondStandard?.healthyWhen ?? 'on the Standard tier'}.`,
    remediation,
    resourceTypes: [SUBSCRIPTION],
    requires: { types: ['Microsoft.Security/pricings'], export: FROM_SECURITY_RESOURCES },
    check: { kind: 'policy', definition: `defender/${plan.id}.json` },
  };
}

export const defenderRecommendations: Recommendation[] = [
  ...PLANS.map(planRecommendation),
  {
    id: 'security-contact-email',
    title: 'Subscriptions should have a contact email address for security issues',
    severity: 'Low',
    mcsb: ['IR-2'],
    control: 'implement-security-best-practices',
    assessmentKey: '77758c9d-8a56-5f54-6ff7-69a762ca6004',
    stage: 'ga',
    description:
      "When Defender for Cloud finds a breach it e-mails the security contact of the subscription; with no address, nobody hears of it until someone opens the portal. A subscription is healthy when its security contact has at least one e-mail address (a value with an @). Microsoft's built-in definition (ASC_Security_contact_email) accepts any non-empty value, and a contact with no emails property at all.",
    remediation: {
      portal:
        'Open Defender for Cloud > Environment settings > <subscription> > Email notifications, enter the e-mail addresses of the security team under "Additional email addresses", and save.',
      cli: 'az security contact create -n default --emails <security-team@contoso.com> --notifications-by-role \'{"state":"On","roles":["Owner"]}\' --alert-notifications \'{"state":"On","minimalSeverity":"Medium"}\'',
      template:
        'Microsoft.Security/securityContacts/default (subscription scope): properties.emails = "<security-team@contoso.com>"',
    },
    resourceTypes: [SUBSCRIPTION],
    requires: CONTACTS_EXPORTED,
    check: { kind: 'policy', definition: 'defender/security-contact-email.json' },
  },
  {
    id: 'security-alert-notifications',
    title: 'Email notification for high severity alerts should be enabled',
    severity: 'Low',
    mcsb: ['IR-2'],
    control: 'implement-security-best-practices',
    assessmentKey: '3869fbd7-5d90-84e4-37bd-d9a7f4ce9a24',
    stage: 'ga',
    description:
      'An address alone is not enough: alert e-mails must be switched on for the security contact, or high-severity alerts wait unread in the portal. A subscription is healthy when its security contact receives alert notifications (any minimum severity includes high).',
    remediation: {
      portal:
        'Open Defender for Cloud > Environment settings > <subscription> > Email notifications, tick "Notify about alerts with the following severity (or higher)", choose High or lower, and save.',
      cli: 'az security contact update -n default --alert-notifications \'{"state":"On","minimalSeverity":"High"}\'',
      template:
        'Microsoft.Security/securityContacts/default: properties.isEnabled = true with properties.notificationsSources = [{ sourceType: "Alert", minimalSeverity: "High" }] (or, in API 2020-01-01-preview, properties.alertNotifications.state = "On")',
    },
    resourceTypes: [SUBSCRIPTION],
    requires: CONTACTS_EXPORTED,
    check: { kind: 'policy', definition: 'defender/security-alert-notifications.json' },
  },
  {
    id: 'security-alert-owner-notifications',
    title: 'Email notification to subscription owner for high severity alerts should be enabled',
    severity: 'Medium',
    mcsb: ['IR-2'],
    control: 'implement-security-best-practices',
    assessmentKey: '9f97e78d-88ee-a48d-abe2-5ef12954e7ea',
    stage: 'ga',
    description:
      "Subscription owners can act on an alert at once: stop a VM, revoke access. A subscription is healthy when Defender's alert e-mails are on and also go to everyone holding the Owner role.",
    remediation: {
      portal:
        'Open Defender for Cloud > Environment settings > <subscription> > Email notifications, select Owner under "All users with the following roles", make sure alert notifications are on, and save.',
      cli: 'az security contact update -n default --notifications-by-role \'{"state":"On","roles":["Owner"]}\' --alert-notifications \'{"state":"On","minimalSeverity":"High"}\'',
      template:
        'Microsoft.Security/securityContacts/default: properties.notificationsByRole = { state: "On", roles: ["Owner"] }, with alert notifications on',
    },
    resourceTypes: [SUBSCRIPTION],
    requires: CONTACTS_EXPORTED,
    check: { kind: 'policy', definition: 'defender/security-alert-owner-notifications.json' },
  },
];
