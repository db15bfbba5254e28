/**
 * Vigil's Sigma engine: load rules (loadSigmaRules), compile them once (compileRules), run events through
 * the Detector. See README.md in this folder for the API, the supported features and the regex guarantee.
 */
export { DEFAULT_MAPPINGS } from './default-mappings.ts';
export {
  type CompiledRuleInfo,
  type CompileOptions,
  compileRules,
  type Detector,
  type DetectorStats,
  ruleIdOf,
} from './detector.ts';
export { type LoadResult, loadSigmaRules, parseSigmaYaml } from './load.ts';
export {
  type DatasetRoute,
  type FieldMap,
  type FieldTarget,
  type LogsourceMapping,
  mergeMappings,
  type SigmaMappings,
  validateMappings,
} from './mappings.ts';
export { compileRegex, type LinearRegex, RegexUnsupported } from './regex/index.ts';
export {
  type CorrelationType,
  formatSigmaError,
  type SigmaCorrelationRule,
  type SigmaDetectionRule,
  type SigmaDocument,
  type SigmaError,
  type SigmaFilterRule,
  type SigmaLevel,
  type SigmaLogsource,
  type SigmaMatch,
} from './types.ts';
