import { describe, expect, it } from 'vitest';
import type { ThreatEvent } from '../../../src/threats/event.ts';
import { enrichEvent, IpMatcher, parsePlainList, readStixBundle } from '../../../src/threats/intel/index.ts';
import type { JsonValue } from '../../../src/util/json.ts';
import { readFixture } from './helpers.ts';

const list = parsePlainList(readFixture('blocklist.txt'), 'blocklist.txt', 'blocklist.txt').indicators;
const stix = readStixBundle(
  JSON.parse(readFixture('contoso-ti.stix.json')) as JsonValue,
  'ti.json',
  'ti.json',
).indicators;
const matcher = new IpMatcher([...list, ...stix]);

function event(fields: Record<string, string>): ThreatEvent {
  return {
    '@timestamp': '2024-03-02T12:00:00.000Z',
    'event.dataset': 'azure.nsgflow',
    'log.original': 'x',
    'log.file.path': 'flows.json',
    'log.file.line': 1,
    ...fields,
  };
}

describe('enrichEvent', () => {
  it('sets the ECS threat fields when the source address is listed', () => {
    const original = event({ 'source.ip': '203.0.113.7', 'destination.ip': '10.0.0.4' });
    const enriched = enrichEvent(matcher, original);
    expect(enriched).toMatchObject({
      'threat.indicator.ip': '203.0.113.7',
      'threat.indicator.matched.field': 'source.ip',
      'threat.indicator.name': '203.0.113.7',
      'threat.indicator.type': 'ipv4-addr',
      'threat.feed.name': 'blocklist.txt',
    });
    expect(enriched['threat.indicator.id']).toBeUndefined();
    expect(original['threat.feed.name']).toBeUndefined(); // events are read-only: a copy is enriched
  });

  it('matches the destination address, naming the network entry that lists it', () => {
    const enriched = enrichEvent(
      matcher,
      event({ 'source.ip': '10.0.0.4', 'destination.ip': '198.51.100.225' }),
    );
    expect(enriched).toMatchObject({
      'threat.indicator.ip': '198.51.100.225',
      'threat.indicator.matched.field': 'destination.ip',
      'threat.indicator.name': '198.51.100.0/24',
    });
  });

  it('reports the source when both addresses are listed', () => {
    const enriched = enrichEvent(
      matcher,
      event({ 'source.ip': '192.0.2.77', 'destination.ip': '203.0.113.7' }),
    );
    expect(enriched['threat.indicator.matched.field']).toBe('source.ip');
    expect(enriched['threat.indicator.ip']).toBe('192.0.2.77');
  });

  it('names the STIX creator as the feed, with the indicator id, for IPv6 too', () => {
    const enriched = enrichEvent(
      matcher,
      event({ 'source.ip': '2001:db8::7', 'destination.ip': '10.1.0.4' }),
    );
    expect(enriched).toMatchObject({
      'threat.indicator.ip': '2001:db8::7',
      'threat.indicator.type': 'ipv6-addr',
      'threat.feed.name': 'Contoso TI',
      'threat.indicator.id': 'indicator--00000000-0000-4000-8000-000000000003',
    });
  });

  it('holds STIX validity against the event time', () => {
    const listed = { 'source.ip': '192.0.2.50' };
    expect(enrichEvent(matcher, event(listed))['threat.feed.name']).toBeUndefined(); // expired by 2024
    const in2020 = { ...event(listed), '@timestamp': '2020-06-01T00:00:00.000Z' };
    expect(enrichEvent(matcher, in2020)['threat.feed.name']).toBe('Contoso TI');
  });

  it('returns the same event object when no address is listed', () => {
    const original = event({ 'source.ip': '10.0.0.4', 'destination.ip': '10.0.0.5' });
    expect(enrichEvent(matcher, original)).toBe(original);
    const noAddress = event({});
    expect(enrichEvent(matcher, noAddress)).toBe(noAddress);
  });
});
