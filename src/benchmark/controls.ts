/**
 * Defender for Cloud's secure score controls of the Microsoft cloud security benchmark era, with
 * their maximum points (secure-score-security-controls.md; the maximums sum to 58, the "maximum
 * score available" the doc states).
 */
export const SCORE_CONTROLS = [
  { id: 'enable-mfa', name: 'Enable MFA', max: 10 },
  { id: 'secure-management-ports', name: 'Secure management ports', max: 8 },
  { id: 'apply-system-updates', name: 'Apply system updates', max: 6 },
  { id: 'remediate-vulnerabilities', name: 'Remediate vulnerabilities', max: 6 },
  { id: 'remediate-security-configurations', name: 'Remediate security configurations', max: 4 },
  { id: 'manage-access-and-permissions', name: 'Manage access and permissions', max: 4 },
  { id: 'enable-encryption-at-rest', name: 'Enable encryption at rest', max: 4 },
  { id: 'encrypt-data-in-transit', name: 'Encrypt data in transit', max: 4 },
  { id: 'restrict-unauthorized-network-access', name: 'Restrict unauthorized network access', max: 4 },
  { id: 'apply-adaptive-application-control', name: 'Apply adaptive application control', max: 3 },
  { id: 'protect-applications-against-ddos', name: 'Protect applications against DDoS attacks', max: 2 },
  { id: 'enable-endpoint-protection', name: 'Enable endpoint protection', max: 2 },
  { id: 'enable-auditing-and-logging', name: 'Enable auditing and logging', max: 1 },
  { id: 'enable-enhanced-security-features', name: 'Enable enhanced security features', max: 0 },
  { id: 'implement-security-best-practices', name: 'Implement security best practices', max: 0 },
] as const;

export type ScoreControlId = (typeof SCORE_CONTROLS)[number]['id'];

export interface ScoreControl {
  id: ScoreControlId;
  name: string;
  max: number;
}

const BY_ID = new Map<string, ScoreControl>(SCORE_CONTROLS.map((c) => [c.id, c]));

export function scoreControl(id: string): ScoreControl | undefined {
  return BY_ID.get(id);
}
