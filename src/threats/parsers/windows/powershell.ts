import type { ThreatEvent } from '../../event.ts';
import type { EventAction } from '../ecs.ts';
import { setText, setUser } from '../fields.ts';
import type { EventXml } from './event-xml.ts';
import { keyValueLines, winlogEvent } from './winlog.ts';

/**
 * PowerShell's event logs (sigma-appendix-taxonomy.md, Windows Folder): the operational channels of Windows
 * PowerShell 5.1 and PowerShell 7, with script block logging (4104: ScriptBlockText, ScriptBlockId, Path,
 * MessageNumber/MessageTotal when a block is logged in parts) and module logging (4103: ContextInfo,
 * UserData, Payload); and the classic "Windows PowerShell" log (400/403 engine state, 600 provider, 800
 * pipeline execution), whose EventData is unnamed `<Data>` text.
 */
export const POWERSHELL_CHANNELS = new Set([
  'Microsoft-Windows-PowerShell/Operational',
  'PowerShellCore/Operational',
  'Windows PowerShell',
]);

/**
 * The classic events' `<Data>` that holds their `Key=Value` details: the third for 400, 403 and 600 (after
 * the new and previous state), the second for 800 (after the pipeline's command text, which is the user's
 * and must not be read as details: a line `HostApplication=…` in a script would otherwise set the field).
 */
const DETAILS: Record<number, string> = { 400: 'param3', 403: 'param3', 600: 'param3', 800: 'param2' };

/** What each PowerShell event records (parsers/ecs.ts EVENT_ACTIONS). */
const POWERSHELL_ACTIONS: Record<number, EventAction> = {
  4104: 'powershell_script_block',
  4103: 'powershell_pipeline_executed',
  800: 'powershell_pipeline_executed',
  400: 'powershell_engine_started',
  600: 'powershell_provider_started',
};

/**
 * A PowerShell event as windows.powershell. Sigma rules name the raw fields (`ScriptBlockText`, `Payload`,
 * `ContextInfo`), kept as `winlog.event_data.<Name>`. A classic event's `<Data>` texts are also `Data` (a
 * list, as SigmaHQ's `Data|contains` rules read them) and the details' keys (HostApplication, HostName,
 * EngineVersion…) fields of their own, as the classic rules' "fields have to be extracted" asks.
 */
export function powershellEvent(
  x: EventXml,
  original: string,
  path: string,
  line: number,
): ThreatEvent | string {
  const ev = winlogEvent(x, 'windows.powershell', original, path, line);
  if (typeof ev === 'string') return ev;
  const action = POWERSHELL_ACTIONS[x.eventId];
  if (action !== undefined) ev['event.action'] = action;
  const d = x.data;
  if (x.channel === 'Windows PowerShell') {
    ev['winlog.event_data.Data'] = Object.freeze(Object.values(d)) as string[];
    const details = d[DETAILS[x.eventId] ?? ''];
    if (details !== undefined) keyValueLines(ev, details);
    setText(ev, 'process.command_line', ev['winlog.event_data.HostApplication']);
    setText(ev, 'file.path', ev['winlog.event_data.ScriptName']);
    return ev;
  }
  if (x.eventId === 4104) {
    setText(ev, 'file.path', d.Path);
  } else if (x.eventId === 4103 && d.ContextInfo !== undefined) {
    contextInfo(ev, d.ContextInfo);
  }
  return ev;
}

/**
 * 4103's ContextInfo is `Name = value` lines (`Host Application = powershell.exe -nop …`, `User = CONTOSO\bob`,
 * `Script Name = …`), in the system's language; the English names are read into ECS, the text stays whole.
 */
function contextInfo(ev: ThreatEvent, text: string): void {
  for (const raw of text.split('\n')) {
    const eq = raw.indexOf(' = ');
    if (eq === -1) continue;
    const value = raw.slice(eq + 3).trim();
    switch (raw.slice(0, eq).trim()) {
      case 'Host Application':
        setText(ev, 'process.command_line', value);
        break;
      case 'User':
        setUser(ev, value);
        break;
      case 'Script Name':
        setText(ev, 'file.path', value);
        break;
      case 'Command Name':
        setText(ev, 'powershell.command.name', value);
        break;
    }
  }
}
