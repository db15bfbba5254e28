import { fileURLToPath } from 'node:url';
import {
  type CompileOptions,
  compileRules,
  DEFAULT_MAPPINGS,
  type Detector,
  formatSigmaError,
  loadSigmaRules,
  type SigmaDocument,
} from '../sigma/index.ts';
import { applyThresholds, resolveThresholds, type ThresholdOverrides } from './thresholds.ts';

/**
 * Vigil's built-in rule pack: the Sigma YAML files in this folder (linux/, windows/, azure/, network/,
 * intel/, correlations/), with the correlation thresholds in force (thresholds.ts). README.md lists them.
 */
export {
  DEFAULT_THRESHOLDS,
  THRESHOLD_NAMES,
  type Threshold,
  ThresholdError,
  type ThresholdName,
  type ThresholdOverrides,
  type Thresholds,
} from './thresholds.ts';

/** The folder the built-in rules are read from (next to this module, wherever the package is installed). */
export const BUILTIN_RULES_DIR = fileURLToPath(new URL('./', import.meta.url));

export interface BuiltinRuleOptions {
  /** e.g. `{ sshBruteForce: { count: 8, windowMinutes: 2 } }`; unnamed thresholds keep their defaults. */
  thresholds?: ThresholdOverrides;
}

/** A built-in rule that does not load, compile or route: a defect of the pack, reported with every problem. */
export class BuiltinRulesError extends Error {
  override name = 'BuiltinRulesError';
}

/**
 * Reads the built-in rules and applies the thresholds. Throws ThresholdError for a bad override (naming the
 * field) and BuiltinRulesError when any rule file fails to load. The result can be compiled together with a
 * user's own rules (loadSigmaRules) by compileRules.
 */
export function loadBuiltinRules(options: BuiltinRuleOptions = {}): SigmaDocument[] {
  const thresholds = resolveThresholds(options.thresholds ?? {});
  const { rules, errors } = loadSigmaRules([BUILTIN_RULES_DIR]);
  if (errors.length > 0) {
    throw new BuiltinRulesError(
      `${errors.length} built-in rule problem(s):\n${errors.map(formatSigmaError).join('\n')}`,
    );
  }
  return applyThresholds(rules, thresholds);
}

/**
 * The built-in rules compiled with the default mappings. Throws BuiltinRulesError when a rule does not
 * compile, or compiles but routes to no dataset (it would never see an event).
 */
export function compileBuiltinRules(options: BuiltinRuleOptions & CompileOptions = {}): Detector {
  const { thresholds, ...compile } = options;
  const detector = compileRules(loadBuiltinRules({ thresholds }), DEFAULT_MAPPINGS, compile);
  const problems = [
    ...detector.errors.map(formatSigmaError),
    ...detector.unrouted.map((u) => `${u.file} [${u.ruleId}]: logsource ${u.logsource} routes to no dataset`),
  ];
  if (problems.length > 0) {
    throw new BuiltinRulesError(`${problems.length} built-in rule problem(s):\n${problems.join('\n')}`);
  }
  return detector;
}
