import { expectInteger, expectString, valueError } from '../args.ts';
import type { ArmFunction } from '../functions.ts';
import { addressBits, type CidrBlock, formatAddress, IpRangeError, parseCidrBlock } from '../ip-range.ts';

/**
 * CIDR functions (azure-resource-manager/templates/template-functions-cidr.md). Bicep templates use
 * them to carve subnets out of a VNet's range (`cidrSubnet(vnetPrefix, 24, i)`), so a subnet's prefix,
 * and with it the NSG verdicts that depend on it, comes from here.
 *
 * Usable addresses follow the docs' examples: IPv4 excludes the network and broadcast addresses (but a
 * /31 or /32 has no others, so its first and last usable are its own two or one), IPv6 has no broadcast
 * and its first usable is the network address; cidrHost's index 0 is the address after the network one
 * in both families (the docs' IPv6 example gives `…:3000::1`).
 */

function block(fn: string, text: string): CidrBlock {
  try {
    return parseCidrBlock(text);
  } catch (error) {
    if (error instanceof IpRangeError) throw valueError(fn, error.message);
    throw error;
  }
}

function lastAddress(cidr: CidrBlock): bigint {
  return cidr.start + (1n << BigInt(addressBits(cidr.family) - cidr.prefix)) - 1n;
}

/** The last address a host may use: IPv4 keeps the broadcast address back, except in a /31 or /32. */
function lastUsable(cidr: CidrBlock): bigint {
  const last = lastAddress(cidr);
  return cidr.family === 4 && cidr.prefix < 31 ? last - 1n : last;
}

export const cidrFunctions: ArmFunction[] = [
  {
    name: 'parseCidr',
    minArgs: 1,
    maxArgs: 1,
    pure: true,
    call(args) {
      const cidr = block('parseCidr', expectString('parseCidr', args, 0));
      const address = (value: bigint) => formatAddress(cidr.family, value);
      const bits = addressBits(cidr.family);
      const mask = ((1n << BigInt(bits)) - 1n) ^ ((1n << BigInt(bits - cidr.prefix)) - 1n);
      const result: Record<string, unknown> = { network: address(cidr.start), netmask: address(mask) };
      if (cidr.family === 4) result.broadcast = address(lastAddress(cidr));
      const firstUsable = cidr.family === 4 && cidr.prefix < 31 ? cidr.start + 1n : cidr.start;
      result.firstUsable = address(firstUsable);
      result.lastUsable = address(lastUsable(cidr));
      result.cidr = cidr.prefix;
      return result;
    },
  },
  {
    name: 'cidrSubnet',
    minArgs: 3,
    maxArgs: 3,
    pure: true,
    call(args) {
      const cidr = block('cidrSubnet', expectString('cidrSubnet', args, 0));
      const newCidr = expectInteger('cidrSubnet', args, 1);
      const index = expectInteger('cidrSubnet', args, 2);
      const bits = addressBits(cidr.family);
      if (newCidr < cidr.prefix || newCidr > bits)
        throw valueError('cidrSubnet', `the new CIDR ${newCidr} must be from ${cidr.prefix} to ${bits}.`);
      const count = 1n << BigInt(newCidr - cidr.prefix);
      if (index < 0 || BigInt(index) >= count)
        throw valueError(
          'cidrSubnet',
          `the subnet index ${index} is out of range: a /${cidr.prefix} has ${count} subnets of /${newCidr} (0 to ${count - 1n}).`,
        );
      const start = cidr.start + (BigInt(index) << BigInt(bits - newCidr));
      return `${formatAddress(cidr.family, start)}/${newCidr}`;
    },
  },
  {
    name: 'cidrHost',
    minArgs: 2,
    maxArgs: 2,
    pure: true,
    call(args) {
      const text = expectString('cidrHost', args, 0);
      const cidr = block('cidrHost', text);
      const index = expectInteger('cidrHost', args, 1);
      const host = cidr.start + 1n + BigInt(index);
      if (index < 0 || host > lastUsable(cidr))
        throw valueError('cidrHost', `the host index ${index} is outside the usable addresses of '${text}'.`);
      return formatAddress(cidr.family, host);
    },
  },
];
