import { describe, expect, it } from 'vitest';
import { SCORE_CONTROLS, scoreControl } from '../../src/benchmark/controls.ts';

// The "Secure score controls" table of https://learn.microsoft.com/azure/defender-for-cloud/secure-score-security-controls
// (MicrosoftDocs/azure-docs@0af0f2ef, ms.date 2024-02-05): the points a control adds when all its
// recommendations are remediated on all resources.
const DOC_TABLE: [string, number][] = [
  ['Enable MFA', 10],
  ['Secure management ports', 8],
  ['Apply system updates', 6],
  ['Remediate vulnerabilities', 6],
  ['Remediate security configurations', 4],
  ['Manage access and permissions', 4],
  ['Enable encryption at rest', 4],
  ['Encrypt data in transit', 4],
  ['Restrict unauthorized network access', 4],
  ['Apply adaptive application control', 3],
  ['Protect applications against DDoS attacks', 2],
  ['Enable endpoint protection', 2],
  ['Enable auditing and logging', 1],
  ['Enable enhanced security features', 0],
  ['Implement security best practices', 0],
];

describe('secure score controls (secure-score-security-controls.md)', () => {
  it.each(DOC_TABLE)('%s is worth %i points', (name, max) => {
    const control = SCORE_CONTROLS.find((c) => c.name === name);
    expect(control, name).toBeDefined();
    expect(control!.max).toBe(max);
    expect(scoreControl(control!.id)).toEqual(control);
  });

  it('holds exactly the documented controls, whose maximums sum to the 58 points the doc states', () => {
    expect(SCORE_CONTROLS.map((c) => c.name).sort()).toEqual(DOC_TABLE.map(([name]) => name).sort());
    expect(SCORE_CONTROLS.reduce((n, c) => n + c.max, 0)).toBe(58);
  });

  it('knows no control by an unknown id', () => {
    expect(scoreControl('Secure management ports')).toBeUndefined();
  });
});
