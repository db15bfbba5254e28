import { describe, expect, it } from 'vitest';
import type { Resource } from '../../src/inventory/resource.ts';
import { NetworkEngine } from '../../src/network/engine.ts';
import { type ExposedPorts, vmExposure } from '../../src/network/exposure.ts';
import { formatPortRange } from '../../src/network/port-ranges.ts';
import type { JsonObject } from '../../src/util/json.ts';
import {
  inventoryOf,
  loadBalancer,
  machine,
  natRuleId,
  nsg,
  poolId,
  publicIp,
  type Rule,
  routeTable,
  rule,
  vmId,
  vnet,
  vnetId,
} from './network-estate.ts';

/**
 * Internet exposure: a path in (public IP, public load balancer rule or NAT rule) and an NSG chain
 * that lets an internet source through. Standard SKUs are closed until an NSG allows; Basic ones
 * are open (MicrosoftDocs/azure-docs articles/virtual-network/ip-services/public-ip-addresses.md).
 */

interface Setup {
  subnet?: Rule[];
  nic?: (Rule | JsonObject)[];
  /** A route table on snet-app, by name (its resource goes in `resources`). */
  routeTable?: string;
  resources: Resource[];
}

function exposureOf(setup: Setup, vm = 'vm-01') {
  const inventory = inventoryOf([
    vnet('vnet-app', {
      subnets: [
        {
          name: 'snet-app',
          ...(setup.subnet ? { nsg: 'nsg-subnet' } : {}),
          ...(setup.routeTable ? { routeTable: setup.routeTable } : {}),
        },
      ],
    }),
    ...(setup.subnet ? [nsg('nsg-subnet', setup.subnet)] : []),
    ...(setup.nic ? [nsg('nsg-nic', setup.nic)] : []),
    ...setup.resources,
  ]);
  return vmExposure(new NetworkEngine(inventory), inventory.get(vmId(vm))!);
}

/** `TCP 22 ← any via public-ip`: one line per exposed range. */
function lines(exposed: ExposedPorts[]): string[] {
  return exposed.map((e) => {
    const s = e.sources;
    const from = s.anyHost
      ? `any${s.except.length ? ` except ${s.except.join(' ')}` : ''}`
      : [...s.blocks, ...s.tags.map((t) => `tag ${t}`)].join(' ');
    const front =
      formatPortRange(e.frontendPorts) === formatPortRange(e.ports)
        ? ''
        : ` (front ${formatPortRange(e.frontendPorts)})`;
    return `${e.protocol.toUpperCase()} ${formatPortRange(e.ports)}${front} ← ${from} via ${e.path.kind}`;
  });
}

const withPublicIp = (sku: 'Basic' | 'Standard' | undefined, nicNsg?: boolean) => [
  ...machine({ name: 'vm-01', ...(nicNsg ? { nicNsg: 'nsg-nic' } : {}), configs: [{ publicIp: 'pip-01' }] }),
  publicIp('pip-01', sku),
];

describe('vmExposure', () => {
  it('a Standard public IP with no NSG anywhere is closed, and says why', () => {
    const result = exposureOf({ resources: withPublicIp('Standard') });
    expect(result.exposed).toEqual([]);
    expect(result.paths.map((p) => p.path.kind)).toEqual(['public-ip']);
    expect(result.notes.map((n) => n.message)).toEqual([
      'NIC vm-01-nic: public IP pip-01 (20.50.60.70) is Standard SKU, closed to inbound traffic until an NSG allows it, and no NSG filters the NIC',
    ]);
  });

  it('a forced-tunnelling route (0.0.0.0/0 to an appliance) lets the internet in by AllowVnetInBound', () => {
    // VirtualNetwork takes the subnet's UDR prefixes (service-tags-overview.md; azure-docs#22178).
    const result = exposureOf({
      nic: [],
      routeTable: 'rt-app',
      resources: [...withPublicIp('Standard', true), routeTable('rt-app', ['0.0.0.0/0 VirtualAppliance'])],
    });
    expect(lines(result.exposed).slice(0, 2)).toEqual([
      'TCP 22 ← any via public-ip',
      'TCP 3389 ← any via public-ip',
    ]);
    expect(result.exposed[0]!.steps.map((s) => s.rule?.name)).toEqual([undefined, 'AllowVnetInBound']);
    expect(result.notes.map((n) => n.message)).toEqual([
      'VirtualNetwork includes the prefixes of user-defined routes in route table rt-app: 0.0.0.0/0 (route route-0, next hop VirtualAppliance); rules naming VirtualNetwork, AllowVnetInBound among them, match those addresses',
    ]);
  });

  it('a Basic public IP with no NSG is open on every port, management ports first, UDP too', () => {
    const result = exposureOf({ resources: withPublicIp('Basic') });
    expect(lines(result.exposed).slice(0, 4)).toEqual([
      'TCP 22 ← any via public-ip',
      'TCP 3389 ← any via public-ip',
      'TCP 5985 ← any via public-ip',
      'TCP 5986 ← any via public-ip',
    ]);
    expect(result.exposed.slice(0, 4).every((e) => e.management)).toBe(true);
    expect(lines(result.exposed)).toContain('TCP 3390-5984 ← any via public-ip');
    expect(lines(result.exposed)).toContain('UDP * ← any via public-ip');
    expect(result.exposed[0]!.steps.map((s) => s.nsg?.name ?? `no NSG on ${s.level}`)).toEqual([
      'no NSG on subnet',
      'no NSG on nic',
    ]);
  });

  it('a public IP without a SKU is taken as Basic, and the path says so', () => {
    const result = exposureOf({ resources: withPublicIp(undefined) });
    expect(result.paths[0]!.path).toMatchObject({
      sku: 'Basic',
      skuAssumed: "public IP pip-01 names no SKU: taken as Basic (open), ARM's old default",
    });
    expect(result.exposed.length).toBeGreaterThan(0);
  });

  it('a Standard public IP opens what the NIC NSG allows from the internet, and nothing else', () => {
    const result = exposureOf({
      nic: [
        { name: 'ssh', priority: 100, ports: '22', src: 'Internet' },
        { name: 'app-from-vnet', priority: 110, ports: '8080', src: 'VirtualNetwork' },
      ],
      resources: withPublicIp('Standard', true),
    });
    expect(lines(result.exposed)).toEqual(['TCP 22 ← any via public-ip']);
    expect(result.exposed[0]!.steps.map((s) => `${s.level}:${s.rule?.name ?? 'no NSG'}`)).toEqual([
      'subnet:no NSG',
      'nic:ssh',
    ]);
  });

  it('an allow shadowed by a higher-priority deny exposes nothing', () => {
    const result = exposureOf({
      nic: [
        { name: 'deny-ssh-internet', priority: 100, ports: '22', src: 'internet', access: 'Deny' },
        { name: 'ssh-any', priority: 200, ports: '22' },
      ],
      resources: withPublicIp('Standard', true),
    });
    expect(result.exposed).toEqual([]);
  });

  it('a rule known only at deployment leaves the ports it may decide unknown, naming it; the rest is listed', () => {
    const fromJumpbox = rule({ name: 'ssh-jumpbox', priority: 100, ports: '22' });
    (fromJumpbox.properties as JsonObject).sourceAddressPrefix = {
      $vigilUnknown: "[reference('pip-jumpbox').ipAddress]",
    };
    const result = exposureOf({
      nic: [fromJumpbox, { name: 'https', priority: 110, ports: '443', src: 'Internet' }],
      resources: withPublicIp('Standard', true),
    });
    expect(lines(result.exposed)).toEqual(['TCP 443 ← any via public-ip']);
    expect(result.unknown).toEqual([
      {
        message:
          "NSG nsg-nic: rule ssh-jumpbox may match, so the verdict is unknown: its sourceAddressPrefix ([reference('pip-jumpbox').ipAddress]), known only at deployment",
        resourceId: expect.stringContaining('/networkSecurityGroups/nsg-nic'),
        field: 'properties.securityRules[0].properties.sourceAddressPrefix',
        actual: { $vigilUnknown: "[reference('pip-jumpbox').ipAddress]" },
      },
    ]);
  });

  it('a deny of one range before an allow of every source: open to the internet except that range', () => {
    const result = exposureOf({
      nic: [
        { name: 'deny-bad', priority: 100, ports: '22', src: '203.0.113.0/24', access: 'Deny' },
        { name: 'ssh-any', priority: 200, ports: '22' },
      ],
      resources: withPublicIp('Standard', true),
    });
    expect(lines(result.exposed)).toEqual(['TCP 22 ← any except 203.0.113.0/24 via public-ip']);
  });

  it('an allow from corporate ranges only: exposed to those ranges, not to any host', () => {
    const result = exposureOf({
      nic: [{ name: 'ssh-corp', priority: 100, ports: '22', src: ['203.0.113.0/24', '198.51.100.0/25'] }],
      resources: withPublicIp('Standard', true),
    });
    expect(lines(result.exposed)).toEqual(['TCP 22 ← 198.51.100.0/25 203.0.113.0/24 via public-ip']);
  });

  it('the subnet NSG filters first: a NIC allow it drops is not exposed', () => {
    const result = exposureOf({
      subnet: [{ name: 'web', priority: 100, ports: '443', src: 'Internet' }],
      nic: [
        { name: 'rdp-any', priority: 100, ports: '3389' },
        { name: 'https-any', priority: 110, ports: '443' },
      ],
      resources: withPublicIp('Basic', true),
    });
    expect(lines(result.exposed)).toEqual(['TCP 443 ← any via public-ip']);
  });

  it('UDP ports and service tags without prefixes are reported as such', () => {
    const result = exposureOf({
      nic: [
        { name: 'ike', priority: 100, ports: ['500', '4500'], protocol: 'Udp', src: 'Internet' },
        { name: 'front-door', priority: 110, ports: '443', src: 'AzureFrontDoor.Backend' },
      ],
      resources: withPublicIp('Standard', true),
    });
    expect(lines(result.exposed)).toEqual([
      'TCP 443 ← tag AzureFrontDoor.Backend via public-ip',
      'UDP 500 ← any via public-ip',
      'UDP 4500 ← any via public-ip',
    ]);
  });

  it('a load balancer NAT rule opens its backend port, seen from its frontend port; the LB rule opens 443', () => {
    const lb = loadBalancer('lb-web', {
      pip: 'pip-lb',
      rules: [{ name: 'https', frontendPort: 443, backendPort: 443 }],
      nat: [{ name: 'ssh-vm-01', frontendPort: 50022, backendPort: 22 }],
    });
    const resources = [
      lb,
      publicIp('pip-lb', 'Standard', '20.1.2.3'),
      ...machine({
        name: 'vm-01',
        configs: [{ pools: [poolId('lb-web')], natRules: [natRuleId('lb-web', 'ssh-vm-01')] }],
      }),
      ...machine({ name: 'vm-02', configs: [{ ip: '10.0.1.5', pools: [poolId('lb-web')] }] }),
    ];
    const subnet: Rule[] = [
      { name: 'web', priority: 100, ports: ['80', '443'], src: 'Internet' },
      { name: 'vendor-ssh', priority: 200, ports: '22', src: 'Internet' },
    ];
    expect(lines(exposureOf({ subnet, resources }).exposed)).toEqual([
      'TCP 22 (front 50022) ← any via inbound-nat-rule',
      'TCP 443 ← any via load-balancing-rule',
    ]);
    // The NSG allows 22 for the whole subnet, but only vm-01 has a path for it.
    expect(lines(exposureOf({ subnet, resources }, 'vm-02').exposed)).toEqual([
      'TCP 443 ← any via load-balancing-rule',
    ]);
  });

  it('a Standard load balancer pool that lists the VM by IP address and VNet is a path in', () => {
    // backend-pool-management.md: a pool is configured by NIC or by IP address and VNet; by IP, the
    // NIC names no pool.
    const lb = loadBalancer('lb-ip', {
      pip: 'pip-lb',
      rules: [{ name: 'https', frontendPort: 443, backendPort: 443 }],
    });
    const pool = (lb.properties as { backendAddressPools: { properties?: JsonObject }[] })
      .backendAddressPools[0]!;
    const member = (ip: string, vnetName: string) => ({
      name: `member-${ip}`,
      properties: { ipAddress: ip, virtualNetwork: { id: vnetId(vnetName) } },
    });
    pool.properties = {
      loadBalancerBackendAddresses: [member('10.0.1.4', 'vnet-app'), member('10.0.1.5', 'vnet-other')],
    };
    const subnet: Rule[] = [{ name: 'web', priority: 100, ports: '443', src: 'Internet' }];
    const resources = [
      lb,
      publicIp('pip-lb', 'Standard', '20.1.2.3'),
      ...machine({ name: 'vm-01' }),
      ...machine({ name: 'vm-02', configs: [{ ip: '10.0.1.5' }] }),
    ];
    const result = exposureOf({ subnet, resources });
    expect(lines(result.exposed)).toEqual(['TCP 443 ← any via load-balancing-rule']);
    expect(result.exposed[0]!.path.field).toBe(
      'properties.backendAddressPools[0].properties.loadBalancerBackendAddresses[0]',
    );
    // 10.0.1.5 of another VNet is not vm-02.
    expect(exposureOf({ subnet, resources }, 'vm-02').paths).toEqual([]);
  });

  it('an internal load balancer is no path in', () => {
    const resources = [
      loadBalancer('lb-int', { rules: [{ name: 'app', frontendPort: 8080, backendPort: 8080 }] }),
      ...machine({ name: 'vm-01', configs: [{ pools: [poolId('lb-int')] }] }),
    ];
    const result = exposureOf({ resources });
    expect(result.paths).toEqual([]);
    expect(result.exposed).toEqual([]);
  });

  it('a load balancer the snapshot lacks leaves exposure unknown', () => {
    const result = exposureOf({
      resources: machine({ name: 'vm-01', configs: [{ pools: [poolId('lb-gone')] }] }),
    });
    expect(result.unknown.map((n) => n.message)).toEqual([
      'load balancer lb-gone is not in the snapshot, so whether its frontend is public is unknown',
    ]);
  });

  it('a Basic load balancer with no NSG is open on its rule ports; HA ports forward every port', () => {
    const resources = [
      loadBalancer('lb-basic', {
        pip: 'pip-b',
        sku: 'Basic',
        rules: [{ name: 'all', protocol: 'All', frontendPort: 0, backendPort: 0 }],
      }),
      publicIp('pip-b', 'Basic'),
      ...machine({ name: 'vm-01', configs: [{ pools: [poolId('lb-basic')] }] }),
    ];
    const result = exposureOf({ resources });
    expect(lines(result.exposed).slice(0, 2)).toEqual([
      'TCP 22 ← any via load-balancing-rule',
      'TCP 3389 ← any via load-balancing-rule',
    ]);
    expect(lines(result.exposed)).toContain('UDP * ← any via load-balancing-rule');
  });
});
