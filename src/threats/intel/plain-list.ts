import type { InputError } from '../../util/input-error.ts';
import type { IpIndicator } from './indicator.ts';
import { parseAddressRange } from './network.ts';

/**
 * A plain IP list: one IPv4 or IPv6 address or CIDR network per line. `#` starts a comment anywhere on a
 * line, and so does ` ;` after an entry (Spamhaus DROP's `192.0.2.0/24 ; SBL123`); blank lines are
 * skipped. Every other line must be one entry: a bad line is an error naming file and line, never skipped
 * in silence, and the rest of the file still loads.
 */
export function parsePlainList(
  text: string,
  file: string,
  feed: string,
): { indicators: IpIndicator[]; errors: InputError[] } {
  const indicators: IpIndicator[] = [];
  const errors: InputError[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const entry = withoutComment(lines[i]!).trim();
    if (entry === '') continue;
    const line = i + 1;
    // Two fields (`a b`, or a CSV export's `ip,first_seen,…`) are not one entry.
    if (/[\s,]/.test(entry)) {
      errors.push({ file, line, message: `expected one address or network per line, got '${clip(entry)}'` });
      continue;
    }
    const range = parseAddressRange(entry);
    if (typeof range === 'string') errors.push({ file, line, message: clip(range, 200) });
    else indicators.push({ ...range, feed, value: entry, file, line });
  }
  return { indicators, errors };
}

function withoutComment(line: string): string {
  const hash = line.indexOf('#');
  const text = hash === -1 ? line : line.slice(0, hash);
  const semicolon = text.indexOf(';');
  return semicolon === -1 ? text : text.slice(0, semicolon);
}

function clip(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
