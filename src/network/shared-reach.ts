import type { CompiledNsg } from './compiled-nsg.ts';
import { endpointMatch } from './first-match.ts';
import { inboundReach, type Reach, type SourceClass } from './inbound-reach.ts';
import { addressFromValue } from './ip-address.ts';
import type { Level } from './levels.ts';
import type { ChainStep, ChainVerdict } from './nsg-chain.ts';
import { inboundLevels, type VmInterface } from './topology.ts';
import type { AddressContext } from './vnet-space.ts';

/**
 * `inboundReach` shared by interfaces that NSG evaluation cannot tell apart: an estate puts many VMs
 * in one subnet behind the same NSGs, and asking each of them about every port repeats the same
 * evaluation. Two interfaces are alike when they have the same address family and VNet, the same
 * compiled NSG (referenced alike) at each level, and every inbound rule's destination matches both or
 * neither: the packets the evaluation builds then differ in nothing a rule looks at. What does
 * differ, the names of what each level is attached to, is put back into the shared answer.
 */
export class SharedReach {
  readonly #classes = new Map<string, Map<number, Reach>>();
  readonly #classOf = new WeakMap<VmInterface, Map<number, Reach> | null>();
  readonly #ids = new Map<AddressContext | CompiledNsg | string, number>();
  #lastInterface: VmInterface | undefined;
  #lastAnswers: Map<number, Reach> | null = null;

  reach(i: VmInterface, protocol: number, port: number, source: SourceClass): Reach {
    const answers = this.#answersFor(i);
    if (answers === null) return inboundReach(i, protocol, port, source);
    return rebind(this.#shared(answers, i, protocol, port, source), inboundLevels(i));
  }

  /** `reach(…).open` without naming the interface's levels in steps: what a verdict without evidence needs. */
  open(i: VmInterface, protocol: number, port: number, source: SourceClass): Reach['open'] {
    const answers = this.#answersFor(i);
    if (answers === null) return inboundReach(i, protocol, port, source).open;
    return this.#shared(answers, i, protocol, port, source).open;
  }

  #shared(
    answers: Map<number, Reach>,
    i: VmInterface,
    protocol: number,
    port: number,
    source: SourceClass,
  ): Reach {
    // Protocol bits fit in 5 bits, ports in 16: one number per question.
    const key = ((port + 2) * 32 + protocol) * 2 + (source === 'Internet' ? 1 : 0);
    let reach = answers.get(key);
    if (reach === undefined) {
      reach = inboundReach(i, protocol, port, source);
      answers.set(key, reach);
    }
    return reach;
  }

  /**
   * What interfaces alike share, for a caller to key answers of its own on: undefined for an interface
   * whose filtering is unknown.
   */
  classOf(i: VmInterface): object | undefined {
    return this.#answersFor(i) ?? undefined;
  }

  #answersFor(i: VmInterface): Map<number, Reach> | null {
    // A VM is asked about several ports in a row: its interface's class is kept at hand.
    if (this.#lastInterface !== i) {
      const known = this.#classOf.get(i);
      this.#lastAnswers = known === undefined ? this.#classify(i) : known;
      this.#lastInterface = i;
    }
    return this.#lastAnswers;
  }

  #classify(i: VmInterface): Map<number, Reach> | null {
    let answers: Map<number, Reach> | null | undefined;
    const key = this.#classKey(i);
    if (key === undefined) answers = null;
    else {
      answers = this.#classes.get(key);
      if (answers === undefined) {
        answers = new Map();
        this.#classes.set(key, answers);
      }
    }
    this.#classOf.set(i, answers);
    return answers;
  }

  /** Undefined for an interface whose filtering is unknown: its answer names its own notes. */
  #classKey(i: VmInterface): string | undefined {
    if (i.unknown !== undefined || i.context === undefined) return undefined;
    // Numbers stand for the VNet, the compiled NSGs and the spellings of their references: a short key.
    let key = `${i.family}|${this.#id(i.context)}`;
    const destination = i.address ?? addressFromValue(0n);
    const range = i.address ? undefined : i.addressRange;
    for (const level of inboundLevels(i)) {
      if (level.kind === 'unknown') return undefined;
      if (level.kind === 'none') {
        key += '|-';
        continue;
      }
      key += `|${this.#id(level.compiled)}:${this.#id(level.ref.id)}:${this.#id(level.ref.name)}:`;
      for (const rule of level.compiled.inbound)
        key += endpointMatch(level.compiled, rule.destination, destination, i.asgs, range);
    }
    return key;
  }

  #id(thing: AddressContext | CompiledNsg | string): number {
    let id = this.#ids.get(thing);
    if (id === undefined) {
      id = this.#ids.size;
      this.#ids.set(thing, id);
    }
    return id;
  }
}

/** The shared answer with each step naming this interface's level, as inboundReach would have. */
function rebind(reach: Reach, levels: readonly Level[]): Reach {
  let verdict: ChainVerdict | undefined;
  if (reach.verdict !== undefined) {
    const steps = rebound(reach.verdict.steps, levels);
    const at =
      reach.verdict.deciding === undefined ? -1 : reach.verdict.steps.indexOf(reach.verdict.deciding);
    verdict = { access: reach.verdict.access, steps, deciding: at < 0 ? undefined : steps[at] };
  }
  return {
    open: reach.open,
    verdict,
    broad: reach.broad && rebound(reach.broad, levels),
    unknown: reach.unknown,
  };
}

/** Steps are one per level, in the levels' order (a deny ends them early). */
function rebound(steps: readonly ChainStep[], levels: readonly Level[]): ChainStep[] {
  const out: ChainStep[] = [];
  for (let k = 0; k < steps.length; k++) {
    const step = steps[k]!;
    const level = levels[k]!;
    if (level.kind === 'nsg') out.push({ ...step, attachedTo: level.ref.attachedTo, nsg: level.ref });
    else if (level.kind === 'none') out.push({ ...step, attachedTo: level.attachedTo });
    else out.push(step);
  }
  return out;
}
