import { describe, expect, it } from 'vitest';
import type { Resource } from '../../src/inventory/resource.ts';
import { toCidrs } from '../../src/network/address-set.ts';
import { addressContext, routedContext } from '../../src/network/vnet-space.ts';
import type { JsonObject, JsonValue } from '../../src/util/json.ts';
import { inventoryOf, routeTable, routeTableId, SUB, subnetId, vnet } from './network-estate.ts';

describe('addressContext', () => {
  it('makes VirtualNetwork the VNet, its Connected peerings and the host virtual IP; Internet the public rest', () => {
    const hub = vnet('vnet-hub', { space: ['10.1.0.0/16'] });
    const spoke = vnet('vnet-app', {
      space: ['10.0.0.0/16'],
      peerings: [
        { remote: 'vnet-hub' },
        { remote: 'vnet-shared', space: ['172.16.0.0/20'] },
        { remote: 'vnet-old', space: ['10.9.0.0/16'], state: 'Disconnected' },
      ],
    });
    const context = addressContext(inventoryOf([hub, spoke]), spoke);
    expect(toCidrs(context.virtualNetwork)).toEqual(['10.0.0.0/15', '168.63.129.16/32', '172.16.0.0/20']);
    expect(context.notes).toEqual([]);
    const internet = toCidrs(context.internet);
    expect(internet).toContain('8.0.0.0/7');
    expect(
      internet.some((c) => c.startsWith('10.') || c.startsWith('192.168.') || c.startsWith('168.63.129.16')),
    ).toBe(false);
    expect(internet).toContain('2000::/3');
  });

  it('takes a public VNet address space out of the internet', () => {
    const context = addressContext(inventoryOf([]), vnet('vnet-public', { space: ['20.50.0.0/16'] }));
    expect(toCidrs(context.internet)).not.toContain('20.0.0.0/8');
    expect(toCidrs(context.internet)).toContain('20.51.0.0/16');
  });

  it("says when a peered VNet's address space is nowhere to be found", () => {
    const spoke = vnet('vnet-app', { space: ['10.0.0.0/16'], peerings: [{ remote: 'vnet-gone' }] });
    const context = addressContext(inventoryOf([spoke]), spoke);
    expect(context.notes.map((n) => n.message)).toEqual([
      'VNet vnet-app: the address space of peered VNet vnet-gone is neither on the peering nor in the snapshot, so VirtualNetwork leaves it out',
    ]);
  });

  it('reports an address prefix it cannot read', () => {
    const context = addressContext(
      inventoryOf([]),
      vnet('vnet-typo', { space: ['10.0.0.0/16', '10.300.0.0/16'] }),
    );
    expect(context.notes.map((n) => [n.message, n.field])).toEqual([
      [
        "vnet-typo: address prefix '10.300.0.0/16' is not a CIDR block; it is left out",
        'properties.addressSpace.addressPrefixes',
      ],
    ]);
  });

  it('leaves out a Connected peering whose allowVirtualNetworkAccess is false', () => {
    const spoke = vnet('vnet-app', {
      space: ['10.0.0.0/16'],
      peerings: [
        { remote: 'vnet-hub', space: ['10.1.0.0/16'], access: false },
        { remote: 'vnet-shared', space: ['10.2.0.0/16'], access: true },
      ],
    });
    const context = addressContext(inventoryOf([spoke]), spoke);
    expect(toCidrs(context.virtualNetwork)).toEqual(['10.0.0.0/16', '10.2.0.0/16', '168.63.129.16/32']);
  });
});

describe('addressContext: gateways', () => {
  it('notes that VirtualNetwork holds on-premises prefixes the snapshot cannot show', () => {
    const spoke = vnet('vnet-app', {
      space: ['10.0.0.0/16'],
      peerings: [{ remote: 'vnet-hub', space: ['10.1.0.0/16'] }],
    });
    const peering = (spoke.properties as { virtualNetworkPeerings: { properties: JsonObject }[] })
      .virtualNetworkPeerings[0]!;
    peering.properties.useRemoteGateways = true;
    const hub = vnet('vnet-hub', {
      space: ['10.1.0.0/16'],
      subnets: [{ name: 'GatewaySubnet', prefixes: ['10.1.255.0/27'] }],
    });
    const gatewaySubnet = (hub.properties as { subnets: { properties: JsonObject }[] }).subnets[0]!;
    gatewaySubnet.properties.ipConfigurations = [
      {
        id: `${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworkGateways/vgw-hub/ipConfigurations/default`,
      },
    ];
    const inventory = inventoryOf([spoke, hub]);
    expect(addressContext(inventory, spoke).notes.map((n) => [n.message, n.field])).toEqual([
      [
        "VNet vnet-app: peering to-vnet-hub uses the remote VNet's gateway, so VirtualNetwork also holds the on-premises and gateway-connected prefixes it learns; the snapshot does not show them and Vigil leaves them out",
        'properties.virtualNetworkPeerings[0].properties.useRemoteGateways',
      ],
    ]);
    expect(addressContext(inventory, hub).notes.map((n) => n.field)).toEqual(['properties.subnets[0]']);
    // An empty GatewaySubnet holds no gateway.
    gatewaySubnet.properties.ipConfigurations = [];
    expect(addressContext(inventoryOf([hub]), hub).notes).toEqual([]);
  });
});

describe('routedContext: VirtualNetwork takes the prefixes of the subnet route table', () => {
  const space = vnet('vnet-app', {
    space: ['10.0.0.0/16'],
    subnets: [{ name: 'snet-app', routeTable: 'rt' }],
  });
  /** snet-app linked to route table `rt`, or to what `link` says; `null` for no route table. */
  const subnet = (link: JsonValue = { id: routeTableId('rt') }): Resource => ({
    id: subnetId('snet-app'),
    name: 'snet-app',
    type: 'Microsoft.Network/virtualNetworks/subnets',
    properties: { addressPrefix: '10.0.1.0/24', ...(link === null ? {} : { routeTable: link }) },
  });
  const contextFor = (resources: Resource[], link?: JsonValue, tags?: Map<string, [bigint, bigint][]>) => {
    const inventory = inventoryOf([space, ...resources]);
    return routedContext(inventory, addressContext(inventory, space), subnet(link), tags);
  };

  it.each([
    [
      'an appliance route',
      ['172.20.0.0/16 VirtualAppliance'],
      ['10.0.0.0/16', '168.63.129.16/32', '172.20.0.0/16'],
    ],
    [
      'a gateway route (forced tunnelling)',
      ['192.168.0.0/16 VirtualNetworkGateway'],
      ['10.0.0.0/16', '168.63.129.16/32', '192.168.0.0/16'],
    ],
    ['a VnetLocal route', ['172.21.0.0/16 VnetLocal'], ['10.0.0.0/16', '168.63.129.16/32', '172.21.0.0/16']],
    [
      'an IPv6 default route to an appliance',
      ['::/0 VirtualAppliance'],
      ['10.0.0.0/16', '168.63.129.16/32', '::/0'],
    ],
    [
      'routes to Internet and None, which leave the private network',
      ['0.0.0.0/0 Internet', '172.22.0.0/16 None'],
      ['10.0.0.0/16', '168.63.129.16/32'],
    ],
  ])('%s', (_what, routes, expected) => {
    const context = contextFor([routeTable('rt', routes)]);
    expect(toCidrs(context.virtualNetwork)).toEqual(expected);
    expect(context.notes).toEqual([]);
    expect(context.key).toBe(`${space.id.toLowerCase()}|${routeTableId('rt').toLowerCase()}`);
    expect(context.network).toBe(space.id.toLowerCase());
  });

  it('keeps Internet as it was: a routed public prefix is still on the internet', () => {
    const inventory = inventoryOf([space, routeTable('rt', ['0.0.0.0/0 VirtualAppliance'])]);
    const base = addressContext(inventory, space);
    const context = routedContext(inventory, base, subnet());
    expect(context.internet).toBe(base.internet);
    expect(toCidrs(context.virtualNetwork)).toEqual(['0.0.0.0/0']);
  });

  it('reads routes listed as resources of their own', () => {
    const table = routeTable('rt', []);
    const route: Resource = {
      id: `${routeTableId('rt')}/routes/to-fw`,
      name: 'to-fw',
      type: 'Microsoft.Network/routeTables/routes',
      properties: {
        addressPrefix: '172.30.0.0/16',
        nextHopType: 'VirtualAppliance',
        nextHopIpAddress: '10.0.4.4',
      },
    };
    expect(toCidrs(contextFor([table, route]).virtualNetwork)).toContain('172.30.0.0/16');
  });

  it('takes a service tag prefix from the given tags, and says when it has none', () => {
    const table = routeTable('rt', ['AzureCloud.westeurope VirtualAppliance']);
    const tags = new Map([
      ['azurecloud.westeurope', [[BigInt(0x14320000), BigInt(0x1432ffff)]] as [bigint, bigint][]],
    ]);
    expect(toCidrs(contextFor([table], undefined, tags).virtualNetwork)).toContain('20.50.0.0/16');
    expect(contextFor([table]).notes.map((n) => [n.message, n.field])).toEqual([
      [
        'route table rt: route route-0\'s address prefix "AzureCloud.westeurope" is a service tag Vigil has no prefixes for; VirtualNetwork leaves it out',
        'properties.routes[0].properties.addressPrefix',
      ],
    ]);
  });

  it('says when the route table is not in the snapshot, or known only at deployment', () => {
    expect(contextFor([]).notes.map((n) => n.message)).toEqual([
      'route table rt of subnet snet-app is not in the snapshot, so the prefixes of its routes, which VirtualNetwork includes, are unknown',
    ]);
    const deployed = contextFor([], { $vigilUnknown: "[resourceId('Microsoft.Network/routeTables', 'rt')]" });
    expect(deployed.notes.map((n) => [n.field, n.actual])).toEqual([
      ['properties.routeTable', { $vigilUnknown: "[resourceId('Microsoft.Network/routeTables', 'rt')]" }],
    ]);
  });

  it('reports a route whose next hop type it does not know', () => {
    const context = contextFor([routeTable('rt', ['172.20.0.0/16 Firewall'])]);
    expect(context.notes.map((n) => n.field)).toEqual(['properties.routes[0].properties.nextHopType']);
    expect(toCidrs(context.virtualNetwork)).toEqual(['10.0.0.0/16', '168.63.129.16/32']);
  });

  it('leaves a subnet without a route table as it was', () => {
    const inventory = inventoryOf([space]);
    const base = addressContext(inventory, space);
    expect(routedContext(inventory, base, subnet(null))).toBe(base);
  });
});
