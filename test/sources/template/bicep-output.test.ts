import { describe, expect, it } from 'vitest';
import { byName, expand, messages, SCHEMA } from './helpers.ts';

/**
 * Shapes `az bicep build` writes that hand-written templates rarely use, each checked against what ARM
 * does with them (the Azure/bicep repository's baselines under src/Bicep.Core.Samples/Files/baselines/
 * show the compiled form).
 */

const v2 = { $schema: SCHEMA, languageVersion: '2.0', contentVersion: '1.0.0.0' };

/** A module as Bicep compiles it: an inner-scope nested deployment with the module's template inline. */
function module(parameters: object, moduleParameters: object, body: string) {
  return expand({
    ...v2,
    parameters: { cfg: { type: 'object', defaultValue: {} } },
    resources: {
      net: {
        type: 'Microsoft.Resources/deployments',
        apiVersion: '2022-09-01',
        name: 'net',
        properties: {
          expressionEvaluationOptions: { scope: 'inner' },
          mode: 'Incremental',
          parameters,
          template: {
            ...v2,
            parameters: moduleParameters,
            resources: {
              nsg: {
                type: 'Microsoft.Network/networkSecurityGroups',
                apiVersion: '2023-09-01',
                name: 'mod-nsg',
                properties: {
                  securityRules: [
                    {
                      name: 'rdp',
                      properties: {
                        priority: 100,
                        direction: 'Inbound',
                        access: 'Allow',
                        protocol: 'Tcp',
                        sourcePortRange: '*',
                        destinationPortRange: '3389',
                        sourceAddressPrefix: body,
                        destinationAddressPrefix: '*',
                      },
                    },
                  ],
                },
              },
            },
          },
        },
      },
    },
  });
}

describe('a null parameter value takes the default, as ARM does', () => {
  // ARM takes a null value as no value (Azure/bicep PR #11532); Bicep lets a module's optional parameter
  // be given `cfg.?source`, compiled to tryGet(), which is null when the caller leaves it out (PR #11887).
  it.each([
    [
      'an optional module parameter given tryGet() of a missing property',
      { source: { value: "[tryGet(parameters('cfg'), 'source')]" } },
      { source: { type: 'string', defaultValue: 'VirtualNetwork' } },
      'VirtualNetwork',
    ],
    [
      'a literal null for a parameter with a default',
      { source: { value: null } },
      { source: { type: 'string', defaultValue: 'AzureLoadBalancer' } },
      'AzureLoadBalancer',
    ],
    [
      'a null for a nullable parameter without a default',
      { source: { value: null } },
      { source: { type: 'string', nullable: true } },
      'Internet',
    ],
  ])('%s', (_, parameters, moduleParameters, expected) => {
    const result = module(parameters, moduleParameters, "[coalesce(parameters('source'), 'Internet')]");
    expect(messages(result)).toEqual([]);
    expect(byName(result, 'mod-nsg').resource).toMatchObject({
      properties: { securityRules: [{ properties: { sourceAddressPrefix: expected } }] },
    });
  });

  it('a null for a parameter with neither a default nor nullable is still an error', () => {
    const result = module(
      { source: { value: null } },
      { source: { type: 'string' } },
      "[parameters('source')]",
    );
    expect(messages(result)).toEqual([
      expect.stringMatching(/parameter 'source': the value is null, and the parameter is not nullable/),
    ]);
  });
});

describe("@secure() on a user-defined type's property stays out of the expanded resources", () => {
  // Bicep compiles `@secure() password: string` in a `type` to `"type": "securestring"` under the type's
  // properties (Azure/bicep PR #16873 reads that secure type information); like a secure parameter, its
  // value is kept out of what Vigil writes (templates/data-types.md, "Secure strings and objects").
  const definitions = {
    adminT: {
      type: 'object',
      properties: { user: { type: 'string' }, password: { type: 'securestring' } },
    },
    vmT: {
      type: 'object',
      properties: { name: { type: 'string' }, admin: { $ref: '#/definitions/adminT' } },
    },
    linuxT: {
      type: 'object',
      properties: { kind: { type: 'string', allowedValues: ['linux'] }, key: { type: 'securestring' } },
    },
    osT: {
      type: 'object',
      discriminator: { propertyName: 'kind', mapping: { linux: { $ref: '#/definitions/linuxT' } } },
    },
  };
  const vm = (parameter: object, password: string) =>
    expand({
      ...v2,
      definitions,
      parameters: { p: parameter },
      resources: {
        vm: {
          type: 'Microsoft.Compute/virtualMachines',
          apiVersion: '2024-03-01',
          name: 'vm1',
          location: 'eastus',
          properties: {
            osProfile: { computerName: 'vm1', adminUsername: 'azureuser', adminPassword: password },
          },
        },
      },
    });

  it.each([
    [
      'a property of an object type',
      { $ref: '#/definitions/adminT', defaultValue: { user: 'u', password: 'Sup3r-S3cret' } },
      "[parameters('p').password]",
    ],
    [
      "a property of an array's item type, through two $refs",
      {
        type: 'array',
        items: { $ref: '#/definitions/vmT' },
        defaultValue: [{ name: 'vm1', admin: { user: 'u', password: 'Sup3r-S3cret' } }],
      },
      "[parameters('p')[0].admin.password]",
    ],
    [
      'a property of an additionalProperties type',
      {
        type: 'object',
        additionalProperties: { $ref: '#/definitions/adminT' },
        defaultValue: { vm1: { user: 'u', password: 'Sup3r-S3cret' } },
      },
      "[parameters('p').vm1.password]",
    ],
    [
      'a property of a discriminated union member',
      { $ref: '#/definitions/osT', defaultValue: { kind: 'linux', key: 'Sup3r-S3cret' } },
      "[parameters('p').key]",
    ],
  ])('%s', (_, parameter, password) => {
    const result = vm(parameter, password);
    expect(messages(result)).toEqual([]);
    expect(byName(result, 'vm1').resource).toMatchObject({
      properties: {
        osProfile: { adminUsername: 'azureuser', adminPassword: { $vigilUnknown: "[parameters('p')]" } },
      },
    });
  });

  it('the plain properties of the same type stay readable', () => {
    const result = vm(
      { $ref: '#/definitions/adminT', defaultValue: { user: 'azureuser', password: 'Sup3r-S3cret' } },
      "[parameters('p').user]",
    );
    expect(byName(result, 'vm1').resource).toMatchObject({
      properties: { osProfile: { adminPassword: 'azureuser' } },
    });
  });
});

describe("a parameter's value is checked against its whole user-defined type, as ARM does", () => {
  // Definitions in the shapes of the Azure/bicep TypeDeclarations_LF baseline (main.json); ARM validates
  // every member of a languageVersion 2.0 parameter value (templates/definitions.md).
  const definitions = {
    bar: { type: 'array', items: { type: 'array', items: { type: 'int' } }, minLength: 2 },
    foo: {
      type: 'object',
      properties: {
        stringProp: { type: 'string', minLength: 3, maxLength: 10 },
        objectProp: {
          type: 'object',
          properties: {
            intProp: { type: 'int', minValue: 1 },
            intArrayArrayProp: {
              type: 'array',
              items: { type: 'array', items: { type: 'int' } },
              nullable: true,
            },
          },
        },
        typeRefProp: { $ref: '#/definitions/bar' },
        recursion: { $ref: '#/definitions/foo', nullable: true },
      },
      additionalProperties: false,
    },
    tupleUnion: {
      type: 'array',
      allowedValues: [
        ['fizz', 'buzz'],
        ['snap', 'crackle', 'pop'],
      ],
    },
    tuple: { type: 'array', prefixItems: [{ type: 'string' }, { $ref: '#/definitions/bar' }], items: false },
    typeA: {
      type: 'object',
      properties: { type: { type: 'string', allowedValues: ['a'] }, value: { type: 'string' } },
    },
    typeB: {
      type: 'object',
      properties: { type: { type: 'string', allowedValues: ['b'] }, value: { type: 'int' } },
    },
    union: {
      type: 'object',
      discriminator: {
        propertyName: 'type',
        mapping: { a: { $ref: '#/definitions/typeA' }, b: { $ref: '#/definitions/typeB' } },
      },
    },
    dict: { type: 'object', additionalProperties: { $ref: '#/definitions/union', nullable: true } },
  };
  const check = (ref: string, value: unknown) =>
    messages(
      expand({
        ...v2,
        definitions,
        parameters: { p: { $ref: `#/definitions/${ref}`, defaultValue: value } },
        resources: {},
      }),
    );
  const bar = [[1], [2]];

  it.each([
    ['foo', { stringProp: 'abcd', objectProp: { intProp: 2 }, typeRefProp: bar }],
    [
      'foo',
      {
        stringProp: 'abcd',
        objectProp: { intProp: 1, intArrayArrayProp: [[1, 2]] },
        typeRefProp: bar,
        recursion: { stringProp: 'xyz', objectProp: { intProp: 1 }, typeRefProp: bar },
      },
    ],
    // Property names match without case, as ARM reads JSON.
    ['foo', { StringProp: 'abcd', OBJECTPROP: { intProp: 2 }, typeRefProp: bar }],
    ['tupleUnion', ['snap', 'crackle', 'pop']],
    ['tuple', ['s', bar]],
    ['union', { type: 'b', value: 3 }],
    ['dict', { k1: { type: 'a', value: 's' }, k2: null }],
  ])('accepts a valid %s', (ref, value) => {
    expect(check(ref, value)).toEqual([]);
  });

  it.each([
    [
      'foo',
      { stringProp: 'ab', objectProp: { intProp: 0 }, typeRefProp: bar },
      [
        "parameter 'p': stringProp: the length 2 is less than minLength 3",
        "parameter 'p': objectProp.intProp: 0 is less than minValue 1",
      ],
    ],
    [
      'foo',
      { stringProp: 'abcd', typeRefProp: [[1]], extra: true },
      [
        "parameter 'p': the required property 'objectProp' is missing",
        "parameter 'p': typeRefProp: the length 1 is less than minLength 2",
        `parameter 'p': the property 'extra' is not allowed: the type declares only ["stringProp","objectProp","typeRefProp","recursion"]`,
      ],
    ],
    [
      'tupleUnion',
      ['fizz', 'pop'],
      [
        `parameter 'p': ["fizz","pop"] is not one of the allowedValues [["fizz","buzz"],["snap","crackle","pop"]]`,
      ],
    ],
    ['tuple', ['s', bar, 'third'], ["parameter 'p': has 3 elements, but the type declares only 2"]],
    ['tuple', [1, bar], ["parameter 'p': [0]: expected a value of type 'string', got number 1"]],
    ['union', { type: 'z' }, [`parameter 'p': 'type' must be one of ["a","b"]; it is "z"`]],
    [
      'dict',
      { k1: { type: 'b', value: 's' } },
      [`parameter 'p': k1.value: expected a value of type 'int', got string "s"`],
    ],
  ])('refuses an invalid %s: %j', (ref, value, expected) => {
    expect(check(ref, value)).toEqual(expected);
  });
});

describe('resources of a Bicep extension other than Azure Resource Manager', () => {
  // Bicep's Microsoft Graph or Kubernetes extension compiles a resource to `"extension": "<alias>"` (or
  // `"import"` before `extensions` replaced `imports`), with a type like `Microsoft.Graph/groups@v1.0` and
  // no name: the Azure/bicep Extensions_CRLF baseline.
  const graphGroup = {
    type: 'Microsoft.Graph/groups@v1.0',
    properties: { displayName: 'vm-admins', uniqueName: 'vm-admins' },
  };
  const nsg = {
    type: 'Microsoft.Network/networkSecurityGroups',
    apiVersion: '2023-09-01',
    name: 'nsg',
    location: 'eastus',
    properties: { securityRules: [] },
  };

  it.each([
    [
      'extensions / extension',
      {
        extensions: {
          graph: { name: 'MicrosoftGraph', version: '1.0.0' },
          az: { name: 'AzureResourceManager', version: '0.2.784' },
        },
      },
      'extension',
    ],
    [
      'imports / import',
      {
        imports: {
          graph: { provider: 'MicrosoftGraph', version: '1.0.0' },
          az: { provider: 'AzureResourceManager', version: '1.0.0' },
        },
      },
      'import',
    ],
  ])('%s: are left out with a warning, and the Azure resources still expand', (_, section, key) => {
    const result = expand({
      ...v2,
      ...section,
      resources: {
        group: { [key]: 'graph', ...graphGroup },
        nsg: { [key]: 'az', ...nsg, dependsOn: ['group'] },
      },
    });
    expect(messages(result)).toEqual([]);
    expect(messages(result, 'warnings')).toEqual([
      "a resource of the Bicep extension 'MicrosoftGraph' is not an Azure resource; it is not expanded or assessed",
    ]);
    expect(result.resources.map((r) => r.resource.name)).toEqual(['nsg']);
  });

  it('an alias no extensions section declares is read as an Azure resource', () => {
    const result = expand({ ...v2, resources: { nsg: { extension: 'az', ...nsg } } });
    expect(messages(result, 'warnings')).toEqual([]);
    expect(result.resources.map((r) => r.resource.name)).toEqual(['nsg']);
  });
});
