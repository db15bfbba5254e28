import type { ThreatEvent } from '../../event.ts';
import { parseAccounts } from './accounts.ts';
import { parseCron } from './cron.ts';
import { parseLogin } from './login.ts';
import { parsePamBody, parsePamMessage } from './pam.ts';
import { parseSshd } from './sshd.ts';
import { parseSu } from './su.ts';
import { parseSudo } from './sudo.ts';
import { hasAt } from './text.ts';

type Handler = (message: string, ev: ThreatEvent) => unknown;

/** shadow-utils' account tools: their lines are account management events. */
export const ACCOUNT_TOOLS = [
  'useradd',
  'usermod',
  'userdel',
  'groupadd',
  'groupmod',
  'groupdel',
  'passwd',
  'gpasswd',
  'chpasswd',
  'chage',
  'newusers',
];

const HANDLERS = new Map<string, Handler>([
  ['sshd', parseSshd],
  ['sshd-session', parseSshd],
  ['sudo', parseSudo],
  ['su', parseSu],
  ['login', parseLogin],
  ['cron', parseCron],
  ['CRON', parseCron],
  ['crond', parseCron],
  ['CROND', parseCron],
  ['crontab', parseCron],
  ...ACCOUNT_TOOLS.map((tool): [string, Handler] => [tool, parseAccounts]),
]);

/** Programs whose lines are authentication and account events: dataset linux.auth, as in auth.log. */
const AUTH_PROGRAMS = new Set([
  'sshd',
  'sshd-session',
  'sudo',
  'su',
  'login',
  'systemd-logind',
  'polkitd',
  'pkexec',
  'unix_chkpwd',
  'gdm-password',
  'lightdm',
  ...ACCOUNT_TOOLS,
]);

/** A tag read once: `/usr/sbin/cron` → cron; `sshd(pam_unix)` → sshd with the pam_unix module. */
interface Program {
  name: string;
  module: string | undefined;
  /** The module is a PAM module (`pam_unix`): the tag of a 2000s Linux-PAM line. */
  pam: boolean;
  handler: Handler | undefined;
  auth: boolean;
}

const programs = new Map<string, Program>();
// Consecutive lines are mostly from one program: the last tag is checked before the map.
let lastTag = '';
let lastProgram: Program | undefined;
/** Distinct tags remembered; a log with more (hostile or odd) just stops being cached. */
const MAX_PROGRAMS = 4096;

function program(tag: string): Program {
  if (tag === lastTag && lastProgram !== undefined) return lastProgram;
  let p = programs.get(tag);
  if (p === undefined) p = readTag(tag);
  lastTag = tag;
  lastProgram = p;
  return p;
}

function readTag(tag: string): Program {
  let name = tag;
  const slash = name.lastIndexOf('/');
  if (slash !== -1 && slash < name.length - 1) name = name.slice(slash + 1);
  let module: string | undefined;
  const open = name.indexOf('(');
  if (open > 0 && name.endsWith(')')) {
    module = name.slice(open + 1, -1);
    name = name.slice(0, open);
  }
  const p = {
    name,
    module,
    pam: module?.startsWith('pam_') === true,
    handler: HANDLERS.get(name),
    auth: AUTH_PROGRAMS.has(name),
  };
  if (programs.size < MAX_PROGRAMS) programs.set(tag, p);
  return p;
}

/**
 * Reads one program's message into `ev`: `process.name`, the dataset (linux.auth for authentication
 * programs and any PAM message, linux.syslog otherwise), and whatever that program's parser finds.
 * A message no parser knows still makes an event: a syslog line of an unknown program is data.
 */
export function interpretMessage(tag: string | undefined, message: string, ev: ThreatEvent): void {
  if (tag === undefined || tag === '') {
    ev['event.dataset'] = 'linux.syslog';
    return;
  }
  const p = program(tag);
  ev['process.name'] = p.name;
  if (p.name !== tag && tag.charCodeAt(0) === 0x2f) ev['process.executable'] = tag;
  if (p.pam) {
    // 2000s Linux-PAM logged `sshd(pam_unix)[pid]: authentication failure; …`.
    ev['event.dataset'] = 'linux.auth';
    ev['pam.module'] = p.module!;
    ev['pam.service'] = p.name;
    parsePamBody(message, ev);
    return;
  }
  if (message.charCodeAt(0) === 0x70 && hasAt(message, 0, 'pam_') && parsePamMessage(message, ev)) {
    ev['event.dataset'] = 'linux.auth';
    return;
  }
  ev['event.dataset'] = p.auth ? 'linux.auth' : 'linux.syslog';
  p.handler?.(message, ev);
}
