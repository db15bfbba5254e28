import type { Inventory } from '../inventory/inventory.ts';
import { parseResourceId } from '../inventory/resource-id.ts';
import { getProperty, isJsonObject, type JsonValue } from '../util/json.ts';
import { parsePrefix } from './address.ts';
import { type DefenderRequestPort, readDefenderRequests } from './defender-requests.ts';
import { parseMaxRequestAccessDuration } from './duration.ts';
import { entriesForVm } from './vm-entries.ts';

/**
 * JIT policies in the shape of `Microsoft.Security/locations/jitNetworkAccessPolicies`, api-version 2020-01-01
 * (azure-rest-api-specs@056ae337 specification/security/resource-manager/Microsoft.Security/stable/2020-01-01/
 * jitNetworkAccessPolicies.json): a policy lists VMs, each with the ports JIT guards.
 */
export const JIT_POLICY_TYPE = 'Microsoft.Security/locations/jitNetworkAccessPolicies';

/** The portal's and the REST examples' policy name. */
export const DEFAULT_POLICY_NAME = 'default';

/** `protocol`: the spec's enum is "TCP", "UDP" and "*" (named "All"). */
export type JitProtocol = 'TCP' | 'UDP' | '*';
export const JIT_PROTOCOLS: readonly JitProtocol[] = ['TCP', 'UDP', '*'];

/** `JitNetworkAccessPortRule`. Exactly one of the two source fields is set. */
export interface JitPortRule {
  number: number;
  protocol: JitProtocol;
  allowedSourceAddressPrefix?: string;
  allowedSourceAddressPrefixes?: string[];
  /** ISO 8601, PT5M to P1D. */
  maxRequestAccessDuration: string;
}

/** Which policy a VM's ports come from: its ARM ID, name and the location in the ID. */
export interface PolicyRef {
  id: string;
  name: string;
  location: string;
  /** `snapshot` when read from the inventory, `vigil` when `vigil jit enable` made it. */
  source: 'snapshot' | 'vigil';
}

export interface PolicyProblem {
  /** Where in the policy, e.g. `properties.virtualMachines[0].ports[1].protocol`. */
  field: string;
  message: string;
}

/**
 * "The policy name, together with the targeted VM name, must not exceed a total of 56 characters"
 * (MicrosoftDocs/azure-docs@02d00dc8 articles/defender-for-cloud/just-in-time-access-usage.md).
 */
export const MAX_POLICY_AND_VM_NAME = 56;

export function checkNameLength(policyName: string, vmName: string): PolicyProblem | undefined {
  const total = policyName.length + vmName.length;
  return total > MAX_POLICY_AND_VM_NAME
    ? {
        field: 'name',
        message: `policy name '${policyName}' and VM name '${vmName}' have ${total} characters together; Defender allows at most ${MAX_POLICY_AND_VM_NAME}`,
      }
    : undefined;
}

/** The ID of the policy that holds a VM: the VM's resource group, at the VM's location. */
export function policyIdFor(vmId: string, location: string, name = DEFAULT_POLICY_NAME): string | undefined {
  const parsed = parseResourceId(vmId);
  if (parsed?.subscriptionId === undefined || parsed.resourceGroup === undefined) return undefined;
  return `/subscriptions/${parsed.subscriptionId}/resourceGroups/${parsed.resourceGroup}/providers/Microsoft.Security/locations/${location}/jitNetworkAccessPolicies/${name}`;
}

/** A port rule read from JSON and checked against the spec; problems name the field. */
export function readPortRule(
  value: JsonValue | undefined,
  field: string,
): { rule?: JitPortRule; problems: PolicyProblem[] } {
  const problems: PolicyProblem[] = [];
  if (!isJsonObject(value)) return { problems: [{ field, message: 'expected a port rule object' }] };
  const number = getProperty(value, 'number');
  if (typeof number !== 'number' || !Number.isInteger(number) || number < 0 || number > 65535)
    problems.push({
      field: `${field}.number`,
      message: `port number must be an integer 0 to 65535, not ${show(number)}`,
    });
  const protocolText = getProperty(value, 'protocol');
  const protocol =
    typeof protocolText === 'string'
      ? JIT_PROTOCOLS.find((p) => p === protocolText.toUpperCase())
      : undefined;
  if (protocol === undefined)
    problems.push({
      field: `${field}.protocol`,
      message: `protocol must be TCP, UDP or *, not ${show(protocolText)}`,
    });
  const maxText = getProperty(value, 'maxRequestAccessDuration');
  if (typeof maxText !== 'string') {
    problems.push({
      field: `${field}.maxRequestAccessDuration`,
      message: 'required: an ISO 8601 duration, PT5M to P1D',
    });
  } else {
    const max = parseMaxRequestAccessDuration(maxText);
    if (!max.ok) problems.push({ field: `${field}.maxRequestAccessDuration`, message: max.message });
  }
  const single = getProperty(value, 'allowedSourceAddressPrefix');
  const plural = getProperty(value, 'allowedSourceAddressPrefixes');
  const sources = readSources(single, plural, field, problems);
  if (
    problems.length > 0 ||
    typeof number !== 'number' ||
    protocol === undefined ||
    typeof maxText !== 'string'
  )
    return { problems };
  return {
    rule: {
      number,
      protocol,
      ...sources,
      maxRequestAccessDuration: maxText.toUpperCase(),
    },
    problems,
  };
}

/** `allowedSourceAddressPrefix` XOR `allowedSourceAddressPrefixes`, each an IP, a CIDR or `*`. */
function readSources(
  single: JsonValue | undefined,
  plural: JsonValue | undefined,
  field: string,
  problems: PolicyProblem[],
): Pick<JitPortRule, 'allowedSourceAddressPrefix' | 'allowedSourceAddressPrefixes'> {
  // ARM GET may return the unused field as null or []; only a non-empty one counts as set.
  const hasSingle = single !== undefined && single !== null && single !== '';
  const hasPlural =
    plural !== undefined && plural !== null && !(Array.isArray(plural) && plural.length === 0);
  if (hasSingle && hasPlural) {
    problems.push({
      field: `${field}.allowedSourceAddressPrefixes`,
      message: 'allowedSourceAddressPrefix and allowedSourceAddressPrefixes are mutually exclusive; give one',
    });
    return {};
  }
  if (!hasSingle && !hasPlural) {
    problems.push({
      field: `${field}.allowedSourceAddressPrefix`,
      message: "give allowedSourceAddressPrefix (an IP, a CIDR or '*') or allowedSourceAddressPrefixes",
    });
    return {};
  }
  if (hasSingle) {
    if (typeof single !== 'string') {
      problems.push({
        field: `${field}.allowedSourceAddressPrefix`,
        message: 'must be a string; a list goes in allowedSourceAddressPrefixes',
      });
      return {};
    }
    return checkPrefixes([single], `${field}.allowedSourceAddressPrefix`, problems)
      ? { allowedSourceAddressPrefix: single }
      : {};
  }
  if (!Array.isArray(plural) || plural.some((p) => typeof p !== 'string')) {
    problems.push({ field: `${field}.allowedSourceAddressPrefixes`, message: 'must be a list of strings' });
    return {};
  }
  const list = plural as string[];
  return checkPrefixes(list, `${field}.allowedSourceAddressPrefixes`, problems)
    ? { allowedSourceAddressPrefixes: list }
    : {};
}

function checkPrefixes(list: string[], field: string, problems: PolicyProblem[]): boolean {
  let ok = true;
  for (const [i, text] of list.entries()) {
    const parsed = parsePrefix(text);
    if (!parsed.ok) {
      problems.push({ field: list.length > 1 ? `${field}[${i}]` : field, message: parsed.message });
      ok = false;
    }
  }
  return ok;
}

/** A port rule's allowed sources as a list, whichever field holds them. */
export function allowedSources(rule: JitPortRule): string[] {
  return (
    rule.allowedSourceAddressPrefixes ??
    (rule.allowedSourceAddressPrefix ? [rule.allowedSourceAddressPrefix] : [])
  );
}

/** Checks a VM's port list: each rule valid, no port twice. */
export function readPortRules(
  value: JsonValue | undefined,
  field: string,
): { ports: JitPortRule[]; problems: PolicyProblem[] } {
  if (!Array.isArray(value) || value.length === 0)
    return { ports: [], problems: [{ field, message: 'a JIT policy needs at least one port' }] };
  const ports: JitPortRule[] = [];
  const problems: PolicyProblem[] = [];
  const seen = new Set<number>();
  for (const [i, item] of value.entries()) {
    const read = readPortRule(item, `${field}[${i}]`);
    problems.push(...read.problems);
    if (!read.rule) continue;
    if (seen.has(read.rule.number)) {
      problems.push({ field: `${field}[${i}].number`, message: `port ${read.rule.number} is listed twice` });
      continue;
    }
    seen.add(read.rule.number);
    ports.push(read.rule);
  }
  return { ports, problems };
}

export interface SnapshotPolicy {
  policy: PolicyRef;
  ports: JitPortRule[];
  problems: PolicyProblem[];
  /** The ports of the policy's requests for this VM, open or not. */
  requests: DefenderRequestPort[];
}

/**
 * The JIT policy in the inventory that lists this VM (by ID, case-insensitively), with its ports checked.
 * Other VMs' entries are not read: a problem in them does not stop this one.
 */
export function findSnapshotPolicy(inventory: Inventory, vmId: string): SnapshotPolicy | undefined {
  for (const resource of inventory.byType(JIT_POLICY_TYPE)) {
    const properties = isJsonObject(resource.properties) ? resource.properties : {};
    for (const [i, entry] of entriesForVm(getProperty(properties, 'virtualMachines'), vmId)) {
      const { ports, problems } = readPortRules(
        getProperty(entry, 'ports'),
        `properties.virtualMachines[${i}].ports`,
      );
      const location = typeof resource.location === 'string' ? resource.location : locationInId(resource.id);
      return {
        policy: { id: resource.id, name: resource.name, location: location ?? '', source: 'snapshot' },
        ports,
        problems,
        requests: readDefenderRequests(properties, vmId),
      };
    }
  }
  return undefined;
}

/** `…/providers/Microsoft.Security/locations/{location}/jitNetworkAccessPolicies/{name}` */
function locationInId(id: string): string | undefined {
  const parts = id.split('/');
  const at = parts.findIndex((p) => p.toLowerCase() === 'locations');
  return at >= 0 ? parts[at + 1] : undefined;
}

function show(value: JsonValue | undefined): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}
