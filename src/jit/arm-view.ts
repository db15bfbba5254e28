import type { JsonObject } from '../util/json.ts';
import { JIT_POLICY_TYPE } from './policy.ts';
import type { EnabledVm, Grant } from './state.ts';

/**
 * The state as `Microsoft.Security/locations/jitNetworkAccessPolicies` resources: VMs with their ports, and
 * `requests[]` with each port's status and statusReason, as ARM GET of a policy returns them
 * (GetJitNetworkAccessPolicy_example.json, api-version 2020-01-01). Tools that read Defender's policies read these.
 */
export function asJitPolicies(enabled: readonly EnabledVm[], grants: readonly Grant[]): JsonObject[] {
  const byId = new Map<string, { resource: JsonObject; vms: JsonObject[]; requests: JsonObject[] }>();
  const entry = (policy: EnabledVm['policy']) => {
    let found = byId.get(policy.id.toLowerCase());
    if (!found) {
      const vms: JsonObject[] = [];
      const requests: JsonObject[] = [];
      found = {
        resource: {
          id: policy.id,
          name: policy.name,
          type: JIT_POLICY_TYPE,
          kind: 'Basic',
          location: policy.location,
          properties: { virtualMachines: vms, requests, provisioningState: 'Succeeded' },
        },
        vms,
        requests,
      };
      byId.set(policy.id.toLowerCase(), found);
    }
    return found;
  };
  for (const vm of enabled)
    entry(vm.policy).vms.push({ id: vm.vm.id, ports: structuredClone(vm.ports) as unknown as JsonObject[] });
  for (const grant of grants) {
    entry(grant.policy).requests.push({
      virtualMachines: [
        {
          id: grant.vm.id,
          ports: grant.ports.map((p) => ({
            number: p.number,
            allowedSourceAddressPrefix: p.allowedSourceAddressPrefix,
            endTimeUtc: p.endTimeUtc,
            status: p.status,
            statusReason: p.statusReason,
          })),
        },
      ],
      startTimeUtc: grant.startTimeUtc,
      requestor: grant.requestor,
      // Optional in Azure's JitNetworkAccessRequest: absent when none was given.
      ...(grant.justification !== '' && { justification: grant.justification }),
    });
  }
  return [...byId.values()].map((e) => e.resource);
}
