import { allDigits } from './ip-address.ts';

export interface PortRange {
  from: number;
  to: number;
}

export const ALL_PORTS: PortRange = { from: 0, to: 65535 };

/**
 * One port entry of a rule: `*`, `80`, `10000-10005`. ARM keeps lists as separate entries of the
 * plural field; a comma list in one string (`80, 10000-10005`, as the portal shows it) is read too
 * (network-security-groups-overview.md, "Port range").
 */
export function parsePortSpec(spec: string): PortRange[] | undefined {
  const ranges: PortRange[] = [];
  for (const part of spec.split(',')) {
    const range = parsePortRange(part.trim());
    if (range === undefined) return undefined;
    ranges.push(range);
  }
  return ranges;
}

export function parsePortRange(text: string): PortRange | undefined {
  if (text === '*') return ALL_PORTS;
  const dash = text.indexOf('-');
  const from = port(dash === -1 ? text : text.slice(0, dash));
  const to = dash === -1 ? from : port(text.slice(dash + 1));
  if (from === undefined || to === undefined || from > to) return undefined;
  return { from, to };
}

export function parsePort(text: string): number | undefined {
  return port(text);
}

function port(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed.length > 5 || !allDigits(trimmed)) return undefined;
  const value = Number(trimmed);
  return value <= 65535 ? value : undefined;
}

export function formatPortRange(range: PortRange): string {
  if (range.from === 0 && range.to === 65535) return '*';
  return range.from === range.to ? `${range.from}` : `${range.from}-${range.to}`;
}
