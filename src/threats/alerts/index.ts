/**
 * Alerts from detector matches: Defender-style severity, ATT&CK context, entities and evidence, and
 * deduplication of the same rule on the same entities (AlertAggregator). docs/threats.md has the model.
 */
export { AlertAggregator, type AlertOptions, DEFAULT_ALERT_OPTIONS } from './aggregator.ts';
export {
  ALERT_STATUSES,
  type Alert,
  type AlertEntities,
  type AlertEvidence,
  type AlertIntel,
  type AlertStatus,
} from './alert.ts';
export { entityKey } from './entities.ts';
export { ALERT_SEVERITIES, type AlertSeverity, severityOfLevel, severityRank } from './severity.ts';
