import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { scan } from '../../../src/posture/scan.ts';
import { loadSnapshots } from '../../../src/sources/snapshot/load.ts';
import type { JsonObject } from '../../../src/util/json.ts';
import { flowLogVerdicts } from '../flow-log-verdicts.ts';

// ARM returns on an NSG and on a virtual network the flow logs that target them (`properties.flowLogs`,
// read-only). An export may hold the flow logs but leave that list out; the loader gives a resource without one
// the list ARM would return, and never touches a list the export has.

const SNAPSHOT = fileURLToPath(
  new URL('../../fixtures/snapshot/flow-logs-without-back-references.json', import.meta.url),
);
const SUB = '/subscriptions/7c2e9a41-5d3b-4f86-a1e0-9b8c7d6e5f40';
const NETWORK = `${SUB}/resourceGroups/rg-net/providers/Microsoft.Network`;
const FLOW_LOGS = `${SUB}/resourceGroups/NetworkWatcherRG/providers/Microsoft.Network/networkWatchers/NetworkWatcher_westeurope/flowLogs`;
const NOW = new Date('2026-11-29T00:00:00Z');

const scratch = mkdtempSync(join(tmpdir(), 'vigil-flow-logs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function listed(paths: string[], id: string) {
  const { inventory, errors } = await loadSnapshots(paths);
  expect(errors).toEqual([]);
  return (inventory.get(id)!.properties as JsonObject).flowLogs;
}

describe('a snapshot with flow logs but without the flowLogs lists of their targets', () => {
  it.each([
    [
      'an NSG without a list, whose flow log names it in lower case',
      `${NETWORK}/networkSecurityGroups/nsg-web`,
      [{ id: `${FLOW_LOGS}/fl-nsg-web` }],
    ],
    // ARM keeps listing a disabled flow log; the built-ins count the entries only.
    [
      'a virtual network whose flow log is disabled',
      `${NETWORK}/virtualNetworks/vnet-prod`,
      [{ id: `${FLOW_LOGS}/fl-vnet-prod` }],
    ],
    // Resource Graph writes a value a row lacks as null.
    [
      'a virtual network whose list is null',
      `${NETWORK}/virtualNetworks/vnet-null`,
      [{ id: `${FLOW_LOGS}/fl-vnet-null` }],
    ],
    ['an NSG no flow log targets', `${NETWORK}/networkSecurityGroups/nsg-app`, undefined],
    // An empty list is ARM's answer: the flow log beside it does not override it.
    ['an NSG whose list the export gives, empty', `${NETWORK}/networkSecurityGroups/nsg-listed-empty`, []],
  ])('%s', async (_title, id, expected) => {
    expect(await listed([SNAPSHOT], id)).toEqual(expected);
  });

  it('fills a list from a flow log in another file of the same scan', async () => {
    const file = join(scratch, 'flow-log.jsonl');
    const flowLog = {
      id: `${FLOW_LOGS}/fl-nsg-app`,
      name: 'NetworkWatcher_westeurope/fl-nsg-app',
      type: 'Microsoft.Network/networkWatchers/flowLogs',
      location: 'westeurope',
      properties: { targetResourceId: `${NETWORK}/networkSecurityGroups/nsg-app`, enabled: true },
    };
    writeFileSync(file, `${JSON.stringify(flowLog)}\n`);
    expect(await listed([SNAPSHOT, file], `${NETWORK}/networkSecurityGroups/nsg-app`)).toEqual([
      { id: `${FLOW_LOGS}/fl-nsg-app` },
    ]);
  });

  it('is judged on the lists ARM would return', async () => {
    const { inventory } = await loadSnapshots([SNAPSHOT]);
    expect(flowLogVerdicts(scan(inventory, { now: NOW }).findings)).toEqual([
      'nsg-flow-logs nsg-app unhealthy',
      'nsg-flow-logs nsg-listed-empty unhealthy',
      'nsg-flow-logs nsg-web healthy',
      'vnet-flow-logs vnet-null healthy',
      'vnet-flow-logs vnet-prod healthy',
    ]);
  });
});
