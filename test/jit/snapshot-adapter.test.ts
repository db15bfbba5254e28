import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NsgNotFoundError, RuleConflictError } from '../../src/jit/adapter.ts';
import { OverlayError } from '../../src/jit/overlay.ts';
import { type SecurityRule, viewRule } from '../../src/jit/security-rule.ts';
import { SnapshotNetworkAdapter } from '../../src/jit/snapshot-adapter.ts';
import {
  cleanup,
  ESTATE,
  LEFTOVER_DEFENDER_RULE,
  loadEstate,
  NIC_NSG,
  SUBNET_NSG,
  stateDir,
  WEB_01,
} from './support/estate.ts';

afterEach(cleanup);

let overlay: string;
beforeEach(async () => {
  const dir = await stateDir();
  await mkdir(dir, { recursive: true });
  overlay = join(dir, 'nsg-overlay.json');
});

const adapter = async () => new SnapshotNetworkAdapter(await loadEstate(), overlay);

const RULE: SecurityRule = {
  name: 'SecurityCenter-JITRule-1-0123456789ABCDEF0123456789ABCDEF',
  properties: {
    description: 'test',
    protocol: 'Tcp',
    sourcePortRange: '*',
    destinationPortRange: '22',
    sourceAddressPrefix: '203.0.113.7',
    destinationAddressPrefix: '10.0.1.4',
    access: 'Allow',
    priority: 120,
    direction: 'Inbound',
  },
};

const names = (rules: { name?: unknown }[]) => rules.map((r) => viewRule(r as never).name);

describe('the snapshot adapter', () => {
  it('keeps its changes in the overlay, never in the snapshot, and a new process sees them', async () => {
    const before = await readFile(ESTATE, 'utf8');
    await (await adapter()).putRule(SUBNET_NSG, RULE);
    expect(await readFile(ESTATE, 'utf8')).toBe(before);
    const fresh = await adapter();
    expect(names(await fresh.listRules(SUBNET_NSG))).toEqual([
      'AllowHttpInbound',
      'AllowHttpsInbound',
      LEFTOVER_DEFENDER_RULE,
      RULE.name,
    ]);
    expect(JSON.parse(await readFile(overlay, 'utf8'))).toEqual({
      version: 1,
      networkSecurityGroups: [{ id: SUBNET_NSG, addedRules: [RULE], removedRules: [] }],
    });
  });

  it('records a snapshot rule it removed by name, and hides it', async () => {
    const a = await adapter();
    expect(await a.removeRule(SUBNET_NSG, LEFTOVER_DEFENDER_RULE)).toBe(true);
    expect(await a.removeRule(SUBNET_NSG, LEFTOVER_DEFENDER_RULE)).toBe(false);
    expect(names(await (await adapter()).listRules(SUBNET_NSG))).toEqual([
      'AllowHttpInbound',
      'AllowHttpsInbound',
    ]);
    expect(JSON.parse(await readFile(overlay, 'utf8')).networkSecurityGroups[0].removedRules).toEqual([
      LEFTOVER_DEFENDER_RULE,
    ]);
  });

  it('forgets a rule it added and then removed', async () => {
    const a = await adapter();
    await a.putRule(NIC_NSG, RULE);
    await a.removeRule(NIC_NSG, RULE.name.toLowerCase());
    expect(JSON.parse(await readFile(overlay, 'utf8')).networkSecurityGroups[0]).toEqual({
      id: NIC_NSG,
      addedRules: [],
      removedRules: [],
    });
  });

  it('refuses a priority another rule holds in the same direction, as ARM does, and changes nothing', async () => {
    const a = await adapter();
    const error = await a
      .putRule(SUBNET_NSG, { ...RULE, properties: { ...RULE.properties, priority: 110 } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RuleConflictError);
    expect((error as Error).message).toContain("priority 110 is already held by rule 'AllowHttpsInbound'");
    await a.putRule(SUBNET_NSG, {
      ...RULE,
      properties: { ...RULE.properties, priority: 110, direction: 'Outbound' },
    });
    expect((await a.listRules(SUBNET_NSG)).filter((r) => viewRule(r).priority === 110)).toHaveLength(2);
  });

  it('replaces a rule of the same name (PUT)', async () => {
    const a = await adapter();
    await a.putRule(NIC_NSG, RULE);
    await a.putRule(NIC_NSG, {
      ...RULE,
      properties: { ...RULE.properties, sourceAddressPrefix: '203.0.113.8' },
    });
    const ours = (await a.listRules(NIC_NSG)).filter((r) => viewRule(r).name === RULE.name);
    expect(ours.map((r) => (r.properties as { sourceAddressPrefix: string }).sourceAddressPrefix)).toEqual([
      '203.0.113.8',
    ]);
  });

  it('says which NSG is unknown', async () => {
    await expect((await adapter()).listRules(`${SUBNET_NSG}-gone`)).rejects.toBeInstanceOf(NsgNotFoundError);
  });

  it('refuses an overlay it cannot read, naming the file', async () => {
    await writeFile(overlay, '{"version": 1, "networkSecurityGroups": [{"id": 5}]}');
    const error = await (await adapter()).listRules(SUBNET_NSG).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OverlayError);
    expect((error as Error).message).toBe(
      `${overlay}: networkSecurityGroups[0].id must be an NSG resource ID`,
    );
  });

  it("reads a VM's path: subnet NSG and NIC NSG, with its private IP", async () => {
    const found = await (await adapter()).findVm('VM-WEB-01');
    expect(found).toEqual({
      ok: true,
      vm: {
        id: WEB_01,
        name: 'vm-web-01',
        location: 'eastus',
        problems: [],
        attachments: [
          { nsgId: SUBNET_NSG, nsgName: 'nsg-snet-web', levels: ['subnet'], privateIps: ['10.0.1.4'] },
          { nsgId: NIC_NSG, nsgName: 'nsg-web-01-nic', levels: ['nic'], privateIps: ['10.0.1.4'] },
        ],
      },
    });
    const db = await (await adapter()).findVm('vm-db-01');
    expect(db.ok && db.vm.attachments).toEqual([]);
  });
});
