import type { ThreatEvent } from '../../event.ts';
import { CATEGORY, TYPE } from '../ecs.ts';

/**
 * cron and crontab: `(<user>) <OPERATION> (<argument>)`. CMD is a job being run, REPLACE and DELETE
 * are edits of a user's crontab (by crontab -e or a script writing one), RELOAD is cron picking one up.
 */
export function parseCron(m: string, ev: ThreatEvent): void {
  if (m.charCodeAt(0) !== 0x28) return;
  const close = m.indexOf(') ');
  if (close === -1) return;
  const open = m.indexOf(' (', close + 2);
  if (open === -1 || !m.endsWith(')')) return;
  const user = m.slice(1, close);
  const operation = m.slice(close + 2, open);
  const argument = m.slice(open + 2, -1);
  ev['cron.operation'] = operation;
  if (user !== '*system*' && user !== 'CRON') ev['user.name'] = user;
  switch (operation) {
    case 'CMD':
      ev['event.action'] = 'cron_command';
      ev['event.category'] = CATEGORY.process;
      ev['event.type'] = TYPE.start;
      ev['process.command_line'] = argument;
      break;
    case 'REPLACE':
    case 'DELETE':
      ev['event.action'] = 'crontab_modified';
      ev['event.category'] = CATEGORY.configuration;
      ev['event.type'] = operation === 'DELETE' ? TYPE.deletion : TYPE.change;
      ev['user.target.name'] = argument;
      break;
    case 'RELOAD':
      ev['event.action'] = 'crontab_reloaded';
      ev['event.category'] = CATEGORY.configuration;
      ev['event.type'] = TYPE.change;
      ev['file.path'] = argument;
      break;
  }
}
