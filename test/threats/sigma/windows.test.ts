import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ThreatEvent } from '../../../src/threats/event.ts';
import { parseInputs } from '../../../src/threats/input/parse-inputs.ts';
import {
  compileRules,
  DEFAULT_MAPPINGS,
  formatSigmaError,
  loadSigmaRules,
  validateMappings,
} from '../../../src/threats/sigma/index.ts';
import { compileErrors, detector, fires } from './helpers.ts';

/**
 * SigmaHQ-style Windows rules over events as Vigil's parsers read them from what Windows writes: the same six
 * process starts as Security 4688 (event XML and a Log Analytics SecurityEvent CSV) and as Sysmon event 1,
 * then Sysmon events 19-21, 27 and 255 (test/fixtures/sigma/windows).
 */
const FIXTURES = fileURLToPath(new URL('../../fixtures/sigma/windows/', import.meta.url));
const CASES = [
  'computerdefaults-high',
  'computerdefaults-medium',
  'cmd-as-system',
  'cmd-as-user',
  'whoami-elevated',
  'whoami-medium',
] as const;
const PROCESS_SOURCES = ['security-4688.xml', 'securityevent-4688.csv', 'sysmon.xml'] as const;

const events = new Map<string, ThreatEvent[]>();
beforeAll(async () => {
  for (const file of PROCESS_SOURCES) {
    const list: ThreatEvent[] = [];
    for await (const e of parseInputs([FIXTURES + file])) list.push(e);
    events.set(file, list);
  }
});

const rule = (logsource: string, detection: string) =>
  `title: t\nid: t\nlogsource: {${logsource}}\ndetection:\n${detection.replace(/^/gm, '    ')}\n`;

/** The process cases a process_creation rule fires on, read from one source. */
function firedOn(detection: string, file: string): string[] {
  const d = detector(rule('product: windows, category: process_creation', detection));
  const starts = events.get(file)!.slice(0, CASES.length);
  expect(starts).toHaveLength(CASES.length);
  return CASES.filter((_, i) => fires(d, starts[i]!));
}

describe('Windows process_creation rules read Security 4688 as they read Sysmon event 1', () => {
  // Hayabusa's windows-audit mapping and pySigma's windows_audit_pipeline read 4688's MandatoryLabel as
  // IntegrityLevel and SubjectLogonId as LogonId; the label is a SID (S-1-16-12288) where Sysmon says High.
  it.each([
    [
      'IntegrityLevel by name, as older SigmaHQ rules write it',
      "selection:\n    IntegrityLevel: [High, System]\n    Image|endswith: '\\ComputerDefaults.exe'\ncondition: selection",
      ['computerdefaults-high'],
    ],
    [
      'IntegrityLevel by name and mandatory label SID, as newer SigmaHQ rules write it',
      "selection:\n    IntegrityLevel: [High, System, 'S-1-16-16384', 'S-1-16-12288']\n    Image|endswith: '\\ComputerDefaults.exe'\ncondition: selection",
      ['computerdefaults-high'],
    ],
    [
      'IntegrityLevel in a filter',
      "selection:\n    Image|endswith: '\\whoami.exe'\nfilter:\n    IntegrityLevel: Medium\ncondition: selection and not filter",
      ['whoami-elevated'],
    ],
    [
      'IntegrityLevel with neq',
      "selection:\n    Image|endswith: '\\whoami.exe'\n    IntegrityLevel|neq: Medium\ncondition: selection",
      ['whoami-elevated'],
    ],
    [
      'LogonId of the SYSTEM logon session (0x3e7)',
      "selection:\n    LogonId: '0x3e7'\n    Image|endswith: '\\cmd.exe'\ncondition: selection",
      ['cmd-as-system'],
    ],
    [
      'Image, ParentImage and CommandLine',
      "selection:\n    ParentImage|endswith: '\\cmd.exe'\n    Image|endswith: '\\whoami.exe'\n    CommandLine|contains: ' /priv'\ncondition: selection",
      ['whoami-elevated'],
    ],
  ])('%s', (_name, detection, expected) => {
    for (const file of PROCESS_SOURCES) expect([file, firedOn(detection, file)]).toEqual([file, expected]);
  });

  it('rules indexed on IntegrityLevel find 4688 events by the level name', () => {
    // Three rules pinning IntegrityLevel make it the field the detector indexes them on (prefilter.ts).
    const pack = ['High', 'System', 'Medium']
      .map((level) =>
        rule(
          'product: windows, category: process_creation',
          `sel:\n    IntegrityLevel: ${level}\ncondition: sel`,
        ).replace('id: t', `id: ${level}`),
      )
      .join('---\n');
    const ids = (d: ReturnType<typeof detector>) =>
      events.get('security-4688.xml')!.map((e) => d.process(e).map((m) => m.ruleId));
    const indexed = ids(detector(pack));
    expect(indexed).toEqual([['High'], ['Medium'], ['System'], ['Medium'], ['High'], ['Medium']]);
    expect(indexed).toEqual(ids(detector(pack, { prefilter: false })));
  });

  it("a service: security rule reading the label's own field gets the SID only (the names are process_creation's)", () => {
    const d = detector(
      [
        rule(
          'product: windows, category: process_creation',
          'sel:\n    IntegrityLevel: High\ncondition: sel',
        ),
        rule(
          'product: windows, service: security',
          'sel:\n    winlog.event_data.MandatoryLabel: High\ncondition: sel',
        ).replace('id: t', 'id: raw'),
      ].join('---\n'),
    );
    const high = events.get('security-4688.xml')![0]!;
    expect(d.process(high).map((m) => m.ruleId)).toEqual(['t']);
  });
});

describe('Sysmon rules that test EventID, and the taxonomy categories Sysmon writes', () => {
  let sysmon: ThreatEvent[];
  beforeAll(() => {
    sysmon = events.get('sysmon.xml')!;
  });
  const codes = (logsource: string, detection: string) => {
    const d = detector(rule(logsource, detection));
    return sysmon.filter((e) => fires(d, e)).map((e) => e['event.code']);
  };

  it.each([
    ['category: wmi_event', 'sel:\n    EventID: [19, 20, 21]\ncondition: sel', ['19', '20', '21']],
    ['category: wmi_event', "sel:\n    Destination|contains: 'svc-updater.exe'\ncondition: sel", ['20']],
    ['service: sysmon', 'sel:\n    EventID: 27\ncondition: sel', ['27']],
    ['category: file_block_executable', "sel:\n    TargetFilename|endswith: '.exe'\ncondition: sel", ['27']],
    [
      'category: sysmon_error',
      "sel:\n    Description|contains: 'Failed to connect to the driver'\ncondition: sel",
      ['255'],
    ],
    [
      'category: process_creation',
      "sel:\n    EventID: 1\n    OriginalFileName: 'whoami.exe'\ncondition: sel",
      ['1', '1'],
    ],
    [
      'service: sysmon',
      "sel:\n    Computer: 'WIN-SRV01.contoso.local'\n    EventID: 255\ncondition: sel",
      ['255'],
    ],
  ])('product: windows, %s: %s', (logsource, detection, expected) => {
    expect(codes(`product: windows, ${logsource}`, detection)).toEqual(expected);
  });

  // sigma-appendix-taxonomy.md, "Windows Folder": the categories whose events come from Sysmon.
  it.each([
    'process_creation',
    'file_change',
    'network_connection',
    'sysmon_status',
    'process_termination',
    'driver_load',
    'image_load',
    'create_remote_thread',
    'raw_access_thread',
    'process_access',
    'file_event',
    'registry_event',
    'registry_add',
    'registry_delete',
    'registry_set',
    'registry_rename',
    'create_stream_hash',
    'pipe_created',
    'wmi_event',
    'dns_query',
    'file_delete',
    'clipboard_capture',
    'process_tampering',
    'file_delete_detected',
    'file_block_executable',
    'file_block_shredding',
    'file_executable_detected',
    'sysmon_error',
  ])('category %s reaches windows.sysmon', (category) => {
    const d = detector(rule(`product: windows, category: ${category}`, 'sel:\n    Image: x\ncondition: sel'));
    expect(d.unrouted).toEqual([]);
    expect(d.rules[0]!.datasets).toContain('windows.sysmon');
  });

  it.each(['category: file_access', 'service: application', 'service: taskscheduler', 'service: wmi'])(
    '%s, a log Vigil does not read, is reported as never firing',
    (logsource) => {
      const d = detector(rule(`product: windows, ${logsource}`, 'sel:\n    EventID: 1\ncondition: sel'));
      expect(d.unrouted.map((u) => u.logsource)).toEqual([`product: windows, ${logsource}`]);
    },
  );
});

describe('route value names in user mappings', () => {
  it.each([
    [{ 'winlog.event_data.MandatoryLabel': { 'S-1-16-12288': 'High' } }, []],
    [
      { 'winlog.event_data.MandatoryLabel': { 'S-1-16-12288': 7 } },
      [
        'm.logsources[0].routes[0].values.winlog.event_data.MandatoryLabel: must map event values to the values Sigma rules write',
      ],
    ],
    [['High'], ['m.logsources[0].routes[0].values: must map event fields to {event value: Sigma value}']],
  ])('%j', (values, problems) => {
    const json = {
      logsources: [{ logsource: { product: 'x' }, routes: [{ dataset: 'windows.security', values }] }],
    };
    expect(validateMappings(json, 'm')).toEqual(problems);
  });

  it('the default mappings pass their own check', () => {
    expect(validateMappings(JSON.parse(JSON.stringify(DEFAULT_MAPPINGS)), 'default')).toEqual([]);
    expect(
      compileErrors(
        rule(
          'product: windows, category: process_creation',
          'sel:\n    IntegrityLevel: High\ncondition: sel',
        ),
      ),
    ).toEqual([]);
  });
});

/** SigmaHQ's Windows Security rules, as copied into the shared corpus (see SOURCE.md there). */
const SIGMA_WINDOWS = fileURLToPath(
  new URL('../../../../shared/corpora/sigma/rules/windows/', import.meta.url),
);
const sigmaPresent = existsSync(SIGMA_WINDOWS);
if (!sigmaPresent) console.log(`skipping the SigmaHQ Windows rule checks: ${SIGMA_WINDOWS} is absent`);

describe.skipIf(!sigmaPresent)('SigmaHQ Security rules over Security log XML (shared corpus)', () => {
  // Each event of security-logons.xml by EventRecordID, and the SigmaHQ rules that must fire on it: nothing
  // else. Near misses: a private or empty source address, a status that is not on the list, a computer account.
  const expected: Record<number, string[]> = {
    101: ['External Remote RDP Logon from Public IP'],
    102: [],
    103: [],
    104: ['RDP Login from Localhost'],
    105: ['External Remote RDP Logon from Public IP'],
    106: [],
    107: [
      'Outgoing Logon with New Credentials',
      'Pass the Hash Activity 2',
      'Successful Overpass the Hash Attempt',
    ],
    108: ['Admin User Remote Logon', 'External Remote RDP Logon from Public IP'],
    109: ['Account Tampering - Suspicious Failed Logon Reasons', 'Failed Logon From Public IP'],
    110: ['Failed Logon From Public IP'],
    111: [
      'Hidden Local User Creation',
      'Local User Creation',
      "New or Renamed User Account with '$' Character",
    ],
    112: ['Local User Creation'],
    113: ['Local User Creation'],
    114: ['User Added to Local Administrator Group'],
    115: [],
    116: ['Security Eventlog Cleared'],
  };

  it('fire exactly on the events they describe', async () => {
    const { rules, errors } = loadSigmaRules([SIGMA_WINDOWS]);
    const d = compileRules(rules);
    expect([...errors, ...d.errors].map(formatSigmaError)).toEqual([]);
    expect(d.unrouted).toEqual([]);
    const got: Record<number, string[]> = {};
    for await (const e of parseInputs([`${FIXTURES}security-logons.xml`])) {
      got[Number(e['winlog.record_id'])] = d
        .process(e)
        .map((m) => m.title)
        .sort();
    }
    expect(got).toEqual(expected);
  });
});
