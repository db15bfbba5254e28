import { describe, expect, it } from 'vitest';
import { AuditdReader } from '../../../src/threats/parsers/auditd/reader.ts';
import { sourceAddress } from '../../../src/threats/parsers/ip.ts';
import { emitJournaldRecord } from '../../../src/threats/parsers/journald.ts';
import { emitEventXml } from '../../../src/threats/parsers/windows/route.ts';
import { collector, feed, syslogEvent } from './helpers.ts';

describe('sourceAddress', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['::FFFF:203.0.113.7', '203.0.113.7'],
    ['2001:db8::7', '2001:db8::7'],
    ['::1', '::1'],
    // Not IPv4-mapped: kept as the IPv6 address it is (IPv4-compatible, and the NAT64 prefix).
    ['::203.0.113.7', '::203.0.113.7'],
    ['64:ff9b::203.0.113.7', '64:ff9b::203.0.113.7'],
    ['::ffff:7', '::ffff:7'],
    ['::ffff:1.2.3', undefined],
    ['::ffff:', undefined],
    ['host.example.com', undefined],
  ])('%j → %j', (text, expected) => {
    expect(sourceAddress(text)).toBe(expected);
  });
});

/**
 * A dual-stack daemon (sshd on `ListenAddress ::`) logs an IPv4 client as `::ffff:a.b.c.d`: every Linux
 * source puts the IPv4 address in `source.ip`, so the brute-force rules' group-by sees one client, and
 * keeps what the log wrote.
 */
describe('IPv4-mapped source addresses in Linux logs', () => {
  const MAPPED = '::ffff:203.0.113.7';

  it.each([
    `Mar  2 11:50:01 vm sshd[4101]: Failed password for root from ${MAPPED} port 40022 ssh2`,
    `Mar  2 11:50:01 vm sshd[4101]: Accepted publickey for deploy from ${MAPPED} port 40022 ssh2: ED25519 SHA256:x`,
    `Mar  2 11:50:01 vm sshd[4101]: Invalid user oracle from ${MAPPED} port 40100`,
    `Mar  2 11:50:01 vm sshd[4101]: Connection closed by authenticating user root ${MAPPED} port 61000 [preauth]`,
    `Mar  2 11:50:01 vm sshd[4101]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=${MAPPED}  user=root`,
    `Mar  2 11:50:01 vm sshd[4101]: PAM 2 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=${MAPPED}  user=root`,
  ])('syslog: %s', (line) => {
    const ev = syslogEvent(line);
    expect(ev['source.ip']).toBe('203.0.113.7');
    expect(ev['log.original']).toContain(MAPPED);
  });

  it('journald', () => {
    const { sink, out } = collector('journal.json');
    const record = {
      __REALTIME_TIMESTAMP: '1709290800123456',
      SYSLOG_IDENTIFIER: 'sshd',
      MESSAGE: `Failed password for root from ${MAPPED} port 41000 ssh2`,
    };
    emitJournaldRecord(record, JSON.stringify(record), 1, sink);
    expect(out.events[0]!['source.ip']).toBe('203.0.113.7');
    expect(out.events[0]!['log.original']).toContain(MAPPED);
  });

  it('auditd addr=', () => {
    const { events } = feed(
      (sink) => new AuditdReader(sink),
      [
        `type=USER_LOGIN msg=audit(1709290800.371:23): pid=15745 uid=0 auid=4294967295 ses=4294967295 msg='op=login acct="root" exe="/usr/sbin/sshd" hostname=? addr=${MAPPED} terminal=sshd res=failed'`,
      ],
    );
    expect(events[0]).toMatchObject({ 'source.ip': '203.0.113.7', 'auditd.data.addr': MAPPED });
  });

  it('Sysmon for Linux network connections', () => {
    const { sink, out } = collector('sysmon.xml');
    emitEventXml(
      `<Event><System><Provider Name="Linux-Sysmon" Guid="{ff032593-a8d3-4f13-b0d6-01fc615a0f97}"/><EventID>3</EventID><TimeCreated SystemTime="2024-03-03T10:00:00.000000000Z"/><Computer>web-01</Computer></System><EventData><Data Name="Image">/usr/sbin/sshd</Data><Data Name="Protocol">tcp</Data><Data Name="Initiated">false</Data><Data Name="SourceIp">${MAPPED}</Data><Data Name="SourcePort">40022</Data><Data Name="DestinationIp">10.0.0.4</Data><Data Name="DestinationPort">22</Data></EventData></Event>`,
      1,
      sink,
    );
    expect(out.events[0]).toMatchObject({ 'source.ip': '203.0.113.7', 'sysmon.SourceIp': MAPPED });
  });
});
