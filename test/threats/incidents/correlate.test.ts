import { describe, expect, it } from 'vitest';
import type { Alert, AlertEntities, AlertSeverity } from '../../../src/threats/alerts/index.ts';
import { tacticByShortname } from '../../../src/threats/attack/index.ts';
import { correlateIncidents, incidentTitle, killChainOrder } from '../../../src/threats/incidents/index.ts';
import { entitiesWith } from '../../support/alert-entities.ts';

const T0 = Date.parse('2024-05-01T10:00:00Z');
const VM_WEB = '/subscriptions/s/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachines/vm-web-01';
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
let serial = 0;

function alert(
  title: string,
  tactics: string[],
  entities: Partial<AlertEntities>,
  minutes: number,
  severity: AlertSeverity = 'Medium',
  lastMinutes = minutes,
): Alert {
  serial++;
  return {
    id: `alert-${String(serial).padStart(3, '0')}`,
    title,
    severity,
    status: 'active',
    ruleId: title,
    kind: 'detection',
    tactics: tactics.map((s) => {
      const t = tacticByShortname(s)!;
      return { id: t.id, name: t.name };
    }),
    techniques: [],
    attackVersion: '18.1',
    entities: entitiesWith(entities),
    firstSeen: at(minutes),
    lastSeen: at(lastMinutes),
    count: 1,
    evidenceCount: 1,
    evidence: [],
  };
}

describe('correlateIncidents', () => {
  it('tells the story of one host along the kill chain: brute force, login, then a miner', () => {
    const miner = alert(
      'Digital currency mining related behavior detected',
      ['impact'],
      { hosts: ['vm-01'] },
      50,
      'High',
    );
    const brute = alert(
      'Failed SSH brute force attack',
      ['credential-access'],
      { hosts: ['vm-01'], sourceIps: ['203.0.113.5'] },
      0,
    );
    const success = alert(
      'Successful SSH brute force attack',
      ['initial-access', 'credential-access'],
      { hosts: ['vm-01'], sourceIps: ['203.0.113.5'] },
      12,
      'High',
    );
    const [incident, ...rest] = correlateIncidents([miner, brute, success]);
    expect(rest).toEqual([]);
    expect(incident).toMatchObject({
      title: 'Multi-stage incident involving Credential Access, Initial Access & Impact on vm-01',
      severity: 'High',
      status: 'active',
      alertIds: [brute.id, success.id, miner.id],
      tactics: [
        { id: 'TA0001', name: 'Initial Access' },
        { id: 'TA0006', name: 'Credential Access' },
        { id: 'TA0040', name: 'Impact' },
      ],
      entities: { hosts: ['vm-01'], ips: [], accounts: [], resources: [] },
      firstSeen: at(0),
      lastSeen: at(50),
    });
    expect(incident!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  it.each([
    ['a source address', { sourceIps: ['203.0.113.5'] }, { sourceIps: ['203.0.113.5'] }, true],
    ['a host (any case)', { hosts: ['VM-01'] }, { hosts: ['vm-01'] }, true],
    ['a domain account', { accounts: ['CONTOSO\\alice'] }, { accounts: ['contoso\\alice'] }, true],
    ['a cloud account', { accounts: ['alice@contoso.com'] }, { accounts: ['alice@contoso.com'] }, true],
    // The Activity Log's caller for a service principal or managed identity is its Entra object id.
    [
      'a service principal',
      { accounts: ['8F3C2A1B-0D4E-4F5A-9B6C-7D8E9F0A1B2C'] },
      { accounts: ['8f3c2a1b-0d4e-4f5a-9b6c-7d8e9f0a1b2c'] },
      true,
    ],
    [
      'an Azure resource',
      { resources: ['/subscriptions/s/nsg-1'] },
      { resources: ['/subscriptions/s/NSG-1'] },
      true,
    ],
    ['nothing', { hosts: ['vm-01'] }, { hosts: ['vm-02'] }, false],
    [
      'only a local account name',
      { hosts: ['a'], accounts: ['root'] },
      { hosts: ['b'], accounts: ['root'] },
      false,
    ],
    [
      'only a machine-local domain',
      { hosts: ['a'], accounts: ['WORKGROUP\\x'] },
      { hosts: ['b'], accounts: ['WORKGROUP\\x'] },
      false,
    ],
    ['only a destination address', { ips: ['192.0.2.1'] }, { ips: ['192.0.2.1'] }, false],
    ['only loopback as source', { sourceIps: ['127.0.0.1'] }, { sourceIps: ['127.0.0.1'] }, false],
    // Loopback is all of 127.0.0.0/8 and ::1, unspecified is 0.0.0.0 and :: (RFC 6890), however written;
    // one address written two ways is one address.
    ["only Debian's 127.0.1.1 as source", { sourceIps: ['127.0.1.1'] }, { sourceIps: ['127.0.1.1'] }, false],
    [
      'only IPv4-mapped loopback',
      { sourceIps: ['::ffff:127.0.0.1'] },
      { sourceIps: ['::ffff:127.0.0.1'] },
      false,
    ],
    [
      'only ::1 written in full',
      { sourceIps: ['0:0:0:0:0:0:0:1'] },
      { sourceIps: ['0:0:0:0:0:0:0:1'] },
      false,
    ],
    ['only the unspecified address', { sourceIps: ['0.0.0.0'] }, { sourceIps: ['0.0.0.0'] }, false],
    ['an IPv6 source in two cases', { sourceIps: ['2001:DB8::5'] }, { sourceIps: ['2001:db8::5'] }, true],
    [
      'an IPv6 source compressed and not',
      { sourceIps: ['2001:db8::5'] },
      { sourceIps: ['2001:db8:0:0:0:0:0:5'] },
      true,
    ],
    [
      'an IPv4 source and its IPv4-mapped form',
      { sourceIps: ['203.0.113.5'] },
      { sourceIps: ['::ffff:203.0.113.5'] },
      true,
    ],
    // Addresses that name no one: Azure's platform address (every load balancer health probe to every VM:
    // https://learn.microsoft.com/azure/virtual-network/what-is-ip-address-168-63-129-16) and link-local
    // ones, the same on every link (RFC 3927, RFC 4291), the instance metadata service's among them.
    [
      "only Azure's platform address 168.63.129.16 as source",
      { hosts: ['vm-a'], sourceIps: ['168.63.129.16'] },
      { hosts: ['vm-b'], sourceIps: ['168.63.129.16'] },
      false,
    ],
    [
      'only the metadata service 169.254.169.254 as source',
      { hosts: ['vm-a'], sourceIps: ['169.254.169.254'] },
      { hosts: ['vm-b'], sourceIps: ['169.254.169.254'] },
      false,
    ],
    [
      'only an IPv4 link-local source',
      { hosts: ['vm-a'], sourceIps: ['169.254.10.1'] },
      { hosts: ['vm-b'], sourceIps: ['169.254.10.1'] },
      false,
    ],
    [
      'only an IPv6 link-local source',
      { hosts: ['vm-a'], sourceIps: ['fe80::1%eth0'] },
      { hosts: ['vm-b'], sourceIps: ['FE80::1'] },
      false,
    ],
    [
      'a source next to the platform address',
      { hosts: ['vm-a'], sourceIps: ['168.63.129.17'] },
      { hosts: ['vm-b'], sourceIps: ['168.63.129.17'] },
      true,
    ],
    // Windows names a domain-joined machine by its FQDN and a local account by its NetBIOS name (the first
    // label, cut at 15 characters): `WEB1\admin` on web1.contoso.com is local to it, as on `WEB1`.
    [
      'only a local account of a domain-joined host (its FQDN)',
      { hosts: ['web1.contoso.com'], accounts: ['WEB1\\admin'] },
      { hosts: ['web2.contoso.com'], accounts: ['WEB1\\admin'] },
      false,
    ],
    [
      'only a local account of a host whose name is longer than NetBIOS allows',
      { hosts: ['vm-payments-prod-01.contoso.com'], accounts: ['VM-PAYMENTS-PRO\\admin'] },
      { hosts: ['vm-payments-prod-02.contoso.com'], accounts: ['VM-PAYMENTS-PRO\\admin'] },
      false,
    ],
    // Windows' service identities are one per machine, whatever a localized Windows calls their domain.
    [
      'only SYSTEM of a German Windows',
      { hosts: ['vm-a'], accounts: ['NT-AUTORITÄT\\SYSTEM'] },
      { hosts: ['vm-b'], accounts: ['NT-AUTORITÄT\\SYSTEM'] },
      false,
    ],
    [
      'only NETWORK SERVICE under another domain text',
      { hosts: ['vm-a'], accounts: ['AUTORITE NT\\NETWORK SERVICE'] },
      { hosts: ['vm-b'], accounts: ['AUTORITE NT\\NETWORK SERVICE'] },
      false,
    ],
    [
      'only a Desktop Window Manager account',
      { hosts: ['vm-a'], accounts: ['Fenster-Manager\\DWM-1'] },
      { hosts: ['vm-b'], accounts: ['Fenster-Manager\\DWM-1'] },
      false,
    ],
    [
      'a domain account on two domain-joined hosts',
      { hosts: ['web1.contoso.com'], accounts: ['CONTOSO\\alice'] },
      { hosts: ['web2.contoso.com'], accounts: ['CONTOSO\\alice'] },
      true,
    ],
    // Activity Log alerts name a VM by its resource id, or one of its extensions' or run commands'; its own
    // logs by the host name, which is the VM name unless set otherwise (osProfile.computerName).
    [
      'a VM, named by an extension in the Activity Log and by its own logs',
      { resources: [`${VM_WEB}/EXTENSIONS/ENABLEVMACCESS`.toUpperCase()] },
      { hosts: ['vm-web-01'] },
      true,
    ],
    [
      'a VM and one of its run commands',
      { resources: [VM_WEB] },
      { resources: [`${VM_WEB}/runCommands/rc1`] },
      true,
    ],
    [
      'only an extension name, on two VMs',
      { resources: [`${VM_WEB}/extensions/enablevmaccess`] },
      { resources: [`${VM_WEB.replace('vm-web-01', 'vm-db-01')}/extensions/enablevmaccess`] },
      false,
    ],
    [
      'only a scale set name and a host of that name (instances are named by a prefix)',
      {
        resources: [
          '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/web/virtualMachines/0',
        ],
      },
      { hosts: ['web'] },
      false,
    ],
    // A domain-joined Windows machine logs its FQDN; the Activity Log and syslog name it by its name.
    ['a host by FQDN and by name', { hosts: ['vm-win-01.contoso.com'] }, { hosts: ['VM-WIN-01'] }, true],
    ['a VM and its FQDN', { resources: [VM_WEB] }, { hosts: ['vm-web-01.contoso.com'] }, true],
    ['only hosts named by address', { hosts: ['10.0.0.4'] }, { hosts: ['10.0.0.5'] }, false],
    [
      'only the host name an unconfigured syslog writes',
      { hosts: ['localhost'] },
      { hosts: ['localhost'] },
      false,
    ],
    [
      'only localhost by another name',
      { hosts: ['localhost.localdomain'] },
      { hosts: ['localhost.localdomain'] },
      false,
    ],
  ])('links two alerts that share %s: %s', (_what, left, right, linked) => {
    const incidents = correlateIncidents([
      alert('X', ['execution'], left, 0),
      alert('Y', ['impact'], right, 10),
    ]);
    expect(incidents.length).toBe(linked ? 1 : 0);
  });

  it('links only alerts within the window of each other, chaining across windows', () => {
    const h = { hosts: ['vm-01'] };
    const day = 24 * 60;
    // With the span of an incident unbounded: by default (5 hours from its first alert) it is the span, not
    // the window, that keeps these apart (next test).
    const unbounded = { maxSpanMs: Number.POSITIVE_INFINITY };
    const chained = correlateIncidents(
      [
        alert('A', ['execution'], h, 0),
        alert('B', ['execution'], h, day - 1),
        alert('C', ['execution'], h, 2 * day - 2),
      ],
      unbounded,
    );
    expect(chained.map((i) => i.alertIds.length)).toEqual([3]);
    const apart = correlateIncidents([
      alert('A', ['execution'], h, 0),
      alert('B', ['execution'], h, day + 1),
    ]);
    expect(apart).toEqual([]);
    // A long-running alert keeps the window open until its last sighting.
    const long = correlateIncidents(
      [alert('A', ['execution'], h, 0, 'Low', 2 * day), alert('B', ['impact'], h, 2 * day + 60)],
      unbounded,
    );
    expect(long).toHaveLength(1);
  });

  it('bounds an incident to 5 hours from its first alert, as Sentinel groups alerts', () => {
    const h = { hosts: ['vm-01'] };
    // A day-long campaign on one host: a brute force every hour.
    const campaign = Array.from({ length: 24 }, (_, hour) =>
      alert(`BF${hour}`, ['credential-access'], h, hour * 60),
    );
    const incidents = correlateIncidents(campaign);
    expect(
      incidents.map((i) => [i.firstSeen.slice(11, 16), i.lastSeen.slice(11, 16), i.alertIds.length]),
    ).toEqual([
      ['10:00', '15:00', 6],
      ['16:00', '21:00', 6],
      ['22:00', '03:00', 6],
      ['04:00', '09:00', 6],
    ]);
    expect(correlateIncidents(campaign, { maxSpanMs: 12 * 3600_000 }).map((i) => i.alertIds.length)).toEqual([
      13, 11,
    ]);
  });

  it.each([
    // [what, alerts as [first, last] minutes, incidents' sizes]
    [
      'a brute force going on for two days, and the login it ends in',
      [
        [0, 2880],
        [2888, 2888],
      ],
      [2],
    ],
    [
      'a brute force over two days before the login',
      [
        [0, 2880],
        [2880 + 301, 2880 + 301],
      ],
      [],
    ],
    [
      'two long alerts that overlap',
      [
        [0, 2880],
        [1440, 4320],
      ],
      [2],
    ],
    [
      'an alert six hours after a short one',
      [
        [0, 10],
        [370, 370],
      ],
      [],
    ],
    [
      'alerts of one moment within 5 hours of the first',
      [
        [0, 0],
        [150, 150],
        [300, 300],
        [301, 301],
      ],
      [3],
    ],
  ])('bounds an incident to one 5-hour stretch of activity: %s', (_what, spans, sizes) => {
    // Sentinel groups alerts created within the time frame; a rule firing on a brute force still going on
    // creates its alert again, so the alert is as recent as its last sighting.
    const h = { hosts: ['vm-01'], sourceIps: ['203.0.113.5'] };
    const alerts = spans.map(([first, last], n) =>
      alert(`A${n}`, ['credential-access'], h, first!, 'Medium', last),
    );
    expect(correlateIncidents(alerts).map((i) => i.alertIds.length)).toEqual(sizes);
  });

  it('holds at most 150 alerts, as Sentinel groups them; the excess starts the next incident', () => {
    const h = { hosts: ['vm-01'] };
    // 400 related alerts a few seconds apart, all within the span and the window.
    const burst = Array.from({ length: 400 }, (_, n) => alert(`A${n}`, ['credential-access'], h, n / 60));
    expect(correlateIncidents(burst).map((i) => i.alertIds.length)).toEqual([150, 150, 100]);
    expect(correlateIncidents(burst, { maxAlerts: 250 }).map((i) => i.alertIds.length)).toEqual([250, 150]);
    const first = correlateIncidents(burst)[0]!;
    expect(first.alertIds).toEqual(burst.slice(0, 150).map((a) => a.id));
  });

  it('joins two open incidents through an alert related to both, within the span', () => {
    const incidents = correlateIncidents([
      alert('On the host', ['execution'], { hosts: ['vm-01'] }, 0),
      alert('Same host', ['execution'], { hosts: ['vm-01'] }, 10),
      alert('From the address', ['discovery'], { sourceIps: ['203.0.113.5'] }, 20),
      alert('Same address', ['discovery'], { sourceIps: ['203.0.113.5'] }, 30),
      alert('Both', ['impact'], { hosts: ['vm-01'], sourceIps: ['203.0.113.5'] }, 40),
      // Related to the incident through both keys, but over 5 hours after its first alert.
      alert('Too late', ['impact'], { hosts: ['vm-01'], sourceIps: ['203.0.113.5'] }, 5 * 60 + 1),
      alert('Later still', ['impact'], { hosts: ['vm-01'] }, 5 * 60 + 2),
    ]);
    expect(incidents.map((i) => i.alertIds.length)).toEqual([5, 2]);
  });

  it('honours the window and minimum size options', () => {
    const h = { hosts: ['vm-01'] };
    const alerts = [
      alert('A', ['execution'], h, 0),
      alert('B', ['impact'], h, 30),
      alert('C', [], { hosts: ['x'] }, 5),
    ];
    expect(correlateIncidents(alerts, { windowMs: 10 * 60_000 })).toEqual([]);
    expect(correlateIncidents(alerts, { minAlerts: 1 }).map((i) => i.alertIds.length)).toEqual([2, 1]);
  });

  it('makes the same incidents from the same alerts in any order', () => {
    const h = { hosts: ['vm-01'] };
    // Five alerts beginning together, two per incident: which ones share an incident must not depend on
    // where they are in the list.
    const tied = ['e', 'c', 'a', 'd', 'b'].map((t) => ({ ...alert(t, ['execution'], h, 0), id: `id-${t}` }));
    const incidents = (alerts: Alert[]) =>
      correlateIncidents(alerts, { maxAlerts: 2 })
        .map((i) => [...i.alertIds].sort())
        .sort();
    expect(incidents(tied)).toEqual(incidents([...tied].reverse()));
    expect(incidents(tied)).toEqual([
      ['id-a', 'id-b'],
      ['id-c', 'id-d'],
    ]);
  });

  it('lists a host or resource once in any case, and says when a list was cut', () => {
    const nsg =
      '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/nsg-web';
    const [incident] = correlateIncidents([
      alert('A', ['execution'], { hosts: ['VM-01'], resources: [nsg.toUpperCase()] }, 0),
      alert('B', ['impact'], { hosts: ['vm-01'], resources: [nsg] }, 10),
    ]);
    expect(incident!.entities).toEqual({
      hosts: ['VM-01'],
      ips: [],
      accounts: [],
      resources: [nsg.toUpperCase()],
    });
    expect(incident!.title).toBe('Multi-stage incident involving Execution & Impact on VM-01');

    const many = Array.from({ length: 80 }, (_, i) =>
      alert(`A${i}`, ['execution'], { hosts: [`vm-${i}`], accounts: ['CONTOSO\\svc'] }, i),
    );
    const [wide] = correlateIncidents(many);
    expect(wide!.entities.hosts).toHaveLength(50);
    expect(wide!.entities.truncated).toEqual(['hosts']);
    expect(wide!.title).toBe('Execution incident on 80 hosts');
  });

  it('names one machine by FQDN and name once', () => {
    const [incident] = correlateIncidents([
      alert('A', ['execution'], { hosts: ['vm-win-01.contoso.com'] }, 0),
      alert('B', ['impact'], { resources: [VM_WEB.replace('vm-web-01', 'VM-WIN-01')] }, 10),
    ]);
    expect(incident!.title).toBe(
      'Multi-stage incident involving Execution & Impact on vm-win-01.contoso.com',
    );
  });

  it.each([
    // Windows and Entra accounts are case-insensitive; Linux accounts are not.
    [['CONTOSO\\Alice'], ['contoso\\alice'], ['CONTOSO\\Alice']],
    [['Alice@Contoso.com'], ['alice@contoso.com'], ['Alice@Contoso.com']],
    [['Admin'], ['admin'], ['Admin', 'admin']],
  ])('lists accounts %j and %j as %j', (left, right, listed) => {
    const [incident] = correlateIncidents([
      alert('A', ['execution'], { hosts: ['vm-01'], accounts: left }, 0),
      alert('B', ['impact'], { hosts: ['vm-01'], accounts: right }, 10),
    ]);
    expect(incident!.entities.accounts).toEqual(listed);
  });

  it('takes the most severe alert severity', () => {
    const h = { hosts: ['vm-01'] };
    const [incident] = correlateIncidents([
      alert('A', ['execution'], h, 0, 'Low'),
      alert('B', ['execution'], h, 1, 'Informational'),
    ]);
    expect(incident!.severity).toBe('Low');
  });
});

describe('incidentTitle', () => {
  it.each([
    [
      [['credential-access'], ['credential-access']],
      { hosts: ['LabSZ'] },
      'Credential Access incident on LabSZ',
    ],
    [
      [['execution'], ['impact']],
      { hosts: ['a', 'b'] },
      'Multi-stage incident involving Execution & Impact on 2 hosts',
    ],
    [
      [['initial-access'], ['execution'], ['persistence'], ['defense-evasion'], ['impact']],
      { hosts: ['h'] },
      'Multi-stage incident involving Initial Access, Execution, Persistence & 2 more on h',
    ],
    [
      [[], []],
      { resources: ['/subscriptions/s/networkSecurityGroups/nsg-web'] },
      'Incident with 2 alerts on nsg-web',
    ],
  ])('%j → %s', (tactics, entities, title) => {
    const alerts = tactics.map((t, i) => alert(`T${i}`, t, entities, i));
    expect(incidentTitle(alerts, { hosts: [], ips: [], resources: [], ...entities })).toBe(title);
  });

  it('names the VM an Activity Log alert is about, not its extension', () => {
    const alerts = [
      alert('A', ['persistence'], { resources: [`${VM_WEB}/extensions/enablevmaccess`] }, 0),
      alert('B', ['execution'], { resources: [VM_WEB] }, 1),
    ];
    const entities = { hosts: [], ips: [], resources: alerts.flatMap((a) => a.entities.resources) };
    expect(incidentTitle(alerts, entities)).toBe(
      'Multi-stage incident involving Persistence & Execution on vm-web-01',
    );
  });

  it('names the source address when no host is known, however it is written', () => {
    const alerts = [
      alert('A', ['credential-access'], { sourceIps: ['203.0.113.5'] }, 0),
      alert('B', ['credential-access'], { sourceIps: ['::ffff:203.0.113.5'] }, 1),
    ];
    expect(incidentTitle(alerts, { hosts: [], ips: [], resources: [] })).toBe(
      'Credential Access incident from 203.0.113.5',
    );
  });

  it('names the source address when no host is known', () => {
    const alerts = [alert('A', ['credential-access'], { sourceIps: ['203.0.113.5'] }, 0)];
    expect(incidentTitle(alerts, { hosts: [], ips: ['203.0.113.5'], resources: [] })).toBe(
      'Credential Access incident from 203.0.113.5',
    );
  });
});

describe('killChainOrder', () => {
  const titles = (alerts: Alert[]) => killChainOrder(alerts).map((a) => a.title);

  it('orders alerts seen in the same second by kill-chain stage, alerts without a tactic last', () => {
    const h = { hosts: ['UBUNTU5'] };
    expect(
      titles([
        alert('Base64 command', ['defense-evasion'], h, 0),
        alert('No tactic', [], h, 0),
        alert('Reverse shell', ['execution', 'command-and-control'], h, 0),
        alert('Web shell', ['initial-access', 'persistence'], h, 0),
      ]),
    ).toEqual(['Web shell', 'Reverse shell', 'Base64 command', 'No tactic']);
  });

  // Code-unit order, not localeCompare's, which follows the machine's locale (Estonian sorts Z before T;
  // English puts É with E): the same alerts are listed in the same order on every machine.
  it.each([
    [
      ['Éclair', 'Zebra'],
      ['Zebra', 'Éclair'],
    ],
    [
      ['a lower-case title', 'B upper-case'],
      ['B upper-case', 'a lower-case title'],
    ],
    [
      ['Zeta', 'Tau'],
      ['Tau', 'Zeta'],
    ],
  ])('orders alerts of the same time and stage by title the same everywhere: %j', (given, listed) => {
    const h = { hosts: ['vm-01'] };
    expect(titles(given.map((t) => alert(t, ['execution'], h, 0)))).toEqual(listed);
  });

  it('never lists an alert before one that was over before it began', () => {
    const h = { hosts: ['vm-01'] };
    expect(
      titles([
        alert('Account created', ['persistence'], h, 20),
        alert('Successful brute force', ['initial-access', 'credential-access'], h, 10),
        alert('Failed brute force', ['credential-access'], h, 0, 'Medium', 5),
      ]),
    ).toEqual(['Failed brute force', 'Successful brute force', 'Account created']);
  });

  // The successful brute force begins at the failed attempts the failed one reports (its first member is
  // that brute force), so both overlap; Initial Access must not put the login before the guessing.
  it.each([
    ['begun together', 0, 5, 0, 12],
    ['the success after more failures than one alert window', 0, 49, 45, 50],
    ['failures going on after the success', 0, 60, 0, 12],
  ])('lists a brute force before the success that carries it on: %s', (_, f0, f1, s0, s1) => {
    const h = { hosts: ['vm-01'], sourceIps: ['203.0.113.5'] };
    expect(
      titles([
        alert('Account created', ['persistence'], h, 70),
        alert(
          'Successful SSH brute force attack',
          ['initial-access', 'credential-access'],
          h,
          s0,
          'High',
          s1,
        ),
        alert('Failed SSH brute force attack', ['credential-access'], h, f0, 'Medium', f1),
      ]),
    ).toEqual(['Failed SSH brute force attack', 'Successful SSH brute force attack', 'Account created']);
  });

  it('keeps a multi-tactic alert at its first stage when no activity of its other tactics was under way', () => {
    const h = { hosts: ['vm-01'] };
    expect(
      titles([
        alert('Cron job added', ['persistence'], h, 5, 'Medium', 30),
        alert('Web shell', ['initial-access', 'persistence'], h, 0, 'High', 10),
        alert('Port scan', ['discovery'], h, 0, 'Medium', 10),
      ]),
    ).toEqual(['Web shell', 'Cron job added', 'Port scan']);
  });

  it('orders overlapping alerts by stage, then by first sighting, then by title', () => {
    const h = { hosts: ['vm-01'] };
    expect(
      titles([
        alert('Miner', ['impact'], h, 0, 'High', 60),
        alert('Brute force B', ['credential-access'], h, 10, 'Medium', 30),
        alert('Brute force A', ['credential-access'], h, 10, 'Medium', 30),
        alert('Login', ['initial-access'], h, 20, 'Medium', 40),
        alert('Earlier brute force', ['credential-access'], h, 5, 'Medium', 50),
      ]),
    ).toEqual(['Login', 'Earlier brute force', 'Brute force A', 'Brute force B', 'Miner']);
  });

  it('handles many alerts in one incident', () => {
    const h = { hosts: ['vm-01'] };
    const many = Array.from({ length: 5000 }, (_, i) => alert(`A${i}`, ['credential-access'], h, 5000 - i));
    const ordered = killChainOrder(many);
    expect(ordered[0]!.title).toBe('A4999');
    expect(ordered.at(-1)!.title).toBe('A0');
  });
});
