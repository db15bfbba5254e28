import { describe, expect, it } from 'vitest';
import { detectLayout } from '../../../src/threats/input/detect.ts';

describe('detectLayout', () => {
  it.each([
    ['', 'empty'],
    ['  \n\n', 'empty'],
    ['ab\u0000cd', 'binary'],
    ['[{"a":1}]', 'json'],
    ['{"records":[\n{"a":1}]}', 'json'],
    ['{\n  "value": []\n}', 'json'],
    ['{"__REALTIME_TIMESTAMP":"1","MESSAGE":"x"}\n{"a":2}\n', 'json-lines'],
    ['{"a":1}', 'json'],
    ['<?xml version="1.0"?><Events>', 'xml'],
    ["<Event xmlns='x'>", 'xml'],
    ["<root><Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>", 'xml'],
    // RFC 5424 syslog carrying Sysmon for Linux XML stays syslog.
    [
      "<14>1 2024-03-01T10:00:00Z h sysmon - - - <Event><System><Provider Name='Linux-Sysmon'/></System><Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>\n",
      'syslog',
    ],
    [',TenantId,TimeGenerated,Computer,EventID\n0,t,2019,c,4624\n', 'csv'],
    ['type=SYSCALL msg=audit(1.1:1): a=1\ntype=EOE msg=audit(1.1:1):\n', 'auditd'],
    [
      '----\ntime->Sat Mar  2 00:10:05 2019\ntype=USER_LOGIN msg=audit(03/02/2019 00:10:05.594:7507) : pid=1\n',
      'auditd',
    ],
    ['node=h type=SYSCALL msg=audit(1.1:1): a=1\n', 'auditd'],
    ['Dec 10 06:55:46 LabSZ sshd[24200]: hello\nDec 10 06:55:47 LabSZ sshd[24200]: again\n', 'syslog'],
    ['<34>1 2003-10-11T22:14:15.003Z h su - - - x\n', 'syslog'],
    ['2024-01-15T10:20:30.123456+01:00 web-01 sshd[77]: hi\n', 'syslog'],
    ['Dec 10 06:55:46 LabSZ sshd[24200]: one\ngarbage\nDec 10 06:55:47 h p: two\n', 'syslog'],
    ['hello world\nthis is prose\n', 'unknown'],
    ['a,b,c\n1,2,3\n', 'unknown'],
  ])('%j → %s', (head, layout) => {
    expect(detectLayout(head)).toBe(layout);
  });
});
