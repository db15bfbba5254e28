import { describe, expect, it } from 'vitest';
import { Inventory } from '../../src/inventory/inventory.ts';
import type { Resource } from '../../src/inventory/resource.ts';

const SUB_ID = '8f3c7d2e-5a1b-4c9d-9e0f-1a2b3c4d5e6f';
const SUB = `/subscriptions/${SUB_ID}`;
const RG = `${SUB}/resourceGroups/rg-web-prod`;
const VM = `${RG}/providers/Microsoft.Compute/virtualMachines/vm-web-01`;
const NIC = `${RG}/providers/Microsoft.Network/networkInterfaces/vm-web-01-nic`;
const OTHER_RG_DISK = `${SUB}/resourceGroups/rg-data/providers/Microsoft.Compute/disks/disk-1`;
const ASSESSMENT = `${VM}/providers/Microsoft.Security/assessments/bc303248-3d14-44c2-96a0-55f5c326b5fe`;

function resource(id: string, type: string, extra: Partial<Resource> = {}): Resource {
  return { id, name: id.slice(id.lastIndexOf('/') + 1), type, properties: {}, ...extra };
}

function estate(): Inventory {
  const inventory = new Inventory();
  // Resource Graph lower-cases types; ARM GET does not. Both must index alike.
  inventory.add(
    resource(VM, 'microsoft.compute/virtualmachines', { tenantId: '3d9e4c1a-7b2f-4e8d-a6c5-0f1e2d3c4b5a' }),
    {
      file: 'estate.json',
      line: 4,
      pointer: '/data/0',
    },
  );
  inventory.add(resource(NIC, 'Microsoft.Network/networkInterfaces'));
  inventory.add(resource(OTHER_RG_DISK, 'Microsoft.Compute/disks'));
  inventory.add(resource(ASSESSMENT, 'microsoft.security/assessments'));
  inventory.add(resource(`${VM}/extensions/MDE.Linux`, 'Microsoft.Compute/virtualMachines/extensions'));
  return inventory;
}

const names = (resources: Resource[]): string[] => resources.map((r) => r.name).sort();

describe('Inventory lookups', () => {
  it('finds a resource by ID in any casing, with or without a trailing slash', () => {
    const inventory = estate();
    expect(inventory.get(VM.toUpperCase())?.name).toBe('vm-web-01');
    expect(inventory.get(`${VM.toLowerCase()}/`)?.name).toBe('vm-web-01');
    expect(inventory.has(NIC.toLowerCase())).toBe(true);
    expect(inventory.get(`${VM}-2`)).toBeUndefined();
  });

  it('keeps the JSON as given', () => {
    expect(estate().get(VM)?.type).toBe('microsoft.compute/virtualmachines');
  });

  it('finds resources by type whatever the casing on either side', () => {
    const inventory = estate();
    expect(names(inventory.byType('Microsoft.Compute/virtualMachines'))).toEqual(['vm-web-01']);
    expect(names(inventory.byType('MICROSOFT.NETWORK/NETWORKINTERFACES'))).toEqual(['vm-web-01-nic']);
    expect(inventory.byType('Microsoft.Web/sites')).toEqual([]);
  });

  it('lists the resources of a resource group and of a subscription, optionally by type', () => {
    const inventory = estate();
    expect(names(inventory.inResourceGroup(SUB_ID, 'RG-WEB-PROD'))).toEqual([
      'MDE.Linux',
      'bc303248-3d14-44c2-96a0-55f5c326b5fe',
      'vm-web-01',
      'vm-web-01-nic',
    ]);
    expect(
      names(inventory.inResourceGroup(SUB_ID, 'rg-web-prod', 'microsoft.network/networkinterfaces')),
    ).toEqual(['vm-web-01-nic']);
    expect(inventory.inSubscription(SUB_ID.toUpperCase())).toHaveLength(5);
    expect(names(inventory.inSubscription(SUB_ID, 'Microsoft.Compute/disks'))).toEqual(['disk-1']);
  });

  it('lists extension resources attached to a resource, by type', () => {
    const inventory = estate();
    expect(names(inventory.extensionsOf(VM.toLowerCase(), 'Microsoft.Security/assessments'))).toEqual([
      'bc303248-3d14-44c2-96a0-55f5c326b5fe',
    ]);
    expect(inventory.extensionsOf(NIC)).toEqual([]);
  });

  it('lists child resources of a parent, optionally by child type', () => {
    const inventory = estate();
    const vm = inventory.get(VM)!;
    expect(names(inventory.childrenOf(vm))).toEqual(['MDE.Linux']);
    expect(inventory.childrenOf(vm, 'Microsoft.Compute/virtualMachines/runCommands')).toEqual([]);
  });

  it('remembers where each resource came from', () => {
    const inventory = estate();
    expect(inventory.origin(VM.toUpperCase())).toEqual({ file: 'estate.json', line: 4, pointer: '/data/0' });
    expect(inventory.origin(inventory.get(NIC)!)).toBeUndefined();
  });

  it('iterates every resource and counts them', () => {
    const inventory = estate();
    expect(inventory.size).toBe(5);
    expect([...inventory]).toHaveLength(5);
  });

  it('sees resources added after a lookup', () => {
    const inventory = estate();
    expect(inventory.byType('Microsoft.Compute/disks')).toHaveLength(1);
    inventory.add(resource(`${RG}/providers/Microsoft.Compute/disks/disk-2`, 'Microsoft.Compute/disks'));
    expect(inventory.byType('Microsoft.Compute/disks')).toHaveLength(2);
    expect(inventory.size).toBe(6);
  });

  it('holds a resource whose ID it cannot parse when the type is given', () => {
    const inventory = new Inventory();
    inventory.add(resource(`${SUB}/locations/westeurope`, 'Microsoft.Resources/locations'));
    expect(inventory.byType('Microsoft.Resources/locations')).toHaveLength(1);
    expect(inventory.resourceGroupOf(inventory.get(`${SUB}/locations/westeurope`)!)).toBeUndefined();
  });
});

describe('Inventory duplicates', () => {
  it('keeps the last resource with an ID and warns with both origins', () => {
    const inventory = new Inventory();
    inventory.add(resource(NIC, 'Microsoft.Network/networkInterfaces', { tags: { day: 'monday' } }), {
      file: 'monday.json',
      line: 2,
    });
    inventory.add(
      resource(NIC.toUpperCase(), 'Microsoft.Network/networkInterfaces', { tags: { day: 'tuesday' } }),
      {
        file: 'tuesday.json',
        line: 7,
      },
    );
    expect(inventory.get(NIC)?.tags).toEqual({ day: 'tuesday' });
    expect(inventory.size).toBe(1);
    expect(inventory.warnings).toEqual([
      expect.objectContaining({
        kind: 'duplicate-id',
        origin: { file: 'tuesday.json', line: 7 },
        previousOrigin: { file: 'monday.json', line: 2 },
        message: expect.stringContaining('tuesday.json:7 replaces monday.json:2'),
      }),
    ]);
  });
});

describe('Inventory rows of one resource in one file (overlapping Resource Graph tables)', () => {
  const VAULT = `${RG}/providers/Microsoft.RecoveryServices/vaults/rsv-prod`;
  const full = resource(VAULT, 'microsoft.recoveryservices/vaults', {
    location: 'westeurope',
    sku: { name: 'RS0' },
    properties: { provisioningState: 'Succeeded', immutabilitySettings: { state: 'Locked' } },
  });

  it('merges a sparser row into the full one, without a warning', () => {
    const inventory = new Inventory();
    inventory.add(full, { file: 'arg.json', line: 2 });
    const sparse = resource(VAULT, 'microsoft.recoveryservices/vaults', {
      sku: null as never,
      properties: { provisioningState: 'Succeeded' },
    });
    inventory.add(sparse, { file: 'arg.json', line: 40 });
    expect(inventory.get(VAULT)).toEqual(full);
    expect(inventory.origin(VAULT)).toEqual({ file: 'arg.json', line: 2 });
    expect(inventory.warnings).toEqual([]);
  });

  it('replaces, with the warning, when the rows disagree on a field both give', () => {
    const inventory = new Inventory();
    inventory.add(full, { file: 'arg.json', line: 2 });
    inventory.add(
      resource(VAULT, 'microsoft.recoveryservices/vaults', { properties: { provisioningState: 'Failed' } }),
      {
        file: 'arg.json',
        line: 40,
      },
    );
    expect(inventory.get(VAULT)?.properties).toEqual({ provisioningState: 'Failed' });
    expect(inventory.warnings).toEqual([expect.objectContaining({ kind: 'duplicate-id' })]);
  });
});

describe('Inventory containers', () => {
  it('synthesises the resource group the way ARM returns one when the snapshot has none', () => {
    const inventory = estate();
    const group = inventory.resourceGroupOf(inventory.get(VM)!);
    expect(group).toEqual({
      id: RG,
      name: 'rg-web-prod',
      type: 'Microsoft.Resources/resourceGroups',
      tags: {},
      properties: { provisioningState: 'Succeeded' },
    });
    expect(inventory.resourceGroupOf(inventory.get(NIC)!)).toBe(group);
  });

  it('uses the snapshot’s own resource group, in Resource Graph’s spelling', () => {
    const inventory = estate();
    const rg = resource(RG, 'microsoft.resources/subscriptions/resourcegroups', {
      location: 'westeurope',
      tags: { env: 'prod' },
    });
    inventory.add(rg);
    expect(inventory.resourceGroupOf(inventory.get(VM)!)).toBe(rg);
    expect(inventory.byType('Microsoft.Resources/resourceGroups')).toEqual([rg]);
    expect(inventory.resourceGroupOf(rg)).toBe(rg);
  });

  it('synthesises the subscription as ARM Subscriptions - Get shapes it, with the tenant from the resource', () => {
    const inventory = estate();
    expect(inventory.subscriptionOf(inventory.get(VM)!)).toEqual({
      id: SUB,
      name: SUB_ID,
      type: 'Microsoft.Resources/subscriptions',
      subscriptionId: SUB_ID,
      displayName: SUB_ID,
      state: 'Enabled',
      tenantId: '3d9e4c1a-7b2f-4e8d-a6c5-0f1e2d3c4b5a',
    });
  });

  it('uses the snapshot’s own subscription when it has one', () => {
    const inventory = estate();
    const subscription = resource(SUB, 'microsoft.resources/subscriptions', { name: 'Contoso Production' });
    inventory.add(subscription);
    expect(inventory.subscriptionOf(inventory.get(OTHER_RG_DISK)!)).toBe(subscription);
    expect(inventory.inSubscription(SUB_ID)).not.toContain(subscription);
  });

  it('lists every subscription and resource group once, in the order their first resources came', () => {
    const inventory = estate();
    const otherSub = '/subscriptions/11111111-2222-3333-4444-555555555555';
    const listedGroup = resource(
      `${otherSub}/resourceGroups/RG-Listed`,
      'Microsoft.Resources/resourceGroups',
    );
    inventory.add(
      resource(
        `${otherSub}/resourceGroups/rg-listed/providers/Microsoft.Compute/disks/d`,
        'Microsoft.Compute/disks',
      ),
    );
    inventory.add(listedGroup);
    inventory.add(
      resource(
        '/providers/Microsoft.Management/managementGroups/mg-1',
        'Microsoft.Management/managementGroups',
      ),
    );
    inventory.add(
      resource(`${VM.toUpperCase()}/extensions/Other`, 'Microsoft.Compute/virtualMachines/extensions'),
    );
    const containers = inventory.containers();
    expect(containers.map((c) => c.id)).toEqual([
      SUB,
      RG,
      `${SUB}/resourceGroups/rg-data`,
      otherSub,
      listedGroup.id,
    ]);
    // The same objects resourceGroupOf and subscriptionOf give: the snapshot's own where it lists one.
    expect(containers[1]).toBe(inventory.resourceGroupOf(inventory.get(NIC)!));
    expect(containers[4]).toBe(listedGroup);
    expect(containers[0]).toMatchObject({ tenantId: '3d9e4c1a-7b2f-4e8d-a6c5-0f1e2d3c4b5a' });
  });

  it('has no resource group or subscription for a tenant-level resource', () => {
    const inventory = new Inventory();
    const group = resource(
      '/providers/Microsoft.Management/managementGroups/mg-1',
      'Microsoft.Management/managementGroups',
    );
    inventory.add(group);
    expect(inventory.resourceGroupOf(group)).toBeUndefined();
    expect(inventory.subscriptionOf(group)).toBeUndefined();
  });
});

describe('Inventory additions after lookups', () => {
  it('files an extension resource into the built index without rebuilding it', () => {
    const inventory = estate();
    const vm = inventory.get(VM)!;
    expect(inventory.extensionsOf(vm)).toHaveLength(1);
    const published = `${VM}/providers/Microsoft.Security/assessments/0be0f8a5-8ef4-4d6a-8b6c-6d0d6c7c7c3e`;
    inventory.add(resource(published, 'Microsoft.Security/assessments'), {
      file: 'vigil',
      synthesizedFrom: 'r-1',
    });
    expect(names(inventory.extensionsOf(VM, 'Microsoft.Security/assessments'))).toEqual([
      '0be0f8a5-8ef4-4d6a-8b6c-6d0d6c7c7c3e',
      'bc303248-3d14-44c2-96a0-55f5c326b5fe',
    ]);
    expect(inventory.inResourceGroup(SUB_ID, 'rg-web-prod', 'Microsoft.Security/assessments')).toHaveLength(
      2,
    );
    expect(inventory.origin(published)).toEqual({ file: 'vigil', synthesizedFrom: 'r-1' });
    expect(inventory.get(VM)).toBe(vm);
  });

  it('links a resource added later to the extensions and children listed before it', () => {
    const inventory = new Inventory();
    inventory.add(resource(ASSESSMENT, 'Microsoft.Security/assessments'));
    inventory.add(resource(`${VM}/extensions/MDE.Linux`, 'Microsoft.Compute/virtualMachines/extensions'));
    expect(inventory.extensionsOf(VM)).toHaveLength(1);
    inventory.add(resource(VM, 'Microsoft.Compute/virtualMachines'));
    expect(inventory.extensionsOf(VM)).toHaveLength(1);
    expect(names(inventory.childrenOf(VM))).toEqual(['MDE.Linux']);
    // The VM's view now holds its separately listed extension.
    expect(inventory.get(VM)?.resources).toEqual([expect.objectContaining({ name: 'MDE.Linux' })]);

    const diskAssessment = `${OTHER_RG_DISK}/providers/Microsoft.Security/assessments/k1`;
    inventory.add(resource(diskAssessment, 'Microsoft.Security/assessments'));
    expect(inventory.extensionsOf(OTHER_RG_DISK)).toHaveLength(1);
    inventory.add(resource(OTHER_RG_DISK, 'Microsoft.Compute/disks'));
    expect(names(inventory.extensionsOf(inventory.get(OTHER_RG_DISK)!))).toEqual(['k1']);
  });

  it('answers containers after a resource group is added later', () => {
    const inventory = estate();
    const synthesized = inventory.resourceGroupOf(inventory.get(VM)!);
    expect(synthesized?.tags).toEqual({});
    inventory.add(resource(RG, 'Microsoft.Resources/resourceGroups', { tags: { env: 'prod' } }));
    expect(inventory.resourceGroupOf(inventory.get(VM)!)?.tags).toEqual({ env: 'prod' });
  });
});
