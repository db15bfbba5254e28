import { describe, expect, it } from 'vitest';
import { blockedBy, placeAllow, placeDeny } from '../../src/jit/placement.ts';
import type { RuleView } from '../../src/jit/security-rule.ts';

const rule = (
  name: string,
  priority: number,
  access: 'allow' | 'deny',
  ports = '*',
  direction: 'inbound' | 'outbound' = 'inbound',
): RuleView => ({
  name,
  priority,
  access,
  direction,
  ports:
    ports === '?'
      ? undefined
      : ports === '*'
        ? [{ from: 0, to: 65535 }]
        : ports.split(',').map((p) => ({ from: Number(p), to: Number(p) })),
});

const OWN = 'SecurityCenter-JITRule_1_0123456789ABCDEF0123456789ABCDEF';

describe('placeDeny', () => {
  it.each<[string, RuleView[], number[], number, string[]]>([
    ['an empty NSG: from 1000', [], [22], 1000, []],
    ['rules for other ports do not count', [rule('AllowHttps', 300, 'allow', '443')], [22], 1000, []],
    [
      '1000 taken: the next free',
      [rule('Other', 1000, 'allow', '443'), rule('Other2', 1001, 'deny', '80')],
      [22],
      1002,
      [],
    ],
    ['after an allow for the port', [rule('AllowSsh', 1200, 'allow', '22')], [22, 3389], 1201, ['AllowSsh']],
    ['after an allow for all ports', [rule('AllowAll', 500, 'allow')], [22], 1000, ['AllowAll']],
    [
      'after the last of several',
      [rule('A', 1500, 'allow', '3389'), rule('B', 2000, 'allow', '22')],
      [22, 3389],
      2001,
      ['A', 'B'],
    ],
    ['a deny for the port does not push it', [rule('DenySsh', 3000, 'deny', '22')], [22], 1000, []],
    ['unreadable ports count as covering', [rule('Odd', 1100, 'allow', '?')], [22], 1101, ['Odd']],
    ['outbound rules do not count', [rule('Out', 1000, 'allow', '22', 'outbound')], [22], 1000, []],
    [
      "JIT's own allow rules do not count",
      [rule('SecurityCenter-JITRule-5-0123456789ABCDEF0123456789ABCDEF', 1500, 'allow', '22')],
      [22],
      1000,
      [],
    ],
    ['its own earlier copy does not block it', [rule(OWN, 1000, 'deny', '22')], [22], 1000, []],
  ])('%s', (_, rules, ports, priority, opened) => {
    const placed = placeDeny(rules, ports, OWN);
    expect(placed).toMatchObject({ ok: true, priority });
    expect(placed.openedBefore.map((r) => r.name)).toEqual(opened);
  });

  it('says so when nothing is free after the existing allow', () => {
    const placed = placeDeny([rule('AllowSsh', 4096, 'allow', '22')], [22], OWN);
    expect(placed).toMatchObject({ ok: false, message: 'no free inbound priority between 4097 and 4096' });
  });
});

describe('placeAllow', () => {
  it.each<[string, RuleView[], number, number[], number | undefined]>([
    ['an empty NSG: 100', [], 1000, [], 100],
    [
      'the lowest free',
      [rule('A', 100, 'allow'), rule('B', 101, 'allow'), rule('C', 103, 'allow')],
      1000,
      [],
      102,
    ],
    ['skips what this request reserved', [], 1000, [100, 101], 102],
    ['outbound priorities are free inbound', [rule('Out', 100, 'allow', '*', 'outbound')], 1000, [], 100],
    ['nothing free before the deny', [rule('A', 100, 'allow'), rule('B', 101, 'allow')], 102, [], undefined],
  ])('%s', (_, rules, deny, reserved, expected) => {
    expect(placeAllow(rules, deny, new Set(reserved))).toBe(expected);
  });
});

it('finds deny rules that would block a grant', () => {
  const rules = [
    rule('DenySsh', 100, 'deny', '22'),
    rule('DenyRdp', 101, 'deny', '3389'),
    rule('LateDeny', 500, 'deny'),
  ];
  expect(blockedBy(rules, 102, 22).map((r) => r.name)).toEqual(['DenySsh']);
});
