import type { InputError } from '../../util/input-error.ts';
import { splitCsv } from '../input/csv.ts';
import type { IpIndicator } from './indicator.ts';
import { parseAddressRange } from './network.ts';

/**
 * A plain IP list: one IPv4 or IPv6 address, CIDR network or first-last range per line. `#` starts a
 * comment anywhere on a line, and so does `;` after an entry (Spamhaus DROP's `192.0.2.0/24 ; SBL123`);
 * blank lines are skipped. An address followed by a count (IPsum's `203.0.113.7<TAB>5`: on how many lists it
 * is) is that address. A CSV feed is read when a header row names its address column, commented out or not
 * (abuse.ch Feodo Tracker's `# first_seen_utc,dst_ip,dst_port,...`, SSLBL's `# Firstseen,DstIP,DstPort`).
 * Every other line must be one entry: a bad line is an error naming file and line, never skipped in silence,
 * and the rest of the file still loads.
 */
export function parsePlainList(
  text: string,
  file: string,
  feed: string,
): { indicators: IpIndicator[]; errors: InputError[] } {
  const indicators: IpIndicator[] = [];
  const errors: InputError[] = [];
  const lines = text.split('\n');
  const csv = csvHeader(lines);
  for (let i = 0; i < lines.length; i++) {
    const line = i + 1;
    let entry: string;
    if (csv !== undefined) {
      const row = lines[i]!.trim();
      if (i === csv.index || row === '' || row.startsWith('#')) continue;
      entry = (splitCsv(row)[csv.column] ?? '').trim();
      if (entry === '') {
        errors.push({ file, line, message: `the row has no value in column '${csv.name}'` });
        continue;
      }
    } else {
      entry = withoutComment(lines[i]!).trim();
      if (entry === '') continue;
      entry = oneEntry(entry);
      // Two fields (`a b`, or a CSV row with no header naming its address column) are not one entry.
      if (entry.includes(',') || entry.includes(' ') || entry.includes('\t')) {
        const hint = entry.includes(',')
          ? ': a CSV feed needs a header row naming its address column (ip, dst_ip, ...)'
          : '';
        errors.push({
          file,
          line,
          message: `expected one address, network or range per line, got '${clip(entry)}'${hint}`,
        });
        continue;
      }
    }
    const range = parseAddressRange(entry);
    if (typeof range === 'string') errors.push({ file, line, message: clip(range, 200) });
    else indicators.push({ ...range, feed, value: entry, file, line });
  }
  return { indicators, errors };
}

/** Header names of an address column, compared without case, `_` or spaces. */
const ADDRESS_COLUMNS = new Set([
  'ip',
  'ipaddress',
  'ipaddr',
  'ipv4',
  'ipv6',
  'dstip',
  'srcip',
  'destinationip',
  'sourceip',
  'address',
  'cidr',
  'network',
]);

/**
 * The header row of a CSV feed and its address column: the first row, or a comment row before the first
 * entry, that splits on commas into names one of which names addresses.
 */
function csvHeader(lines: readonly string[]): { index: number; column: number; name: string } | undefined {
  for (let i = 0; i < lines.length; i++) {
    const row = lines[i]!.trim();
    if (row === '') continue;
    const commented = row.startsWith('#');
    let body = row;
    while (body.startsWith('#')) body = body.slice(1);
    if (body.includes(',')) {
      const names = splitCsv(body.trim());
      const column = names.findIndex((n) => ADDRESS_COLUMNS.has(columnKey(n)));
      if (column !== -1) return { index: i, column, name: names[column]!.trim() };
    }
    if (!commented) return undefined;
  }
  return undefined;
}

function columnKey(name: string): string {
  return name.trim().toLowerCase().split('_').join('').split(' ').join('');
}

/**
 * The entry a line spells with spaces: `203.0.113.7 5` (an address and a count, as IPsum writes) is the
 * address, `a - b` the range `a-b`; anything else is itself.
 */
function oneEntry(entry: string): string {
  const fields = entry
    .split('\t')
    .join(' ')
    .split(' ')
    .filter((f) => f !== '');
  if (fields.length === 2 && isDigits(fields[1]!)) return fields[0]!;
  if (fields.length === 3 && fields[1] === '-') return `${fields[0]}-${fields[2]}`;
  return entry;
}

function isDigits(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return text.length > 0;
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
