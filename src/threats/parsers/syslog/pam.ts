import type { ThreatEvent } from '../../event.ts';
import { CATEGORY, TYPE } from '../ecs.ts';
import { hasAt, kvValue, setSource } from './text.ts';

/**
 * `pam_unix(sshd:auth): <body>`: a PAM module's message, from whichever program loaded it. Returns false
 * when the message is not in that form.
 */
export function parsePamMessage(m: string, ev: ThreatEvent): boolean {
  const open = m.indexOf('(');
  const close = m.indexOf('): ', open);
  if (open < 4 || close === -1 || open > 40) return false;
  const colon = m.indexOf(':', open);
  ev['pam.module'] = m.slice(0, open);
  ev['pam.service'] = m.slice(open + 1, colon !== -1 && colon < close ? colon : close);
  parsePamBody(m.slice(close + 3), ev);
  return true;
}

/** The part after `module(service:type): `, also what 2000s `sshd(pam_unix)[pid]:` lines log bare. */
export function parsePamBody(body: string, ev: ThreatEvent): void {
  if (hasAt(body, 0, 'authentication failure;')) {
    ev['event.action'] = 'pam_auth_failure';
    ev['event.category'] = CATEGORY.authentication;
    ev['event.type'] = TYPE.start;
    ev['event.outcome'] = 'failure';
    const user = kvValue(body, 'user=');
    if (user !== undefined) ev['user.name'] = user;
    const rhost = kvValue(body, 'rhost=');
    if (rhost !== undefined) setSource(ev, rhost);
  } else if (hasAt(body, 0, 'check pass; user unknown')) {
    ev['event.action'] = 'pam_user_unknown';
    ev['event.category'] = CATEGORY.authentication;
    ev['event.type'] = TYPE.info;
    ev['event.outcome'] = 'failure';
  } else if (hasAt(body, 0, 'session opened for user ')) {
    ev['event.action'] = 'session_opened';
    ev['event.category'] = CATEGORY.session;
    ev['event.type'] = TYPE.start;
    sessionUsers(body, 24, ev);
  } else if (hasAt(body, 0, 'session closed for user ')) {
    ev['event.action'] = 'session_closed';
    ev['event.category'] = CATEGORY.session;
    ev['event.type'] = TYPE.end;
    ev['user.name'] = withoutUid(body.slice(24));
  } else if (hasAt(body, 0, 'password changed for ')) {
    ev['event.action'] = 'password_changed';
    ev['event.category'] = CATEGORY.iam;
    ev['event.type'] = TYPE.userChange;
    ev['event.outcome'] = 'success';
    ev['user.target.name'] = body.slice(21);
  }
}

/** `<user>[(uid=N)] by <who>(uid=N)`: the session's user, and who opened it when named. */
function sessionUsers(body: string, at: number, ev: ThreatEvent): void {
  const by = body.lastIndexOf(' by ');
  if (by < at) {
    ev['user.name'] = withoutUid(body.slice(at));
    return;
  }
  ev['user.name'] = withoutUid(body.slice(at, by));
  const who = withoutUid(body.slice(by + 4));
  if (who !== '') ev['pam.by'] = who;
}

/** `alice(uid=1000)` → `alice`; `(uid=0)` → ``. */
function withoutUid(s: string): string {
  const open = s.indexOf('(');
  return open === -1 ? s.trimEnd() : s.slice(0, open);
}
