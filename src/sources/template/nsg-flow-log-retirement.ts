import { normalizeType, resourceTypeOf } from '../../inventory/resource-id.ts';
import { flowLogTarget, isFlowLog } from '../flow-log-references.ts';
import type { TemplateDiagnostic } from './diagnostics.ts';
import type { ExpandedResource } from './units.ts';

const NSG_TYPE = normalizeType('Microsoft.Network/networkSecurityGroups');

/**
 * Azure has refused to create network security group flow logs since 30 June 2025, and retires the rest on
 * 30 September 2027 (https://learn.microsoft.com/azure/network-watcher/nsg-flow-logs-overview). A template
 * that declares one fails to deploy unless that flow log already exists and the deployment only updates it,
 * which the template cannot tell: a warning at the declaration, naming the virtual network flow log that
 * replaces it.
 */
export function nsgFlowLogWarnings(resources: readonly ExpandedResource[]): TemplateDiagnostic[] {
  const warnings: TemplateDiagnostic[] = [];
  for (const { resource, origin } of resources) {
    if (!isFlowLog(resource)) continue;
    const target = flowLogTarget(resource);
    if (typeof target !== 'string') continue;
    const type = resourceTypeOf(target);
    if (type === undefined || normalizeType(type) !== NSG_TYPE) continue;
    warnings.push({
      severity: 'warning',
      file: origin.file,
      ...(origin.line !== undefined && { line: origin.line }),
      ...(origin.column !== undefined && { column: origin.column }),
      ...(origin.pointer !== '' && { pointer: origin.pointer }),
      message:
        `flow log ${resource.name} targets a network security group: Azure has refused new NSG flow logs since ` +
        '30 June 2025 (only an existing one can be updated), so this deployment fails unless it exists; ' +
        'target the virtual network instead (a virtual network flow log)',
    });
  }
  return warnings;
}
