import { describe, expect, it } from 'vitest';
import { expandTemplateFile } from '../../../src/sources/template/load.ts';
import { readParameterFile } from '../../../src/sources/template/parameter-values.ts';
import { byName, expand, fixture, NOW, RG_ID, SCHEMA, scanExpansion } from './helpers.ts';

/**
 * Idioms of the Azure quickstart templates (Azure/azure-quickstart-templates: quickstarts/microsoft.compute,
 * quickstarts/microsoft.network, demos) that expanded differently from what Azure deploys: each fixture
 * reproduces one in a few resources.
 */

const SECRET = 'ssh-rsa AAAAB3NzaC1yc2E quickstart';

function statusOf(
  expansion: Awaited<ReturnType<typeof expandTemplateFile>>,
  recommendation: string,
  name: string,
) {
  const { report } = scanExpansion(expansion);
  return report.findings.find(
    (f) => f.recommendationId === recommendation && f.resourceId.endsWith(`/${name}`),
  )?.status;
}

describe('security rule ports given as numbers (multi-vm-lb-zones)', () => {
  // `"destinationPortRange": "[if(…, 3389, 22)]"` deploys, and the network provider stores and returns the
  // port as the string its API declares ("22"), so checks must see the SSH rule.
  it.each([
    ['nsg-ssh-from-internet', 'allowRemoting', 'unhealthy'],
    ['management-ports-closed', 'vm0', 'unhealthy'],
    // The template deploys no JIT policy, and JIT is not assessed without any (jit-management-ports' requires).
    ['jit-management-ports', 'vm0', 'notApplicable'],
  ])('%s on %s is %s', async (recommendation, name, status) => {
    const expansion = await expandTemplateFile(fixture('quickstart/nsg-port-from-if.json'), {
      context: { now: NOW },
    });
    expect(expansion.errors).toEqual([]);
    expect(statusOf(expansion, recommendation, name)).toBe(status);
  });

  it('stores inline, plural and child-resource rule ports as strings', async () => {
    const expansion = await expandTemplateFile(fixture('quickstart/nsg-port-from-if.json'), {
      context: { now: NOW },
    });
    const nsg = byName(expansion, 'allowRemoting').resource.properties as {
      securityRules: { properties: Record<string, unknown> }[];
    };
    expect(nsg.securityRules[0]!.properties.destinationPortRange).toBe('22');
    expect(nsg.securityRules[0]!.properties.priority).toBe(100);
    expect(nsg.securityRules[1]!.properties.destinationPortRanges).toEqual(['80', '443']);
    expect(byName(expansion, 'Alt-Management').resource.properties).toMatchObject({
      destinationPortRange: '2222',
    });
  });
});

describe("resourceId() with a trailing '/' after the type (vm-multiple-nics-linux, multi-vm-lb-zones)", () => {
  // ARM trims it: its own error for `'/Microsoft.Network/virtualNetworks/subnets/'` names the type without
  // the trailing slash (Azure/azure-quickstart-templates#8065).
  it('builds the same ID as without it, in properties and in reference()', () => {
    const expansion = expand({
      $schema: SCHEMA,
      contentVersion: '1.0.0.0',
      resources: [
        {
          type: 'Microsoft.Storage/storageAccounts',
          apiVersion: '2019-06-01',
          name: 'diag',
          location: 'eastus',
        },
        {
          type: 'Microsoft.Network/networkInterfaces',
          apiVersion: '2020-05-01',
          name: 'nic1',
          location: 'eastus',
          dependsOn: ["[resourceId('Microsoft.Storage/storageAccounts/', 'diag')]"],
          properties: {
            ipConfigurations: [
              {
                name: 'ipconfig1',
                properties: {
                  subnet: {
                    id: "[resourceId('Microsoft.Network/virtualNetworks/subnets/', 'vnet', 'default')]",
                  },
                },
              },
            ],
            tags: {
              blob: "[reference(resourceId('Microsoft.Storage/storageAccounts/', 'diag')).primaryEndpoints.blob]",
            },
          },
        },
      ],
    });
    expect(expansion.errors).toEqual([]);
    expect(byName(expansion, 'nic1').resource.properties).toMatchObject({
      ipConfigurations: [
        {
          properties: {
            subnet: { id: `${RG_ID}/providers/Microsoft.Network/virtualNetworks/vnet/subnets/default` },
          },
        },
      ],
    });
  });
});

describe('securestring parameters are kept out of the expanded resources (vm-simple-linux)', () => {
  // templates/data-types.md: a secure parameter's value "isn't saved to the deployment history and isn't
  // logged"; Azure never returns osProfile.adminPassword. A snapshot written by `vigil template expand` is a
  // file users keep, so the value must not be in it.
  it('replaces every string holding the value, and the scan still reads the SSH key setup', async () => {
    const expansion = await expandTemplateFile(fixture('quickstart/nsg-port-from-if.json'), {
      context: { now: NOW },
    });
    expect(JSON.stringify(expansion.resources)).not.toContain(SECRET);
    expect(byName(expansion, 'vm0').resource.properties).toMatchObject({
      osProfile: {
        adminUsername: 'azureuser',
        adminPassword: { $vigilUnknown: "[parameters('adminPasswordOrKey')]" },
        linuxConfiguration: {
          disablePasswordAuthentication: true,
          ssh: { publicKeys: [{ keyData: { $vigilUnknown: "[parameters('adminPasswordOrKey')]" } }] },
        },
      },
    });
    expect(statusOf(expansion, 'linux-vm-ssh-keys', 'vm0')).toBe('healthy');
    expect(statusOf(expansion, 'linux-vm-password-authentication-disabled', 'vm0')).toBe('healthy');
  });

  it.each([
    ['a value built from it', "[concat('pw=', parameters('pw'))]", { $vigilUnknown: "[parameters('pw')]" }],
    ['a plain string parameter', "[parameters('user')]", 'plain-user'],
    ['an empty securestring default', "[concat('x', parameters('token'))]", 'x'],
    [
      'a secureObject passed whole',
      "[parameters('settings')]",
      { $vigilUnknown: "[parameters('settings')]" },
    ],
    ['a member of a secureObject', "[parameters('settings').sku]", 'Standard_LRS'],
  ])('%s', (_label, expression, expected) => {
    const expansion = expand({
      $schema: SCHEMA,
      contentVersion: '1.0.0.0',
      parameters: {
        pw: { type: 'secureString', defaultValue: 'Sup3r-Secret-1' },
        user: { type: 'string', defaultValue: 'plain-user' },
        token: { type: 'securestring', defaultValue: '' },
        settings: { type: 'secureObject', defaultValue: { sku: 'Standard_LRS', key: 'k-Secret-9' } },
      },
      resources: [
        {
          type: 'Microsoft.Storage/storageAccounts',
          apiVersion: '2019-06-01',
          name: 'sa',
          location: 'eastus',
          tags: { value: expression },
        },
      ],
    });
    expect(expansion.errors).toEqual([]);
    expect(byName(expansion, 'sa').resource.tags).toEqual({ value: expected });
  });

  it('leaves the ID, name and type a resource is found by', () => {
    const expansion = expand({
      $schema: SCHEMA,
      contentVersion: '1.0.0.0',
      parameters: { suffix: { type: 'securestring', defaultValue: 'web-0001' } },
      resources: [
        {
          type: 'Microsoft.Network/networkSecurityGroups',
          apiVersion: '2023-09-01',
          name: "[concat('nsg-', parameters('suffix'))]",
          tags: { app: "[parameters('suffix')]" },
        },
      ],
    });
    expect(expansion.resources[0]!.resource).toMatchObject({
      id: `${RG_ID}/providers/Microsoft.Network/networkSecurityGroups/nsg-web-0001`,
      name: 'nsg-web-0001',
      type: 'Microsoft.Network/networkSecurityGroups',
      tags: { app: { $vigilUnknown: "[parameters('suffix')]" } },
    });
  });

  it('does not print a securestring value that is not one of its allowedValues', () => {
    const expansion = expand(
      {
        $schema: SCHEMA,
        contentVersion: '1.0.0.0',
        parameters: { pw: { type: 'securestring', allowedValues: ['a-Secret-1', 'b-Secret-2'] } },
        resources: [],
      },
      { parameters: readParameterFile({ pw: { value: 'Typo-Secret-3' } }, 'inline', undefined) },
    );
    expect(expansion.errors).toHaveLength(1);
    expect(expansion.errors[0]!.message).toMatch(/not one of the allowedValues/);
    expect(expansion.errors[0]!.message).not.toContain('Typo-Secret-3');
  });
});

describe('a resource named from a value known only at deployment (vm-msi-storage)', () => {
  // The role assignment is named guid(role, the VM's principalId, account): ARM deploys it; the name needs
  // all its segments to form an ID, so the placeholder has them (templates/child-resource-name-type.md).
  it.each([
    [
      'the …/providers/… extension form',
      'Microsoft.Storage/storageAccounts/providers/roleAssignments',
      "[concat('sa', '/Microsoft.Authorization/', guid(reference('vm', '2023-03-01', 'Full').identity.principalId))]",
      3,
    ],
    [
      'a child type',
      'Microsoft.Compute/virtualMachines/extensions',
      "[format('{0}/{1}', 'vm', reference('vm').osProfile.computerName)]",
      2,
    ],
  ])(
    '%s is scanned under a placeholder of the right shape, with a warning',
    (_label, type, name, segments) => {
      const expansion = expand({
        $schema: SCHEMA,
        contentVersion: '1.0.0.0',
        resources: [
          {
            type: 'Microsoft.Compute/virtualMachines',
            apiVersion: '2023-03-01',
            name: 'vm',
            location: 'eastus',
          },
          { type, apiVersion: '2022-04-01', name, dependsOn: ['vm'], properties: {} },
        ],
      });
      expect(expansion.errors).toEqual([]);
      expect(expansion.warnings).toEqual([
        expect.objectContaining({
          pointer: '/resources/1/name',
          message: expect.stringMatching(/known only at deployment/),
        }),
      ]);
      const placeholder = /scanned as '([^']+)'/.exec(expansion.warnings[0]!.message)![1]!;
      expect(placeholder.split('/')).toHaveLength(segments);
      expect(expansion.resources).toHaveLength(2);
    },
  );
});

describe("an extension's protectedSettings are not returned by Azure (vm-domain-join, vm-windows-ssh)", () => {
  // The protected configuration is encrypted and only decrypted inside the VM
  // (learn.microsoft.com/azure/virtual-machines/extensions/custom-script-windows); no GET returns it. The
  // quickstarts fill it from plain `string` parameters, which no secure-parameter redaction catches.
  const PLAIN = 'token=Plain-Secret-7';
  const extension = (protectedKey: string) => ({
    publisher: 'Microsoft.Compute',
    type: 'CustomScriptExtension',
    typeHandlerVersion: '1.10',
    settings: { fileUris: ['https://example.com/setup.ps1'] },
    [protectedKey]: { commandToExecute: "[format('setup.ps1 -{0}', parameters('command'))]" },
  });
  const expansion = expand({
    $schema: SCHEMA,
    contentVersion: '1.0.0.0',
    parameters: { command: { type: 'string', defaultValue: PLAIN } },
    resources: [
      {
        type: 'Microsoft.Compute/virtualMachines',
        apiVersion: '2023-03-01',
        name: 'vm',
        location: 'eastus',
        properties: {},
        resources: [
          {
            type: 'extensions',
            apiVersion: '2023-03-01',
            name: 'inline',
            location: 'eastus',
            dependsOn: ['vm'],
            properties: extension('protectedSettings'),
          },
        ],
      },
      {
        type: 'Microsoft.Compute/virtualMachines/extensions',
        apiVersion: '2023-03-01',
        name: 'vm/joindomain',
        location: 'eastus',
        dependsOn: ['vm'],
        properties: extension('ProtectedSettings'),
      },
      {
        type: 'Microsoft.Compute/virtualMachineScaleSets',
        apiVersion: '2023-03-01',
        name: 'vmss',
        location: 'eastus',
        properties: {
          virtualMachineProfile: {
            extensionProfile: { extensions: [{ name: 'setup', properties: extension('protectedSettings') }] },
          },
        },
      },
      {
        type: 'Microsoft.Compute/virtualMachineScaleSets/extensions',
        apiVersion: '2023-03-01',
        name: 'vmss/setup2',
        dependsOn: ['vmss'],
        properties: extension('protectedSettings'),
      },
    ],
  });

  it('keeps no protected settings, and no value from them, in any resource', () => {
    expect(expansion.errors).toEqual([]);
    expect(expansion.resources).toHaveLength(5);
    expect(JSON.stringify(expansion.resources)).not.toContain('Plain-Secret-7');
    expect(JSON.stringify(expansion.resources).toLowerCase()).not.toContain('protectedsettings');
  });

  it.each(['inline', 'joindomain', 'setup2'])('keeps the rest of extension %s', (name) => {
    expect(byName(expansion, name).resource.properties).toEqual({
      publisher: 'Microsoft.Compute',
      type: 'CustomScriptExtension',
      typeHandlerVersion: '1.10',
      settings: { fileUris: ['https://example.com/setup.ps1'] },
      provisioningState: 'Succeeded',
    });
  });

  it("keeps the rest of a scale set's inline extension", () => {
    expect(byName(expansion, 'vmss').resource.properties).toMatchObject({
      virtualMachineProfile: {
        extensionProfile: {
          extensions: [
            { name: 'setup', properties: { settings: { fileUris: ['https://example.com/setup.ps1'] } } },
          ],
        },
      },
    });
  });
});

describe('a parameters file that is `{"parameters": {…}}` alone (hand-written for az deployment group create)', () => {
  // az takes the `parameters` member of the file (`--parameters @file`), $schema and contentVersion or not.
  it.each([
    ['parameters alone', { parameters: { size: { value: 'Standard_B2s' } } }],
    ['with contentVersion', { contentVersion: '1.0.0.0', parameters: { size: { value: 'Standard_B2s' } } }],
    ['the bare form', { size: { value: 'Standard_B2s' } }],
  ])('%s gives the template its values', (_label, file) => {
    const expansion = expand(
      {
        $schema: SCHEMA,
        contentVersion: '1.0.0.0',
        parameters: { size: { type: 'string' } },
        resources: [
          {
            type: 'Microsoft.Compute/virtualMachines',
            apiVersion: '2023-03-01',
            name: 'vm',
            location: 'eastus',
            properties: { hardwareProfile: { vmSize: "[parameters('size')]" } },
          },
        ],
      },
      { parameters: readParameterFile(file, 'params.json', undefined) },
    );
    expect(expansion.errors).toEqual([]);
    expect(byName(expansion, 'vm').resource.properties).toMatchObject({
      hardwareProfile: { vmSize: 'Standard_B2s' },
    });
  });
});

describe('availability zones built from an int parameter (anchored-proximity-placement-group)', () => {
  // Resource `zones` are strings in every API; `"zones": ["[parameters('zone')]"]` with an int deploys
  // and ARM returns `["1"]`.
  it.each([
    ["['[parameters('zone')]']", ["[parameters('zone')]"], ['1']],
    ['createArray(1, 2)', '[createArray(1, 2)]', ['1', '2']],
    ['strings already', ['3'], ['3']],
  ])('%s is stored as strings', (_label, zones, expected) => {
    const expansion = expand({
      $schema: SCHEMA,
      contentVersion: '1.0.0.0',
      parameters: { zone: { type: 'int', defaultValue: 1 } },
      resources: [
        {
          type: 'Microsoft.Network/publicIPAddresses',
          apiVersion: '2023-09-01',
          name: 'pip',
          location: 'eastus',
          zones,
          sku: { name: 'Standard' },
        },
      ],
    });
    expect(expansion.errors).toEqual([]);
    expect(byName(expansion, 'pip').resource.zones).toEqual(expected);
  });
});

describe("a module's output of a declared child collection (vmss-flexible-orchestration-quickstart)", () => {
  // Bicep `output vnetSubnetArray array = vnet.properties.subnets`, read by the parent as
  // `….outputs.vnetSubnetArray.value[0].id`: ARM resolves it to the subnet the module declares.
  const module = (output: string) => ({
    type: 'Microsoft.Resources/deployments',
    apiVersion: '2022-09-01',
    name: 'network',
    properties: {
      expressionEvaluationOptions: { scope: 'inner' },
      mode: 'Incremental',
      template: {
        $schema: SCHEMA,
        contentVersion: '1.0.0.0',
        resources: [
          {
            type: 'Microsoft.Network/virtualNetworks',
            apiVersion: '2023-09-01',
            name: 'vnet',
            location: 'eastus',
            properties: {
              addressSpace: { addressPrefixes: ['10.1.0.0/16'] },
              subnets: [{ name: 'Subnet-1', properties: { addressPrefix: '10.1.0.0/24' } }],
            },
          },
        ],
        outputs: { subnets: { type: 'array', value: output } },
      },
    },
  });
  const parent = (output: string, subnetId: string) =>
    expand({
      $schema: SCHEMA,
      contentVersion: '1.0.0.0',
      resources: [
        module(output),
        {
          type: 'Microsoft.Network/networkInterfaces',
          apiVersion: '2023-09-01',
          name: 'nic',
          location: 'eastus',
          dependsOn: ['network'],
          properties: { ipConfigurations: [{ name: 'ipconfig', properties: { subnet: { id: subnetId } } }] },
        },
      ],
    });
  const SUBNET = `${RG_ID}/providers/Microsoft.Network/virtualNetworks/vnet/subnets/Subnet-1`;
  const read =
    "[reference(resourceId('Microsoft.Resources/deployments', 'network')).outputs.subnets.value[0].id]";

  it.each([
    ['reference(id).subnets', "[reference(resourceId('Microsoft.Network/virtualNetworks', 'vnet')).subnets]"],
    [
      "reference(id, apiVersion, 'full').properties.subnets",
      "[reference('vnet', '2023-09-01', 'full').properties.subnets]",
    ],
  ])('%s gives the parent the subnet ID', (_label, output) => {
    const expansion = parent(output, read);
    expect(expansion.errors).toEqual([]);
    expect(byName(expansion, 'nic').resource.properties).toMatchObject({
      ipConfigurations: [{ properties: { subnet: { id: SUBNET } } }],
    });
  });

  it('each element is the declared subnet with its ID', () => {
    const expansion = parent(
      "[reference(resourceId('Microsoft.Network/virtualNetworks', 'vnet')).subnets]",
      "[string(reference('network').outputs.subnets.value[0])]",
    );
    const id = (
      byName(expansion, 'nic').resource.properties as {
        ipConfigurations: { properties: { subnet: { id: string } } }[];
      }
    ).ipConfigurations[0]!.properties.subnet.id;
    expect(JSON.parse(id)).toEqual({
      name: 'Subnet-1',
      properties: { addressPrefix: '10.1.0.0/24' },
      id: SUBNET,
    });
  });

  it('what ARM fills in on an element stays known only at deployment', () => {
    const expansion = parent(
      "[createArray(reference(resourceId('Microsoft.Network/virtualNetworks', 'vnet')).subnets[0].etag)]",
      "[reference('network').outputs.subnets.value[0]]",
    );
    expect(expansion.errors).toEqual([]);
    expect(byName(expansion, 'nic').resource.properties).toMatchObject({
      ipConfigurations: [
        { properties: { subnet: { id: { $vigilUnknown: expect.stringContaining('etag') } } } },
      ],
    });
  });
});

describe('_artifactsLocation defaulting to the deployment’s templateLink (application-security-group)', () => {
  const template = {
    $schema: SCHEMA,
    contentVersion: '1.0.0.0',
    parameters: {
      _artifactsLocation: { type: 'string', defaultValue: '[deployment().properties.templateLink.uri]' },
    },
    resources: [],
    outputs: { at: { type: 'string', value: "[parameters('_artifactsLocation')]" } },
  };

  it('fails as a deployment from a file does, and says which parameter to give', () => {
    const expansion = expand(template);
    expect(expansion.errors).toEqual([
      expect.objectContaining({
        pointer: '/parameters/_artifactsLocation/defaultValue',
        message: expect.stringMatching(
          /property 'templateLink' doesn't exist.*; a template deployed from a file has no templateLink: give '_artifactsLocation' a value in the parameters file/,
        ),
      }),
    ]);
  });
});
