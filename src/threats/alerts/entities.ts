import type { ThreatEvent } from '../event.ts';
import type { AlertEntities } from './alert.ts';

type EntityKind = Exclude<keyof AlertEntities, 'truncated'>;

const KINDS: readonly EntityKind[] = [
  'hosts',
  'ips',
  'sourceIps',
  'accounts',
  'processes',
  'files',
  'resources',
];

/** Longer values (command lines) are cut: an entity names a thing, the evidence holds it whole. */
const MAX_VALUE = 300;

/** Collects an alert's entities from its events, each kind a bounded set in first-seen order. */
export class EntitySet {
  // One field per kind: this runs for every event of every match (a brute force's members included).
  private readonly hosts = new Set<string>();
  private readonly ips = new Set<string>();
  private readonly sourceIps = new Set<string>();
  private readonly accounts = new Set<string>();
  private readonly processes = new Set<string>();
  private readonly files = new Set<string>();
  private readonly resources = new Set<string>();
  private readonly full = new Set<EntityKind>();

  constructor(private readonly max: number) {}

  addEvent(event: ThreatEvent): void {
    this.add(this.hosts, 'hosts', event['host.name']);
    const source = event['source.ip'];
    this.add(this.ips, 'ips', source);
    this.add(this.sourceIps, 'sourceIps', source);
    this.add(this.ips, 'ips', event['destination.ip']);
    this.add(this.accounts, 'accounts', account(event['user.name'], event['user.domain']));
    this.add(this.accounts, 'accounts', account(event['user.target.name'], event['user.target.domain']));
    this.add(
      this.processes,
      'processes',
      event['process.command_line'] ?? event['process.executable'] ?? event['process.name'],
    );
    this.add(this.files, 'files', event['file.path']);
    this.add(this.resources, 'resources', event['azure.resource.id']);
  }

  toJSON(): AlertEntities {
    const out: AlertEntities = {
      hosts: [...this.hosts],
      ips: [...this.ips],
      sourceIps: [...this.sourceIps],
      accounts: [...this.accounts],
      processes: [...this.processes],
      files: [...this.files],
      resources: [...this.resources],
    };
    if (this.full.size > 0) out.truncated = KINDS.filter((k) => this.full.has(k));
    return out;
  }

  private add(set: Set<string>, kind: EntityKind, value: unknown): void {
    if (typeof value !== 'string' || value === '' || value === '-') return;
    if (value.length <= MAX_VALUE) {
      if (set.has(value)) return;
      if (set.size >= this.max) this.full.add(kind);
      else set.add(value);
      return;
    }
    const text = `${value.slice(0, MAX_VALUE)}…`;
    if (set.has(text)) return;
    if (set.size >= this.max) this.full.add(kind);
    else set.add(text);
  }
}

function account(name: unknown, domain: unknown): string | undefined {
  if (typeof name !== 'string' || name === '' || name === '-') return undefined;
  return typeof domain === 'string' && domain !== '' && domain !== '-' && !name.includes('\\')
    ? `${domain}\\${name}`
    : name;
}

/**
 * What identifies "the same entities" for deduplication: the hosts, source addresses, accounts and Azure
 * resources of a match (processes and files are collected, but a new command line on the same host by the
 * same account is the same alert happening again, as Defender aggregates it).
 */
export function entityKey(
  events: readonly ThreatEvent[],
  group: Record<string, unknown> | undefined,
): string {
  const parts = new Set<string>();
  // A correlation's members are mostly on one host: a part is only built when the value changes.
  let host: unknown;
  let resource: unknown;
  for (const event of events) {
    if (event['host.name'] !== host) {
      host = event['host.name'];
      addPart(parts, 'h', host);
    }
    if (event['azure.resource.id'] !== resource) {
      resource = event['azure.resource.id'];
      addPart(parts, 'r', resource);
    }
    if (group === undefined) {
      addPart(parts, 's', event['source.ip']);
      addPart(parts, 'a', account(event['user.name'], event['user.domain']));
    }
  }
  // A correlation's group (e.g. the source address of a brute force) is what its members share.
  if (group !== undefined)
    for (const [field, value] of Object.entries(group)) addPart(parts, `g:${field}`, String(value));
  return [...parts].sort().join('\u0000');
}

function addPart(parts: Set<string>, kind: string, value: unknown): void {
  if (typeof value === 'string' && value !== '' && value !== '-') parts.add(`${kind}=${value}`);
}
