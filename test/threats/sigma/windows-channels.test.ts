import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ThreatEvent } from '../../../src/threats/event.ts';
import { parseInputs } from '../../../src/threats/input/parse-inputs.ts';
import { compileRules, DEFAULT_MAPPINGS, loadSigmaRules } from '../../../src/threats/sigma/index.ts';
import { detector } from './helpers.ts';

/**
 * Rules written as SigmaHQ writes its PowerShell (ps_script, ps_module, ps_classic_start,
 * ps_classic_provider_start) and System rules — the same logsources and field names (ScriptBlockText, Payload,
 * ContextInfo, Data, Provider_Name, ServiceName, ImagePath, param1…) — in test/fixtures/sigma/windows/channel-rules,
 * over PowerShell and System events as wevtutil writes them (powershell.xml, system.xml) and as the Log Analytics
 * Event table holds them.
 */
const FIXTURES = fileURLToPath(new URL('../../fixtures/sigma/windows/', import.meta.url));
const EVENT_TABLE = fileURLToPath(new URL('../../fixtures/threats/event-table-sysmon.json', import.meta.url));

async function read(path: string): Promise<ThreatEvent[]> {
  const out: ThreatEvent[] = [];
  for await (const e of parseInputs([path])) out.push(e);
  return out;
}

function channelRules(options: { prefilter?: boolean } = {}) {
  const { rules, errors } = loadSigmaRules([`${FIXTURES}channel-rules`]);
  expect(errors).toEqual([]);
  const d = compileRules(rules, DEFAULT_MAPPINGS, { ...options, reorderWindowMs: Number.POSITIVE_INFINITY });
  expect(d.errors).toEqual([]);
  expect(d.unrouted).toEqual([]);
  return d;
}

/** Each rule's title → the EventRecordIDs it fires on. */
function firings(events: ThreatEvent[], options: { prefilter?: boolean } = {}): Record<string, string[]> {
  const d = channelRules(options);
  const out: Record<string, string[]> = {};
  for (const e of events) {
    for (const m of d.process(e)) {
      const fired = out[m.title] ?? [];
      fired.push(String(e['winlog.record_id'] ?? e['event.code']));
      out[m.title] = fired;
    }
  }
  return out;
}

let xmlEvents: ThreatEvent[];
beforeAll(async () => {
  xmlEvents = [...(await read(`${FIXTURES}powershell.xml`)), ...(await read(`${FIXTURES}system.xml`))];
});

describe('PowerShell and System rules in SigmaHQ form', () => {
  // Every rule fires on its positive and on nothing else: near misses sit next to each positive (a script block
  // without -ComputerName, a host application that is powershell.exe, a 5.1 engine, BITS rather than
  // SessionEnv, Remote Registry stopping, the System log itself cleared, a service in Program Files).
  const expected = {
    'Script block creates a local account': ['201', '207'],
    'Script block runs commands on another computer': ['203'],
    'Script block deletes the PowerShell history file': ['205'],
    'Module logging records an offensive cmdlet': ['211'],
    'Module logging from a program that is not PowerShell': ['212'],
    'PowerShell 2 engine started by a newer host': ['221'],
    'PowerShell engine started inside another program': ['222'],
    'WSMan provider started by a program that is not PowerShell': ['231'],
    "PsExec's service installed": ['301'],
    'Service installed that runs a shell command': ['303'],
    'SessionEnv set to start automatically': ['305'],
    'Remote Registry service running': ['307'],
    'A log other than System was cleared': ['309'],
    'Service installed from a folder users can write to': ['311'],
  };

  it('fire on wevtutil XML exactly where they should', () => {
    expect(firings(xmlEvents)).toEqual(expected);
  });

  it('fire the same with the detector index turned off', () => {
    expect(firings(xmlEvents, { prefilter: false })).toEqual(expected);
  });

  it('fire on the same events read from the Log Analytics Event table', async () => {
    expect(firings(await read(EVENT_TABLE))).toEqual({
      'Script block creates a local account': ['4104'],
      "PsExec's service installed": ['7045'],
    });
  });
});

describe('PowerShell and System logsources', () => {
  const rule = (logsource: string, detection: string) =>
    `title: t\nid: t\nlogsource: {product: windows, ${logsource}}\ndetection:\n${detection.replace(/^/gm, '    ')}\n`;
  const codes = (logsource: string, detection: string) => {
    const d = detector(rule(logsource, detection));
    return xmlEvents.filter((e) => d.process(e).length > 0).map((e) => String(e['winlog.record_id']));
  };

  // sigma-appendix-taxonomy.md, Windows Folder: channels and event ids per category and service.
  it.each([
    [
      'category: ps_script',
      'sel:\n    EventID: [4103, 4104, 400]\ncondition: sel',
      ['201', '202', '203', '204', '205', '206', '207'],
    ],
    [
      'category: ps_module',
      "sel:\n    Payload|contains: 'CommandInvocation'\ncondition: sel",
      ['211', '212', '213'],
    ],
    [
      'category: ps_classic_start',
      "sel:\n    Data|contains: 'HostName=ConsoleHost'\ncondition: sel",
      ['221', '222', '223'],
    ],
    ['category: ps_classic_provider_start', 'sel:\n    Data: WSMan\ncondition: sel', ['231', '232']],
    ['category: ps_classic_script', 'sel:\n    CommandLine: Get-Date\ncondition: sel', ['241']],
    // service: powershell is the Windows PowerShell 5.1 channel only (PowerShell 7's 207 is not in it).
    ['service: powershell', 'sel:\n    ScriptBlockText|contains: New-LocalUser\ncondition: sel', ['201']],
    [
      'service: powershell-classic',
      "sel:\n    EngineVersion|startswith: '2.'\ncondition: sel",
      ['221', '223'],
    ],
    [
      'service: system',
      'sel:\n    Channel: System\ncondition: sel',
      ['301', '302', '303', '304', '305', '306', '307', '308', '310', '311'],
    ],
    [
      'service: system',
      'sel:\n    Computer: WIN-SRV01.contoso.local\n    EventID: 7036\ncondition: sel',
      ['307', '308'],
    ],
  ])('product: windows, %s: %s', (logsource, detection, expected) => {
    expect(codes(logsource, detection)).toEqual(expected);
  });
});
