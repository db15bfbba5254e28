import { createHash } from 'node:crypto';
import { compareText } from '../../util/compare-text.ts';
import { foldsAccount } from '../alerts/entities.ts';
import type { Alert } from '../alerts/index.ts';
import { type AlertSeverity, severityRank } from '../alerts/index.ts';
import { TACTICS, tacticById } from '../attack/index.ts';
import { inCidr, parseCidr, parseIp } from '../sigma/cidr.ts';
import { killChainOrder } from './kill-chain-order.ts';
import { machineOf } from './machine-name.ts';
import { incidentTitle } from './title.ts';
import { vmOfResource } from './vm-resource.ts';

export interface Incident {
  /** Stable for the same alerts: a hash of their ids. */
  id: string;
  title: string;
  /** The highest of its alerts'. */
  severity: AlertSeverity;
  status: 'active';
  /** Along the kill chain, never against time (kill-chain-order.ts). */
  alertIds: string[];
  /** Every tactic of its alerts, in kill-chain order. */
  tactics: { id: string; name: string }[];
  /** Each list bounded like an alert's (50); `truncated` names the kinds that were cut. */
  entities: {
    hosts: string[];
    ips: string[];
    accounts: string[];
    resources: string[];
    truncated?: ('hosts' | 'ips' | 'accounts' | 'resources')[];
  };
  firstSeen: string;
  lastSeen: string;
}

export interface IncidentOptions {
  /** Alerts sharing an entity form one incident when they are at most this far apart. Default 24 hours. */
  windowMs?: number;
  /**
   * An incident takes only alerts seen within one stretch of this long: the latest start of its alerts is at
   * most this long after the earliest end (for alerts of one moment: they began at most this long after its
   * first alert began); a related alert after that starts the next incident. An alert still going on counts
   * as seen at its last sighting too: a brute force that runs for days belongs with the login it ends in.
   * Default 5 hours, Microsoft Sentinel's default alert grouping time frame ("Limit the group to alerts
   * created within the selected time frame", `lookbackDuration` PT5H: MicrosoftDocs/azure-docs
   * articles/sentinel/create-analytics-rules.md). Without it, a host under attack for weeks (a brute force
   * every hour) chains into one incident of thousands of alerts.
   */
  maxSpanMs?: number;
  /**
   * The most alerts one incident holds; a related alert past it starts the next incident, which takes the
   * alerts after it. Default 150, Sentinel's limit ("Up to 150 alerts can be grouped into a single incident
   * … the excess alerts will be grouped into the new incident": MicrosoftDocs/azure-docs
   * articles/sentinel/tutorial-detect-threats-custom.md, "Alert grouping").
   */
  maxAlerts?: number;
  /**
   * The fewest alerts an incident holds. Default 2: like Defender for Cloud's security incidents, an
   * incident tells a story of several alerts, and a lone alert is already in the alert list. 1 gives every
   * alert an incident, as Microsoft Defender XDR does.
   */
  minAlerts?: number;
}

export const DEFAULT_INCIDENT_OPTIONS: Required<IncidentOptions> = {
  windowMs: 24 * 60 * 60 * 1000,
  maxSpanMs: 5 * 60 * 60 * 1000,
  maxAlerts: 150,
  minAlerts: 2,
};

/** Values kept per entity kind, as for an alert (AlertOptions.maxEntities). */
const MAX_ENTITIES = 50;

/** Domains that name one machine's own accounts, not an account other machines share. */
const LOCAL_DOMAINS = new Set([
  'workgroup',
  'nt authority',
  'builtin',
  'nt service',
  'window manager',
  'font driver host',
  '.',
]);

/**
 * Windows' built-in service identities, one per machine whatever domain text a localized Windows gives them
 * (`NT-AUTORITÄT\SYSTEM` on a German one): S-1-5-18, -19, -20 and -7, and the per-session Desktop Window
 * Manager and font driver accounts (`DWM-1`, `UMFD-0`). On every host, they link none.
 */
const MACHINE_IDENTITIES = new Set(['system', 'local service', 'network service', 'anonymous logon']);
const MACHINE_IDENTITY_PREFIXES = ['dwm-', 'umfd-'];

/**
 * Source addresses that say nothing about who acted, so sharing one links nothing: loopback (all of
 * 127.0.0.0/8, e.g. Debian's 127.0.1.1, and ::1) and unspecified (0.0.0.0, ::), RFC 6890; link-local
 * (169.254.0.0/16, fe80::/10: the same address on every link, RFC 3927 and RFC 4291), which holds Azure's
 * instance metadata service 169.254.169.254; and 168.63.129.16, Azure's platform address, the source of
 * every load balancer health probe to every VM in every region
 * (https://learn.microsoft.com/azure/virtual-network/what-is-ip-address-168-63-129-16).
 */
const NOT_LINKING = [
  '127.0.0.0/8',
  '::1/128',
  '0.0.0.0/32',
  '::/128',
  '169.254.0.0/16',
  'fe80::/10',
  '168.63.129.16/32',
].map(parseCidr);

/**
 * An address's link key: the same address however written (`2001:DB8::5`, `2001:db8:0:0:0:0:0:5`,
 * `::ffff:203.0.113.5` for 203.0.113.5), or undefined for an address that links nothing (NOT_LINKING).
 */
function sourceIpKey(text: string): string | undefined {
  const ip = parseIp(text);
  if (ip === null) return `ip\u0000${text.toLowerCase()}`;
  if (NOT_LINKING.some((range) => inCidr(ip, range))) return undefined;
  return `ip\u0000${ip.toString(16)}`;
}

/**
 * Groups alerts into incidents: two alerts are related when they share a host, a source address, an
 * account that is not local to one machine (a domain or cloud account: `CONTOSO\alice`, `alice@contoso.com`)
 * or an Azure resource, and the gap between them is at most `windowMs`; an incident is a connected group
 * of related alerts, so a chain of related alerts can span more than one window, but all its alerts are
 * seen within one `maxSpanMs` stretch. Alerts are taken in order of their start: one joins every incident
 * it is related to that stays within that stretch with it (joining them), or starts its own.
 */
export function correlateIncidents(alerts: readonly Alert[], options: IncidentOptions = {}): Incident[] {
  const { windowMs, maxSpanMs, maxAlerts, minAlerts } = { ...DEFAULT_INCIDENT_OPTIONS, ...options };
  const spans = alerts.map((a) => ({ first: Date.parse(a.firstSeen), last: Date.parse(a.lastSeen) }));
  const parent = alerts.map((_, i) => i);
  /**
   * Per incident (at its root): the latest start and earliest end of its alerts. A stretch of `maxSpanMs`
   * meets every alert of the incident exactly when the one is at most `maxSpanMs` after the other.
   */
  const latestStart = spans.map((s) => s.first);
  const earliestEnd = spans.map((s) => s.last);
  /** Per incident (at its root): how many alerts it holds. */
  const size = alerts.map(() => 1);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) return;
    const root = Math.min(ra, rb);
    parent[Math.max(ra, rb)] = root;
    latestStart[root] = Math.max(latestStart[ra]!, latestStart[rb]!);
    earliestEnd[root] = Math.min(earliestEnd[ra]!, earliestEnd[rb]!);
    size[root] = size[ra]! + size[rb]!;
  };

  // Alerts that begin together are taken by id, not by where they are in the list: the same alerts in
  // another order make the same incidents (where maxAlerts or maxSpanMs cut, it matters which comes first).
  const order = alerts
    .map((_, i) => i)
    .sort((a, b) => spans[a]!.first - spans[b]!.first || compareText(alerts[a]!.id, alerts[b]!.id) || a - b);
  /** Per entity key: the alert last linked through it, and how far in time that chain of alerts reaches. */
  const chains = new Map<string, { last: number; reach: number }>();
  for (const i of order) {
    const { first, last } = spans[i]!;
    for (const key of linkKeys(alerts[i]!)) {
      const chain = chains.get(key);
      if (chain === undefined) {
        chains.set(key, { last: i, reach: last });
        continue;
      }
      const other = find(chain.last);
      const own = find(i);
      const joins =
        first - chain.reach <= windowMs &&
        (other === own ||
          (size[other]! + size[own]! <= maxAlerts &&
            Math.max(latestStart[other]!, latestStart[own]!) -
              Math.min(earliestEnd[other]!, earliestEnd[own]!) <=
              maxSpanMs));
      if (joins) {
        union(chain.last, i);
        chain.reach = Math.max(chain.reach, last);
      } else chain.reach = last;
      chain.last = i;
    }
  }

  const groups = new Map<number, Alert[]>();
  alerts.forEach((alert, i) => {
    const root = find(i);
    const group = groups.get(root);
    if (group) group.push(alert);
    else groups.set(root, [alert]);
  });
  const incidents: Incident[] = [];
  for (const group of groups.values()) if (group.length >= minAlerts) incidents.push(incidentOf(group));
  return incidents.sort(
    (a, b) => Date.parse(a.firstSeen) - Date.parse(b.firstSeen) || compareText(a.id, b.id),
  );
}

function linkKeys(alert: Alert): string[] {
  const keys: string[] = [];
  const hosts = new Set(alert.entities.hosts.map((h) => h.toLowerCase()));
  for (const host of hosts) {
    const machine = machineOf(host);
    if (machine !== undefined) keys.push(`host\u0000${machine}`);
  }
  for (const ip of alert.entities.sourceIps) {
    const key = sourceIpKey(ip);
    if (key !== undefined) keys.push(key);
  }
  for (const account of alert.entities.accounts) {
    if (isSharedAccount(account, hosts)) keys.push(`account\u0000${account.toLowerCase()}`);
  }
  for (const resource of alert.entities.resources) {
    keys.push(`resource\u0000${resource.toLowerCase()}`);
    // A VM's extensions and run commands are the VM, and its operating system is named after it.
    const vm = vmOfResource(resource);
    if (vm === undefined) continue;
    keys.push(`resource\u0000${vm.id}`);
    const machine = machineOf(vm.name.toLowerCase());
    if (machine !== undefined) keys.push(`host\u0000${machine}`);
  }
  return [...new Set(keys)];
}

/**
 * An Entra object or application id: the Activity Log's caller for a service principal or managed identity,
 * one identity across the tenant: a stolen service principal's run command and role assignment are one
 * story. `AadUserId` alone identifies an account entity
 * (https://learn.microsoft.com/azure/sentinel/entities-reference).
 */
const ENTRA_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isSharedAccount(account: string, hosts: Set<string>): boolean {
  if (account.includes('@') || ENTRA_ID.test(account)) return true;
  const slash = account.indexOf('\\');
  if (slash <= 0) return false;
  const domain = account.slice(0, slash).toLowerCase();
  const name = account.slice(slash + 1).toLowerCase();
  if (MACHINE_IDENTITIES.has(name) || MACHINE_IDENTITY_PREFIXES.some((p) => name.startsWith(p))) return false;
  return !LOCAL_DOMAINS.has(domain) && !namesHost(domain, hosts);
}

/**
 * Whether an account's domain is the name of one of the alert's hosts: a local account (`WEB1\admin`) on
 * `WEB1`, or on `web1.contoso.com`, as Windows names a domain-joined machine (Computer is its FQDN, a local
 * account's domain its NetBIOS name: the first label, cut at 15 characters).
 */
function namesHost(domain: string, hosts: Set<string>): boolean {
  if (hosts.has(domain)) return true;
  for (const host of hosts) {
    const dot = host.indexOf('.');
    const label = dot === -1 ? host : host.slice(0, dot);
    if (label === domain || (domain.length === 15 && label.startsWith(domain))) return true;
  }
  return false;
}

function incidentOf(alerts: Alert[]): Incident {
  const ordered = killChainOrder(alerts);
  const severity = ordered.reduce<AlertSeverity>(
    (worst, a) => (severityRank(a.severity) < severityRank(worst) ? a.severity : worst),
    'Informational',
  );
  const tactics = new Map<string, { id: string; name: string }>();
  for (const alert of ordered) for (const t of alert.tactics) tactics.set(t.id, t);
  const byOrder = (a: { id: string }, b: { id: string }) => orderOf(a.id) - orderOf(b.id);
  const truncated: NonNullable<Incident['entities']['truncated']> = [];
  const union = (kind: 'hosts' | 'ips' | 'accounts' | 'resources', fold: (value: string) => boolean) => {
    const { values, cut } = unionOf(
      ordered.map((a) => a.entities[kind]),
      fold,
    );
    if (cut || ordered.some((a) => a.entities.truncated?.includes(kind))) truncated.push(kind);
    return values;
  };
  // Host names, resource ids and Windows and Entra accounts in any case are one (alerts/entities.ts).
  const entities: Incident['entities'] = {
    hosts: union('hosts', always),
    ips: union('ips', never),
    accounts: union('accounts', (account) => foldsAccount(account, false)),
    resources: union('resources', always),
  };
  if (truncated.length > 0) entities.truncated = truncated;
  const times = ordered.map((a) => [Date.parse(a.firstSeen), Date.parse(a.lastSeen)] as const);
  const first = ordered[times.reduce((best, t, i) => (t[0] < times[best]![0] ? i : best), 0)]!.firstSeen;
  const last = ordered[times.reduce((best, t, i) => (t[1] > times[best]![1] ? i : best), 0)]!.lastSeen;
  const alertIds = ordered.map((a) => a.id);
  return {
    id: incidentId(alertIds),
    title: incidentTitle(ordered, entities),
    severity,
    status: 'active',
    alertIds,
    tactics: [...tactics.values()].sort(byOrder),
    entities,
    firstSeen: first,
    lastSeen: last,
  };
}

function orderOf(tacticId: string): number {
  return tacticById(tacticId)?.order ?? TACTICS.length;
}

const always = () => true;
const never = () => false;

/** Entity lists in first-seen order, without repeats (in any case, where `fold`); bounded like an alert's. */
function unionOf(lists: string[][], fold: (value: string) => boolean): { values: string[]; cut: boolean } {
  const out = new Map<string, string>();
  let cut = false;
  for (const list of lists) {
    for (const v of list) {
      const key = fold(v) ? v.toLowerCase() : v;
      if (out.has(key)) continue;
      if (out.size < MAX_ENTITIES) out.set(key, v);
      else cut = true;
    }
  }
  return { values: [...out.values()], cut };
}

function incidentId(alertIds: string[]): string {
  const hex = createHash('sha256')
    .update([...alertIds].sort().join('\n'))
    .digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
