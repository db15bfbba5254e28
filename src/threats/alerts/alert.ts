import type { FieldValue } from '../event.ts';
import type { AlertSeverity } from './severity.ts';

/** Defender's alert states; Vigil raises alerts `active`, the rest are set by whoever triages them. */
export const ALERT_STATUSES = ['active', 'inProgress', 'dismissed', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** What an alert is about. Each list is bounded (see AlertOptions.maxEntities); `truncated` names the full ones. */
export interface AlertEntities {
  hosts: string[];
  /** Every source and destination address of the triggering events. */
  ips: string[];
  /** The addresses the activity came from (`source.ip`): incidents are linked on these. */
  sourceIps: string[];
  /** `user.name` and `user.target.name`, as `DOMAIN\name` when the event gives a domain. */
  accounts: string[];
  /** Command lines, else executables, else process names. */
  processes: string[];
  files: string[];
  /** Azure resource ids (Activity Log, NSG flow logs). */
  resources: string[];
  truncated?: string[];
}

/** One triggering event: where it is, what it said, and the fields that matter for triage. */
export interface AlertEvidence {
  '@timestamp': string;
  'event.dataset': string;
  'log.file.path': string;
  'log.file.line': number;
  'log.original': string;
  fields: Record<string, FieldValue>;
}

/** An address a threat intelligence feed lists, as seen in the triggering events. */
export interface AlertIntel {
  feed: string;
  /** The feed's entry (an address or network). */
  indicator: string;
  ip: string;
  field: string;
  indicatorId?: string;
}

export interface Alert {
  /** Stable for the same input: a hash of rule id, entity key and first-seen time. */
  id: string;
  title: string;
  severity: AlertSeverity;
  status: AlertStatus;
  ruleId: string;
  /** Whether a single event (detection) or a correlation of events raised it. */
  kind: 'detection' | 'correlation';
  description?: string;
  remediation?: string;
  falsePositives?: string[];
  /** MITRE ATT&CK tactics in kill-chain order, and techniques, at `attackVersion`. */
  tactics: { id: string; name: string }[];
  techniques: { id: string; name?: string }[];
  attackVersion: string;
  entities: AlertEntities;
  threatIntel?: AlertIntel[];
  firstSeen: string;
  lastSeen: string;
  /** Rule matches merged into this alert (the same rule on the same entities within the dedup window). */
  count: number;
  /** Triggering events in all; `evidence` keeps the first few (AlertOptions.maxEvidence). */
  evidenceCount: number;
  evidence: AlertEvidence[];
}
