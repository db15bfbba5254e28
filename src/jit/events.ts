import type { JitPortRule, JitProtocol, PolicyRef } from './policy.ts';
import type { SecurityRule } from './security-rule.ts';

/**
 * The events of the JIT journal, one JSON object a line. Each says who (`actor`), when (`at`, by the JIT
 * clock) and what; together they are the audit log, and folding them rebuilds the state. `seq` counts lines
 * from 1 and `prev` is the SHA-256 of the previous line, so a line deleted, reordered or edited in place is
 * detected on the next start.
 */
export interface Envelope {
  v: 1;
  seq: number;
  at: string;
  actor: string;
  prev: string;
}

export interface VmRef {
  id: string;
  name: string;
}

/** A rule Vigil wrote, and the NSG it is in. */
export interface RuleRecord {
  nsgId: string;
  nsgName: string;
  rule: SecurityRule;
}

export interface EnabledEvent extends Envelope {
  type: 'enabled';
  policy: PolicyRef;
  vm: VmRef;
  ports: JitPortRule[];
  denyRules: RuleRecord[];
  /** Deny rules of an earlier enable that the new one no longer needs (the VM left that NSG). */
  retiredDenyRules: RuleRecord[];
}

export interface GrantPortRecord {
  number: number;
  protocol: JitProtocol;
  allowedSourceAddressPrefix: string;
  endTimeUtc: string;
  rules: RuleRecord[];
}

export interface PortRef {
  grantId: string;
  number: number;
}

/** `actor` is the requestor. */
export interface GrantedEvent extends Envelope {
  type: 'granted';
  grantId: string;
  policy: PolicyRef;
  vm: VmRef;
  justification: string;
  startTimeUtc: string;
  ports: GrantPortRecord[];
  /** Ports of earlier grants this one replaces (Defender's statusReason NewerRequestInitiated). */
  supersedes: PortRef[];
  /** The policy ID whose open Defender request this grant took over at enable; absent for Vigil's own grants. */
  importedFrom?: string;
}

export interface RevokedEvent extends Envelope {
  type: 'revoked';
  grantId: string;
  ports: number[];
  reason: 'UserRequested';
}

export interface ExpiredEvent extends Envelope {
  type: 'expired';
  grantId: string;
  ports: number[];
}

export type RefusalCode =
  | 'not-enabled'
  | 'no-nsg'
  | 'port-not-in-policy'
  | 'duration-over-max'
  | 'duration-not-positive'
  | 'source-not-allowed'
  | 'any-source-not-allowed'
  | 'no-deny-rule'
  | 'no-free-priority'
  | 'no-address-of-family';

export interface Refusal {
  code: RefusalCode;
  port?: number;
  message: string;
}

/** A request the policy said no to: who asked for what, and why not. */
export interface RefusedEvent extends Envelope {
  type: 'refused';
  vm: string;
  ports: number[];
  source: string;
  duration: string;
  justification: string;
  reasons: Refusal[];
}

export type RemovalReason = 'expired' | 'revoked' | 'superseded' | 'closed' | 'unknown';

export interface RemovedRule {
  nsgId: string;
  nsgName: string;
  ruleName: string;
  reason: RemovalReason;
  grantId?: string;
}

export interface RestoredRule {
  kind: 'deny' | 'allow';
  vmId: string;
  /** `split-family`: put in place of a rule, written before Vigil split rules by family, that held both. */
  reason: 'missing' | 'changed' | 'new-nsg' | 'split-family';
  record: RuleRecord;
  grantId?: string;
  port?: number;
}

export interface ClosedPort {
  grantId: string;
  number: number;
  nsgId: string;
  reason: 'RuleMissing';
}

export interface ReconciledEvent extends Envelope {
  type: 'reconciled';
  removed: RemovedRule[];
  restored: RestoredRule[];
  closed: ClosedPort[];
}

/** The journal's last line was cut short by a crash; its bytes were set aside in `savedTo`. */
export interface JournalRepairedEvent extends Envelope {
  type: 'journal-repaired';
  line: number;
  bytes: number;
  savedTo: string;
}

export type JitEvent =
  | EnabledEvent
  | GrantedEvent
  | RevokedEvent
  | ExpiredEvent
  | RefusedEvent
  | ReconciledEvent
  | JournalRepairedEvent;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An event as a caller states it; the journal adds the envelope. */
export type EventBody = DistributiveOmit<JitEvent, keyof Envelope>;

// ---- validation: the journal is input too ---------------------------------------------------------------

type Check = (value: unknown, path: string) => string | undefined;

const str: Check = (v, p) => (typeof v === 'string' ? undefined : `${p} must be a string`);
const int: Check = (v, p) =>
  typeof v === 'number' && Number.isInteger(v) ? undefined : `${p} must be an integer`;
const time: Check = (v, p) =>
  typeof v === 'string' && !Number.isNaN(Date.parse(v)) && v.endsWith('Z')
    ? undefined
    : `${p} must be a UTC time`;
const oneOf =
  (...values: string[]): Check =>
  (v, p) =>
    typeof v === 'string' && values.includes(v) ? undefined : `${p} must be one of ${values.join(', ')}`;
const optional =
  (check: Check): Check =>
  (v, p) =>
    v === undefined ? undefined : check(v, p);
const list =
  (item: Check): Check =>
  (v, p) => {
    if (!Array.isArray(v)) return `${p} must be a list`;
    for (const [i, x] of v.entries()) {
      const problem = item(x, `${p}[${i}]`);
      if (problem) return problem;
    }
    return undefined;
  };
const object =
  (shape: Record<string, Check>): Check =>
  (v, p) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return `${p} must be an object`;
    for (const [key, check] of Object.entries(shape)) {
      const problem = check((v as Record<string, unknown>)[key], `${p}.${key}`);
      if (problem) return problem;
    }
    return undefined;
  };

const securityRule = object({
  name: str,
  properties: object({
    description: str,
    protocol: oneOf('Tcp', 'Udp', '*'),
    sourcePortRange: oneOf('*'),
    destinationPortRange: optional(str),
    destinationPortRanges: optional(list(str)),
    sourceAddressPrefix: optional(str),
    sourceAddressPrefixes: optional(list(str)),
    destinationAddressPrefix: optional(str),
    destinationAddressPrefixes: optional(list(str)),
    access: oneOf('Allow', 'Deny'),
    priority: int,
    direction: oneOf('Inbound', 'Outbound'),
  }),
});
const ruleRecord = object({ nsgId: str, nsgName: str, rule: securityRule });
const vmRef = object({ id: str, name: str });
const policyRef = object({ id: str, name: str, location: str, source: oneOf('snapshot', 'vigil') });
const portRule = object({
  number: int,
  protocol: oneOf('TCP', 'UDP', '*'),
  allowedSourceAddressPrefix: optional(str),
  allowedSourceAddressPrefixes: optional(list(str)),
  maxRequestAccessDuration: str,
});

const BODIES: Record<JitEvent['type'], Check> = {
  enabled: object({
    policy: policyRef,
    vm: vmRef,
    ports: list(portRule),
    denyRules: list(ruleRecord),
    retiredDenyRules: list(ruleRecord),
  }),
  granted: object({
    grantId: str,
    policy: policyRef,
    vm: vmRef,
    justification: str,
    startTimeUtc: time,
    ports: list(
      object({
        number: int,
        protocol: oneOf('TCP', 'UDP', '*'),
        allowedSourceAddressPrefix: str,
        endTimeUtc: time,
        rules: list(ruleRecord),
      }),
    ),
    supersedes: list(object({ grantId: str, number: int })),
    importedFrom: optional(str),
  }),
  revoked: object({ grantId: str, ports: list(int), reason: oneOf('UserRequested') }),
  expired: object({ grantId: str, ports: list(int) }),
  refused: object({
    vm: str,
    ports: list(int),
    source: str,
    duration: str,
    justification: str,
    reasons: list(object({ code: str, port: optional(int), message: str })),
  }),
  reconciled: object({
    removed: list(
      object({
        nsgId: str,
        nsgName: str,
        ruleName: str,
        reason: oneOf('expired', 'revoked', 'superseded', 'closed', 'unknown'),
        grantId: optional(str),
      }),
    ),
    restored: list(
      object({
        kind: oneOf('deny', 'allow'),
        vmId: str,
        reason: oneOf('missing', 'changed', 'new-nsg', 'split-family'),
        record: ruleRecord,
        grantId: optional(str),
        port: optional(int),
      }),
    ),
    closed: list(object({ grantId: str, number: int, nsgId: str, reason: oneOf('RuleMissing') })),
  }),
  'journal-repaired': object({ line: int, bytes: int, savedTo: str }),
};

const envelope = object({ seq: int, at: time, actor: str, prev: str, type: str });

/** Why a parsed journal line is not an event, or undefined when it is one. */
export function eventProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const record = value as Record<string, unknown>;
  if (record.v !== 1) return `unknown journal version ${JSON.stringify(record.v)}`;
  const base = envelope(value, 'event');
  if (base) return base;
  if (!Object.hasOwn(BODIES, String(record.type))) return `unknown event type ${JSON.stringify(record.type)}`;
  return BODIES[record.type as JitEvent['type']](value, 'event');
}
