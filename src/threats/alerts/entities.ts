import type { ThreatEvent } from '../event.ts';
import type { AlertEntities } from './alert.ts';
import { cutText } from './cut.ts';
import { ipEntity } from './ip-entity.ts';

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
  // One set per kind, in KINDS order: this runs for every event of every match (a brute force's members
  // included).
  private readonly sets: Set<string>[] = KINDS.map(() => new Set<string>());
  // Per set, the value last offered: adding is idempotent, and an alert's events mostly repeat their host,
  // address and account, so a comparison with it saves most set lookups.
  private readonly last: (string | undefined)[] = KINDS.map(() => undefined);
  private readonly full = new Set<EntityKind>();
  // Host names (RFC 4343) and Azure resource ids are case-insensitive: `VM-01` and `vm-01` are one host,
  // and the Activity Log writes one resource id in capitals in some records and not in others. So are
  // Windows and Entra accounts (foldsAccount). Those are kept once, in the spelling first seen.
  private readonly folded: (Set<string> | undefined)[] = KINDS.map((k) =>
    k === 'hosts' || k === 'resources' || k === 'accounts' ? new Set<string>() : undefined,
  );

  constructor(private readonly max: number) {}

  addEvent(event: ThreatEvent): void {
    this.add(HOSTS, event['host.name']);
    const source = ipEntity(event['source.ip']);
    this.add(IPS, source);
    this.add(SOURCE_IPS, source);
    this.add(IPS, ipEntity(event['destination.ip']));
    const windows = isWindows(event);
    this.add(ACCOUNTS, account(event['user.name'], event['user.domain']), windows);
    this.add(ACCOUNTS, account(event['user.target.name'], event['user.target.domain']), windows);
    this.add(
      PROCESSES,
      event['process.command_line'] ?? event['process.executable'] ?? event['process.name'],
    );
    this.add(FILES, event['file.path']);
    this.add(RESOURCES, event['azure.resource.id']);
  }

  /** Adds another set's values after this one's (alerts of one key joined by a match out of order). */
  addAll(other: EntitySet): void {
    other.sets.forEach((set, kind) => {
      for (const value of set) this.add(kind, value, other.folded[kind]?.has(value.toLowerCase()));
    });
    for (const kind of other.full) this.full.add(kind);
  }

  toJSON(): AlertEntities {
    const [hosts, ips, sourceIps, accounts, processes, files, resources] = this.sets as [
      Set<string>,
      Set<string>,
      Set<string>,
      Set<string>,
      Set<string>,
      Set<string>,
      Set<string>,
    ];
    const out: AlertEntities = {
      hosts: [...hosts],
      ips: [...ips],
      sourceIps: [...sourceIps],
      accounts: [...accounts],
      processes: [...processes],
      files: [...files],
      resources: [...resources],
    };
    if (this.full.size > 0) out.truncated = KINDS.filter((k) => this.full.has(k));
    return out;
  }

  /** `windows`: the account came from a Windows log, where names are case-insensitive (foldsAccount). */
  private add(kind: number, value: unknown, windows = false): void {
    if (typeof value !== 'string' || value === '' || value === '-') return;
    const last = this.last[kind];
    if (typeof last === 'string' && sameText(last, value)) return;
    this.last[kind] = value;
    const set = this.sets[kind]!;
    const text = cutText(value, MAX_VALUE);
    if (set.has(text)) return;
    const folded = this.folded[kind];
    const key =
      folded === undefined || (kind === ACCOUNTS && !foldsAccount(text, windows))
        ? undefined
        : text.toLowerCase();
    if (key !== undefined && folded!.has(key)) return;
    if (set.size >= this.max) this.full.add(KINDS[kind]!);
    else {
      set.add(text);
      if (key !== undefined) folded!.add(key);
    }
  }
}

const HOSTS = 0;
const IPS = 1;
const SOURCE_IPS = 2;
const ACCOUNTS = 3;
const PROCESSES = 4;
const FILES = 5;
const RESOURCES = 6;

/**
 * Equal texts, compared char by char: values cut from log lines are slices of them, which V8's `===` compares
 * through a runtime call, many times slower than this loop for the short values entities are.
 */
function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  // Addresses and names that differ mostly differ at the end.
  for (let i = a.length - 1; i >= 0; i--) if (a.charCodeAt(i) !== b.charCodeAt(i)) return false;
  return true;
}

function isWindows(event: ThreatEvent): boolean {
  // `windows.*` datasets; compared by its first character, as this runs for every event.
  return event['event.dataset'].charCodeAt(0) === 119;
}

/**
 * Whether an account is one in any case: a Windows account (`CONTOSO\Alice` is `contoso\alice`; SAM and
 * domain names are case-insensitive) or a user principal name (`Alice@Contoso.com`). A Linux account is not:
 * `Admin` and `admin` are two users.
 */
export function foldsAccount(account: string, windows: boolean): boolean {
  return windows || account.includes('\\') || account.includes('@');
}

function account(name: unknown, domain: unknown): string | undefined {
  if (typeof name !== 'string' || name === '' || name === '-') return undefined;
  // `CONTOSO\alice` already says its domain, and so does a user principal name (`alice@contoso.com`).
  return typeof domain === 'string' &&
    domain !== '' &&
    domain !== '-' &&
    !name.includes('\\') &&
    !name.includes('@')
    ? `${domain}\\${name}`
    : name;
}

/**
 * What identifies "the same entities" for deduplication: the hosts, source addresses, accounts and Azure
 * resources of a match (processes and files are collected, but a new command line on the same host by the
 * same account is the same alert happening again, as Defender aggregates it). Hosts, resources and
 * Windows and Entra accounts in any case are one, and an address however written (EntitySet).
 */
export function entityKey(
  events: readonly ThreatEvent[],
  group: Record<string, unknown> | undefined,
): string {
  const parts: string[] = [];
  // Parts are few (a host or two, the group): a scan of the list beats a set, unless the members are many.
  const seen = events.length > 16 ? new Set<string>() : undefined;
  // A correlation's members are mostly on one host: a part is only built when the value changes.
  let host: unknown;
  let resource: unknown;
  for (const event of events) {
    if (event['host.name'] !== host) {
      host = event['host.name'];
      addPart(parts, seen, 'h=', lowerCase(host));
    }
    if (event['azure.resource.id'] !== resource) {
      resource = event['azure.resource.id'];
      addPart(parts, seen, 'r=', lowerCase(resource));
    }
    if (group === undefined) {
      addPart(parts, seen, 's=', ipEntity(event['source.ip']));
      const name = account(event['user.name'], event['user.domain']);
      addPart(
        parts,
        seen,
        'a=',
        name !== undefined && foldsAccount(name, isWindows(event)) ? name.toLowerCase() : name,
      );
    }
  }
  // A correlation's group (e.g. the source address of a brute force) is what its members share.
  if (group !== undefined)
    for (const field in group) addPart(parts, seen, `g:${field}=`, ipEntity(String(group[field])));
  if (parts.length === 1) return parts[0]!;
  sortTexts(parts);
  return parts.join('\u0000');
}

/**
 * `parts.sort()` (UTF-16 code unit order), by insertion in place when the parts are few (they mostly are: a
 * host and a group): the builtin sort copies the list into a work area on every call, one allocation per
 * alert match.
 */
function sortTexts(parts: string[]): void {
  if (parts.length > 16) {
    parts.sort();
    return;
  }
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i]!;
    let at = i;
    while (at > 0 && parts[at - 1]! > part) {
      parts[at] = parts[at - 1]!;
      at--;
    }
    parts[at] = part;
  }
}

function lowerCase(value: unknown): unknown {
  return typeof value === 'string' ? value.toLowerCase() : value;
}

function addPart(parts: string[], seen: Set<string> | undefined, kind: string, value: unknown): void {
  if (typeof value !== 'string' || value === '' || value === '-') return;
  const part = kind + value;
  if (seen === undefined ? parts.includes(part) : seen.has(part)) return;
  seen?.add(part);
  parts.push(part);
}
