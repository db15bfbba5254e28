/**
 * The NSG engine at scale: `nsgs` NSGs of 200 rules each (half on subnets, half on the NICs of one
 * VM per subnet, every VM with a Standard public IP). Measured in the same run:
 *
 * - flow verify: decisions through the subnet and NIC NSGs of random VMs (inbound and outbound,
 *   internet, VNet and named sources, hit and miss ports), against a plain evaluator that walks the
 *   same rules, sorted once, reading their JSON fields as it goes: what a script over `az network
 *   nsg show` output does. Both must agree on every verdict the engine is sure of.
 * - exposure: every VM's internet exposure (paths, ports, sources, rules), against JSON.parse of
 *   the NSGs' JSON text: the cost of merely reading the rules once.
 * Reading and compiling the NSGs (once per run) is reported beside the decisions, and the heap
 * after it.
 *
 * The NSGs share their `securityRules` arrays, a few hundred distinct lists among them, so the
 * generated input stays small; the engine still reads and compiles every NSG on its own (it does not
 * know the arrays are shared). Each NSG's JSON text for the parse baseline is made when it is parsed.
 */
import { getHeapStatistics } from 'node:v8';
import { Inventory } from '../src/inventory/inventory.ts';
import type { Resource } from '../src/inventory/resource.ts';
import { PROTOCOL_BITS } from '../src/network/compiled-nsg.ts';
import { NetworkEngine } from '../src/network/engine.ts';
import { vmExposure } from '../src/network/exposure.ts';
import type { Packet } from '../src/network/first-match.ts';
import { type Address, ipv4Address } from '../src/network/ip-address.ts';
import { evaluateChain } from '../src/network/nsg-chain.ts';
import { NOT_PUBLIC_V4 } from '../src/network/service-tags.ts';
import { inboundLevels, outboundLevels, type VmInterface } from '../src/network/topology.ts';
import type { JsonObject } from '../src/util/json.ts';
import { Random } from './estate/random.ts';
import { type BenchResult, bestOf, mebibytes, seconds } from './measure.ts';

const RULES_PER_NSG = 200;
const SUBNETS_PER_VNET = 50;
/** Distinct rule lists the NSGs pick from. */
const RULE_LISTS = 256;
const DECISIONS = 100_000;
/** Our time per decision over the plain evaluator's; the engine must be at least five times faster. */
const VERIFY_TARGET = 0.2;
/** Exposure of every VM over reading its NSGs' JSON once. */
const EXPOSURE_TARGET = 40;

const SUB = '/subscriptions/5c0ffee0-0000-4000-8000-00000000beef/resourceGroups/rg-bench';
const NET = `${SUB}/providers/Microsoft.Network`;
const PORTS = [22, 80, 443, 1433, 3306, 3389, 5432, 5985, 5986, 6379, 8080, 8443, 9090, 9100, 27017];
const PUBLIC_BLOCKS = ['203.0.113.0/24', '198.51.100.0/24', '192.0.2.0/24', '20.40.0.0/16', '52.160.0.0/12'];

export function networkBenchEstate(nsgs: number): Resource[] {
  return networkEstate(new Random(7), Math.max(1, Math.floor(nsgs / 2)));
}

/** `decisions`: how many flow verify decisions to time (fewer in tests). */
export async function benchNetwork(nsgs: number, decisionCount = DECISIONS): Promise<BenchResult[]> {
  const vms = Math.max(1, Math.floor(nsgs / 2));
  const random = new Random(7);
  const resources = networkEstate(random, vms);
  const nsgResources = resources.filter((r) => r.type === 'Microsoft.Network/networkSecurityGroups');

  const inventory = new Inventory();
  for (const r of resources) inventory.add(r);
  inventory.byType('Microsoft.Compute/virtualMachines'); // the Inventory's own index is not the engine's cost
  const startedCompile = performance.now();
  const engine = new NetworkEngine(inventory);
  const interfaces = engine.allInterfaces();
  const compileMs = performance.now() - startedCompile;

  const decisions = makeDecisions(random, interfaces, decisionCount);
  const plain = decisions.map((d) => plainDecision(inventory, d));
  let verdicts: string[] = [];
  let baseline: string[] = [];
  // Alternated, so other load on the machine weighs on both sides alike.
  let engineMs = Number.POSITIVE_INFINITY;
  let plainMs = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 3; run++) {
    engineMs = Math.min(
      engineMs,
      bestOf(1, () => {
        verdicts = decisions.map(
          (d) =>
            evaluateChain(
              d.inbound ? inboundLevels(d.i) : outboundLevels(d.i),
              d.inbound ? 'Inbound' : 'Outbound',
              d.packet,
            ).access,
        );
      }),
    );
    plainMs = Math.min(
      plainMs,
      bestOf(1, () => {
        baseline = plain.map((p) => p());
      }),
    );
  }
  const disagree = verdicts.filter((v, k) => v !== 'Unknown' && v !== baseline[k]).length;
  const unknown = verdicts.filter((v) => v === 'Unknown').length;

  const heapAfterCompile = process.memoryUsage().heapUsed;
  const parseMs = bestOf(3, () => timedParse(nsgResources));
  let exposed = 0;
  const vmList = inventory.byType('Microsoft.Compute/virtualMachines');
  // On the engine the decisions warmed: reading and compiling the NSGs is reported above.
  const exposureMs = bestOf(2, () => {
    exposed = 0;
    for (const vm of vmList) exposed += vmExposure(engine, vm).exposed.length;
  });
  const perSecond = (count: number, ms: number) =>
    `${Math.round((count / ms) * 1000).toLocaleString('en-US')}/s`;
  return [
    {
      name: 'network: flow verify',
      detail: `${nsgs.toLocaleString('en-US')} NSGs × ${RULES_PER_NSG} rules, ${vms.toLocaleString('en-US')} VMs (subnet + NIC NSG each), ${decisionCount.toLocaleString('en-US')} decisions`,
      throughput: `engine: ${perSecond(decisionCount, engineMs)} decisions (${((engineMs * 1000) / decisionCount).toFixed(2)} µs each); reading and compiling every NSG took ${seconds(compileMs)}; ${mebibytes(heapAfterCompile)} of heap in use after it (limit ${mebibytes(getHeapStatistics().heap_size_limit)})`,
      baseline: `plain evaluator over the same rules: ${perSecond(decisionCount, plainMs)} decisions`,
      ratio: engineMs / plainMs,
      target: VERIFY_TARGET,
      limits: [
        { what: 'verdicts that differ from the plain evaluator', value: disagree, limit: 0, format: String },
      ],
      notes: [
        `${unknown} decisions depend on a service tag Vigil has no prefixes for (the plain evaluator takes them as no match)`,
      ],
    },
    {
      name: 'network: exposure',
      detail: `internet exposure of ${vms.toLocaleString('en-US')} VMs behind ${nsgs.toLocaleString('en-US')} NSGs × ${RULES_PER_NSG} rules (NSGs already compiled)`,
      throughput: `engine: ${perSecond(vms, exposureMs)} VMs (${exposed.toLocaleString('en-US')} exposed port ranges found)`,
      baseline: `JSON.parse of the ${nsgResources.length.toLocaleString('en-US')} NSGs' JSON text: ${seconds(parseMs)}`,
      ratio: exposureMs / parseMs,
      target: EXPOSURE_TARGET,
      notes: [],
    },
  ];
}

/** The time JSON.parse takes over every NSG's text; each text is made untimed just before. */
function timedParse(nsgs: readonly Resource[]): number {
  let ms = 0;
  for (const nsg of nsgs) {
    const text = JSON.stringify(nsg);
    const started = performance.now();
    JSON.parse(text);
    ms += performance.now() - started;
  }
  return ms;
}

interface Decision {
  i: VmInterface;
  inbound: boolean;
  packet: Packet;
  /** The same question in the words a plain evaluator reads. */
  protocol: 'tcp' | 'udp';
  remote: number;
  port: number;
}

function makeDecisions(random: Random, interfaces: VmInterface[], count: number): Decision[] {
  const out: Decision[] = [];
  for (let k = 0; k < count; k++) {
    const i = random.pick(interfaces);
    const inbound = random.chance(0.8);
    const tcp = random.chance(0.85);
    const remote = pickRemote(random, i);
    const port = random.chance(0.7) ? random.pick(PORTS) : random.int(1, 65535);
    const remoteAddress: Address = ipv4Address(remote);
    const packet: Packet = {
      protocol: tcp ? PROTOCOL_BITS.Tcp : PROTOCOL_BITS.Udp,
      source: inbound ? remoteAddress : i.address!,
      destination: inbound ? i.address! : remoteAddress,
      sourcePort: inbound ? 50000 : 50000,
      destinationPort: port,
      sourceAsgs: inbound ? undefined : i.asgs,
      destinationAsgs: inbound ? i.asgs : undefined,
    };
    out.push({ i, inbound, packet, protocol: tcp ? 'tcp' : 'udp', remote, port });
  }
  return out;
}

function pickRemote(random: Random, i: VmInterface): number {
  const roll = random.next();
  if (roll < 0.4) return ip(random.int(1, 223), random.int(0, 255), random.int(0, 255), random.int(1, 254));
  if (roll < 0.7) return i.address!.v4 + random.int(-200, 200);
  const [base, bits] = random.pick(PUBLIC_BLOCKS).split('/');
  const [a, b, c, d] = base!.split('.').map(Number);
  return ip(a!, b!, c!, d!) + random.int(0, 2 ** (32 - Number(bits)) - 1);
}

function ip(a: number, b: number, c: number, d: number): number {
  return ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;
}

// ---- the estate -----------------------------------------------------------------------------

function networkEstate(random: Random, vms: number): Resource[] {
  const resources: Resource[] = [];
  const ruleLists = Array.from({ length: RULE_LISTS }, () => ruleList(random));
  const vnets = Math.ceil(vms / SUBNETS_PER_VNET);
  for (let v = 0; v < vnets; v++) {
    const vnetId = `${NET}/virtualNetworks/vnet-${v}`;
    const second = v % 256;
    const first = 10 + Math.floor(v / 256);
    const subnets: JsonObject[] = [];
    for (let s = 0; s < SUBNETS_PER_VNET && v * SUBNETS_PER_VNET + s < vms; s++) {
      const n = v * SUBNETS_PER_VNET + s;
      const subnetNsg = `nsg-subnet-${n}`;
      const nicNsg = `nsg-nic-${n}`;
      const prefix = `${first}.${second}.${s}.0/24`;
      const address = `${first}.${second}.${s}.4`;
      subnets.push({
        name: `snet-${s}`,
        id: `${vnetId}/subnets/snet-${s}`,
        properties: {
          addressPrefix: prefix,
          networkSecurityGroup: { id: `${NET}/networkSecurityGroups/${subnetNsg}` },
        },
      });
      resources.push(nsg(subnetNsg, random.pick(ruleLists)), nsg(nicNsg, random.pick(ruleLists)));
      const nicId = `${NET}/networkInterfaces/nic-${n}`;
      const vmId = `${SUB}/providers/Microsoft.Compute/virtualMachines/vm-${n}`;
      resources.push(
        {
          id: vmId,
          name: `vm-${n}`,
          type: 'Microsoft.Compute/virtualMachines',
          location: 'westeurope',
          properties: { networkProfile: { networkInterfaces: [{ id: nicId }] } },
        },
        {
          id: nicId,
          name: `nic-${n}`,
          type: 'Microsoft.Network/networkInterfaces',
          location: 'westeurope',
          properties: {
            networkSecurityGroup: { id: `${NET}/networkSecurityGroups/${nicNsg}` },
            ipConfigurations: [
              {
                name: 'ipconfig1',
                properties: {
                  privateIPAddress: address,
                  primary: true,
                  subnet: { id: `${vnetId}/subnets/snet-${s}` },
                  publicIPAddress: { id: `${NET}/publicIPAddresses/pip-${n}` },
                  ...(random.chance(0.3)
                    ? { applicationSecurityGroups: [{ id: `${NET}/applicationSecurityGroups/asg-web` }] }
                    : {}),
                },
              },
            ],
          },
        },
        {
          id: `${NET}/publicIPAddresses/pip-${n}`,
          name: `pip-${n}`,
          type: 'Microsoft.Network/publicIPAddresses',
          location: 'westeurope',
          sku: { name: 'Standard' },
          properties: { ipAddress: `20.${100 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}` },
        },
      );
    }
    resources.push({
      id: vnetId,
      name: `vnet-${v}`,
      type: 'Microsoft.Network/virtualNetworks',
      location: 'westeurope',
      properties: { addressSpace: { addressPrefixes: [`${first}.${second}.0.0/16`] }, subnets },
    });
  }
  return resources;
}

/**
 * 160 inbound and 40 outbound rules of the kinds real NSGs hold; Azure's six default rules are
 * added by the engine. No rule names its ID: the engine gives each the ID of its own NSG.
 */
function ruleList(random: Random): JsonObject[] {
  const rules: JsonObject[] = [];
  const add = (direction: string, priority: number, fields: JsonObject) =>
    rules.push({
      name: `r${rules.length}`,
      properties: { direction, priority, sourcePortRange: '*', destinationAddressPrefix: '*', ...fields },
    });
  for (let k = 0; k < RULES_PER_NSG; k++) {
    const inbound = k < RULES_PER_NSG * 0.8;
    const priority = 100 + (inbound ? k : k - RULES_PER_NSG * 0.8) * 10;
    const port = String(random.chance(0.5) ? random.pick(PORTS) : random.int(1024, 65000));
    const access = random.chance(0.2) ? 'Deny' : 'Allow';
    const protocol = random.weighted<string>([
      ['Tcp', 6],
      ['Udp', 2],
      ['*', 1],
    ]);
    const source = random.weighted<JsonObject>([
      [{ sourceAddressPrefix: random.pick(PUBLIC_BLOCKS) }, 4],
      [{ sourceAddressPrefixes: random.sample(PUBLIC_BLOCKS, 2) }, 2],
      [{ sourceAddressPrefix: 'VirtualNetwork' }, 3],
      [{ sourceAddressPrefix: '10.0.0.0/8' }, 2],
      [{ sourceAddressPrefix: 'Internet' }, 1],
      [{ sourceAddressPrefix: '*' }, 1],
      [{ sourceAddressPrefix: 'AzureFrontDoor.Backend' }, 0.2],
    ]);
    const ports: JsonObject = random.chance(0.2)
      ? { destinationPortRanges: [port, String(random.pick(PORTS))] }
      : { destinationPortRange: random.chance(0.1) ? `${port}-${Number(port) + random.int(1, 50)}` : port };
    if (inbound) add('Inbound', priority, { access, protocol, ...source, ...ports });
    else
      add('Outbound', priority, {
        access,
        protocol,
        sourceAddressPrefix: '*',
        destinationAddressPrefix: random.pick(['Internet', 'VirtualNetwork', ...PUBLIC_BLOCKS]),
        ...ports,
      });
  }
  return rules;
}

function nsg(name: string, rules: JsonObject[]): Resource {
  return {
    id: `${NET}/networkSecurityGroups/${name}`,
    name,
    type: 'Microsoft.Network/networkSecurityGroups',
    location: 'westeurope',
    properties: { securityRules: rules },
  };
}

// ---- the plain evaluator --------------------------------------------------------------------

/** A decision as a plain script makes it: rules sorted once per NSG, every field read and parsed per rule. */
function plainDecision(inventory: Inventory, d: Decision): () => string {
  const nic = d.i.nic!;
  const nicNsg = inventory.get(
    String((nic.properties as JsonObject & { networkSecurityGroup: { id: string } }).networkSecurityGroup.id),
  )!;
  const subnet = d.i.subnet!;
  const subnetNsg = inventory.get(
    String(
      (subnet.properties as JsonObject & { networkSecurityGroup: { id: string } }).networkSecurityGroup.id,
    ),
  )!;
  const vnetSpace = (
    (d.i.context!.vnet!.properties as JsonObject).addressSpace as { addressPrefixes: string[] }
  ).addressPrefixes;
  const order = d.inbound ? [subnetNsg, nicNsg] : [nicNsg, subnetNsg];
  const sorted = order.map((n) => sortedRules(n));
  const local = d.i.address!.v4;
  return () => {
    for (const rules of sorted) {
      const access = plainFirstMatch(rules, d, local, vnetSpace);
      if (access === 'Deny') return 'Deny';
    }
    return 'Allow';
  };
}

const sortedCache = new WeakMap<Resource, JsonObject[]>();
const DEFAULTS: JsonObject[] = (
  [
    ['Inbound', 65000, 'VirtualNetwork', 'VirtualNetwork', 'Allow'],
    ['Inbound', 65001, 'AzureLoadBalancer', '*', 'Allow'],
    ['Inbound', 65500, '*', '*', 'Deny'],
    ['Outbound', 65000, 'VirtualNetwork', 'VirtualNetwork', 'Allow'],
    ['Outbound', 65001, '*', 'Internet', 'Allow'],
    ['Outbound', 65500, '*', '*', 'Deny'],
  ] as const
).map(([direction, priority, source, destination, access]) => ({
  properties: {
    direction,
    priority,
    protocol: '*',
    sourcePortRange: '*',
    destinationPortRange: '*',
    sourceAddressPrefix: source,
    destinationAddressPrefix: destination,
    access,
  },
}));

function sortedRules(nsg: Resource): JsonObject[] {
  let rules = sortedCache.get(nsg);
  if (!rules) {
    rules = [...((nsg.properties as JsonObject).securityRules as JsonObject[]), ...DEFAULTS].sort(
      (a, b) =>
        ((a.properties as JsonObject).priority as number) - ((b.properties as JsonObject).priority as number),
    );
    sortedCache.set(nsg, rules);
  }
  return rules;
}

function plainFirstMatch(rules: JsonObject[], d: Decision, local: number, vnet: string[]): string {
  const direction = d.inbound ? 'inbound' : 'outbound';
  for (const rule of rules) {
    const p = rule.properties as Record<string, string | string[] | number>;
    if (String(p.direction).toLowerCase() !== direction) continue;
    const protocol = String(p.protocol).toLowerCase();
    if (protocol !== '*' && protocol !== d.protocol) continue;
    const ports = p.destinationPortRanges
      ? (p.destinationPortRanges as string[])
      : [String(p.destinationPortRange)];
    if (!ports.some((spec) => portIn(spec, d.port))) continue;
    const sources = p.sourceAddressPrefixes
      ? (p.sourceAddressPrefixes as string[])
      : [String(p.sourceAddressPrefix)];
    const destinations = p.destinationAddressPrefixes
      ? (p.destinationAddressPrefixes as string[])
      : [String(p.destinationAddressPrefix)];
    const [from, to] = d.inbound ? [d.remote, local] : [local, d.remote];
    if (!sources.some((s) => addressIn(s, from, vnet))) continue;
    if (!destinations.some((s) => addressIn(s, to, vnet))) continue;
    return String(p.access);
  }
  return 'Deny';
}

function portIn(spec: string, port: number): boolean {
  if (spec === '*') return true;
  const [low, high] = spec.split('-');
  return Number(low) <= port && port <= Number(high ?? low);
}

function addressIn(prefix: string, address: number, vnet: string[]): boolean {
  const p = prefix.toLowerCase();
  if (p === '*' || p === '0.0.0.0/0') return true;
  const inVnet = address === 0xa83f8110 || vnet.some((block) => cidrHas(block, address));
  if (p === 'virtualnetwork') return inVnet;
  if (p === 'internet') return !inVnet && !isPrivate(address);
  if (p === 'azureloadbalancer') return address === 0xa83f8110;
  if (!/^[\d.]+(\/\d+)?$/.test(p)) return false;
  return cidrHas(p, address);
}

function cidrHas(cidr: string, address: number): boolean {
  const [base, bits] = cidr.split('/');
  const parts = base!.split('.').map(Number);
  const network = ip(parts[0]!, parts[1]!, parts[2]!, parts[3]!);
  const size = 2 ** (32 - Number(bits ?? 32));
  return address >= network - (network % size) && address < network - (network % size) + size;
}

function isPrivate(address: number): boolean {
  // The ranges are Azure's data, shared with the engine; matching them is the reference's own.
  return NOT_PUBLIC_V4.some((block) => cidrHas(block, address));
}
