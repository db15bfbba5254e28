import { describe, expect, it } from 'vitest';
import { armGuid } from '../../../src/arm-expr/guid.ts';
import { AZURE_CLOUD } from '../../../src/sources/template/context.ts';
import { isUnknown } from '../../../src/util/unknown.ts';
import { expand, messages, NOW, outputs, RG, RG_ID, SCHEMA, SUB } from './helpers.ts';

/**
 * The template functions that read the deployment, with the docs' example templates and the outputs the
 * docs show (MicrosoftDocs/azure-docs articles/azure-resource-manager/templates/template-functions-deployment.md,
 * template-functions-scope.md, template-functions-resource.md, template-functions-numeric.md#copyindex; the
 * templates are Azure/azure-docs-json-samples azure-resource-manager/functions/…).
 */

const withOutputs = (values: Record<string, string>, extra: object = {}) => ({
  $schema: SCHEMA,
  contentVersion: '1.0.0.0',
  resources: [],
  ...extra,
  outputs: Object.fromEntries(
    Object.entries(values).map(([name, value]) => [name, { type: 'object', value }]),
  ),
});

describe('deployment value functions (template-functions-deployment.md)', () => {
  it('parameters(): the docs example (deployment/parameters.json) returns its documented outputs', () => {
    const result = expand({
      $schema: 'https://schema.management.azure.com/schemas/2015-01-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      parameters: {
        stringParameter: { type: 'string', defaultValue: 'option 1' },
        intParameter: { type: 'int', defaultValue: 1 },
        objectParameter: { type: 'object', defaultValue: { one: 'a', two: 'b' } },
        arrayParameter: { type: 'array', defaultValue: [1, 2, 3] },
        crossParameter: { type: 'string', defaultValue: "[parameters('stringParameter')]" },
      },
      variables: {},
      resources: [],
      outputs: {
        stringOutput: { value: "[parameters('stringParameter')]", type: 'string' },
        intOutput: { value: "[parameters('intParameter')]", type: 'int' },
        objectOutput: { value: "[parameters('objectParameter')]", type: 'object' },
        arrayOutput: { value: "[parameters('arrayParameter')]", type: 'array' },
        crossOutput: { value: "[parameters('crossParameter')]", type: 'string' },
      },
    });
    expect(result.errors).toEqual([]);
    expect(outputs(result)).toEqual({
      stringOutput: 'option 1',
      intOutput: 1,
      objectOutput: { one: 'a', two: 'b' },
      arrayOutput: [1, 2, 3],
      crossOutput: 'option 1',
    });
  });

  it('variables(): the docs example (deployment/variables.json), whitespace inside the brackets included', () => {
    const result = expand({
      $schema: SCHEMA,
      contentVersion: '1.0.0.0',
      parameters: {},
      variables: {
        var1: 'myVariable',
        var2: [1, 2, 3, 4],
        var3: "[ variables('var1') ]",
        var4: { property1: 'value1', property2: 'value2' },
      },
      resources: [],
      outputs: {
        exampleOutput1: { type: 'string', value: "[variables('var1')]" },
        exampleOutput2: { type: 'array', value: "[variables('var2')]" },
        exampleOutput3: { type: 'string', value: "[variables('var3')]" },
        exampleOutput4: { type: 'object', value: "[variables('var4')]" },
      },
    });
    expect(outputs(result)).toEqual({
      exampleOutput1: 'myVariable',
      exampleOutput2: [1, 2, 3, 4],
      exampleOutput3: 'myVariable',
      exampleOutput4: { property1: 'value1', property2: 'value2' },
    });
  });

  it('variables() can name a variable computed at run time, as the subscriptionResourceId sample does', () => {
    const result = expand(
      withOutputs(
        { role: "[variables(parameters('builtInRoleType'))]" },
        {
          parameters: { builtInRoleType: { type: 'string', defaultValue: 'Reader' } },
          variables: {
            Owner:
              "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '8e3af657-a8ff-443c-a75c-2fe8c4bcb635')]",
            Reader:
              "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'acdd72a7-3385-48ef-bd42-f606fba81ae7')]",
          },
        },
      ),
    );
    expect(outputs(result).role).toBe(
      `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`,
    );
  });

  it('environment() is global Azure as the docs show it', () => {
    expect(outputs(expand(withOutputs({ environmentOutput: '[environment()]' }))).environmentOutput).toEqual(
      AZURE_CLOUD,
    );
    expect(AZURE_CLOUD).toMatchObject({
      name: 'AzureCloud',
      resourceManager: 'https://management.azure.com/',
      suffixes: { storage: 'core.windows.net', keyvaultDns: '.vault.azure.net' },
    });
  });

  it('deployment() names the deployment after the template file, as az deployment does', () => {
    const result = expand(withOutputs({ d: '[deployment()]' }), {}, 'infra/azuredeploy.json');
    expect(outputs(result).d).toMatchObject({
      name: 'azuredeploy',
      properties: { template: { contentVersion: '1.0.0.0' }, mode: 'Incremental' },
    });
  });
});

describe('scope functions (template-functions-scope.md)', () => {
  it('resourceGroup() has the documented shape, with the placeholder or given target', () => {
    const result = expand(withOutputs({ rg: '[resourceGroup()]' }), {
      context: { resourceGroup: 'examplegroup', location: 'southcentralus' },
    });
    expect(outputs(result).rg).toEqual({
      id: `/subscriptions/${SUB}/resourceGroups/examplegroup`,
      name: 'examplegroup',
      type: 'Microsoft.Resources/resourceGroups',
      location: 'southcentralus',
      tags: {},
      properties: { provisioningState: 'Succeeded' },
    });
  });

  it('subscription() and tenant() have the documented keys', () => {
    const result = expand(withOutputs({ s: '[subscription()]', t: '[tenant()]' }), {
      context: {
        subscriptionId: '11111111-1111-1111-1111-111111111111',
        tenantId: 'aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e',
      },
    });
    expect(outputs(result).s).toEqual({
      id: '/subscriptions/11111111-1111-1111-1111-111111111111',
      subscriptionId: '11111111-1111-1111-1111-111111111111',
      tenantId: 'aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e',
      displayName: expect.any(String),
    });
    expect(Object.keys(outputs(result).t as object).sort()).toEqual([
      'countryCode',
      'displayName',
      'id',
      'tenantId',
    ]);
    expect(outputs(result).t).toMatchObject({ id: '/tenants/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e' });
  });

  it('resourceGroup() in a subscription deployment is an error, as in Azure', () => {
    const result = expand({
      ...withOutputs({ rg: '[resourceGroup().name]' }),
      $schema: 'https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#',
    });
    expect(messages(result)[0]).toMatch(
      /resourceGroup\(\) can only be used in a template deployed to a resource group/,
    );
    expect(result.errors[0]?.pointer).toBe('/outputs/rg/value');
  });

  const SUB_SCHEMA =
    'https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#';
  const MG_SCHEMA =
    'https://schema.management.azure.com/schemas/2019-08-01/managementGroupDeploymentTemplate.json#';
  const TENANT_SCHEMA =
    'https://schema.management.azure.com/schemas/2019-08-01/tenantDeploymentTemplate.json#';
  const MG_ONLY = 'managementGroup() can only be used in a template deployed to a management group';
  const RG_OR_SUB_ONLY =
    'subscription() can only be used in a template deployed to a resource group or a subscription';

  // "managementGroup() can only be used on a management group deployments" (…-scope.md#managementgroup);
  // "subscription - can only be used in deployments to a resource group or subscription" (template-expressions.md).
  it.each([
    { call: 'managementGroup()', $schema: SCHEMA, level: 'resourceGroup', message: MG_ONLY },
    { call: 'managementGroup()', $schema: SUB_SCHEMA, level: 'subscription', message: MG_ONLY },
    { call: 'managementGroup()', $schema: TENANT_SCHEMA, level: 'tenant', message: MG_ONLY },
    { call: 'subscription()', $schema: MG_SCHEMA, level: 'managementGroup', message: RG_OR_SUB_ONLY },
    { call: 'subscription()', $schema: TENANT_SCHEMA, level: 'tenant', message: RG_OR_SUB_ONLY },
  ])(
    '$call in a template deployed to a $level is an error, as in Azure',
    ({ call, $schema, level, message }) => {
      const result = expand({ ...withOutputs({ v: `[${call}.id]` }), $schema });
      expect(messages(result)[0]).toContain(`${message}; this one is deployed to a ${level}`);
      expect(result.errors[0]?.pointer).toBe('/outputs/v/value');
    },
  );

  it('managementGroup() in a management group deployment has the documented keys', () => {
    const tenantId = 'aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e';
    const result = expand(
      {
        ...withOutputs({ mg: '[managementGroup()]' }),
        $schema: MG_SCHEMA,
      },
      { context: { tenantId } },
    );
    expect(result.errors).toEqual([]);
    expect(outputs(result).mg).toMatchObject({
      id: expect.stringMatching(/^\/providers\/Microsoft\.Management\/managementGroups\/[^/]+$/),
      type: '/providers/Microsoft.Management/managementGroups',
      properties: { tenantId },
    });
  });
});

describe('uniqueString() and guid() over the deployment (unique-string.test.ts checks the algorithms)', () => {
  it('uniqueString(resourceGroup().id) matches the value published for that resource group ID', () => {
    // '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/my-rg' → 'bmg7c6xu4tw46' (uniquestring.sh self-test)
    const result = expand(withOutputs({ u: '[uniqueString(resourceGroup().id)]' }), {
      context: { resourceGroup: 'my-rg' },
    });
    expect(outputs(result).u).toBe('bmg7c6xu4tw46');
  });

  it('is stable across runs and changes with the target', () => {
    const template = withOutputs({ u: '[uniqueString(subscription().subscriptionId, resourceGroup().id)]' });
    expect(outputs(expand(template)).u).toBe(outputs(expand(template)).u);
    expect(outputs(expand(template)).u).not.toBe(
      outputs(expand(template, { context: { resourceGroup: 'other' } })).u,
    );
  });

  it('guid() over template values is Azure’s name-based UUID of the joined strings', () => {
    const result = expand(withOutputs({ g: "[guid(resourceGroup().id, 'Reader')]" }));
    expect(outputs(result).g).toBe(armGuid([RG_ID, 'Reader']));
  });
});

describe('resource ID functions (template-functions-resource.md)', () => {
  it('resourceId(): the docs example (resource/resourceid.json) with its documented outputs', () => {
    const result = expand(
      withOutputs({
        sameRGOutput: "[resourceId('Microsoft.Storage/storageAccounts','examplestorage')]",
        differentRGOutput:
          "[resourceId('otherResourceGroup', 'Microsoft.Storage/storageAccounts','examplestorage')]",
        differentSubOutput:
          "[resourceId('11111111-1111-1111-1111-111111111111', 'otherResourceGroup', 'Microsoft.Storage/storageAccounts','examplestorage')]",
        nestedResourceOutput: "[resourceId('Microsoft.SQL/servers/databases', 'serverName', 'databaseName')]",
      }),
      { context: { resourceGroup: 'examplegroup' } },
    );
    expect(outputs(result)).toEqual({
      sameRGOutput: `/subscriptions/${SUB}/resourceGroups/examplegroup/providers/Microsoft.Storage/storageAccounts/examplestorage`,
      differentRGOutput: `/subscriptions/${SUB}/resourceGroups/otherResourceGroup/providers/Microsoft.Storage/storageAccounts/examplestorage`,
      differentSubOutput:
        '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/otherResourceGroup/providers/Microsoft.Storage/storageAccounts/examplestorage',
      nestedResourceOutput: `/subscriptions/${SUB}/resourceGroups/examplegroup/providers/Microsoft.SQL/servers/serverName/databases/databaseName`,
    });
  });

  it.each([
    [
      "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'r1')]",
      `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/r1`,
    ],
    [
      "[subscriptionResourceId('22222222-2222-2222-2222-222222222222', 'Microsoft.Authorization/roleDefinitions', 'r1')]",
      '/subscriptions/22222222-2222-2222-2222-222222222222/providers/Microsoft.Authorization/roleDefinitions/r1',
    ],
    [
      "[tenantResourceId('Microsoft.Authorization/policyDefinitions', 'p1')]",
      '/providers/Microsoft.Authorization/policyDefinitions/p1',
    ],
    [
      "[managementGroupResourceId('mg1', 'Microsoft.Authorization/policyDefinitions', 'p1')]",
      '/providers/Microsoft.Management/managementGroups/mg1/providers/Microsoft.Authorization/policyDefinitions/p1',
    ],
    // resource/extensionresourceid.json, with the docs' own `resourceGroup().Id` casing.
    [
      "[extensionResourceId(resourceGroup().Id, 'Microsoft.Authorization/locks', 'lockName')]",
      `${RG_ID}/providers/Microsoft.Authorization/locks/lockName`,
    ],
    [
      "[extensionResourceId(resourceId('Microsoft.Network/networkSecurityGroups', 'nsg'), 'Microsoft.Insights/diagnosticSettings', 'd')]",
      `${RG_ID}/providers/Microsoft.Network/networkSecurityGroups/nsg/providers/Microsoft.Insights/diagnosticSettings/d`,
    ],
    [
      "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet/default')]",
      `${RG_ID}/providers/Microsoft.Network/virtualNetworks/vnet/subnets/default`,
    ],
    // The type with a trailing '/', as quickstart templates (vm-multiple-nics-linux) write it.
    [
      "[resourceId('Microsoft.Storage/storageAccounts/', 'sa')]",
      `${RG_ID}/providers/Microsoft.Storage/storageAccounts/sa`,
    ],
    [
      "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions/', 'r1')]",
      `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/r1`,
    ],
  ])('%s', (expression, expected) => {
    expect(outputs(expand(withOutputs({ id: expression }))).id).toBe(expected);
  });

  it('resourceId() in a subscription deployment has no resource group', () => {
    const result = expand({
      ...withOutputs({ id: "[resourceId('Microsoft.Authorization/roleDefinitions', 'r1')]" }),
      $schema: 'https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#',
    });
    expect(outputs(result).id).toBe(
      `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/r1`,
    );
  });

  it.each([
    ["[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet')]", /needs 2 name segment\(s\)/],
    ["[resourceId('vnet', 'subnet')]", /expected .*a resource type/],
    ["[resourceId('a', 'b', 'c', 'Microsoft.Storage/storageAccounts', 'x')]", /up to 2 scope argument/],
    ["[resourceId('Microsoft.Storage/storageAccounts', 5)]", /expects argument 2 to be a string/],
  ])('%s is an error at its pointer', (expression, message) => {
    const result = expand(withOutputs({ id: expression }));
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({
      pointer: '/outputs/id/value',
      message: expect.stringMatching(message),
    });
  });
});

describe('copyIndex() (template-functions-numeric.md#copyindex)', () => {
  it('the docs example (numeric/copyindex.json) names storage accounts 0storage… and 1storage…', () => {
    const result = expand(
      {
        $schema: SCHEMA,
        contentVersion: '1.0.0.0',
        parameters: {
          storageCount: { type: 'int', defaultValue: 2 },
          location: { type: 'string', defaultValue: '[resourceGroup().location]' },
        },
        resources: [
          {
            type: 'Microsoft.Storage/storageAccounts',
            apiVersion: '2022-09-01',
            name: "[format('{0}storage{1}', range(0, parameters('storageCount'))[copyIndex()], uniqueString(resourceGroup().id))]",
            location: "[parameters('location')]",
            sku: { name: 'Standard_LRS' },
            kind: 'Storage',
            properties: {},
            copy: { name: 'storagecopy', count: "[parameters('storageCount')]" },
          },
        ],
      },
      { context: { resourceGroup: 'my-rg' } },
    );
    expect(result.resources.map((r) => r.resource.name)).toEqual([
      '0storagebmg7c6xu4tw46',
      '1storagebmg7c6xu4tw46',
    ]);
  });

  it.each([
    ['[copyIndex()]', [0, 1, 2]],
    ['[copyIndex(1)]', [1, 2, 3]],
    ["[copyIndex('loop')]", [0, 1, 2]],
    ["[copyIndex('LOOP', 10)]", [10, 11, 12]],
  ])('%s gives %j', (expression, expected) => {
    const result = expand({
      $schema: SCHEMA,
      contentVersion: '1.0.0.0',
      resources: [
        {
          type: 'Microsoft.Network/publicIPAddresses',
          name: "[format('ip{0}', copyIndex())]",
          copy: { name: 'loop', count: 3 },
          properties: { index: expression },
        },
      ],
    });
    expect(result.resources.map((r) => (r.resource.properties as { index: number }).index)).toEqual(expected);
  });

  it.each([
    ['[copyIndex()]', /only be used inside a copy loop/],
    ["[copyIndex('nope')]", /no copy loop named 'nope'/],
  ])('%s outside a matching loop is an error', (expression, message) => {
    const result = expand(withOutputs({ i: expression }));
    expect(messages(result)[0]).toMatch(message);
  });
});

describe('functions whose value only the deployment knows', () => {
  it.each([
    ["[reference(resourceId('Microsoft.Network/publicIPAddresses', 'ip')).dnsSettings.fqdn]"],
    ["[listKeys(resourceId('Microsoft.Storage/storageAccounts', 'sa'), '2022-09-01').keys[0].value]"],
    ["[listAccountSas('sa', '2022-09-01', createObject('signedExpiry', '2030-01-01'))]"],
    ["[pickZones('Microsoft.Compute', 'virtualMachines', 'westus2')]"],
    ["[references('workers')]"],
    ["[concat('https://', reference('sa').primaryEndpoints.blob)]"],
  ])('%s is an unknown naming the expression', (expression) => {
    const result = expand(withOutputs({ v: expression }));
    expect(result.errors).toEqual([]);
    expect(outputs(result).v).toEqual({ $vigilUnknown: expression });
  });

  // "You can only use this function within an expression for the default value of a parameter. Using this
  // function anywhere else in a template returns an error" (template-functions-date.md#utcnow, …-string.md#newguid).
  it.each([
    { where: 'an output', template: withOutputs({ v: '[newGuid()]' }), pointer: '/outputs/v/value' },
    {
      where: 'a variable',
      template: withOutputs({ v: "[variables('stamp')]" }, { variables: { stamp: "[utcNow('u')]" } }),
      pointer: '/variables/stamp',
    },
    {
      where: 'a resource, computed with',
      template: {
        ...withOutputs({}),
        resources: [
          {
            type: 'Microsoft.Network/networkSecurityGroups',
            name: 'nsg',
            tags: { created: "[dateTimeAdd(utcNow(), 'P1D')]" },
          },
        ],
      },
      pointer: '/resources/0/tags/created',
    },
  ])('utcNow() or newGuid() in $where is an error, and the value stays unknown', ({ template, pointer }) => {
    const result = expand(template);
    expect(result.errors).toMatchObject([
      { pointer, message: expect.stringMatching(/is not expected at this location/) },
    ]);
    const tags = result.resources[0]?.resource.tags as Record<string, unknown> | undefined;
    const value = tags?.created ?? outputs(result).v;
    expect(isUnknown(value as never)).toBe(true);
  });

  it('utcNow() in a parameter default is the deployment time, which the scan fixes (--now)', () => {
    const result = expand(
      withOutputs(
        { at: "[parameters('at')]", day: "[parameters('day')]" },
        {
          parameters: {
            at: { type: 'string', defaultValue: '[utcNow()]' },
            day: { type: 'string', defaultValue: "[utcNow('yyyy-MM-dd')]" },
          },
        },
      ),
    );
    expect(outputs(result)).toEqual({ at: '20260601T000000Z', day: '2026-06-01' });
    expect(NOW.toISOString()).toBe('2026-06-01T00:00:00.000Z');
  });

  it('newGuid() in a parameter default leaves the parameter unknown, and what reads it', () => {
    const result = expand(
      withOutputs(
        { name: "[format('mg-{0}', uniqueString(parameters('id')))]" },
        { parameters: { id: { type: 'string', defaultValue: '[newGuid()]' } } },
      ),
    );
    const value = outputs(result).name;
    expect(isUnknown(value as never)).toBe(true);
    expect(value).toEqual({
      $vigilUnknown: "[format('mg-{0}', uniqueString(parameters('id')))] (from [newGuid()])",
    });
  });

  it('a list* name that no provider defines is still a list function, hence unknown', () => {
    expect(outputs(expand(withOutputs({ v: "[listSomethingNew('x', '2020-01-01')]" }))).v).toEqual({
      $vigilUnknown: "[listSomethingNew('x', '2020-01-01')]",
    });
  });

  // "list{Value}(resourceName or resourceIdentifier, apiVersion, functionValues)": apiVersion is required
  // (template-functions-resource.md#list).
  it.each([
    ["[listKeys(resourceId('Microsoft.Storage/storageAccounts', 'sa')).keys[0].value]", 1],
    ["[listAccountSas('sa', '2022-09-01', createObject(), 'extra')]", 4],
  ])('%s has the wrong number of arguments for a list function', (expression, count) => {
    expect(messages(expand(withOutputs({ v: expression })))[0]).toContain(
      `takes between 2 and 3 argument(s); ${count} were given`,
    );
  });

  it('does not make last() or length() unknown: only names starting with list', () => {
    expect(outputs(expand(withOutputs({ v: "[last(createArray('a', 'b'))]" }))).v).toBe('b');
  });
});

describe('every function family in a template (test/arm-expr tests each function against the docs)', () => {
  it.each([
    // template-functions-string.md#format
    [
      'string',
      "[format('{0}, {1}. Formatted number: {2:N0}', parameters('greeting'), parameters('name'), parameters('numberToFormat'))]",
      'Hello, User. Formatted number: 8,175,133',
    ],
    ['array', "[take(parameters('names'), 2)]", ['one', 'two']],
    [
      'object',
      "[union(parameters('firstObject'), createObject('three', 'c'))]",
      { one: 'a', two: 'b', three: 'c' },
    ],
    ['comparison', "[coalesce(null(), parameters('name'), 'default')]", 'User'],
    [
      'logical',
      "[if(and(greater(parameters('numberToFormat'), 1), not(empty(parameters('names')))), 'yes', 'no')]",
      'yes',
    ],
    ['numeric', "[div(parameters('numberToFormat'), 1000)]", 8175],
    // template-functions-date.md#datetimeadd
    ['date', "[dateTimeAdd('2020-04-07 14:53:14Z', 'P3Y', 'M/d/yyyy h:mm:ss tt')]", '4/7/2023 2:53:14 PM'],
    [
      'lambda',
      "[map(parameters('names'), lambda('n', toUpper(lambdaVariables('n'))))]",
      ['ONE', 'TWO', 'THREE'],
    ],
  ])('%s: %s', (_family, expression, expected) => {
    const result = expand(
      withOutputs(
        { v: expression },
        {
          parameters: {
            greeting: { type: 'string', defaultValue: 'Hello' },
            name: { type: 'string', defaultValue: 'User' },
            numberToFormat: { type: 'int', defaultValue: 8175133 },
            names: { type: 'array', defaultValue: ['one', 'two', 'three'] },
            firstObject: { type: 'object', defaultValue: { one: 'a', two: 'b' } },
          },
        },
      ),
    );
    expect(result.errors).toEqual([]);
    expect(outputs(result).v).toEqual(expected);
  });
});

describe('the resource group placeholder', () => {
  it('is the documented default and its location is resourceGroup().location', () => {
    const result = expand(
      withOutputs({ rg: '[resourceGroup().name]', location: '[resourceGroup().location]' }),
    );
    expect(outputs(result)).toEqual({ rg: RG, location: 'eastus' });
  });
});
