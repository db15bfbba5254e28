import { isIp } from '../parsers/ip.ts';

/** auth.log names the host as syslog was told (`web01`), auditd's node= may be the FQDN: compare the first label. */
export function hostKey(v: unknown): string | undefined {
  if (typeof v !== 'string' || v === '') return undefined;
  const lower = v.toLowerCase();
  const dot = lower.indexOf('.');
  return dot === -1 || isIp(lower) ? lower : lower.slice(0, dot);
}

/** Two values that do not differ: equal, or one of them unknown. */
export function agree(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || a === b;
}
