import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PolicyResult } from '../../src/policy/evaluate.ts';
import { loadPolicyFiles } from '../../src/policy/load.ts';
import { scan } from '../../src/posture/scan.ts';
import { loadSnapshots } from '../../src/sources/snapshot/load.ts';

const CORPUS = fileURLToPath(new URL('../../../shared/corpora/azure-policy/', import.meta.url));
const DEMO = fileURLToPath(new URL('../../demo/estate.json', import.meta.url));
const present = existsSync(CORPUS);
if (!present)
  console.warn(`MCSB initiative test skipped: ${CORPUS} is absent (it ships beside the repo as ../shared)`);

// The assessment keys Microsoft's MCSB definitions read (AZURE-FACTS.md, Defender's compute and networking references).
const JIT =
  'Management ports of virtual machines should be protected with just-in-time network access control';
const MANAGEMENT_PORTS = 'Management ports should be closed on your virtual machines';
const INTERNET_FACING = 'Internet-facing virtual machines should be protected with network security groups';
const IP_FORWARDING = 'IP Forwarding on your virtual machine should be disabled';

describe.skipIf(!present)("Microsoft's MCSB initiative over the demo estate and Vigil's assessments", () => {
  let results: PolicyResult[];
  beforeAll(async () => {
    const snapshot = await loadSnapshots([DEMO]);
    expect(snapshot.errors).toEqual([]);
    const sets = await loadPolicyFiles([`${CORPUS}initiatives/AzureSecurityCenter.json`]);
    const definitions = await loadPolicyFiles([`${CORPUS}definitions`]);
    const report = scan(snapshot.inventory, {
      now: new Date('2025-06-01T00:00:00Z'),
      initiative: { definitions: definitions.definitions, initiatives: sets.initiatives },
    });
    expect(report.assessmentsPublished).toBeGreaterThan(100);
    expect(report.initiative?.errors).toEqual([]);
    results = report.initiative!.results;
  });

  const verdict = (definition: string, vm: string) => {
    const found = results.filter(
      (r) => r.displayName === definition && r.resourceId.endsWith(`/virtualMachines/${vm}`),
    );
    expect(found, `${definition} on ${vm}`).toHaveLength(1);
    return found[0]!.compliance;
  };

  it.each([
    [JIT, 'vm-dev-web-01', 'nonCompliant', 'SSH and RDP open to any source, no JIT policy'],
    [JIT, 'vm-prod-app-01', 'compliant', 'covered by the JIT policy for port 22'],
    [MANAGEMENT_PORTS, 'vm-dev-web-02', 'nonCompliant', 'nsg-dev-web allows 22 and 3389 from any source'],
    [MANAGEMENT_PORTS, 'vm-prod-db-01', 'compliant', 'nsg-prod-db denies the internet'],
    [INTERNET_FACING, 'vm-dev-web-01', 'compliant', 'public IP, with NSGs on its path'],
    [IP_FORWARDING, 'vm-prod-nva-01', 'nonCompliant', 'the network appliance forwards IP'],
    [IP_FORWARDING, 'vm-prod-web-02', 'compliant', 'no forwarding on its NIC'],
  ])('%s on %s → %s (%s)', (definition, vm, expected) => {
    expect(verdict(definition, vm)).toBe(expected);
  });

  it('reads the assessment Vigil published, and says so when there is none', () => {
    const open = results.find(
      (r) => r.displayName === MANAGEMENT_PORTS && r.resourceId.endsWith('/vm-dev-web-02'),
    )!;
    expect(open.related?.resources.map((r) => r.id)).toEqual([
      expect.stringMatching(
        /vm-dev-web-02\/providers\/Microsoft\.Security\/assessments\/bc303248-3d14-44c2-96a0-55f5c326b5fe$/,
      ),
    ]);
    const classic = results.find(
      (r) => r.displayName === IP_FORWARDING && r.resourceId.endsWith('/vm-dev-ftp-classic'),
    )!;
    expect(classic.compliance).toBe('nonCompliant');
    expect(classic.reasons[0]?.message).toMatch(/^No related resources match the effect details/);
  });
});
