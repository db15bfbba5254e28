import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detect } from '../../../src/threats/detect.ts';

const DIR = fileURLToPath(
  new URL('../../../../shared/corpora/logs/otrf-linux-attack-telemetry/extracted/', import.meta.url),
);
const hasDir = existsSync(DIR);
if (!hasDir) console.log(`skipping vigil detect on the OTRF Log4Shell telemetry: ${DIR} is absent`);

const SYSMON = 'syslog_sysmon_log4shell_cve2021_44228_jndi_reference_2022-05-11181020.json';
const AUOMS = 'syslog_auoms_auditd_log4shell_cve2021_44228_jndi_reference_2022-05-11181020.json';

describe.skipIf(!hasDir)(
  'vigil detect on the OTRF Log4Shell attack (UBUNTU5, Sysmon for Linux and auditd)',
  () => {
    it('raises the web shell → reverse shell chain and correlates it into one incident along the kill chain', async () => {
      const result = await detect([DIR]);
      const titles = result.alerts.map((a) => a.title);
      console.log(`OTRF Log4Shell: ${titles.length} alerts: ${titles.join('; ')}`);
      for (const title of [
        'Possible malicious web shell detected',
        'Potential reverse shell detected',
        'Suspicious base64-encoded command detected',
      ]) {
        expect(titles).toContain(title);
      }
      for (const alert of result.alerts) expect(alert.entities.hosts).toEqual(['UBUNTU5']);

      const webShell = result.alerts.find((a) => a.title === 'Possible malicious web shell detected')!;
      expect(webShell.evidence[0]!.fields['process.parent.executable']).toMatch(/\/java$/);
      expect(webShell.tactics.map((t) => t.name)).toEqual(['Initial Access', 'Persistence']);

      // Sysmon and auditd both saw the reverse shell: one alert, on the same host and account, counted twice.
      const reverse = result.alerts.find((a) => a.title === 'Potential reverse shell detected')!;
      expect(new Set(reverse.evidence.map((e) => e['event.dataset']))).toEqual(
        new Set(['linux.sysmon', 'linux.auditd']),
      );
      expect(reverse.evidence.map((e) => e['log.file.path'].split('/').pop()).sort()).toEqual([
        AUOMS,
        SYSMON,
      ]);
      expect(reverse.entities.accounts).toEqual(['tomcat']);
      expect(reverse.entities.processes.join(' ')).toContain('base64');

      expect(result.incidents).toHaveLength(1);
      const incident = result.incidents[0]!;
      expect(incident.alertIds.slice(0, 2)).toEqual([webShell.id, reverse.id]);
      expect(incident.title).toMatch(
        /^Multi-stage incident involving Initial Access, Execution .* on UBUNTU5$/,
      );
      expect(incident.severity).toBe('Medium');
    });

    it('counts the VMConnection records it has no parser for, naming them', async () => {
      const result = await detect([DIR]);
      expect(result.stats.unparsed).toBe(5);
      expect(result.stats.samples.every((s) => s.file.includes('vminsights_vmconnection'))).toBe(true);
    });
  },
);
