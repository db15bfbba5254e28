import { getProperty, isJsonObject, type JsonObject } from '../util/json.ts';
import { NsgNotFoundError } from './adapter.ts';
import { type Prefix, parsePrefix, prefixContains } from './address.ts';
import { allowRule, allowTargets } from './allow-rules.ts';
import { ensureDenyRules } from './deny-rules.ts';
import type { ClosedPort, RemovalReason, RemovedRule, RestoredRule, RuleRecord } from './events.ts';
import { denyFor, destinationFamilies, type Family, isMixedFamily, sourceFamilies } from './family.ts';
import { placeAllow, takenPriorities } from './placement.ts';
import { putPlaced } from './put-rule.ts';
import { allowRuleDescription, isJitAllowRuleName } from './rule-names.ts';
import { sameEffect, viewRule } from './security-rule.ts';
import type { Session } from './session.ts';
import type { Grant, GrantPort, PortStatusReason } from './state.ts';

export interface ReconcileReport {
  /** Grants whose end time passed, by port. */
  expired: { grantId: string; vm: string; ports: number[] }[];
  /** Every rule removed: of expired, revoked or replaced grants, and JIT allow rules Vigil has no record of. */
  removed: RemovedRule[];
  /** Deny rules put back (missing, changed, or a new NSG on the VM's path) and allow rules put back as granted. */
  restored: RestoredRule[];
  /** Open ports whose allow rule was gone from an NSG: the grant is closed rather than reopened. */
  closed: ClosedPort[];
  warnings: string[];
  /** When the next open port expires: when reconcile must run again. */
  nextDeadline: string | undefined;
}

/**
 * Makes the NSGs match the journal, as of the session's time. A grant that outlives its expiry is a
 * security bug, so this runs before every JIT operation and on its own (`vigil jit reconcile`, `--watch`):
 *
 * 1. Ports whose end time has passed are recorded as expired, then their allow rules removed.
 * 2. Each enabled VM's deny rules are put back where missing or changed, and added to NSGs newly on its path.
 * 3. In every NSG Vigil manages, a JIT allow rule (`SecurityCenter-JITRule-…`) that no open grant accounts
 *    for is removed — whether its grant expired, was revoked or replaced, or Vigil has no record of it at all
 *    (a crash after the rule was put and before the grant was recorded, or a rule someone else wrote). An
 *    open grant's rule that was changed is put back as granted; one that is gone closes the grant.
 *
 * Only NSGs on the path of an enabled VM, or holding a rule Vigil recorded, are examined: JIT rules in other
 * NSGs belong to someone else (Defender itself, for one) and are left alone. So are JIT rules for other VMs in
 * a shared (subnet) NSG: Defender writes each rule for one VM's private IP and removes it only when that VM's
 * request ends (self-help article 7e7f21c7), so a rule that opens no VM under Vigil's JIT is another VM's grant.
 */
export async function reconcile(session: Session): Promise<ReconcileReport> {
  const { state, adapter, now } = session;
  const report: ReconcileReport = {
    expired: [],
    removed: [],
    restored: [],
    closed: [],
    warnings: [],
    nextDeadline: undefined,
  };
  const remove = async (
    nsgId: string,
    nsgName: string,
    ruleName: string,
    reason: RemovalReason,
    grantId?: string,
  ) => {
    try {
      if (!(await adapter.removeRule(nsgId, ruleName))) return undefined;
    } catch (e) {
      if (!(e instanceof NsgNotFoundError)) throw e;
      report.warnings.push(
        `NSG ${nsgName} is no longer in the inventory; rule ${ruleName} could not be checked`,
      );
      return undefined;
    }
    const removed: RemovedRule = {
      nsgId,
      nsgName,
      ruleName,
      reason,
      ...(grantId !== undefined && { grantId }),
    };
    report.removed.push(removed);
    return removed;
  };

  // Expiry is judged by this clock: one that reads earlier than the journal's last event has gone back.
  const last = session.events.at(-1);
  if (last && Date.parse(last.at) > now.getTime())
    report.warnings.push(
      `the clock reads ${now.toISOString()}, earlier than the journal's last event (${last.at}); grants expire by this clock`,
    );

  // 1. Expiry: record first, then remove, so a crash in between leaves rules of a closed grant (step 3).
  const due = new Map<string, number[]>();
  for (const { grant, port } of state.activePorts())
    if (Date.parse(port.endTimeUtc) <= now.getTime())
      due.set(grant.id, [...(due.get(grant.id) ?? []), port.number]);
  for (const [grantId, ports] of due) {
    await session.record({ type: 'expired', grantId, ports }, 'vigil');
    const grant = state.grants.get(grantId)!;
    report.expired.push({ grantId, vm: grant.vm.name, ports });
    for (const port of grant.ports.filter((p) => ports.includes(p.number)))
      for (const r of port.rules) await remove(r.nsgId, r.nsgName, r.rule.name, 'expired', grantId);
  }

  // 2. Deny rules, and the NSGs Vigil manages.
  const managed = new Map<string, { nsgId: string; nsgName: string }>();
  const manage = (nsgId: string, nsgName: string) => managed.set(nsgId.toLowerCase(), { nsgId, nsgName });
  // An unknown JIT allow rule in a managed NSG is Vigil's to remove when it opens a VM under Vigil's JIT: its
  // destination covers one of their private addresses (or cannot be read), or its description names one of
  // them, as the rules Vigil writes do (the VM's address may have changed since).
  const ours = new Map<string, Prefix[]>();
  const ourDescriptions = new Set<string>();
  const own = (nsgId: string, addresses: readonly string[]) => {
    const list = ours.get(nsgId.toLowerCase()) ?? [];
    for (const text of addresses) {
      const parsed = parsePrefix(text);
      if (parsed.ok) list.push(parsed.prefix);
    }
    ours.set(nsgId.toLowerCase(), list);
  };
  const restored: RestoredRule[] = [];
  for (const enabled of state.enabled.values()) {
    ourDescriptions.add(allowRuleDescription(enabled.policy.name, enabled.vm.name).toLowerCase());
    for (const r of enabled.denyRules) {
      manage(r.nsgId, r.nsgName);
      own(r.nsgId, destinations(r.rule as unknown as JsonObject) ?? []);
    }
    const found = await adapter.findVm(enabled.vm.id);
    if (!found.ok) {
      report.warnings.push(
        `VM ${enabled.vm.name} is under JIT, but ${found.message}; its recorded NSGs are still checked`,
      );
      continue;
    }
    for (const problem of found.vm.problems) report.warnings.push(`VM ${enabled.vm.name}: ${problem}`);
    for (const a of found.vm.attachments) {
      manage(a.nsgId, a.nsgName);
      own(a.nsgId, a.privateIps);
    }
    const deny = await ensureDenyRules(adapter, found.vm, enabled.policy, enabled.ports, enabled.denyRules);
    for (const change of deny.changes)
      restored.push({ kind: 'deny', vmId: enabled.vm.id, reason: change.reason, record: change.record });
    report.warnings.push(...deny.warnings, ...deny.failures);
  }
  for (const grant of state.grants.values())
    for (const port of grant.ports) for (const r of port.rules) manage(r.nsgId, r.nsgName);

  // 3. Allow rules.
  const open = new Map<string, { grant: Grant; port: GrantPort; record: RuleRecord }>();
  const closedRules = new Map<string, { grant: Grant; port: GrantPort }>();
  for (const grant of state.grants.values()) {
    for (const port of grant.ports) {
      for (const record of port.rules) {
        if (port.status === 'Initiated')
          open.set(key(record.nsgId, record.rule.name), { grant, port, record });
        else closedRules.set(key(record.nsgId, record.rule.name), { grant, port });
      }
    }
  }
  const closed: ClosedPort[] = [];
  const closePort = (grantId: string, number: number, nsgId: string) => {
    if (!closed.some((c) => c.grantId === grantId && c.number === number))
      closed.push({ grantId, number, nsgId, reason: 'RuleMissing' });
  };
  const removedHere: RemovedRule[] = [];
  for (const nsg of managed.values()) {
    let rules: Awaited<ReturnType<typeof adapter.listRules>>;
    try {
      rules = await adapter.listRules(nsg.nsgId);
    } catch (e) {
      if (!(e instanceof NsgNotFoundError)) throw e;
      report.warnings.push(`NSG ${nsg.nsgName} (${nsg.nsgId}) is no longer in the inventory`);
      continue;
    }
    const present = new Set<string>();
    for (const rule of rules) {
      const view = viewRule(rule);
      present.add(key(nsg.nsgId, view.name));
      if (!isJitAllowRuleName(view.name) || view.access === 'deny') continue;
      const expected = open.get(key(nsg.nsgId, view.name));
      if (expected) {
        if (isMixedFamily(expected.record.rule)) {
          const split = await splitAllow(session, expected.grant, expected.port, expected.record);
          if (!split) closePort(expected.grant.id, expected.port.number, nsg.nsgId);
          for (const put of split ?? [])
            restored.push({
              kind: 'allow',
              vmId: expected.grant.vm.id,
              reason: 'split-family',
              record: put,
              grantId: expected.grant.id,
              port: expected.port.number,
            });
          continue;
        }
        if (!sameEffect(expected.record.rule, rule)) {
          const put = await restoreAllow(session, expected.grant, expected.record);
          if (put)
            restored.push({
              kind: 'allow',
              vmId: expected.grant.vm.id,
              reason: 'changed',
              record: put,
              grantId: expected.grant.id,
              port: expected.port.number,
            });
          else closePort(expected.grant.id, expected.port.number, nsg.nsgId);
        }
        continue;
      }
      const was = closedRules.get(key(nsg.nsgId, view.name));
      if (
        !was &&
        !opensAny(rule, ours.get(nsg.nsgId.toLowerCase()) ?? []) &&
        !ourDescriptions.has(descriptionOf(rule))
      )
        continue;
      const removed = await remove(
        nsg.nsgId,
        nsg.nsgName,
        view.name,
        was ? REASON[was.port.statusReason] : 'unknown',
        was?.grant.id,
      );
      if (removed) removedHere.push(removed);
    }
    for (const [k, expected] of open) {
      if (!k.startsWith(`${nsg.nsgId.toLowerCase()}|`) || present.has(k)) continue;
      closePort(expected.grant.id, expected.port.number, nsg.nsgId);
    }
  }
  // A port closed for a rule missing in one NSG must not stay open in another.
  for (const c of closed) {
    const port = state.grants.get(c.grantId)!.ports.find((p) => p.number === c.number)!;
    for (const r of port.rules) {
      const removed = await remove(r.nsgId, r.nsgName, r.rule.name, 'closed', c.grantId);
      if (removed) removedHere.push(removed);
    }
  }
  if (removedHere.length > 0 || restored.length > 0 || closed.length > 0)
    await session.record({ type: 'reconciled', removed: removedHere, restored, closed }, 'vigil');
  report.restored = restored;
  report.closed = closed;
  report.nextDeadline = state.nextDeadline();
  return report;
}

const REASON: Record<PortStatusReason, RemovalReason> = {
  Expired: 'expired',
  UserRequested: 'revoked',
  NewerRequestInitiated: 'superseded',
  RuleMissing: 'closed',
};

/** Puts an open grant's allow rule back as granted; at a new priority before the deny if its own was taken. */
async function restoreAllow(
  session: Session,
  grant: Grant,
  record: RuleRecord,
): Promise<RuleRecord | undefined> {
  const deny = denyBefore(session, grant, record.nsgId, destinationFamilies(record.rule)[0]);
  const choice = await putPlaced(session.adapter, record.nsgId, (views) => {
    const others = views.filter((v) => v.name.toLowerCase() !== record.rule.name.toLowerCase());
    if (!takenPriorities(others, 'inbound').has(record.rule.properties.priority))
      return { ok: true, rule: record.rule };
    const priority = deny ? placeAllow(others, deny.rule.properties.priority) : undefined;
    if (priority === undefined) return { ok: false, message: 'no free priority before the deny rule' };
    return { ok: true, rule: { ...record.rule, properties: { ...record.rule.properties, priority } } };
  });
  if (choice.ok) return { ...record, rule: choice.rule };
  // Nowhere to put it back: the caller closes the grant, which removes the changed rule.
  return undefined;
}

/**
 * Replaces an open grant's allow rule that an earlier version wrote with IPv4 and IPv6 destinations together
 * (ARM refuses such a rule): one rule per family the grant's source opens for, the first under the old name
 * and at its priority when that is free. Undefined when a rule could not be placed; what was put is removed
 * and the caller closes the grant.
 */
async function splitAllow(
  session: Session,
  grant: Grant,
  port: GrantPort,
  record: RuleRecord,
): Promise<RuleRecord[] | undefined> {
  const p = record.rule.properties;
  const ips = [
    ...(p.destinationAddressPrefix ? [p.destinationAddressPrefix] : []),
    ...(p.destinationAddressPrefixes ?? []),
  ];
  const of = {
    grantId: grant.id,
    startTimeUtc: grant.startTimeUtc,
    vmId: grant.vm.id,
    nsgId: record.nsgId,
    port: port.number,
  };
  const targets = allowTargets(of, ips, sourceFamilies(port.allowedSourceAddressPrefix) ?? [4, 6]);
  const reserved = new Set<number>();
  const put: RuleRecord[] = [];
  for (const [index, target] of targets.entries()) {
    const name = index === 0 ? record.rule.name : target.name;
    const deny = denyBefore(session, grant, record.nsgId, target.family);
    const choice = await putPlaced(session.adapter, record.nsgId, (views) => {
      const others = views.filter((v) => v.name.toLowerCase() !== name.toLowerCase());
      const taken = takenPriorities(others, 'inbound');
      const priority =
        index === 0 && !taken.has(p.priority)
          ? p.priority
          : deny
            ? placeAllow(others, deny.rule.properties.priority, reserved)
            : undefined;
      if (priority === undefined) return { ok: false, message: 'no free priority before the deny rule' };
      return {
        ok: true,
        rule: allowRule(
          name,
          grant.policy.name,
          grant.vm.name,
          target.ips,
          port.number,
          port.protocol,
          port.allowedSourceAddressPrefix,
          priority,
        ),
      };
    });
    if (!choice.ok) {
      for (const r of put.slice(1)) await session.adapter.removeRule(r.nsgId, r.rule.name);
      return undefined;
    }
    reserved.add(choice.rule.properties.priority);
    put.push({ ...record, rule: choice.rule });
  }
  return put;
}

/** The VM's deny rule in the NSG that an allow rule of the family must precede. */
function denyBefore(
  session: Session,
  grant: Grant,
  nsgId: string,
  family: Family | undefined,
): RuleRecord | undefined {
  const denies = session.state.enabled.get(grant.vm.id.toLowerCase())?.denyRules ?? [];
  return family === undefined
    ? denies.find((r) => r.nsgId.toLowerCase() === nsgId.toLowerCase())
    : denyFor(denies, nsgId, family);
}

/** A rule's destination prefixes, singular and plural together; undefined when they cannot be read. */
function destinations(rule: JsonObject): string[] | undefined {
  const properties = getProperty(rule, 'properties');
  const p = isJsonObject(properties) ? properties : rule;
  const one = getProperty(p, 'destinationAddressPrefix');
  const many = getProperty(p, 'destinationAddressPrefixes');
  const texts = typeof one === 'string' && one !== '' ? [one] : [];
  if (Array.isArray(many)) for (const m of many) if (typeof m === 'string') texts.push(m);
  return texts.length > 0 ? texts : undefined;
}

function descriptionOf(rule: JsonObject): string {
  const properties = getProperty(rule, 'properties');
  const description = getProperty(isJsonObject(properties) ? properties : rule, 'description');
  return typeof description === 'string' ? description.toLowerCase() : '';
}

/**
 * Whether the rule's destination covers one of the addresses. Defender writes a JIT rule for one VM's
 * private IP; a destination that cannot be read (a service tag, nothing) may cover anything, so it counts.
 */
function opensAny(rule: JsonObject, addresses: readonly Prefix[]): boolean {
  const texts = destinations(rule);
  if (texts === undefined) return true;
  return texts.some((t) => {
    const parsed = parsePrefix(t);
    return !parsed.ok || addresses.some((a) => prefixContains(parsed.prefix, a));
  });
}

function key(nsgId: string, ruleName: string): string {
  return `${nsgId}|${ruleName}`.toLowerCase();
}
