import { describe, expect, it } from 'vitest';
import { exactNetworkModel } from '../../../src/benchmark/analyzers/exact-network-model.ts';
import { Inventory } from '../../../src/inventory/inventory.ts';
import type { Resource } from '../../../src/inventory/resource.ts';
import * as net from '../../network/network-estate.ts';
import { networkInterface, securityRule, vm, vmId, vnetId } from '../../support/arm-resources.ts';
import { loadBalancer, vmOnNetwork } from '../../support/network-resources.ts';

// The analyzers' view of the network (network-model.ts), over the NSG engine in src/network. The
// engine's own semantics are pinned in test/network; these cases pin what the analyzers read.

function modelOf(resources: Resource[]) {
  const inventory = new Inventory();
  for (const r of resources) inventory.add(r);
  return { model: exactNetworkModel(inventory), vm: inventory.get(vmId('vm-01'))! };
}

/** The balancer with a load-balancing rule from its frontend to its pool on `port`. */
function forwarding(lb: Resource, port: number): Resource {
  const p = lb.properties as {
    frontendIPConfigurations: { id: string }[];
    backendAddressPools: { id: string }[];
  };
  return {
    ...lb,
    properties: {
      ...(lb.properties as object),
      loadBalancingRules: [
        {
          name: `rule-${port}`,
          id: `${lb.id}/loadBalancingRules/rule-${port}`,
          properties: {
            frontendIPConfiguration: { id: p.frontendIPConfigurations[0]!.id },
            backendAddressPool: { id: p.backendAddressPools[0]!.id },
            protocol: 'Tcp',
            frontendPort: port,
            backendPort: port,
          },
        },
      ],
    },
  };
}

describe('the network model', () => {
  it('tells an internet host from a host outside both the VNet and the internet', () => {
    const { model, vm } = modelOf(
      vmOnNetwork('vm-01', {
        nicNsg: [{ name: 'internet-https', priority: 100, ports: '443', source: 'Internet' }],
      }),
    );
    expect(model.vmInboundAllowed(vm, 443, 'Tcp', 'Internet').allowed).toBe(true);
    expect(model.vmInboundAllowed(vm, 443, 'Tcp', 'Any').allowed).toBe(false);
    expect(model.vmInboundAllowed(vm, 443, 'Udp', 'Internet').allowed).toBe(false);
  });

  it('names the NSG and rule that decide, on both levels', () => {
    const { model, vm } = modelOf(
      vmOnNetwork('vm-01', {
        subnetNsg: [{ name: 'subnet-ssh', priority: 200, ports: '22' }],
        nicNsg: [{ name: 'nic-ssh', priority: 300, ports: '22', source: 'Internet' }],
      }),
    );
    const verdict = model.vmInboundAllowed(vm, 22, 'Tcp', 'Internet');
    expect(verdict.allowed).toBe(true);
    expect(verdict.rule).toMatchObject({
      name: 'nic-ssh',
      nsgName: 'nsg-vm-01-nic',
      level: 'nic',
      priority: 300,
    });
    expect(verdict.evidence.map((e) => e.message)).toEqual([
      'NSG nsg-snet-app on subnet snet-app: rule subnet-ssh (priority 200) allows TCP 22 from Internet',
      'NSG nsg-vm-01-nic on NIC vm-01-nic: rule nic-ssh (priority 300) allows TCP 22 from Internet',
    ]);
    const closed = model.vmInboundAllowed(vm, 3389, 'Tcp', 'Internet');
    expect(closed.allowed).toBe(false);
    expect(closed.rule).toMatchObject({ name: 'DenyAllInBound', isDefault: true, nsgName: 'nsg-snet-app' });
  });

  it('judges the sources a deny carves out by address: an allow for the rest stays open to the internet', () => {
    const { model, vm } = modelOf(
      vmOnNetwork('vm-01', {
        nicNsg: [
          { name: 'deny-bad-range', priority: 100, access: 'Deny', ports: '22', source: '203.0.113.0/24' },
          { name: 'allow-ssh', priority: 200, ports: '22', source: '*' },
        ],
      }),
    );
    expect(model.vmInboundAllowed(vm, 22, 'Tcp', 'Internet')).toMatchObject({
      allowed: true,
      rule: { name: 'allow-ssh' },
    });
  });

  it('counts an allow of a block as wide as a /8 as open, and a narrower one as closed', () => {
    const open = (source: string) =>
      modelOf(vmOnNetwork('vm-01', { nicNsg: [{ name: 'wide', priority: 100, ports: '22', source }] }));
    const wide = open('0.0.0.0/1');
    expect(wide.model.vmInboundAllowed(wide.vm, 22, 'Tcp', 'Internet')).toMatchObject({
      allowed: true,
      rule: { name: 'wide' },
    });
    const narrow = open('20.0.0.0/9');
    expect(narrow.model.vmInboundAllowed(narrow.vm, 22, 'Tcp', 'Internet').allowed).toBe(false);
  });

  it('reads rules listed as resources of their own, as the Inventory merges them into the NSG', () => {
    const { model, vm } = modelOf([
      ...vmOnNetwork('vm-01', { nicNsg: [] }),
      securityRule('nsg-vm-01-nic', 'allow-rdp', {
        destinationPortRange: '3389',
        sourceAddressPrefix: '*',
        priority: 110,
      }),
    ]);
    expect(model.vmInboundAllowed(vm, 3389, 'Tcp', 'Internet').rule?.name).toBe('allow-rdp');
  });

  it("matches CIDR destinations against the NIC's private IP (10.0.1.4)", () => {
    const open = (destination: string) =>
      modelOf(vmOnNetwork('vm-01', { nicNsg: [{ name: 'r', priority: 100, ports: '22', destination }] }));
    for (const [destination, expected] of [
      ['10.0.1.0/24', true],
      ['10.0.1.4', true],
      ['10.0.2.0/24', false],
      ['VirtualNetwork', true],
      ['Storage', false],
    ] as const) {
      const { model, vm } = open(destination);
      expect(model.vmInboundAllowed(vm, 22, 'Tcp', 'Internet').allowed, destination).toBe(expected);
    }
  });

  it('lists the open port ranges per protocol, split where a higher-priority deny of that protocol cuts in', () => {
    const { model, vm } = modelOf(
      vmOnNetwork('vm-01', {
        nicNsg: [
          { name: 'deny-8050', priority: 100, access: 'Deny', ports: '8050', source: '*' },
          { name: 'web', priority: 200, ports: ['80', '443'], source: 'Internet' },
          { name: 'app', priority: 300, ports: '8000-8100', protocol: '*' },
          { name: 'partner', priority: 400, ports: '9000', source: '198.51.100.7' },
        ],
      }),
    );
    const { openings, unknown } = model.vmInboundOpenings(vm, 'Internet');
    expect(unknown).toEqual([]);
    expect(openings.map((o) => [o.protocol, o.from, o.to, o.rules.map((r) => r.name).join()])).toEqual([
      ['Tcp', 80, 80, 'web'],
      ['Tcp', 443, 443, 'web'],
      ['Tcp', 8000, 8049, 'app'],
      ['Tcp', 8051, 8100, 'app'],
      // The deny is TCP only: UDP 8050 stays open.
      ['Udp', 8000, 8100, 'app'],
    ]);
    expect(openings[2]!.evidence.message).toBe(
      'NIC vm-01-nic: rule app of NSG nsg-vm-01-nic (priority 300) allows TCP 8000-8049 from Internet',
    );
  });

  it('lets a VM in through any one of its NICs', () => {
    const [, nic, ...rest] = vmOnNetwork('vm-01', { nicNsg: [] });
    const open = networkInterface('vm-01-nic2', [
      { subnet: { id: `${vnetId('vnet-prod')}/subnets/snet-app` } },
    ]);
    const twoNics = vm('vm-01', {
      properties: { networkProfile: { networkInterfaces: [{ id: nic!.id }, { id: open.id }] } },
    });
    const { model, vm: subject } = modelOf([twoNics, nic!, open, ...rest]);
    const verdict = model.vmInboundAllowed(subject, 22, 'Tcp', 'Internet');
    expect(verdict.allowed).toBe(true);
    expect(verdict.evidence.map((e) => e.message)).toEqual([
      'no NSG on subnet snet-app: that level lets all inbound traffic through',
      'no NSG on NIC vm-01-nic2: that level lets all inbound traffic through',
    ]);
    expect(model.vmNsgs(subject).map((i) => [i.nicName, i.nsgs.map((n) => n.name)])).toEqual([
      ['vm-01-nic', ['nsg-vm-01-nic']],
      ['vm-01-nic2', []],
    ]);
  });

  it('answers unknown when the subnet is not in the snapshot', () => {
    const { model, vm } = modelOf(
      vmOnNetwork('vm-01', { nicNsg: [] }).filter((r) => r.type !== 'Microsoft.Network/virtualNetworks'),
    );
    const verdict = model.vmInboundAllowed(vm, 22, 'Tcp', 'Internet');
    expect(verdict.allowed).toBe('unknown');
    expect(verdict.evidence[0]!.message).toBe(
      'subnet snet-app is not in the snapshot, so its network filtering is unknown',
    );
    expect(model.vmNsgs(vm)[0]!.unknown).toBeDefined();
  });

  it('finds internet exposure through a public load balancer rule, and cannot tell when the balancer is missing', () => {
    const facing = modelOf([
      ...vmOnNetwork('vm-01', { loadBalancer: 'lb-web' }),
      forwarding(loadBalancer('lb-web', 'pip-lb'), 443),
    ]);
    expect(facing.model.vmInternetFacing(facing.vm)).toMatchObject({
      facing: true,
      evidence: [
        {
          message:
            'NIC vm-01-nic ipconfig1 is behind load balancer lb-web: its load-balancing rule rule-443 forwards port 443 on public IP pip-lb to port 443',
        },
      ],
    });
    const noRule = modelOf([
      ...vmOnNetwork('vm-01', { loadBalancer: 'lb-web' }),
      loadBalancer('lb-web', 'pip-lb'),
    ]);
    expect(noRule.model.vmInternetFacing(noRule.vm).facing).toBe(false);
    const internal = modelOf([
      ...vmOnNetwork('vm-01', { loadBalancer: 'lb-int' }),
      forwarding(loadBalancer('lb-int'), 443),
    ]);
    expect(internal.model.vmInternetFacing(internal.vm).facing).toBe(false);
    const missing = modelOf(vmOnNetwork('vm-01', { loadBalancer: 'lb-gone' }));
    expect(missing.model.vmInternetFacing(missing.vm)).toMatchObject({
      facing: 'unknown',
      evidence: [
        {
          message:
            'load balancer lb-gone is not in the snapshot, so whether its frontend is public is unknown',
        },
      ],
    });
  });

  it('reports a rule field it cannot read, naming the NSG and the rule', () => {
    const { model, vm } = modelOf(
      vmOnNetwork('vm-01', { nicNsg: [{ name: 'typo', priority: 100, ports: ['22', 'ssh'] }] }),
    );
    expect(model.vmInboundOpenings(vm, 'Internet').problems.map((p) => p.message)).toEqual([
      "NSG nsg-vm-01-nic: properties.securityRules[0] (typo): destination port 'ssh' is not a port, a range or '*'; that entry is ignored",
    ]);
    expect(model.vmInboundAllowed(vm, 22, 'Tcp', 'Internet').allowed).toBe(true);
  });

  it('answers VMs behind the same NSGs as if each were asked alone, naming its own NIC', () => {
    const resources = [
      net.vnet('vnet-app', { subnets: [{ name: 'snet-app', nsg: 'nsg-subnet' }] }),
      net.nsg('nsg-subnet', [{ name: 'ssh-from-internet', priority: 100, src: 'Internet', ports: '22' }]),
      ...net.machine({ name: 'vm-a', configs: [{ ip: '10.0.1.4' }] }),
      ...net.machine({ name: 'vm-b', configs: [{ ip: '10.0.1.5' }] }),
    ];
    const inventory = new Inventory();
    for (const r of resources) inventory.add(r);
    const shared = exactNetworkModel(inventory);
    const ask = (model: ReturnType<typeof exactNetworkModel>, name: string) => {
      const vm = inventory.get(net.vmId(name))!;
      return {
        allowed: model.vmInboundAllowed(vm, 22, 'Tcp', 'Internet'),
        openings: model.vmInboundOpenings(vm, 'Internet'),
        nsgs: model.vmNsgs(vm),
      };
    };
    const a = ask(shared, 'vm-a');
    const b = ask(shared, 'vm-b');
    expect(a).toEqual(ask(exactNetworkModel(inventory), 'vm-a'));
    expect(b).toEqual(ask(exactNetworkModel(inventory), 'vm-b'));
    expect(b.openings.openings.map((o) => o.evidence.message)).toEqual([
      'NIC vm-b-nic: rule ssh-from-internet of NSG nsg-subnet (priority 100) allows TCP 22 from Internet',
    ]);
    expect(b.allowed.evidence.map((e) => e.message)).toContain(
      'no NSG on NIC vm-b-nic: that level lets all inbound traffic through',
    );
  });
});
