import { describe, expect, it } from 'vitest';
import { toCidrs } from '../../src/network/address-set.ts';
import { addressContext } from '../../src/network/vnet-space.ts';
import { inventoryOf, vnet } from './network-estate.ts';

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
});
