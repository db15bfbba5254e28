import { ACCOUNT_TOOLS } from '../parsers/syslog/programs.ts';
import type { DatasetRoute, FieldMap, LogsourceMapping, SigmaMappings, ValueNames } from './mappings.ts';
import type { SigmaLogsource } from './types.ts';

/**
 * Vigil's routing of Sigma logsources to parser datasets, and Sigma field names to ECS fields (see
 * mappings.ts for the resolution order). Logsource names follow sigma-appendix-taxonomy.md; field names
 * follow Sysmon / the Windows event schema as Sigma's taxonomy does (`../shared/corpora/sigma/logsource.json`
 * lists them per logsource).
 *
 * What the parsers fill (src/threats/parsers): ECS `process.*`, `user.*`, `source.*`, `destination.*`,
 * `file.path`, `event.action` (parsers/ecs.ts lists the actions), `message` (a syslog line's message), and
 * each source's raw fields: Sysmon EventData as `sysmon.<Name>`, Windows Security EventData as
 * `winlog.event_data.<Name>`, auditd record fields as `auditd.data.<name>` (EXECVE arguments decoded, PATH
 * names as a list) with the record types in `auditd.types`. Sigma rules name the raw fields, so raw fields are
 * preferred where they exist: `User` in Sysmon is `DOMAIN\user`, which `user.name` is not.
 */

/** Sigma's process_creation names over ECS, for sources without Sysmon's own fields (auditd, 4688). */
const PROCESS: FieldMap = {
  Image: 'process.executable',
  CommandLine: 'process.command_line',
  ParentImage: 'process.parent.executable',
  ParentCommandLine: 'process.parent.command_line',
  CurrentDirectory: 'process.working_directory',
  ProcessId: 'process.pid',
  ParentProcessId: 'process.parent.pid',
  User: 'user.name',
};

/** Sigma's auditd rules use the record keys: `type`, `a0`…, `exe`, `comm`, `key`, `SYSCALL`, `name`. */
const AUDITD: FieldMap = {
  type: 'auditd.types',
  'a{n}': ['auditd.data.a{n}', 'process.args[{n}]'],
  SYSCALL: ['auditd.data.SYSCALL', 'auditd.data.syscall'],
};

const SYSMON = 'sysmon.';
/** Sysmon's `<System>` fields, which the parser keeps as ECS fields rather than under `sysmon.`. */
const SYSMON_FIELDS: FieldMap = { EventID: 'event.code', Computer: 'host.name' };
const LINUX_TEXT_DATASETS = ['linux.auth', 'linux.syslog', 'linux.journald'] as const;
/** A journald record's text is its MESSAGE; `log.original` is the JSON record. */
const JOURNALD_KEYWORDS = ['message', 'log.original'];

/** The programs whose lines are authentication and account events (auth.log). */
const AUTH_PROGRAMS = [
  'sshd',
  'sshd-session',
  'sudo',
  'su',
  'login',
  'systemd-logind',
  'polkitd',
  'pkexec',
  'unix_chkpwd',
  ...ACCOUNT_TOOLS,
];

/** Syslog-style programs are told apart by `process.name` (the syslog tag / journald SYSLOG_IDENTIFIER). */
function byProgram(...names: string[]): DatasetRoute[] {
  return LINUX_TEXT_DATASETS.map((dataset) => ({
    dataset,
    where: { 'process.name': names },
    ...(dataset === 'linux.journald' ? { keywordFields: JOURNALD_KEYWORDS } : {}),
  }));
}

/** Sysmon event ids per Sigma category (sigma-appendix-taxonomy.md, Windows and Linux folders). */
const SYSMON_CATEGORIES: Record<string, string[]> = {
  process_creation: ['1'],
  file_change: ['2'],
  network_connection: ['3'],
  sysmon_status: ['4', '16'],
  process_termination: ['5'],
  driver_load: ['6'],
  image_load: ['7'],
  create_remote_thread: ['8'],
  raw_access_thread: ['9'],
  process_access: ['10'],
  file_event: ['11'],
  registry_event: ['12', '13', '14'],
  registry_add: ['12'],
  registry_delete: ['12'],
  registry_set: ['13'],
  registry_rename: ['14'],
  create_stream_hash: ['15'],
  pipe_created: ['17', '18'],
  wmi_event: ['19', '20', '21'],
  dns_query: ['22'],
  file_delete: ['23'],
  clipboard_capture: ['24'],
  process_tampering: ['25'],
  file_delete_detected: ['26'],
  file_block_executable: ['27'],
  file_block_shredding: ['28'],
  file_executable_detected: ['29'],
  sysmon_error: ['255'],
};

const LINUX_SYSMON = new Set([
  'process_creation',
  'network_connection',
  'file_event',
  'process_termination',
  'raw_access_thread',
  'file_delete',
  'sysmon_status',
]);

function sysmonCategories(product: 'linux' | 'windows'): LogsourceMapping[] {
  return Object.entries(SYSMON_CATEGORIES)
    .filter(([category]) => product === 'windows' || LINUX_SYSMON.has(category))
    .map(([category, ids]) => ({
      logsource: { product, category },
      rawPrefix: SYSMON,
      fields: SYSMON_FIELDS,
      routes: [
        { dataset: product === 'linux' ? 'linux.sysmon' : 'windows.sysmon', where: { 'event.code': ids } },
      ],
    }));
}

/**
 * Security event 4688 names the integrity level by its mandatory label SID, where Sysmon and Sigma rules say
 * `High`; older SigmaHQ rules list only the names, newer ones both (`IntegrityLevel: [High, S-1-16-12288]`).
 * SIDs: MS-DTYP 2.4.2.4 "Well-Known SID Structures"; the field: learn.microsoft.com/windows/security/
 * threat-protection/auditing/event-4688 ("Mandatory Label").
 */
const INTEGRITY_LEVELS: ValueNames = {
  'winlog.event_data.MandatoryLabel': {
    'S-1-16-0': 'Untrusted',
    'S-1-16-4096': 'Low',
    'S-1-16-8192': 'Medium',
    'S-1-16-12288': 'High',
    'S-1-16-16384': 'System',
  },
};

const WINLOG = 'winlog.event_data.';

/** A Windows event's `<System>` fields, as every Windows log's parser fills them (Sysmon aside). */
const WINDOWS_EVENT_FIELDS: FieldMap = {
  EventID: ['event.code', 'winlog.event_id'],
  Provider_Name: 'winlog.provider_name',
  Channel: 'winlog.channel',
  Computer: 'host.name',
};

const PS_OPERATIONAL = ['Microsoft-Windows-PowerShell/Operational', 'PowerShellCore/Operational'];
const PS_CLASSIC = 'Windows PowerShell';

/**
 * PowerShell logsources by the taxonomy appendix's channels and event ids; `Data` (classic events) and
 * `HostApplication`… are fields the parser extracts (parsers/windows/powershell.ts).
 */
function powershell(logsource: SigmaLogsource, where: Record<string, string | string[]>): LogsourceMapping {
  return {
    logsource: { product: 'windows', ...logsource },
    rawPrefix: WINLOG,
    fields: WINDOWS_EVENT_FIELDS,
    routes: [{ dataset: 'windows.powershell', where }],
  };
}

export const DEFAULT_MAPPINGS: SigmaMappings = {
  logsources: [
    // Keyword rules with only `product: linux` are meant for any Linux log line.
    {
      logsource: { product: 'linux' },
      routes: [
        { dataset: 'linux.auth' },
        { dataset: 'linux.syslog' },
        { dataset: 'linux.journald', keywordFields: JOURNALD_KEYWORDS },
        { dataset: 'linux.auditd', fields: AUDITD, rawPrefix: 'auditd.data.' },
        { dataset: 'linux.sysmon', rawPrefix: SYSMON, fields: SYSMON_FIELDS },
      ],
    },
    ...sysmonCategories('linux').map((m) =>
      m.logsource.category === 'process_creation'
        ? {
            ...m,
            routes: [
              ...m.routes,
              // auditd EXECVE events are process starts too, with ECS process fields.
              {
                dataset: 'linux.auditd' as const,
                where: { 'event.action': 'process_created' },
                fields: PROCESS,
                rawPrefix: 'auditd.data.',
              },
            ],
          }
        : m,
    ),
    {
      logsource: { product: 'linux', service: 'auditd' },
      fields: AUDITD,
      rawPrefix: 'auditd.data.',
      routes: [{ dataset: 'linux.auditd' }],
    },
    {
      logsource: { product: 'linux', service: 'auth' },
      routes: [
        { dataset: 'linux.auth' },
        {
          dataset: 'linux.journald',
          where: { 'process.name': AUTH_PROGRAMS },
          keywordFields: JOURNALD_KEYWORDS,
        },
      ],
    },
    { logsource: { product: 'linux', service: 'sshd' }, routes: byProgram('sshd', 'sshd-session') },
    { logsource: { product: 'linux', service: 'sudo' }, routes: byProgram('sudo') },
    {
      logsource: { product: 'linux', service: 'cron' },
      routes: byProgram('cron', 'crond', 'crontab', 'anacron'),
    },
    {
      logsource: { product: 'linux', service: 'syslog' },
      routes: [
        { dataset: 'linux.syslog' },
        { dataset: 'linux.auth' },
        { dataset: 'linux.journald', keywordFields: JOURNALD_KEYWORDS },
      ],
    },
    {
      logsource: { product: 'linux', service: 'clamav' },
      routes: byProgram('clamd', 'freshclam', 'clamscan'),
    },
    { logsource: { product: 'linux', service: 'vsftpd' }, routes: byProgram('vsftpd') },
    { logsource: { product: 'linux', service: 'guacamole' }, routes: byProgram('guacd', 'guacamole') },
    ...sysmonCategories('windows').map((m) =>
      m.logsource.category === 'process_creation'
        ? {
            ...m,
            routes: [
              ...m.routes,
              // Security event 4688 as process creation, the way pySigma's windows_audit_pipeline and Hayabusa's
              // windows-audit mapping read it: the creator's logon session is SubjectLogonId.
              {
                dataset: 'windows.security' as const,
                where: { 'event.code': '4688' },
                rawPrefix: WINLOG,
                fields: {
                  ...PROCESS,
                  Image: ['process.executable', 'winlog.event_data.NewProcessName'],
                  ParentImage: ['process.parent.executable', 'winlog.event_data.ParentProcessName'],
                  IntegrityLevel: 'winlog.event_data.MandatoryLabel',
                  LogonId: 'winlog.event_data.SubjectLogonId',
                  ...WINDOWS_EVENT_FIELDS,
                },
                values: INTEGRITY_LEVELS,
              },
            ],
          }
        : m,
    ),
    {
      logsource: { product: 'windows', service: 'sysmon' },
      rawPrefix: SYSMON,
      fields: SYSMON_FIELDS,
      routes: [{ dataset: 'windows.sysmon' }],
    },
    {
      logsource: { product: 'windows', service: 'security' },
      rawPrefix: WINLOG,
      fields: WINDOWS_EVENT_FIELDS,
      routes: [{ dataset: 'windows.security' }],
    },
    powershell({ category: 'ps_script' }, { 'event.code': '4104', 'winlog.channel': PS_OPERATIONAL }),
    powershell({ category: 'ps_module' }, { 'event.code': '4103', 'winlog.channel': PS_OPERATIONAL }),
    powershell({ category: 'ps_classic_start' }, { 'event.code': '400', 'winlog.channel': PS_CLASSIC }),
    powershell(
      { category: 'ps_classic_provider_start' },
      { 'event.code': '600', 'winlog.channel': PS_CLASSIC },
    ),
    powershell({ category: 'ps_classic_script' }, { 'event.code': '800', 'winlog.channel': PS_CLASSIC }),
    powershell({ service: 'powershell' }, { 'winlog.channel': PS_OPERATIONAL[0]! }),
    powershell({ service: 'powershell-classic' }, { 'winlog.channel': PS_CLASSIC }),
    {
      logsource: { product: 'windows', service: 'system' },
      rawPrefix: WINLOG,
      fields: {
        ...WINDOWS_EVENT_FIELDS,
        // Eventlog's 104 ("log cleared") names the cleared log in its UserData `Channel`, which SigmaHQ's rule
        // tests; other events have only the System channel itself.
        Channel: ['winlog.event_data.Channel', 'winlog.channel'],
      },
      routes: [{ dataset: 'windows.system' }],
    },
    {
      logsource: { product: 'azure', service: 'activitylogs' },
      rawPrefix: 'azure.activitylogs.',
      fields: {
        operationName: 'event.action',
        status: 'azure.activitylogs.status',
        subStatus: 'azure.activitylogs.sub_status',
        category: 'azure.activitylogs.category',
        caller: 'user.name',
        callerIpAddress: 'source.ip',
        resourceId: 'azure.resource.id',
        ResourceId: 'azure.resource.id',
        ResourceProviderValue: 'azure.resource.provider',
      },
      routes: [{ dataset: 'azure.activitylogs' }],
    },
    {
      // Sigma's firewall taxonomy over NSG flow tuples.
      logsource: { category: 'firewall' },
      fields: {
        src_ip: 'source.ip',
        src_port: 'source.port',
        dst_ip: 'destination.ip',
        dst_port: 'destination.port',
        action: 'event.type',
      },
      routes: [{ dataset: 'azure.nsgflow' }],
    },
  ],
};
