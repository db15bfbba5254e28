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
  private readonly sets = new Map<EntityKind, Set<string>>(KINDS.map((k) => [k, new Set()]));
  private readonly full = new Set<EntityKind>();

  constructor(private readonly max: number) {}

  addEvent(event: ThreatEvent): void {
    this.add('hosts', event['host.name']);
    this.add('ips', event['source.ip']);
    this.add('sourceIps', event['source.ip']);
    this.add('ips', event['destination.ip']);
    this.add('accounts', account(event['user.name'], event['user.domain']));
    this.add('accounts', account(event['user.target.name'], event['user.target.domain']));
    this.add(
      'processes',
      event['process.command_line'] ?? event['process.executable'] ?? event['process.name'],
    );
    this.add('files', event['file.path']);
    this.add('resources', event['azure.resource.id']);
  }

  toJSON(): AlertEntities {
    const out = Object.fromEntries(KINDS.map((k) => [k, [...this.sets.get(k)!]])) as unknown as AlertEntities;
    if (this.full.size > 0) out.truncated = KINDS.filter((k) => this.full.has(k));
    return out;
  }

  private add(kind: EntityKind, value: unknown): void {
    if (typeof value !== 'string' || value === '' || value === '-') return;
    const set = this.sets.get(kind)!;
    const text = value.length > MAX_VALUE ? `${value.slice(0, MAX_VALUE)}…` : value;
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
  for (const event of events) {
    addPart(parts, 'h', event['host.name']);
    addPart(parts, 'r', event['azure.resource.id']);
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
