/**
 * The bundled demo estate: two subscriptions (contoso-prod, contoso-dev) with 30 VMs, a scale set
 * and a classic VM, in a believable mix of hardened and weak configurations, as `az graph query`
 * prints them. demo/README.md describes it and the findings it should produce; the fleet itself is
 * data in demo-fleet.ts.
 *
 *   node --import tsx bench/estate/demo.ts > demo/estate.json
 *   node --import tsx bench/estate/demo.ts --exemptions > demo/exemptions.json
 *
 * Deterministic: a fixed seed, and every timestamp relative to the generator's fixed "now".
 */
import { pathToFileURL } from 'node:url';
import type { Resource } from '../../src/inventory/resource.ts';
import type { JsonObject } from '../../src/util/json.ts';
import { type Placement, resourceGroupId, resourceId } from './arm.ts';
import { type ExtensionKind, LINUX_EXTENSIONS, type OsType, WINDOWS_EXTENSIONS } from './catalog.ts';
import {
  type DiskEncryption,
  type DiskPlan,
  disk,
  diskEncryptionSet,
  diskId,
  extension,
  virtualMachine,
  virtualMachineScaleSet,
  vmId,
} from './compute.ts';
import {
  classicCloudService,
  classicStorageAccount,
  classicVirtualMachine,
  defenderPlan,
  diskEncryptionExtension,
  type JitEnrolment,
  jitDenyRule,
  jitNetworkAccessPolicy,
  policyExemption,
  withProperties,
} from './demo-builders.ts';
import {
  ASG_IDS,
  CORPORATE,
  DEFENDER_ASSESSMENTS,
  DEFENDER_PLANS,
  type DemoVm,
  type Env,
  type ExtensionTag,
  LOCATION,
  NSG_RULES,
  SUBNETS,
  SUBSCRIPTIONS,
  TENANT_ID,
  VMS,
} from './demo-fleet.ts';
import {
  allocateAddress,
  applicationSecurityGroup,
  backendPoolId,
  flowLog,
  frontendId,
  type LoadBalancerPlan,
  loadBalancer,
  natRuleId,
  networkInterface,
  networkWatcher,
  nicId,
  nicIpConfigurationId,
  planLoadBalancer,
  planVirtualNetwork,
  publicIpAddress,
  publicIpId,
  type VnetPlan,
  virtualNetwork,
} from './network.ts';
import { type NsgPlan, networkSecurityGroup, planNsg } from './nsg.ts';
import {
  backupPolicy,
  keyVault,
  logAnalyticsWorkspace,
  protectedItem,
  recoveryServicesVault,
  resourceGroup,
  storageAccount,
  subscription,
} from './platform.ts';
import { Random } from './random.ts';
import { assessment, diagnosticSetting, securityContact } from './security.ts';
import { toResourceGraphRow } from './snapshot-format.ts';
import { sshPublicKey } from './vm-unit.ts';

const SEED = 20250601;

const place = (env: Env, resourceGroupName: string): Placement => ({
  subscriptionId: SUBSCRIPTIONS[env].id,
  tenantId: TENANT_ID,
  resourceGroup: resourceGroupName,
  location: LOCATION,
});

const RESOURCE_GROUPS: Record<Env, readonly [string, JsonObject][]> = {
  prod: [
    ['rg-prod-network', { purpose: 'network' }],
    ['rg-prod-web', { tier: 'web' }],
    ['rg-prod-app', { tier: 'app' }],
    ['rg-prod-db', { tier: 'db' }],
    ['rg-prod-ops', { purpose: 'operations' }],
    ['NetworkWatcherRG', {}],
  ],
  dev: [
    ['rg-dev-network', { purpose: 'network' }],
    ['rg-dev-workloads', {}],
    ['rg-dev-legacy', { purpose: 'legacy', migration: 'pending' }],
    ['NetworkWatcherRG', {}],
  ],
};

/** contoso-prod's operations resources, which VMs, disks and logs point at. */
const OPS = place('prod', 'rg-prod-ops');
const WORKSPACE_ID = resourceId(OPS, 'Microsoft.OperationalInsights/workspaces', 'law-prod-weu');
const KEY_VAULT_ID = resourceId(OPS, 'Microsoft.KeyVault/vaults', 'kv-prod-cmk-weu');
const DES_ID = resourceId(OPS, 'Microsoft.Compute/diskEncryptionSets', 'des-prod-cmk');
const FLOW_LOG_STORAGE_ID = resourceId(OPS, 'Microsoft.Storage/storageAccounts', 'stprodflowlogsweu');
const VAULT = { placement: OPS, name: 'rsv-prod-weu' };
const LEGACY = place('dev', 'rg-dev-legacy');
const VHD_STORAGE = 'stdevlegacyvhdweu';

const EXTENSION_NAMES: Record<Exclude<ExtensionTag, 'ADE'>, Record<OsType, string | undefined>> = {
  AMA: { Linux: 'AzureMonitorLinuxAgent', Windows: 'AzureMonitorWindowsAgent' },
  GA: { Linux: 'GuestAttestation', Windows: 'GuestAttestation' },
  GC: { Linux: 'AzurePolicyforLinux', Windows: 'AzurePolicyforWindows' },
  MDE: { Linux: 'MDE.Linux', Windows: 'MDE.Windows' },
  Entra: { Linux: 'AADSSHLoginForLinux', Windows: undefined },
};

function extensionKind(tag: ExtensionTag, os: OsType, vm: string): ExtensionKind {
  if (tag === 'ADE') return diskEncryptionExtension(os, KEY_VAULT_ID);
  const name = EXTENSION_NAMES[tag][os];
  const kind = (os === 'Linux' ? LINUX_EXTENSIONS : WINDOWS_EXTENSIONS).find((k) => k.name === name);
  if (!kind) throw new Error(`demo fleet: ${vm} asks for extension ${tag}, which ${os} does not have here`);
  return kind;
}

interface Network {
  vnet: VnetPlan;
  /** Subnet and NIC NSGs by name. */
  nsgs: Map<string, NsgPlan>;
}

function planNetwork(env: Env): Network {
  const subscriptionInfo = SUBSCRIPTIONS[env];
  const placement = place(env, subscriptionInfo.networkResourceGroup);
  const vnet = planVirtualNetwork(
    placement,
    `vnet-${env}-weu`,
    { environment: env },
    subscriptionInfo.secondOctet,
    SUBNETS[env],
  );
  const nsgs = new Map<string, NsgPlan>();
  for (const layout of SUBNETS[env]) {
    if (!layout.nsg) continue;
    const nsg = planNsg(placement, layout.nsg, { environment: env }, [...rulesOf(layout.nsg)]);
    const subnet = subnetOf(vnet, layout.name);
    nsg.subnetIds.push(subnet.id);
    subnet.nsg = nsg;
    nsgs.set(nsg.name, nsg);
  }
  return { vnet, nsgs };
}

function rulesOf(nsgName: string) {
  const rules = NSG_RULES[nsgName];
  if (!rules) throw new Error(`demo fleet: no rules for NSG ${nsgName}`);
  return rules;
}

function subnetOf(vnet: VnetPlan, name: string) {
  const subnet = vnet.subnets.find((s) => s.name === name);
  if (!subnet) throw new Error(`demo fleet: ${vnet.name} has no subnet ${name}`);
  return subnet;
}

interface BuiltVm {
  resources: Resource[];
  jit?: { resourceGroup: string; enrolment: JitEnrolment };
  backup?: Resource;
}

/** One VM with its NIC, public IP, NIC NSG, disks and extensions; records its back-references. */
function buildVm(random: Random, vm: DemoVm, network: Network, lb: LoadBalancerPlan): BuiltVm {
  const placement = place(vm.env, vm.resourceGroup);
  const linux = vm.image.os === 'Linux';
  if (linux !== (vm.login !== undefined))
    throw new Error(`demo fleet: ${vm.name} must state its SSH login exactly when it runs Linux`);
  if (vm.trustedLaunch && vm.image.generation !== 'V2')
    throw new Error(`demo fleet: ${vm.name} cannot be Trusted Launch on a Gen1 image`);
  const id = vmId(placement, vm.name);
  const tier = vm.name.split('-')[2] ?? '';
  const tags: JsonObject = {
    environment: vm.env,
    application: 'shop',
    tier,
    owner: vm.env === 'prod' ? 'platform-team@contoso.com' : 'app-team@contoso.com',
  };
  const resources: Resource[] = [];

  const subnet = subnetOf(network.vnet, vm.subnet);
  const nicName = `${vm.name}-nic`;
  const ipConfigId = nicIpConfigurationId(placement, nicName);
  const privateIp = allocateAddress(network.vnet, subnet);
  subnet.ipConfigurationIds.push(ipConfigId);

  const jit = vm.jitPorts ? { id, name: vm.name, ports: vm.jitPorts } : undefined;
  let nicNsg: NsgPlan | undefined;
  if (vm.nicNsg) {
    nicNsg = planNsg(placement, vm.nicNsg, tags, [...rulesOf(vm.nicNsg)]);
    nicNsg.nicIds.push(nicId(placement, nicName));
  }
  if (jit) {
    // Defender writes the deny rule into the NSG that filters the VM: its NIC's, else its subnet's.
    const target = nicNsg ?? subnet.nsg;
    if (!target) throw new Error(`demo fleet: ${vm.name} is in JIT but has no NSG for its deny rule`);
    const taken = target.rules.filter((r) => r.name.startsWith('SecurityCenter-JITRule_')).length;
    target.rules.push(jitDenyRule(random, jit, privateIp, 4096 - taken));
  }

  if (vm.publicIp) {
    resources.push(
      publicIpAddress(random, {
        placement,
        name: `${vm.name}-ip`,
        tags,
        sku: vm.publicIp,
        ipConfigurationId: ipConfigId,
        ...(vm.zone && vm.publicIp === 'Standard' ? { zones: [vm.zone] } : {}),
      }),
    );
  }
  if (nicNsg) resources.push(networkSecurityGroup(random, nicNsg));

  const natPort = vm.loadBalancer?.natFrontendPort;
  const natRuleName = natPort ? `${linux ? 'ssh' : 'rdp'}-${vm.name}` : undefined;
  if (vm.loadBalancer) {
    if (vm.env !== 'prod') throw new Error(`demo fleet: ${vm.name}: only contoso-prod has a load balancer`);
    lb.backendIpConfigurationIds.push(ipConfigId);
  }
  if (natRuleName && natPort) {
    lb.natRules.push({
      name: natRuleName,
      frontendPort: natPort,
      backendPort: linux ? 22 : 3389,
      ipConfigurationId: ipConfigId,
    });
  }
  resources.push(
    networkInterface(random, {
      placement,
      name: nicName,
      tags,
      subnetId: subnet.id,
      privateIp,
      staticIp: tier === 'db' || tier === 'nva',
      ...(vm.publicIp ? { publicIpId: publicIpId(placement, `${vm.name}-ip`) } : {}),
      ...(nicNsg ? { nsgId: nicNsg.id } : {}),
      asgIds: vm.asg ? [ASG_IDS[vm.asg]] : [],
      backendPoolIds: vm.loadBalancer ? [backendPoolId(lb)] : [],
      natRuleIds: natRuleName ? [natRuleId(lb, natRuleName)] : [],
      vmId: id,
      ipForwarding: vm.ipForwarding ?? false,
      acceleratedNetworking: true,
    }),
  );

  const ade = vm.extensions.includes('ADE');
  const encryption: DiskEncryption =
    vm.disks.encryption === 'cmk'
      ? { type: 'EncryptionAtRestWithCustomerKey', diskEncryptionSetId: DES_ID }
      : { type: 'EncryptionAtRestWithPlatformKey' };
  const diskPlan = (name: string, sizeGb: number, lun?: number, open = false): DiskPlan => ({
    name,
    id: diskId(placement, name),
    placement,
    tags,
    sizeGb,
    sku: vm.env === 'prod' ? 'Premium_LRS' : 'StandardSSD_LRS',
    encryption,
    ...(ade ? { adeKeyVaultId: KEY_VAULT_ID } : {}),
    publicNetworkAccess: open ? 'Enabled' : 'Disabled',
    networkAccessPolicy: open ? 'AllowAll' : 'DenyAll',
    ...(lun !== undefined ? { lun } : {}),
    ...(vm.zone ? { zone: vm.zone } : {}),
  });
  const osDisk = diskPlan(`${vm.name}-osdisk`, linux ? 30 : 127, undefined, vm.disks.publicOsDisk);
  const dataDisks = vm.disks.data.map((size, lun) =>
    diskPlan(`${vm.name}-data-${String(lun).padStart(2, '0')}`, size, lun),
  );
  if (!vm.disks.unmanaged) {
    resources.push(
      disk(random, osDisk, {
        vmId: id,
        os: { type: vm.image.os, image: vm.image, trustedLaunch: !!vm.trustedLaunch },
      }),
    );
  }
  for (const d of dataDisks) resources.push(disk(random, d, { vmId: id }));

  const adminUsername = vm.login?.password ? 'webadmin' : 'azureuser';
  resources.push(
    virtualMachine(random, {
      placement,
      name: vm.name,
      computerName: linux ? vm.name : vm.name.replace(/^vm-/, '').replace(/-/g, '').slice(0, 15),
      tags,
      image: vm.image,
      size: vm.size,
      ...(vm.zone ? { zone: vm.zone } : {}),
      nicIds: [nicId(placement, nicName)],
      osDisk,
      dataDisks,
      ...(vm.disks.unmanaged
        ? { unmanagedOsDiskUri: `https://${VHD_STORAGE}.blob.core.windows.net/vhds/${vm.name}-osdisk.vhd` }
        : {}),
      trustedLaunch: !!vm.trustedLaunch,
      secureBoot: vm.trustedLaunch?.secureBoot ?? false,
      vTpm: !!vm.trustedLaunch,
      ...(vm.encryptionAtHost !== undefined ? { encryptionAtHost: vm.encryptionAtHost } : {}),
      passwordAuthenticationDisabled: !vm.login?.password,
      ...(vm.login?.sshKey ? { sshKeyData: sshPublicKey(random, adminUsername) } : {}),
      adminUsername,
      systemAssignedIdentity: vm.identity ?? false,
      patchMode: vm.patchMode,
      upperCaseDiskIds: vm.upperCaseDiskIds ?? false,
      hybridBenefit: vm.hybridBenefit ?? false,
    }),
  );

  for (const tag of vm.extensions) {
    // No demo extension takes a Log Analytics workspace id (the legacy agents are not used here).
    const built = extension(random, { id, placement }, extensionKind(tag, vm.image.os, vm.name), '');
    resources.push(
      withProperties(built, { provisioningState: vm.failed?.includes(tag) ? 'Failed' : 'Succeeded' }),
    );
  }

  return {
    resources,
    ...(jit ? { jit: { resourceGroup: vm.resourceGroup, enrolment: jit } } : {}),
    ...(vm.backup
      ? {
          backup: withProperties(
            protectedItem(random, VAULT, { id, name: vm.name, resourceGroup: vm.resourceGroup }),
            {
              protectionStatus: 'Healthy',
              healthStatus: 'Passed',
              lastBackupStatus: 'Completed',
            },
          ),
        }
      : {}),
  };
}

function subscriptionScaffold(random: Random, env: Env): Resource[] {
  const info = SUBSCRIPTIONS[env];
  return [
    subscription(info.id, TENANT_ID, info.displayName, {
      environment: env,
      costCenter: env === 'prod' ? 'CC-1042' : 'CC-2087',
    }),
    ...RESOURCE_GROUPS[env].map(([name, tags]) =>
      resourceGroup(info.id, name, LOCATION, { environment: env, ...tags }),
    ),
    ...DEFENDER_PLANS[env].map((plan) => defenderPlan(random, info.id, plan)),
    // Only production has a security contact: dev alerts reach no one.
    ...(env === 'prod'
      ? [securityContact(info.id, 'secops@contoso.com;cloud-security@contoso.com', 'Medium')]
      : []),
  ];
}

function prodOperations(random: Random, workspaceCustomerId: string): Resource[] {
  return [
    logAnalyticsWorkspace(random, OPS, 'law-prod-weu', workspaceCustomerId),
    // Disk encryption sets require purge protection on their key vault.
    withProperties(keyVault(random, OPS, 'kv-prod-cmk-weu'), { enablePurgeProtection: true }),
    diskEncryptionSet(random, OPS, 'des-prod-cmk', KEY_VAULT_ID),
    storageAccount(random, OPS, 'stprodflowlogsweu', { purpose: 'flow-logs' }),
    recoveryServicesVault(random, OPS, VAULT.name),
  ];
}

function legacyDev(random: Random): Resource[] {
  const storage = classicStorageAccount(random, LEGACY, 'stdevclassicftp');
  const cloudService = classicCloudService(LEGACY, 'cs-dev-legacy-ftp');
  return [
    storageAccount(random, LEGACY, VHD_STORAGE, { purpose: 'vhds' }),
    storage,
    cloudService,
    classicVirtualMachine(random, {
      placement: LEGACY,
      name: 'vm-dev-ftp-classic',
      computerName: 'devftp01',
      size: 'Medium',
      cloudService,
      storageAccount: storage,
      sourceImageName: 'a699494373c04fc0bc8f2bb1389d6106__Windows-Server-2012-R2-20160126-en.us-127GB.vhd',
      endpoints: [
        { name: 'RemoteDesktop', publicPort: 53389, privatePort: 3389 },
        { name: 'PowerShell', publicPort: 5986, privatePort: 5986 },
        { name: 'FTP', publicPort: 21, privatePort: 21 },
      ],
    }),
  ];
}

function build(): Resource[] {
  const random = new Random(SEED);
  const networks: Record<Env, Network> = { prod: planNetwork('prod'), dev: planNetwork('dev') };
  const lb = planLoadBalancer(
    place('prod', 'rg-prod-network'),
    'lb-prod-web',
    { environment: 'prod' },
    'pip-lb-prod-web',
  );

  const scaffold = [...subscriptionScaffold(random, 'prod'), ...subscriptionScaffold(random, 'dev')];
  const workspace = { id: WORKSPACE_ID, customerId: random.guid() };
  const operations = [...prodOperations(random, workspace.customerId), ...legacyDev(random)];

  const vmResources: Resource[] = [];
  const backups: Resource[] = [];
  const jit = new Map<string, JitEnrolment[]>();
  for (const vm of VMS) {
    const built = buildVm(random, vm, networks[vm.env], lb);
    vmResources.push(...built.resources);
    if (built.backup) backups.push(built.backup);
    if (built.jit)
      jit.set(built.jit.resourceGroup, [...(jit.get(built.jit.resourceGroup) ?? []), built.jit.enrolment]);
  }

  const prodNet = place('prod', 'rg-prod-network');
  const appSubnet = subnetOf(networks.prod.vnet, 'snet-app');
  const scaleSetBuilt = virtualMachineScaleSet(random, {
    placement: place('prod', 'rg-prod-app'),
    name: 'vmss-prod-app',
    tags: { environment: 'prod', application: 'shop', tier: 'app' },
    image: VMS.find((v) => v.name === 'vm-prod-app-01')!.image,
    size: 'Standard_D2s_v5',
    capacity: 3,
    subnetId: appSubnet.id,
    ipForwarding: false,
    trustedLaunch: true,
    encryptionAtHost: false,
    passwordAuthenticationDisabled: true,
    sshKeyData: sshPublicKey(random, 'azureuser'),
    extensions: [
      extensionKind('AMA', 'Linux', 'vmss-prod-app'),
      extensionKind('GA', 'Linux', 'vmss-prod-app'),
    ],
    systemAssignedIdentity: true,
  });
  // Upgrades are rolled by hand: no automatic OS image upgrade.
  const scaleSet = withProperties(scaleSetBuilt, { upgradePolicy: { mode: 'Manual' } });

  const nsgBuilt = [...networks.prod.nsgs.values(), ...networks.dev.nsgs.values()].map((plan) =>
    networkSecurityGroup(random, plan),
  );
  const prodWatcher = place('prod', 'NetworkWatcherRG');
  // A flow log names its NSG by id and resourceGuid; ARM lists the flow log back on the NSG.
  const flowLogFor = (name: string, analytics: typeof workspace | undefined) =>
    withProperties(
      flowLog(random, prodWatcher, networks.prod.nsgs.get(name)!, FLOW_LOG_STORAGE_ID, analytics),
      {
        enabled: true,
        targetResourceGuid: (nsgBuilt.find((r) => r.name === name)!.properties as JsonObject).resourceGuid!,
      },
    );
  const flowLogs = [flowLogFor('nsg-prod-web', workspace), flowLogFor('nsg-prod-db', undefined)];
  const nsgResources = nsgBuilt.map((built) => {
    const logs = flowLogs.filter((log) => (log.properties as JsonObject).targetResourceId === built.id);
    return logs.length > 0 ? withProperties(built, { flowLogs: logs.map((log) => ({ id: log.id })) }) : built;
  });
  const network: Resource[] = [
    applicationSecurityGroup(random, prodNet, 'asg-prod-web', { environment: 'prod' }),
    applicationSecurityGroup(random, prodNet, 'asg-prod-app', { environment: 'prod' }),
    ...nsgResources,
    virtualNetwork(random, networks.prod.vnet),
    virtualNetwork(random, networks.dev.vnet),
    publicIpAddress(random, {
      placement: prodNet,
      name: 'pip-lb-prod-web',
      tags: { environment: 'prod' },
      sku: 'Standard',
      ipConfigurationId: frontendId(lb),
      zones: ['1', '2', '3'],
    }),
    loadBalancer(random, lb),
  ];

  const unattached = disk(
    random,
    {
      name: 'vm-dev-db-02-data-old',
      id: diskId(place('dev', 'rg-dev-workloads'), 'vm-dev-db-02-data-old'),
      placement: place('dev', 'rg-dev-workloads'),
      tags: { environment: 'dev', note: 'detached before the SQL 2019 upgrade' },
      sizeGb: 512,
      sku: 'StandardSSD_LRS',
      encryption: { type: 'EncryptionAtRestWithPlatformKey' },
      publicNetworkAccess: 'Disabled',
      networkAccessPolicy: 'DenyAll',
    },
    {},
  );

  const ids = new Map(VMS.map((v) => [v.name, vmId(place(v.env, v.resourceGroup), v.name)]));
  const security: Resource[] = [
    jitNetworkAccessPolicy(place('prod', 'rg-prod-app'), jit.get('rg-prod-app') ?? [], CORPORATE, {
      vm: (jit.get('rg-prod-app') ?? [])[0]!,
      requestor: 'alice@contoso.com',
      from: '203.0.113.17',
      start: '2025-05-28T09:12:44.5190000Z',
      end: '2025-05-28T12:12:44.5190000Z',
      why: 'Investigate a failed release on the app tier',
    }),
    // The database policy lets a request name any source address.
    jitNetworkAccessPolicy(place('prod', 'rg-prod-db'), jit.get('rg-prod-db') ?? [], '*'),
    ...DEFENDER_ASSESSMENTS.map((a) => {
      const target = ids.get(a.vm);
      if (!target) throw new Error(`demo fleet: assessment for unknown VM ${a.vm}`);
      return assessment(random, target, a.kind, a.status);
    }),
  ];

  const nsg = (name: string) => networks.prod.nsgs.get(name)!;
  const monitoring: Resource[] = [
    networkWatcher(random, prodWatcher),
    networkWatcher(random, place('dev', 'NetworkWatcherRG')),
    ...flowLogs,
    ...['nsg-prod-web', 'nsg-prod-db'].map((name) =>
      diagnosticSetting(
        nsg(name).id,
        'send-to-law-prod',
        ['NetworkSecurityGroupEvent', 'NetworkSecurityGroupRuleCounter'],
        { workspaceId: WORKSPACE_ID },
      ),
    ),
  ];

  return [
    ...scaffold,
    ...operations,
    ...network,
    ...vmResources,
    scaleSet,
    unattached,
    ...security,
    backupPolicy(OPS, VAULT.name, backups.length),
    ...backups,
    ...monitoring,
  ];
}

const RUNNING = { code: 'PowerState/running', displayStatus: 'VM running', level: 'Info' };
const DEALLOCATED = { code: 'PowerState/deallocated', displayStatus: 'VM deallocated', level: 'Info' };

/** Resource Graph's row, with the power state the fleet states rather than one derived from the vmId. */
function row(resource: Resource): JsonObject {
  const graphRow = toResourceGraphRow(resource, TENANT_ID);
  if (resource.type !== 'Microsoft.Compute/virtualMachines') return graphRow;
  const deallocated = VMS.find((v) => v.name === resource.name)?.deallocated ?? false;
  const properties = graphRow.properties as JsonObject;
  const extended = properties.extended as { instanceView: JsonObject };
  extended.instanceView.powerState = deallocated ? DEALLOCATED : RUNNING;
  return graphRow;
}

/** demo/estate.json: the estate as `az graph query` prints it. */
export function demoEstate(): JsonObject {
  const data = build().map(row);
  return { count: data.length, data, skip_token: null, total_records: data.length };
}

/** demo/exemptions.json: one exemption in force, one that lapsed in 2025. */
export function demoExemptions(): Resource[] {
  const assignment = (env: Env) =>
    `/subscriptions/${SUBSCRIPTIONS[env].id}/providers/Microsoft.Authorization/policyAssignments/vigil-benchmark`;
  return [
    policyExemption({
      scope: vmId(place('dev', 'rg-dev-workloads'), 'vm-dev-app-02'),
      name: 'dev-app-02-password-sign-in',
      policyAssignmentId: assignment('dev'),
      recommendations: ['linux-vm-password-authentication-disabled', 'linux-vm-ssh-keys'],
      category: 'Mitigated',
      expiresOn: '2027-06-30T00:00:00Z',
      displayName: 'vm-dev-app-02: password sign-in for the legacy deployment tool',
      description:
        'vm-dev-app-02 has no public address and its subnet admits SSH only from the VNet; the legacy deployment tool signs in with a password until it is replaced.',
      createdBy: 'bob@contoso.com',
      createdAt: '2025-04-14T08:30:12.0000000Z',
    }),
    policyExemption({
      scope: resourceGroupId(SUBSCRIPTIONS.prod.id, 'rg-prod-db'),
      name: 'prod-db-encryption-at-host',
      policyAssignmentId: assignment('prod'),
      recommendations: ['vm-encryption-at-host'],
      category: 'Waiver',
      expiresOn: '2025-03-31T00:00:00Z',
      displayName: 'rg-prod-db: encryption at host waits for the SQL maintenance window',
      description:
        'Waiver until the database VMs could be stopped to turn on encryption at host. It lapsed; vm-prod-db-03 and vm-prod-db-04 still run without it.',
      createdBy: 'carol@contoso.com',
      createdAt: '2024-12-02T16:05:40.0000000Z',
    }),
  ];
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const exemptions = process.argv.slice(2).includes('--exemptions');
  process.stdout.write(`${JSON.stringify(exemptions ? demoExemptions() : demoEstate(), null, 2)}\n`);
}
