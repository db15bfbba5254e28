import { describe, expect, it } from 'vitest';
import { enableInputFromFlags } from '../../src/jit/enable-flags.ts';
import { JitInputError } from '../../src/jit/errors.ts';
import {
  allowedSources,
  checkNameLength,
  findSnapshotPolicy,
  policyIdFor,
  readPortRule,
  readPortRules,
} from '../../src/jit/policy.ts';
import type { JsonValue } from '../../src/util/json.ts';
import { loadEstate, WEB_01 } from './support/estate.ts';

const VALID = {
  number: 22,
  protocol: 'TCP',
  allowedSourceAddressPrefix: '*',
  maxRequestAccessDuration: 'PT3H',
};

describe('port rules (JitNetworkAccessPortRule)', () => {
  it('reads a valid rule and normalises protocol and duration case', () => {
    expect(readPortRule({ ...VALID, protocol: 'tcp', maxRequestAccessDuration: 'pt3h' }, 'p')).toEqual({
      rule: {
        number: 22,
        protocol: 'TCP',
        allowedSourceAddressPrefix: '*',
        maxRequestAccessDuration: 'PT3H',
      },
      problems: [],
    });
  });

  it('takes a list of sources in the plural field', () => {
    const { rule } = readPortRule(
      {
        ...VALID,
        allowedSourceAddressPrefix: undefined,
        allowedSourceAddressPrefixes: ['203.0.113.0/24', '198.51.100.7'],
      } as never,
      'p',
    );
    expect(rule && allowedSources(rule)).toEqual(['203.0.113.0/24', '198.51.100.7']);
  });

  it('ignores the unused source field when ARM returns it empty', () => {
    expect(readPortRule({ ...VALID, allowedSourceAddressPrefixes: [] }, 'p').problems).toEqual([]);
    expect(readPortRule({ ...VALID, allowedSourceAddressPrefixes: null }, 'p').problems).toEqual([]);
  });

  it.each<[string, Record<string, JsonValue | undefined>, string, string]>([
    ['port out of range', { number: 70000 }, 'p.number', 'integer 0 to 65535'],
    ['port not a number', { number: '22' }, 'p.number', 'integer 0 to 65535'],
    ['unknown protocol', { protocol: 'ICMP' }, 'p.protocol', 'TCP, UDP or *'],
    ['no duration', { maxRequestAccessDuration: undefined }, 'p.maxRequestAccessDuration', 'required'],
    [
      'duration under PT5M',
      { maxRequestAccessDuration: 'PT4M' },
      'p.maxRequestAccessDuration',
      'between PT5M and P1D',
    ],
    [
      'duration over P1D',
      { maxRequestAccessDuration: 'PT25H' },
      'p.maxRequestAccessDuration',
      'between PT5M and P1D',
    ],
    ['months', { maxRequestAccessDuration: 'P1M' }, 'p.maxRequestAccessDuration', 'no fixed length'],
    [
      'both source fields',
      { allowedSourceAddressPrefixes: ['1.2.3.4'] },
      'p.allowedSourceAddressPrefixes',
      'mutually exclusive',
    ],
    [
      'no source field',
      { allowedSourceAddressPrefix: undefined },
      'p.allowedSourceAddressPrefix',
      'give allowedSourceAddressPrefix',
    ],
    [
      'list in the singular field',
      { allowedSourceAddressPrefix: ['1.2.3.4'] },
      'p.allowedSourceAddressPrefix',
      'must be a string',
    ],
    [
      'service tag as source',
      { allowedSourceAddressPrefix: 'Internet' },
      'p.allowedSourceAddressPrefix',
      'not a valid IPv4',
    ],
    [
      'host bits set',
      { allowedSourceAddressPrefix: '10.1.2.3/8' },
      'p.allowedSourceAddressPrefix',
      'host bits set',
    ],
  ])('refuses %s, naming the field', (_, patch, field, message) => {
    const value = Object.fromEntries(
      Object.entries({ ...VALID, ...patch }).filter(([, v]) => v !== undefined),
    ) as Record<string, JsonValue>;
    const { rule, problems } = readPortRule(value, 'p');
    expect(rule).toBeUndefined();
    expect(problems).toContainEqual({ field, message: expect.stringContaining(message) });
  });

  it('refuses an empty port list and a port listed twice', () => {
    expect(readPortRules([], 'ports').problems[0]?.message).toContain('at least one port');
    expect(readPortRules([VALID, VALID], 'ports').problems).toEqual([
      { field: 'ports[1].number', message: 'port 22 is listed twice' },
    ]);
  });
});

describe('policy name and location', () => {
  it('allows policy name + VM name up to 56 characters', () => {
    expect(checkNameLength('default', 'v'.repeat(49))).toBeUndefined();
    expect(checkNameLength('default', 'v'.repeat(50))?.message).toContain(
      '57 characters together; Defender allows at most 56',
    );
  });

  it("puts Vigil's policy in the VM's resource group at its location", () => {
    expect(policyIdFor(WEB_01, 'eastus')).toBe(
      '/subscriptions/5f3b1c9e-2d4a-4e8b-9c71-0a6d2e8f4b13/resourceGroups/rg-prod-web/providers/Microsoft.Security/locations/eastus/jitNetworkAccessPolicies/default',
    );
  });
});

describe('policies in a snapshot', () => {
  it("finds the VM's entry by ID in any casing", async () => {
    const inventory = await loadEstate();
    const found = findSnapshotPolicy(inventory, WEB_01.toUpperCase());
    expect(found?.policy).toMatchObject({ name: 'default', location: 'eastus', source: 'snapshot' });
    expect(found?.ports.map((p) => [p.number, p.protocol, p.maxRequestAccessDuration])).toEqual([
      [22, 'TCP', 'PT3H'],
      [3389, '*', 'PT1H'],
    ]);
    expect(found?.problems).toEqual([]);
    expect(findSnapshotPolicy(inventory, WEB_01.replace('vm-web-01', 'vm-web-02'))).toBeUndefined();
  });
});

describe('a policy from command-line flags', () => {
  it("uses Defender's defaults: protocol *, any source, three hours", () => {
    expect(
      enableInputFromFlags({
        vm: 'v',
        ports: ['22,3389'],
        protocol: undefined,
        sources: [],
        maxDuration: undefined,
        user: 'u',
      }).ports,
    ).toEqual([
      { number: 22, protocol: '*', allowedSourceAddressPrefix: '*', maxRequestAccessDuration: 'PT3H' },
      { number: 3389, protocol: '*', allowedSourceAddressPrefix: '*', maxRequestAccessDuration: 'PT3H' },
    ]);
  });

  it('puts several sources in the plural field', () => {
    const input = enableInputFromFlags({
      vm: 'v',
      ports: ['22'],
      protocol: 'tcp',
      sources: ['10.0.0.0/8', '192.0.2.1'],
      maxDuration: 'PT1H',
      user: 'u',
    });
    expect(input.ports[0]).toEqual({
      number: 22,
      protocol: 'TCP',
      allowedSourceAddressPrefixes: ['10.0.0.0/8', '192.0.2.1'],
      maxRequestAccessDuration: 'PT1H',
    });
  });

  it('refuses a bad port or protocol as bad input', () => {
    expect(() =>
      enableInputFromFlags({
        vm: 'v',
        ports: ['22,ssh'],
        protocol: 'ICMP',
        sources: [],
        maxDuration: undefined,
        user: 'u',
      }),
    ).toThrow(
      new JitInputError([
        "--ports 'ssh' is not a port number (0 to 65535)",
        "--protocol must be TCP, UDP or *, not 'ICMP'",
      ]),
    );
  });
});
