import type { ThreatEvent } from '../../event.ts';
import { CATEGORY, type EventAction, TYPE } from '../ecs.ts';
import { quoted } from './text.ts';

/**
 * shadow-utils' account management messages: useradd, usermod, userdel, groupadd, groupmod, groupdel,
 * passwd, gpasswd, chage. `user.target.name` is the account acted on; `user.name` is the actor, when the
 * line names one (gpasswd, passwd).
 */
export function parseAccounts(m: string, ev: ThreatEvent): void {
  if (m.startsWith('new user: ')) {
    set(ev, 'user_created', TYPE.userCreation, 'success');
    const name = listValue(m, 'name');
    if (name !== undefined) ev['user.target.name'] = name;
    const uid = listValue(m, 'UID');
    if (uid !== undefined) ev['user.target.id'] = uid;
    const home = listValue(m, 'home');
    if (home !== undefined) ev['account.home'] = home;
    const shell = listValue(m, 'shell');
    if (shell !== undefined) ev['account.shell'] = shell;
  } else if (m.startsWith('new group: ') || m.startsWith('group added to ')) {
    set(ev, 'group_created', TYPE.groupCreation, 'success');
    groupFields(m, ev);
  } else if (m.startsWith('add ')) {
    // `add 'bob' to group 'sudo'`, `add 'bob' to shadow group 'sudo'`
    memberChange(m, ev, 'user_added_to_group');
  } else if (m.startsWith('delete user ')) {
    set(ev, 'user_deleted', TYPE.userDeletion, 'success');
    const user = quoted(m, 12);
    if (user !== undefined) ev['user.target.name'] = user[0];
  } else if (m.startsWith('delete ')) {
    memberChange(m, ev, 'user_removed_from_group');
  } else if (m.startsWith('removed group ') || m.startsWith('removed shadow group ')) {
    set(ev, 'group_deleted', TYPE.groupDeletion, 'success');
    const group = quoted(m, 0);
    if (group !== undefined) ev['group.name'] = group[0];
  } else if (m.startsWith('group ') && m.includes(' removed')) {
    set(ev, 'group_deleted', TYPE.groupDeletion, 'success');
    const group = quoted(m, 0);
    if (group !== undefined) ev['group.name'] = group[0];
  } else if (m.startsWith('group changed in ')) {
    set(ev, 'group_modified', TYPE.groupChange, 'success');
  } else if (
    m.startsWith('change user ') ||
    m.startsWith('lock user ') ||
    m.startsWith('unlock user ') ||
    m.startsWith('changed password expiry for ')
  ) {
    set(ev, 'user_modified', TYPE.userChange, 'success');
    const user = quoted(m, 0);
    if (user !== undefined) ev['user.target.name'] = user[0];
    else if (m.startsWith('changed password expiry for ')) ev['user.target.name'] = m.slice(28);
  } else if (m.startsWith('password for ')) {
    // passwd: `password for 'bob' changed by 'root'`
    set(ev, 'password_changed', TYPE.userChange, 'success');
    const user = quoted(m, 13);
    if (user !== undefined) {
      ev['user.target.name'] = user[0];
      const by = quoted(m, user[1]);
      if (by !== undefined) ev['user.name'] = by[0];
    }
  } else if (m.startsWith('user ')) {
    gpasswdMember(m, ev);
  } else if (m.startsWith('members of group ')) {
    // gpasswd -M: `members of group sudo set by root to alice,bob`
    set(ev, 'group_modified', TYPE.groupChange, 'success');
    const setBy = m.indexOf(' set by ');
    if (setBy !== -1) {
      ev['group.name'] = m.slice(17, setBy);
      const to = m.indexOf(' to ', setBy + 8);
      if (to !== -1) {
        ev['user.name'] = m.slice(setBy + 8, to);
        ev['group.members'] = m.slice(to + 4);
      }
    }
  } else if (m.startsWith('failed adding user ')) {
    set(ev, 'user_created', TYPE.userCreation, 'failure');
    const user = quoted(m, 19);
    if (user !== undefined) ev['user.target.name'] = user[0];
  }
}

function set(ev: ThreatEvent, action: EventAction, type: string[], outcome: 'success' | 'failure'): void {
  ev['event.action'] = action;
  ev['event.category'] = CATEGORY.iam;
  ev['event.type'] = type;
  ev['event.outcome'] = outcome;
}

/** `add|delete '<user>' to|from [shadow ]group '<group>'`. */
function memberChange(m: string, ev: ThreatEvent, action: EventAction): void {
  const user = quoted(m, 0);
  if (user === undefined) return;
  const group = quoted(m, user[1]);
  if (group === undefined) return;
  set(ev, action, TYPE.groupChange, 'success');
  ev['user.target.name'] = user[0];
  ev['group.name'] = group[0];
}

/** gpasswd: `user bob added by root to group sudo`, `user bob removed by root from group sudo`. */
function gpasswdMember(m: string, ev: ThreatEvent): void {
  const added = m.indexOf(' added by ');
  const removed = m.indexOf(' removed by ');
  const at = added !== -1 ? added : removed;
  if (at === -1) return;
  const byAt = at + (added !== -1 ? 10 : 12);
  const group = m.indexOf(' group ', byAt);
  if (group === -1) return;
  set(ev, added !== -1 ? 'user_added_to_group' : 'user_removed_from_group', TYPE.groupChange, 'success');
  ev['user.target.name'] = m.slice(5, at);
  ev['user.name'] = m.slice(byAt, m.lastIndexOf(added !== -1 ? ' to ' : ' from ', group));
  ev['group.name'] = m.slice(group + 7);
}

function groupFields(m: string, ev: ThreatEvent): void {
  const name = listValue(m, 'name');
  if (name !== undefined) ev['group.name'] = name;
  const gid = listValue(m, 'GID');
  if (gid !== undefined) ev['group.id'] = gid;
}

/** The value of `key=` in shadow-utils' `name=bob, UID=1001, home=/home/bob` lists. */
function listValue(m: string, key: string): string | undefined {
  const needle = `${key}=`;
  let at = m.indexOf(needle);
  while (at > 0 && m.charCodeAt(at - 1) !== 0x20) at = m.indexOf(needle, at + 1);
  if (at === -1) return undefined;
  const start = at + needle.length;
  const comma = m.indexOf(', ', start);
  return m.slice(start, comma === -1 ? m.length : comma);
}
