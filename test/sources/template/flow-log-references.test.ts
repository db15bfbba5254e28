import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src/util/json.ts';
import { flowLogVerdicts } from '../flow-log-verdicts.ts';
import { byName, expand, RG_ID, SCHEMA, scanExpansion } from './helpers.ts';

// ARM returns on an NSG and on a virtual network the flow logs that target them (`properties.flowLogs`,
// read-only); a template declares only the flow log. Before deployment the expansion must list it as ARM would
// after, or Microsoft's built-ins c251913d and 4c3c6c5f, which count that list, would call the target unlogged.

const NSG = (name: string) => `[resourceId('Microsoft.Network/networkSecurityGroups', '${name}')]`;
const VNET = (name: string) => `[resourceId('Microsoft.Network/virtualNetworks', '${name}')]`;
const WATCHER = 'NetworkWatcher_westeurope';
const flowLogId = (name: string) =>
  `${RG_ID}/providers/Microsoft.Network/networkWatchers/${WATCHER}/flowLogs/${name}`;

interface FlowLogSpec {
  name: string;
  target: string;
  enabled?: boolean;
}

/** NSGs nsg-web and nsg-app, virtual network vnet-prod (subnet snet-web), a Network Watcher and the flow logs. */
function template(flowLogs: FlowLogSpec[], nsgProperties: JsonObject = {}): object {
  const network = { apiVersion: '2024-05-01', location: 'westeurope' };
  return {
    $schema: SCHEMA,
    contentVersion: '1.0.0.0',
    resources: [
      {
        ...network,
        type: 'Microsoft.Network/networkSecurityGroups',
        name: 'nsg-web',
        properties: nsgProperties,
      },
      { ...network, type: 'Microsoft.Network/networkSecurityGroups', name: 'nsg-app', properties: {} },
      {
        ...network,
        type: 'Microsoft.Network/virtualNetworks',
        name: 'vnet-prod',
        properties: {
          addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
          subnets: [{ name: 'snet-web', properties: { addressPrefix: '10.0.1.0/24' } }],
        },
      },
      { ...network, type: 'Microsoft.Network/networkWatchers', name: WATCHER, properties: {} },
      ...flowLogs.map((f) => ({
        ...network,
        type: 'Microsoft.Network/networkWatchers/flowLogs',
        name: `${WATCHER}/${f.name}`,
        dependsOn: [`[resourceId('Microsoft.Network/networkWatchers', '${WATCHER}')]`],
        properties: {
          targetResourceId: f.target,
          storageId: `${RG_ID}/providers/Microsoft.Storage/storageAccounts/stflowlogs`,
          enabled: f.enabled ?? true,
        },
      })),
    ],
  };
}

const listed = (expansion: ReturnType<typeof expand>, name: string) =>
  (byName(expansion, name).resource.properties as JsonObject).flowLogs;

describe('the expansion lists on their targets the flow logs a template declares', () => {
  it.each<[string, FlowLogSpec[], Record<string, unknown>]>([
    [
      'a flow log on the NSG and one on the virtual network',
      [
        { name: 'fl-nsg-web', target: NSG('nsg-web') },
        { name: 'fl-vnet-prod', target: VNET('vnet-prod') },
      ],
      {
        'nsg-web': [{ id: flowLogId('fl-nsg-web') }],
        'nsg-app': undefined,
        'vnet-prod': [{ id: flowLogId('fl-vnet-prod') }],
      },
    ],
    [
      // ARM keeps listing a disabled flow log on its target.
      'a disabled flow log',
      [{ name: 'fl-vnet-prod', target: VNET('vnet-prod'), enabled: false }],
      { 'vnet-prod': [{ id: flowLogId('fl-vnet-prod') }] },
    ],
    [
      'a target ID spelled in another case (Azure compares IDs case-insensitively)',
      [
        {
          name: 'fl-nsg-web',
          target: NSG('nsg-web').replace('networkSecurityGroups', 'NETWORKSECURITYGROUPS'),
        },
      ],
      { 'nsg-web': [{ id: flowLogId('fl-nsg-web') }] },
    ],
    [
      'two flow logs on one target',
      [
        { name: 'fl-a', target: VNET('vnet-prod') },
        { name: 'fl-b', target: VNET('vnet-prod') },
      ],
      { 'vnet-prod': [{ id: flowLogId('fl-a') }, { id: flowLogId('fl-b') }] },
    ],
    [
      // ARM lists a flow log on its target only: the subnet's network and NSG get none.
      'a flow log on a subnet',
      [
        {
          name: 'fl-snet-web',
          target: "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet-prod', 'snet-web')]",
        },
      ],
      { 'vnet-prod': undefined, 'nsg-web': undefined },
    ],
    [
      // The target may be either NSG, and no other flow log decides: both verdicts rest on the deployment.
      'a target known only at deployment',
      [
        {
          name: 'fl-unknown',
          target: `[reference(${NSG('nsg-web').slice(1, -1)}, '2024-05-01', 'full').resourceId]`,
        },
        { name: 'fl-vnet-prod', target: VNET('vnet-prod') },
      ],
      {
        'nsg-web': { $vigilUnknown: expect.stringContaining('reference(') },
        'nsg-app': { $vigilUnknown: expect.stringContaining('reference(') },
        'vnet-prod': [{ id: flowLogId('fl-vnet-prod') }],
      },
    ],
  ])('%s', (_title, flowLogs, expected) => {
    const expansion = expand(template(flowLogs));
    expect(expansion.errors).toEqual([]);
    for (const f of flowLogs) {
      const target = (byName(expansion, f.name).resource.properties as JsonObject).targetResourceId;
      expect(target, f.name).toEqual(
        typeof target === 'string'
          ? expect.stringMatching(/^\/subscriptions\//)
          : { $vigilUnknown: expect.any(String) },
      );
    }
    for (const [name, list] of Object.entries(expected)) expect(listed(expansion, name), name).toEqual(list);
  });

  it('leaves a list the template gives itself as given', () => {
    const expansion = expand(template([{ name: 'fl-nsg-web', target: NSG('nsg-web') }], { flowLogs: [] }));
    expect(listed(expansion, 'nsg-web')).toEqual([]);
  });

  it('judges the NSG and the virtual network a template logs as healthy, and the NSG it does not as unhealthy', () => {
    const expansion = expand(
      template([
        { name: 'fl-nsg-web', target: NSG('nsg-web') },
        { name: 'fl-vnet-prod', target: VNET('vnet-prod') },
      ]),
    );
    const { report } = scanExpansion(expansion);
    expect(flowLogVerdicts(report.findings)).toEqual([
      'nsg-flow-logs nsg-app unhealthy',
      'nsg-flow-logs nsg-web healthy',
      'vnet-flow-logs vnet-prod healthy',
    ]);
  });
});

describe('a template that creates an NSG flow log', () => {
  it('is warned, at the flow log, that Azure refuses new NSG flow logs; a virtual network flow log is not', () => {
    const expansion = expand(
      template([
        { name: 'fl-nsg-web', target: NSG('nsg-web') },
        { name: 'fl-vnet-prod', target: VNET('vnet-prod') },
      ]),
    );
    const retired = expansion.warnings.filter((w) => /refused new NSG flow logs/.test(w.message));
    expect(retired).toEqual([
      expect.objectContaining({
        severity: 'warning',
        pointer: '/resources/4',
        line: expect.any(Number),
        message: expect.stringMatching(/^flow log fl-nsg-web targets a network security group/),
      }),
    ]);
  });
});
