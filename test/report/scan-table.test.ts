import { describe, expect, it } from 'vitest';
import { renderScanTable } from '../../src/report/scan-table.ts';
import { styleFor } from '../../src/report/style.ts';
import { sampleReport, VM_A } from './scan-fixture.ts';

const ESC = '\x1b';
const SGR = new RegExp(`${ESC}\\[\\d+m`, 'g');

/** Terminal controls in the text: ESC, the other C0 controls but line feed, DEL and C1 (CSI is U+009B). */
const controls = (text: string) =>
  [...text].filter((c) => {
    const n = c.charCodeAt(0);
    return (n < 0x20 && n !== 0x0a) || (n >= 0x7f && n <= 0x9f);
  });

/** The sample report with text a hostile snapshot could carry in a resource name and in evidence. */
function hostile(name: string) {
  const report = sampleReport();
  const id = `${VM_A.slice(0, VM_A.lastIndexOf('/') + 1)}${name}`;
  for (const f of report.findings) {
    if (f.resourceId !== VM_A) continue;
    f.resourceId = id;
    f.evidence = f.evidence.map((e) => ({ ...e, message: `tag owner=${name}` }));
  }
  const undecided = report.findings.find((f) => f.resourceId === id)!;
  undecided.status = 'unknown';
  return report;
}

describe('scan table report', () => {
  it.each([
    ['clears the screen', `vm${ESC}[2J${ESC}[H`],
    ['sets the window title', `vm${ESC}]0;owned\x07`],
    ['plants a hyperlink', `vm${ESC}]8;;http://evil.example${ESC}\\click${ESC}]8;;${ESC}\\`],
    ['moves up and erases the line above', `vm${ESC}[1A${ESC}[2K`],
    ['uses the 8-bit CSI', 'vm\u009b2J'],
    ['breaks the line to forge a row', 'vm\n  ✗ fake-line\r'],
  ])('never sends input that %s to the terminal raw', (_, name) => {
    for (const style of [styleFor({}), styleFor({ isTTY: true }, {})]) {
      // Vigil's own colours are SGR sequences; everything else must arrive escaped.
      const text = renderScanTable(hostile(name), { details: true, style }).replace(SGR, '');
      expect(controls(text)).toEqual([]);
      expect(text).not.toMatch(/^ *✗ fake-line/m);
    }
  });

  it("shows each control's potential score increase, as the recommendations' column does", () => {
    // 6 of 8 and 3 of 4 points, of a score whose max is 12: +16.7% and +8.3% of the score.
    const text = renderScanTable(sampleReport(), { details: false, style: styleFor({}) });
    expect(text).toMatch(/^CONTROL +SCORE +SCORE \+ +HEALTHY +UNHEALTHY +N\/A$/m);
    expect(text).toMatch(/^Secure management ports +6\.00 \/ 8 +\+16\.7% +3 +1 +1$/m);
    expect(text).toMatch(/^Enable encryption at rest +3\.00 \/ 4 +\+8\.3% +3 +1 +1$/m);
  });

  it('says it is incomplete when inputs could not be read', () => {
    const inputErrors = [{ file: 'bad.json', line: 9, message: 'invalid JSON' }];
    const text = renderScanTable(sampleReport(), { details: false, style: styleFor({}), inputErrors });
    expect(text.split('\n')[1]).toBe(
      'Incomplete: 1 input error(s); what could not be read is not in this report (the errors are on standard error).',
    );
    expect(renderScanTable(sampleReport(), { details: false, style: styleFor({}) })).not.toContain(
      'Incomplete',
    );
  });

  it('shows the escaped name where the resource is listed', () => {
    const text = renderScanTable(hostile(`vm${ESC}[2J`), { details: true, style: styleFor({}) });
    expect(text).toContain('/virtualMachines/vm\\x1b[2J\n');
    expect(text).toContain('tag owner=vm\\x1b[2J');
  });
});
