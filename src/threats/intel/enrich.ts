import type { ThreatEvent } from '../event.ts';
import type { IpIndicator } from './indicator.ts';
import type { IpMatcher } from './matcher.ts';

/** The event fields looked up, in this order: the first that is listed is the one reported. */
export const MATCHED_FIELDS = ['source.ip', 'destination.ip'] as const;

/**
 * The event with ECS threat fields added when its source or destination address is on a feed (before
 * detection, so that rules match on them); the same event object otherwise. Events are read-only (see
 * event.ts), so a listed one is copied. The fields, as the built-in intel rules expect them:
 * - `threat.indicator.ip`: the listed address as the event wrote it;
 * - `threat.indicator.matched.field`: `source.ip` or `destination.ip` (source first when both are listed);
 * - `threat.feed.name`: the feed; `threat.indicator.name`: the entry as the feed wrote it (an address or
 *   network); `threat.indicator.type`: `ipv4-addr` or `ipv6-addr` (ECS's STIX-based values);
 *   `threat.indicator.id`: the STIX indicator id, for STIX feeds.
 */
export function enrichEvent(matcher: IpMatcher, event: ThreatEvent): ThreatEvent {
  for (const field of MATCHED_FIELDS) {
    const address = event[field];
    if (typeof address !== 'string') continue;
    const candidates = matcher.candidates(address);
    if (candidates.length === 0) continue;
    const indicator = matcher.match(address, timeOf(event, candidates));
    if (indicator) return withThreat(event, field, address, indicator);
  }
  return event;
}

/** Parsing the timestamp only when a listed entry has a validity window. */
function timeOf(event: ThreatEvent, candidates: readonly IpIndicator[]): number {
  for (const c of candidates) {
    if (c.validFrom !== undefined || c.validUntil !== undefined) return Date.parse(event['@timestamp']);
  }
  return Number.NaN;
}

function withThreat(event: ThreatEvent, field: string, address: string, indicator: IpIndicator): ThreatEvent {
  const enriched: ThreatEvent = {
    ...event,
    'threat.indicator.ip': address,
    'threat.indicator.matched.field': field,
    'threat.indicator.matched.atomic': address,
    'threat.indicator.name': indicator.value,
    'threat.indicator.type': address.includes(':') && !isMappedIpv4(address) ? 'ipv6-addr' : 'ipv4-addr',
    'threat.feed.name': indicator.feed,
  };
  if (indicator.indicatorId !== undefined) enriched['threat.indicator.id'] = indicator.indicatorId;
  return enriched;
}

function isMappedIpv4(address: string): boolean {
  return address.includes('.');
}
