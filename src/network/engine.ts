import type { Inventory } from '../inventory/inventory.ts';
import {
  type Reference,
  subnetNetworkSecurityGroup,
  subnetVirtualNetwork,
  vmNetworkInterfaces,
} from '../inventory/relations.ts';
import type { Resource } from '../inventory/resource.ts';
import {
  type CompiledEndpoint,
  type CompiledNsg,
  compileNsg,
  type ServiceTagPrefixes,
} from './compiled-nsg.ts';
import type { Level, LevelName, NsgRef } from './levels.ts';
import type { Note } from './note.ts';
import { ParseCache } from './parse-cache.ts';
import { type Endpoint, type NsgRules, readNsgRules } from './security-rules.ts';
import { deployedNsg, lastSegment, missing, readInterfaces, type VmInterface } from './topology.ts';
import { type AddressContext, addressContext, routedContext, subnetOnlyContext } from './vnet-space.ts';

export interface EngineOptions {
  /** Prefixes of service tags Vigil does not resolve itself, by lower-cased name (Microsoft's Service Tags JSON). */
  serviceTags?: ServiceTagPrefixes;
  /**
   * VMs are asked about one after another, each once (a scan judging every VM): only the last VM's
   * interfaces are kept. Kept for every VM, 100,000 VMs' interfaces outlive their verdicts, and the
   * garbage collector copies them all. Not for the `vigil net` questions across VMs (interfacesInSubnet,
   * interfacesAt): they keep every VM's interfaces, distinct from those interfacesOf then returns.
   */
  vmsInTurn?: boolean;
}

/**
 * The NSG engine over one inventory: reads each NSG once, compiles it once per VNet it is used
 * in, and resolves each VM's interfaces once. Everything else in src/network asks it.
 */
export class NetworkEngine {
  readonly #rules = new Map<string, NsgRules>();
  readonly #parses = new ParseCache();
  readonly #compiled = new Map<string, CompiledNsg>();
  /** Each NIC and subnet asks for its NSG compiled: by the objects first, without building a key each time. */
  readonly #compiledFor = new WeakMap<Resource, Map<AddressContext, CompiledNsg>>();
  /** A subnet's level is the same for every NIC in it. */
  readonly #subnetLevels = new WeakMap<Resource, Level>();
  readonly #contexts = new Map<string, AddressContext>();
  /** Each subnet's context: many NICs share a subnet, and finding its VNet is a lookup by id. */
  readonly #subnetContexts = new WeakMap<Resource, AddressContext>();
  /** Compiled sources and destinations, per VNet, by what they say. */
  readonly #endpoints = new Map<string, Map<Endpoint, CompiledEndpoint>>();
  readonly #interfaces = new WeakMap<Resource, VmInterface[]>();
  #lastNics: { vm: Resource; nics: Reference[] } | undefined;
  #lastInterfaces: { vm: Resource; interfaces: VmInterface[] } | undefined;
  #bySubnet: Map<string, VmInterface[]> | undefined;
  #byAddress: Map<bigint, VmInterface[]> | undefined;

  constructor(
    readonly inventory: Inventory,
    readonly options: EngineOptions = {},
  ) {}

  rulesOf(nsg: Resource): NsgRules {
    const key = nsg.id.toLowerCase();
    let rules = this.#rules.get(key);
    if (rules === undefined) {
      rules = readNsgRules(nsg, this.#parses);
      this.#rules.set(key, rules);
    }
    return rules;
  }

  compiled(nsg: Resource, context: AddressContext): CompiledNsg {
    let forNsg = this.#compiledFor.get(nsg);
    if (forNsg === undefined) {
      forNsg = new Map();
      this.#compiledFor.set(nsg, forNsg);
    }
    let compiled = forNsg.get(context);
    if (compiled !== undefined) return compiled;
    const key = `${nsg.id.toLowerCase()}|${context.key}`;
    compiled = this.#compiled.get(key);
    if (compiled === undefined) {
      let endpoints = this.#endpoints.get(context.key);
      if (endpoints === undefined) {
        endpoints = new Map();
        this.#endpoints.set(context.key, endpoints);
      }
      compiled = compileNsg(this.rulesOf(nsg), context, this.options.serviceTags, endpoints);
      this.#compiled.set(key, compiled);
    }
    forNsg.set(context, compiled);
    return compiled;
  }

  /** The VNet a subnet belongs to, as the service tags see it. */
  contextOf(subnet: Resource): AddressContext {
    let known = this.#subnetContexts.get(subnet);
    if (known === undefined) {
      known = this.#readContext(subnet);
      this.#subnetContexts.set(subnet, known);
    }
    return known;
  }

  #readContext(subnet: Resource): AddressContext {
    const vnetRef = subnetVirtualNetwork(this.inventory, subnet);
    const key = (vnetRef?.id ?? subnet.id).toLowerCase();
    let context = this.#contexts.get(key);
    if (context === undefined) {
      context =
        vnetRef && !vnetRef.dangling
          ? addressContext(this.inventory, vnetRef.resource)
          : subnetOnlyContext(subnet);
      this.#contexts.set(key, context);
    }
    // A route table adds its routes' prefixes to VirtualNetwork for the subnets it is on: one context per table.
    const routed = routedContext(this.inventory, context, subnet, this.options.serviceTags);
    if (routed === context) return context;
    const known = this.#contexts.get(routed.key);
    if (known !== undefined) return known;
    this.#contexts.set(routed.key, routed);
    return routed;
  }

  nsgRef(ref: Reference, level: LevelName, attachedTo: string): NsgRef {
    return {
      id: ref.id,
      name: ref.dangling ? lastSegment(ref.id) : ref.resource.name,
      level,
      attachedTo,
      inSnapshot: !ref.dangling,
    };
  }

  nsgLevel(ref: Reference | undefined, level: LevelName, attachedTo: string, context: AddressContext): Level {
    if (ref === undefined) return { kind: 'none', level, attachedTo };
    const nsgRef = this.nsgRef(ref, level, attachedTo);
    if (ref.dangling)
      return { kind: 'unknown', level, ref: nsgRef, why: missing(`NSG ${nsgRef.name}`, ref.id, undefined) };
    return { kind: 'nsg', level, ref: nsgRef, compiled: this.compiled(ref.resource, context) };
  }

  /** The level a subnet's NSG filters at, for every NIC IP configuration in the subnet. */
  subnetLevel(subnet: Resource): Level {
    let level = this.#subnetLevels.get(subnet);
    if (level === undefined) {
      level =
        deployedNsg(subnet, `subnet ${subnet.name}`, 'subnet') ??
        this.nsgLevel(
          subnetNetworkSecurityGroup(this.inventory, subnet),
          'subnet',
          subnet.name,
          this.contextOf(subnet),
        );
      this.#subnetLevels.set(subnet, level);
    }
    return level;
  }

  /**
   * The VM's NIC references. A scan reads a VM's interfaces and then its NICs' own settings before it
   * moves on to the next VM: the last VM's are kept.
   */
  nicsOf(vm: Resource): Reference[] {
    if (this.#lastNics?.vm !== vm) this.#lastNics = { vm, nics: vmNetworkInterfaces(this.inventory, vm) };
    return this.#lastNics.nics;
  }

  interfacesOf(vm: Resource): VmInterface[] {
    if (this.#lastInterfaces?.vm === vm) return this.#lastInterfaces.interfaces;
    // By the object: the inventory holds one per ID (matched case-insensitively), so no ID need be lower-cased.
    let interfaces = this.options.vmsInTurn ? undefined : this.#interfaces.get(vm);
    if (interfaces === undefined) {
      interfaces = readInterfaces(this, vm);
      if (!this.options.vmsInTurn) this.#interfaces.set(vm, interfaces);
    }
    this.#lastInterfaces = { vm, interfaces };
    return interfaces;
  }

  /** Every VM interface in a subnet, for segmentation and to find the NIC behind a remote address. */
  interfacesInSubnet(subnetId: string): VmInterface[] {
    if (this.#bySubnet === undefined) {
      this.#bySubnet = new Map();
      for (const vm of this.inventory.byType('Microsoft.Compute/virtualMachines')) {
        for (const i of this.interfacesOf(vm)) {
          if (i.subnetId === undefined) continue;
          const key = i.subnetId.toLowerCase();
          const list = this.#bySubnet.get(key) ?? [];
          list.push(i);
          this.#bySubnet.set(key, list);
        }
      }
    }
    return this.#bySubnet.get(subnetId.toLowerCase()) ?? [];
  }

  /** The VM interfaces with this private address (one per VNet that uses it). */
  interfacesAt(address: bigint): VmInterface[] {
    if (this.#byAddress === undefined) {
      this.#byAddress = new Map();
      for (const i of this.allInterfaces()) {
        if (i.address === undefined) continue;
        const list = this.#byAddress.get(i.address.value) ?? [];
        list.push(i);
        this.#byAddress.set(i.address.value, list);
      }
    }
    return this.#byAddress.get(address) ?? [];
  }

  /** Every VM interface in the inventory. */
  allInterfaces(): VmInterface[] {
    return this.inventory.byType('Microsoft.Compute/virtualMachines').flatMap((vm) => this.interfacesOf(vm));
  }

  /** The rule fields an NSG's JSON holds that Vigil could not read, as notes naming the NSG. */
  problemsOf(nsg: Resource): Note[] {
    return this.rulesOf(nsg).problems.map((p) => ({
      message: `NSG ${nsg.name}: ${p.message}`,
      resourceId: nsg.id,
      field: p.field,
    }));
  }
}
