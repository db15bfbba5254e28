/**
 * The sources fail2ban 1.0.2 bans on loghub's OpenSSH_2k.log with its sshd jail defaults (maxretry 5,
 * findtime 10m), from `fail2ban-regex -o row` on the file and the jail's sliding count; see docs/threats.md.
 */
export const FAIL2BAN_BANS: readonly string[] = [
  '103.207.39.16',
  '103.207.39.212',
  '103.99.0.122',
  '112.95.230.3',
  '119.4.203.64',
  '123.235.32.19',
  '183.62.140.253',
  '185.190.58.151',
  '187.141.143.180',
  '195.154.37.122',
  '5.188.10.180',
  '60.2.12.12',
];
