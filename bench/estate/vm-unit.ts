import type { Resource } from '../../src/inventory/resource.ts';
import type { JsonObject } from '../../src/util/json.ts';
import type { Placement } from './arm.ts';
import {
  type ExtensionKind,
  IMAGES,
  LINUX_EXTENSIONS,
  type MarketplaceImage,
  OWNERS,
  VM_SIZES,
  WINDOWS_EXTENSIONS,
} from './catalog.ts';
import {
  type DiskEncryption,
  type DiskPlan,
  type DiskSku,
  disk,
  diskId,
  extension,
  virtualMachine,
  vmId,
} from './compute.ts';
import {
  allocateAddress,
  backendPoolId,
  natRuleId,
  networkInterface,
  nicId,
  nicIpConfigurationId,
  publicIpAddress,
  publicIpId,
} from './network.ts';
import { exposesManagement, networkSecurityGroup, planNsg, ruleSpecs } from './nsg.ts';
import type { SegmentContext, Tier } from './plans.ts';
import { protectedItem } from './platform.ts';
import type { Random } from './random.ts';
import { type AssessmentStatus, assessment, type JitVm } from './security.ts';

/** A VM with its NIC, disks, extensions, assessments and optional public IP, NIC NSG and backup item. */
export interface VmUnit {
  resources: Resource[];
  /** Present when the VM is enrolled in the segment's JIT policy. */
  jit?: JitVm;
  /** Records the unit's back-references (subnet, NSG, load balancer, vault); call only if the unit is kept. */
  commit(): void;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function base64(random: Random, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += BASE64[random.int(0, 63)];
  return out;
}

/** An OpenSSH public key line of realistic length (RSA-3072 or Ed25519). */
export function sshPublicKey(random: Random, user: string): string {
  return random.chance(0.6)
    ? `ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQ${base64(random, 518)}= ${user}@workstation`
    : `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${base64(random, 43)} ${user}@laptop`;
}

export function pickExtensions(
  random: Random,
  catalogue: readonly ExtensionKind[],
  count: number,
): ExtensionKind[] {
  const remaining = [...catalogue];
  const chosen: ExtensionKind[] = [];
  while (chosen.length < count && remaining.length > 0) {
    const kind = random.weighted(remaining.map((k) => [k, k.weight] as const));
    chosen.push(kind);
    remaining.splice(remaining.indexOf(kind), 1);
  }
  return chosen;
}

function pickTier(random: Random, segment: SegmentContext): Tier {
  const tiers: [Tier, number][] = [
    ['web', 35],
    ['app', 35],
    ['data', 15],
  ];
  if (segment.subnets.mgmt) tiers.push(['mgmt', 15]);
  return random.weighted(tiers);
}

function diskPlan(
  random: Random,
  segment: SegmentContext,
  name: string,
  sizeGb: number,
  options: { zone?: string; lun?: number; tags: JsonObject },
): DiskPlan {
  const placement = segment.placement;
  const sku = random.weighted<DiskSku>([
    ['Premium_LRS', 55],
    ['StandardSSD_LRS', 30],
    ['Standard_LRS', 12],
    ['Premium_ZRS', 3],
  ]);
  const encryption = random.weighted<DiskEncryption>([
    [{ type: 'EncryptionAtRestWithPlatformKey' }, 80],
    [
      {
        type: 'EncryptionAtRestWithCustomerKey',
        diskEncryptionSetId: segment.subscription.diskEncryptionSetId,
      },
      15,
    ],
    [
      {
        type: 'EncryptionAtRestWithPlatformAndCustomerKeys',
        diskEncryptionSetId: segment.subscription.diskEncryptionSetId,
      },
      5,
    ],
  ]);
  const publicAccess = random.chance(0.7);
  return {
    name,
    id: diskId(placement, name),
    placement,
    tags: options.tags,
    sizeGb,
    sku,
    encryption,
    ...(random.chance(0.05) ? { adeKeyVaultId: segment.subscription.keyVaultId } : {}),
    publicNetworkAccess: publicAccess ? 'Enabled' : 'Disabled',
    networkAccessPolicy: publicAccess ? 'AllowAll' : 'DenyAll',
    ...(options.lun !== undefined ? { lun: options.lun } : {}),
    ...(options.zone ? { zone: options.zone } : {}),
  };
}

/** Rolls one VM unit in the segment; nothing is recorded on the segment until `commit`. */
export function planVmUnit(random: Random, segment: SegmentContext, index: number): VmUnit {
  const placement: Placement = segment.placement;
  const tier = pickTier(random, segment);
  const subnet = segment.subnets[tier]!;
  // The showcase segment's fifth VM is a legacy one, so even small estates have an unmanaged disk.
  const forceLegacy = segment.showcase && index === 4;
  const image: MarketplaceImage = forceLegacy
    ? random.pick(IMAGES.filter((i) => i.generation === 'V1'))
    : random.weighted(IMAGES.map((i) => [i, i.weight] as const));
  const unmanaged = image.generation === 'V1' && (forceLegacy || random.chance(0.1));
  const linux = image.os === 'Linux';
  const number = String(index + 1).padStart(2, '0');
  const name = `vm-${segment.app}-${tier}-${number}`;
  const id = vmId(placement, name);
  const tags = {
    role: tier,
    ...segment.tags,
    ...(random.chance(0.2) ? { owner: random.pick(OWNERS) } : {}),
    ...(random.chance(0.1) ? { patchGroup: random.pick(['ring0', 'ring1', 'ring2']) } : {}),
  };
  const zone = random.chance(0.4) ? String(random.int(1, 3)) : undefined;
  const trustedLaunch = image.generation === 'V2' && random.chance(0.65);
  const passwordAuthenticationDisabled = !linux || random.chance(0.75);
  const adminUsername = random.pick(['azureuser', 'adminuser', 'ops', 'vmadmin', 'cloudadmin']);
  const resources: Resource[] = [];

  const osDisk = diskPlan(
    random,
    segment,
    `${name}_OsDisk_1_${random.hex(32)}`,
    linux ? random.pick([30, 64]) : random.pick([127, 128, 256]),
    {
      tags,
      ...(zone ? { zone } : {}),
    },
  );
  const dataDiskCount = unmanaged ? 0 : random.weighted(segment.profile.dataDisks);
  const dataDisks = Array.from({ length: dataDiskCount }, (_, lun) =>
    diskPlan(
      random,
      segment,
      `${name}-data-${String(lun).padStart(2, '0')}`,
      random.pick([128, 256, 512, 1024]),
      {
        tags,
        lun,
        ...(zone ? { zone } : {}),
      },
    ),
  );

  // Network: portal-style NIC name, optional NIC NSG, public IP, ASG and load balancer membership.
  const nicName = random.chance(0.5) ? `${name}${random.int(100, 999)}` : `${name}-nic`;
  const ipConfigId = nicIpConfigurationId(placement, nicName);
  const nicNsg = random.chance(segment.showcase && index === 0 ? 1 : segment.profile.nicNsg)
    ? planNsg(
        placement,
        `${name}-nsg`,
        tags,
        ruleSpecs(random, {
          role: linux ? 'nic-linux' : 'nic-windows',
          webPrefix: '',
          appPrefix: '',
          mgmtPrefix: '',
          riskyManagement: random.chance(0.6),
        }),
      )
    : undefined;
  const wantsPublicIp = random.chance(
    segment.showcase && index < 2 ? 1 : tier === 'web' || tier === 'mgmt' ? 0.15 : 0.03,
  );
  const publicIpSku = segment.showcase && index === 1 ? 'Basic' : random.chance(0.75) ? 'Standard' : 'Basic';
  const publicIpName = `${name}-ip`;
  const asgId = tier === 'web' ? segment.asgIds.web : tier === 'app' ? segment.asgIds.app : undefined;
  const lb = tier === 'web' ? segment.loadBalancer : undefined;
  const natRule =
    lb && lb.natRules.length < 2 && random.chance(0.5) ? `${linux ? 'ssh' : 'rdp'}-${name}` : undefined;
  const ipForwarding = random.chance(segment.showcase && index === 2 ? 1 : 0.03);

  if (wantsPublicIp) {
    resources.push(
      publicIpAddress(random, {
        placement,
        name: publicIpName,
        tags,
        sku: publicIpSku,
        ipConfigurationId: ipConfigId,
        ...(random.chance(0.3) ? { domainNameLabel: `${name}-${random.hex(4)}` } : {}),
        ...(zone && publicIpSku === 'Standard' ? { zones: [zone] } : {}),
      }),
    );
  }
  if (nicNsg) {
    nicNsg.nicIds.push(nicId(placement, nicName));
    resources.push(networkSecurityGroup(random, nicNsg));
  }
  resources.push(
    networkInterface(random, {
      placement,
      name: nicName,
      tags,
      subnetId: subnet.id,
      privateIp: allocateAddress(segment.vnet, subnet),
      staticIp: random.chance(0.3),
      ...(wantsPublicIp ? { publicIpId: publicIpId(placement, publicIpName) } : {}),
      ...(nicNsg ? { nsgId: nicNsg.id } : {}),
      asgIds: asgId && random.chance(0.7) ? [asgId] : [],
      backendPoolIds: lb ? [backendPoolId(lb)] : [],
      natRuleIds: lb && natRule ? [natRuleId(lb, natRule)] : [],
      vmId: id,
      ipForwarding,
      acceleratedNetworking: random.chance(0.7),
    }),
  );

  const sshKeyData =
    linux && (passwordAuthenticationDisabled || random.chance(0.4))
      ? sshPublicKey(random, adminUsername)
      : undefined;
  const encryptionAtHostRoll = random.weighted<boolean | undefined>([
    [true, 30],
    [false, 10],
    [undefined, 60],
  ]);
  const owner = { vmId: id, os: { type: image.os, image, trustedLaunch } } as const;
  if (!unmanaged) resources.push(disk(random, osDisk, owner));
  for (const d of dataDisks) resources.push(disk(random, d, { vmId: id }));
  const storageAccountName = segment.regional.storageAccountId.split('/').pop();
  resources.push(
    virtualMachine(random, {
      placement,
      name,
      computerName: linux ? name : `${segment.app.slice(0, 6)}${tier}${number}`.slice(0, 15),
      tags,
      image,
      size: random.weighted(VM_SIZES.map((s) => [s.name, s.weight] as const)),
      ...(zone ? { zone } : {}),
      nicIds: [nicId(placement, nicName)],
      osDisk,
      dataDisks,
      ...(unmanaged
        ? {
            unmanagedOsDiskUri: `https://${storageAccountName}.blob.core.windows.net/vhds/${name}-osdisk.vhd`,
          }
        : {}),
      trustedLaunch,
      secureBoot: trustedLaunch && random.chance(0.85),
      vTpm: trustedLaunch && random.chance(0.92),
      ...(encryptionAtHostRoll !== undefined ? { encryptionAtHost: encryptionAtHostRoll } : {}),
      passwordAuthenticationDisabled,
      ...(sshKeyData ? { sshKeyData } : {}),
      adminUsername,
      systemAssignedIdentity: random.chance(0.55),
      patchMode: linux
        ? random.weighted([
            ['ImageDefault', 60],
            ['AutomaticByPlatform', 40],
          ])
        : random.weighted([
            ['AutomaticByOS', 50],
            ['AutomaticByPlatform', 35],
            ['Manual', 15],
          ]),
      upperCaseDiskIds: random.chance(0.2),
      hybridBenefit: !linux && random.chance(0.3),
    }),
  );

  const extensions = pickExtensions(
    random,
    linux ? LINUX_EXTENSIONS : WINDOWS_EXTENSIONS,
    random.weighted(segment.profile.extensions),
  );
  for (const kind of extensions) {
    resources.push(extension(random, { id, placement }, kind, segment.subscription.workspace.customerId));
  }

  const jit = random.chance(segment.showcase && index === 3 ? 1 : 0.25)
    ? { id, ports: linux ? [22] : random.chance(0.5) ? [3389] : [3389, 5986] }
    : undefined;
  const backedUp = random.chance(segment.showcase && index === 0 ? 1 : segment.profile.backup);
  if (backedUp)
    resources.push(
      protectedItem(random, segment.regional.vault, { id, name, resourceGroup: placement.resourceGroup }),
    );

  // Defender's view of the same VM; statuses follow the configuration generated above.
  if (random.chance(segment.profile.assessments)) {
    const exposed = exposesManagement(nicNsg) || exposesManagement(subnet.nsg);
    const status = (healthy: boolean): AssessmentStatus => (healthy ? 'Healthy' : 'Unhealthy');
    resources.push(assessment(random, id, 'jit', jit ? 'Healthy' : exposed ? 'Unhealthy' : 'NotApplicable'));
    resources.push(assessment(random, id, 'encryptionAtHost', status(encryptionAtHostRoll === true)));
    resources.push(assessment(random, id, 'backup', status(backedUp)));
    if (linux) resources.push(assessment(random, id, 'sshKeys', status(passwordAuthenticationDisabled)));
    if (trustedLaunch) {
      const attested = extensions.some((e) => e.type === 'GuestAttestation');
      resources.push(assessment(random, id, 'guestAttestation', status(attested)));
    }
    if (ipForwarding) resources.push(assessment(random, id, 'ipForwarding', 'Unhealthy'));
    if (random.chance(0.5))
      resources.push(assessment(random, id, 'systemUpdates', status(random.chance(0.6))));
  }

  return {
    resources,
    ...(jit ? { jit } : {}),
    commit() {
      subnet.ipConfigurationIds.push(ipConfigId);
      if (lb) {
        lb.backendIpConfigurationIds.push(ipConfigId);
        if (natRule)
          lb.natRules.push({
            name: natRule,
            frontendPort: 50000 + lb.natRules.length + 1,
            backendPort: linux ? 22 : 3389,
            ipConfigurationId: ipConfigId,
          });
      }
      if (backedUp) segment.regional.vault.protectedItems++;
    },
  };
}
