import type { Inventory } from '../../inventory/inventory.ts';
import type { Resource } from '../../inventory/resource.ts';
import { PROTOCOL_BITS } from '../../network/compiled-nsg.ts';
import { NetworkEngine } from '../../network/engine.ts';
import { describePath } from '../../network/exposure.ts';
import { inboundReach, type Reach } from '../../network/inbound-reach.ts';
import { type InternetPath, internetPaths } from '../../network/internet-paths.ts';
import type { Level } from '../../network/levels.ts';
import type { ChainStep } from '../../network/nsg-chain.ts';
import { portSegments, rulesOf } from '../../network/port-segments.ts';
import { accessUnknown } from '../../network/security-rules.ts';
import { SharedReach } from '../../network/shared-reach.ts';
import { inboundLevels, lastSegment, missing, type VmInterface } from '../../network/topology.ts';
import { getProperty, isJsonObject } from '../../util/json.ts';
import { findUnknown, isUnknown, unknownValue } from '../../util/unknown.ts';
import type { Evidence } from '../types.ts';
import {
  dedupe,
  type InboundSource,
  type InboundVerdict,
  type InterfaceNsgs,
  Later,
  type NetworkModel,
  type NsgRef,
  type Opening,
  type Openings,
  type RuleRef,
  type Transport,
  type Verdict,
} from './network-model.ts';

const PROTOCOLS: Transport[] = ['Tcp', 'Udp'];

/** An opening before it names its interface. */
type Span = Omit<Opening, 'evidence'> & {
  /** A rule that lets it in names VirtualNetwork, which a route table widened (vnet-space.ts routedContext). */
  routed: boolean;
};

/**
 * The network model over Vigil's NSG engine (src/network): rules normalised and compiled once,
 * service tags resolved against each VNet, sources judged by address arithmetic, subnet NSG then
 * NIC NSG per IP configuration. `Internet` asks about a host on the public internet that no rule
 * names by address (and counts rules that admit a /8 or more as open); `Any` about a host outside
 * both the VNet and the internet.
 */
export function exactNetworkModel(inventory: Inventory, engine = new NetworkEngine(inventory)): NetworkModel {
  const interfacesOf = (vm: Resource) => engine.interfacesOf(vm);
  const shared = new SharedReach();

  const readNsgs = (vm: Resource): InterfaceNsgs[] => interfacesOf(vm).map(interfaceNsgs);

  const vmInboundAllowed = (
    vm: Resource,
    port: number,
    protocol: Transport,
    source: InboundSource,
  ): InboundVerdict => {
    const interfaces = interfacesOf(vm);
    if (interfaces.length === 0) return { allowed: 'unknown', rule: undefined, evidence: [noInterfaces(vm)] };
    let allowed: InboundVerdict['allowed'] = false;
    for (const i of interfaces) {
      const open = shared.open(i, PROTOCOL_BITS[protocol], port, source);
      if (open === true) {
        allowed = true;
        break;
      }
      if (open === 'unknown') allowed = 'unknown';
    }
    // A scan wants the verdict alone, four ports of every VM: what decided it is worked out when read.
    return new InboundAnswer(allowed, new Later(() => explainInbound(interfaces, port, protocol, source)));
  };

  /** The rule and evidence of vmInboundAllowed's verdict. */
  const explainInbound = (
    interfaces: VmInterface[],
    port: number,
    protocol: Transport,
    source: InboundSource,
  ): Omit<InboundVerdict, 'allowed'> => {
    const reaches = interfaces.map((i) => ({
      i,
      reach: shared.reach(i, PROTOCOL_BITS[protocol], port, source),
    }));
    const describe = `${protocol.toUpperCase()} ${port} from ${source}`;
    const open = reaches.filter((r) => r.reach.open === true);
    if (open.length > 0) {
      const last = decidingSteps(open[0]!.reach).findLast((s) => s.rule !== undefined && s.nsg !== undefined);
      return {
        rule: last && ruleRef(last),
        evidence: open.flatMap((r) => [
          ...reachEvidence(r.reach, describe),
          ...routeEvidence(r.i, decidingSteps(r.reach)),
          ...problems(r.i),
        ]),
      };
    }
    const unknown = reaches.filter((r) => r.reach.open === 'unknown');
    if (unknown.length > 0)
      return { rule: undefined, evidence: unknown.flatMap((r) => reachEvidence(r.reach, describe)) };
    const deny = reaches[0]!.reach.verdict?.deciding;
    return {
      rule: deny?.rule && deny.nsg ? ruleRef(deny) : undefined,
      evidence: reaches.flatMap((r) => [...reachEvidence(r.reach, describe), ...problems(r.i)]),
    };
  };

  /** Per class of alike interfaces and source: the port ranges open, when no verdict was unknown. */
  const sharedOpenings = new Map<object, Map<InboundSource, Span[] | null>>();

  const vmInboundOpenings = (vm: Resource, source: InboundSource): Openings => {
    const openings: Opening[] = [];
    const unknown: Evidence[] = [];
    /** Interfaces whose NSGs were read: their unreadable rule fields are reported. */
    const filtered: VmInterface[] = [];
    const interfaces = interfacesOf(vm);
    if (interfaces.length === 0) unknown.push(noInterfaces(vm));
    for (const i of interfaces) {
      const levels = inboundLevels(i);
      if (levels.every((l) => l.kind === 'none') && !i.unknown) continue;
      const blind = i.unknown ?? levels.flatMap((l) => (l.kind === 'unknown' ? [l.why] : []))[0];
      if (blind) {
        unknown.push(blind);
        continue;
      }
      filtered.push(i);
      const alike = shared.classOf(i);
      let bySource = alike && sharedOpenings.get(alike);
      if (alike && bySource === undefined) {
        bySource = new Map();
        sharedOpenings.set(alike, bySource);
      }
      let spans = bySource?.get(source);
      if (spans === undefined || spans === null) {
        const found: Evidence[] = [];
        spans = interfaceOpenings(i, levels, source, found);
        unknown.push(...found);
        // Unknown evidence names the interface's own subnet: only a clean answer is shared.
        bySource?.set(source, found.length === 0 ? spans : null);
      }
      for (const span of spans) openings.push(new OpeningAnswer(i, span, source));
    }
    return new OpeningsAnswer(openings, dedupe(unknown), new Later(() => dedupe(filtered.flatMap(problems))));
  };

  /** The port ranges the interface lets in from `source`, by the rules that let each in. */
  const interfaceOpenings = (
    i: VmInterface,
    levels: Level[],
    source: InboundSource,
    unknown: Evidence[],
  ): Span[] => {
    const spans: Span[] = [];
    for (const protocol of PROTOCOLS) {
      let current: Span | undefined;
      let currentKey = '';
      const rules = [...rulesOf(levels, 'inbound')].filter(
        (r) => (r.protocols & PROTOCOL_BITS[protocol]) !== 0,
      );
      for (const { from, to } of portSegments(rules, 'destination')) {
        // Asked once per class of alike interfaces (see sharedOpenings): not worth keeping.
        const reach = inboundReach(i, PROTOCOL_BITS[protocol], from, source);
        // Only a rule known at deployment makes this unknown; a service tag Vigil lacks prefixes
        // for is not Any or Internet, so it cannot make the port open in this sense.
        if (reach.open === 'unknown')
          unknown.push(
            ...reachEvidence(reach, `${protocol.toUpperCase()} ${from}-${to} from ${source}`).filter((e) =>
              isUnknown(e.actual),
            ),
          );
        if (reach.open !== true) {
          current = undefined;
          continue;
        }
        const steps = decidingSteps(reach);
        const rules = steps.flatMap((s) => (s.rule && s.nsg ? [ruleRef(s)] : []));
        const key = rules.map((r) => r.id).join('|');
        if (current && currentKey === key) {
          current.to = to;
          continue;
        }
        current = { protocol, from, to, rules, routed: routedBy(i, steps) };
        currentKey = key;
        spans.push(current);
      }
    }
    return spans;
  };

  const readInternetFacing = (vm: Resource): Verdict<'facing'> => {
    const interfaces = interfacesOf(vm);
    if (interfaces.length === 0) return { facing: 'unknown', evidence: [noInterfaces(vm)] };
    const facing: { i: VmInterface; paths: InternetPath[] }[] = [];
    const unknown: Evidence[] = [];
    for (const i of interfaces) {
      if (i.unknown) {
        unknown.push(i.unknown);
        continue;
      }
      const found = internetPaths(inventory, i);
      unknown.push(...found.unknown);
      if (found.paths.length > 0) facing.push({ i, paths: found.paths });
    }
    // Two analyzers ask every VM whether it faces the internet; only a report reads how.
    if (facing.length > 0)
      return new FacingAnswer(
        true,
        new Later(() => facing.flatMap(({ i, paths }) => paths.map((path) => pathEvidence(i, path)))),
      );
    if (unknown.length > 0) return { facing: 'unknown', evidence: unknown };
    return new FacingAnswer(
      false,
      new Later((): Evidence[] => {
        const nics = new Set(interfaces.flatMap((i) => (i.unknown ? [] : [i.nicName])));
        return [
          {
            message: `no public IP on NIC ${[...nics].join(', ')}, and no public load balancer frontend forwards to it`,
          },
        ];
      }),
    );
  };

  const vmIpForwarding = (vm: Resource): Verdict<'enabled'> => {
    const refs = engine.nicsOf(vm);
    if (refs.length === 0) return { enabled: 'unknown', evidence: [noInterfaces(vm)] };
    const enabled: Evidence[] = [];
    const unknown: Evidence[] = [];
    const names: string[] = [];
    for (const ref of refs) {
      if (ref.dangling) {
        unknown.push(
          missing(`NIC ${lastSegment(ref.id)}`, ref.id, ref.field, 'its IP forwarding setting is unknown'),
        );
        continue;
      }
      names.push(ref.resource.name);
      const value = isJsonObject(ref.resource.properties)
        ? getProperty(ref.resource.properties, 'enableIPForwarding')
        : undefined;
      const expression = findUnknown(value);
      if (expression !== undefined) {
        unknown.push({
          message: `NIC ${ref.resource.name}: IP forwarding is known only at deployment (${expression})`,
          field: 'properties.enableIPForwarding',
          actual: unknownValue(expression),
          resourceId: ref.resource.id,
        });
        continue;
      }
      if (value === true || (typeof value === 'string' && value.toLowerCase() === 'true')) {
        enabled.push({
          message: `NIC ${ref.resource.name} has IP forwarding enabled`,
          field: 'properties.enableIPForwarding',
          actual: value,
          expected: false,
          resourceId: ref.resource.id,
        });
      }
    }
    if (enabled.length > 0) return { enabled: true, evidence: enabled };
    if (unknown.length > 0) return { enabled: 'unknown', evidence: unknown };
    return { enabled: false, evidence: [{ message: `IP forwarding is off on NIC ${names.join(', ')}` }] };
  };

  const problems = (i: VmInterface): Evidence[] =>
    inboundLevels(i).flatMap((l) => (l.kind === 'nsg' ? engine.problemsOf(l.compiled.nsg) : []));

  // Several analyzers ask these of each VM before the scan moves on to the next one.
  const vmNsgs = lastAnswer(readNsgs);
  const vmInternetFacing = lastAnswer(readInternetFacing);

  return { vmNsgs, vmInternetFacing, vmInboundAllowed, vmInboundOpenings, vmIpForwarding };
}

function interfaceNsgs(i: VmInterface): InterfaceNsgs {
  const nsgs: NsgRef[] = [];
  let unknown = i.unknown;
  for (const level of inboundLevels(i)) {
    if (level.kind === 'nsg' || (level.kind === 'unknown' && level.ref)) nsgs.push(level.ref!);
    else if (level.kind === 'unknown') unknown ??= level.why;
  }
  return {
    nicId: i.nicId,
    nicName: i.nicName,
    ipConfiguration: i.config?.name,
    subnetId: i.subnetId,
    nsgs,
    unknown,
  };
}

/** `answer`, keeping its last answer for a VM asked again straight away. */
function lastAnswer<T>(answer: (vm: Resource) => T): (vm: Resource) => T {
  let lastVm: Resource | undefined;
  let last: T | undefined;
  return (vm) => {
    if (vm !== lastVm) {
      last = answer(vm);
      lastVm = vm;
    }
    return last as T;
  };
}

/** The steps that decide a reach: the concrete evaluation's, or the widest admitted block's. */
function decidingSteps(reach: Reach): ChainStep[] {
  if (reach.verdict?.access === 'Allow') return reach.verdict.steps;
  return reach.broad ?? reach.verdict?.steps ?? [];
}

function reachEvidence(reach: Reach, packet: string): Evidence[] {
  if (reach.unknown.length > 0) return reach.unknown;
  const steps = decidingSteps(reach);
  const evidence = steps.map((s) => stepEvidence(s, packet));
  if (reach.open === true && reach.verdict?.access !== 'Allow')
    evidence.push({
      message: `the rules above admit address blocks as wide as a /8 or more: as open as Any`,
    });
  return evidence;
}

function stepEvidence(step: ChainStep, packet: string): Evidence {
  const level = step.level === 'nic' ? 'NIC' : 'subnet';
  if (step.nsg === undefined)
    return { message: `no NSG on ${level} ${step.attachedTo}: that level lets all inbound traffic through` };
  const where = `NSG ${step.nsg.name} on ${level} ${step.attachedTo}`;
  if (step.rule === undefined)
    return { message: `${where}: no rule matches ${packet}, so it is denied`, resourceId: step.nsg.id };
  const verb =
    step.access === 'Allow' ? 'allows' : step.access === 'Deny' ? 'denies' : 'may or may not let in';
  const alternatives = step.alternatives.map(
    (a) =>
      `; rule ${a.rule.name} (priority ${a.rule.priority}) ${accessUnknown(a.rule) ? 'allows or denies' : a.rule.access === 'Allow' ? 'allows' : 'denies'} it first, depending on ${a.why}`,
  );
  const deployed = step.alternatives.find((a) => a.rule.unknowns.length > 0)?.rule.unknowns[0];
  return {
    message: `${where}: rule ${step.rule.name} (priority ${step.rule.priority}${step.rule.isDefault ? ', default rule' : ''}) ${verb} ${packet}${alternatives.join('')}`,
    field: deployed?.field ?? step.rule.field,
    resourceId: step.rule.id,
    // The verdict rests on a value known only at deployment: the analyzers report it unknown.
    ...(deployed && { actual: unknownValue(deployed.expression) }),
  };
}

function ruleRef(step: ChainStep): RuleRef {
  const rule = step.rule!;
  const nsg = step.nsg!;
  return {
    nsgId: nsg.id,
    nsgName: nsg.name,
    level: nsg.level,
    id: rule.id,
    name: rule.name,
    priority: rule.priority,
    access: rule.access,
    isDefault: rule.isDefault,
  };
}

/*
 * The model's answers with what explains them worked out when read: a scan keeps only health, and a
 * report asks again for the few findings it shows (posture/assess.ts).
 */

class InboundAnswer implements InboundVerdict {
  readonly #explained: Later<Omit<InboundVerdict, 'allowed'>>;

  constructor(
    readonly allowed: InboundVerdict['allowed'],
    explained: Later<Omit<InboundVerdict, 'allowed'>>,
  ) {
    this.#explained = explained;
  }

  get rule(): RuleRef | undefined {
    return this.#explained.value.rule;
  }

  get evidence(): Evidence[] {
    return this.#explained.value.evidence;
  }
}

class OpeningsAnswer implements Openings {
  readonly #problems: Later<Evidence[]>;

  constructor(
    readonly openings: Opening[],
    readonly unknown: Evidence[],
    problems: Later<Evidence[]>,
  ) {
    this.#problems = problems;
  }

  get problems(): Evidence[] {
    return this.#problems.value;
  }
}

class OpeningAnswer implements Opening {
  readonly protocol: Transport;
  readonly from: number;
  readonly to: number;
  readonly rules: RuleRef[];
  readonly #evidence: Later<Evidence>;

  constructor(i: VmInterface, span: Span, source: InboundSource) {
    this.protocol = span.protocol;
    this.from = span.from;
    this.to = span.to;
    this.rules = span.rules;
    this.#evidence = new Later(() => openingEvidence(i, span, source, span.routed));
  }

  get evidence(): Evidence {
    return this.#evidence.value;
  }
}

class FacingAnswer implements Verdict<'facing'> {
  readonly #evidence: Later<Evidence[]>;

  constructor(
    readonly facing: boolean,
    evidence: Later<Evidence[]>,
  ) {
    this.#evidence = evidence;
  }

  get evidence(): Evidence[] {
    return this.#evidence.value;
  }
}

function pathEvidence(i: VmInterface, path: InternetPath): Evidence {
  const where = `NIC ${i.nicName} ${i.config?.name ?? i.config?.field}`;
  return {
    message:
      path.kind === 'public-ip'
        ? `${where} has ${describePath(path)}`
        : `${where} is behind load balancer ${path.loadBalancer?.name}: its ${path.kind === 'inbound-nat-rule' ? 'inbound NAT rule' : 'load-balancing rule'} ${path.rule?.name} forwards ${ports(path.frontendPorts)} on public IP ${path.publicIp?.name} to ${ports(path.backendPorts)}`,
    field: path.field,
    resourceId: path.kind === 'public-ip' ? path.publicIp?.id : path.loadBalancer?.id,
  };
}

function openingEvidence(
  i: VmInterface,
  opening: Omit<Opening, 'evidence'>,
  source: InboundSource,
  routed: boolean,
): Evidence {
  const range = opening.from === opening.to ? `${opening.from}` : `${opening.from}-${opening.to}`;
  const rules = opening.rules.map((r) => `rule ${r.name} of NSG ${r.nsgName} (priority ${r.priority})`);
  const why = routed && i.context?.routes ? `: ${i.context.routes.message}` : '';
  return {
    message: `NIC ${i.nicName}: ${rules.join(' and ')} ${rules.length > 1 ? 'allow' : 'allows'} ${opening.protocol.toUpperCase()} ${range} from ${source}${why}`,
    resourceId: opening.rules.at(-1)?.id,
  };
}

/**
 * Why a rule naming VirtualNetwork lets in a host outside the VNet: the route table on the subnet
 * put its prefixes in the tag. Empty for every other verdict.
 */
function routeEvidence(i: VmInterface, steps: readonly ChainStep[]): Evidence[] {
  return routedBy(i, steps) ? [i.context!.routes!] : NO_EVIDENCE;
}

function routedBy(i: VmInterface, steps: readonly ChainStep[]): boolean {
  if (i.context?.routes === undefined) return false;
  return steps.some((s) => s.rule?.source.terms.some((t) => t.kind === 'tag' && t.tag === 'VirtualNetwork'));
}

const NO_EVIDENCE: Evidence[] = [];

function ports(range: { from: number; to: number }): string {
  if (range.from === 0 && range.to === 65535) return 'every port';
  return range.from === range.to ? `port ${range.from}` : `ports ${range.from}-${range.to}`;
}

function noInterfaces(vm: Resource): Evidence {
  return {
    message: `VM ${vm.name} lists no network interfaces`,
    field: 'properties.networkProfile.networkInterfaces',
    resourceId: vm.id,
  };
}
