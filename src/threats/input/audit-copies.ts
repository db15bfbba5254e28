import type { ThreatEvent } from '../event.ts';
import { isoFromMs, msOfIso } from '../parsers/time.ts';
import { agree, hostKey } from './host-key.ts';

/**
 * One audit record reaches several logs on one host: audit.log, the journal (`journalctl -o json` records with
 * `_TRANSPORT=audit`), syslog (audisp's syslog plugin; journald forwarding them as `audit[pid]: TYPE …`; the
 * kernel's own `audit: type=NNNN …` lines when auditd is not running). Given together, each copy would count.
 *
 * A record's identity is its stamp `audit(<time>:<serial>)` and type: two events of the same time, serial and
 * (one shared) record type, from different files, whose hosts do not differ (audit.log names none without
 * `node=`), are one; the later one in the stream is dropped. The `audit[pid]:` syslog form has no stamp (only
 * syslog's time, to the second): it is the copy of a record with the same type and fields, from another file or
 * with a stamp, at most PRINT_MS away; each such pair is made once, so repeated identical records (sshd's
 * failures of one connection) still count one each.
 *
 * Only audit events pay: a key and a map look-up each. Fields are compared only once a stamp-less audit event
 * has been seen. Records are kept for KEEP_MS of event time (copies carry the same time, so they meet within the
 * disorder of the time-ordered stream), and MAX_KEPT at most.
 */
const KEEP_MS = 10_000;
/** syslog's time is journald's receipt of the record, to the second: within a second after the stamp. */
const PRINT_MS = 2_000;
const PRUNE_AT = 1024;
const MAX_KEPT = 32_768;

interface Seen {
  event: ThreatEvent;
  /** `<time> <serial>`, undefined for a stamp-less record until a copy with a stamp gives it one. */
  stamp: string | undefined;
  host: string | undefined;
  types: readonly string[];
  file: unknown;
  /** Type and fields, made when needed (see fingerprint). */
  print: string | undefined;
  /** Already paired with a copy by its fields. */
  paired: boolean;
}

export class AuditCopies {
  readonly #byStamp = new Map<string, Seen[]>();
  /** Filled only once a stamp-less record has been seen. */
  #byPrint: Map<string, Seen[]> | undefined;
  readonly #kept: Seen[] = [];
  #limit = PRUNE_AT;
  #newest = '';

  /** Whether `event` (an audit event: it has `auditd.types`) is a copy of an audit record already passed on. */
  isCopy(event: ThreatEvent): boolean {
    const types = event['auditd.types'];
    if (!Array.isArray(types) || types.length === 0) return false;
    const ts = event['@timestamp'];
    const serial = event['auditd.serial'];
    const stamp = typeof serial === 'number' ? `${ts} ${serial}` : undefined;
    const host = hostKey(event['host.name']);
    const file = event['log.file.path'];
    if (stamp !== undefined) {
      const seen = this.#byStamp.get(stamp);
      if (seen !== undefined) {
        for (const s of seen) {
          if (s.file !== file && agree(s.host, host) && overlaps(s.types, types)) {
            s.host ??= host;
            return true;
          }
        }
      }
    } else if (this.#byPrint === undefined) {
      this.#byPrint = new Map();
      for (const s of this.#kept) index(this.#byPrint, fingerprint(s), s);
    }
    const entry: Seen = { event, stamp, host, types, file, print: undefined, paired: false };
    if (this.#byPrint !== undefined) {
      const print = fingerprint(entry);
      const partner = this.#printPartner(print, entry);
      if (partner !== undefined) {
        partner.paired = true;
        partner.host ??= host;
        if (partner.stamp === undefined && stamp !== undefined) {
          partner.stamp = stamp;
          index(this.#byStamp, stamp, partner);
        }
        return true;
      }
      index(this.#byPrint, print, entry);
    }
    if (stamp !== undefined) index(this.#byStamp, stamp, entry);
    this.#kept.push(entry);
    if (ts > this.#newest) this.#newest = ts;
    if (this.#kept.length >= this.#limit) {
      this.#forget();
      this.#limit = Math.max(PRUNE_AT, 2 * this.#kept.length);
    }
    return false;
  }

  /** The earliest unpaired record with the same fields that `entry` is a copy of, if any. */
  #printPartner(print: string, entry: Seen): Seen | undefined {
    const candidates = this.#byPrint!.get(print);
    if (candidates === undefined) return undefined;
    const ms = msOfIso(entry.event['@timestamp']);
    for (const s of candidates) {
      // Two stamped records are the same only by their stamps; two stamp-less ones of one file are two records.
      if (s.paired || (s.stamp !== undefined && entry.stamp !== undefined)) continue;
      if (s.file === entry.file && s.stamp === undefined && entry.stamp === undefined) continue;
      if (!agree(s.host, entry.host)) continue;
      if (Math.abs(msOfIso(s.event['@timestamp']) - ms) <= PRINT_MS) return s;
    }
    return undefined;
  }

  /** Drops records older than KEEP_MS before the newest (the oldest first, past MAX_KEPT). */
  #forget(): void {
    const before = isoFromMs(msOfIso(this.#newest) - KEEP_MS) ?? '';
    const kept = this.#kept;
    let n = 0;
    while (n < kept.length && kept[n]!.event['@timestamp'] < before) n++;
    if (kept.length - n > MAX_KEPT) n = kept.length - MAX_KEPT;
    for (let i = 0; i < n; i++) {
      const s = kept[i]!;
      if (s.stamp !== undefined) unindex(this.#byStamp, s.stamp, s);
      if (s.print !== undefined && this.#byPrint !== undefined) unindex(this.#byPrint, s.print, s);
    }
    if (n > 0) kept.splice(0, n);
  }
}

/**
 * A record's type and fields as parsed (`auditd.data.*`, in the record's order): what stays the same in every
 * log a record is copied to, whatever its envelope (syslog header, journal fields, `node=`, auditd's enriched
 * names, which are kept apart).
 */
function fingerprint(s: Seen): string {
  if (s.print !== undefined) return s.print;
  let print = s.types.join(' ');
  const event = s.event;
  for (const key in event) {
    if (key.startsWith('auditd.data.')) print += `\n${key.slice(12)}=${String(event[key])}`;
  }
  s.print = print;
  return print;
}

function overlaps(a: readonly string[], b: readonly string[]): boolean {
  for (const t of b) if (a.includes(t)) return true;
  return false;
}

function index(map: Map<string, Seen[]>, key: string, s: Seen): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [s]);
  else list.push(s);
}

function unindex(map: Map<string, Seen[]>, key: string, s: Seen): void {
  const list = map.get(key);
  if (list === undefined) return;
  const i = list.indexOf(s);
  if (i !== -1) list.splice(i, 1);
  if (list.length === 0) map.delete(key);
}
