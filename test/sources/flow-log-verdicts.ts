import type { Finding } from '../../src/posture/findings.ts';

/** `<recommendation> <resource name> <status>` for each flow-log finding, sorted: what the flow-log tests compare. */
export function flowLogVerdicts(findings: Iterable<Finding>): string[] {
  return [...findings]
    .filter((f) => f.recommendationId.endsWith('flow-logs'))
    .map((f) => `${f.recommendationId} ${f.resourceId.slice(f.resourceId.lastIndexOf('/') + 1)} ${f.status}`)
    .sort();
}
