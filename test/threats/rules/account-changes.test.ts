import { describe, expect, it } from 'vitest';
import { loadBuiltinRules } from '../../../src/threats/rules/index.ts';
import { fileOf } from './cases/index.ts';
import { lines, syslogLine } from './inputs.ts';
import { runPack } from './run.ts';

const SUDO_GROUP = loadBuiltinRules().filter((d) => fileOf(d) === 'linux/sudo-group-addition.yml');

/** shadow-utils logs a membership change once per file it writes (/etc/group, then /etc/gshadow). */
describe('Account added to sudo group counts each change once', () => {
  it.each([
    [
      'usermod -aG sudo bob: the /etc/group and /etc/gshadow lines',
      [
        ['usermod[2002]', "add 'bob' to group 'sudo'"],
        ['usermod[2002]', "add 'bob' to shadow group 'sudo'"],
      ],
      1,
    ],
    [
      'useradd -G sudo,wheel bob: two changes, each logged twice',
      [
        ['useradd[2003]', "add 'bob' to group 'sudo'"],
        ['useradd[2003]', "add 'bob' to group 'wheel'"],
        ['useradd[2003]', "add 'bob' to shadow group 'sudo'"],
        ['useradd[2003]', "add 'bob' to shadow group 'wheel'"],
      ],
      2,
    ],
    ['gpasswd -a bob sudo: logged once', [['gpasswd[2005]', 'user bob added by root to group sudo']], 1],
  ])('%s', async (_name, logged, count) => {
    const input = lines(...logged.map(([tag, message], i) => syslogLine(i, tag!, message!)));
    expect(await runPack(input, SUDO_GROUP)).toHaveLength(count);
  });
});
