/**
 * Offline threat intelligence: IP/CIDR lists and STIX 2.1 indicator bundles (loadIntelFeeds), matched
 * against every event's source and destination address (enrichEvent) before detection. docs/threats.md
 * describes the feed formats and the fields an enriched event carries.
 */
export { enrichEvent, MATCHED_FIELDS } from './enrich.ts';
export type { IpIndicator } from './indicator.ts';
export { type FeedSummary, type IntelFeeds, loadIntelFeeds } from './load.ts';
export { IpMatcher } from './matcher.ts';
export { type AddressRange, parseAddressRange } from './network.ts';
export { parsePlainList } from './plain-list.ts';
export { readStixBundle, type StixRead } from './stix.ts';
export { type IpPattern, PatternUnsupported, parseIpPattern } from './stix-pattern.ts';
