import { describe, expect, it } from 'vitest';
import { NetworkEngine } from '../../src/network/engine.ts';
import { inventoryOf, machine, nsg, vmId, vnet } from './network-estate.ts';

function estate() {
  return inventoryOf([
    vnet('vnet-app', { subnets: [{ name: 'snet-app', nsg: 'nsg-subnet' }] }),
    nsg('nsg-subnet', [{ name: 'ssh-from-internet', priority: 100, src: 'Internet', ports: '22' }]),
    ...machine({ name: 'vm-a', configs: [{ ip: '10.0.1.4' }] }),
    ...machine({ name: 'vm-b', configs: [{ ip: '10.0.1.6', asgs: ['asg-jump'] }] }),
  ]);
}

describe('NetworkEngine.interfacesOf', () => {
  it('with VMs asked in turn, keeps only the last VM’s interfaces, and answers as when it keeps all', () => {
    const inventory = estate();
    const [a, b] = ['vm-a', 'vm-b'].map((name) => inventory.get(vmId(name))!);
    const kept = new NetworkEngine(inventory);
    const inTurn = new NetworkEngine(inventory, { vmsInTurn: true });

    const first = inTurn.interfacesOf(a!);
    // The analyzers of one VM ask one after another: they share the interfaces read once.
    expect(inTurn.interfacesOf(a!)).toBe(first);
    expect(first).toEqual(kept.interfacesOf(a!));
    expect(inTurn.interfacesOf(b!)).toEqual(kept.interfacesOf(b!));
    // Asked again after another VM, the interfaces are read again (what reports explaining findings avoid).
    const again = inTurn.interfacesOf(a!);
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
    expect(kept.interfacesOf(a!)).toBe(kept.interfacesOf(a!));
    const keptA = kept.interfacesOf(a!);
    kept.interfacesOf(b!);
    expect(kept.interfacesOf(a!)).toBe(keptA);
  });
});
