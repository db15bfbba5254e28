import type { Resource } from '../inventory/resource.ts';
import { compareText } from '../util/compare-text.ts';
import { type AddressSet, intersect, isEmpty, subtract, toCidrs, union } from './address-set.ts';
import { admittedSources } from './admitted-sources.ts';
import { PROTOCOL_BITS } from './compiled-nsg.ts';
import type { NetworkEngine } from './engine.ts';
import { namedSources, shapeOf, sourceUniverse } from './inbound-reach.ts';
import { type InternetPath, internetPaths } from './internet-paths.ts';
import type { Level } from './levels.ts';
import type { Note } from './note.ts';
import type { ChainStep } from './nsg-chain.ts';
import { candidatesFor } from './port-index.ts';
import { portSegments, rulesOf, sourcePortSamples } from './port-segments.ts';
import { inboundLevels, type VmInterface } from './topology.ts';

/** The ports Defender for Cloud proposes to protect with JIT: SSH, RDP, WinRM over HTTP and HTTPS. */
export const MANAGEMENT_PORTS: readonly number[] = [22, 3389, 5985, 5986];

/** Who on the internet gets in. */
export interface ExposedSources {
  /** A host no rule names by address gets in: the whole internet, less `except`. */
  anyHost: boolean;
  /** With `anyHost`: the blocks a higher-priority rule keeps out. */
  except: string[];
  /** Without `anyHost`: the blocks that get in. */
  blocks: string[];
  /** Service tags Vigil has no prefixes for whose hosts get in. */
  tags: string[];
}

export interface ExposedPorts {
  protocol: 'Tcp' | 'Udp';
  /** Ports on the VM. */
  ports: { from: number; to: number };
  /** Ports a client on the internet connects to (different behind a NAT rule). */
  frontendPorts: { from: number; to: number };
  management: boolean;
  nicName: string;
  ipConfiguration: string | undefined;
  path: InternetPath;
  sources: ExposedSources;
  /** The allow step of each level (subnet, then NIC) for the widest set of sources. */
  steps: ChainStep[];
}

export interface VmExposure {
  vm: Resource;
  /** The ways in from the internet; none means the VM is not internet-facing. */
  paths: { nicName: string; path: InternetPath }[];
  exposed: ExposedPorts[];
  /**
   * What kept a path closed though it exists (a Standard SKU with no NSG allowing anything), and why a
   * rule naming VirtualNetwork lets internet hosts in (a route table put their prefixes in the tag).
   */
  notes: Note[];
  unknown: Note[];
}

const PROTOCOLS = [
  ['Tcp', PROTOCOL_BITS.Tcp],
  ['Udp', PROTOCOL_BITS.Udp],
] as const;

/** Management ports (TCP) get a row of their own. */
const managementCuts = MANAGEMENT_PORTS.flatMap((p) => [p, p + 1]);

/** Every listed-CIDR description stops here; the rest is counted. */
const MAX_LISTED = 12;

/**
 * Which ports of a VM the internet reaches, from which sources, along which path: a path must exist
 * (internet-paths.ts) and the NSG chain must let an internet source in. Management ports first,
 * then every other TCP and UDP port range.
 */
export function vmExposure(engine: NetworkEngine, vm: Resource): VmExposure {
  const result: VmExposure = { vm, paths: [], exposed: [], notes: [], unknown: [] };
  for (const i of engine.interfacesOf(vm)) {
    if (i.unknown) {
      result.unknown.push(i.unknown);
      continue;
    }
    const found = internetPaths(engine.inventory, i);
    result.unknown.push(...found.unknown);
    for (const path of found.paths) {
      result.paths.push({ nicName: i.nicName, path });
      const exposed = exposedAlong(i, path, result);
      result.exposed.push(...exposed);
      const routes = i.context?.routes;
      if (routes && !result.notes.includes(routes) && exposed.some((e) => e.steps.some(namesVirtualNetwork)))
        result.notes.push(routes);
    }
  }
  result.exposed.sort(order);
  return result;
}

function exposedAlong(i: VmInterface, path: InternetPath, result: VmExposure): ExposedPorts[] {
  const levels = inboundLevels(i);
  const blind = levels.find((l): l is Extract<Level, { kind: 'unknown' }> => l.kind === 'unknown');
  if (blind) {
    result.unknown.push(blind.why);
    return [];
  }
  if (path.sku === 'Standard' && levels.every((l) => l.kind === 'none')) {
    result.notes.push({
      message: `NIC ${i.nicName}: ${describePath(path)} is Standard SKU, closed to inbound traffic until an NSG allows it, and no NSG filters the NIC`,
      resourceId: path.publicIp?.id,
    });
    return [];
  }
  const universe = sourceUniverse(i, 'Internet');
  const named = namedSources(levels, universe);
  const generic = subtract(universe, named);
  const sourcePorts = sourcePortSamples(rulesOf(levels, 'inbound'));
  const out: ExposedPorts[] = [];
  for (const [name, bit] of PROTOCOLS) {
    if ((path.protocols & bit) === 0) continue;
    let previous: ExposedPorts | undefined;
    let previousKey = '';
    const relevant = [...rulesOf(levels, 'inbound')].filter(
      (r) => (r.protocols & bit) !== 0 && r.externalSource,
    );
    // Ports whose candidate rules are the same at every level get the same sources: work them out once.
    const memo = new Map<string, SegmentVerdict | Note | undefined>();
    const verdictAt = (port: number): SegmentVerdict | Note | undefined => {
      const memoKey = levels
        .map((l) => (l.kind === 'nsg' ? candidatesFor(l.compiled.inboundIndex, port).join(',') : '-'))
        .join('|');
      if (memo.has(memoKey)) return memo.get(memoKey);
      const verdict = segmentVerdict(i, levels, universe, generic, sourcePorts, bit, port);
      memo.set(memoKey, verdict);
      return verdict;
    };
    for (const segment of portSegments(
      relevant,
      'destination',
      path.backendPorts,
      bit === PROTOCOL_BITS.Tcp ? managementCuts : [],
    )) {
      const management =
        bit === PROTOCOL_BITS.Tcp && segment.from === segment.to && isManagement(segment.from);
      const verdict = verdictAt(segment.from);
      if (verdict === undefined || 'message' in verdict) {
        // A rule known only at deployment decides these ports: say so once, list what is known.
        if (verdict && !result.unknown.some((n) => n.message === verdict.message))
          result.unknown.push(verdict);
        previous = undefined;
        continue;
      }
      const { sources, steps, key } = verdict;
      if (
        previous &&
        previousKey === key &&
        previous.ports.to + 1 === segment.from &&
        !isManagement(segment.from)
      ) {
        previous.ports.to = segment.to;
        previous.frontendPorts.to = frontendOf(path, segment.to);
        continue;
      }
      previous = {
        protocol: name,
        ports: { ...segment },
        frontendPorts: { from: frontendOf(path, segment.from), to: frontendOf(path, segment.to) },
        management,
        nicName: i.nicName,
        ipConfiguration: i.config?.name,
        path,
        sources,
        steps,
      };
      previousKey = key;
      out.push(previous);
      if (previous.management) previous = undefined;
    }
  }
  return out;
}

interface SegmentVerdict {
  sources: ExposedSources;
  steps: ChainStep[];
  /** Equal keys for adjacent ranges merge them. */
  key: string;
}

/**
 * Who gets in on `port`, over every source port the sender may pick; undefined for nobody; a note
 * when a rule known only at deployment may decide it.
 */
function segmentVerdict(
  i: VmInterface,
  levels: Level[],
  universe: AddressSet,
  generic: AddressSet,
  sourcePorts: number[],
  protocol: number,
  port: number,
): SegmentVerdict | Note | undefined {
  const admissions = sourcePorts.map((sp) =>
    admittedSources(levels, universe, shapeOf(i, protocol, port, sp), true),
  );
  const unknown = admissions.find((a) => a.unknown !== undefined)?.unknown;
  if (unknown) return unknown;
  const admitted = union(...admissions.flatMap((a) => a.pieces.map((p) => p.set)));
  const tags = [...new Set(admissions.flatMap((a) => a.tags.map((t) => t.tag)))];
  if (isEmpty(admitted) && tags.length === 0) return undefined;
  // The allow rules to show: those that let a host no rule names in, when one gets in.
  const widest = admissions
    .flatMap((a) => [
      ...a.pieces.map((p) => ({ steps: p.steps, generic: !isEmpty(intersect(p.set, generic)) })),
      ...a.tags.map((t) => ({ steps: t.steps, generic: false })),
    ])
    .sort((a, b) => Number(b.generic) - Number(a.generic))[0]!;
  const anyHost = !isEmpty(intersect(admitted, generic));
  const sources: ExposedSources = {
    anyHost,
    except: anyHost ? listed(subtract(universe, admitted)) : [],
    blocks: anyHost ? [] : listed(admitted),
    tags,
  };
  return {
    sources,
    steps: widest.steps,
    key: JSON.stringify([sources, widest.steps.map((s) => s.rule?.id ?? s.level)]),
  };
}

function namesVirtualNetwork(step: ChainStep): boolean {
  return step.rule?.source.terms.some((t) => t.kind === 'tag' && t.tag === 'VirtualNetwork') === true;
}

function frontendOf(path: InternetPath, port: number): number {
  const { frontendPorts: f, backendPorts: b } = path;
  // One frontend port (or a v2 NAT range) for one backend port; otherwise ports map in order.
  if (b.from === b.to) return f.from;
  return f.from + (port - b.from);
}

function listed(set: AddressSet): string[] {
  const cidrs = toCidrs(set);
  return cidrs.length <= MAX_LISTED
    ? cidrs
    : [...cidrs.slice(0, MAX_LISTED), `… ${cidrs.length - MAX_LISTED} more`];
}

function isManagement(port: number): boolean {
  return MANAGEMENT_PORTS.includes(port);
}

function order(a: ExposedPorts, b: ExposedPorts): number {
  const rank = (e: ExposedPorts) =>
    e.management ? MANAGEMENT_PORTS.indexOf(e.ports.from) : MANAGEMENT_PORTS.length;
  return rank(a) - rank(b) || compareText(a.protocol, b.protocol) || a.ports.from - b.ports.from;
}

export function describePath(path: InternetPath): string {
  const pip = path.publicIp
    ? `${path.publicIp.name}${path.publicIp.address && !path.publicIp.address.startsWith('(') ? ` (${path.publicIp.address})` : ''}`
    : '';
  if (path.kind === 'public-ip') return `public IP ${pip}`;
  const kind = path.kind === 'inbound-nat-rule' ? 'inbound NAT rule' : 'load-balancing rule';
  return `load balancer ${path.loadBalancer?.name} ${kind} ${path.rule?.name} on ${pip}`;
}
