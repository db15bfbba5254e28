import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detect } from '../../../src/threats/detect.ts';
import { FAIL2BAN_BANS } from '../fail2ban-bans.ts';

const LOG = fileURLToPath(
  new URL('../../../../shared/corpora/logs/loghub-openssh/OpenSSH_2k.log', import.meta.url),
);
const hasLog = existsSync(LOG);
if (!hasLog) console.log(`skipping vigil detect on loghub OpenSSH: ${LOG} is absent`);

const FAIL2BAN_SSHD = '/etc/fail2ban/filter.d/sshd.conf';
const hasFail2ban =
  hasLog && existsSync(FAIL2BAN_SSHD) && spawnSync('fail2ban-regex', ['--version']).status === 0;

if (hasLog && !hasFail2ban) {
  console.log(
    'skipping the fail2ban cross-check: fail2ban-regex or /etc/fail2ban/filter.d/sshd.conf is absent',
  );
}

async function bruteForceSources(file: string): Promise<string[]> {
  const result = await detect([file], { year: 2024 });
  expect(result.errors).toEqual([]);
  const alerts = result.alerts.filter((a) => a.title === 'Failed SSH brute force attack');
  return [...new Set(alerts.flatMap((a) => a.entities.sourceIps))].sort();
}

describe.skipIf(!hasLog)('vigil detect on loghub OpenSSH (real SSH brute force)', () => {
  it('raises SSH brute force for every source fail2ban bans, and two more it can explain', async () => {
    const vigil = await bruteForceSources(LOG);
    console.log(
      `loghub OpenSSH: Failed SSH brute force attack from ${vigil.length} sources: ${vigil.join(' ')}`,
    );
    expect(vigil).toEqual(expect.arrayContaining([...FAIL2BAN_BANS]));
    const extra = vigil.filter((ip) => !FAIL2BAN_BANS.includes(ip));
    expect(extra).toEqual(['106.5.5.195', '5.36.59.76']);

    // fail2ban's filter does not match rsyslog's "message repeated N times: [ … ]" lines, so it counts each
    // as no failure at all; Vigil expands it into N. Without those lines Vigil finds exactly fail2ban's bans.
    const text = readFileSync(LOG, 'utf8');
    const withoutRepeats = text
      .split('\n')
      .filter((line) => !line.includes(': message repeated '))
      .join('\n');
    const dir = mkdtempSync(join(tmpdir(), 'vigil-openssh-'));
    writeFileSync(join(dir, 'OpenSSH_2k-no-repeats.log'), withoutRepeats);
    expect(await bruteForceSources(join(dir, 'OpenSSH_2k-no-repeats.log'))).toEqual(
      [...FAIL2BAN_BANS].sort(),
    );
    for (const ip of extra) {
      expect(text).toContain(`message repeated 5 times: [ Failed password for root from ${ip}`);
    }
  });

  it('raises no successful brute force: the one accepted login follows no failures from its address', async () => {
    const result = await detect([LOG], { year: 2024 });
    expect(result.alerts.filter((a) => a.title === 'Successful SSH brute force attack')).toEqual([]);
    expect(result.stats).toMatchObject({ lines: 2000, unparsed: 0 });
  });
});

describe.skipIf(!hasFail2ban)('the fail2ban ground truth', () => {
  it('is what fail2ban-regex and the sshd jail defaults give on the same file', () => {
    const run = spawnSync('fail2ban-regex', ['--raw', '-o', 'row', LOG, FAIL2BAN_SSHD], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    const times = new Map<string, number[]>();
    for (const line of run.stdout.split('\n')) {
      const row = /^\['([0-9a-f.:]+)',\t(\d+(?:\.\d+)?),/.exec(line);
      if (!row) continue;
      const list = times.get(row[1]!) ?? [];
      list.push(Number(row[2]));
      times.set(row[1]!, list);
    }
    // jail.conf [DEFAULT]: maxretry = 5 failures within findtime = 10m.
    const banned = [...times]
      .filter(([, t]) =>
        t.sort((a, b) => a - b).some((start, i) => i + 4 < t.length && t[i + 4]! - start < 600),
      )
      .map(([ip]) => ip)
      .sort();
    expect(banned).toEqual([...FAIL2BAN_BANS].sort());
  });
});
