import { describe, expect, it } from 'vitest';
import { expandTemplateFile } from '../../../src/sources/template/load.ts';
import { byName, expand, fixture, messages, outputs, RG_ID, SCHEMA, SUB } from './helpers.ts';

/**
 * Template constructs, each with the docs' example and the result the docs show
 * (MicrosoftDocs/azure-docs articles/azure-resource-manager/templates/: copy-resources.md, copy-properties.md,
 * copy-variables.md, conditional-resource-deployment.md, linked-templates.md, resource-declaration.md,
 * user-defined-functions.md, template-functions-lambda.md, child-resource-name-type.md).
 */

const base = { $schema: SCHEMA, contentVersion: '1.0.0.0' };

describe('resource copy loops (copy-resources.md)', () => {
  const storage = (name: string, count: unknown, extra: object = {}) => ({
    ...base,
    resources: [
      {
        type: 'Microsoft.Storage/storageAccounts',
        apiVersion: '2022-09-01',
        name,
        location: 'eastus',
        sku: { name: 'Standard_LRS' },
        kind: 'Storage',
        properties: {},
        copy: { name: 'storagecopy', count, ...extra },
      },
    ],
  });
  const names = (template: object) => expand(template).resources.map((r) => r.resource.name);

  it('names storage0..storage2 with copyIndex(), and storage1..storage3 with copyIndex(1)', () => {
    expect(names(storage("[format('storage{0}', copyIndex())]", 3))).toEqual([
      'storage0',
      'storage1',
      'storage2',
    ]);
    expect(names(storage("[format('storage{0}', copyIndex(1))]", 3))).toEqual([
      'storage1',
      'storage2',
      'storage3',
    ]);
  });

  it('iterates an array parameter with length() and copyIndex()', () => {
    const template = {
      ...storage(
        "[format('{0}{1}', parameters('storageNames')[copyIndex()], 'x')]",
        "[length(parameters('storageNames'))]",
      ),
      parameters: { storageNames: { type: 'array', defaultValue: ['contoso', 'fabrikam', 'coho'] } },
    };
    expect(names(template)).toEqual(['contosox', 'fabrikamx', 'cohox']);
  });

  it('ignores mode and batchSize, which only order the deployment', () => {
    expect(names(storage("[format('s{0}', copyIndex())]", 4, { mode: 'serial', batchSize: 2 }))).toHaveLength(
      4,
    );
  });

  it('accepts a count of 0 and a count written as digits ("count": "3" in the docs)', () => {
    expect(names(storage("[format('s{0}', copyIndex())]", 0))).toEqual([]);
    expect(names(storage("[format('s{0}', copyIndex())]", '3'))).toEqual(['s0', 's1', 's2']);
  });

  it.each([
    [801, /can't exceed 800/],
    [-1, /can't be negative/],
    ['many', /must be an integer/],
  ])('refuses a count of %j at the count', (count, message) => {
    const result = expand(storage("[format('s{0}', copyIndex())]", count));
    expect(result.resources).toEqual([]);
    expect(result.errors[0]).toMatchObject({
      pointer: '/resources/0/copy/count',
      message: expect.stringMatching(message),
    });
  });

  it('a duplicate name across iterations is an error, as ARM refuses a resource declared twice', () => {
    const result = expand(storage('same', 2));
    expect(result.resources).toHaveLength(1);
    expect(messages(result)[0]).toMatch(/declared more than once/);
  });
});

describe('property copy loops (copy-properties.md)', () => {
  it("dataDisks from the docs' VM example: lun 0..2 from copyIndex('dataDisks')", () => {
    const result = expand({
      ...base,
      parameters: { numberOfDataDisks: { type: 'int', minValue: 0, maxValue: 16, defaultValue: 3 } },
      resources: [
        {
          type: 'Microsoft.Compute/virtualMachines',
          apiVersion: '2020-06-01',
          name: 'examplevm',
          properties: {
            storageProfile: {
              copy: [
                {
                  name: 'dataDisks',
                  count: "[parameters('numberOfDataDisks')]",
                  input: { lun: "[copyIndex('dataDisks')]", createOption: 'Empty', diskSizeGB: 1023 },
                },
              ],
            },
          },
        },
      ],
    });
    expect((result.resources[0]!.resource.properties as { storageProfile: unknown }).storageProfile).toEqual({
      dataDisks: [
        { lun: 0, createOption: 'Empty', diskSizeGB: 1023 },
        { lun: 1, createOption: 'Empty', diskSizeGB: 1023 },
        { lun: 2, createOption: 'Empty', diskSizeGB: 1023 },
      ],
    });
  });

  it('takes a string expression as input (the failover group example) and several loops in one copy', () => {
    const result = expand({
      ...base,
      parameters: { databaseNames: { type: 'array', defaultValue: ['mydb1', 'mydb2', 'mydb3'] } },
      resources: [
        {
          type: 'Microsoft.Sql/servers/failoverGroups',
          apiVersion: '2015-05-01-preview',
          name: 'primary/primaryfailovergroups',
          properties: {
            copy: [
              {
                name: 'databases',
                count: "[length(parameters('databaseNames'))]",
                input:
                  "[resourceId('Microsoft.Sql/servers/databases', 'primary', parameters('databaseNames')[copyIndex('databases')])]",
              },
              { name: 'offsets', count: 2, input: "[copyIndex('offsets', 1)]" },
            ],
          },
        },
      ],
    });
    const properties = result.resources[0]?.resource.properties as { databases: string[]; offsets: number[] };
    expect(properties.databases).toEqual([
      `${RG_ID}/providers/Microsoft.Sql/servers/primary/databases/mydb1`,
      `${RG_ID}/providers/Microsoft.Sql/servers/primary/databases/mydb2`,
      `${RG_ID}/providers/Microsoft.Sql/servers/primary/databases/mydb3`,
    ]);
    expect(properties.offsets).toEqual([1, 2]);
  });

  it('nests in a resource loop: subnets per VNet, each loop read by name', () => {
    const result = expand({
      ...base,
      variables: { subnetAddressPrefix: ['10.0.0.0/24', '10.0.1.0/24'] },
      resources: [
        {
          type: 'Microsoft.Network/virtualNetworks',
          apiVersion: '2018-04-01',
          name: "[concat('vnet', copyIndex())]",
          copy: { count: 2, name: 'vnetloop' },
          location: '[resourceGroup().location]',
          properties: {
            copy: [
              {
                name: 'subnets',
                count: 2,
                input: {
                  name: "[concat('subnet-', copyIndex('subnets'), '-of-', copyIndex())]",
                  properties: { addressPrefix: "[variables('subnetAddressPrefix')[copyIndex('subnets')]]" },
                },
              },
            ],
          },
        },
      ],
    });
    const subnets = result.resources.map((r) =>
      (r.resource.properties as { subnets: { name: string }[] }).subnets.map((s) => s.name),
    );
    expect(subnets).toEqual([
      ['subnet-0-of-0', 'subnet-1-of-0'],
      ['subnet-0-of-1', 'subnet-1-of-1'],
    ]);
  });
});

describe('variable copy loops (copy-variables.md)', () => {
  it('produces the arrays and objects the docs show', () => {
    const result = expand({
      ...base,
      parameters: { itemCount: { type: 'int', defaultValue: 5 } },
      variables: {
        'disk-array-on-object': {
          copy: [
            {
              name: 'disks',
              count: 5,
              input: {
                name: "[concat('myDataDisk', copyIndex('disks', 1))]",
                diskSizeGB: '1',
                diskIndex: "[copyIndex('disks')]",
              },
            },
            { name: 'diskNames', count: 5, input: "[concat('myDataDisk', copyIndex('diskNames', 1))]" },
          ],
        },
        topLevelObject: {
          sampleProperty: 'sampleValue',
          copy: [
            {
              name: 'disks',
              count: "[parameters('itemCount')]",
              input: { diskIndex: "[copyIndex('disks')]" },
            },
          ],
        },
        copy: [
          {
            name: 'stringArray',
            count: "[parameters('itemCount')]",
            input: "[concat('item', copyIndex('stringArray', 1))]",
          },
          { name: 'top-level-integer-array', count: 5, input: "[copyIndex('top-level-integer-array')]" },
        ],
      },
      resources: [],
      outputs: {
        stringArray: { type: 'array', value: "[variables('stringArray')]" },
        integers: { type: 'array', value: "[variables('top-level-integer-array')]" },
        diskNames: { type: 'array', value: "[variables('disk-array-on-object').diskNames]" },
        firstDisk: { type: 'object', value: "[variables('disk-array-on-object').disks[0]]" },
        topLevelObject: { type: 'object', value: "[variables('topLevelObject')]" },
      },
    });
    expect(result.errors).toEqual([]);
    expect(outputs(result)).toEqual({
      stringArray: ['item1', 'item2', 'item3', 'item4', 'item5'],
      integers: [0, 1, 2, 3, 4],
      diskNames: ['myDataDisk1', 'myDataDisk2', 'myDataDisk3', 'myDataDisk4', 'myDataDisk5'],
      firstDisk: { name: 'myDataDisk1', diskSizeGB: '1', diskIndex: 0 },
      topLevelObject: {
        sampleProperty: 'sampleValue',
        disks: [0, 1, 2, 3, 4].map((diskIndex) => ({ diskIndex })),
      },
    });
  });
});

describe('conditions (conditional-resource-deployment.md)', () => {
  const newOrExisting = (value: string) =>
    expand({
      ...base,
      parameters: {
        storageAccountName: { type: 'string', defaultValue: 'sa1' },
        newOrExisting: { type: 'string', defaultValue: value, allowedValues: ['new', 'existing'] },
      },
      resources: [
        {
          condition: "[equals(parameters('newOrExisting'), 'new')]",
          type: 'Microsoft.Storage/storageAccounts',
          apiVersion: '2019-06-01',
          name: "[parameters('storageAccountName')]",
          properties: { accessTier: 'Hot' },
        },
      ],
    });

  it("deploys the storage account for 'new' and not for 'existing'", () => {
    expect(newOrExisting('new').resources.map((r) => r.resource.name)).toEqual(['sa1']);
    expect(newOrExisting('existing').resources).toEqual([]);
  });

  it('is evaluated per copy iteration', () => {
    const result = expand({
      ...base,
      resources: [
        {
          type: 'Microsoft.Network/publicIPAddresses',
          name: "[format('ip{0}', copyIndex())]",
          copy: { name: 'ips', count: 4 },
          condition: '[equals(mod(copyIndex(), 2), 0)]',
        },
      ],
    });
    expect(result.resources.map((r) => r.resource.name)).toEqual(['ip0', 'ip2']);
  });

  it('does not cascade to child resources declared inside the parent', () => {
    const result = expand({
      ...base,
      resources: [
        {
          condition: false,
          type: 'Microsoft.Network/virtualNetworks',
          name: 'vnet',
          resources: [{ type: 'subnets', name: 'default', properties: {} }],
        },
      ],
    });
    expect(result.resources.map((r) => r.resource.type)).toEqual([
      'Microsoft.Network/virtualNetworks/subnets',
    ]);
  });

  it('known only at deployment: the resource is scanned as deployed, with a warning', () => {
    const result = expand({
      ...base,
      resources: [
        {
          condition: "[reference('flags').enableIp]",
          type: 'Microsoft.Network/publicIPAddresses',
          name: 'ip',
        },
      ],
    });
    expect(result.resources).toHaveLength(1);
    expect(result.warnings[0]).toMatchObject({ pointer: '/resources/0/condition' });
  });
});

describe('nested templates (linked-templates.md)', () => {
  const scoped = (scope: string | undefined) =>
    expand({
      ...base,
      variables: { exampleVar: 'from parent template' },
      resources: [
        {
          type: 'Microsoft.Resources/deployments',
          apiVersion: '2020-10-01',
          name: 'nestedTemplate1',
          properties: {
            ...(scope && { expressionEvaluationOptions: { scope } }),
            mode: 'Incremental',
            template: {
              ...base,
              variables: { exampleVar: 'from nested template' },
              resources: [],
              outputs: { testVar: { type: 'string', value: "[variables('exampleVar')]" } },
            },
          },
        },
      ],
      outputs: {
        messageFromLinkedTemplate: {
          type: 'string',
          value: "[reference('nestedTemplate1').outputs.testVar.value]",
        },
      },
    });

  it.each([
    ['inner', 'from nested template'],
    ['outer', 'from parent template'],
    [undefined, 'from parent template'],
  ])('expression scope %s gives "%s" (the docs table)', (scope, expected) => {
    expect(outputs(scoped(scope)).messageFromLinkedTemplate).toBe(expected);
  });

  it('inner scope takes parameters passed by the parent; Key Vault references stay unknown', () => {
    const result = expand({
      ...base,
      parameters: { location: { type: 'string', defaultValue: '[resourceGroup().location]' } },
      resources: [
        {
          type: 'Microsoft.Resources/deployments',
          apiVersion: '2020-10-01',
          name: 'dynamicSecret',
          properties: {
            mode: 'Incremental',
            expressionEvaluationOptions: { scope: 'inner' },
            parameters: {
              location: { value: "[parameters('location')]" },
              adminLogin: { value: 'ghuser' },
              adminPassword: {
                reference: {
                  keyVault: { id: "[resourceId('vaults-rg', 'Microsoft.KeyVault/vaults', 'kv')]" },
                  secretName: 'sql-admin',
                },
              },
            },
            template: {
              ...base,
              parameters: {
                adminLogin: { type: 'string' },
                adminPassword: { type: 'securestring' },
                location: { type: 'string' },
              },
              variables: { sqlServerName: "[concat('sql-', uniqueString(resourceGroup().id, 'sql'))]" },
              resources: [
                {
                  type: 'Microsoft.Sql/servers',
                  apiVersion: '2018-06-01-preview',
                  name: "[variables('sqlServerName')]",
                  location: "[parameters('location')]",
                  properties: {
                    administratorLogin: "[parameters('adminLogin')]",
                    administratorLoginPassword: "[parameters('adminPassword')]",
                  },
                },
              ],
            },
          },
        },
      ],
    });
    expect(result.errors).toEqual([]);
    const server = result.resources[0]!;
    expect(server.resource).toMatchObject({
      location: 'eastus',
      properties: {
        administratorLogin: 'ghuser',
        administratorLoginPassword: {
          $vigilUnknown: `Key Vault secret 'sql-admin' of /subscriptions/${SUB}/resourceGroups/vaults-rg/providers/Microsoft.KeyVault/vaults/kv`,
        },
      },
    });
    expect(server.origin).toMatchObject({
      deployments: ['dynamicSecret'],
      pointer: '/resources/0/properties/template/resources/0',
    });
  });

  it('a missing parameter of an inner template names the deployment that should pass it', () => {
    const result = expand({
      ...base,
      resources: [
        {
          type: 'Microsoft.Resources/deployments',
          name: 'inner',
          properties: {
            expressionEvaluationOptions: { scope: 'inner' },
            template: { ...base, parameters: { size: { type: 'string' } }, resources: [] },
          },
        },
      ],
    });
    expect(result.errors[0]).toMatchObject({
      pointer: '/resources/0/properties/template/parameters/size',
      message: expect.stringMatching(/the parameters of deployment 'inner' does not give it/),
    });
  });

  it("outer scope sees the parent's loop, and deploys into the deployment's resource group", () => {
    const result = expand({
      ...base,
      resources: [
        {
          type: 'Microsoft.Resources/deployments',
          name: "[concat('nested', copyIndex())]",
          copy: { name: 'deployLoop', count: 2 },
          resourceGroup: "[concat('rg-', copyIndex())]",
          properties: {
            template: {
              ...base,
              resources: [
                {
                  type: 'Microsoft.Network/publicIPAddresses',
                  name: "[concat('ip', copyIndex('deployLoop'))]",
                  properties: { evaluatedIn: '[resourceGroup().name]' },
                },
              ],
            },
          },
        },
      ],
    });
    expect(result.resources.map((r) => r.resource.id)).toEqual([
      `/subscriptions/${SUB}/resourceGroups/rg-0/providers/Microsoft.Network/publicIPAddresses/ip0`,
      `/subscriptions/${SUB}/resourceGroups/rg-1/providers/Microsoft.Network/publicIPAddresses/ip1`,
    ]);
    // Outer scope: functions resolve against the parent, though the resources go elsewhere.
    expect(
      result.resources.map((r) => (r.resource.properties as { evaluatedIn: string }).evaluatedIn),
    ).toEqual(['vigil-template-rg', 'vigil-template-rg']);
  });

  it('a subscription deployment creates a resource group and deploys into it', async () => {
    const result = await expandTemplateFile(fixture('vm/subscription/vm-in-new-rg.json'));
    expect(result.errors).toEqual([]);
    expect(result.resources.map((r) => r.resource.id)).toEqual([
      `/subscriptions/${SUB}/resourceGroups/rg-reporting`,
      `/subscriptions/${SUB}/resourceGroups/rg-reporting/providers/Microsoft.Compute/virtualMachines/report-01`,
    ]);
    expect(byName(result, 'report-01').resource.tags).toEqual({
      rg: 'rg-reporting',
      subscription: 'Vigil template scan',
    });
    expect(byName(result, 'report-01').resource.location).toBe('westeurope');
  });

  // resourceGroup() inside the deployment is the group the template created, with its location and
  // tags (template-functions-scope.md#resourcegroup); a group the template does not create keeps the
  // placeholder location.
  it.each([
    { group: 'app-rg', location: 'eastus', tags: {} },
    { group: 'new-rg', location: 'westeurope', tags: { env: 'prod' } },
  ])('resourceGroup() in a deployment into $group', ({ group, location, tags }) => {
    const result = expand({
      $schema: 'https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      resources: [
        {
          type: 'Microsoft.Resources/resourceGroups',
          apiVersion: '2022-09-01',
          name: 'new-rg',
          location: "[concat('west', 'europe')]",
          tags: { env: 'prod' },
        },
        {
          type: 'Microsoft.Resources/deployments',
          apiVersion: '2022-09-01',
          name: 'inner',
          resourceGroup: group,
          properties: {
            mode: 'Incremental',
            expressionEvaluationOptions: { scope: 'inner' },
            template: {
              ...base,
              resources: [
                {
                  type: 'Microsoft.Network/networkSecurityGroups',
                  apiVersion: '2023-09-01',
                  name: 'nsg',
                  location: '[resourceGroup().location]',
                  tags: '[resourceGroup().tags]',
                },
              ],
            },
          },
        },
      ],
    });
    expect(result.errors).toEqual([]);
    expect(byName(result, 'nsg').resource).toMatchObject({ location, tags });
  });
});

describe('linked templates (linked-templates.md#use-relative-path-for-linked-templates)', () => {
  it('reads templateLink.relativePath from disk, relative to the parent, and passes outputs between them', async () => {
    const result = await expandTemplateFile(fixture('vm/linked/main.json'), {
      parametersFile: fixture('vm/linked/main.parameters.json'),
    });
    expect(result.errors).toEqual([]);
    expect(result.linkedFiles.map((f) => f.replaceAll('\\', '/'))).toEqual([
      expect.stringMatching(/vm\/linked\/modules\/network\.json$/),
      expect.stringMatching(/vm\/linked\/modules\/vm\.json$/),
      expect.stringMatching(/vm\/linked\/modules\/vm\.json$/),
    ]);
    const nic = byName(result, 'prod-app-1-nic');
    expect(nic.origin).toMatchObject({ pointer: '/resources/0', line: 10, column: 5, deployments: ['vm-1'] });
    expect(nic.origin.file).toMatch(/modules[\\/]vm\.json$/);
    expect(nic.resource).toMatchObject({
      properties: {
        ipConfigurations: [
          {
            properties: {
              subnet: { id: `${RG_ID}/providers/Microsoft.Network/virtualNetworks/prod-vnet/subnets/app` },
            },
          },
        ],
      },
    });
    expect(byName(result, 'prod-app-0').resource).toMatchObject({
      properties: {
        osProfile: {
          linuxConfiguration: {
            ssh: {
              publicKeys: [
                { keyData: { $vigilUnknown: expect.stringMatching(/^Key Vault secret 'ssh-public-key'/) } },
              ],
            },
          },
        },
      },
    });
  });

  it('a URI link is not fetched: a warning says so, and the rest expands', () => {
    const result = expand({
      ...base,
      resources: [
        {
          type: 'Microsoft.Resources/deployments',
          name: 'remote',
          properties: { templateLink: { uri: 'https://example.com/t.json' } },
        },
        { type: 'Microsoft.Network/publicIPAddresses', name: 'ip' },
      ],
      outputs: { fromRemote: { type: 'string', value: "[reference('remote').outputs.x.value]" } },
    });
    expect(result.errors).toEqual([]);
    expect(result.resources.map((r) => r.resource.name)).toEqual(['ip']);
    expect(result.warnings[0]).toMatchObject({
      pointer: '/resources/0/properties/templateLink',
      message: expect.stringMatching(/https:\/\/example\.com\/t\.json is not read: Vigil works offline/),
    });
    expect(outputs(result).fromRemote).toEqual({ $vigilUnknown: "[reference('remote').outputs.x.value]" });
  });

  it('a relative path that does not exist is an error at the templateLink', () => {
    const result = expand(
      {
        ...base,
        resources: [
          {
            type: 'Microsoft.Resources/deployments',
            name: 'd',
            properties: { templateLink: { relativePath: 'nope.json' } },
          },
        ],
      },
      {
        readFile: () => {
          throw Object.assign(new Error('missing'), { code: 'ENOENT' });
        },
      },
      'dir/main.json',
    );
    expect(result.errors[0]).toMatchObject({
      pointer: '/resources/0/properties/templateLink',
      message: expect.stringMatching(/cannot read the linked template dir[\\/]nope\.json \(ENOENT\)/),
    });
  });

  it('a template that links to itself stops with an error instead of recursing', () => {
    const self = JSON.stringify({
      ...base,
      resources: [
        {
          type: 'Microsoft.Resources/deployments',
          name: 'again',
          properties: { templateLink: { relativePath: 'self.json' } },
        },
      ],
    });
    const result = expand(JSON.parse(self), { readFile: () => self }, 'self.json');
    expect(messages(result)).toEqual([expect.stringMatching(/nested more than 20 deep/)]);
  });
});

describe('symbolic names (languageVersion 2.0, resource-declaration.md#use-symbolic-name)', () => {
  it('deploys resources keyed by symbolic name; existing resources are read, not deployed', () => {
    const result = expand({
      ...base,
      languageVersion: '2.0',
      parameters: {
        storageAccountName: {
          type: 'string',
          defaultValue: "[format('storage{0}', uniqueString(resourceGroup().id))]",
        },
      },
      resources: {
        myStorage: {
          type: 'Microsoft.Storage/storageAccounts',
          apiVersion: '2022-09-01',
          name: "[parameters('storageAccountName')]",
          location: '[resourceGroup().location]',
          sku: { name: 'Standard_LRS' },
          kind: 'Storage',
          properties: {},
        },
        storageAccount: {
          type: 'Microsoft.Storage/storageAccounts',
          apiVersion: '2022-09-01',
          name: 'storageacct',
          existing: true,
        },
      },
      outputs: {
        myStorage: { type: 'object', value: "[reference('myStorage')]" },
        saBlocksPlaintext: { type: 'bool', value: "[ reference('storageAccount').supportsHttpsTrafficOnly]" },
        info: { type: 'object', value: "[resourceInfo('storageAccount')]" },
      },
    });
    expect(result.errors).toEqual([]);
    expect(result.resources).toHaveLength(1);
    expect(result.resources[0]).toMatchObject({
      symbolicName: 'myStorage',
      origin: { pointer: '/resources/myStorage' },
    });
    expect(outputs(result)).toEqual({
      myStorage: { $vigilUnknown: "[reference('myStorage')]" },
      saBlocksPlaintext: { $vigilUnknown: "[ reference('storageAccount').supportsHttpsTrafficOnly]" },
      info: {
        id: `${RG_ID}/providers/Microsoft.Storage/storageAccounts/storageacct`,
        name: 'storageacct',
        type: 'Microsoft.Storage/storageAccounts',
        apiVersion: '2022-09-01',
      },
    });
  });

  it('names copies myStorages[0], myStorages[1]', () => {
    const result = expand({
      ...base,
      languageVersion: '2.0',
      resources: {
        myStorages: {
          type: 'Microsoft.Storage/storageAccounts',
          name: "[format('{0}storage', copyIndex())]",
          copy: { name: 'storagecopy', count: 2 },
        },
      },
      outputs: { endpoint: { type: 'object', value: "[reference('myStorages[1]').primaryEndpoints]" } },
    });
    expect(result.resources.map((r) => r.symbolicName)).toEqual(['myStorages[0]', 'myStorages[1]']);
    expect(outputs(result).endpoint).toEqual({
      $vigilUnknown: "[reference('myStorages[1]').primaryEndpoints]",
    });
  });

  // Bicep compiles `existing = { scope: resourceGroup('net-rg'), … }` to the resource's `resourceGroup` (and
  // `subscriptionId`), and `vnet.id` to `resourceInfo('vnet').id`.
  it.each([
    { where: {}, id: `${RG_ID}/providers/Microsoft.Network/virtualNetworks/hub` },
    {
      where: { resourceGroup: "[concat('net', '-rg')]" },
      id: `/subscriptions/${SUB}/resourceGroups/net-rg/providers/Microsoft.Network/virtualNetworks/hub`,
    },
    {
      where: { subscriptionId: '11111111-1111-1111-1111-111111111111', resourceGroup: 'net-rg' },
      id: '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/net-rg/providers/Microsoft.Network/virtualNetworks/hub',
    },
  ])('an existing resource in $where has its ID there', ({ where, id }) => {
    const result = expand({
      ...base,
      languageVersion: '2.0',
      resources: {
        vnet: {
          existing: true,
          type: 'Microsoft.Network/virtualNetworks',
          apiVersion: '2023-09-01',
          name: 'hub',
          ...where,
        },
        nic: {
          type: 'Microsoft.Network/networkInterfaces',
          apiVersion: '2023-09-01',
          name: 'nic',
          properties: {
            ipConfigurations: [
              {
                name: 'c',
                properties: { subnet: { id: "[format('{0}/subnets/app', resourceInfo('vnet').id)]" } },
              },
            ],
          },
        },
      },
    });
    expect(result.errors).toEqual([]);
    expect(byName(result, 'nic').resource.properties).toMatchObject({
      ipConfigurations: [{ properties: { subnet: { id: `${id}/subnets/app` } } }],
    });
  });

  it("reads a module's outputs by symbolic name, as Bicep compiles them", async () => {
    const result = await expandTemplateFile(fixture('vm/bicep/main.json'));
    expect(result.errors).toEqual([]);
    expect(byName(result, 'api-01-nic').resource).toMatchObject({
      properties: {
        ipConfigurations: [
          {
            properties: {
              subnet: { id: `${RG_ID}/providers/Microsoft.Network/virtualNetworks/api-vnet/subnets/api` },
            },
          },
        ],
      },
    });
    expect(result.resources.map((r) => r.resource.type)).not.toContain(
      'Microsoft.OperationalInsights/workspaces',
    );
  });
});

describe('user-defined functions (user-defined-functions.md)', () => {
  const template = (body: string, extra: object = {}) => ({
    ...base,
    parameters: { storageNamePrefix: { type: 'string', maxLength: 11, defaultValue: 'MyApp' } },
    functions: [
      {
        namespace: 'contoso',
        members: {
          uniqueName: {
            parameters: [{ name: 'namePrefix', type: 'string' }],
            output: { type: 'string', value: body },
          },
        },
      },
    ],
    resources: [],
    outputs: { name: { type: 'string', value: "[contoso.uniqueName(parameters('storageNamePrefix'))]" } },
    ...extra,
  });

  it('the docs example: a unique storage name from a prefix', () => {
    const result = expand(
      template("[concat(toLower(parameters('namePrefix')), uniqueString(resourceGroup().id))]"),
      {
        context: { resourceGroup: 'my-rg' },
      },
    );
    expect(outputs(result).name).toBe('myappbmg7c6xu4tw46');
  });

  it("can't read variables or the template's own parameters", () => {
    expect(messages(expand(template("[variables('x')]", { variables: { x: 1 } })))[0]).toMatch(
      /can't use variables/,
    );
    expect(messages(expand(template("[parameters('storageNamePrefix')]")))[0]).toMatch(
      /only use its own parameters/,
    );
  });

  it('checks the argument count like any function', () => {
    const result = expand({
      ...template("[parameters('namePrefix')]"),
      outputs: { n: { type: 'string', value: '[contoso.uniqueName()]' } },
    });
    expect(messages(result)[0]).toMatch(/'contoso.uniqueName' takes exactly 1 argument/);
  });
});

describe('lambdas in a template (template-functions-lambda.md)', () => {
  it("gives the docs' outputs over the dogs variable", () => {
    const result = expand({
      ...base,
      variables: {
        dogs: [
          { name: 'Evie', age: 5, interests: ['Ball', 'Frisbee'] },
          { name: 'Casper', age: 3, interests: ['Other dogs'] },
          { name: 'Indy', age: 2, interests: ['Butter'] },
          { name: 'Kira', age: 8, interests: ['Rubs'] },
        ],
        ages: "[map(variables('dogs'), lambda('dog', lambdaVariables('dog').age))]",
      },
      resources: [],
      outputs: {
        oldDogs: {
          type: 'array',
          value: "[filter(variables('dogs'), lambda('dog', greaterOrEquals(lambdaVariables('dog').age, 5)))]",
        },
        totalAge: {
          type: 'int',
          value:
            "[reduce(variables('ages'), 0, lambda('cur', 'next', add(lambdaVariables('cur'), lambdaVariables('next'))))]",
        },
        dogsByAge: {
          type: 'array',
          value:
            "[map(sort(variables('dogs'), lambda('a', 'b', less(lambdaVariables('a').age, lambdaVariables('b').age))), lambda('d', lambdaVariables('d').name))]",
        },
        dogsObject: {
          type: 'object',
          value:
            "[toObject(variables('dogs'), lambda('entry', lambdaVariables('entry').name), lambda('entry', lambdaVariables('entry').age))]",
        },
      },
    });
    expect(outputs(result)).toEqual({
      oldDogs: [
        { name: 'Evie', age: 5, interests: ['Ball', 'Frisbee'] },
        { name: 'Kira', age: 8, interests: ['Rubs'] },
      ],
      totalAge: 18,
      dogsByAge: ['Indy', 'Casper', 'Evie', 'Kira'],
      dogsObject: { Evie: 5, Casper: 3, Indy: 2, Kira: 8 },
    });
  });
});

describe('child resources (child-resource-name-type.md)', () => {
  it('flattens a nested child to the full type, parent/child name and ID', () => {
    const result = expand({
      ...base,
      resources: [
        {
          type: 'Microsoft.Network/virtualNetworks',
          name: 'VNet1',
          resources: [
            { type: 'subnets', name: 'Subnet1', properties: { addressPrefix: '10.0.0.0/24' } },
            { type: 'Microsoft.Network/virtualNetworks/subnets', name: 'VNet1/Subnet2', properties: {} },
          ],
        },
        { type: 'Microsoft.Network/virtualNetworks/subnets', name: 'VNet1/Subnet3', properties: {} },
      ],
    });
    expect(result.resources.map((r) => [r.resource.type, r.resource.name, r.resource.id])).toEqual([
      [
        'Microsoft.Network/virtualNetworks',
        'VNet1',
        `${RG_ID}/providers/Microsoft.Network/virtualNetworks/VNet1`,
      ],
      [
        'Microsoft.Network/virtualNetworks/subnets',
        'Subnet1',
        `${RG_ID}/providers/Microsoft.Network/virtualNetworks/VNet1/subnets/Subnet1`,
      ],
      [
        'Microsoft.Network/virtualNetworks/subnets',
        'Subnet2',
        `${RG_ID}/providers/Microsoft.Network/virtualNetworks/VNet1/subnets/Subnet2`,
      ],
      [
        'Microsoft.Network/virtualNetworks/subnets',
        'Subnet3',
        `${RG_ID}/providers/Microsoft.Network/virtualNetworks/VNet1/subnets/Subnet3`,
      ],
    ]);
    expect(result.resources[1]?.origin.pointer).toBe('/resources/0/resources/0');
  });

  it('refuses a name whose segments do not match the type', () => {
    const result = expand({
      ...base,
      resources: [{ type: 'Microsoft.Network/virtualNetworks/subnets', name: 'only-one' }],
    });
    expect(result.errors[0]).toMatchObject({
      pointer: '/resources/0',
      message: expect.stringMatching(/needs 2 name segment/),
    });
  });

  it('a copy loop on a nested child is an error, as the docs say', () => {
    const result = expand({
      ...base,
      resources: [
        {
          type: 'Microsoft.Network/virtualNetworks',
          name: 'v',
          resources: [{ type: 'subnets', name: 's', copy: { name: 'c', count: 2 } }],
        },
      ],
    });
    expect(result.errors[0]?.message).toMatch(
      /child resource declared inside its parent can't have a copy loop/,
    );
  });
});

describe('extension resources (scope-extension-resources.md)', () => {
  it('places a resource with a scope property, or the older providers form, under its target', async () => {
    const result = await expandTemplateFile(fixture('vm/nsg-diagnostics-extension.json'));
    const nsg = `${RG_ID}/providers/Microsoft.Network/networkSecurityGroups`;
    expect(result.resources.map((r) => [r.resource.type, r.resource.id])).toEqual([
      ['Microsoft.Network/networkSecurityGroups', `${nsg}/web-nsg`],
      [
        'Microsoft.Insights/diagnosticSettings',
        `${nsg}/web-nsg/providers/Microsoft.Insights/diagnosticSettings/web-nsg-logs`,
      ],
      ['Microsoft.Network/networkSecurityGroups', `${nsg}/data-nsg`],
      [
        'Microsoft.Insights/diagnosticSettings',
        `${nsg}/data-nsg/providers/Microsoft.Insights/diagnosticSettings/data-nsg-logs`,
      ],
      ['Microsoft.Network/networkSecurityGroups', `${nsg}/legacy-nsg`],
    ]);
  });

  it('reads a Bicep-style relative scope as a resource of the deployment', () => {
    const result = expand({
      ...base,
      resources: [
        {
          type: 'Microsoft.Authorization/locks',
          name: 'nodelete',
          scope: "[format('Microsoft.Compute/virtualMachines/{0}', 'vm1')]",
          properties: { level: 'CanNotDelete' },
        },
      ],
    });
    expect(result.resources[0]?.resource.id).toBe(
      `${RG_ID}/providers/Microsoft.Compute/virtualMachines/vm1/providers/Microsoft.Authorization/locks/nodelete`,
    );
  });
});

describe('property names that are expressions', () => {
  it('evaluates them, as userAssignedIdentities keys need', () => {
    const result = expand({
      ...base,
      resources: [
        {
          type: 'Microsoft.Compute/virtualMachines',
          name: 'vm',
          identity: {
            type: 'UserAssigned',
            userAssignedIdentities: {
              "[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'id1')]": {},
            },
          },
          properties: { '[[literal]': 1 },
        },
      ],
    });
    expect(result.resources[0]?.resource).toMatchObject({
      identity: {
        userAssignedIdentities: {
          [`${RG_ID}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1`]: {},
        },
      },
      properties: { '[literal]': 1 },
    });
  });
});

describe('the expanded resource', () => {
  it('keeps what ARM returns, drops deployment syntax, and reads as provisioned', () => {
    const result = expand({
      ...base,
      resources: [
        {
          type: 'Microsoft.Network/publicIPAddresses',
          apiVersion: '2023-09-01',
          name: 'ip',
          location: 'westeurope',
          tags: { env: 'prod' },
          sku: { name: 'Standard' },
          zones: ['1'],
          dependsOn: [],
          comments: 'the frontend address',
          properties: { publicIPAllocationMethod: 'Static' },
        },
      ],
    });
    expect(result.resources[0]?.resource).toEqual({
      id: `${RG_ID}/providers/Microsoft.Network/publicIPAddresses/ip`,
      name: 'ip',
      type: 'Microsoft.Network/publicIPAddresses',
      location: 'westeurope',
      tags: { env: 'prod' },
      sku: { name: 'Standard' },
      zones: ['1'],
      properties: { publicIPAllocationMethod: 'Static', provisioningState: 'Succeeded' },
    });
  });
});
