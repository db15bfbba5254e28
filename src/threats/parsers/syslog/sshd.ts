import type { ThreatEvent } from '../../event.ts';
import { CATEGORY, type EventAction, TYPE } from '../ecs.ts';
import {
  hasAt,
  kvValue,
  lastIndex,
  numberAt,
  readSourceAt,
  setSource,
  tokenEnd,
  withoutPreauth,
} from './text.ts';

/**
 * OpenSSH's messages (sshd and, from OpenSSH 9.8, sshd-session). Each pattern is told by a fixed prefix,
 * then fields are cut out with indexOf. User names are the client's to choose and may contain anything,
 * so the parts sshd writes after a user name (` from IP port N`) are found from the end of the line.
 */
export function parseSshd(message: string, ev: ThreatEvent): void {
  let m = message;
  const first = m.charCodeAt(0);
  if ((first === 0x65 && hasAt(m, 0, 'error: ')) || (first === 0x66 && hasAt(m, 0, 'fatal: ')))
    m = m.slice(7);
  switch (m.charCodeAt(0)) {
    case 0x46: // F
      if (hasAt(m, 0, 'Failed ')) loginAttempt(ev, m, 7, 'failure');
      return;
    case 0x41: // A
      if (hasAt(m, 0, 'Accepted ')) loginAttempt(ev, m, 9, 'success');
      else if (hasAt(m, 0, 'Address ') && m.endsWith('POSSIBLE BREAK-IN ATTEMPT!')) {
        mark(ev, 'ssh_reverse_mapping_failed', CATEGORY.network, TYPE.info, 'failure');
        readSourceAt(ev, m, 8);
      }
      return;
    case 0x49: // I
      if (hasAt(m, 0, 'Invalid user ') || hasAt(m, 0, 'Illegal user ')) invalidUser(ev, m);
      return;
    case 0x43: // C
      if (hasAt(m, 0, 'Connection closed by ')) disconnect(ev, m, 21);
      else if (hasAt(m, 0, 'Connection reset by ')) disconnect(ev, m, 20);
      return;
    case 0x44: // D
      if (hasAt(m, 0, 'Disconnected from ')) disconnect(ev, m, 18);
      else if (hasAt(m, 0, 'Did not receive identification string from ')) {
        mark(ev, 'ssh_no_identification', CATEGORY.network, TYPE.connection, 'failure');
        readSourceAt(ev, m, 43);
      } else if (hasAt(m, 0, 'Disconnecting')) {
        if (m.includes('Too many authentication failures')) tooManyFailures(ev, m);
        else if (m.includes(': Change of username or service not allowed')) userChanged(ev, m);
      }
      return;
    case 0x52: // R
      if (hasAt(m, 0, 'Received disconnect from ')) {
        const [text, preauth] = withoutPreauth(m);
        mark(ev, 'ssh_disconnect', CATEGORY.authentication, TYPE.end, undefined);
        if (preauth) ev['ssh.preauth'] = true;
        readSourceAt(ev, text, 25);
      }
      return;
    case 0x50: // P
      if (hasAt(m, 0, 'PAM ') && m.includes(' more authentication failure')) pamRepeated(ev, m);
      else if (hasAt(m, 0, 'PAM: ')) pamVerdict(ev, m);
      return;
    case 0x6d: // m
      if (hasAt(m, 0, 'maximum authentication attempts exceeded for ')) maxAttempts(ev, m);
      return;
    case 0x72: // r
      if (hasAt(m, 0, 'reverse mapping checking getaddrinfo for ')) reverseMapping(ev, m);
      return;
    case 0x55: // U
      if (hasAt(m, 0, 'Unable to negotiate with ')) {
        mark(ev, 'ssh_negotiation_failed', CATEGORY.network, TYPE.protocol, 'failure');
        readSourceAt(ev, m, 25);
      } else if (hasAt(m, 0, 'User ')) notAllowed(ev, m);
      return;
    case 0x42: // B
      if (hasAt(m, 0, 'Bad protocol version identification ')) {
        const from = m.lastIndexOf(' from ');
        mark(ev, 'ssh_negotiation_failed', CATEGORY.network, TYPE.protocol, 'failure');
        if (from !== -1) readSourceAt(ev, m, from + 6);
      }
      return;
    case 0x62: // b
      if (hasAt(m, 0, 'banner exchange: Connection from ')) {
        mark(ev, 'ssh_no_identification', CATEGORY.network, TYPE.connection, 'failure');
        readSourceAt(ev, m, 33);
      }
      return;
    case 0x54: // T
      // `… for <ip> port <n>`, or from the OpenSSH 9.8+ listener `… for connection from <ip> to <ip>, pid = <n>`.
      if (hasAt(m, 0, 'Timeout before authentication for '))
        readSourceAt(ev, m, hasAt(m, 34, 'connection from ') ? 50 : 34);
      return;
  }
}

function mark(
  ev: ThreatEvent,
  action: EventAction,
  category: string[],
  type: string[],
  outcome: 'success' | 'failure' | undefined,
): void {
  ev['event.action'] = action;
  ev['event.category'] = category;
  ev['event.type'] = type;
  if (outcome !== undefined) ev['event.outcome'] = outcome;
}

/** `Failed|Accepted <method> for [invalid user ]<user> from <ip> port <n> ssh2[: <key>]`. */
function loginAttempt(ev: ThreatEvent, m: string, at: number, outcome: 'success' | 'failure'): void {
  mark(ev, 'ssh_login', CATEGORY.authentication, TYPE.start, outcome);
  const forAt = m.indexOf(' for ', at);
  if (forAt === -1) return;
  ev['ssh.method'] = method(m, at, forAt);
  let user = forAt + 5;
  if (hasAt(m, user, 'invalid user ') || hasAt(m, user, 'illegal user ')) {
    ev['ssh.invalid_user'] = true;
    user += 13;
  }
  const from = lastIndex(m, ' from ', user);
  if (from === -1) return; // truncated before the address: the user name may be cut too
  ev['user.name'] = m.slice(user, from);
  readSourceAt(ev, m, from + 6);
}

const METHODS = ['password', 'publickey', 'keyboard-interactive/pam', 'none', 'hostbased', 'gssapi-with-mic'];

/** The method name, as one shared string when it is a usual one (most lines name one of a few). */
function method(m: string, from: number, to: number): string {
  for (const known of METHODS) if (to - from === known.length && hasAt(m, from, known)) return known;
  return m.slice(from, to);
}

/** `Invalid user <user> from <ip>[ port <n>]`. */
function invalidUser(ev: ThreatEvent, m: string): void {
  mark(ev, 'ssh_invalid_user', CATEGORY.authentication, TYPE.info, 'failure');
  const from = lastIndex(m, ' from ', 13);
  if (from === -1) return;
  ev['user.name'] = m.slice(13, from);
  readSourceAt(ev, m, from + 6);
}

/**
 * `Connection closed by|Connection reset by|Disconnected from` then `[authenticating user|invalid user|user
 * <user> ]<ip>[ port <n>][ [preauth]]`.
 */
function disconnect(ev: ThreatEvent, message: string, at: number): void {
  const [m, preauth] = withoutPreauth(message);
  mark(ev, 'ssh_disconnect', CATEGORY.authentication, TYPE.end, undefined);
  if (preauth) ev['ssh.preauth'] = true;
  const userAt = userPrefixEnd(m, at);
  if (userAt === -1) {
    readSourceAt(ev, m, at);
    return;
  }
  const ipAt = addressBeforePort(m, userAt);
  if (ipAt === -1) return;
  ev['user.name'] = m.slice(userAt, ipAt - 1);
  readSourceAt(ev, m, ipAt);
}

/** After `authenticating user `, `invalid user ` or `user ` at `at`; -1 when none is there. */
function userPrefixEnd(m: string, at: number): number {
  if (hasAt(m, at, 'authenticating user ')) return at + 20;
  if (hasAt(m, at, 'invalid user ')) return at + 13;
  if (hasAt(m, at, 'user ')) return at + 5;
  return -1;
}

/** Where the address starts in `<user> <ip> port <n>…` (or `<user> <ip>` at the end), -1 if not found. */
function addressBeforePort(m: string, userAt: number): number {
  const port = m.lastIndexOf(' port ');
  const end = port > userAt ? port : m.length;
  const space = m.lastIndexOf(' ', end - 1);
  return space >= userAt ? space + 1 : -1;
}

/**
 * `Disconnecting: Too many authentication failures[ for <user>] [preauth]` (OpenSSH 6 and 7) is the
 * attempt limit. From OpenSSH 7.x on, sshd first logs `maximum authentication attempts exceeded for …`,
 * and OpenSSH 8+ follows that with `Disconnecting authenticating|invalid user <user> <ip> port <n>: Too many
 * authentication failures`: that second line is the disconnect of the same event, not another failure
 * (fail2ban's sshd filter, mode normal, counts only the first).
 */
function tooManyFailures(ev: ThreatEvent, message: string): void {
  const [m, preauth] = withoutPreauth(message);
  if (hasAt(m, 0, 'Disconnecting: ')) {
    mark(ev, 'ssh_max_auth_attempts', CATEGORY.authentication, TYPE.info, 'failure');
    const forAt = m.indexOf(' for ');
    if (forAt !== -1) ev['user.name'] = m.slice(forAt + 5);
    return;
  }
  mark(ev, 'ssh_disconnect', CATEGORY.authentication, TYPE.end, 'failure');
  if (preauth) ev['ssh.preauth'] = true;
  const colon = m.lastIndexOf(': Too many authentication failures');
  if (colon !== -1) disconnectingWho(ev, m.slice(0, colon));
}

/**
 * `Disconnecting invalid|authenticating user <user> <ip> port <n>: Change of username or service not
 * allowed: (<a>,<svc>) -> (<b>,<svc>) [preauth]`: a client that switched user names within one connection,
 * as guessing tools do; sshd refuses the attempt, and fail2ban's sshd filter counts it as a failure.
 */
function userChanged(ev: ThreatEvent, m: string): void {
  mark(ev, 'ssh_login', CATEGORY.authentication, TYPE.start, 'failure');
  if (m.endsWith(' [preauth]')) ev['ssh.preauth'] = true;
  const colon = m.indexOf(': Change of username or service not allowed');
  if (hasAt(m, 14, 'invalid user ')) ev['ssh.invalid_user'] = true;
  disconnectingWho(ev, m.slice(0, colon));
}

/** `Disconnecting [authenticating user |invalid user ]<user> <ip> port <n>` → user and source. */
function disconnectingWho(ev: ThreatEvent, head: string): void {
  const userAt = userPrefixEnd(head, 14);
  if (userAt === -1) {
    readSourceAt(ev, head, 14);
    return;
  }
  const ipAt = addressBeforePort(head, userAt);
  if (ipAt === -1) return;
  ev['user.name'] = head.slice(userAt, ipAt - 1);
  readSourceAt(ev, head, ipAt);
}

/**
 * `PAM: Authentication failure for [illegal user ]<user> from <host>` and `PAM: User not known to the
 * underlying authentication module for …` (logged with `error: `): PAM's verdict on a keyboard-interactive
 * attempt. fail2ban's sshd filter counts these as failures (mode normal), so they are failed logins here.
 */
function pamVerdict(ev: ThreatEvent, m: string): void {
  let user: number;
  if (hasAt(m, 5, 'Authentication failure for ')) user = 32;
  else if (hasAt(m, 5, 'User not known to the underlying authentication module for ')) user = 64;
  else return;
  mark(ev, 'ssh_login', CATEGORY.authentication, TYPE.start, 'failure');
  if (hasAt(m, user, 'illegal user ') || hasAt(m, user, 'invalid user ')) {
    ev['ssh.invalid_user'] = true;
    user += 13;
  }
  const from = lastIndex(m, ' from ', user);
  if (from === -1) return;
  ev['user.name'] = m.slice(user, from);
  readSourceAt(ev, m, from + 6);
}

/** `maximum authentication attempts exceeded for [invalid user ]<user> from <ip> port <n> ssh2`. */
function maxAttempts(ev: ThreatEvent, m: string): void {
  mark(ev, 'ssh_max_auth_attempts', CATEGORY.authentication, TYPE.info, 'failure');
  let user = 45;
  if (hasAt(m, user, 'invalid user ')) {
    ev['ssh.invalid_user'] = true;
    user += 13;
  }
  const from = m.lastIndexOf(' from ');
  if (from < user) return;
  ev['user.name'] = m.slice(user, from);
  readSourceAt(ev, m, from + 6);
}

/** `PAM <n> more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=<host>[  user=<u>]`. */
function pamRepeated(ev: ThreatEvent, m: string): void {
  mark(ev, 'pam_auth_failure_repeated', CATEGORY.authentication, TYPE.info, 'failure');
  const count = numberAt(m, 4);
  if (count !== undefined) ev['pam.count'] = count;
  const user = kvValue(m, 'user=');
  if (user !== undefined) ev['user.name'] = user;
  const rhost = kvValue(m, 'rhost=');
  if (rhost !== undefined) setSource(ev, rhost);
}

/** `reverse mapping checking getaddrinfo for <name> [<ip>] failed - POSSIBLE BREAK-IN ATTEMPT!`. */
function reverseMapping(ev: ThreatEvent, m: string): void {
  mark(ev, 'ssh_reverse_mapping_failed', CATEGORY.network, TYPE.info, 'failure');
  const nameEnd = tokenEnd(m, 41);
  ev['source.domain'] = m.slice(41, nameEnd);
  const close = m.indexOf(']', nameEnd);
  if (m.charCodeAt(nameEnd + 1) === 0x5b && close !== -1) setSource(ev, m.slice(nameEnd + 2, close));
}

/** `User <user> from <ip> not allowed because <reason>`. */
function notAllowed(ev: ThreatEvent, m: string): void {
  const because = m.lastIndexOf(' not allowed because ');
  if (because === -1) return;
  const from = m.lastIndexOf(' from ', because);
  if (from < 5) return;
  mark(ev, 'ssh_user_not_allowed', CATEGORY.authentication, TYPE.info, 'failure');
  ev['user.name'] = m.slice(5, from);
  setSource(ev, m.slice(from + 6, because));
  ev['event.reason'] = m.slice(because + 1);
}
