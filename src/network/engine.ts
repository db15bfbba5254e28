import type { Inventory } from '../inventory/inventory.ts';
import { type Reference, subnetVirtualNetwork } from '../inventory/relations.ts';
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
import { type NsgRules, readNsgRules } from './security-rules.ts';
import { lastSegment, missing, readInterfaces, type VmInterface } from './topology.ts';
import { type AddressContext, addressContext, routedContext, subnetOnlyContext } from './vnet-space.ts';

export interface EngineOptions {
  /** Prefixes of service tags Vigil does not resolve itself, by lower-cased name (Microsoft's Service Tags JSON). */
  serviceTags?: ServiceTagPrefixes;
}

/**
 * The NSG engine over one inventory: reads each NSG once, compiles it once per VNet it is used
 * in, and resolves each VM's interfaces once. Everything else in src/network asks it.
 */
export class NetworkEngine {
  readonly #rules = new Map<string, NsgRules>();
  readonly #parses = new ParseCache();
  readonly #compiled = new Map<string, CompiledNsg>();
  readonly #contexts = new Map<string, AddressContext>();
  /** Each subnet's context: many NICs share a subnet, and finding its VNet is a lookup by id. */
  readonly #subnetContexts = new WeakMap<Resource, AddressContext>();
  /** Compiled sources and destinations, per VNet, by what they say. */
  readonly #endpoints = new Map<string, Map<string, CompiledEndpoint>>();
  readonly #interfaces = new Map<string, VmInterface[]>();
  readonly #interfacesOfVm = new WeakMap<Resource, VmInterface[]>();
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
    const key = `${nsg.id.toLowerCase()}|${context.key}`;
    let compiled = this.#compiled.get(key);
    if (compiled === undefined) {
      let endpoints = this.#endpoints.get(context.key);
      if (endpoints === undefined) {
        endpoints = new Map();
        this.#endpoints.set(context.key, endpoints);
      }
      compiled = compileNsg(this.rulesOf(nsg), context, this.options.serviceTags, endpoints);
      this.#compiled.set(key, compiled);
    }
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

  interfacesOf(vm: Resource): VmInterface[] {
    // Asked many times per VM: by the object first, without lower-casing its ID each time.
    let interfaces = this.#interfacesOfVm.get(vm);
    if (interfaces !== undefined) return interfaces;
    const key = vm.id.toLowerCase();
    interfaces = this.#interfaces.get(key);
    if (interfaces === undefined) {
      interfaces = readInterfaces(this, vm);
      this.#interfaces.set(key, interfaces);
    }
    this.#interfacesOfVm.set(vm, interfaces);
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
