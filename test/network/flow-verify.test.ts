import { describe, expect, it } from 'vitest';
import { parseCidr } from '../../src/network/address-prefix.ts';
import { NetworkEngine } from '../../src/network/engine.ts';
import { verifyFlow } from '../../src/network/flow-verify.ts';
import { inventoryOf, machine, nsg, nsgId, routeTable, vnet } from './network-estate.ts';

const query = {
  vm: 'vm-01',
  direction: 'Inbound' as const,
  protocol: 'Tcp' as const,
  remoteAddress: '198.51.100.7',
  remotePort: 50000,
  localPort: 22,
  localAddress: undefined,
};

function engine(extra = machine({ name: 'vm-01', nicNsg: 'nsg-nic' })) {
  return new NetworkEngine(
    inventoryOf([
      vnet('vnet-app', { subnets: [{ name: 'snet-app', nsg: 'nsg-subnet' }] }),
      nsg('nsg-subnet', [{ name: 'ssh', priority: 200, ports: '22', src: 'Internet' }]),
      nsg('nsg-nic', [{ name: 'rdp', priority: 300, ports: '3389' }]),
      ...extra,
    ]),
  );
}

describe('verifyFlow', () => {
  it('answers as IP flow verify does: access, the deciding rule, and the chain it went through', () => {
    expect(verifyFlow(engine(), query)).toMatchObject({
      access: 'Deny',
      nsgId: nsgId('nsg-nic'),
      ruleName: 'DenyAllInBound',
      priority: 65500,
      direction: 'Inbound',
      chain: [
        { level: 'subnet', nsgId: nsgId('nsg-subnet'), ruleName: 'ssh', priority: 200, access: 'Allow' },
        {
          level: 'nic',
          nsgId: nsgId('nsg-nic'),
          ruleName: 'DenyAllInBound',
          priority: 65500,
          access: 'Deny',
        },
      ],
      reason: 'denied by default rule DenyAllInBound (priority 65500) of NSG nsg-nic on NIC vm-01-nic',
      localAddress: '10.0.1.4',
      remoteAddress: '198.51.100.7',
    });
  });

  it('stops at the subnet for an inbound deny there: the NIC NSG is never evaluated', () => {
    const result = verifyFlow(engine(), { ...query, localPort: 3389 });
    expect(result).toMatchObject({ access: 'Deny', ruleName: 'DenyAllInBound', nsgId: nsgId('nsg-subnet') });
    expect('chain' in result && result.chain).toHaveLength(1);
  });

  it('evaluates outbound traffic NIC first', () => {
    const result = verifyFlow(engine(), {
      ...query,
      direction: 'Outbound',
      remotePort: 443,
      localPort: 50000,
    });
    expect(result).toMatchObject({
      access: 'Allow',
      ruleName: 'AllowInternetOutBound',
      nsgId: nsgId('nsg-subnet'),
      chain: [{ level: 'nic' }, { level: 'subnet' }],
    });
  });

  it.each([
    [{ vm: 'vm-nope' }, "no virtual machine named 'vm-nope' in the inventory"],
    [{ remoteAddress: '1.2.3' }, "--remote '1.2.3' is not an IPv4 or IPv6 address"],
    [
      { localAddress: '10.0.1.99' },
      'VM vm-01 has no IP configuration with address 10.0.1.99; it has 10.0.1.4 (vm-01-nic)',
    ],
    [
      { remoteAddress: '2001:db8::1' },
      "2001:db8::1 is IPv6 but vm-01-nic's address is IPv4: pick an IP configuration with --local-ip",
    ],
  ])('refuses %j: %s', (change, error) => {
    expect(verifyFlow(engine(), { ...query, ...change })).toEqual({ error });
  });

  it("answers for the VM's primary NIC, not the first one listed, and its configuration of the remote's family", () => {
    // vm-01 lists vm-side-nic (no NSG, 10.0.1.9) first, but networkProfile flags vm-01-nic as primary.
    const [vm, nic] = machine({
      name: 'vm-01',
      nicNsg: 'nsg-nic',
      configs: [{}, { ip: 'ace:cab:deca:deed::4', version: 'IPv6', primary: false }],
    });
    const [, side] = machine({ name: 'vm-side', configs: [{ ip: '10.0.1.9' }] });
    const profile = vm!.properties as { networkProfile: { networkInterfaces: object[] } };
    profile.networkProfile.networkInterfaces = [
      { id: side!.id, properties: { primary: false } },
      { id: nic!.id, properties: { primary: true } },
    ];
    const result = (remoteAddress: string) =>
      verifyFlow(engine([vm!, nic!, side!]), { ...query, remoteAddress });
    expect(result('198.51.100.7')).toMatchObject({ localAddress: '10.0.1.4', ruleName: 'DenyAllInBound' });
    expect(result('2603:1030:20c::15')).toMatchObject({
      localAddress: 'ace:cab:deca:deed::4',
      nic: { name: 'vm-01-nic', ipConfiguration: 'ipconfig2' },
    });
  });

  it('says why AllowVnetInBound admits an internet host when a route table widened VirtualNetwork', () => {
    const inventory = inventoryOf([
      vnet('vnet-app', { subnets: [{ name: 'snet-app', routeTable: 'rt-fw' }] }),
      routeTable('rt-fw', ['0.0.0.0/0 VirtualAppliance']),
      nsg('nsg-nic', []),
      ...machine({ name: 'vm-01', nicNsg: 'nsg-nic' }),
    ]);
    const result = verifyFlow(new NetworkEngine(inventory), query);
    expect(result).toMatchObject({ access: 'Allow', ruleName: 'AllowVnetInBound' });
    expect('notes' in result && result.notes).toEqual([
      'VirtualNetwork includes the prefixes of user-defined routes in route table rt-fw: 0.0.0.0/0 (route route-0, next hop VirtualAppliance); rules naming VirtualNetwork, AllowVnetInBound among them, match those addresses',
    ]);
  });

  it('lists every VM that shares an ambiguous name', () => {
    const twins = [
      ...machine({ name: 'vm-01' }),
      {
        ...machine({ name: 'vm-01' })[0]!,
        id: '/subscriptions/0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e/resourceGroups/rg-other/providers/Microsoft.Compute/virtualMachines/vm-01',
      },
    ];
    const result = verifyFlow(engine(twins), query);
    expect('error' in result && result.error).toMatch(
      /^2 virtual machines are named 'vm-01'; give one by ID:\n {2}\/subscriptions/,
    );
  });

  it('answers unknown, saying what is missing, when the NIC NSG is not in the snapshot', () => {
    const inventory = inventoryOf([
      vnet('vnet-app', { subnets: [{ name: 'snet-app' }] }),
      ...machine({ name: 'vm-01', nicNsg: 'nsg-gone' }),
    ]);
    expect(verifyFlow(new NetworkEngine(inventory), query)).toMatchObject({
      access: 'Unknown',
      reason: 'NSG nsg-gone is not in the snapshot, so its network filtering is unknown',
    });
  });
});

describe('rules known only at deployment', () => {
  it('answer unknown where they may decide, naming the expression', () => {
    const resources = [
      vnet('vnet-app', { subnets: [{ name: 'snet-app' }] }),
      nsg('nsg-nic', [
        {
          name: 'maybe-ssh',
          properties: {
            priority: 100,
            direction: 'Inbound',
            access: { $vigilUnknown: "[if(reference('cfg').open, 'Allow', 'Deny')]" },
            protocol: 'Tcp',
            sourceAddressPrefix: '*',
            sourcePortRange: '*',
            destinationAddressPrefix: '*',
            destinationPortRange: '22',
          },
        },
      ]),
      ...machine({ name: 'vm-01', nicNsg: 'nsg-nic' }),
    ];
    const engine = new NetworkEngine(inventoryOf(resources));
    expect(verifyFlow(engine, query)).toMatchObject({
      access: 'Unknown',
      ruleName: 'DenyAllInBound',
      dependsOn: [
        "rule maybe-ssh (priority 100, Allow or Deny) of NSG nsg-nic matches depending on its access ([if(reference('cfg').open, 'Allow', 'Deny')]), known only at deployment",
      ],
      ruleProblems: [],
    });
    expect(verifyFlow(engine, { ...query, localPort: 3389 })).toMatchObject({
      access: 'Deny',
      ruleName: 'DenyAllInBound',
      dependsOn: [],
    });
  });
});

describe('service tags with prefixes given', () => {
  it('decides exactly once the engine has the prefixes of a tag it does not ship', () => {
    const resources = [
      vnet('vnet-app', { subnets: [{ name: 'snet-app' }] }),
      nsg('nsg-nic', [{ name: 'from-storage', priority: 100, ports: '443', src: 'Storage.WestEurope' }]),
      ...machine({ name: 'vm-01', nicNsg: 'nsg-nic' }),
    ];
    const inside = { ...query, remoteAddress: '20.60.0.9', localPort: 443 };
    const outside = { ...query, remoteAddress: '198.51.100.7', localPort: 443 };
    expect(verifyFlow(new NetworkEngine(inventoryOf(resources)), inside)).toMatchObject({
      access: 'Unknown',
      dependsOn: [
        'rule from-storage (priority 100, Allow) of NSG nsg-nic matches depending on whether the address is in service tag Storage.WestEurope (Vigil does not have its prefixes)',
      ],
    });
    const tags = new Map([['storage.westeurope', [parseCidr('20.60.0.0/16')!]]]);
    const engine = new NetworkEngine(inventoryOf(resources), { serviceTags: tags });
    expect(verifyFlow(engine, inside)).toMatchObject({ access: 'Allow', ruleName: 'from-storage' });
    expect(verifyFlow(engine, outside)).toMatchObject({ access: 'Deny', ruleName: 'DenyAllInBound' });
  });
});
