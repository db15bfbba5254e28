/**
 * Incidents: alerts that share a host, source address, shared account or Azure resource within a window,
 * ordered along the kill chain without contradicting time (correlateIncidents, killChainOrder). docs/threats.md has the model and its defaults.
 */
export {
  correlateIncidents,
  DEFAULT_INCIDENT_OPTIONS,
  type Incident,
  type IncidentOptions,
} from './correlate.ts';
export { killChainOrder } from './kill-chain-order.ts';
export { incidentTitle } from './title.ts';
