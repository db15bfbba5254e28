import { setResourceFields } from '../azure/resource-id.ts';
import { setText } from '../fields.ts';
import type { EventSink } from '../sink.ts';
import { emitProgramMessage } from '../syslog/message-events.ts';
import { parseTimestamp } from '../time.ts';

/**
 * A row of the Log Analytics Syslog table (JSON or CSV export): SyslogMessage goes through the program
 * parsers with ProcessName as the program, at EventTime (when the host logged it; TimeGenerated is when
 * the workspace received it). Sysmon for Linux XML and AUOMS records in SyslogMessage become Sysmon and
 * auditd events. Columns: learn.microsoft.com/azure/azure-monitor/reference/tables/syslog.
 */
export function emitSyslogRow(
  r: Record<string, unknown>,
  original: string,
  line: number,
  sink: EventSink,
): void {
  const time = text(r.EventTime) ?? text(r.TimeGenerated);
  const timestamp = time === undefined ? undefined : parseTimestamp(time);
  if (timestamp === undefined) {
    sink.unparsed(line, 'Syslog row without a valid EventTime or TimeGenerated', original);
    return;
  }
  const message = typeof r.SyslogMessage === 'string' ? r.SyslogMessage : undefined;
  if (message === undefined) {
    sink.unparsed(line, 'Syslog row without SyslogMessage', original);
    return;
  }
  const pid = Number(r.ProcessID);
  emitProgramMessage(
    {
      timestamp,
      host: text(r.Computer) ?? text(r.HostName),
      program: text(r.ProcessName),
      pid: text(r.ProcessID) !== undefined && Number.isSafeInteger(pid) ? pid : undefined,
      message,
      original,
      line,
    },
    sink,
    (ev) => {
      setText(ev, 'host.ip', r.HostIP);
      setText(ev, 'log.syslog.facility.name', r.Facility);
      setText(ev, 'log.syslog.severity.name', r.SeverityLevel);
      setResourceFields(ev, r._ResourceId);
    },
  );
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}
