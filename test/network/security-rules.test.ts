import { describe, expect, it } from 'vitest';
import { readNsgRules } from '../../src/network/security-rules.ts';
import { nsg, type Rule } from './network-estate.ts';

describe('readNsgRules', () => {
  it("adds Azure's six default rules when the JSON has none (an ARM template), ordered by priority per direction", () => {
    const rules = readNsgRules(
      nsg(
        'nsg-t',
        [
          { name: 'later', priority: 400, ports: '443' },
          { name: 'earlier', priority: 100, ports: '22' },
          { name: 'out', priority: 100, ports: '443', direction: 'Outbound' },
        ],
        { defaults: false },
      ),
    );
    expect(rules.inbound.map((r) => [r.name, r.priority, r.isDefault])).toEqual([
      ['earlier', 100, false],
      ['later', 400, false],
      ['AllowVnetInBound', 65000, true],
      ['AllowAzureLoadBalancerInBound', 65001, true],
      ['DenyAllInBound', 65500, true],
    ]);
    expect(rules.outbound.map((r) => r.name)).toEqual([
      'out',
      'AllowVnetOutBound',
      'AllowInternetOutBound',
      'DenyAllOutBound',
    ]);
    expect(rules.problems).toEqual([]);
  });

  it('keeps the default rules the JSON lists and adds only the missing ones', () => {
    const resource = nsg('nsg-d', []);
    const properties = resource.properties as { defaultSecurityRules: { name: string }[] };
    properties.defaultSecurityRules = properties.defaultSecurityRules.filter(
      (r) => r.name !== 'DenyAllOutBound',
    );
    const rules = readNsgRules(resource);
    expect(rules.outbound.map((r) => [r.name, r.field])).toEqual([
      ['AllowVnetOutBound', 'properties.defaultSecurityRules[3]'],
      ['AllowInternetOutBound', 'properties.defaultSecurityRules[4]'],
      ['DenyAllOutBound', '(Azure default rule DenyAllOutBound)'],
    ]);
  });

  it('reads singular and plural fields together, and ASGs lower-cased', () => {
    const [rule] = readNsgRules(
      nsg('nsg-p', [
        {
          name: 'mixed',
          properties: {
            protocol: 'TCP',
            access: 'allow',
            direction: 'inbound',
            priority: '150',
            sourceAddressPrefixes: ['203.0.113.0/24', 'Internet'],
            sourcePortRange: '1024-65535',
            destinationApplicationSecurityGroups: [
              {
                id: '/SUBSCRIPTIONS/X/resourceGroups/RG/providers/Microsoft.Network/applicationSecurityGroups/ASG-Web',
              },
            ],
            destinationPortRange: '80',
            destinationPortRanges: ['443', '8000-8100'],
          },
        },
      ]),
    ).inbound;
    expect(rule).toMatchObject({
      priority: 150,
      access: 'Allow',
      direction: 'Inbound',
      protocol: 'Tcp',
      sourcePorts: [{ from: 1024, to: 65535 }],
      destinationPorts: [
        { from: 80, to: 80 },
        { from: 443, to: 443 },
        { from: 8000, to: 8100 },
      ],
      source: { written: ['203.0.113.0/24', 'Internet'] },
      destination: {
        terms: [],
        asgs: [
          '/subscriptions/x/resourcegroups/rg/providers/microsoft.network/applicationsecuritygroups/asg-web',
        ],
      },
    });
  });

  it('reads a rule whose `properties` a template spells `Properties`, as Azure deploys it', () => {
    const [rule] = readNsgRules(
      nsg('nsg-c', [
        {
          name: 'ssh',
          Properties: {
            protocol: 'Tcp',
            access: 'Allow',
            direction: 'Inbound',
            priority: 100,
            sourceAddressPrefix: '*',
            sourcePortRange: '*',
            destinationAddressPrefix: '*',
            destinationPortRange: '22',
          },
        } as unknown as Rule,
      ]),
    ).inbound;
    expect([rule?.name, rule?.access, rule?.priority, rule?.field]).toEqual([
      'ssh',
      'Allow',
      100,
      'properties.securityRules[0]',
    ]);
  });

  it('reports what it cannot read with the field, and keeps the rest of the rule', () => {
    const rules = readNsgRules(
      nsg('nsg-bad', [
        { name: 'typo', priority: 100, ports: ['22', 'ssh'], src: ['10.0.0.0/33', '203.0.113.0/24'] },
        { name: 'no-access', properties: { priority: 200, direction: 'Inbound', protocol: 'Tcp' } },
        { name: 'odd-protocol', priority: 300, protocol: 'Gre' },
      ]),
    );
    expect(rules.problems).toEqual([
      {
        field: 'properties.securityRules[0].properties.sourceAddressPrefixes[0]',
        message:
          "properties.securityRules[0] (typo): source address prefix '10.0.0.0/33' is not an IP address, a CIDR block, * or a service tag; that entry is ignored",
      },
      {
        field: 'properties.securityRules[0].properties.destinationPortRanges[1]',
        message:
          "properties.securityRules[0] (typo): destination port 'ssh' is not a port, a range or '*'; that entry is ignored",
      },
      {
        field: 'properties.securityRules[1].properties.access',
        message: 'properties.securityRules[1] (no-access): has no access Allow or Deny; the rule is ignored',
      },
      {
        field: 'properties.securityRules[2].properties.protocol',
        message:
          'properties.securityRules[2] (odd-protocol): protocol "Gre" is not Tcp, Udp, Icmp, Esp, Ah or *; the rule is ignored',
      },
    ]);
    expect(rules.inbound.map((r) => r.name)).toEqual([
      'typo',
      'AllowVnetInBound',
      'AllowAzureLoadBalancerInBound',
      'DenyAllInBound',
    ]);
    expect(rules.inbound[0]!.destinationPorts).toEqual([{ from: 22, to: 22 }]);
  });

  it('reports two rules sharing a priority in one direction, and keeps their JSON order', () => {
    const rules = readNsgRules(
      nsg('nsg-dup', [
        { name: 'first', priority: 100, ports: '22' },
        { name: 'second', priority: 100, ports: '22', access: 'Deny' },
        { name: 'other-direction', priority: 100, ports: '22', direction: 'Outbound' },
      ]),
    );
    expect(rules.inbound.slice(0, 2).map((r) => r.name)).toEqual(['first', 'second']);
    expect(rules.problems.map((p) => p.message)).toEqual([
      'properties.securityRules[1] (second) has priority 100, as has first: Azure does not allow two inbound rules with one priority, so their order is unknown (Vigil keeps the order of the JSON)',
    ]);
  });

  it('lets application security groups decide when a rule also carries a prefix', () => {
    const rules = readNsgRules(
      nsg('nsg-asg', [
        {
          name: 'both',
          properties: {
            protocol: 'Tcp',
            access: 'Allow',
            direction: 'Inbound',
            priority: 100,
            sourceAddressPrefix: '*',
            destinationAddressPrefix: '10.0.1.0/24',
            destinationApplicationSecurityGroups: [{ id: '/x/asg-a' }],
            destinationPortRange: '22',
          },
        },
      ]),
    );
    expect(rules.inbound[0]!.destination).toEqual({ terms: [], written: [], asgs: ['/x/asg-a'] });
    expect(rules.problems.map((p) => p.message)).toEqual([
      'properties.securityRules[0] (both): names both destination prefixes and application security groups; the groups decide',
    ]);
  });

  // ARM refuses a rule whose prefixes are of both families: "All IP addresses or prefixes in the
  // resource should belong to the same address family" (terraform-provider-azurerm#12534, azure-docs#34567).
  it.each([
    ['IPv4 and IPv6 sources', { src: ['203.0.113.0/24', '2001:db8::/32'] }, true],
    ['an IPv4 source and an IPv6 destination', { src: '203.0.113.7', dst: 'ace:cab:deca:deed::4' }, true],
    ['IPv6 only, with * and a service tag', { src: ['2001:db8::/32', 'Internet'], dst: '*' }, false],
    ['IPv4 only', { src: ['203.0.113.0/24', '198.51.100.7'], dst: '10.0.1.4' }, false],
  ] as const)('reports a rule mixing address families: %s → %s', (_what, fields, reported) => {
    const rules = readNsgRules(
      nsg('nsg-f', [{ name: 'dual', priority: 100, ports: '22', ...fields } as Rule]),
    );
    expect(rules.problems.map((p) => [p.field, p.message])).toEqual(
      reported
        ? [
            [
              'properties.securityRules[0]',
              'properties.securityRules[0] (dual): names both IPv4 and IPv6 addresses: Azure rejects such a rule (ResourceCannotContainAddressPrefixesFromDifferentAddressFamilies); a dual-stack rule is two rules',
            ],
          ]
        : [],
    );
    // The rule is still read: it matches what it names.
    expect(rules.inbound[0]!.name).toBe('dual');
  });
  // Most rules name one prefix, one port list and fields spelt as ARM spells them, and are read by a
  // shorter way than the rest: both ways must give the same rule, sharing the same parsed values.
  const inbound = { protocol: 'Tcp', access: 'Allow', direction: 'Inbound', priority: 100 };
  const anyToAny = { sourceAddressPrefix: '*', destinationAddressPrefix: '*' };
  const ASG =
    '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/applicationSecurityGroups/asg-web';
  it.each([
    [
      'a prefix padded with spaces, and the same prefix listed',
      {
        ...inbound,
        sourceAddressPrefix: ' 10.0.0.0/8 ',
        destinationAddressPrefix: '*',
        destinationPortRange: '22',
      },
      {
        ...inbound,
        sourceAddressPrefixes: ['10.0.0.0/8'],
        destinationAddressPrefix: '*',
        destinationPortRange: '22',
      },
    ],
    [
      'ports listed, and the same ports as one comma list',
      { ...inbound, ...anyToAny, destinationPortRanges: ['80', ' 443 '] },
      { ...inbound, ...anyToAny, destinationPortRange: '80,443' },
    ],
    [
      'a port in each field, and the same ports as one comma list',
      { ...inbound, ...anyToAny, destinationPortRange: '80', destinationPortRanges: ['443'] },
      { ...inbound, ...anyToAny, destinationPortRange: '80,443', destinationPortRanges: [] },
    ],
    [
      'fields and values in other casings, and as ARM spells them',
      {
        Protocol: 'TCP',
        ACCESS: 'allow',
        direction: 'inbound',
        Priority: 100,
        SourceAddressPrefix: '*',
        destinationAddressPrefix: '*',
        DestinationPortRange: '22',
      },
      { ...inbound, ...anyToAny, destinationPortRange: '22' },
    ],
    [
      'one group beside an empty prefix, and the group alone in other casing',
      {
        ...inbound,
        sourceApplicationSecurityGroups: [{ id: ASG }],
        sourceAddressPrefix: '',
        sourceAddressPrefixes: [],
        destinationAddressPrefix: '*',
        destinationPortRange: '22',
      },
      {
        ...inbound,
        sourceApplicationSecurityGroups: [{ id: ASG.toUpperCase() }],
        destinationAddressPrefix: '*',
        destinationPortRange: '22',
      },
    ],
  ])('reads alike %s', (_what, a, b) => {
    const rules = readNsgRules(
      nsg('nsg-alike', [
        { name: 'a', properties: a },
        { name: 'b', properties: { ...b, priority: 200 } },
      ]),
    );
    expect(rules.problems).toEqual([]);
    const [ra, rb] = rules.inbound;
    const { id: _ia, name: _na, field: _fa, priority: _pa, ...readA } = ra!;
    const { id: _ib, name: _nb, field: _fb, priority: _pb, ...readB } = rb!;
    expect(readB).toEqual(readA);
    for (const key of ['source', 'destination', 'sourcePorts', 'destinationPorts'] as const)
      expect(rb![key], key).toBe(ra![key]);
  });

  it('reads an exact spelling of a field before another casing of it, wherever it comes', () => {
    const rules = readNsgRules(
      nsg('nsg-twice', [
        {
          name: 'later',
          properties: { ...inbound, ...anyToAny, DestinationPortRange: '80', destinationPortRange: '22' },
        },
        {
          name: 'earlier',
          properties: {
            ...inbound,
            ...anyToAny,
            destinationPortRange: '22',
            DestinationPortRange: '80',
            priority: 200,
          },
        },
      ]),
    );
    expect(rules.inbound.slice(0, 2).map((r) => r.destinationPorts)).toEqual([
      [{ from: 22, to: 22 }],
      [{ from: 22, to: 22 }],
    ]);
  });
});
