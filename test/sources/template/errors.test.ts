import { describe, expect, it } from 'vitest';
import { expandTemplate } from '../../../src/sources/template/expand.ts';
import { expandTemplateFile } from '../../../src/sources/template/load.ts';
import { expand, fixture, messages, SCHEMA } from './helpers.ts';

/**
 * Bad templates: every problem names the file and the JSON path (with line and column), and what can be
 * expanded still is — one broken resource does not hide the others.
 */

const cases = [
  {
    file: 'bad/invalid-json.json',
    error: {
      line: 9,
      column: 7,
      message: expect.stringMatching(/^invalid JSON: expected ',' or '}' after a property value/),
    },
    remaining: [],
  },
  {
    file: 'bad/unknown-function.json',
    error: {
      pointer: '/resources/0/properties/securityRules/0/properties/sourceAddressPrefix',
      line: 19,
      column: 38,
      message: expect.stringMatching(
        /The template function 'toLowerCase' is not valid.*\(in \[toLowerCase\('Internet'\)\]\)/,
      ),
    },
    remaining: [],
  },
  {
    file: 'bad/wrong-arity.json',
    error: {
      pointer: '/resources/0/properties/enableAcceleratedNetworking',
      line: 21,
      message: expect.stringMatching(/'equals' takes exactly 2 argument\(s\); 1 were given/),
    },
    remaining: [],
  },
  {
    file: 'bad/circular-variables.json',
    error: {
      pointer: '/variables/prefix',
      line: 5,
      message: 'circular variable reference: prefix → environment → fullName → prefix',
    },
    remaining: ['standalone-nsg'],
  },
  {
    file: 'bad/missing-parameter.json',
    error: {
      pointer: '/parameters/vmName',
      line: 5,
      message: expect.stringMatching(/^parameter 'vmName' has no defaultValue and no value/),
    },
    remaining: [expect.stringMatching(/^unknown-/), 'shared-nsg'],
  },
];

describe('a bad template', () => {
  it.each(cases)(
    '$file: the error names the file, JSON path and line',
    async ({ file, error, remaining }) => {
      const result = await expandTemplateFile(fixture(file));
      expect(result.errors[0]).toMatchObject({ severity: 'error', file: fixture(file), ...error });
      expect(result.resources.map((r) => r.resource.name)).toEqual(remaining);
    },
  );

  it('reports an unknown function even in a resource whose condition is false, as ARM validates first', () => {
    const result = expand({
      $schema: SCHEMA,
      contentVersion: '1.0.0.0',
      resources: [{ condition: false, type: 'Microsoft.Network/publicIPAddresses', name: "[nope('x')]" }],
    });
    expect(result.errors).toEqual([expect.objectContaining({ pointer: '/resources/0/name' })]);
  });

  it('reports the wrong arity of a wrong-arity resourceId() where it is written, once', () => {
    return expandTemplateFile(fixture('bad/wrong-arity.json')).then((result) => {
      expect(result.errors.filter((e) => e.pointer === '/variables/subnetId')).toHaveLength(1);
    });
  });

  it('checks parameter values against their declaration, at the parameters file', async () => {
    const result = await expandTemplateFile(fixture('bad/wrong-parameter-type.json'), {
      parametersFile: fixture('bad/wrong-parameter-type.parameters.json'),
    });
    const parametersFile = fixture('bad/wrong-parameter-type.parameters.json');
    expect(result.errors).toEqual([
      expect.objectContaining({
        file: parametersFile,
        pointer: '/parameters/adminPassword',
        message: "'adminPassword' is given a value, but the template declares no parameter of that name",
      }),
      expect.objectContaining({
        file: parametersFile,
        pointer: '/parameters/instanceCount/value',
        line: 5,
        message: `parameter 'instanceCount': expected a value of type 'int', got string "3"`,
      }),
      expect.objectContaining({
        file: parametersFile,
        pointer: '/parameters/vmSize/value',
        message: expect.stringMatching(/"Standard_M416ms_v2" is not one of the allowedValues/),
      }),
    ]);
  });

  it.each([
    [{ minValue: 2 }, 1, 'is less than minValue 2'],
    [{ maxValue: 2 }, 3, 'is greater than maxValue 2'],
  ])('checks int constraints %j', (constraint, value, message) => {
    const result = expand({
      $schema: SCHEMA,
      contentVersion: '1.0.0.0',
      parameters: { n: { type: 'int', defaultValue: value, ...constraint } },
      resources: [],
    });
    expect(result.errors[0]).toMatchObject({
      pointer: '/parameters/n/defaultValue',
      message: expect.stringContaining(message),
    });
  });

  it('checks string length and allowedValues without regard to case', () => {
    const result = expand({
      $schema: SCHEMA,
      contentVersion: '1.0.0.0',
      parameters: {
        name: { type: 'string', defaultValue: 'ab', minLength: 3 },
        sku: { type: 'string', defaultValue: 'standard_lrs', allowedValues: ['Standard_LRS'] },
      },
      resources: [],
    });
    expect(result.errors.map((e) => e.message)).toEqual([
      "parameter 'name': the length 2 is less than minLength 3",
    ]);
  });

  // Bicep compiles `type port = int` with @minValue/@maxValue, `type sku = 'a' | 'b'` and `string?` to
  // `definitions`, and parameters of those types to `{"$ref": "#/definitions/<name>"}` (templates/definitions.md).
  it.each([
    {
      parameter: { defaultValue: 70000 },
      type: 'port',
      errors: ["parameter 'p': 70000 is greater than maxValue 65535"],
    },
    { parameter: { defaultValue: 22 }, type: 'port', errors: [] },
    {
      parameter: { defaultValue: 'Basic' },
      type: 'sku',
      errors: [`parameter 'p': "Basic" is not one of the allowedValues ["Standard_LRS","Premium_LRS"]`],
    },
    { parameter: {}, type: 'optionalName', errors: [] }, // nullable: no value is null, not an error
    {
      parameter: { nullable: false },
      type: 'optionalName',
      errors: [expect.stringMatching(/no defaultValue and no value/)],
    },
    {
      parameter: { defaultValue: 'x' },
      type: 'portAlias',
      errors: [`parameter 'p': expected a value of type 'int', got string "x"`],
    },
    {
      parameter: {},
      type: 'missing',
      errors: ["the type reference '#/definitions/missing' names no definition in this template"],
    },
  ])('checks a parameter of the user-defined type $type: $errors', ({ parameter, type, errors }) => {
    const result = expand({
      $schema: SCHEMA,
      languageVersion: '2.0',
      contentVersion: '1.0.0.0',
      definitions: {
        port: { type: 'int', minValue: 1, maxValue: 65535 },
        portAlias: { $ref: '#/definitions/port' },
        sku: { type: 'string', allowedValues: ['Standard_LRS', 'Premium_LRS'] },
        optionalName: { type: 'string', nullable: true },
      },
      parameters: { p: { $ref: `#/definitions/${type}`, ...parameter } },
      resources: {},
    });
    expect(result.errors.map((e) => e.message)).toEqual(errors);
  });

  // "You can't use the reference function to set the value of the count property in a copy loop"
  // (template-functions-resource.md, "Valid uses"): Azure rejects the template.
  it.each([
    {
      where: 'a resource loop',
      part: {
        resources: [
          {
            type: 'Microsoft.Network/publicIPAddresses',
            name: "[format('ip{0}', copyIndex())]",
            copy: { name: 'ips', count: "[length(reference('cfg').ips)]" },
          },
        ],
      },
      pointer: '/resources/0/copy/count',
      called: 'reference',
    },
    {
      where: 'a property loop',
      part: {
        resources: [
          {
            type: 'Microsoft.Network/networkSecurityGroups',
            name: 'nsg',
            properties: {
              copy: [
                { name: 'securityRules', count: "[length(listKeys('sa', '2023-01-01').keys)]", input: {} },
              ],
            },
          },
        ],
      },
      pointer: '/resources/0/properties/copy/0/count',
      called: 'listKeys',
    },
    {
      where: 'a variable loop',
      part: {
        resources: [],
        variables: { copy: [{ name: 'v', count: "[reference('m').outputs.n.value]", input: 1 }] },
      },
      pointer: '/variables/copy/0/count',
      called: 'reference',
    },
    {
      where: 'an output loop',
      part: {
        resources: [],
        outputs: { o: { type: 'array', copy: { count: "[references('x')[0].n]", input: 1 } } },
      },
      pointer: '/outputs/o/copy/count',
      called: 'references',
    },
  ])('reference() or list*() in the count of $where is an error', ({ part, pointer, called }) => {
    const result = expand({ $schema: SCHEMA, contentVersion: '1.0.0.0', ...part });
    expect(result.errors).toContainEqual(
      expect.objectContaining({
        pointer,
        message: expect.stringContaining(`${called}() can't set a copy count`),
      }),
    );
  });

  it('a count from parameters and variables is no error', () => {
    const result = expand({
      $schema: SCHEMA,
      contentVersion: '1.0.0.0',
      parameters: { names: { type: 'array', defaultValue: ['a', 'b'] } },
      variables: { listOfThings: 2 },
      resources: [
        {
          type: 'Microsoft.Network/publicIPAddresses',
          name: "[format('ip{0}', copyIndex())]",
          copy: { name: 'ips', count: "[add(length(parameters('names')), variables('listOfThings'))]" },
        },
      ],
    });
    expect(result.errors).toEqual([]);
    expect(result.resources).toHaveLength(4);
  });

  describe('dependsOn names a resource of the template (resource-dependency.md)', () => {
    const template = (dependsOn: string, extra: object[] = []) => ({
      $schema: SCHEMA,
      contentVersion: '1.0.0.0',
      resources: [
        { type: 'Microsoft.Network/networkSecurityGroups', apiVersion: '2023-09-01', name: 'nsg' },
        {
          type: 'Microsoft.Network/virtualNetworks',
          apiVersion: '2023-09-01',
          name: 'vnet',
          properties: { subnets: [{ name: 'default', properties: { addressPrefix: '10.0.0.0/24' } }] },
        },
        {
          condition: false,
          type: 'Microsoft.Network/publicIPAddresses',
          apiVersion: '2023-09-01',
          name: 'maybe',
        },
        {
          type: 'Microsoft.Network/publicIPAddresses',
          apiVersion: '2023-09-01',
          name: "[format('ip{0}', copyIndex())]",
          copy: { name: 'ips', count: 2 },
        },
        {
          type: 'Microsoft.Resources/deployments',
          apiVersion: '2022-09-01',
          name: 'mod',
          resourceGroup: 'other-rg',
          properties: {
            mode: 'Incremental',
            template: { $schema: SCHEMA, contentVersion: '1.0.0.0', resources: [] },
          },
        },
        ...extra,
        {
          type: 'Microsoft.Network/networkInterfaces',
          apiVersion: '2023-09-01',
          name: 'nic',
          dependsOn: [dependsOn],
        },
      ],
    });

    it.each([
      "[resourceId('Microsoft.Network/networkSecurityGroups', 'nsg')]",
      'NSG',
      'Microsoft.Network/networkSecurityGroups/nsg',
      'ips',
      "[resourceId('Microsoft.Network/publicIPAddresses', 'ip1')]",
      'maybe', // a false condition leaves the resource declared
      "[extensionResourceId(format('/subscriptions/{0}/resourceGroups/{1}', subscription().subscriptionId, 'other-rg'), 'Microsoft.Resources/deployments', 'mod')]",
    ])('%s is a resource of the template', (dependsOn) => {
      expect(messages(expand(template(dependsOn)))).toEqual([]);
    });

    it.each([
      [
        "[resourceId('Microsoft.Network/networkSecurityGroups', 'nsg2')]",
        'Microsoft.Network/networkSecurityGroups/nsg2',
      ],
      ['nsgg', "'nsgg'"],
      // A subnet declared inline in its virtual network is not a resource of the template.
      [
        "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet', 'default')]",
        'vnet/subnets/default',
      ],
    ])('%s is an error', (dependsOn, named) => {
      expect(expand(template(dependsOn)).errors).toEqual([
        expect.objectContaining({
          pointer: '/resources/5/dependsOn/0',
          message: expect.stringMatching(
            new RegExp(`${named.replaceAll('/', '\\/')}.* is not defined in the template`),
          ),
        }),
      ]);
    });

    it.each([
      [
        "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet')]",
        /needs 2 name segment\(s\); got 'vnet'/,
      ],
      ["[resourceId('Microsoft.Network/networkSecurityGroups', 1)]", /expects argument 2 to be a string/],
      ["[resourceIdd('nsg')]", /'resourceIdd' is not valid/],
    ])('%s, which ARM cannot evaluate, is one error at the entry', (dependsOn, message) => {
      expect(expand(template(dependsOn)).errors).toEqual([
        expect.objectContaining({
          pointer: '/resources/5/dependsOn/0',
          message: expect.stringMatching(message),
        }),
      ]);
    });

    it('is not checked when a resource could not be worked out before deployment', () => {
      const unknownLoop = {
        type: 'Microsoft.Network/publicIPAddresses',
        name: "[format('x{0}', copyIndex())]",
        copy: { name: 'xs', count: "[length(parameters('id'))]" },
      };
      const result = expand({
        ...template('xs', [unknownLoop]),
        parameters: { id: { type: 'string', defaultValue: '[newGuid()]' } },
      });
      expect(messages(result)).toEqual([]);
      expect(messages(result, 'warnings')).toEqual([
        expect.stringMatching(/this resource loop is not expanded/),
      ]);
    });
  });

  it('reports circular parameter defaults', () => {
    const result = expand({
      $schema: SCHEMA,
      contentVersion: '1.0.0.0',
      parameters: {
        a: { type: 'string', defaultValue: "[parameters('b')]" },
        b: { type: 'string', defaultValue: "[parameters('a')]" },
      },
      resources: [],
    });
    expect(result.errors.map((e) => e.message)).toEqual(['circular parameter defaults: a → b → a']);
  });

  it.each([
    [[], 'a template must be a JSON object', ''],
    [{ contentVersion: '1.0.0.0' }, 'the template has no "resources" section', '/resources'],
    [{ resources: 5 }, '"resources" must be an array', '/resources'],
    [{ resources: [1] }, 'a resource must be a JSON object', '/resources/0'],
    [{ resources: [], parameters: { p: 'string' } }, "parameter 'p' must be an object", '/parameters/p'],
    [{ resources: [{ name: 'x' }] }, 'the resource has no "type"', '/resources/0/type'],
  ])('refuses a template shaped %j', (template, message, pointer) => {
    const result = expand(template as object);
    expect(result.errors[0]).toMatchObject({
      message: expect.stringContaining(message),
      ...(pointer && { pointer }),
    });
  });

  it('stops a template whose nested loops would run for hours, at the loop that goes over', () => {
    const started = performance.now();
    const result = expand({
      $schema: SCHEMA,
      contentVersion: '1.0.0.0',
      variables: {
        copy: [
          {
            name: 'grid',
            count: 800,
            input: {
              copy: [{ name: 'row', count: 800, input: { copy: [{ name: 'cell', count: 800, input: 1 }] } }],
            },
          },
        ],
      },
      resources: [],
    });
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(result.errors[0]?.message).toMatch(/copy loops run more than 200,000 iterations/);
  });

  it('takes "__proto__" as a plain name everywhere, never as a prototype', () => {
    // Written as text: in an object literal, __proto__ would set the literal's prototype instead.
    const text = `{
      "contentVersion": "1.0.0.0",
      "parameters": {"__proto__": {"type": "object", "defaultValue": {"polluted": true}}},
      "variables": {"__proto__": {"polluted": true}},
      "resources": [{"type": "Microsoft.Network/publicIPAddresses", "name": "ip", "properties": {"__proto__": {"polluted": true}}}],
      "outputs": {"__proto__": {"type": "object", "value": "[parameters('__proto__')]"}}
    }`;
    const result = expandTemplate(text, 'proto.json');
    expect(result.errors).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.hasOwn(result.outputs, '__proto__')).toBe(true);
    expect(Object.hasOwn(result.resources[0]!.resource.properties as object, '__proto__')).toBe(true);
  });

  it('a file that cannot be read is an error naming it', async () => {
    const result = await expandTemplateFile(fixture('bad/does-not-exist.json'));
    expect(result.errors).toEqual([expect.objectContaining({ message: 'cannot read: ENOENT' })]);
  });

  it('a parameters file that is not one says where', async () => {
    const result = await expandTemplateFile(fixture('bad/wrong-parameter-type.json'), {
      parametersFile: fixture('bad/wrong-parameter-type.json'),
    });
    expect(result.errors[0]).toMatchObject({
      file: fixture('bad/wrong-parameter-type.json'),
      message: expect.stringMatching(/must be an object with "value"/),
    });
  });
});
