import type { InputError } from '../../util/input-error.ts';
import { isJsonObject, type JsonObject, type JsonValue } from '../../util/json.ts';
import type { IpIndicator } from './indicator.ts';
import { parseAddressRange } from './network.ts';
import { PatternUnsupported, parseIpPattern } from './stix-pattern.ts';

/**
 * Indicators from a STIX 2.1 bundle (`{"type": "bundle", "objects": [...]}`; STIX 2.0 bundles and TAXII
 * envelopes `{"more": …, "objects": [...]}` too). Per the
 * STIX 2.1 specification (§4.6 Indicator):
 * - an indicator holds from `valid_from` (required) until `valid_until` (optional; it MUST be later): Vigil
 *   matches it against events whose time falls in [valid_from, valid_until), not against the clock, since
 *   logs are read after the fact;
 * - `revoked: true` means the producer withdrew it: not used (counted);
 * - `pattern_type` must be `stix` (2.0 indicators have none, and are STIX patterns);
 * - several versions of one indicator (same `id`) may be present: the one with the latest `modified` wins;
 * - the feed is the indicator's creator (`created_by_ref` → an `identity` in the bundle, by its `name`),
 *   else the file.
 * Patterns are read by stix-pattern.ts; one that Vigil cannot match is reported with the indicator's id.
 */
export interface StixRead {
  indicators: IpIndicator[];
  errors: InputError[];
  /** Patterns not supported or only partly matched, each naming the indicator. */
  warnings: InputError[];
  revoked: number;
  /** Indicators whose pattern names no IP address at all (domains, hashes…). */
  notIp: number;
}

export function readStixBundle(bundle: JsonValue, file: string, fileFeed: string): StixRead {
  const out: StixRead = { indicators: [], errors: [], warnings: [], revoked: 0, notIp: 0 };
  // A TAXII 2.1 collection's objects come in an envelope, {"more": …, "objects": [...]}, with no type
  // (TAXII 2.1 §3.7); saved responses are fed as they are.
  const envelope = isJsonObject(bundle) && bundle.type === undefined;
  if (!isJsonObject(bundle) || (bundle.type !== 'bundle' && !envelope) || !Array.isArray(bundle.objects)) {
    out.errors.push({
      file,
      message:
        'expected a STIX bundle {"type": "bundle", "objects": [...]} or a TAXII envelope {"objects": [...]}',
    });
    return out;
  }
  const objects = bundle.objects;
  const identities = new Map<string, string>();
  const latest = new Map<string, { object: JsonObject; index: number; modified: number }>();
  objects.forEach((object, index) => {
    if (!isJsonObject(object)) {
      out.errors.push({ file, pointer: `/objects/${index}`, message: 'expected a STIX object' });
      return;
    }
    if (object.type === 'identity' && typeof object.id === 'string' && typeof object.name === 'string') {
      identities.set(object.id, object.name);
    }
    if (object.type !== 'indicator') return;
    if (typeof object.id !== 'string') {
      out.errors.push({ file, pointer: `/objects/${index}`, message: 'indicator without an id' });
      return;
    }
    const modified = timestamp(object.modified) ?? Number.NaN;
    const seen = latest.get(object.id);
    if (!seen || (Number.isFinite(modified) && !(modified <= seen.modified))) {
      latest.set(object.id, { object, index, modified: Number.isFinite(modified) ? modified : -Infinity });
    }
  });
  for (const { object, index } of latest.values()) {
    readIndicator(object, `/objects/${index}`, file, identities, fileFeed, out);
  }
  return out;
}

function readIndicator(
  object: JsonObject,
  pointer: string,
  file: string,
  identities: Map<string, string>,
  fileFeed: string,
  out: StixRead,
): void {
  const id = object.id as string;
  const problem = (list: InputError[], message: string) =>
    list.push({ file, pointer, message: `indicator ${id}: ${message}` });
  if (object.revoked === true) {
    out.revoked++;
    return;
  }
  if (object.pattern_type !== undefined && object.pattern_type !== 'stix') {
    problem(
      out.warnings,
      `pattern_type '${String(object.pattern_type)}' is not supported (only stix): not used`,
    );
    return;
  }
  if (typeof object.pattern !== 'string') {
    problem(out.errors, 'has no pattern');
    return;
  }
  const validFrom = timestamp(object.valid_from);
  const validUntil = timestamp(object.valid_until);
  if (object.valid_from === undefined) {
    problem(out.warnings, 'has no valid_from (required by STIX 2.1): used without a start');
  } else if (validFrom === undefined) {
    problem(out.errors, `valid_from '${String(object.valid_from)}' is not a timestamp: not used`);
    return;
  }
  if (object.valid_until !== undefined && validUntil === undefined) {
    problem(out.errors, `valid_until '${String(object.valid_until)}' is not a timestamp: not used`);
    return;
  }
  if (validFrom !== undefined && validUntil !== undefined && validUntil <= validFrom) {
    problem(out.errors, 'valid_until is not later than valid_from: not used');
    return;
  }
  let pattern: ReturnType<typeof parseIpPattern>;
  try {
    pattern = parseIpPattern(object.pattern);
  } catch (error) {
    if (!(error instanceof PatternUnsupported)) throw error;
    problem(out.warnings, `pattern not supported (${error.message}): ${clip(object.pattern)}; not used`);
    return;
  }
  if (pattern.values.length === 0) {
    out.notIp++;
    problem(out.warnings, `pattern names no IP address (${pattern.otherPaths.join(', ')}): not used`);
    return;
  }
  if (pattern.otherPaths.length > 0) {
    problem(
      out.warnings,
      `only the IP addresses of the pattern are matched; ${pattern.otherPaths.join(', ')} is not`,
    );
  }
  const creator =
    typeof object.created_by_ref === 'string' ? identities.get(object.created_by_ref) : undefined;
  const feed = creator ?? fileFeed;
  for (const value of pattern.values) {
    const range = parseAddressRange(value);
    if (typeof range === 'string') {
      problem(out.errors, range);
      continue;
    }
    out.indicators.push({ ...range, feed, value, file, indicatorId: id, validFrom, validUntil });
  }
}

/**
 * STIX timestamps are RFC 3339 in UTC (STIX 2.1 §3.2). Some exporters leave out the `Z`
 * (`2024-08-16T23:00:22`): that is still UTC, where Date.parse would take the machine's zone. Other texts
 * Date.parse happens to accept (`Jan 1 2024`) are not timestamps.
 */
const STIX_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/i;

function timestamp(value: JsonValue | undefined): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = STIX_TIMESTAMP.exec(value);
  if (!match) return undefined;
  const ms = Date.parse(match[2] === undefined ? `${value}Z` : value);
  return Number.isFinite(ms) ? ms : undefined;
}

function clip(text: string): string {
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}
