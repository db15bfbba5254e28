import type { Inventory } from '../inventory/inventory.ts';
import {
  nicIpConfigurations,
  nicNetworkSecurityGroup,
  subnetNetworkSecurityGroup,
  vmNetworkInterfaces,
} from '../inventory/relations.ts';
import type { Resource } from '../inventory/resource.ts';
import { normalizeType } from '../inventory/resource-id.ts';
import type { NsgAttachment, VmLookup, VmNetwork } from './adapter.ts';
import { parseAddress } from './address.ts';

const VM_TYPE = 'Microsoft.Compute/virtualMachines';
const NSG_TYPE = 'Microsoft.Network/networkSecurityGroups';

/** A VM in the inventory by resource ID or name. */
export function findInventoryVm(
  inventory: Inventory,
  ref: string,
): { ok: true; vm: Resource } | { ok: false; message: string } {
  if (ref.toLowerCase().startsWith('/subscriptions/')) {
    const vm = inventory.get(ref);
    if (vm && normalizeType(vm.type) === normalizeType(VM_TYPE)) return { ok: true, vm };
    return { ok: false, message: `no virtual machine with ID ${ref} in the inventory` };
  }
  const named = inventory.byType(VM_TYPE).filter((v) => v.name.toLowerCase() === ref.toLowerCase());
  if (named.length === 1) return { ok: true, vm: named[0]! };
  if (named.length === 0) return { ok: false, message: `no virtual machine named '${ref}' in the inventory` };
  return {
    ok: false,
    message: `${named.length} virtual machines are named '${ref}' (${named.map((v) => v.id).join(', ')}); give the resource ID`,
  };
}

export function lookupInventoryVm(inventory: Inventory, ref: string): VmLookup {
  const found = findInventoryVm(inventory, ref);
  return found.ok ? { ok: true, vm: vmNetwork(inventory, found.vm) } : found;
}

/**
 * The NSGs on a VM's inbound path, read VM → NIC → IP configuration → subnet: each NIC's NSG filters that
 * NIC's private IPs, each subnet's NSG the IPs of the configurations in that subnet. Inbound traffic must
 * pass both (articles/virtual-network/network-security-group-how-it-works.md), so JIT writes its rules in
 * every NSG on the path; an NSG associated at both levels appears once.
 */
export function vmNetwork(inventory: Inventory, vm: Resource): VmNetwork {
  const problems: string[] = [];
  const byNsg = new Map<string, NsgAttachment>();
  const attach = (nsgId: string, nsg: Resource | undefined, level: 'nic' | 'subnet', ips: string[]) => {
    const key = nsgId.toLowerCase();
    let attachment = byNsg.get(key);
    if (!attachment) {
      attachment = {
        nsgId: nsg?.id ?? nsgId,
        nsgName: nsg?.name ?? nsgId.split('/').pop()!,
        levels: [],
        privateIps: [],
      };
      byNsg.set(key, attachment);
    }
    if (!attachment.levels.includes(level)) attachment.levels.push(level);
    for (const ip of ips) if (!attachment.privateIps.includes(ip)) attachment.privateIps.push(ip);
  };
  const nics = vmNetworkInterfaces(inventory, vm);
  if (nics.length === 0) problems.push(`VM ${vm.name} lists no network interfaces`);
  for (const ref of nics) {
    if (ref.dangling) {
      problems.push(`network interface ${ref.id} (${ref.field}) is not in the inventory`);
      continue;
    }
    const nic = ref.resource;
    const nicIps: string[] = [];
    const bySubnet: { subnet: Resource; ips: string[] }[] = [];
    for (const config of nicIpConfigurations(inventory, nic)) {
      const ip = config.privateIPAddress;
      if (ip === undefined) {
        problems.push(
          `${nic.name} ${config.field} has no privateIPAddress: JIT rules target the VM's private IP`,
        );
        continue;
      }
      if (!parseAddress(ip).ok) {
        problems.push(`${nic.name} ${config.field}.properties.privateIPAddress '${ip}' is not an IP address`);
        continue;
      }
      nicIps.push(ip);
      const subnetRef = config.subnet;
      if (subnetRef?.dangling) {
        problems.push(`subnet ${subnetRef.id} (${nic.name} ${subnetRef.field}) is not in the inventory`);
      } else if (subnetRef) {
        const entry = bySubnet.find((s) => s.subnet === subnetRef.resource);
        if (entry) entry.ips.push(ip);
        else bySubnet.push({ subnet: subnetRef.resource, ips: [ip] });
      }
    }
    for (const { subnet, ips } of bySubnet) {
      const nsg = subnetNetworkSecurityGroup(inventory, subnet);
      if (nsg) attachNsg(nsg, 'subnet', ips);
    }
    const nicNsg = nicNetworkSecurityGroup(inventory, nic);
    if (nicNsg) attachNsg(nicNsg, 'nic', nicIps);
  }
  return {
    id: vm.id,
    name: vm.name,
    location: typeof vm.location === 'string' ? vm.location : '',
    attachments: [...byNsg.values()],
    problems,
  };

  function attachNsg(
    ref: NonNullable<ReturnType<typeof nicNetworkSecurityGroup>>,
    level: 'nic' | 'subnet',
    ips: string[],
  ) {
    if (ref.dangling) {
      problems.push(`NSG ${ref.id} (${ref.field}) is not in the inventory: its rules cannot be read`);
      return;
    }
    if (normalizeType(ref.resource.type) !== normalizeType(NSG_TYPE)) {
      problems.push(`${ref.field} points at ${ref.id}, which is not an NSG`);
      return;
    }
    attach(ref.id, ref.resource, level, ips);
  }
}
