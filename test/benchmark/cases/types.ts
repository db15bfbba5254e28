import type { Resource } from '../../../src/inventory/resource.ts';
import type { JsonValue } from '../../../src/util/json.ts';

/** One row of a recommendation's table: an estate, the resource under test, and the verdict. */
export interface RecommendationCase {
  recommendation: string;
  title: string;
  resources: Resource[];
  /** ID of the resource under test; defaults to the first resource's. */
  subject?: string;
  /** Parameter values for the recommendation's policy, when the case is about them. */
  parameters?: Record<string, JsonValue>;
  expected: 'healthy' | 'unhealthy' | 'notApplicable';
  /** A substring one evidence message (or field) of the finding must contain. */
  evidence?: string;
}
