import type { Dataset, FieldValue, ThreatEvent } from '../../../src/threats/event.ts';
import {
  type CompileOptions,
  compileRules,
  DEFAULT_MAPPINGS,
  type Detector,
  parseSigmaYaml,
  type SigmaMappings,
} from '../../../src/threats/sigma/index.ts';

let line = 0;

/** A minimal event of `dataset` with the given fields (`log.original` defaults to empty). */
export function event(
  dataset: Dataset,
  fields: Record<string, FieldValue>,
  timestamp = '2024-05-01T10:00:00Z',
): ThreatEvent {
  line++;
  return {
    '@timestamp': timestamp,
    'event.dataset': dataset,
    'log.original': '',
    'log.file.path': 'test.log',
    'log.file.line': line,
    ...fields,
  };
}

/** Compiles YAML text (one or more documents) and fails the test on any load or compile error. */
export function detector(
  yaml: string,
  options: CompileOptions = {},
  mappings: SigmaMappings = DEFAULT_MAPPINGS,
): Detector {
  const { rules, errors } = parseSigmaYaml(yaml, 'inline.yml');
  if (errors.length > 0) throw new Error(`load errors: ${JSON.stringify(errors)}`);
  const d = compileRules(rules, mappings, options);
  if (d.errors.length > 0) throw new Error(`compile errors: ${JSON.stringify(d.errors)}`);
  return d;
}

/**
 * A one-rule detector over ECS fields: `detection` is the YAML body of the detection section (indented by
 * four spaces), for logsource `product: linux, service: auth`, so field names are ECS names as written.
 */
export function ruleOn(detection: string, options: CompileOptions = {}): Detector {
  return detector(
    `title: t\nid: t\nlogsource:\n    product: linux\n    service: auth\ndetection:\n${detection}`,
    options,
  );
}

export function fires(d: Detector, ev: ThreatEvent): boolean {
  return d.process(ev).length > 0;
}

/** Errors from compiling YAML text, load errors first. */
export function compileErrors(yaml: string, options: CompileOptions = {}) {
  const { rules, errors } = parseSigmaYaml(yaml, 'inline.yml');
  return [...errors, ...compileRules(rules, DEFAULT_MAPPINGS, options).errors];
}
