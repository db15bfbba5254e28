import type { ThreatEvent } from '../../../src/threats/event.ts';
import { parseInputs } from '../../../src/threats/input/parse-inputs.ts';
import { loadBuiltinRules } from '../../../src/threats/rules/index.ts';
import {
  compileRules,
  DEFAULT_MAPPINGS,
  type SigmaDocument,
  type SigmaMatch,
} from '../../../src/threats/sigma/index.ts';
import { START } from './inputs.ts';

/** What src/threats/intel does before detection, for one listed address: sets the threat.* fields. */
export interface Intel {
  ip: string;
  feed: string;
}

/** Raw files (each one string, read as standard input is) and, optionally, an address on an intel feed. */
export type Input = string | string[] | { files: string[]; intel: Intel };

async function* once(text: string): AsyncGenerator<Buffer> {
  yield Buffer.from(text);
}

/** Parses one raw file as `vigil detect -` would; a line the parser cannot read fails the test. */
export async function parseText(text: string): Promise<ThreatEvent[]> {
  const events: ThreatEvent[] = [];
  const generator = parseInputs(['-'], { stdin: once(text), year: 2024, referenceDate: new Date(START) });
  for (let next = await generator.next(); ; next = await generator.next()) {
    if (next.done) {
      const stats = next.value;
      if (stats.unparsed > 0 || stats.errors.length > 0) {
        throw new Error(
          `test input not fully parsed: ${JSON.stringify({ samples: stats.samples, errors: stats.errors })}`,
        );
      }
      return events;
    }
    events.push(next.value);
  }
}

function enrich(events: ThreatEvent[], intel: Intel): void {
  for (const e of events) {
    const field =
      e['source.ip'] === intel.ip
        ? 'source.ip'
        : e['destination.ip'] === intel.ip
          ? 'destination.ip'
          : undefined;
    if (field === undefined) continue;
    e['threat.indicator.ip'] = intel.ip;
    e['threat.feed.name'] = intel.feed;
    e['threat.indicator.matched.field'] = field;
  }
}

const PACK = loadBuiltinRules();

/** `rule` and the rules its correlation (and any correlation inside it) references. */
export function withDependencies(
  rule: SigmaDocument,
  docs: readonly SigmaDocument[] = PACK,
): SigmaDocument[] {
  const out = new Set<SigmaDocument>([rule]);
  const visit = (d: SigmaDocument): void => {
    if (d.kind !== 'correlation') return;
    for (const ref of d.correlation.rules) {
      for (const r of docs) {
        if ((r.name === ref || r.id === ref) && !out.has(r)) {
          out.add(r);
          visit(r);
        }
      }
    }
  };
  visit(rule);
  return [...out];
}

/**
 * The matches of `rules` (default: the whole built-in pack) over the input, correlations judged at the end
 * of the stream. A case compiles only its rule and what it references: compiling the whole pack for each of
 * some two hundred inputs would make the suite slow for nothing, since rules do not interact.
 */
export async function runPack(input: Input, rules: readonly SigmaDocument[] = PACK): Promise<SigmaMatch[]> {
  const files = typeof input === 'string' ? [input] : Array.isArray(input) ? input : input.files;
  const events: ThreatEvent[] = [];
  for (const text of files) events.push(...(await parseText(text)));
  if (events.length === 0) throw new Error('test input made no events');
  if (!(typeof input === 'string' || Array.isArray(input))) enrich(events, input.intel);
  const detector = compileRules(rules, DEFAULT_MAPPINGS, { reorderWindowMs: Number.POSITIVE_INFINITY });
  if (detector.errors.length > 0)
    throw new Error(`rules did not compile: ${JSON.stringify(detector.errors)}`);
  const matches: SigmaMatch[] = [];
  for (const e of events) matches.push(...detector.process(e));
  matches.push(...detector.flush());
  return matches;
}
