import type { AddressRange } from './network.ts';

/** One address or network a feed lists as malicious, with where it came from and when it holds. */
export interface IpIndicator extends AddressRange {
  /** The feed's name: the list file's name, or the STIX identity that created the indicator. */
  feed: string;
  /** The entry as the feed wrote it (`203.0.113.0/24`). */
  value: string;
  file: string;
  /** Line in a list file. */
  line?: number;
  /** STIX indicator id. */
  indicatorId?: string;
  /** STIX `valid_from` / `valid_until` in epoch milliseconds: the indicator holds for events in [from, until). */
  validFrom?: number;
  validUntil?: number;
}
