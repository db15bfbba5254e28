/**
 * ARM shapes the demo estate needs and the generator does not build, or builds with random
 * choices the demo must pin: Defender plans, JIT policies and their NSG rules, Azure Disk
 * Encryption, classic (ASM) resources, and Azure Policy exemptions.
 */
import type { Resource } from '../../src/inventory/resource.ts';
import type { JsonObject, JsonValue } from '../../src/util/json.ts';
import { isoTimestamp, type Placement, resourceId } from './arm.ts';
import type { ExtensionKind, OsType } from './catalog.ts';
import type { DefenderPlan } from './demo-fleet.ts';
import type { RuleSpec } from './nsg.ts';
import type { Random } from './random.ts';

/** The resource with some of its properties replaced: for builder outputs the demo must pin. */
export function withProperties<T extends Resource>(resource: T, patch: JsonObject): T {
  return { ...resource, properties: { ...(resource.properties as JsonObject), ...patch } };
}

/**
 * `GET /subscriptions/{id}/providers/Microsoft.Security/pricings/{plan}`, api-version 2024-01-01
 * (azure-rest-api-specs Microsoft.Security/stable/2024-01-01/examples/Pricings/ListPricings_example.json).
 */
export function defenderPlan(random: Random, subscriptionId: string, plan: DefenderPlan): Resource {
  const on = plan.tier === 'Standard';
  return {
    id: `/subscriptions/${subscriptionId}/providers/Microsoft.Security/pricings/${plan.name}`,
    name: plan.name,
    type: 'Microsoft.Security/pricings',
    properties: {
      pricingTier: plan.tier,
      ...(plan.subPlan ? { subPlan: plan.subPlan } : {}),
      freeTrialRemainingTime: 'PT0S',
      ...(on ? { enablementTime: isoTimestamp(random, 700) } : {}),
      enforce: 'False',
      resourcesCoverageStatus: on ? 'FullyCovered' : 'NotCovered',
      ...(plan.extensions
        ? {
            extensions: plan.extensions.map((e) => ({
              name: e.name,
              isEnabled: e.isEnabled ? 'True' : 'False',
              ...(e.additionalExtensionProperties
                ? { additionalExtensionProperties: e.additionalExtensionProperties }
                : {}),
            })),
          }
        : {}),
    },
  };
}

export interface JitEnrolment {
  id: string;
  name: string;
  ports: number[];
}

/**
 * A resource group's `default` JIT policy (api-version 2020-01-01). `sources` is what requests may
 * ask for: a list of ranges, or '*' (any address the requester names). One past request, expired.
 */
export function jitNetworkAccessPolicy(
  placement: Placement,
  vms: readonly JitEnrolment[],
  sources: string[] | '*',
  pastRequest?: {
    vm: JitEnrolment;
    requestor: string;
    from: string;
    start: string;
    end: string;
    why: string;
  },
): Resource {
  const allowed: JsonObject =
    sources === '*' ? { allowedSourceAddressPrefix: '*' } : { allowedSourceAddressPrefixes: sources };
  return {
    id: resourceId(
      placement,
      'Microsoft.Security/locations/jitNetworkAccessPolicies',
      placement.location,
      'default',
    ),
    name: 'default',
    type: 'Microsoft.Security/locations/jitNetworkAccessPolicies',
    kind: 'Basic',
    location: placement.location,
    properties: {
      virtualMachines: vms.map((vm) => ({
        id: vm.id,
        ports: vm.ports.map((number) => ({
          number,
          protocol: '*',
          ...allowed,
          maxRequestAccessDuration: 'PT3H',
        })),
      })),
      requests: pastRequest
        ? [
            {
              virtualMachines: [
                {
                  id: pastRequest.vm.id,
                  ports: pastRequest.vm.ports.map((number) => ({
                    number,
                    allowedSourceAddressPrefix: pastRequest.from,
                    endTimeUtc: pastRequest.end,
                    status: 'Revoked',
                    statusReason: 'Expired',
                  })),
                },
              ],
              startTimeUtc: pastRequest.start,
              requestor: pastRequest.requestor,
              justification: pastRequest.why,
            },
          ]
        : [],
      provisioningState: 'Succeeded',
    },
  };
}

/**
 * The deny rule Defender writes into a VM's NSG when the VM joins a JIT policy: every policy
 * port, to the VM's private address, named `SecurityCenter-JITRule_<n>_<32 hex>` (see
 * /work/shared/AZURE-FACTS.md, "JIT VM access", rule names and priorities).
 */
export function jitDenyRule(random: Random, vm: JitEnrolment, privateIp: string, priority: number): RuleSpec {
  const n = random.int(-2_147_483_648, 2_147_483_647);
  return {
    name: `SecurityCenter-JITRule_${n}_${random.hex(32).toUpperCase()}`,
    priority,
    direction: 'Inbound',
    access: 'Deny',
    protocol: '*',
    ports: vm.ports.map(String),
    source: { prefixes: ['*'] },
    destination: { prefixes: [privateIp] },
    description: `ASC JIT Network Access rule for policy 'default' of VM '${vm.name}'.`,
  };
}

/**
 * Azure Disk Encryption without Microsoft Entra parameters (the v1.1 Linux and v2.2 Windows
 * schemas; learn.microsoft.com/azure/virtual-machines/extensions/azure-disk-enc-linux and
 * azure-disk-enc-windows), keys in `keyVaultId`.
 */
export function diskEncryptionExtension(os: OsType, keyVaultId: string): ExtensionKind {
  const vaultName = keyVaultId.split('/').pop() ?? 'vault';
  return {
    name: os === 'Linux' ? 'AzureDiskEncryptionForLinux' : 'AzureDiskEncryption',
    publisher: 'Microsoft.Azure.Security',
    type: os === 'Linux' ? 'AzureDiskEncryptionForLinux' : 'AzureDiskEncryption',
    typeHandlerVersion: os === 'Linux' ? '1.1' : '2.2',
    automaticUpgrade: false,
    settings: {
      EncryptionOperation: 'EnableEncryption',
      KeyVaultURL: `https://${vaultName}.vault.azure.net/`,
      KeyVaultResourceId: keyVaultId,
      KeyEncryptionAlgorithm: 'RSA-OAEP',
      VolumeType: 'All',
    },
    weight: 0,
  };
}

const CLASSIC_STORAGE = 'Microsoft.ClassicStorage/storageAccounts';
const CLASSIC_DOMAIN = 'Microsoft.ClassicCompute/domainNames';

/** A classic (ASM) storage account as ARM lists it. Classic APIs have no public REST spec; best effort. */
export function classicStorageAccount(random: Random, placement: Placement, name: string): Resource {
  const endpoint = (service: string) => `https://${name}.${service}.core.windows.net/`;
  return {
    id: resourceId(placement, CLASSIC_STORAGE, name),
    name,
    type: CLASSIC_STORAGE,
    location: placement.location,
    properties: {
      provisioningState: 'Succeeded',
      status: 'Created',
      endpoints: [endpoint('blob'), endpoint('queue'), endpoint('table'), endpoint('file')],
      accountType: 'Standard-LRS',
      geoPrimaryRegion: 'West Europe',
      statusOfPrimaryRegion: 'Available',
      creationTime: isoTimestamp(random, 3000),
    },
  };
}

/** A classic cloud service (the DNS name and deployment a classic VM lives in). Best effort, as above. */
export function classicCloudService(placement: Placement, name: string): Resource {
  return {
    id: resourceId(placement, CLASSIC_DOMAIN, name),
    name,
    type: CLASSIC_DOMAIN,
    location: placement.location,
    properties: {
      status: 'Created',
      hostName: `${name}.cloudapp.net`,
      label: name,
    },
  };
}

export interface ClassicVmSpec {
  placement: Placement;
  name: string;
  computerName: string;
  size: string;
  cloudService: Resource;
  storageAccount: Resource;
  sourceImageName: string;
  /** Classic endpoints: the public port on the cloud service's VIP forwarded to the VM. */
  endpoints: { name: string; publicPort: number; privatePort: number }[];
}

/**
 * A classic VM (Microsoft.ClassicCompute/virtualMachines) as ARM lists it after the September 2023
 * retirement stopped it. Property names follow the classic VM template schema; there is no REST
 * spec to check them against.
 */
export function classicVirtualMachine(random: Random, spec: ClassicVmSpec): Resource {
  const ref = (resource: Resource): JsonValue => ({
    id: resource.id,
    name: resource.name,
    type: resource.type,
  });
  const vhdHost = `${spec.storageAccount.name}.blob.core.windows.net`;
  return {
    id: resourceId(spec.placement, 'Microsoft.ClassicCompute/virtualMachines', spec.name),
    name: spec.name,
    type: 'Microsoft.ClassicCompute/virtualMachines',
    location: spec.placement.location,
    properties: {
      provisioningState: 'Succeeded',
      instanceView: {
        status: 'StoppedDeallocated',
        powerState: 'Stopped',
        computerName: spec.computerName,
        privateIpAddress: '10.0.0.4',
        publicIpAddresses: [],
        fullyQualifiedDomainName: `${spec.cloudService.name}.cloudapp.net`,
        updateDomain: 0,
        faultDomain: 0,
      },
      domainName: ref(spec.cloudService),
      hardwareProfile: {
        platformGuestAgent: true,
        size: spec.size,
        deploymentName: spec.cloudService.name,
        deploymentLabel: spec.cloudService.name,
        deploymentId: random.hex(32),
      },
      storageProfile: {
        operatingSystemDisk: {
          diskName: `${spec.cloudService.name}-${spec.name}-os-${random.int(1000, 9999)}`,
          caching: 'ReadWrite',
          operatingSystem: 'Windows',
          ioType: 'Standard',
          sourceImageName: spec.sourceImageName,
          vhdUri: `https://${vhdHost}/vhds/${spec.cloudService.name}-${spec.name}-os.vhd`,
          storageAccount: ref(spec.storageAccount),
        },
        dataDisks: [],
      },
      networkProfile: {
        inputEndpoints: spec.endpoints.map((e) => ({
          endpointName: e.name,
          privatePort: e.privatePort,
          publicPort: e.publicPort,
          protocol: 'tcp',
          enableDirectServerReturn: false,
        })),
      },
      extensions: [],
    },
  };
}

export interface ExemptionSpec {
  scope: string;
  name: string;
  policyAssignmentId: string;
  recommendations: string[];
  category: 'Waiver' | 'Mitigated';
  expiresOn: string;
  displayName: string;
  description: string;
  createdBy: string;
  createdAt: string;
}

/** An Azure Policy exemption as ARM returns it (Microsoft.Authorization/policyExemptions, 2022-07-01-preview). */
export function policyExemption(spec: ExemptionSpec): Resource {
  return {
    id: `${spec.scope}/providers/Microsoft.Authorization/policyExemptions/${spec.name}`,
    name: spec.name,
    type: 'Microsoft.Authorization/policyExemptions',
    properties: {
      policyAssignmentId: spec.policyAssignmentId,
      policyDefinitionReferenceIds: spec.recommendations,
      exemptionCategory: spec.category,
      expiresOn: spec.expiresOn,
      displayName: spec.displayName,
      description: spec.description,
      metadata: { requestedBy: spec.createdBy },
      assignmentScopeValidation: 'Default',
      resourceSelectors: [],
    },
    systemData: {
      createdBy: spec.createdBy,
      createdByType: 'User',
      createdAt: spec.createdAt,
      lastModifiedBy: spec.createdBy,
      lastModifiedByType: 'User',
      lastModifiedAt: spec.createdAt,
    },
  };
}
