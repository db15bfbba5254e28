import { ipv6Text } from '../../util/ipv6-text.ts';
import { parseIp } from '../sigma/cidr.ts';

const V4_MAPPED = 0xffffn;

let lastText = '';
let lastEntity = '';

/**
 * An address as one entity however a log writes it: an IPv4 client of a dual-stack socket as its IPv4
 * address (Windows' 4624/4625 write `::ffff:203.0.113.5`, auth.log `203.0.113.5`), IPv6 in RFC 5952 form
 * (`2001:DB8:0:0::5` is `2001:db8::5`), a zone index kept. IPv4 text and values that are no address are
 * returned as given. An IP entity is identified by its `Address` alone
 * (https://learn.microsoft.com/azure/sentinel/entities-reference, "Entity types and identifiers").
 */
export function ipEntity(value: unknown): unknown {
  if (typeof value !== 'string' || value.indexOf(':') === -1) return value;
  // One alert's events mostly repeat their address: parsing is a bigint walk, so the last one is kept.
  if (value === lastText) return lastEntity;
  const ip = parseIp(value);
  let entity = value;
  if (ip !== null) {
    if (ip >> 32n === V4_MAPPED) entity = [24n, 16n, 8n, 0n].map((s) => (ip >> s) & 0xffn).join('.');
    else {
      const groups = Array.from({ length: 8 }, (_, i) => Number((ip >> BigInt(112 - 16 * i)) & 0xffffn));
      const zone = value.indexOf('%');
      entity = ipv6Text(groups) + (zone === -1 ? '' : value.slice(zone).replace(/\]$/, ''));
    }
  }
  lastText = value;
  lastEntity = entity;
  return entity;
}
