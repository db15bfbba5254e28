/**
 * ECS categorisation values and Vigil's `event.action` names, shared by every parser so that a rule can
 * ask for "a failed logon" or "a process start" whatever log it came from.
 *
 * Array values are shared between events and frozen (one allocation per program, not per line): events
 * are read-only to their consumers.
 */

function tags(...values: string[]): string[] {
  return Object.freeze(values) as string[];
}

export const CATEGORY = {
  authentication: tags('authentication'),
  authenticationProcess: tags('authentication', 'process'),
  session: tags('session'),
  process: tags('process'),
  network: tags('network'),
  file: tags('file'),
  iam: tags('iam'),
  configuration: tags('configuration'),
  host: tags('host'),
  registry: tags('registry'),
  driver: tags('driver'),
};

export const TYPE = {
  start: tags('start'),
  end: tags('end'),
  info: tags('info'),
  change: tags('change'),
  creation: tags('creation'),
  deletion: tags('deletion'),
  access: tags('access'),
  connection: tags('connection'),
  protocol: tags('protocol'),
  userCreation: tags('user', 'creation'),
  userDeletion: tags('user', 'deletion'),
  userChange: tags('user', 'change'),
  groupCreation: tags('group', 'creation'),
  groupDeletion: tags('group', 'deletion'),
  groupChange: tags('group', 'change'),
  allowedConnection: tags('allowed', 'connection'),
  deniedConnection: tags('denied', 'connection'),
};

/**
 * Every `event.action` the parsers set, with what it means. Rules match on these; the ECS
 * `event.category` / `event.type` / `event.outcome` are set alongside for rules that work across sources.
 * Azure Activity Log events keep Azure's own operation name as their action (e.g.
 * `Microsoft.Compute/virtualMachines/write`), and auditd record types not listed here appear in lower case.
 */
export const EVENT_ACTIONS = {
  ssh_login:
    'sshd Accepted/Failed <method> for <user> from <ip>: outcome success or failure; ssh.method. Failures also from "error: PAM: Authentication failure for …" and "Disconnecting … Change of username or service not allowed", as fail2ban counts them',
  ssh_invalid_user: 'sshd "Invalid user X from IP": a login attempt for an account that does not exist',
  ssh_disconnect: 'sshd Connection closed / Received disconnect / Disconnected; ssh.preauth when before auth',
  ssh_no_identification:
    'sshd "Did not receive identification string" or a banner exchange failure (scanners)',
  ssh_max_auth_attempts:
    'sshd "maximum authentication attempts exceeded" / "Too many authentication failures"',
  ssh_reverse_mapping_failed: 'sshd "reverse mapping checking getaddrinfo … POSSIBLE BREAK-IN ATTEMPT"',
  ssh_negotiation_failed: 'sshd "Unable to negotiate" or "Bad protocol version identification"',
  ssh_user_not_allowed: 'sshd "User X from IP not allowed because …" (AllowUsers, DenyUsers, shell)',
  pam_auth_failure: 'a PAM module\'s "authentication failure; … rhost= user="',
  pam_auth_failure_repeated:
    'sshd "PAM N more authentication failures" (pam.count): a summary, not new attempts',
  pam_user_unknown: 'PAM "check pass; user unknown"',
  session_opened: 'PAM "session opened for user X" (user.name) by Y (user.effective.name, when named)',
  session_closed: 'PAM "session closed for user X"',
  sudo_command: 'sudo running COMMAND as USER (user.target.name); a failure carries event.reason',
  su: 'su to another user: outcome success or failure; user.target.name is the account switched to',
  login: 'login(1) console logins and auditd USER_LOGIN records',
  login_uid_assigned: 'auditd LOGIN: pam_loginuid gave a process its login uid (auid) and session',
  pam_authentication: 'auditd USER_AUTH: a PAM authentication, outcome from res=',
  user_command: 'auditd USER_CMD: a command run through sudo or similar',
  user_created: 'useradd "new user", auditd ADD_USER, Windows 4720',
  user_deleted: 'userdel "delete user", auditd DEL_USER, Windows 4726',
  user_modified: 'usermod/chage changes to an account, auditd USER_MGMT',
  user_enabled: 'Windows 4722',
  group_created: 'groupadd/useradd "new group", auditd ADD_GROUP',
  group_deleted: 'groupdel / userdel "removed group", auditd DEL_GROUP',
  group_modified: 'groupmod / gpasswd "members of group … set", auditd GRP_MGMT',
  user_added_to_group: 'usermod/useradd "add X to group Y", gpasswd "user X added", Windows 4728/4732/4756',
  user_removed_from_group: 'usermod/userdel "delete X from group Y", gpasswd "user X removed"',
  password_changed: 'passwd/chpasswd "password changed for X", auditd USER_CHAUTHTOK',
  password_reset: "Windows 4724: an attempt to reset an account's password",
  cron_command: 'cron running a job: "(user) CMD (command)"',
  crontab_modified: "crontab REPLACE or DELETE of a user's crontab",
  crontab_reloaded: 'cron RELOAD of a crontab file',
  process_created: 'a process started: Sysmon 1, Windows 4688, auditd EXECVE, AUOMS_EXECVE',
  process_terminated: 'Sysmon 5, Windows 4689',
  network_connection: 'Sysmon 3: a process opened a network connection',
  file_created: 'Sysmon 11',
  file_deleted: 'Sysmon 23 and 26',
  file_time_changed: 'Sysmon 2',
  raw_disk_read: 'Sysmon 9',
  image_loaded: 'Sysmon 7',
  remote_thread_created: 'Sysmon 8',
  process_accessed: 'Sysmon 10',
  registry_changed: 'Sysmon 12, 13, 14',
  dns_query: 'Sysmon 22',
  pipe_event: 'Sysmon 17, 18',
  sysmon_state_changed: 'Sysmon 4 and 16: Sysmon started, stopped or reconfigured',
  driver_loaded: 'Sysmon 6',
  process_tampering: 'Sysmon 25',
  logon: 'Windows 4624 (success) and 4625 (failure, with event.reason); winlog.logon.type',
  logoff: 'Windows 4634 and 4647',
  explicit_credentials_logon: 'Windows 4648: a logon with explicitly supplied credentials (runas, PsExec)',
  special_privileges_assigned: 'Windows 4672: admin-equivalent privileges given to a new logon',
  audit_log_cleared: 'Windows 1102 (Security log cleared)',
  event_log_cleared: 'Windows System 104: an event log was cleared (winlog.event_data.Channel names it)',
  service_installed: 'Windows System 7045: a service was installed (service.name; the command it runs)',
  service_state_changed: 'Windows System 7036: a service entered a state (service.state, localised)',
  service_start_type_changed: 'Windows System 7040: a service’s start type was changed',
  powershell_script_block: 'PowerShell 4104: a script block was compiled (ScriptBlockText)',
  powershell_pipeline_executed: 'PowerShell 4103 (module logging, Payload) and classic 800: a pipeline ran',
  powershell_engine_started:
    'Windows PowerShell classic 400: an engine started (HostApplication, EngineVersion)',
  powershell_provider_started: 'Windows PowerShell classic 600: a provider started (ProviderName)',
  audit_config_changed: 'auditd CONFIG_CHANGE (rules or settings changed)',
  auditd_started: 'auditd DAEMON_START',
  auditd_stopped: 'auditd DAEMON_END / DAEMON_ABORT',
  service_started: 'auditd SERVICE_START (systemd unit started; auditd.data.unit)',
  service_stopped: 'auditd SERVICE_STOP (systemd unit stopped; auditd.data.unit)',
  netfilter_config_changed: 'auditd NETFILTER_CFG (iptables/nftables tables changed)',
  network_flow: 'an NSG flow tuple: event.type allowed or denied, nsgflow.state begin/continue/end',
} as const;

export type EventAction = keyof typeof EVENT_ACTIONS;
