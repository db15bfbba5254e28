import type { Evidence } from '../benchmark/types.ts';

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
