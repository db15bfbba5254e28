import type { ThreatEvent } from '../../event.ts';
import { CATEGORY, TYPE } from '../ecs.ts';

// The fields sudo logs before COMMAND, in no fixed order. COMMAND is last and runs to the end of the line.
const KEYS = ['TTY=', 'PWD=', 'USER=', 'GROUP=', 'TSID=', 'ENV=', 'CHROOT=', 'CWD='];

/**
 * `<user> : [<reason> ; ]TTY=<tty> ; PWD=<dir> ; USER=<runas> ; COMMAND=<command>`. The Log Analytics
 * Syslog table prints the ` ; ` separators as runs of spaces, so values end where the next key begins
 * rather than at a `;`. Returns false when the message is not a command line (PAM lines and the like).
 */
export function parseSudo(message: string, ev: ThreatEvent): boolean {
  const m = message.trimStart();
  const colon = m.indexOf(' : ');
  if (colon <= 0) return false;
  const rest = colon + 3;
  const command = keyAt(m, 'COMMAND=', rest);
  if (command === -1) return false;
  ev['event.action'] = 'sudo_command';
  ev['event.type'] = TYPE.start;
  ev['user.name'] = m.slice(0, colon);
  ev['process.command_line'] = m.slice(command + 8);
  // Where each key next occurs; each is only ever searched forwards, so a line full of keys stays linear.
  const next = KEYS.map((key) => keyAt(m, key, rest));
  let at = first(next, command);
  const reason = clean(m.slice(rest, at === -1 ? command : next[at]!));
  if (reason === '') {
    ev['event.category'] = CATEGORY.process;
    ev['event.outcome'] = 'success';
  } else {
    // "3 incorrect password attempts", "user NOT in sudoers", "command not allowed", …
    ev['event.category'] = reason.includes('password') ? CATEGORY.authenticationProcess : CATEGORY.process;
    ev['event.outcome'] = 'failure';
    ev['event.reason'] = reason;
  }
  while (at !== -1) {
    const start = next[at]!;
    const key = KEYS[at]!;
    next[at] = keyAt(m, key, start + key.length);
    const following = first(next, command);
    const value = clean(m.slice(start + key.length, following === -1 ? command : next[following]!));
    switch (key) {
      case 'TTY=':
        ev['sudo.tty'] = value;
        break;
      case 'PWD=':
        ev['process.working_directory'] = value;
        break;
      case 'USER=':
        ev['user.target.name'] = value;
        break;
      case 'GROUP=':
        ev['group.name'] = value;
        break;
    }
    at = following;
  }
  return true;
}

/** The index in `next` of the earliest position before `limit`, -1 when none. */
function first(next: number[], limit: number): number {
  let best = -1;
  for (let k = 0; k < next.length; k++) {
    const at = next[k]!;
    if (at !== -1 && at < limit && (best === -1 || at < next[best]!)) best = k;
  }
  return best;
}

/** Where `key` starts at or after `from`, at the start of the text or after a space; -1 if nowhere. */
function keyAt(m: string, key: string, from: number): number {
  for (let at = m.indexOf(key, from); at !== -1; at = m.indexOf(key, at + 1)) {
    if (at === from || m.charCodeAt(at - 1) === 0x20) return at;
  }
  return -1;
}

/** Trims spaces and a trailing `;`. */
function clean(s: string): string {
  let t = s.trim();
  if (t.endsWith(';')) t = t.slice(0, -1).trimEnd();
  return t;
}
