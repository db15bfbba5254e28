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
      ['a=CORP\\alice', 'a=root', 'h=web', 's=203.0.113.9'].join('\u0000'),
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
  ])('%s in two cases is the same entity: %s', (_what, left, right, same) => {
    expect(entityKey([ev(left)], undefined) === entityKey([ev(right)], undefined)).toBe(same);
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
