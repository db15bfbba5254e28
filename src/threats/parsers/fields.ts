import type { ThreatEvent } from '../event.ts';

/**
 * Setters that leave a field absent rather than empty: Windows and Log Analytics write `-` or an empty
 * string for "no value", and the event contract says absent fields are absent.
 */
export function setText(ev: ThreatEvent, field: string, value: unknown): void {
  if (typeof value === 'number') ev[field] = String(value);
  else if (typeof value === 'string' && value !== '' && value !== '-') ev[field] = value;
}

/** Decimal or `0x` hex (Windows process ids) to a non-negative integer. */
export function setNumber(ev: ThreatEvent, field: string, value: unknown): void {
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value) && value >= 0) ev[field] = value;
    return;
  }
  if (typeof value !== 'string' || value === '' || value === '-') return;
  const n = Number(value);
  if (Number.isSafeInteger(n) && n >= 0) ev[field] = n;
}

/** `DOMAIN\user` or `user` into `user.name` and `user.domain` (under `prefix`, e.g. `user.target`). */
export function setUser(ev: ThreatEvent, value: unknown, prefix = 'user'): void {
  if (typeof value !== 'string' || value === '' || value === '-') return;
  const slash = value.indexOf('\\');
  if (slash === -1) {
    ev[`${prefix}.name`] = value;
    return;
  }
  const name = value.slice(slash + 1);
  if (name === '' || name === '-') return;
  ev[`${prefix}.name`] = name;
  const domain = value.slice(0, slash);
  if (domain !== '' && domain !== '-') ev[`${prefix}.domain`] = domain;
}

/**
 * `user.name_folded`: a Windows event's `user.name` in lower case. Windows compares account names without
 * case (`Administrator` and `ADMINISTRATOR` are one account), while rules compare values as written, so a
 * rule that counts accounts (password spray's value_count) counts this field on Windows events. Linux
 * events have none: `Admin` and `admin` are two Linux users.
 */
export function setFoldedUser(ev: ThreatEvent): void {
  const name = ev['user.name'];
  // `windows.*` datasets, told by their first character.
  if (typeof name === 'string' && ev['event.dataset'].charCodeAt(0) === 0x77)
    ev['user.name_folded'] = name.toLowerCase();
}
