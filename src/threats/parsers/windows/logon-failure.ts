import type { ThreatEvent } from '../../event.ts';
import { setText } from '../fields.ts';

/**
 * A 4625's FailureReason is an insertion string (`%%2313`) that Event Viewer replaces with a message of
 * msobjs.dll, the security audit parameter message file; id 2304 is message 0x900. Texts as Windows 11's
 * msobjs.dll (10.0.22000.1) holds them, Windows' own spelling ("occured") included, since an analyst
 * compares them with what Event Viewer shows: libyal/winevt-kb, docs/sources/message-files/
 * MessageFile-msobjs.dll.md (0x00000900 to 0x0000090b).
 */
const FAILURE_REASONS = new Map<string, string>([
  ['%%2304', 'An Error occured during Logon.'],
  ['%%2305', 'The specified user account has expired.'],
  ['%%2306', 'The NetLogon component is not active.'],
  ['%%2307', 'Account locked out.'],
  ['%%2308', 'The user has not been granted the requested logon type at this machine.'],
  ['%%2309', "The specified account's password has expired."],
  ['%%2310', 'Account currently disabled.'],
  ['%%2311', 'Account logon time restriction violation.'],
  ['%%2312', 'User not allowed to logon at this computer.'],
  ['%%2313', 'Unknown user name or bad password.'],
  ['%%2314', 'Domain sid inconsistent.'],
  ['%%2315', 'Smartcard logon is required and was not used.'],
]);

/**
 * Status and SubStatus NTSTATUS codes, by their eight lower-case hex digits, as "Table 12. Windows logon
 * status codes" of Microsoft's 4625(F) article describes them: MicrosoftDocs/windows-itpro-docs,
 * windows/security/threat-protection/auditing/event-4625.md (learn.microsoft.com/previous-versions/windows/
 * it-pro/windows-10/security/threat-protection/auditing/event-4625). Left out: 0x0 ("Status OK.", the
 * SubStatus of a failure that has no detail) and 0xC0000225, which the table describes only as "Evidently
 * a bug in Windows and not a risk", saying nothing of why the logon failed.
 */
const STATUS_TEXTS = new Map<string, string>([
  ['c000005e', 'There are currently no logon servers available to service the logon request.'],
  ['c0000064', 'User logon with misspelled or bad user account'],
  ['c000006a', 'User logon with misspelled or bad password'],
  ['c000006d', 'This is either due to a bad username or authentication information'],
  ['c000006e', 'Unknown user name or bad password.'],
  ['c000006f', 'User logon outside authorized hours'],
  ['c0000070', 'User logon from unauthorized workstation'],
  ['c0000071', 'User logon with expired password'],
  ['c0000072', 'User logon to account disabled by administrator'],
  ['c00000dc', 'Indicates the Sam Server was in the wrong state to perform the desired operation.'],
  ['c0000133', 'Clocks between DC and other computer too far out of sync'],
  ['c000015b', 'The user has not been granted the requested logon type (aka logon right) at this machine'],
  [
    'c000018c',
    'The logon request failed because the trust relationship between the primary domain and the trusted domain failed.',
  ],
  ['c0000192', 'An attempt was made to logon, but the Netlogon service was not started.'],
  ['c0000193', 'User logon with expired account'],
  ['c0000224', 'User is required to change password at next logon'],
  ['c0000234', 'User logon with account locked'],
  ['c00002ee', 'An Error occurred during Logon'],
  [
    'c0000413',
    'Logon Failure: The machine you are logging onto is protected by an authentication firewall. The specified account is not allowed to authenticate to the machine.',
  ],
]);

/**
 * FailureReason as Event Viewer shows it. Text that is not a known insertion string is returned as given:
 * Sentinel's SecurityEvent and rendered exports may carry the message already, and an unknown code is
 * still the best the event says.
 */
export function failureReasonText(value: string): string {
  return FAILURE_REASONS.get(value.trim()) ?? value;
}

/** What a Status or SubStatus code means; `0xC000006A`, `0xc000006a` and `C000006A` are one code. */
export function statusText(code: string): string | undefined {
  const hex = code.trim().toLowerCase();
  return STATUS_TEXTS.get(hex.startsWith('0x') ? hex.slice(2) : hex);
}

/**
 * A failed logon's reason in `event.reason`, and the meaning of its codes in `winlog.logon.failure.status`
 * and `winlog.logon.failure.sub_status` (Winlogbeat's names); the codes themselves stay in
 * `winlog.event_data.*`. An event without a FailureReason (a projected Log Analytics export) takes its
 * reason from the most specific code known.
 */
export function logonFailure(ev: ThreatEvent, data: Record<string, string>): void {
  const status = data.Status === undefined ? undefined : statusText(data.Status);
  const subStatus = data.SubStatus === undefined ? undefined : statusText(data.SubStatus);
  setText(ev, 'winlog.logon.failure.status', status);
  setText(ev, 'winlog.logon.failure.sub_status', subStatus);
  const reason = data.FailureReason;
  setText(ev, 'event.reason', reason === undefined ? undefined : failureReasonText(reason));
  if (ev['event.reason'] === undefined) setText(ev, 'event.reason', subStatus ?? status);
}
