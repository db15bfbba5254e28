import type { ThreatEvent } from '../../event.ts';
import { CATEGORY, TYPE } from '../ecs.ts';

/**
 * su's own lines (PAM lines are read elsewhere): shadow-utils `Successful su for root by alice`,
 * `FAILED su for root by alice`, `+ pts/0 alice:root` / `- pts/0 alice:root`, and util-linux
 * `(to root) alice on pts/0` / `FAILED SU (to root) alice on pts/0`.
 */
export function parseSu(m: string, ev: ThreatEvent): void {
  if (m.startsWith('Successful su for ')) forBy(m, 18, ev, 'success');
  else if (m.startsWith('FAILED su for ')) forBy(m, 14, ev, 'failure');
  else if (m.startsWith('(to ')) toOn(m, 0, ev, 'success');
  else if (m.startsWith('FAILED SU (to ')) toOn(m, 10, ev, 'failure');
  else if ((m.startsWith('+ ') || m.startsWith('- ')) && m.indexOf(':') !== -1) {
    const space = m.indexOf(' ', 2);
    const colon = m.lastIndexOf(':');
    if (space === -1 || colon < space) return;
    set(ev, m.slice(space + 1, colon), m.slice(colon + 1), m.charCodeAt(0) === 0x2b ? 'success' : 'failure');
    ev['sudo.tty'] = m.slice(2, space);
  }
}

function forBy(m: string, at: number, ev: ThreatEvent, outcome: 'success' | 'failure'): void {
  const by = m.lastIndexOf(' by ');
  if (by < at) return;
  set(ev, m.slice(by + 4), m.slice(at, by), outcome);
}

/** `(to <target>) <user> on <tty>` starting at `at`. */
function toOn(m: string, at: number, ev: ThreatEvent, outcome: 'success' | 'failure'): void {
  const close = m.indexOf(') ', at);
  const on = m.lastIndexOf(' on ');
  if (close === -1) return;
  set(ev, m.slice(close + 2, on > close ? on : m.length), m.slice(at + 4, close), outcome);
}

function set(ev: ThreatEvent, user: string, target: string, outcome: 'success' | 'failure'): void {
  ev['event.action'] = 'su';
  ev['event.category'] = CATEGORY.authentication;
  ev['event.type'] = TYPE.start;
  ev['event.outcome'] = outcome;
  if (user !== '') ev['user.name'] = user;
  ev['user.target.name'] = target;
}
