/**
 * Template expansion throughput: a 1,000-resource template of copy loops (VMs with property loops for
 * data disks, their NICs, public IPs, NSGs with looped rules, managed disks), expanded from its text.
 * The baseline, measured in the same run, is JSON.parse of the expanded resources: expansion has to
 * parse the template, evaluate every expression of every copy and build the same JSON.
 */
import { expandTemplate } from '../src/sources/template/expand.ts';
import { type BenchResult, bestOf } from './measure.ts';

export const GROUPS = 200;
export const PER_GROUP = 5;

/** The template the bench expands; test/bench/template.test.ts checks it expands cleanly. */
export function benchTemplateDocument(): object {
  const name = (kind: string) => `[format('{0}-${kind}-{1}', parameters('prefix'), copyIndex(1))]`;
  const loop = (loopName: string) => ({ name: loopName, count: "[parameters('count')]" });
  return {
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    parameters: {
      prefix: { type: 'string', defaultValue: 'bench' },
      count: { type: 'int', defaultValue: GROUPS, maxValue: 800 },
      dataDisks: { type: 'int', defaultValue: 4 },
      location: { type: 'string', defaultValue: '[resourceGroup().location]' },
      openPorts: { type: 'array', defaultValue: ['22', '80', '443', '3389', '8080'] },
    },
    variables: {
      subnetId: "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'bench-vnet', 'default')]",
      tags: { workload: 'bench', owner: "[parameters('prefix')]" },
    },
    resources: [
      {
        type: 'Microsoft.Network/networkSecurityGroups',
        apiVersion: '2023-09-01',
        name: name('nsg'),
        location: "[parameters('location')]",
        copy: loop('nsgs'),
        properties: {
          copy: [
            {
              name: 'securityRules',
              count: "[length(parameters('openPorts'))]",
              input: {
                name: "[format('allow-{0}', parameters('openPorts')[copyIndex('securityRules')])]",
                properties: {
                  priority: "[add(100, copyIndex('securityRules'))]",
                  direction: 'Inbound',
                  access: 'Allow',
                  protocol: 'Tcp',
                  sourceAddressPrefix:
                    "[if(equals(parameters('openPorts')[copyIndex('securityRules')], '443'), 'Internet', '10.0.0.0/8')]",
                  sourcePortRange: '*',
                  destinationAddressPrefix: '*',
                  destinationPortRange: "[parameters('openPorts')[copyIndex('securityRules')]]",
                },
              },
            },
          ],
        },
      },
      {
        type: 'Microsoft.Network/publicIPAddresses',
        apiVersion: '2023-09-01',
        name: name('pip'),
        location: "[parameters('location')]",
        copy: loop('pips'),
        sku: { name: 'Standard' },
        properties: {
          publicIPAllocationMethod: 'Static',
          dnsSettings: {
            domainNameLabel:
              "[toLower(format('{0}-{1}-{2}', parameters('prefix'), copyIndex(), uniqueString(resourceGroup().id)))]",
          },
        },
      },
      {
        type: 'Microsoft.Network/networkInterfaces',
        apiVersion: '2023-09-01',
        name: name('nic'),
        location: "[parameters('location')]",
        copy: loop('nics'),
        tags: "[variables('tags')]",
        properties: {
          networkSecurityGroup: {
            id: "[resourceId('Microsoft.Network/networkSecurityGroups', format('{0}-nsg-{1}', parameters('prefix'), copyIndex(1)))]",
          },
          ipConfigurations: [
            {
              name: 'ipconfig1',
              properties: {
                subnet: { id: "[variables('subnetId')]" },
                privateIPAllocationMethod: 'Dynamic',
                publicIPAddress: {
                  id: "[resourceId('Microsoft.Network/publicIPAddresses', format('{0}-pip-{1}', parameters('prefix'), copyIndex(1)))]",
                },
              },
            },
          ],
        },
      },
      {
        type: 'Microsoft.Compute/disks',
        apiVersion: '2023-04-02',
        name: name('logs'),
        location: "[parameters('location')]",
        copy: loop('disks'),
        sku: { name: 'Premium_LRS' },
        properties: {
          creationData: { createOption: 'Empty' },
          diskSizeGB: 128,
          networkAccessPolicy: 'DenyAll',
        },
      },
      {
        type: 'Microsoft.Compute/virtualMachines',
        apiVersion: '2023-09-01',
        name: name('vm'),
        location: "[parameters('location')]",
        copy: loop('vms'),
        tags: "[union(variables('tags'), createObject('index', string(copyIndex())))]",
        properties: {
          hardwareProfile: { vmSize: 'Standard_D2s_v5' },
          securityProfile: { encryptionAtHost: '[equals(mod(copyIndex(), 2), 0)]' },
          storageProfile: {
            imageReference: {
              publisher: 'Canonical',
              offer: '0001-com-ubuntu-server-jammy',
              sku: '22_04-lts-gen2',
              version: 'latest',
            },
            osDisk: { createOption: 'FromImage', managedDisk: { storageAccountType: 'Premium_LRS' } },
            copy: [
              {
                name: 'dataDisks',
                count: "[parameters('dataDisks')]",
                input: {
                  lun: "[copyIndex('dataDisks')]",
                  name: "[format('{0}-vm-{1}-data-{2}', parameters('prefix'), copyIndex('vms', 1), copyIndex('dataDisks'))]",
                  createOption: 'Empty',
                  diskSizeGB: 64,
                },
              },
            ],
          },
          osProfile: {
            computerName: name('vm'),
            adminUsername: 'bench',
            linuxConfiguration: { disablePasswordAuthentication: true, ssh: { publicKeys: [] } },
          },
          networkProfile: {
            networkInterfaces: [
              {
                id: "[resourceId('Microsoft.Network/networkInterfaces', format('{0}-nic-{1}', parameters('prefix'), copyIndex(1)))]",
              },
            ],
          },
        },
      },
    ],
  };
}

export function benchTemplate(): BenchResult {
  const text = JSON.stringify(benchTemplateDocument(), null, 2);
  const context = { now: new Date('2026-06-01T00:00:00Z') };
  const expanded = expandTemplate(text, 'bench.json', { context });
  const notes: string[] = [];
  if (expanded.errors.length > 0)
    notes.push(`${expanded.errors.length} expansion error(s): ${expanded.errors[0]!.message}`);
  const count = expanded.resources.length;
  if (count !== GROUPS * PER_GROUP) notes.push(`expected ${GROUPS * PER_GROUP} resources, expanded ${count}`);
  const output = JSON.stringify(expanded.resources.map((r) => r.resource));
  // Both warm: the fastest of many runs is the one least disturbed by the rest of the machine.
  const parseMs = bestOf(30, () => JSON.parse(output));
  const expandMs = bestOf(30, () => expandTemplate(text, 'bench.json', { context }));
  return {
    name: 'template',
    detail: `${count} resources from ${GROUPS}-iteration copy loops (${(text.length / 1024).toFixed(0)} KiB template, ${(output.length / 2 ** 20).toFixed(1)} MiB expanded)`,
    throughput: `${Math.round(count / (expandMs / 1000)).toLocaleString('en-US')} resources/s (expansion ${expandMs.toFixed(1)} ms)`,
    baseline: `JSON.parse of the expanded resources: ${parseMs.toFixed(1)} ms`,
    ratio: expandMs / parseMs,
    target: 20,
    notes,
  };
}
