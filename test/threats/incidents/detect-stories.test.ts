import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detect } from '../../../src/threats/detect.ts';

const fixture = (path: string) => fileURLToPath(new URL(`../../fixtures/${path}`, import.meta.url));
const VMACCESS = fixture('incidents/activity-log-vmaccess-vm-web-01.json');
const BRUTE_FORCE = fixture('detect/ssh-brute-force-then-new-user.log');
const SAME_SECONDS = [
  fixture('incidents/auth-same-seconds-a.log'),
  fixture('incidents/auth-same-seconds-b.log'),
];

describe('incidents from logs (detect)', () => {
  it("tells one VM's story from the Activity Log and its own auth.log", async () => {
    // VMAccess written on the VM (its id in capitals, as the Activity Log often writes it), then a brute
    // force, a login and a new account in vm-web-01's auth.log.
    const result = await detect([VMACCESS, BRUTE_FORCE], { year: 2024 });
    expect(result.errors).toEqual([]);
    const vmaccess = result.alerts.find((a) => a.title.startsWith('Suspicious usage of VMAccess'));
    expect(vmaccess?.entities.resources[0]).toMatch(
      /VIRTUALMACHINES\/VM-WEB-01\/EXTENSIONS\/ENABLEVMACCESS$/,
    );
    expect(result.incidents).toHaveLength(1);
    expect(result.incidents[0]!.alertIds).toHaveLength(4);
    expect(result.incidents[0]!.alertIds[0]).toBe(vmaccess!.id);
    // The stages as the story lists them: the failed brute force before the success that carried it on.
    expect(result.incidents[0]!.title).toBe(
      'Multi-stage incident involving Persistence, Credential Access & Initial Access on vm-web-01',
    );
  });

  it('gives the same alerts, evidence and ids whatever order the files are given in', async () => {
    const run = async (paths: string[]) => {
      const { alerts, incidents } = await detect(paths, { year: 2024 });
      return {
        alerts: alerts.map((a) => ({
          id: a.id,
          evidence: a.evidence.map((e) => `${e['log.file.path'].slice(-6)}:${e['log.file.line']}`),
        })),
        incidents: incidents.map((i) => i.id),
      };
    };
    const given = await run(SAME_SECONDS);
    expect(given.alerts.length).toBeGreaterThan(0);
    expect(given.alerts[0]!.evidence.slice(0, 4)).toEqual(['-a.log:1', '-b.log:1', '-a.log:2', '-b.log:2']);
    expect(await run([...SAME_SECONDS].reverse())).toEqual(given);
  });

  it('gives the very same output (entities and their order too) whatever order the files are given in', async () => {
    const output = async (paths: string[]) => JSON.stringify(await detect(paths, { year: 2024 }));
    expect(await output([...SAME_SECONDS].reverse())).toBe(await output(SAME_SECONDS));
  });
});
