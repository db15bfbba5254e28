import { describe, expect, it } from 'vitest';
import { PROTOCOL_BITS } from '../../src/network/compiled-nsg.ts';
import { NetworkEngine } from '../../src/network/engine.ts';
import { inboundReach, type SourceClass } from '../../src/network/inbound-reach.ts';
import { SharedReach } from '../../src/network/shared-reach.ts';
import type { VmInterface } from '../../src/network/topology.ts';
import { inventoryOf, machine, nsg, vmId, vnet } from './network-estate.ts';

/**
 * Interfaces NSG evaluation cannot tell apart share one evaluation; each still gets the answer
 * inboundReach gives it, naming its own NIC.
 */
function estate() {
  return inventoryOf([
    vnet('vnet-app', { subnets: [{ name: 'snet-app', nsg: 'nsg-subnet' }] }),
    nsg('nsg-subnet', [
      { name: 'ssh-from-internet', priority: 100, src: 'Internet', ports: '22' },
      { name: 'https-to-one-host', priority: 110, src: '*', dst: '10.0.1.5', ports: '443' },
      { name: 'rdp-to-jump-hosts', priority: 120, src: '*', dstAsgs: ['asg-jump'], ports: '3389' },
      { name: 'deny-8080', priority: 130, access: 'Deny', src: '*', ports: '8080' },
    ]),
    nsg('nsg-nic', [{ name: 'winrm-from-internet', priority: 100, src: 'Internet', ports: '5985' }]),
    ...machine({ name: 'vm-a', configs: [{ ip: '10.0.1.4' }] }),
    ...machine({ name: 'vm-b', configs: [{ ip: '10.0.1.6' }] }),
    ...machine({ name: 'vm-web', configs: [{ ip: '10.0.1.5' }] }),
    ...machine({ name: 'vm-jump', configs: [{ ip: '10.0.1.7', asgs: ['asg-jump'] }] }),
    ...machine({ name: 'vm-nic-nsg', nicNsg: 'nsg-nic', configs: [{ ip: '10.0.1.8' }] }),
  ]);
}

const VMS = ['vm-a', 'vm-b', 'vm-web', 'vm-jump', 'vm-nic-nsg'];
const QUESTIONS: [number, 'Tcp' | 'Udp', SourceClass][] = [
  [22, 'Tcp', 'Internet'],
  [22, 'Tcp', 'Any'],
  [443, 'Tcp', 'Internet'],
  [3389, 'Tcp', 'Internet'],
  [5985, 'Tcp', 'Internet'],
  [8080, 'Tcp', 'Any'],
  [53, 'Udp', 'Internet'],
];

function interfaceOf(engine: NetworkEngine, vm: string): VmInterface {
  return engine.interfacesOf(engine.inventory.get(vmId(vm))!)[0]!;
}

describe('SharedReach', () => {
  it.each(VMS.flatMap((vm) => QUESTIONS.map((q) => [vm, ...q] as const)))(
    '%s, %s %s from %s: the answer inboundReach gives',
    (vm, port, protocol, source) => {
      const inventory = estate();
      const shared = new SharedReach();
      const engine = new NetworkEngine(inventory);
      // Every VM asked first, so later VMs get answers shared with those asked before them.
      for (const other of VMS)
        shared.reach(interfaceOf(engine, other), PROTOCOL_BITS[protocol], port, source);
      const got = shared.reach(interfaceOf(engine, vm), PROTOCOL_BITS[protocol], port, source);
      const alone = new NetworkEngine(inventory);
      expect(got).toEqual(inboundReach(interfaceOf(alone, vm), PROTOCOL_BITS[protocol], port, source));
    },
  );

  it('interfaces with the same NSGs and destination matches share; another address, ASG or NIC NSG does not', () => {
    const engine = new NetworkEngine(estate());
    const shared = new SharedReach();
    const classOf = (vm: string) => shared.classOf(interfaceOf(engine, vm));
    expect(classOf('vm-a')).toBeDefined();
    expect(classOf('vm-b')).toBe(classOf('vm-a'));
    for (const vm of ['vm-web', 'vm-jump', 'vm-nic-nsg']) expect(classOf(vm)).not.toBe(classOf('vm-a'));
  });

  it('a shared answer names the NIC of the interface asked about', () => {
    const engine = new NetworkEngine(estate());
    const shared = new SharedReach();
    const ask = (vm: string) => shared.reach(interfaceOf(engine, vm), PROTOCOL_BITS.Tcp, 22, 'Internet');
    ask('vm-a');
    const steps = ask('vm-b').verdict!.steps;
    expect(steps.map((s) => s.attachedTo)).toEqual(['snet-app', 'vm-b-nic']);
  });
});
