import type { ThreatEvent } from '../event.ts';
import { isIp } from '../parsers/ip.ts';
import { isoFromMs, msOfIso } from '../parsers/time.ts';
import { AuditCopies } from './audit-copies.ts';
import { agree, hostKey } from './host-key.ts';

/**
 * One SSH login attempt is logged twice on a host that keeps both auth.log (or the journal) and audit.log:
 * sshd writes its own line ("Failed password for root from 203.0.113.5 …", "Invalid user …", "Accepted …")
 * and, built with Linux audit support (Debian, Ubuntu, RHEL), sends the kernel a USER_LOGIN record for the
 * same attempt (`op=login acct="root" exe="/usr/sbin/sshd" addr=203.0.113.5 res=failed`; from OpenSSH 9.8 the
 * per-connection `sshd-session` writes it, in /usr/lib/openssh/ on Debian and Ubuntu, /usr/libexec/openssh/ on
 * Fedora and RHEL; OpenSSH audit-linux.c: one record per failed authentication, invalid user and login).
 * Counted from both, a brute force reaches its threshold at half the real number of attempts.
 *
 * The rule: an sshd event and an auditd USER_LOGIN event written by sshd describe the same attempt when they
 * have the same source address and outcome, their hosts do not differ, their accounts do not differ, and they
 * are at most PAIR_MS apart (a failure; SUCCESS_PAIR_MS for a login, whose audit record is written once PAM
 * has opened the session, after the "Accepted" line). Each event pairs at most once, so N attempts logged in
 * both logs count N whichever partners are chosen. Of a pair, the one that comes second in the time-ordered
 * stream is the duplicate: events are not held back, so the first (nearly always sshd's line, whose syslog
 * time is cut to the second) has already gone on to detection.
 *
 * A host or account unknown on one side does not differ: audit.log records carry no host name unless auditd
 * writes `node=`, and sshd audits an account that does not exist as `(invalid user)` (audit_username()).
 * Inputs holding only one of the two kinds of event are never changed.
 */
const PAIR_MS = 2_000;
const SUCCESS_PAIR_MS = 10_000;

/** What sshd audits for an account it did not look up (OpenSSH audit.c audit_username(), audit-linux.c). */
const UNNAMED = new Set(['(invalid user)', '(unknown user)', '(unknown)']);

/** Unpaired events kept per side before the old ones are first looked at again; the most kept in any case. */
const PRUNE_AT = 256;
const MAX_KEPT = 8192;

export class SshAuditPairs {
  /** Unpaired candidates of each side, in stream order: references only, so a log with one side costs a push. */
  private readonly sshd: ThreatEvent[] = [];
  private readonly audit: ThreatEvent[] = [];
  /** Lengths at which each side is pruned next: twice what was left last time, so pruning costs O(1) a push. */
  private sshdLimit = PRUNE_AT;
  private auditLimit = PRUNE_AT;
  /** The same audit record read from a second log (audit.log and the journal, …): input/audit-copies.ts. */
  private readonly copies = new AuditCopies();
  /** Events found to be the second view of an attempt, or a copy of an audit record, already passed on. */
  duplicates = 0;

  /**
   * Whether `event` is the second view of an SSH attempt seen within the pairing window, or a copy of an audit
   * record already passed on (checked first, so an attempt's audit record read twice pairs once).
   */
  isDuplicate(event: ThreatEvent): boolean {
    // Most events are neither kind: one property read tells, and one more whether an audit event may be a copy
    // (this runs on every event).
    const action = event['event.action'];
    let audit = false;
    if (action === 'ssh_login') {
      const outcome = event['event.outcome'];
      if (outcome !== 'failure' && outcome !== 'success') return false;
    } else if (action === 'login') {
      if (event['event.dataset'] !== 'linux.auditd') return false;
      if (this.copies.isCopy(event)) {
        this.duplicates++;
        return true;
      }
      const exe = event['process.executable'];
      if (typeof exe !== 'string' || !isSshd(exe) || outcomeOf(event) === undefined) return false;
      audit = true;
    } else if (
      action !== 'ssh_invalid_user' &&
      action !== 'ssh_user_not_allowed' &&
      action !== 'ssh_max_auth_attempts'
    ) {
      // The sshd refusals above are each audited as a failed USER_LOGIN (SSH_INVALID_USER, …_EXCEED_MAXTRIES).
      if (event['event.dataset'] !== 'linux.auditd' || !this.copies.isCopy(event)) return false;
      this.duplicates++;
      return true;
    }
    if (typeof event['source.ip'] !== 'string') return false;
    const others = audit ? this.sshd : this.audit;
    if (others.length > 0 && takePartner(others, event)) {
      this.duplicates++;
      return true;
    }
    const own = audit ? this.audit : this.sshd;
    own.push(event);
    if (own.length >= (audit ? this.auditLimit : this.sshdLimit)) {
      forgetBefore(own, msOfIso(event['@timestamp']) - SUCCESS_PAIR_MS);
      const limit = Math.max(PRUNE_AT, 2 * own.length);
      if (audit) this.auditLimit = limit;
      else this.sshdLimit = limit;
    }
    return false;
  }
}

/** Removes and reports the earliest unpaired event in `others` describing the same attempt as `event`. */
function takePartner(others: ThreatEvent[], event: ThreatEvent): boolean {
  const ms = msOfIso(event['@timestamp']);
  if (msOfIso(others[0]!['@timestamp']) < ms - SUCCESS_PAIR_MS) forgetBefore(others, ms - SUCCESS_PAIR_MS);
  const success = outcomeOf(event) === 'success';
  const ip = unmapped(event['source.ip'] as string);
  const host = hostKey(event['host.name']);
  const account = accountKey(event['user.name']);
  for (let i = 0; i < others.length; i++) {
    const other = others[i]!;
    if (unmapped(other['source.ip'] as string) !== ip || (outcomeOf(other) === 'success') !== success)
      continue;
    if (Math.abs(ms - msOfIso(other['@timestamp'])) > (success ? SUCCESS_PAIR_MS : PAIR_MS)) continue;
    if (!agree(hostKey(other['host.name']), host) || !agree(accountKey(other['user.name']), account))
      continue;
    others.splice(i, 1);
    return true;
  }
  return false;
}

/** sshd, or from OpenSSH 9.8 on its per-connection process sshd-session, which writes the audit records. */
function isSshd(exe: string): boolean {
  return exe.endsWith('/sshd') || exe.endsWith('/sshd-session');
}

/** "Invalid user", "not allowed" and "maximum authentication attempts" lines are failures without saying so. */
function outcomeOf(event: ThreatEvent): 'success' | 'failure' | undefined {
  const outcome = event['event.outcome'];
  if (outcome === 'success' || outcome === 'failure') return outcome;
  return event['event.action'] !== 'ssh_login' && event['event.action'] !== 'login' ? 'failure' : undefined;
}

/**
 * Drops events older than `horizon` (ms) from the front (the stream is in time order, so they can pair with
 * nothing still to come); a stream that goes back in time is bounded by count instead. Event times are ISO
 * strings of one form (parsers/time.ts), compared as text: no date arithmetic per event.
 */
function forgetBefore(queue: ThreatEvent[], horizon: number): void {
  const before = isoFromMs(horizon) ?? '';
  let n = 0;
  while (n < queue.length && queue[n]!['@timestamp'] < before) n++;
  if (queue.length - n > MAX_KEPT) n = queue.length - MAX_KEPT;
  if (n > 0) queue.splice(0, n);
}

/** `::ffff:203.0.113.5` is 203.0.113.5 (an IPv4 client of a dual-stack socket, as some writers keep it). */
function unmapped(ip: string): string {
  return ip.length > 7 &&
    ip.slice(0, 7).toLowerCase() === '::ffff:' &&
    isIp(ip.slice(7)) &&
    ip.indexOf('.') !== -1
    ? ip.slice(7)
    : ip;
}

function accountKey(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' && !UNNAMED.has(v) ? v : undefined;
}
