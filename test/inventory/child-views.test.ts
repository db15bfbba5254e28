import { describe, expect, it } from 'vitest';
import { Inventory } from '../../src/inventory/inventory.ts';
import type { Resource } from '../../src/inventory/resource.ts';
import type { JsonObject } from '../../src/util/json.ts';

const RG = '/subscriptions/8f3c7d2e-5a1b-4c9d-9e0f-1a2b3c4d5e6f/resourceGroups/rg-app-prod';
const NSG = `${RG}/providers/Microsoft.Network/networkSecurityGroups/nsg-app`;
const VNET = `${RG}/providers/Microsoft.Network/virtualNetworks/vnet-app`;
const VM = `${RG}/providers/Microsoft.Compute/virtualMachines/vm-app-01`;
const VMSS = `${RG}/providers/Microsoft.Compute/virtualMachineScaleSets/vmss-api`;
const RULE_TYPE = 'Microsoft.Network/networkSecurityGroups/securityRules';

function rule(name: string, priority: number, source = '*'): JsonObject {
  return {
    name,
    id: `${NSG}/securityRules/${name}`,
    etag: 'W/"3a2b1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d"',
    type: RULE_TYPE,
    properties: {
      protocol: 'Tcp',
      access: 'Allow',
      direction: 'Inbound',
      priority,
      sourceAddressPrefix: source,
    },
  };
}

function nsg(properties: JsonObject | null): Resource {
  return {
    id: NSG,
    name: 'nsg-app',
    type: 'microsoft.network/networksecuritygroups',
    location: 'northeurope',
    properties,
  };
}

describe('children nested in their parent', () => {
  it('become resources of their own, named by the child name, with the parent as origin', () => {
    const inventory = new Inventory();
    inventory.add(
      nsg({
        securityRules: [rule('AllowSSH', 300)],
        // ARM's nested elements carry `type`; templates' do not, so the spec's type is used.
        defaultSecurityRules: [
          {
            name: 'DenyAllInBound',
            id: `${NSG}/defaultSecurityRules/DenyAllInBound`,
            properties: { priority: 65500 },
          },
        ],
      }),
      { file: 'nsg.json', line: 3, pointer: '/data/2' },
    );
    const ssh = inventory.get(`${NSG}/securityRules/allowssh`);
    expect(ssh).toMatchObject({ id: `${NSG}/securityRules/AllowSSH`, name: 'AllowSSH', type: RULE_TYPE });
    expect(ssh?.properties).toEqual(rule('AllowSSH', 300).properties);
    expect(inventory.origin(ssh!)).toEqual({
      file: 'nsg.json',
      line: 3,
      pointer: '/data/2/properties/securityRules/0',
      synthesizedFrom: NSG,
    });
    expect(inventory.childrenOf(NSG, 'Microsoft.Network/networkSecurityGroups/defaultSecurityRules')).toEqual(
      [
        expect.objectContaining({
          name: 'DenyAllInBound',
          type: 'Microsoft.Network/networkSecurityGroups/defaultSecurityRules',
        }),
      ],
    );
    expect(inventory.byType(RULE_TYPE.toLowerCase())).toHaveLength(1);
    expect(inventory.synthesizedCount).toBe(2);
    expect(inventory.size).toBe(3);
  });

  it('covers virtual network subnets and peerings', () => {
    const inventory = new Inventory();
    inventory.add({
      id: VNET,
      name: 'vnet-app',
      type: 'Microsoft.Network/virtualNetworks',
      properties: {
        subnets: [
          { name: 'snet-api', id: `${VNET}/subnets/snet-api`, properties: { addressPrefix: '10.1.0.0/24' } },
        ],
        virtualNetworkPeerings: [
          {
            name: 'to-hub',
            id: `${VNET}/virtualNetworkPeerings/to-hub`,
            properties: { peeringState: 'Connected' },
          },
        ],
      },
    });
    expect(inventory.get(`${VNET}/subnets/snet-api`)).toMatchObject({
      type: 'Microsoft.Network/virtualNetworks/subnets',
      properties: { addressPrefix: '10.1.0.0/24' },
    });
    expect(inventory.get(`${VNET}/virtualNetworkPeerings/to-hub`)?.type).toBe(
      'Microsoft.Network/virtualNetworks/virtualNetworkPeerings',
    );
  });

  it('takes VM extensions from `resources`, and nothing else that is listed there', () => {
    const inventory = new Inventory();
    inventory.add({
      id: VM,
      name: 'vm-app-01',
      type: 'Microsoft.Compute/virtualMachines',
      properties: {},
      resources: [
        {
          name: 'MDE.Windows',
          id: `${VM}/extensions/MDE.Windows`,
          type: 'Microsoft.Compute/virtualMachines/extensions',
          properties: { publisher: 'Microsoft.Azure.AzureDefenderForServers' },
        },
        { name: 'cmd', id: `${VM}/runCommands/cmd`, type: 'Microsoft.Compute/virtualMachines/runCommands' },
      ],
    });
    expect(inventory.childrenOf(VM).map((r) => r.name)).toEqual(['MDE.Windows']);
  });

  it('gives scale-set extensions without an ID the ID ARM would give them', () => {
    const inventory = new Inventory();
    inventory.add({
      id: VMSS,
      name: 'vmss-api',
      type: 'Microsoft.Compute/virtualMachineScaleSets',
      properties: {
        virtualMachineProfile: {
          extensionProfile: {
            extensions: [{ name: 'HealthExtension', properties: { type: 'ApplicationHealthLinux' } }],
          },
        },
      },
    });
    expect(inventory.get(`${VMSS}/extensions/HealthExtension`)).toMatchObject({
      name: 'HealthExtension',
      type: 'Microsoft.Compute/virtualMachineScaleSets/extensions',
      properties: { type: 'ApplicationHealthLinux' },
    });
  });

  it('names a child written as `parent/child` by its own name', () => {
    const inventory = new Inventory();
    inventory.add(nsg({ securityRules: [{ name: 'nsg-app/AllowHTTPS', properties: { priority: 310 } }] }));
    expect(inventory.get(`${NSG}/securityRules/AllowHTTPS`)?.name).toBe('AllowHTTPS');
  });

  it('warns about a nested child it cannot identify instead of dropping it silently', () => {
    const inventory = new Inventory();
    inventory.add(nsg({ securityRules: [{ properties: { priority: 100 } }, 'AllowAll'] }), {
      file: 'nsg.json',
    });
    expect(inventory.warnings.map((w) => [w.kind, w.message])).toEqual([
      [
        'child-view',
        `${NSG}: properties.securityRules[0] has neither "id" nor "name", so it cannot be a ${RULE_TYPE} resource`,
      ],
      ['child-view', `${NSG}: properties.securityRules[1] is not an object`],
    ]);
    expect(inventory.size).toBe(1);
  });
});

describe('children listed on their own', () => {
  it('fill the parent’s array, the listed copy winning over the nested one', () => {
    const nestedHttps = rule('AllowHTTPS', 310, '10.0.0.0/8');
    const nestedRdp = rule('AllowRDPFromOffice', 320, '203.0.113.0/24');
    const parent = nsg({ provisioningState: 'Succeeded', securityRules: [nestedHttps, nestedRdp] });
    const snapshot = structuredClone(parent);
    const listedHttps = { ...rule('AllowHTTPS', 310, 'Internet'), type: RULE_TYPE } as Resource;
    const listedTelnet = { ...rule('DenyTelnet', 4000), type: RULE_TYPE } as Resource;

    const inventory = new Inventory();
    inventory.add(parent, { file: '1-nsg.json', pointer: '' });
    inventory.add(listedHttps, { file: '2-security-rules.json', pointer: '/value/0' });
    inventory.add(listedTelnet, { file: '2-security-rules.json', pointer: '/value/1' });

    const view = inventory.get(NSG)!;
    expect(view.properties).toEqual({
      provisioningState: 'Succeeded',
      securityRules: [listedHttps, nestedRdp, listedTelnet],
    });
    expect(inventory.get(`${NSG}/securityRules/AllowHTTPS`)).toBe(listedHttps);
    expect(inventory.origin(listedHttps)).toEqual({ file: '2-security-rules.json', pointer: '/value/0' });
    expect(inventory.origin(`${NSG}/securityRules/AllowRDPFromOffice`)?.synthesizedFrom).toBe(NSG);
    expect(
      inventory
        .childrenOf(NSG)
        .map((r) => r.name)
        .sort(),
    ).toEqual(['AllowHTTPS', 'AllowRDPFromOffice', 'DenyTelnet']);
    expect(inventory.synthesizedCount).toBe(1);
    expect(parent).toEqual(snapshot);
    expect(inventory.origin(view)).toEqual({ file: '1-nsg.json', pointer: '' });
  });

  it('make the array when the parent had none, or had `properties: null` (az resource list)', () => {
    for (const properties of [{ provisioningState: 'Succeeded' }, null]) {
      const inventory = new Inventory();
      const listed = { ...rule('DenyTelnet', 4000), type: RULE_TYPE } as Resource;
      inventory.add(listed);
      inventory.add(nsg(properties));
      expect(inventory.get(NSG)?.properties).toEqual({ ...properties, securityRules: [listed] });
      expect(inventory.synthesizedCount).toBe(0);
    }
  });

  it('fill a parent that nests none in the order they were listed (a VM and its extensions)', () => {
    const extension = (name: string): Resource => ({
      id: `${VM}/extensions/${name}`,
      name,
      type: 'Microsoft.Compute/virtualMachines/extensions',
      properties: {},
    });
    const inventory = new Inventory();
    inventory.add({ id: VM, name: 'vm-app-01', type: 'Microsoft.Compute/virtualMachines', properties: {} });
    inventory.add(extension('MDE.Linux'));
    inventory.add(extension('AzureMonitorLinuxAgent'));
    expect(inventory.get(VM)?.resources).toEqual([
      extension('MDE.Linux'),
      extension('AzureMonitorLinuxAgent'),
    ]);
  });

  it('find the parent’s array under keys in any casing', () => {
    const listed = { ...rule('DenyTelnet', 4000), type: RULE_TYPE } as Resource;
    const inventory = new Inventory();
    const { properties: _, ...envelope } = nsg(null);
    inventory.add({ ...envelope, Properties: { SecurityRules: [rule('AllowSSH', 300)] } } as Resource);
    inventory.add(listed);
    expect(inventory.get(NSG)?.Properties).toEqual({ SecurityRules: [rule('AllowSSH', 300), listed] });
    expect(inventory.get(`${NSG}/securityRules/AllowSSH`)?.name).toBe('AllowSSH');
  });

  it('leave a parent without listed children as the very object given', () => {
    const parent = nsg({ securityRules: [rule('AllowSSH', 300)] });
    const inventory = new Inventory();
    inventory.add(parent);
    expect(inventory.get(NSG)).toBe(parent);
  });

  it('stand alone when their parent is not in the snapshot', () => {
    const inventory = new Inventory();
    inventory.add({ ...rule('DenyTelnet', 4000), type: RULE_TYPE } as Resource);
    expect(inventory.get(NSG)).toBeUndefined();
    expect(inventory.byType(RULE_TYPE)).toHaveLength(1);
  });
});
