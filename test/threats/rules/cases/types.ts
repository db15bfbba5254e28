import type { Input } from '../run.ts';

/**
 * One built-in rule's test: inputs that must fire it, and near misses that must not. `rule` is the file
 * under src/threats/rules; `title` picks the rule when that file holds more than one reported rule.
 */
export interface RuleCase {
  rule: string;
  title?: string;
  /** Each input must fire the rule on its own. */
  fires: Input[];
  /** For a correlation: the group-by values the match must carry. */
  group?: Record<string, string>;
  /** Each near miss must not fire the rule; `why` says what makes it a near miss. */
  misses: { why: string; input: Input }[];
}
