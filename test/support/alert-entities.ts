import type { AlertEntities } from '../../src/threats/alerts/alert.ts';

/** An alert's entities: none of each kind but those given. */
export function entitiesWith(entities: Partial<AlertEntities>): AlertEntities {
  return {
    hosts: [],
    ips: [],
    sourceIps: [],
    accounts: [],
    processes: [],
    files: [],
    resources: [],
    ...entities,
  };
}
