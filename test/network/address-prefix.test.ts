import { describe, expect, it } from 'vitest';
import { parseAddressTerm } from '../../src/network/address-prefix.ts';
import { ALL_ADDRESSES, ALL_IPV4, ALL_IPV6, toCidrs } from '../../src/network/address-set.ts';

describe('parseAddressTerm', () => {
  it.each([
    ['*', ALL_ADDRESSES],
    ['Any', ALL_ADDRESSES],
    ['any', ALL_ADDRESSES],
    ['0.0.0.0/0', ALL_IPV4],
    ['::/0', ALL_IPV6],
  ])('%s is every address of its kind', (text, expected) => {
    expect(parseAddressTerm(text)).toEqual({ kind: 'addresses', set: expected });
  });

  it.each([
    ['10.0.1.4', '10.0.1.4/32'],
    ['10.0.1.0/24', '10.0.1.0/24'],
    [' 10.0.1.0/24 ', '10.0.1.0/24'],
    ['10.0.1.77/24', '10.0.1.0/24'],
    ['2001:db8::/32', '2001:db8::/32'],
    ['2001:db8::1', '2001:db8::1/128'],
  ])('%j is the block %s', (text, cidr) => {
    const term = parseAddressTerm(text);
    expect(term?.kind).toBe('addresses');
    expect(term?.kind === 'addresses' && toCidrs(term.set)).toEqual([cidr]);
  });

  it.each([
    ['Internet', 'Internet'],
    ['internet', 'Internet'],
    ['INTERNET', 'Internet'],
    ['VirtualNetwork', 'VirtualNetwork'],
    ['VIRTUAL_NETWORK', 'VirtualNetwork'],
    ['AzureLoadBalancer', 'AzureLoadBalancer'],
    ['AZURE_LOADBALANCER', 'AzureLoadBalancer'],
    ['azureplatformdns', 'AzurePlatformDNS'],
    ['AzurePlatformIMDS', 'AzurePlatformIMDS'],
    ['AzurePlatformLKM', 'AzurePlatformLKM'],
  ])('%s is the service tag %s, whatever its case', (text, tag) => {
    expect(parseAddressTerm(text)).toEqual({ kind: 'tag', tag });
  });

  it.each(['Storage', 'Storage.WestEurope', 'AzureFrontDoor.Backend', 'Sql.EastUS2'])(
    '%s is a service tag Vigil has no prefixes for',
    (text) => {
      expect(parseAddressTerm(text)).toEqual({ kind: 'other-tag', tag: text });
    },
  );

  it.each([
    '10.0.0.0/33',
    '10.0.0.0/-1',
    '10.0.0.0/',
    '300.1.1.1',
    '10.0.0.1-10.0.0.9',
    '2001:db8::/129',
    '',
    '1abc',
    'a b',
  ])('rejects %j', (text) => {
    expect(parseAddressTerm(text)).toBeUndefined();
  });
});
