import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseInputs } from '../../../src/threats/input/parse-inputs.ts';
import { compileBuiltinRules } from '../../../src/threats/rules/index.ts';
import type { SigmaMatch } from '../../../src/threats/sigma/index.ts';
import { FAIL2BAN_BANS } from '../fail2ban-bans.ts';

const LOGS = fileURLToPath(new URL('../../../../shared/corpora/logs/', import.meta.url));
const hasLogs = existsSync(LOGS);
if (!hasLogs) console.log(`skipping the built-in pack over real logs: ${LOGS} is absent`);

/** The whole pack over files, as `vigil detect` reads them. */
async function detect(paths: string[]): Promise<SigmaMatch[]> {
  const detector = compileBuiltinRules({ reorderWindowMs: Number.POSITIVE_INFINITY });
  const matches: SigmaMatch[] = [];
  for await (const e of parseInputs(paths, { year: 2024 })) matches.push(...detector.process(e));
  matches.push(...detector.flush());
  return matches;
}

function groups(matches: SigmaMatch[], title: string, field: string): string[] {
  const values = matches.filter((m) => m.title === title).map((m) => String(m.correlation?.group[field]));
  return [...new Set(values)].sort();
}

// Six password failures each in 13 s, five of them in a "message repeated 5 times" line fail2ban cannot read.
const REPEATED_MESSAGE_SOURCES = ['106.5.5.195', '5.36.59.76'];

describe.skipIf(!hasLogs)('the built-in pack over real logs', () => {
  it('raises SSH brute force for the sources fail2ban bans on loghub OpenSSH, and the two it misses', async () => {
    const file = `${LOGS}loghub-openssh/OpenSSH_2k.log`;
    const matches = await detect([file]);
    const sources = groups(matches, 'Failed SSH brute force attack', 'source.ip');
    console.log(
      `loghub OpenSSH: Failed SSH brute force attack from ${sources.length} sources: ${sources.join(' ')}`,
    );
    expect(sources).toEqual([...FAIL2BAN_BANS, ...REPEATED_MESSAGE_SOURCES].sort());
    for (const ip of REPEATED_MESSAGE_SOURCES) {
      expect(readFileSync(file, 'utf8')).toContain(
        `message repeated 5 times: [ Failed password for root from ${ip}`,
      );
    }
    // The one accepted login (fztu from 119.137.62.142) follows no failures from its address.
    expect(matches.filter((m) => m.title === 'Successful SSH brute force attack')).toEqual([]);
  });

  it('raises the Log4Shell chain on the OTRF Sysmon for Linux telemetry: web shell, then a base64 reverse shell', async () => {
    const dir = `${LOGS}otrf-linux-attack-telemetry/extracted/`;
    const matches = await detect([
      `${dir}syslog_sysmon_log4shell_cve2021_44228_jndi_reference_2022-05-11181020.json`,
    ]);
    const titles = matches.map((m) => m.title);
    expect(titles).toContain('Possible malicious web shell detected');
    expect(titles).toContain('Potential reverse shell detected');
    expect(titles).toContain('Suspicious base64-encoded command detected');
    const shell = matches.find((m) => m.title === 'Possible malicious web shell detected')!;
    expect(shell.event['sysmon.ParentImage']).toMatch(/\/java$/);
  });

  it('raises the reverse shell on the same attack seen by auditd (AUOMS)', async () => {
    const dir = `${LOGS}otrf-linux-attack-telemetry/extracted/`;
    const matches = await detect([
      `${dir}syslog_auoms_auditd_log4shell_cve2021_44228_jndi_reference_2022-05-11181020.json`,
    ]);
    expect(matches.map((m) => m.title)).toContain('Potential reverse shell detected');
  });
});
