import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Inventory } from '../../src/inventory/inventory.ts';
import type { VmNetwork } from '../../src/jit/adapter.ts';
import { JitEngine } from '../../src/jit/engine.ts';
import { JitInputError } from '../../src/jit/errors.ts';
import { InMemoryNetworkAdapter } from '../../src/jit/memory-adapter.ts';
import type { JitPortRule } from '../../src/jit/policy.ts';
import { isJitDenyRuleName } from '../../src/jit/rule-names.ts';
import { viewRule } from '../../src/jit/security-rule.ts';
import { lookupInventoryVm } from '../../src/jit/topology.ts';
import type { JsonObject } from '../../src/util/json.ts';
import { networkInterface, vm } from '../support/arm-resources.ts';
import { cleanup, stateDir } from './support/estate.ts';
import { FakeClock } from './support/fake-clock.ts';

afterEach(cleanup);

const NSG = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/nsg-a';
const VM: VmNetwork = {
  id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-a',
  name: 'vm-a',
  location: 'westeurope',
  problems: [],
  attachments: [{ nsgId: NSG, nsgName: 'nsg-a', levels: ['nic'], privateIps: ['10.1.0.4', '10.1.0.5'] }],
};
const SSH: JitPortRule = {
  number: 22,
  protocol: 'TCP',
  allowedSourceAddressPrefix: '*',
  maxRequestAccessDuration: 'PT3H',
};
const RDP: JitPortRule = { ...SSH, number: 3389 };

const rule = (name: string, priority: number, port: string, access = 'Allow'): JsonObject => ({
  name,
  properties: {
    protocol: 'Tcp',
    access,
    direction: 'Inbound',
    priority,
    destinationPortRange: port,
    sourceAddressPrefix: '*',
    destinationAddressPrefix: '*',
  },
});

let adapter: InMemoryNetworkAdapter;
let engine: JitEngine;
function setup(rules: JsonObject[]) {
  adapter = new InMemoryNetworkAdapter([VM], [{ id: NSG, name: 'nsg-a', rules }]);
  return stateDir().then((dir) => {
    engine = new JitEngine({ stateDir: dir, adapter, clock: new FakeClock('2025-03-01T10:00:00Z') });
  });
}
const denies = () => adapter.rules(NSG).filter((r) => isJitDenyRuleName(viewRule(r).name));

describe('enable', () => {
  beforeEach(() => setup([rule('AllowHttps', 300, '443')]));

  it("makes Vigil's own policy in the VM's resource group and location, and covers all its private IPs", async () => {
    const { result } = await engine.enable({ vm: 'vm-a', ports: [SSH, RDP], user: 'alice' });
    expect(result).toMatchObject({
      enabled: true,
      policy: {
        id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default',
        name: 'default',
        source: 'vigil',
      },
      warnings: [],
    });
    expect(denies()[0]!.properties).toMatchObject({
      destinationAddressPrefixes: ['10.1.0.4', '10.1.0.5'],
      destinationPortRanges: ['22', '3389'],
      priority: 1000,
    });
  });

  it('is idempotent: enabling again keeps the same rule and changes nothing', async () => {
    await engine.enable({ vm: 'vm-a', ports: [SSH], user: 'alice' });
    const before = adapter.rules(NSG);
    const { result } = await engine.enable({ vm: 'vm-a', ports: [SSH], user: 'alice' });
    expect(result.enabled && result.retired).toEqual([]);
    expect(adapter.rules(NSG)).toEqual(before);
  });

  it('updates the deny rule in place when the ports change', async () => {
    await engine.enable({ vm: 'vm-a', ports: [SSH], user: 'alice' });
    const name = viewRule(denies()[0]!).name;
    await engine.enable({ vm: 'vm-a', ports: [SSH, RDP], user: 'alice' });
    expect(
      denies().map((r) => [
        viewRule(r).name,
        (r.properties as { destinationPortRanges: string[] }).destinationPortRanges,
      ]),
    ).toEqual([[name, ['22', '3389']]]);
  });

  it('adopts the deny rule a crashed enable left behind, at its priority', async () => {
    await engine.enable({ vm: 'vm-a', ports: [SSH], user: 'alice' });
    const left = adapter.rules(NSG);
    await setup(
      left.map((r) =>
        isJitDenyRuleName(viewRule(r).name)
          ? { ...r, properties: { ...(r.properties as JsonObject), priority: 2000 } }
          : r,
      ),
    );
    const { result } = await engine.enable({ vm: 'vm-a', ports: [SSH], user: 'alice' });
    expect(result.enabled && result.denyRules[0]!.rule.properties.priority).toBe(2000);
    expect(denies()).toHaveLength(1);
  });
});

describe('where the deny rule goes', () => {
  it('after an existing rule that allows the port, with a warning that the port stays open to it', async () => {
    await setup([rule('AllowSshFromOffice', 1500, '22'), rule('AllowHttps', 300, '443')]);
    const { result } = await engine.enable({ vm: 'vm-a', ports: [SSH], user: 'alice' });
    expect(result.enabled && result.denyRules[0]!.rule.properties.priority).toBe(1501);
    expect(result.enabled && result.warnings).toEqual([
      "rule 'AllowSshFromOffice' (priority 1500) in NSG nsg-a allows port(s) 22 ahead of the JIT deny, as Defender lets existing rules do: those ports stay open to that rule's sources until it is removed",
    ]);
  });

  it('nowhere, when an allow for the port sits at the last priority: enable is refused', async () => {
    await setup([rule('AllowSshLast', 4096, '22')]);
    const { result } = await engine.enable({ vm: 'vm-a', ports: [SSH], user: 'alice' });
    expect(result).toEqual({
      enabled: false,
      vm: 'vm-a',
      reason: 'NSG nsg-a: no place for the JIT deny rule: no free inbound priority between 4097 and 4096',
    });
    expect((await engine.list()).result.enabled).toEqual([]);
  });
});

describe('topology read from a snapshot', () => {
  it('names what is missing: a NIC not in the inventory, an IP configuration without a private IP', () => {
    const inventory = new Inventory();
    const machine = vm('vm-b');
    (machine.properties as JsonObject).networkProfile = {
      networkInterfaces: [
        { id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/nic-gone' },
        { id: networkInterface('nic-b', []).id },
      ],
    };
    inventory.add(machine);
    inventory.add(networkInterface('nic-b', [{ privateIPAddress: undefined as never }]));
    const found = lookupInventoryVm(inventory, 'vm-b');
    expect(found.ok && found.vm.problems).toEqual([
      'network interface /subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/nic-gone (properties.networkProfile.networkInterfaces[0].id) is not in the inventory',
      "nic-b properties.ipConfigurations[0] has no privateIPAddress: JIT rules target the VM's private IP",
    ]);
  });

  it('refuses to enable a VM whose path cannot be read', async () => {
    const broken = { ...VM, problems: ['NSG x is not in the inventory: its rules cannot be read'] };
    adapter = new InMemoryNetworkAdapter([broken], [{ id: NSG, name: 'nsg-a', rules: [] }]);
    engine = new JitEngine({
      stateDir: await stateDir(),
      adapter,
      clock: new FakeClock('2025-03-01T10:00:00Z'),
    });
    await expect(engine.enable({ vm: 'vm-a', ports: [SSH], user: 'alice' })).rejects.toThrow(
      new JitInputError(['VM vm-a: NSG x is not in the inventory: its rules cannot be read']),
    );
  });
});
