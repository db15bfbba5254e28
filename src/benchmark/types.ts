import type { Inventory } from '../inventory/inventory.ts';
import type { Resource } from '../inventory/resource.ts';
import type { JsonValue } from '../util/json.ts';
import type { NetworkModel } from './analyzers/network-model.ts';
import type { ScoreControlId } from './controls.ts';

/** Defender for Cloud's severities for recommendations. */
export type Severity = 'High' | 'Medium' | 'Low';
export const SEVERITIES: readonly Severity[] = ['High', 'Medium', 'Low'];

/**
 * One of Vigil's recommendations. The metadata (severity, controls, wording) lives here, in the
 * benchmark; the check itself knows none of it — as cdk-nag keeps rules apart from packs.
 */
export interface Recommendation {
  /** Stable kebab-case id, e.g. `vm-encryption-at-host`. */
  id: string;
  /** Defender for Cloud's title where Defender has one (users search for it), else Vigil's. */
  title: string;
  severity: Severity;
  /** Microsoft cloud security benchmark control ids, e.g. ['NS-1', 'PA-7']. */
  mcsb: string[];
  /** The secure score control the recommendation counts toward. */
  control: ScoreControlId;
  /** Defender's assessment key (the GUID in its portal links), where Defender has the recommendation. */
  assessmentKey?: string;
  /** Preview and deprecated recommendations are reported but never counted in the score. */
  stage: 'ga' | 'preview' | 'deprecated';
  /** What is wrong and why it matters, in Vigil's own words. */
  description: string;
  remediation: Remediation;
  /** The resource types the recommendation assesses (full ARM types, any case). */
  resourceTypes: string[];
  /**
   * Resource types that show the snapshot includes what the check reads (Defender plans, security
   * contacts, diagnostic settings): exports often leave them out. When a subscription has none of them
   * in the snapshot (with `anywhere`, when the whole snapshot has none: a type a subscription may truly
   * lack) the recommendation is not assessed there — reported as such, with `export` saying where they
   * come from, never as unhealthy on missing data.
   */
  requires?: { types: string[]; export: string; anywhere?: boolean };
  /**
   * Vigil reports Defender's own assessment from the snapshot (what only Defender can measure inside
   * a machine); it publishes no assessment of its own for these.
   */
  readsDefenderAssessment?: boolean;
  check: Check;
}

export interface Remediation {
  /** Portal steps. */
  portal: string;
  /** An `az` command (or commands) that fixes one resource; `<placeholders>` for names. */
  cli?: string;
  /** The ARM template / Bicep property to set. */
  template?: string;
}

export type Check =
  | {
      kind: 'policy';
      /** The definition file, relative to src/benchmark/policies/ (Azure/azure-policy repository shape). */
      definition: string;
      /** Values for the definition's parameters; a scan's parameters file can override them. */
      parameters?: Record<string, JsonValue>;
    }
  | { kind: 'analyzer'; analyze: Analyzer };

/**
 * What a check says about one resource. `unknown`: the verdict rests on a value known only at
 * deployment (a template's `reference()`), as a policy's does (posture/findings.ts).
 */
export type Health = 'healthy' | 'unhealthy' | 'notApplicable' | 'unknown';

/** Why a check said what it said: a field and its value, a related resource, a rule. */
export interface Evidence {
  message: string;
  field?: string | undefined;
  path?: string | undefined;
  expected?: JsonValue | undefined;
  actual?: JsonValue | undefined;
  /** JSON pointer of the deciding condition in the recommendation's policy definition. */
  condition?: string | undefined;
  /** Another resource the verdict rests on (an NSG rule, a related extension, a pricing). */
  resourceId?: string | undefined;
}

/** What a check says about one resource, and why. */
export interface Judgement {
  health: Health;
  evidence: Evidence[];
}

export interface AnalyzerContext {
  inventory: Inventory;
  /** The network model of the inventory, built on first use and shared by the analyzers of one scan. */
  network(): NetworkModel;
}

/** Judges one resource of the recommendation's types. */
export type Judge = (resource: Resource) => Judgement;

/**
 * A check the policy language cannot say (effective network exposure, for one). Given the inventory once,
 * it readies what judging needs (a network model, an index) and returns the judge of one resource. The
 * scan asks the judge about every resource of the recommendation's types and keeps the verdicts; a report
 * that shows a finding's evidence asks again, so a large estate does not hold millions of explanations.
 * A judge must therefore be a pure function of the inventory and the resource.
 */
export type Analyzer = (context: AnalyzerContext) => Judge;
