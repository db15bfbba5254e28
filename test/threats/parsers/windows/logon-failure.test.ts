import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ThreatEvent } from '../../../../src/threats/event.ts';
import { parseInputs } from '../../../../src/threats/input/parse-inputs.ts';
import { securityEventRow } from '../../../../src/threats/parsers/loganalytics/securityevent.ts';
import { failureReasonText, statusText } from '../../../../src/threats/parsers/windows/logon-failure.ts';
import { emitEventXml } from '../../../../src/threats/parsers/windows/route.ts';
import { collector } from '../helpers.ts';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/', import.meta.url));

async function fixtureEvents(path: string): Promise<ThreatEvent[]> {
  const events: ThreatEvent[] = [];
  for await (const e of parseInputs([FIXTURES + path])) events.push(e);
  return events;
}

/** A 4625 as `wevtutil qe Security /f:xml` writes it, with the Failure Information fields given. */
function failedLogon(fields: Record<string, string>): ThreatEvent {
  const data = Object.entries({ TargetUserName: 'alice', LogonType: '3', ...fields })
    .map(([k, v]) => `<Data Name='${k}'>${v}</Data>`)
    .join('');
  const xml = `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Security-Auditing'/><EventID>4625</EventID><TimeCreated SystemTime='2024-02-10T08:15:30Z'/><Channel>Security</Channel><Computer>vm1</Computer></System><EventData>${data}</EventData></Event>`;
  const { sink, out } = collector('security.xml');
  emitEventXml(xml, 1, sink);
  expect(out.unparsed).toEqual([]);
  return out.events[0]!;
}

describe('4625 FailureReason insertion strings (msobjs.dll 0x900–0x90b)', () => {
  // The reasons analysts meet most, checked word for word (Windows' own "occured" included); the table
  // itself is not restated here.
  it.each([
    ['%%2304', 'An Error occured during Logon.'],
    ['%%2307', 'Account locked out.'],
    ['%%2310', 'Account currently disabled.'],
    ['%%2313', 'Unknown user name or bad password.'],
  ])('%s reads "%s"', (code, text) => {
    expect(failureReasonText(code)).toBe(text);
    expect(failedLogon({ FailureReason: code })).toMatchObject({
      'event.reason': text,
      'winlog.event_data.FailureReason': code,
    });
  });

  it('gives every message of the range its own text', () => {
    const codes = Array.from({ length: 12 }, (_, i) => `%%${2304 + i}`);
    const texts = codes.map(failureReasonText);
    expect(texts.filter((t) => t.startsWith('%%'))).toEqual([]);
    expect(new Set(texts).size).toBe(codes.length);
  });

  it.each([
    ['rendered text (Sentinel SecurityEvent, rendered exports)', 'Unknown user name or bad password.'],
    ['an insertion string Vigil does not know', '%%2399'],
    ['a neighbouring message that is no failure reason', '%%1833'],
    ['a name that an object would inherit', 'constructor'],
  ])('keeps %s as written', (_, value) => {
    expect(failureReasonText(value)).toBe(value);
    expect(failedLogon({ FailureReason: value })['event.reason']).toBe(value);
  });
});

describe('4625 Status and SubStatus codes (event-4625.md, Table 12)', () => {
  it.each([
    ['0xC0000064', 'User logon with misspelled or bad user account'],
    ['0xC000006A', 'User logon with misspelled or bad password'],
    ['0xC000006D', 'This is either due to a bad username or authentication information'],
    ['0xC0000072', 'User logon to account disabled by administrator'],
    ['0xC0000234', 'User logon with account locked'],
  ])('%s reads "%s", whatever its case and with or without 0x', (code, text) => {
    const lower = code.toLowerCase();
    for (const form of [code, lower, lower.slice(2), `0X${code.slice(2)}`, ` ${lower} `]) {
      expect(statusText(form)).toBe(text);
    }
  });

  it("gives every code of the doc's table a meaning of its own", () => {
    const codes = [
      '5E',
      '64',
      '6A',
      '6D',
      '6E',
      '6F',
      '70',
      '71',
      '72',
      'DC',
      '133',
      '15B',
      '18C',
      '192',
      '193',
      '224',
      '234',
      '2EE',
      '413',
    ];
    const texts = codes.map((c) => statusText(`0xC${c.padStart(7, '0')}`));
    expect(texts.filter((t) => t === undefined)).toEqual([]);
    expect(new Set(texts).size).toBe(codes.length);
  });

  it.each([
    ['0x0', 'the SubStatus of a failure without detail'],
    ['0xC0000225', 'documented only as a harmless Windows bug'],
    ['0xC0000001', 'a code the table does not list'],
    ['0x', 'no digits'],
    ['-', "Windows' no value"],
    ['__proto__', 'a name that an object would inherit'],
  ])('%s (%s) has no text', (code) => {
    expect(statusText(code)).toBeUndefined();
  });

  it('gives both codes their meaning beside the raw codes', () => {
    const ev = failedLogon({ Status: '0xc000006d', FailureReason: '%%2313', SubStatus: '0xc0000064' });
    expect(ev).toMatchObject({
      'event.reason': 'Unknown user name or bad password.',
      'winlog.logon.failure.status': 'This is either due to a bad username or authentication information',
      'winlog.logon.failure.sub_status': 'User logon with misspelled or bad user account',
      'winlog.event_data.Status': '0xc000006d',
      'winlog.event_data.SubStatus': '0xc0000064',
    });
  });

  it('leaves out a meaning it does not know, and a SubStatus of 0x0', () => {
    const ev = failedLogon({ Status: '0xc0000001', FailureReason: '%%2307', SubStatus: '0x0' });
    expect(ev['event.reason']).toBe('Account locked out.');
    expect(ev['winlog.logon.failure.status']).toBeUndefined();
    expect(ev['winlog.logon.failure.sub_status']).toBeUndefined();
    expect(ev['winlog.event_data.Status']).toBe('0xc0000001');
  });

  it.each([
    [
      'the SubStatus, more specific than the Status',
      { Status: '0xC000006D', SubStatus: '0xC000006A' },
      'User logon with misspelled or bad password',
    ],
    [
      'the Status when the SubStatus says nothing',
      { Status: '0xC0000234', SubStatus: '0x0' },
      'User logon with account locked',
    ],
    ['nothing when neither code is known', { Status: '0xC0000001' }, undefined],
  ])('without a FailureReason, the reason is %s', (_, fields, reason) => {
    expect(failedLogon({ FailureReason: '-', ...fields })['event.reason']).toBe(reason);
  });

  it('reads a Log Analytics SecurityEvent row the same way', () => {
    const row = {
      TimeGenerated: '2024-02-10T08:15:30Z',
      EventID: 4625,
      Computer: 'vm1',
      TargetUserName: 'admin',
      LogonType: 10,
      Status: '0xc000006d',
      SubStatus: '0xc000006a',
      FailureReason: '%%2313',
    };
    expect(securityEventRow(row, 'o', 'f.json', 1)).toMatchObject({
      'event.reason': 'Unknown user name or bad password.',
      'winlog.logon.failure.sub_status': 'User logon with misspelled or bad password',
    });
  });
});

describe('4625 events of the XML fixtures', () => {
  it('windows-security-export.xml: the failed RDP logon reads as Event Viewer shows it', async () => {
    const events = await fixtureEvents('threats/windows-security-export.xml');
    const failed = events.filter((e) => e['event.code'] === '4625');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      'event.outcome': 'failure',
      'user.name': 'administrator',
      'event.reason': 'Unknown user name or bad password.',
      'winlog.logon.failure.status': 'This is either due to a bad username or authentication information',
      'winlog.logon.failure.sub_status': 'User logon with misspelled or bad password',
      'winlog.event_data.FailureReason': '%%2313',
    });
  });

  it('security-logons.xml: a logon to a disabled account says so in both places', async () => {
    const events = await fixtureEvents('sigma/windows/security-logons.xml');
    expect(events.find((e) => e['winlog.record_id'] === '109')).toMatchObject({
      'event.code': '4625',
      'event.reason': 'Account currently disabled.',
      'winlog.logon.failure.status': 'Unknown user name or bad password.',
      'winlog.logon.failure.sub_status': 'User logon to account disabled by administrator',
    });
  });
});
