import type { Resource } from '../../inventory/resource.ts';
import type { SourceClass } from '../../network/inbound-reach.ts';
import { isUnknown } from '../../util/unknown.ts';
import type { Evidence, Health, Judgement } from '../types.ts';

/**
 * Everything the network analyzers know about a VM's network: which NSGs filter it, whether it
 * faces the internet, what inbound traffic its NSGs let in. Analyzers ask this interface and never
 * read NSG JSON: the implementation is Vigil's NSG engine (exact-network-model.ts, over src/network).
 *
 * A question the snapshot cannot answer (a NIC, subnet or NSG it does not hold) is answered
 * `'unknown'`, with evidence naming what is missing.
 */
export interface NetworkModel {
  /** Per network interface (IP configuration), the NSGs that filter its inbound traffic: subnet first, then NIC. */
  vmNsgs(vm: Resource): InterfaceNsgs[];
  /** A public IP on one of its IP configurations, or a load balancer with a public frontend in front of it. */
  vmInternetFacing(vm: Resource): Verdict<'facing'>;
  /** Whether a packet from `source` to `port`/`protocol` reaches the VM through at least one of its interfaces. */
  vmInboundAllowed(vm: Resource, port: number, protocol: Transport, source: InboundSource): InboundVerdict;
  /** Every port range the VM's NSGs let in from `source`; interfaces without any NSG are left out. */
  vmInboundOpenings(vm: Resource, source: InboundSource): Openings;
  /** IP forwarding on any of its NICs. */
  vmIpForwarding(vm: Resource): Verdict<'enabled'>;
}

/**
 * `Internet`: a host on the public internet that no rule names by address. `Any`: a host outside the
 * VNet and the internet, matched by every-address rules only.
 */
export type InboundSource = SourceClass;
export type Transport = 'Tcp' | 'Udp';

export type Verdict<K extends string> = { [key in K]: boolean | 'unknown' } & { evidence: Evidence[] };

export interface NsgRef {
  id: string;
  name: string;
  level: 'subnet' | 'nic';
  /** What the NSG is attached to (the subnet or the NIC). */
  attachedTo: string;
  /** False when the snapshot lacks the NSG: the association is known, its rules are not. */
  inSnapshot: boolean;
}

export interface InterfaceNsgs {
  nicId: string;
  nicName: string;
  ipConfiguration: string | undefined;
  subnetId: string | undefined;
  nsgs: NsgRef[];
  /** Set when what filters this interface cannot be known from the snapshot. */
  unknown: Evidence | undefined;
}

/** An NSG rule that decided a verdict. */
export interface RuleRef {
  nsgId: string;
  nsgName: string;
  level: 'subnet' | 'nic';
  id: string;
  name: string;
  priority: number;
  access: 'Allow' | 'Deny';
  isDefault: boolean;
}

export interface InboundVerdict {
  allowed: boolean | 'unknown';
  /**
   * The rule that decided: for a denied packet the deny rule; for an allowed one the innermost allow
   * rule (absent when no NSG filters the interface that lets it in).
   */
  rule: RuleRef | undefined;
  evidence: Evidence[];
}

export interface Opening {
  protocol: Transport;
  from: number;
  to: number;
  /** The allow rules that let it in, one per NSG on the interface's path. */
  rules: RuleRef[];
  evidence: Evidence;
}

export interface Openings {
  openings: Opening[];
  /** Interfaces whose NSGs the snapshot does not hold. */
  unknown: Evidence[];
  /** Rule fields that could not be read (a malformed port): they match nothing. */
  problems: Evidence[];
}

/**
 * The health of a verdict the network model could not give: `unknown` when it rests on a value known
 * only at deployment (the evidence carries its `$vigilUnknown` marker), not applicable when the
 * snapshot lacks what decides it (a NIC, subnet or NSG).
 */
export function undecided(evidence: readonly Evidence[]): Health {
  return evidence.some((e) => isUnknown(e.actual)) ? 'unknown' : 'notApplicable';
}

/** Evidence without repeats: one message about one resource once. */
export function dedupe(evidence: Evidence[]): Evidence[] {
  // Most lists asked about are empty: a set of keys for them is waste.
  if (evidence.length < 2) return [...evidence];
  const seen = new Set<string>();
  return evidence.filter((e) => {
    const key = `${e.message}|${e.resourceId ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * A judgement whose evidence is worked out when first read. A scan keeps only each VM's health and asks
 * again when a report shows the evidence (posture/assess.ts): building it for every VM was most of what
 * the network analyzers cost.
 */
export function judgement(health: Health, evidence: () => Evidence[]): Judgement {
  return new LaterJudgement(health, evidence);
}

/**
 * A value made on its first read, once. Lazy answers are classes with getters, not object literals with
 * getters: V8 makes those some twenty times more slowly, which undid the saving.
 */
export class Later<T> {
  #make: (() => T) | undefined;
  #value: T | undefined;

  constructor(make: () => T) {
    this.#make = make;
  }

  get value(): T {
    if (this.#make !== undefined) {
      this.#value = this.#make();
      this.#make = undefined;
    }
    return this.#value as T;
  }
}

class LaterJudgement extends Later<Evidence[]> implements Judgement {
  constructor(
    readonly health: Health,
    evidence: () => Evidence[],
  ) {
    super(evidence);
  }

  get evidence(): Evidence[] {
    return this.value;
  }
}
