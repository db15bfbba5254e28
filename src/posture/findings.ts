import type { Evidence } from '../benchmark/types.ts';
import type { Resource } from '../inventory/resource.ts';

/**
 * `unknown`: the verdict rests on a value known only at deployment (a template's `reference()`), or on
 * a manual policy's attestation; it is neither healthy nor unhealthy and leaves the score alone.
 */
export type FindingStatus = 'healthy' | 'unhealthy' | 'notApplicable' | 'exempt' | 'unknown' | 'error';

/** One recommendation's verdict on one resource, with the evidence for it. */
export interface Finding {
  recommendationId: string;
  resourceId: string;
  resourceType: string;
  /** Lower-cased subscription id, for per-subscription scores; undefined for tenant-level resources. */
  subscriptionId?: string | undefined;
  status: FindingStatus;
  evidence: Evidence[];
  /** Set when an exemption turned the verdict into `exempt` (Defender lists these as not applicable). */
  exemption?: AppliedExemption | undefined;
  /** For `error`: what could not be evaluated. */
  error?: string | undefined;
}

export interface AppliedExemption {
  name: string;
  category: 'Waiver' | 'Mitigated';
  expiresOn?: string | undefined;
  description?: string | undefined;
  /** The exemption's own id, so a report can point at it. */
  id: string;
}

/** The subscription in a resource id, lower-cased. */
export function subscriptionOf(resourceId: string): string | undefined {
  const match = /^\/subscriptions\/([^/]+)/i.exec(resourceId);
  return match ? match[1]!.toLowerCase() : undefined;
}

/** A recommendation's check, able to say again why it judged a resource as it did. */
export interface FindingSource {
  readonly recommendationId: string;
  /** The evidence for the verdict on `resource`; asked only when a report shows it. */
  explain(resource: Resource): Evidence[];
}

/** A check's verdict, one object per (check, status) shared by every finding that has it. */
export class Verdict {
  /** Tells a shared verdict from a finding's own Detail faster than instanceof, on millions of findings. */
  readonly detailed = false as const;
  constructor(
    readonly source: FindingSource,
    readonly status: FindingStatus,
  ) {}
}

export type Verdicts = Readonly<Record<FindingStatus, Verdict>>;

const verdictsBySource = new WeakMap<FindingSource, Verdicts>();

/** The shared verdicts of a check. */
export function verdictsOf(source: FindingSource): Verdicts {
  let verdicts = verdictsBySource.get(source);
  if (verdicts === undefined) {
    verdicts = {
      healthy: new Verdict(source, 'healthy'),
      unhealthy: new Verdict(source, 'unhealthy'),
      notApplicable: new Verdict(source, 'notApplicable'),
      exempt: new Verdict(source, 'exempt'),
      unknown: new Verdict(source, 'unknown'),
      error: new Verdict(source, 'error'),
    };
    verdictsBySource.set(source, verdicts);
  }
  return verdicts;
}

/**
 * What only some findings carry: evidence set by hand (an exemption's, a not-assessed note), an exemption, an
 * error, and identities rewritten by a caller (a test spelling an id in capitals).
 */
class Detail {
  readonly detailed = true as const;
  recommendationId: string | undefined;
  resourceId: string | undefined;
  evidence: Evidence[] | undefined;
  exemption: AppliedExemption | undefined;
  error: string | undefined;

  constructor(
    readonly source: FindingSource,
    public status: FindingStatus,
  ) {}
}

/** What reading findings needs: a scan's Findings, or an array of findings (a report narrowed, a test's). */
export interface FindingList extends Iterable<Finding> {
  readonly length: number;
  at(index: number): Finding | undefined;
  filter(test: (finding: Finding) => boolean): Finding[];
  map<T>(to: (finding: Finding) => T): T[];
  find(test: (finding: Finding) => boolean): Finding | undefined;
  some(test: (finding: Finding) => boolean): boolean;
  every(test: (finding: Finding) => boolean): boolean;
}

/** The columns of a list of findings: row `i` is the resource judged and the verdict on it. */
interface Rows {
  readonly resources: Resource[];
  readonly verdicts: (Verdict | Detail)[];
}

/**
 * A scan's findings, kept as two columns (the resource, the verdict it shares with the check's other
 * findings of that status) rather than as an object per finding: an estate of 100,000 VMs has four million
 * findings, and as objects they cost a sixth of the scan, most of it the garbage collector copying them.
 * A finding read from the list is a view on its row, made when read; what is set on it is kept in the row.
 * The rows name the resources of one inventory, which holds one object per resource id: the score counts
 * resources by their object.
 */
export class Findings implements FindingList, Iterable<CheckedFinding> {
  readonly #rows: Rows = { resources: [], verdicts: [] };

  get length(): number {
    return this.#rows.resources.length;
  }

  add(resource: Resource, verdict: Verdict): void {
    this.#rows.resources.push(resource);
    this.#rows.verdicts.push(verdict);
  }

  at(index: number): CheckedFinding | undefined {
    // As Array.prototype.at: a fraction is cut to its whole part.
    const whole = Math.trunc(index) || 0;
    const row = whole < 0 ? whole + this.length : whole;
    return row >= 0 && row < this.length ? new CheckedFinding(this.#rows, row) : undefined;
  }

  [Symbol.iterator](): Iterator<CheckedFinding> {
    return new RowIterator(this.#rows);
  }

  filter(test: (finding: CheckedFinding) => boolean): CheckedFinding[] {
    const kept: CheckedFinding[] = [];
    for (const finding of this) if (test(finding)) kept.push(finding);
    return kept;
  }

  map<T>(to: (finding: CheckedFinding) => T): T[] {
    const mapped: T[] = [];
    for (const finding of this) mapped.push(to(finding));
    return mapped;
  }

  find(test: (finding: CheckedFinding) => boolean): CheckedFinding | undefined {
    for (const finding of this) if (test(finding)) return finding;
    return undefined;
  }

  some(test: (finding: CheckedFinding) => boolean): boolean {
    return this.find(test) !== undefined;
  }

  every(test: (finding: CheckedFinding) => boolean): boolean {
    return this.find((finding) => !test(finding)) === undefined;
  }

  /** The findings as a JSON array. */
  toJSON(): CheckedFinding[] {
    return [...this];
  }
}

/** A plain iterator rather than a generator: resuming a generator per finding measured three times slower. */
class RowIterator implements Iterator<CheckedFinding> {
  readonly #rows: Rows;
  #next = 0;

  constructor(rows: Rows) {
    this.#rows = rows;
  }

  next(): IteratorResult<CheckedFinding> {
    const row = this.#next;
    if (row >= this.#rows.resources.length) return { value: undefined, done: true };
    this.#next = row + 1;
    return { value: new CheckedFinding(this.#rows, row), done: false };
  }
}

/**
 * A finding as the scan keeps it: a row of Findings, whose verdict is shared with the check's other
 * findings of that status. The evidence is the check's explanation, made when read: an estate of 100,000
 * VMs has millions of findings, and their explanations would take gigabytes, where a report reads a few of
 * them or streams them one by one.
 */
export class CheckedFinding implements Finding {
  readonly #rows: Rows;
  readonly #row: number;

  constructor(rows: Rows, row: number) {
    this.#rows = rows;
    this.#row = row;
  }

  /** The resource judged, as the inventory holds it. */
  get resource(): Resource {
    return this.#rows.resources[this.#row]!;
  }

  get status(): FindingStatus {
    return this.#rows.verdicts[this.#row]!.status;
  }

  set status(status: FindingStatus) {
    const verdict = this.#rows.verdicts[this.#row]!;
    if (verdict.detailed) verdict.status = status;
    else this.#rows.verdicts[this.#row] = verdictsOf(verdict.source)[status];
  }

  get recommendationId(): string {
    const verdict = this.#rows.verdicts[this.#row]!;
    return verdict.detailed
      ? (verdict.recommendationId ?? verdict.source.recommendationId)
      : verdict.source.recommendationId;
  }

  set recommendationId(id: string) {
    CheckedFinding.#detail(this).recommendationId = id;
  }

  get resourceId(): string {
    const verdict = this.#rows.verdicts[this.#row]!;
    return (verdict.detailed ? verdict.resourceId : undefined) ?? this.resource.id;
  }

  set resourceId(id: string) {
    CheckedFinding.#detail(this).resourceId = id;
  }

  /** Whether the finding names its resource by the resource's own id, as the scan made it (no string compared). */
  get keepsResourceId(): boolean {
    const verdict = this.#rows.verdicts[this.#row]!;
    return !verdict.detailed || verdict.resourceId === undefined || verdict.resourceId === this.resource.id;
  }

  get resourceType(): string {
    return this.resource.type;
  }

  get subscriptionId(): string | undefined {
    return subscriptionOf(this.resourceId);
  }

  get evidence(): Evidence[] {
    const verdict = this.#rows.verdicts[this.#row]!;
    if (verdict.detailed && verdict.evidence !== undefined) return verdict.evidence;
    return verdict.source.explain(this.resource);
  }

  set evidence(evidence: Evidence[]) {
    CheckedFinding.#detail(this).evidence = evidence;
  }

  get exemption(): AppliedExemption | undefined {
    const verdict = this.#rows.verdicts[this.#row]!;
    return verdict.detailed ? verdict.exemption : undefined;
  }

  set exemption(exemption: AppliedExemption | undefined) {
    CheckedFinding.#detail(this).exemption = exemption;
  }

  get error(): string | undefined {
    const verdict = this.#rows.verdicts[this.#row]!;
    return verdict.detailed ? verdict.error : undefined;
  }

  set error(error: string | undefined) {
    CheckedFinding.#detail(this).error = error;
  }

  /** The plain shape, for JSON.stringify and test diffs. */
  toJSON(): Finding {
    return {
      recommendationId: this.recommendationId,
      resourceId: this.resourceId,
      resourceType: this.resourceType,
      subscriptionId: this.subscriptionId,
      status: this.status,
      evidence: this.evidence,
      exemption: this.exemption,
      error: this.error,
    };
  }

  /**
   * The finding's own detail, made the first time something is set on it. Static: an instance private
   * method would give every finding a brand field.
   */
  static #detail(finding: CheckedFinding): Detail {
    const verdict = finding.#rows.verdicts[finding.#row]!;
    if (verdict.detailed) return verdict;
    const detail = new Detail(verdict.source, verdict.status);
    finding.#rows.verdicts[finding.#row] = detail;
    return detail;
  }
}
