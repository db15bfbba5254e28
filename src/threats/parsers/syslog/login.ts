import type { ThreatEvent } from '../../event.ts';
import { CATEGORY, TYPE } from '../ecs.ts';

/**
 * login(1): `ROOT LOGIN ON tty2`, `LOGIN ON tty1 BY alice`, `FAILED LOGIN (2) ON '/dev/tty1' FOR 'root',
 * Authentication failure` (also `FAILED LOGIN 1 FROM host FOR root, …`).
 */
export function parseLogin(m: string, ev: ThreatEvent): void {
  if (m.startsWith('ROOT LOGIN ')) {
    set(ev, 'success');
    ev['user.name'] = 'root';
  } else if (m.startsWith('LOGIN ON ')) {
    set(ev, 'success');
    const by = m.lastIndexOf(' BY ');
    if (by !== -1) ev['user.name'] = m.slice(by + 4);
  } else if (m.startsWith('FAILED LOGIN ')) {
    set(ev, 'failure');
    const forAt = m.lastIndexOf(' FOR ');
    if (forAt === -1) return;
    const comma = m.indexOf(', ', forAt);
    ev['user.name'] = unquote(m.slice(forAt + 5, comma === -1 ? m.length : comma));
    if (comma !== -1) ev['event.reason'] = m.slice(comma + 2);
  }
}

function set(ev: ThreatEvent, outcome: 'success' | 'failure'): void {
  ev['event.action'] = 'login';
  ev['event.category'] = CATEGORY.authentication;
  ev['event.type'] = TYPE.start;
  ev['event.outcome'] = outcome;
}

function unquote(s: string): string {
  return s.length >= 2 && s.startsWith("'") && s.endsWith("'") ? s.slice(1, -1) : s;
}
