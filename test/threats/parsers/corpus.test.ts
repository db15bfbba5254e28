import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ThreatEvent } from '../../../src/threats/event.ts';
import { splitCsv } from '../../../src/threats/input/csv.ts';
import { parseInputs } from '../../../src/threats/input/parse-inputs.ts';
import type { ParseStats } from '../../../src/threats/input/stats.ts';

const LOGS = fileURLToPath(new URL('../../../../shared/corpora/logs/', import.meta.url));
const present = existsSync(LOGS);
if (!present)
  console.warn(`log corpus tests skipped: ${LOGS} is absent (it ships beside the repo as ../shared)`);

interface Parsed {
  events: ThreatEvent[];
  stats: ParseStats;
}

async function parse(file: string, year?: number): Promise<Parsed> {
  const events: ThreatEvent[] = [];
  const generator = parseInputs([LOGS + file], year === undefined ? {} : { year });
  for (let next = await generator.next(); ; next = await generator.next()) {
    if (next.done) return { events, stats: next.value };
    events.push(next.value);
  }
}

function count<T>(items: T[]): Map<T, number> {
  const counts = new Map<T, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return counts;
}

const byAction = (events: ThreatEvent[]) =>
  Object.fromEntries(count(events.map((e) => String(e['event.action']))));

describe.skipIf(!present)('real logs (shared/corpora/logs)', () => {
  describe('loghub OpenSSH_2k.log (auth.log of a server under brute force)', () => {
    let parsed: Parsed;
    beforeAll(async () => {
      parsed = await parse('loghub-openssh/OpenSSH_2k.log', 2015);
    });

    it('reads every line, including the last one that has no newline', () => {
      expect(parsed.stats).toMatchObject({
        lines: 2000,
        unparsed: 0,
        events: 2008,
        byFormat: { syslog: { files: 1 } },
      });
      expect(parsed.events.at(-1)!['log.file.line']).toBe(2000);
    });

    // loghub's structured CSV says which template each line is: Vigil's action must agree on all 2000.
    const TEMPLATES: Record<string, string | undefined> = {
      E1: 'ssh_login',
      E2: 'ssh_disconnect',
      E3: 'ssh_no_identification',
      E4: 'ssh_max_auth_attempts',
      E5: 'ssh_max_auth_attempts',
      E6: 'ssh_disconnect',
      E7: 'ssh_disconnect',
      E8: 'ssh_login',
      E9: 'ssh_login',
      E10: 'ssh_login',
      E11: undefined,
      E12: undefined,
      E13: 'ssh_invalid_user',
      E14: 'ssh_login',
      E15: 'pam_auth_failure_repeated',
      E16: 'pam_auth_failure_repeated',
      E17: 'pam_auth_failure_repeated',
      E18: undefined,
      E19: 'pam_auth_failure',
      E20: 'pam_auth_failure',
      E21: 'pam_user_unknown',
      E22: 'session_closed',
      E23: 'session_opened',
      E24: 'ssh_disconnect',
      E25: 'ssh_disconnect',
      E26: 'ssh_disconnect',
      E27: 'ssh_reverse_mapping_failed',
    };

    it("agrees with loghub's template of every line, and reads the source address the line holds", () => {
      const rows = readFileSync(`${LOGS}loghub-openssh/OpenSSH_2k.log_structured.csv`, 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map(splitCsv);
      const byLine = new Map<number, ThreatEvent[]>();
      for (const ev of parsed.events)
        byLine.set(ev['log.file.line'], [...(byLine.get(ev['log.file.line']) ?? []), ev]);
      expect(rows).toHaveLength(2000);
      for (const [lineId, , , , , , content, eventId] of rows as string[][]) {
        const events = byLine.get(Number(lineId))!;
        expect(events, `line ${lineId}`).toHaveLength(eventId === 'E14' ? 5 : 1);
        expect(events[0]!['event.action'], `line ${lineId}: ${content}`).toBe(TEMPLATES[eventId!]);
        // An address, not the start of a name like 5.36.59.76.dynamic-dsl-ip.omantel.net.om.
        const ip = /\b\d{1,3}(?:\.\d{1,3}){3}\b(?![.\w-])/.exec(content!)?.[0];
        if (ip !== undefined && eventId !== 'E27') expect(events[0]!['source.ip'], `line ${lineId}`).toBe(ip);
      }
    });

    it('finds the failed logins, the failing sources, and the one success', () => {
      const failures = parsed.events.filter(
        (e) => e['event.action'] === 'ssh_login' && e['event.outcome'] === 'failure',
      );
      expect(failures).toHaveLength(532);
      const sources = count(failures.map((e) => e['source.ip']));
      expect(sources.size).toBe(24);
      expect(sources.get('183.62.140.253')).toBe(286);
      const successes = parsed.events.filter((e) => e['event.outcome'] === 'success');
      expect(successes.map((e) => [e['user.name'], e['source.ip'], e['@timestamp']])).toEqual([
        ['fztu', '119.137.62.142', '2015-12-10T09:32:20.000Z'],
      ]);
    });
  });

  describe('loghub Linux_2k.log (/var/log/messages, 2005)', () => {
    it('reads every line; PAM failures carry the remote host, as an address or a name', async () => {
      const { events, stats } = await parse('loghub-linux/Linux_2k.log', 2005);
      expect(stats).toMatchObject({ lines: 2000, events: 2000, unparsed: 0 });
      const failures = events.filter((e) => e['event.action'] === 'pam_auth_failure');
      expect(failures).toHaveLength(490);
      const ips = count(failures.map((e) => e['source.ip']).filter((ip) => ip !== undefined));
      // SOURCE.md counts 310 "literal IP" rhosts; 10 of those are the name 68.143.156.89.nw.nuvox.net.
      expect([...ips.values()].reduce((a, b) => a + b, 0)).toBe(300);
      expect(ips.size).toBe(27);
      expect(ips.get('150.183.249.110')).toBe(80);
      // And one gdm failure has an empty rhost.
      expect(failures.filter((e) => e['source.domain'] !== undefined)).toHaveLength(189);
      expect(byAction(events)).toMatchObject({
        session_opened: 123,
        session_closed: 123,
        pam_user_unknown: 117,
      });
      expect(events[0]).toMatchObject({
        '@timestamp': '2005-06-14T15:16:01.000Z',
        'host.name': 'combo',
        'process.name': 'sshd',
        'pam.module': 'pam_unix',
      });
    });
  });

  describe('msticpy samples (Azure Log Analytics / Azure VM)', () => {
    it('auditd_log.txt: the SSH brute force seen by auditd, and iptables runs', async () => {
      const { events, stats } = await parse('msticpy-azure-loganalytics-samples/auditd_log.txt');
      expect(stats).toMatchObject({
        lines: 1708,
        unparsed: 0,
        events: 938,
        byFormat: { auditd: { files: 1 } },
      });
      const failedLogins = events.filter(
        (e) => e['event.action'] === 'login' && e['event.outcome'] === 'failure',
      );
      expect(failedLogins).toHaveLength(191);
      const sources = count(failedLogins.map((e) => e['source.ip']));
      expect([
        sources.get('61.184.247.3'),
        sources.get('36.156.24.99'),
        sources.get('223.111.139.247'),
      ]).toEqual([75, 51, 51]);
      expect(events.filter((e) => e['event.action'] === 'process_created')).toHaveLength(146);
      expect(events.some((e) => e['process.command_line'] === '/bin/sh -c iptables --version')).toBe(true);
      const wget = events.find((e) => e['event.action'] === 'user_command');
      expect(wget!['process.command_line']).toMatch(
        /^wget https:\/\/raw\.githubusercontent\.com\/Microsoft\/OMS-Agent-for-Linux/,
      );
    });

    it('linux_events.csv: OMS-agent auditd rows, one event each', async () => {
      const { events, stats } = await parse('msticpy-azure-loganalytics-samples/linux_events.csv');
      expect(stats).toMatchObject({
        lines: 101,
        events: 100,
        unparsed: 0,
        byFormat: { 'la-auditd-csv': { files: 1 } },
      });
      expect(events.filter((e) => e['event.action'] === 'process_created')).toHaveLength(82);
      expect(events[2]).toMatchObject({
        'host.name': 'MSTICAlertsLxVM2',
        '@timestamp': '2019-02-18T16:00:32.285Z',
        'process.args': ['/bin/sh', '-c', 'iptables --version'],
      });
    });

    it('syslog_data.csv and sudo_events.csv: sudo through the Syslog table', async () => {
      const syslog = await parse('msticpy-azure-loganalytics-samples/syslog_data.csv');
      expect(syslog.stats).toMatchObject({
        events: 100,
        unparsed: 0,
        byFormat: { 'la-syslog-csv': { files: 1 } },
      });
      expect(byAction(syslog.events)).toEqual({ sudo_command: 34, session_opened: 33, session_closed: 33 });
      expect(syslog.events[1]).toMatchObject({
        'user.name': 'omsagent',
        'user.target.name': 'root',
        'host.name': 'squid-uk-02',
        'host.ip': '10.0.6.5',
        '@timestamp': '2019-07-08T16:08:00.000Z',
        'cloud.instance.name': 'squid-uk-02',
      });
      const sudo = await parse('msticpy-azure-loganalytics-samples/sudo_events.csv');
      expect(sudo.stats).toMatchObject({ events: 4, unparsed: 0 });
      expect(sudo.events.find((e) => e['event.action'] === 'sudo_command')).toMatchObject({
        'user.name': 'peteb',
        'process.command_line': '/usr/sbin/squid',
        'process.working_directory': '/home/peteb',
      });
    });

    it('host_logons.csv and processes_on_host.csv: SecurityEvent 4624 and 4688', async () => {
      const logons = await parse('msticpy-azure-loganalytics-samples/host_logons.csv');
      expect(logons.stats).toMatchObject({
        events: 14,
        unparsed: 0,
        byFormat: { 'securityevent-csv': { files: 1 } },
      });
      expect(logons.events[2]).toMatchObject({
        'event.action': 'logon',
        'user.name': 'adm1nistrator',
        'winlog.logon.type': 3,
        'source.ip': 'fe80::38dc:e4a9:61bd:b458',
      });
      const processes = await parse('msticpy-azure-loganalytics-samples/processes_on_host.csv');
      expect(processes.stats).toMatchObject({ events: 363, unparsed: 0 });
      const lines = processes.events.map((e) => String(e['process.command_line']));
      expect(lines.some((l) => /vssadmin\s+delete\s+shadows/i.test(l))).toBe(true);
      expect(lines.some((l) => /net\s+user\s+adm1nistrator\s+\S+\s+\/add/i.test(l))).toBe(true);
      expect(
        processes.events.every(
          (e) => e['process.parent.executable'] !== undefined && e['host.name'] === 'MSTICAlertsWin1',
        ),
      ).toBe(true);
    });
  });

  it('Azure-Sentinel RiskIQ_scenrio.json: a SecurityEvent JSON array', async () => {
    const { events, stats } = await parse('azure-sentinel-sample-securityevent/RiskIQ_scenrio.json');
    expect(stats).toMatchObject({ events: 4, unparsed: 0, byFormat: { 'securityevent-json': { files: 1 } } });
    expect(events.map((e) => [e['event.code'], e['source.ip'] ?? e['process.name']])).toEqual([
      ['4624', '104.168.141.190'],
      ['4688', 'mimikatz.exe'],
      ['4624', '213.252.245.73'],
      ['4688', 'nmap.exe'],
    ]);
  });

  describe('OTRF Log4Shell on an Azure VM (Syslog table exports)', () => {
    const dir = 'otrf-linux-attack-telemetry/extracted/';

    it('Sysmon for Linux: the web shell chain java → bash → base64 reverse shell', async () => {
      const { events, stats } = await parse(
        `${dir}syslog_sysmon_log4shell_cve2021_44228_jndi_reference_2022-05-11181020.json`,
      );
      expect(stats).toMatchObject({
        lines: 93,
        events: 93,
        unparsed: 0,
        byFormat: { 'la-syslog-json': { files: 1 } },
      });
      expect(byAction(events)).toEqual({
        process_created: 31,
        network_connection: 6,
        process_terminated: 50,
        file_created: 4,
        file_deleted: 2,
      });
      const shell = events.find((e) => String(e['process.command_line']).startsWith('bash -c {echo,YmFzaC'))!;
      expect(shell).toMatchObject({
        'event.dataset': 'linux.sysmon',
        'user.name': 'tomcat',
        'host.name': 'UBUNTU5',
        'log.truncated': true,
      });
      expect(shell['process.parent.command_line']).toMatch(
        /^\/usr\/lib\/jvm\/java-1\.8\.0-openjdk-amd64\/bin\/java /,
      );
      const callback = events.find(
        (e) =>
          e['event.action'] === 'network_connection' &&
          e['destination.port'] === 443 &&
          e['process.name'] === 'bash',
      );
      expect(callback).toMatchObject({ 'destination.ip': '192.168.2.6', 'network.direction': 'egress' });
    });

    it('AUOMS: the same reverse shell as audit events', async () => {
      const { events, stats } = await parse(
        `${dir}syslog_auoms_auditd_log4shell_cve2021_44228_jndi_reference_2022-05-11181020.json`,
      );
      expect(stats).toMatchObject({ events: 50, unparsed: 0 });
      expect(
        events.every((e) => e['event.dataset'] === 'linux.auditd' && e['event.action'] === 'process_created'),
      ).toBe(true);
      expect(events.find((e) => String(e['process.command_line']).includes('{base64,-d}'))).toMatchObject({
        'user.name': 'tomcat',
        'process.executable': '/bin/bash',
        'process.parent.pid': 1340,
      });
    });

    it('raw audit.log atomics: arp -a, dd', async () => {
      const arp = await parse(`${dir}sh_arp_cache_2020-11-10074812.log`);
      expect(arp.events.map((e) => e['process.args'])).toEqual([
        ['arp', '-a'],
        ['grep', '-v', '^?'],
      ]);
      const dd = await parse(`${dir}sh_binary_padding_dd_2020-11-10081941.log`);
      expect(dd.events.map((e) => e['process.command_line'])).toEqual(['dd if=/dev/zero bs=1 count=1']);
    });

    it('VMConnection rows are not a format Vigil reads: each is reported, not dropped', async () => {
      const { stats } = await parse(
        `${dir}vminsights_vmconnection_log4shell_cve2021_44228_jndi_reference_2022-05-11181020.json`,
      );
      expect(stats).toMatchObject({ events: 0, unparsed: 5 });
    });
  });

  it('prints per file: lines, events, unparsed and why', async () => {
    const { stats } = await (async () => {
      const generator = parseInputs([LOGS], { year: 2015 });
      for (let next = await generator.next(); ; next = await generator.next())
        if (next.done) return { stats: next.value };
    })();
    console.log(
      `shared/corpora/logs: ${stats.files} files, ${stats.lines} lines, ${stats.events} events, ${stats.unparsed} unparsed\n` +
        Object.entries(stats.byFormat)
          .map(([f, s]) => `  ${f}: ${JSON.stringify(s)}`)
          .join('\n') +
        `\n  unparsed: ${JSON.stringify(stats.unparsedReasons)}\n  not read: ${JSON.stringify(stats.errors.map((e) => `${e.path.replace(LOGS, '')}: ${e.message}`))}`,
    );
    // OTRF's zips are read in place (zip-entries.ts): nothing in the corpus is left unread.
    expect(stats.errors).toEqual([]);
  });
});
