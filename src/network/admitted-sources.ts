import { type AddressSet, EMPTY, intersect, isEmpty, subtract } from './address-set.ts';
import type { CompiledNsg, CompiledRule } from './compiled-nsg.ts';
import { endpointMatch, NO, portMatch } from './first-match.ts';
import type { Address } from './ip-address.ts';
import type { Level } from './levels.ts';
import type { Note } from './note.ts';
import { type ChainStep, deploymentNote } from './nsg-chain.ts';
import { candidatesFor } from './port-index.ts';

/** Sources that get through, and the allow step of each level that let them. */
export interface AdmittedPiece {
  set: AddressSet;
  steps: ChainStep[];
}

/** Hosts in a service tag Vigil has no prefixes for, let through by a rule naming the tag. */
export interface AdmittedTag {
  tag: string;
  steps: ChainStep[];
}

export interface Admission {
  pieces: AdmittedPiece[];
  tags: AdmittedTag[];
  /** Set when a level's NSG (or subnet) is not in the snapshot, or a rule that may match is known only at deployment: nothing can be said. */
  unknown: Note | undefined;
}

/** An inbound packet with everything fixed but its source address. */
export interface InboundShape {
  protocol: number;
  sourcePort: number;
  destinationPort: number;
  destination: Address;
  destinationAsgs: ReadonlySet<string>;
  destinationRange: AddressSet | undefined;
}

/**
 * Which source addresses out of `universe` an inbound packet of this shape may come from, evaluated
 * exactly: each level walks its rules by priority, an allow admits the sources still undecided that
 * the rule names, any matching rule decides those sources for good. What one level admits is what
 * the next level sees. `external` says the universe lies outside the VNet: rules that name only
 * VNet or private sources, and ASG rules (their members are NICs), are skipped.
 */
export function admittedSources(
  levels: readonly Level[],
  universe: AddressSet,
  shape: InboundShape,
  external: boolean,
): Admission {
  let pieces: AdmittedPiece[] = [{ set: universe, steps: [] }];
  let tags: AdmittedTag[] = [];
  for (const level of levels) {
    if (level.kind === 'unknown') return { pieces: [], tags: [], unknown: level.why };
    if (level.kind === 'none') {
      const step: ChainStep = {
        level: level.level,
        attachedTo: level.attachedTo,
        nsg: undefined,
        rule: undefined,
        access: 'Allow',
        alternatives: [],
        platform: false,
      };
      pieces = pieces.map((p) => ({ set: p.set, steps: [...p.steps, step] }));
      tags = tags.map((t) => ({ tag: t.tag, steps: [...t.steps, step] }));
      continue;
    }
    const compiled = level.compiled;
    const rules = matchingRules(compiled, shape, external);
    // A rule known in part only at deployment that may match a source still undecided when it is
    // reached leaves the admission unknown.
    const unsure = (rule: CompiledRule): Admission => ({
      pieces: [],
      tags: [],
      unknown: deploymentNote(level.ref, rule.rule),
    });
    const step = (rule: CompiledRule): ChainStep => ({
      level: level.level,
      attachedTo: level.ref.attachedTo,
      nsg: level.ref,
      rule: rule.rule,
      access: 'Allow',
      alternatives: [],
      platform: false,
    });
    const next: AdmittedPiece[] = [];
    const nextTags: AdmittedTag[] = [];
    for (const piece of pieces) {
      let remaining = piece.set;
      for (const rule of rules) {
        const hit = rule.source.all ? remaining : intersect(remaining, rule.source.set);
        if (rule.unknown && (!isEmpty(hit) || rule.source.unresolved.length > 0)) return unsure(rule);
        if (
          rule.source.unresolved.length > 0 &&
          rule.allow &&
          !isEmpty(intersect(remaining, compiled.context.internet))
        ) {
          for (const tag of rule.source.unresolved)
            nextTags.push({ tag, steps: [...piece.steps, step(rule)] });
        }
        if (isEmpty(hit)) continue;
        if (rule.allow) next.push({ set: hit, steps: [...piece.steps, step(rule)] });
        remaining = rule.source.all ? EMPTY : subtract(remaining, rule.source.set);
        if (isEmpty(remaining)) break;
      }
    }
    for (const admitted of tags) {
      // A host in the tag that no address block names: the first rule for every source, for the internet or for this tag decides.
      const rule = rules.find(
        (r) =>
          r.source.all ||
          r.source.unresolved.includes(admitted.tag) ||
          isEmpty(subtract(compiled.context.internet, r.source.set)),
      );
      if (rule?.unknown) return unsure(rule);
      if (rule?.allow) nextTags.push({ tag: admitted.tag, steps: [...admitted.steps, step(rule)] });
    }
    pieces = next;
    tags = nextTags;
  }
  return { pieces, tags, unknown: undefined };
}

/** The level's inbound rules that can match this shape whatever its source is, in priority order. */
function matchingRules(compiled: CompiledNsg, shape: InboundShape, external: boolean): CompiledRule[] {
  const candidates =
    shape.destinationPort >= 0
      ? candidatesFor(compiled.inboundIndex, shape.destinationPort).map((k) => compiled.inbound[k]!)
      : compiled.inbound;
  return candidates.filter(
    (rule) =>
      (rule.protocols & shape.protocol) !== 0 &&
      (!external || rule.externalSource) &&
      portMatch(rule.destinationPorts, rule.anyDestinationPort, shape.destinationPort) !== NO &&
      portMatch(rule.sourcePorts, rule.anySourcePort, shape.sourcePort) !== NO &&
      endpointMatch(
        compiled,
        rule.destination,
        shape.destination,
        shape.destinationAsgs,
        shape.destinationRange,
      ) !== NO,
  );
}
