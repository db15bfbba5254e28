import type { ThreatEvent } from '../../event.ts';
import { CATEGORY, TYPE } from '../ecs.ts';
import { setText } from '../fields.ts';
import type { EventXml } from './event-xml.ts';
import { winlogEvent } from './winlog.ts';

/**
 * A System log event as windows.system: every provider's EventData by name (SigmaHQ's `service: system` rules
 * name them: `ServiceName`, `ImagePath`, `param1`…). The Service Control Manager's events also give ECS
 * `service.*`: 7045 a service was installed (ServiceName, ImagePath, ServiceType, StartType, AccountName),
 * 7036 a service entered a state (param1 its display name, param2 the state, both localised), 7040 a
 * service's start type changed (param1 display name, param2 from, param3 to, param4 the service's key name).
 */
export function systemEvent(x: EventXml, original: string, path: string, line: number): ThreatEvent | string {
  const ev = winlogEvent(x, 'windows.system', original, path, line);
  if (typeof ev === 'string') return ev;
  const d = x.data;
  // Eventlog's 104 (a log cleared) names who cleared it in UserData.
  setText(ev, 'user.name', ev['winlog.event_data.SubjectUserName']);
  setText(ev, 'user.domain', ev['winlog.event_data.SubjectDomainName']);
  if (x.provider === 'Microsoft-Windows-Eventlog' && x.eventId === 104)
    ev['event.action'] = 'event_log_cleared';
  if (x.provider !== 'Service Control Manager') return ev;
  switch (x.eventId) {
    case 7045:
      ev['event.action'] = 'service_installed';
      ev['event.category'] = CATEGORY.configuration;
      ev['event.type'] = TYPE.creation;
      setText(ev, 'service.name', d.ServiceName);
      // The command the service runs: what an analyst reads first, and the alert's process entity.
      setText(ev, 'process.command_line', d.ImagePath);
      break;
    case 7036:
      ev['event.action'] = 'service_state_changed';
      setText(ev, 'service.name', d.param1);
      setText(ev, 'service.state', d.param2);
      break;
    case 7040:
      ev['event.action'] = 'service_start_type_changed';
      ev['event.category'] = CATEGORY.configuration;
      ev['event.type'] = TYPE.change;
      setText(ev, 'service.name', d.param4 ?? d.param1);
      break;
  }
  return ev;
}
