import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';

/**
 * One subscription exported as the README says (`az graph query -q "resources | union resourcecontainers |
 * union securityresources | union recoveryservicesresources"`): lower-cased types, a row per VM extension,
 * Defender plans and assessments, a vault with its backup policy and protected item, and no JIT policies,
 * security contacts or diagnostic settings, which no Resource Graph table holds
 * (articles/governance/resource-graph/reference/supported-tables-resources.md). What the export lacks is
 * not assessed; everything unhealthy is unhealthy on the export's own data.
 */

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/benchmark/${name}`, import.meta.url));
const EXPORT = fixture('arg-export-one-subscription.json');
const NOW = ['--now', '2026-11-29T00:00:00Z'];

interface Finding {
  recommendationId: string;
  resourceId: string;
  status: string;
  evidence: { message: string }[];
}

async function findings(paths: string[]): Promise<Finding[]> {
  const { code, out, err } = await runCli(['scan', ...paths, '--format', 'json', '--details', ...NOW]);
  expect(code, err).toBe(0);
  return (JSON.parse(out) as { findings: Finding[] }).findings;
}

const last = (id: string) => id.slice(id.lastIndexOf('/') + 1);

/** Not in the export: recommendation → where its data comes from. */
const NOT_IN_EXPORT: Record<string, string> = {
  'jit-management-ports': 'az security jit-policy list',
  'nsg-diagnostic-settings': 'az monitor diagnostic-settings list',
  'security-contact-email': 'az security contact list',
  'security-alert-notifications': 'az security contact list',
  'security-alert-owner-notifications': 'az security contact list',
};

/** Every unhealthy verdict the export supports, with the data it rests on. */
const UNHEALTHY = [
  'nsg-ssh-from-internet nsg-web', // rule allow-ssh: TCP 22 from *
  'management-ports-closed vm-web-01', // the same rule, on the subnet both VMs are in
  'management-ports-closed vm-app-01',
  'vm-nsg-rules-restrict-any-internet vm-web-01',
  'vm-nsg-rules-restrict-any-internet vm-app-01',
  'defender-for-containers 2b9f6c1e-8a43-4d7e-b5c0-3f1e9a7d6c21', // the Containers pricing is Free
  'disk-customer-managed-key vm-web-01', // platform-managed keys throughout
  'disk-customer-managed-key vm-app-01',
  'disk-customer-managed-key vm-web-01_OsDisk_1',
  'disk-customer-managed-key vm-app-01_OsDisk_1',
  'vm-backup-enabled vm-app-01', // the vault's one protected item is vm-web-01
  'vnet-flow-logs vnet-prod', // the export's one flow log targets nsg-web, none the network
];

describe('a Resource Graph export of one subscription', () => {
  it('is unhealthy only where the exported data says so', async () => {
    const unhealthy = (await findings([EXPORT]))
      .filter((f) => f.status === 'unhealthy')
      .map((f) => `${f.recommendationId} ${last(f.resourceId)}`);
    expect(unhealthy.sort()).toEqual([...UNHEALTHY].sort());
  });

  it('reports what no Resource Graph table holds as not assessed, saying where to export it from', async () => {
    const all = await findings([EXPORT]);
    for (const [id, source] of Object.entries(NOT_IN_EXPORT)) {
      const mine = all.filter((f) => f.recommendationId === id);
      expect(mine.length, id).toBeGreaterThan(0);
      for (const f of mine) {
        expect(f.status, `${id} ${f.resourceId}`).toBe('notApplicable');
        expect(f.evidence.map((e) => e.message).join(' ')).toMatch(/^Not assessed: /);
        expect(f.evidence.map((e) => e.message).join(' ')).toContain(source);
      }
    }
  });

  it('judges them once their own exports are added', async () => {
    const extra = [
      'az-security-jit-policy-list.json',
      'az-security-contact-list.json',
      'az-monitor-diagnostic-settings-list.json',
    ].map(fixture);
    const verdicts = Object.fromEntries(
      (await findings([EXPORT, ...extra]))
        .filter((f) => f.recommendationId in NOT_IN_EXPORT)
        .map((f) => [`${f.recommendationId} ${last(f.resourceId)}`, f.status]),
    );
    expect(verdicts).toEqual({
      'jit-management-ports vm-web-01': 'healthy', // JIT lists port 22 for it
      'jit-management-ports vm-app-01': 'unhealthy', // SSH open, and JIT does not list it
      'nsg-diagnostic-settings nsg-web': 'healthy',
      'security-contact-email 2b9f6c1e-8a43-4d7e-b5c0-3f1e9a7d6c21': 'healthy',
      'security-alert-notifications 2b9f6c1e-8a43-4d7e-b5c0-3f1e9a7d6c21': 'healthy',
      'security-alert-owner-notifications 2b9f6c1e-8a43-4d7e-b5c0-3f1e9a7d6c21': 'healthy',
    });
  });
});
