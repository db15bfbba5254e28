import { describe, expect, it } from 'vitest';
import { exactNetworkModel } from '../../src/benchmark/analyzers/exact-network-model.ts';
import { inventoryOf, machine, nsg, publicIp, routeTable, vmId, vnet } from './network-estate.ts';

/**
 * What the analyzers see of a subnet with a forced-tunnelling route table: VirtualNetwork takes
 * the routes' prefixes ("address prefixes used on user-defined routes", service-tags-overview.md;
 * MicrosoftDocs/azure-docs#22178), so AllowVnetInBound admits internet hosts, and the evidence says
 * why. (Kept in test/network: the analyzers' own test directory is another team's.)
 */
function modelOf(routes: string[] | undefined) {
  const inventory = inventoryOf([
    vnet('vnet-app', {
      subnets: [{ name: 'snet-app', nsg: 'nsg-subnet', ...(routes ? { routeTable: 'rt-spoke' } : {}) }],
    }),
    nsg('nsg-subnet', [{ name: 'web', priority: 100, ports: '443', src: 'Internet' }]),
    ...machine({ name: 'vm-01', configs: [{ publicIp: 'pip-01' }] }),
    publicIp('pip-01', 'Standard'),
    ...(routes ? [routeTable('rt-spoke', routes)] : []),
  ]);
  return { model: exactNetworkModel(inventory), vm: inventory.get(vmId('vm-01'))! };
}

describe('a route table on the subnet', () => {
  it('opens SSH to the internet through AllowVnetInBound when it routes 0.0.0.0/0 to an appliance', () => {
    const { model, vm } = modelOf(['0.0.0.0/0 VirtualAppliance']);
    const ssh = model.vmInboundAllowed(vm, 22, 'Tcp', 'Internet');
    expect(ssh.allowed).toBe(true);
    expect(ssh.rule?.name).toBe('AllowVnetInBound');
    expect(ssh.evidence.map((e) => e.message)).toContain(
      'VirtualNetwork includes the prefixes of user-defined routes in route table rt-spoke: 0.0.0.0/0 (route route-0, next hop VirtualAppliance); rules naming VirtualNetwork, AllowVnetInBound among them, match those addresses',
    );
    const openings = model.vmInboundOpenings(vm, 'Internet').openings;
    expect(openings.map((o) => `${o.protocol} ${o.from}-${o.to} ${o.rules.map((r) => r.name)}`)).toEqual([
      'Tcp 0-442 AllowVnetInBound',
      'Tcp 443-443 web',
      'Tcp 444-65535 AllowVnetInBound',
      'Udp 0-65535 AllowVnetInBound',
    ]);
    expect(openings[0]!.evidence.message).toMatch(/from Internet: VirtualNetwork includes the prefixes/);
    expect(openings[1]!.evidence.message).not.toMatch(/VirtualNetwork includes/);
  });

  it.each([
    ['no route table', undefined],
    ['a route to Internet', ['0.0.0.0/0 Internet']],
    ['a route to an appliance for a private range only', ['172.16.0.0/12 VirtualAppliance']],
  ])('keeps SSH closed with %s', (_what, routes) => {
    const { model, vm } = modelOf(routes);
    const ssh = model.vmInboundAllowed(vm, 22, 'Tcp', 'Internet');
    expect([ssh.allowed, ssh.rule?.name]).toEqual([false, 'DenyAllInBound']);
    expect(model.vmInboundOpenings(vm, 'Internet').openings.map((o) => o.rules[0]!.name)).toEqual(['web']);
  });
});
