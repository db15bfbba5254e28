import type { NsgAttachment } from './adapter.ts';
import { isAnySource, type Prefix, parseAddress, parsePrefix, prefixContains } from './address.ts';
import { allowRule, allowTargets } from './allow-rules.ts';
import { formatIsoDuration, parseMaxRequestAccessDuration, parseRequestDuration } from './duration.ts';
import { JitInputError } from './errors.ts';
import type { GrantPortRecord, PortRef, Refusal, RuleRecord } from './events.ts';
import { denyFor, type Family, type FamilyGroup, groupByFamily } from './family.ts';
import { blockedBy, placeAllow } from './placement.ts';
import { allowedSources } from './policy.ts';
import { putPlaced } from './put-rule.ts';
import type { Session } from './session.ts';
import type { EnabledVm, Grant } from './state.ts';
import { textProblem } from './text.ts';

export interface RequestInput {
  /** VM resource ID or name. */
  vm: string;
  ports: number[];
  /** ISO 8601 (`PT1H`) or short (`1h`, `30m`). */
  duration: string;
  /** The source to open for: an IP, a CIDR, or `*`. */
  source?: string;
  /**
   * The requester's own IP. Defender uses the caller's IP when a request names no source; offline there is
   * no caller IP, so a request gives one of `source` and `requesterIp`.
   */
  requesterIp?: string;
  user: string;
  /** Why access is asked for; '' when none is given (Azure's initiate request makes it optional). */
  justification: string;
}

export type RequestResult =
  | { granted: true; grant: Grant; superseded: PortRef[]; warnings: string[] }
  | { granted: false; vm: string; reasons: Refusal[] };

export interface CheckedRequest {
  ports: number[];
  durationMs: number;
  source: Prefix;
}

/** The request's own shape: anything wrong here is bad input, not a refusal. */
export function parseRequest(input: RequestInput): CheckedRequest {
  const problems: string[] = [];
  for (const [value, field, max] of [
    [input.user, 'user', 128],
    [input.justification, 'justification', 1024],
  ] as const) {
    if (field === 'justification' && value === '') continue;
    const problem = textProblem(value, field, max);
    if (problem) problems.push(problem);
  }
  if (input.ports.length === 0) problems.push('give at least one port');
  for (const port of input.ports)
    if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`port ${port} is not 0 to 65535`);
  const duration = parseRequestDuration(input.duration);
  if (!duration.ok) problems.push(duration.message);
  let source: Prefix | undefined;
  if (input.source === undefined && input.requesterIp === undefined) {
    problems.push(
      'give the source to open for, or your own IP: offline, Vigil cannot see the address a request comes from',
    );
  } else if (input.source !== undefined && input.requesterIp !== undefined) {
    problems.push('give the source to open for or your own IP, not both');
  } else if (input.requesterIp !== undefined) {
    const ip = parseAddress(input.requesterIp);
    if (!ip.ok) problems.push(`requester IP '${input.requesterIp}': ${ip.message}`);
    else
      source = {
        kind: 'cidr',
        text: input.requesterIp,
        family: ip.family,
        bits: ip.family === 4 ? 32 : 128,
        network: ip.value,
      };
  } else {
    const parsed = parsePrefix(input.source!);
    if (!parsed.ok) problems.push(`source ${parsed.message}`);
    else source = parsed.prefix;
  }
  if (problems.length > 0 || !duration.ok || source === undefined) throw new JitInputError(problems);
  return { ports: [...new Set(input.ports)], durationMs: duration.ms, source };
}

/**
 * What the policy says of a request: every reason it is refused, or none. A port must be in the policy,
 * the duration at most the port's maxRequestAccessDuration, and the source inside one of the port's allowed
 * prefixes. A source of any address (`*`, `0.0.0.0/0`) needs a policy that allows any address.
 */
export function checkRequest(enabled: EnabledVm, request: CheckedRequest): Refusal[] {
  const reasons: Refusal[] = [];
  const policyPorts = enabled.ports.map((p) => p.number).join(', ');
  if (request.durationMs <= 0)
    reasons.push({ code: 'duration-not-positive', message: 'the requested duration is zero' });
  for (const number of request.ports) {
    const rule = enabled.ports.find((p) => p.number === number);
    if (!rule) {
      reasons.push({
        code: 'port-not-in-policy',
        port: number,
        message: `port ${number} is not in JIT policy '${enabled.policy.name}' of VM ${enabled.vm.name} (ports ${policyPorts})`,
      });
      continue;
    }
    const max = parseMaxRequestAccessDuration(rule.maxRequestAccessDuration);
    if (max.ok && request.durationMs > max.ms) {
      reasons.push({
        code: 'duration-over-max',
        port: number,
        message: `port ${number}: ${formatIsoDuration(request.durationMs)} requested, the policy allows at most ${rule.maxRequestAccessDuration}`,
      });
    }
    const allowed = allowedSources(rule);
    const inside = allowed.some((text) => {
      const prefix = parsePrefix(text);
      return prefix.ok && prefixContains(prefix.prefix, request.source);
    });
    if (!inside) {
      const any = isAnySource(request.source);
      reasons.push({
        code: any ? 'any-source-not-allowed' : 'source-not-allowed',
        port: number,
        message: any
          ? `port ${number}: opening to any source ('${request.source.text}') needs a policy that allows '*'; it allows ${allowed.join(', ')}`
          : `port ${number}: source ${request.source.text} is not within the allowed sources ${allowed.join(', ')}`,
      });
    }
  }
  return reasons;
}

/**
 * A request, checked and granted. The allow rules go in first, each before the VM's deny rule in its NSG,
 * for the VM's addresses of the source's family (both families, a rule each, for `*`);
 * then the grant is recorded; then the rules of grants it replaces are removed. If Vigil stops before the
 * grant is recorded, the rules it put have no record, and the next reconcile removes them.
 */
export async function request(session: Session, input: RequestInput): Promise<RequestResult> {
  const checked = parseRequest(input);
  const found = await session.adapter.findVm(input.vm);
  if (!found.ok) throw new JitInputError([found.message]);
  const vm = found.vm;
  const enabled = session.state.enabled.get(vm.id.toLowerCase());
  const families: Family[] = checked.source.kind === 'any' ? [4, 6] : [checked.source.family];
  const reasons: Refusal[] = [];
  if (!enabled) {
    reasons.push({
      code: 'not-enabled',
      message: `VM ${vm.name} has no JIT policy; enable one with 'vigil jit enable'`,
    });
  } else {
    reasons.push(...checkRequest(enabled, checked));
    if (vm.attachments.length === 0)
      reasons.push({ code: 'no-nsg', message: `VM ${vm.name} has no NSG: there is nothing to open` });
    for (const attachment of vm.attachments) {
      if (
        reachable(attachment, families).some((g) => !denyFor(enabled.denyRules, attachment.nsgId, g.family))
      )
        reasons.push({
          code: 'no-deny-rule',
          message: `NSG ${attachment.nsgName} holds no JIT deny rule for VM ${vm.name} (see the reconcile warnings)`,
        });
    }
    if (vm.attachments.length > 0 && vm.attachments.every((a) => reachable(a, families).length === 0))
      reasons.push({
        code: 'no-address-of-family',
        message: `VM ${vm.name} has no ${families.map((f) => `IPv${f}`).join(' or ')} private address behind an NSG: a rule from ${checked.source.text} would open nothing (a rule's addresses must all be one family)`,
      });
  }
  if (reasons.length > 0 || !enabled) return refuse(session, input, vm.name, checked, reasons);

  const grantId = `g${session.nextSeq}`;
  const start = session.now;
  const end = new Date(start.getTime() + checked.durationMs).toISOString();
  const ports: GrantPortRecord[] = checked.ports.map((number) => ({
    number,
    protocol: enabled.ports.find((p) => p.number === number)!.protocol,
    allowedSourceAddressPrefix: checked.source.text,
    endTimeUtc: end,
    rules: [],
  }));
  const put: RuleRecord[] = [];
  const warnings: string[] = [];
  for (const attachment of vm.attachments) {
    const reserved = new Set<number>();
    for (const port of ports) {
      const of = {
        grantId,
        startTimeUtc: start.toISOString(),
        vmId: vm.id,
        nsgId: attachment.nsgId,
        port: port.number,
      };
      for (const target of allowTargets(of, attachment.privateIps, families)) {
        const deny = denyFor(enabled.denyRules, attachment.nsgId, target.family)!;
        let blockers: string[] = [];
        const choice = await putPlaced(session.adapter, attachment.nsgId, (views) => {
          const others = views.filter((v) => v.name.toLowerCase() !== target.name.toLowerCase());
          const priority = placeAllow(others, deny.rule.properties.priority, reserved);
          if (priority === undefined)
            return {
              ok: false,
              message: `no free priority in NSG ${attachment.nsgName} before its JIT deny rule (priority ${deny.rule.properties.priority})`,
            };
          blockers = blockedBy(others, priority, port.number).map(
            (r) =>
              `rule '${r.name}' (priority ${r.priority}) in NSG ${attachment.nsgName} denies port ${port.number} before the JIT allow at ${priority}: the grant will not let traffic through there`,
          );
          return {
            ok: true,
            rule: allowRule(
              target.name,
              enabled.policy.name,
              vm.name,
              target.ips,
              port.number,
              port.protocol,
              checked.source.text,
              priority,
            ),
          };
        });
        if (!choice.ok) {
          for (const record of put) await session.adapter.removeRule(record.nsgId, record.rule.name);
          return refuse(session, input, vm.name, checked, [
            { code: 'no-free-priority', port: port.number, message: choice.message },
          ]);
        }
        reserved.add(choice.rule.properties.priority);
        warnings.push(...blockers);
        const record = { nsgId: attachment.nsgId, nsgName: attachment.nsgName, rule: choice.rule };
        port.rules.push(record);
        put.push(record);
      }
    }
  }
  const superseded: PortRef[] = session.state
    .activePorts()
    .filter(
      ({ grant, port }) =>
        grant.vm.id.toLowerCase() === vm.id.toLowerCase() && checked.ports.includes(port.number),
    )
    .map(({ grant, port }) => ({ grantId: grant.id, number: port.number }));
  const replacedRules = superseded.flatMap(
    (ref) => session.state.grants.get(ref.grantId)!.ports.find((p) => p.number === ref.number)!.rules,
  );
  await session.record(
    {
      type: 'granted',
      grantId,
      policy: enabled.policy,
      vm: { id: vm.id, name: vm.name },
      justification: input.justification,
      startTimeUtc: start.toISOString(),
      ports,
      supersedes: superseded,
    },
    input.user,
  );
  for (const record of replacedRules) await session.adapter.removeRule(record.nsgId, record.rule.name);
  return { granted: true, grant: session.state.grants.get(grantId)!, superseded, warnings };
}

async function refuse(
  session: Session,
  input: RequestInput,
  vmName: string,
  checked: CheckedRequest,
  reasons: Refusal[],
): Promise<RequestResult> {
  await session.record(
    {
      type: 'refused',
      vm: vmName,
      ports: checked.ports,
      source: checked.source.text,
      duration: formatIsoDuration(checked.durationMs),
      justification: input.justification,
      reasons,
    },
    input.user,
  );
  return { granted: false, vm: vmName, reasons };
}

/** The NSG's addresses of the families a source opens for. */
function reachable(attachment: NsgAttachment, families: readonly Family[]): FamilyGroup[] {
  return groupByFamily(attachment.privateIps).filter((g) => families.includes(g.family));
}
