import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IpMatcher, readStixBundle } from '../../../src/threats/intel/index.ts';
import type { JsonValue } from '../../../src/util/json.ts';
import { readFixture } from './helpers.ts';

const bundle = (name: string) => JSON.parse(readFixture(name)) as JsonValue;
const id = (n: number) => `indicator--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('readStixBundle', () => {
  const read = readStixBundle(bundle('contoso-ti.stix.json'), 'ti.json', 'ti.json');
  const matcher = new IpMatcher(read.indicators);
  const at = (iso: string) => Date.parse(iso);

  it('reads ipv4-addr and ipv6-addr comparisons: =, ISSUBSET, IN, and OR inside and between observations', () => {
    expect(read.errors).toEqual([]);
    const values = read.indicators.map((i) => `${i.indicatorId!.slice(-2)} ${i.value}`);
    expect(values).toEqual([
      '01 203.0.113.50',
      '02 2001:db8:c0de::/48',
      '03 198.51.100.10',
      '03 198.51.100.11',
      '03 2001:db8::7',
      '04 192.0.2.30',
      '04 192.0.2.31',
      '06 192.0.2.50',
      '08 192.0.2.60',
      '10 192.0.2.81',
      '12 192.0.2.90',
    ]);
  });

  it('names the feed after the identity that created the indicator, else the file', () => {
    const feedOf = (n: number) => read.indicators.find((i) => i.indicatorId === id(n))?.feed;
    expect(feedOf(1)).toBe('Contoso TI');
    expect(feedOf(12)).toBe('ti.json');
  });

  it('does not use revoked indicators, and counts them', () => {
    expect(read.revoked).toBe(1);
    expect(matcher.match('192.0.2.40', at('2024-03-02T12:00:00Z'))).toBeUndefined();
  });

  it('matches an indicator only for events in [valid_from, valid_until)', () => {
    expect(matcher.match('192.0.2.50', at('2020-06-01T00:00:00Z'))?.indicatorId).toBe(id(6));
    expect(matcher.match('192.0.2.50', at('2021-01-01T00:00:00Z'))).toBeUndefined(); // valid_until excluded
    expect(matcher.match('192.0.2.50', at('2024-03-02T12:00:00Z'))).toBeUndefined(); // expired
    expect(matcher.match('192.0.2.50', at('2019-12-31T23:59:59Z'))).toBeUndefined(); // not yet valid
    expect(matcher.match('203.0.113.50', at('2023-12-31T23:59:59Z'))).toBeUndefined();
    expect(matcher.match('203.0.113.50', at('2024-01-01T00:00:00Z'))?.feed).toBe('Contoso TI');
    // Without a usable event time, only entries without a window can match.
    expect(matcher.match('203.0.113.50', Number.NaN)).toBeUndefined();
  });

  it('keeps the latest version of an indicator (by modified)', () => {
    expect(matcher.match('192.0.2.81', at('2024-03-02T00:00:00Z'))).toBeDefined();
    expect(matcher.match('192.0.2.80', at('2024-03-02T00:00:00Z'))).toBeUndefined();
  });

  it('warns, naming the indicator, about patterns it cannot match or matches only in part', () => {
    const warningFor = (n: number) => read.warnings.filter((w) => w.message.includes(id(n)));
    expect(read.notIp).toBe(1);
    expect(warningFor(7)[0]!.message).toMatch(/names no IP address \(domain-name:value\)/);
    expect(warningFor(8)[0]!.message).toMatch(/only the IP addresses .* domain-name:value is not/);
    expect(warningFor(9)[0]!.message).toMatch(/not supported \(AND between comparisons\)/);
    expect(warningFor(11)[0]!.message).toMatch(/pattern_type 'sigma' is not supported/);
    for (const w of read.warnings) expect(w.pointer).toMatch(/^\/objects\/\d+$/);
    expect(matcher.match('192.0.2.70', at('2024-03-02T00:00:00Z'))).toBeUndefined();
  });

  it('reports malformed indicators with file and JSON pointer, and keeps the rest', () => {
    const bad = readStixBundle(bundle('stix-bad-objects.json'), 'bad.json', 'bad.json');
    const where = bad.errors.map((e) => `${e.file} ${e.pointer}: ${e.message}`);
    expect(where).toEqual([
      'bad.json /objects/0: expected a STIX object',
      'bad.json /objects/1: indicator without an id',
      'bad.json /objects/2: indicator indicator--00000000-0000-4000-8000-0000000000b1: has no pattern',
      expect.stringMatching(/^bad\.json \/objects\/3: .*valid_until is not later than valid_from/),
      expect.stringMatching(/^bad\.json \/objects\/4: .*192\.0\.2\.300/),
      expect.stringMatching(/^bad\.json \/objects\/5: .*valid_from 'yesterday' is not a timestamp/),
    ]);
    expect(bad.indicators).toEqual([]);
  });

  it('rejects a document that is not a bundle', () => {
    const read = readStixBundle({ type: 'indicator' }, 'one.json', 'one.json');
    expect(read.errors).toEqual([
      {
        file: 'one.json',
        message:
          'expected a STIX bundle {"type": "bundle", "objects": [...]} or a TAXII envelope {"objects": [...]}',
      },
    ]);
  });
});

describe('readStixBundle validity timestamps', () => {
  const indicator = (validUntil: string) => ({
    type: 'bundle',
    objects: [
      {
        type: 'indicator',
        id: 'indicator--7e1b9b6a-1c0e-4f5e-9a55-000000000c01',
        modified: '2025-01-01T00:00:00Z',
        pattern_type: 'stix',
        pattern: "[ipv4-addr:value = '192.0.2.44']",
        valid_from: '2025-01-01T00:00:00Z',
        valid_until: validUntil,
      },
    ],
  });
  const zone = process.env.TZ;
  beforeAll(() => {
    // STIX timestamps are UTC (STIX 2.1 §3.2): the machine's zone must not move them.
    process.env.TZ = 'America/Los_Angeles';
  });
  afterAll(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  it.each([
    ['2025-03-02T11:58:07Z', '2025-03-02T11:58:07Z'],
    ['2025-03-02T11:58:07.000000Z', '2025-03-02T11:58:07Z'],
    ['2025-03-02T11:58:07', '2025-03-02T11:58:07Z'], // no zone written: still UTC
    ['2025-03-02T12:58:07+01:00', '2025-03-02T11:58:07Z'],
  ])('valid_until %s ends the indicator at %s', (validUntil, end) => {
    const read = readStixBundle(indicator(validUntil), 'ti.json', 'ti.json');
    expect(read.errors).toEqual([]);
    const matcher = new IpMatcher(read.indicators);
    expect(matcher.match('192.0.2.44', Date.parse(end) - 1)).toBeDefined();
    expect(matcher.match('192.0.2.44', Date.parse(end))).toBeUndefined();
  });

  it.each(['Mar 2 2025', '2025-03-02 11:58:07', '1741000000'])(
    'valid_until %s is not a timestamp',
    (text) => {
      const read = readStixBundle(indicator(text), 'ti.json', 'ti.json');
      expect(read.indicators).toEqual([]);
      expect(read.errors[0]!.message).toMatch(/valid_until .* is not a timestamp/);
    },
  );
});
