import { describe, expect, it } from 'vitest';
import { EntitySet, entityKey } from '../../../src/threats/alerts/entities.ts';
import type { ThreatEvent } from '../../../src/threats/event.ts';

function ev(fields: Record<string, string>): ThreatEvent {
  return {
    '@timestamp': '2024-05-01T10:00:00.000Z',
    'event.dataset': 'linux.auth',
    'log.original': '',
    'log.file.path': 'auth.log',
    'log.file.line': 1,
    ...fields,
  };
}

describe('entityKey', () => {
  it("a detection's key: hosts, sources and accounts, each once, sorted", () => {
    const events = [
      ev({ 'host.name': 'web', 'source.ip': '203.0.113.9', 'user.name': 'root' }),
      ev({ 'host.name': 'web', 'source.ip': '203.0.113.9', 'user.name': 'alice', 'user.domain': 'CORP' }),
    ];
    expect(entityKey(events, undefined)).toBe(
      ['a=corp\\alice', 'a=root', 'h=web', 's=203.0.113.9'].join('\u0000'),
    );
  });

  it("a correlation's key is its hosts and group, however many members it has", () => {
    const member = (i: number) =>
      ev({ 'host.name': i % 2 === 0 ? 'web' : 'db', 'source.ip': `198.51.100.${i}` });
    const group = { 'source.ip': '198.51.100.7' };
    const few = entityKey([0, 1, 2].map(member), group);
    expect(few).toBe(['g:source.ip=198.51.100.7', 'h=db', 'h=web'].join('\u0000'));
    expect(
      entityKey(
        Array.from({ length: 40 }, (_, i) => member(i)),
        group,
      ),
    ).toBe(few);
    expect(entityKey([member(0)], {})).toBe('h=web');
    // A brute force's source however written: Windows logs an IPv4 client of a dual-stack socket mapped.
    expect(entityKey([member(0)], { 'source.ip': '::FFFF:198.51.100.7' })).toBe(
      entityKey([member(0)], { 'source.ip': '198.51.100.7' }),
    );
  });
});

describe('entityKey: case', () => {
  it.each([
    ['a host name', { 'host.name': 'VM-01' }, { 'host.name': 'vm-01' }, true],
    [
      'an Azure resource id',
      { 'azure.resource.id': '/SUBSCRIPTIONS/S/RESOURCEGROUPS/RG' },
      { 'azure.resource.id': '/subscriptions/s/resourceGroups/rg' },
      true,
    ],
    ['an account name', { 'user.name': 'Admin' }, { 'user.name': 'admin' }, false],
    // Windows SAM and domain names and user principal names are case-insensitive; Linux names are not.
    [
      'a domain account',
      { 'user.name': 'Alice', 'user.domain': 'CONTOSO' },
      { 'user.name': 'alice', 'user.domain': 'contoso' },
      true,
    ],
    ['a UPN', { 'user.name': 'Alice@Contoso.com' }, { 'user.name': 'alice@contoso.com' }, true],
    [
      'a Windows account without a domain',
      { 'event.dataset': 'windows.security', 'user.name': 'Administrator' },
      { 'event.dataset': 'windows.security', 'user.name': 'administrator' },
      true,
    ],
    ['a source address', { 'source.ip': '::ffff:203.0.113.5' }, { 'source.ip': '203.0.113.5' }, true],
    ['an IPv6 source', { 'source.ip': '2001:DB8:0:0::5' }, { 'source.ip': '2001:db8::5' }, true],
    [
      'a UPN given with a domain',
      { 'user.name': 'alice@contoso.com', 'user.domain': 'CONTOSO' },
      { 'user.name': 'alice@contoso.com' },
      true,
    ],
    ['two addresses', { 'source.ip': '203.0.113.5' }, { 'source.ip': '203.0.113.6' }, false],
    ['two domain accounts', { 'user.name': 'CONTOSO\\alice' }, { 'user.name': 'CONTOSO\\bob' }, false],
  ])('%s in two cases is the same entity: %s', (_what, left, right, same) => {
    expect(entityKey([ev(left)], undefined) === entityKey([ev(right)], undefined)).toBe(same);
  });
});

describe('EntitySet: one entity however written', () => {
  it.each([
    [
      'accounts',
      ['CONTOSO\\Alice', 'contoso\\alice', 'NT AUTHORITY\\SYSTEM'],
      ['CONTOSO\\Alice', 'NT AUTHORITY\\SYSTEM'],
    ],
    ['accounts', ['Alice@Contoso.com', 'alice@contoso.com'], ['Alice@Contoso.com']],
    ['accounts', ['alice@contoso.com', 'CONTOSO\\alice'], ['alice@contoso.com', 'CONTOSO\\alice']],
    ['accounts', ['Admin', 'admin', '-'], ['Admin', 'admin']],
    ['accounts', ['WEB01$', 'web01$'], ['WEB01$', 'web01$']],
    ['sourceIps', ['::ffff:203.0.113.5', '203.0.113.5', '::FFFF:203.0.113.5'], ['203.0.113.5']],
    ['sourceIps', ['2001:DB8:0:0:0:0:0:5', '2001:db8::5', '[2001:db8::5]'], ['2001:db8::5']],
    ['sourceIps', ['FE80::1%eth0', 'fe80::1%eth0', 'fe80::1'], ['fe80::1%eth0', 'fe80::1']],
    ['sourceIps', ['::1', '127.0.0.1', '-', 'not-an-address:x'], ['::1', '127.0.0.1', 'not-an-address:x']],
  ] as const)('%s %j are listed as %j', (kind, values, listed) => {
    const set = new EntitySet(50);
    const field = kind === 'accounts' ? 'user.name' : 'source.ip';
    for (const value of values) set.addEvent(ev({ [field]: value }));
    expect(set.toJSON()[kind]).toEqual(listed);
  });

  it('folds the accounts of a Windows log in any case, domain or not', () => {
    const set = new EntitySet(50);
    for (const name of ['Administrator', 'ADMINISTRATOR'])
      set.addEvent(ev({ 'event.dataset': 'windows.security', 'user.name': name }));
    expect(set.toJSON().accounts).toEqual(['Administrator']);
  });
});

describe('EntitySet', () => {
  it('keeps each value once, in first-seen order, and says which kinds were cut', () => {
    const set = new EntitySet(2);
    for (const ip of ['192.0.2.1', '192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.3', '192.0.2.1']) {
      set.addEvent(ev({ 'host.name': 'web', 'source.ip': ip, 'user.name': 'root' }));
    }
    const out = set.toJSON();
    expect(out.hosts).toEqual(['web']);
    expect(out.sourceIps).toEqual(['192.0.2.1', '192.0.2.2']);
    expect(out.accounts).toEqual(['root']);
    expect(out.truncated).toEqual(['ips', 'sourceIps']);
  });
});
