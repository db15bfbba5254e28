import { describe, expect, it } from 'vitest';
import { expandTemplateFile } from '../../../src/sources/template/load.ts';
import { readParameterFile } from '../../../src/sources/template/parameter-values.ts';
import { byName, expand, fixture, NOW, RG_ID, SCHEMA, scanExpansion } from './helpers.ts';

/**
 * Idioms of the Azure quickstart templates (Azure/azure-quickstart-templates, quickstarts/microsoft.compute)
 * that expanded differently from what Azure deploys: each fixture reproduces one in a few resources.
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
