import { describe, expect, it } from 'vitest';
import { networkModel } from '../../../src/benchmark/analyzers/network-model.ts';
import { portRange, readInboundRules } from '../../../src/benchmark/analyzers/nsg-rules.ts';
import { Inventory } from '../../../src/inventory/inventory.ts';
import type { Resource } from '../../../src/inventory/resource.ts';
import { networkInterface, nsgId, securityRule, vm, vmId, vnetId } from '../../support/arm-resources.ts';
import { loadBalancer, nsg, type RuleSpec, ruleSpec, vmOnNetwork } from '../../support/network-resources.ts';

function modelOf(resources: Resource[]) {
  const inventory = new Inventory();
  for (const r of resources) inventory.add(r);
  return { model: networkModel(inventory), vm: inventory.get(vmId('vm-01'))! };
}

function nsgFromTemplate(name: string, rules: RuleSpec[]): Resource {
  // As an ARM template declares it: no defaultSecurityRules, rules without ids.
  return {
    id: nsgId(name),
    name,
    type: 'Microsoft.Network/networkSecurityGroups',
    location: 'eastus',
    properties: { securityRules: rules.map(ruleSpec) },
  };
}

describe('portRange', () => {
  it.each([
    ['*', { from: 0, to: 65535 }],
    ['22', { from: 22, to: 22 }],
    ['20-25', { from: 20, to: 25 }],
    [' 8080 ', { from: 8080, to: 8080 }],
    ['25-20', undefined],
    ['70000', undefined],
    ['ssh', undefined],
    ['', undefined],
  ])('%j → %j', (spec, expected) => {
    expect(portRange(spec)).toEqual(expected);
  });
});

describe('readInboundRules', () => {
  it("adds Azure's default inbound rules when the NSG JSON has none, and orders by priority", () => {
    const rules = readInboundRules(
      nsgFromTemplate('nsg-t', [
        { name: 'later', priority: 400, ports: '443' },
        { name: 'earlier', priority: 100, ports: '22' },
        { name: 'outbound', priority: 100, ports: '443', direction: 'Outbound' },
      ]),
    );
    expect(rules.rules.map((r) => [r.name, r.priority])).toEqual([
      ['earlier', 100],
      ['later', 400],
      ['AllowVnetInBound', 65000],
      ['AllowAzureLoadBalancerInBound', 65001],
      ['DenyAllInBound', 65500],
    ]);
  });

  it('reports a port it cannot read, naming the rule, and lets the rule match nothing', () => {
    const rules = readInboundRules(nsg('nsg-bad', [{ name: 'typo', priority: 100, ports: ['22', 'ssh'] }]));
    expect(rules.problems).toEqual([
      "properties.securityRules[0] (typo): destination port 'ssh' is not a port, a range or '*'",
    ]);
    expect(rules.rules[0]!.ports).toEqual([{ from: 22, to: 22 }]);
  });

  it('accepts a comma list in the singular port field', () => {
    const rules = readInboundRules(nsg('nsg-list', [{ name: 'web', priority: 100, ports: '80, 443' }]));
    expect(rules.rules[0]!.ports).toEqual([
      { from: 80, to: 80 },
      { from: 443, to: 443 },
    ]);
  });
});

describe('the rule-level network model', () => {
  it('tells Internet sources from every-address sources', () => {
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

  it('reads rules listed as resources of their own, as the Inventory merges them into the NSG', () => {
    const resources = vmOnNetwork('vm-01', { nicNsg: [] });
    const { model, vm } = modelOf([
      ...resources,
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
      modelOf(vmOnNetwork('vm-01', { nicNsg: [{ name: 'r', priority: 100, ports: '22', destination }] }))
        .model;
    const vm = vmOnNetwork('vm-01')[0]!;
    expect(open('10.0.1.0/24').vmInboundAllowed(vm, 22, 'Tcp', 'Internet').allowed).toBe(true);
    expect(open('10.0.1.4').vmInboundAllowed(vm, 22, 'Tcp', 'Internet').allowed).toBe(true);
    expect(open('10.0.2.0/24').vmInboundAllowed(vm, 22, 'Tcp', 'Internet').allowed).toBe(false);
    expect(open('VirtualNetwork').vmInboundAllowed(vm, 22, 'Tcp', 'Internet').allowed).toBe(true);
    expect(open('Storage').vmInboundAllowed(vm, 22, 'Tcp', 'Internet').allowed).toBe(false);
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
      properties: {
        networkProfile: { networkInterfaces: [{ id: nic!.id }, { id: open.id }] },
      },
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
    const resources = vmOnNetwork('vm-01', { nicNsg: [] }).filter(
      (r) => r.type !== 'Microsoft.Network/virtualNetworks',
    );
    const { model, vm } = modelOf(resources);
    const verdict = model.vmInboundAllowed(vm, 22, 'Tcp', 'Internet');
    expect(verdict.allowed).toBe('unknown');
    expect(verdict.evidence[0]!.message).toBe(
      'subnet snet-app is not in the snapshot, so its network filtering is unknown',
    );
    expect(model.vmNsgs(vm)[0]!.unknown).toBeDefined();
  });

  it('finds internet exposure through a public load balancer, and cannot tell when the balancer is missing', () => {
    const facing = modelOf([
      ...vmOnNetwork('vm-01', { loadBalancer: 'lb-web' }),
      loadBalancer('lb-web', 'pip-lb'),
    ]);
    expect(facing.model.vmInternetFacing(facing.vm).facing).toBe(true);
    const internal = modelOf([...vmOnNetwork('vm-01', { loadBalancer: 'lb-int' }), loadBalancer('lb-int')]);
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
});
