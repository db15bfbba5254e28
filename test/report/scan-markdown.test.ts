import { describe, expect, it } from 'vitest';
import { renderScanMarkdown } from '../../src/report/scan-markdown.ts';
import { emptyReport, RECOMMENDATIONS, sampleReport, VM_A, VM_HOSTILE } from './scan-fixture.ts';

const render = (details: boolean, report = sampleReport()) =>
  renderScanMarkdown(report, { details, recommendations: RECOMMENDATIONS });

/** A GFM table row's cells: split on pipes that are not backslash-escaped. */
const cells = (row: string) =>
  row
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());

/** The table following a line equal to `header`, as rows of cells (header first). */
function tableAfter(markdown: string, header: string): string[][] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(header);
  expect(start, `table ${header}`).toBeGreaterThanOrEqual(0);
  const rows: string[][] = [];
  for (let i = start; i < lines.length && lines[i]!.startsWith('|'); i++)
    if (i !== start + 1) rows.push(cells(lines[i]!));
  return rows;
}

describe('scan Markdown report', () => {
  it('opens with the score and a per-control table', () => {
    const md = render(false);
    expect(md).toContain('**Secure score: 75.00%** (9.00 / 12 points) · 5 resources in 2 subscription(s)');
    // Potential score increase: what the control lacks, in points of the whole score (2 of 12, 1 of 12).
    const header =
      '| Control | Score | Points | Potential score increase | Healthy | Unhealthy | Not applicable |';
    expect(tableAfter(md, header)).toEqual([
      ['Control', 'Score', 'Points', 'Potential score increase', 'Healthy', 'Unhealthy', 'Not applicable'],
      ['Secure management ports', '75.00%', '6.00 / 8', '+16.67%', '3', '1', '1'],
      ['Enable encryption at rest', '75.00%', '3.00 / 4', '+8.33%', '3', '1', '1'],
    ]);
    expect(tableAfter(md, '| Subscription | Score | Points |')).toHaveLength(3);
  });

  it('lists failing recommendations with severity, unhealthy count and potential increase', () => {
    const rows = tableAfter(
      render(false),
      '| Severity | Recommendation | Unhealthy resources | Potential score increase |',
    );
    expect(rows.slice(1)).toEqual([
      ['High', 'Management ports of virtual machines should be closed', '1 of 4', '+16.67%'],
      ['Medium', 'Virtual machines should enable encryption at host', '1 of 4', '+8.33%'],
      ['Low (preview, not scored)', 'Virtual machine notes should be reviewed \\| preview', '1 of 1', '—'],
    ]);
  });

  it('gives each failing recommendation its fix and its unhealthy resources', () => {
    const md = render(false);
    const section = md.slice(
      md.indexOf('### Medium: Virtual machines should enable encryption at host'),
      md.indexOf('### Low:'),
    );
    expect(section).toContain(
      '`vm-encryption-at-host` · MCSB DP-4 · control: Enable encryption at rest · Defender assessment `efbbd784-656d-473a-9863-ea7693bfcd2a`',
    );
    expect(section).toContain('- Portal: Stop the VM, open Disks \\> Additional settings');
    expect(section).toContain('- Template: `properties.securityProfile.encryptionAtHost: true`');
    expect(section).toContain('```sh\naz vm update -g <resource-group> -n <vm-name>');
    expect(section).toContain(`**Unhealthy resources (1)**\n\n- \`${VM_A}\`\n`);
    expect(section).not.toContain('Encryption at host is off');
  });

  it('adds evidence under each resource with details', () => {
    const md = render(true);
    expect(md).toContain(
      `- \`${VM_A}\`\n  - Microsoft.Compute/virtualMachines/securityProfile.encryptionAtHost: Encryption at host is off. (expected true, actual false)`,
    );
  });

  it('fences code longer than any backtick run inside it', () => {
    expect(render(false)).toContain(
      '````sh\naz network nsg rule delete -g <resource-group> --nsg-name <nsg> -n <rule>\n# then check: ```none```\n````',
    );
  });

  it('escapes input text so it cannot add markup, links, HTML or table cells', () => {
    const md = render(true);
    const evidence = md.split('\n').find((l) => l.includes('HYPERLINK'))!;
    expect(evidence).toBe(
      '  - =HYPERLINK("http://evil.example")\\|x \\*\\*bold\\*\\* \\<img src=x\\> \\[link\\](http://evil.example) \\`tick\\`',
    );
    expect(md).not.toMatch(/(?<!\\)<img/);
    expect(md).toContain(`- \`${VM_HOSTILE}\``);
    expect(md).toContain('- Portal: Review the \\*note\\* tag \\& \\<remove\\> it.');
  });

  it('escapes $ so GitHub does not render the text between two of them as math', () => {
    const report = sampleReport();
    const hostile = report.findings.find((f) => f.resourceId === VM_HOSTILE && f.status === 'unhealthy')!;
    hostile.evidence = [{ message: 'containers $web and $logs are public' }];
    report.findings.find((f) => f.status === 'exempt')!.exemption!.description = 'costs $5 a $day';
    const md = render(true, report);
    expect(md).toContain('  - containers \\$web and \\$logs are public\n');
    const rows = tableAfter(
      md,
      '| Recommendation | Resource | Exemption | Category | Expires | Justification |',
    );
    expect(rows[1]![5]).toBe('costs \\$5 a \\$day');
  });

  it('writes control characters and bidi overrides from the input as escapes, as the table does', () => {
    const report = sampleReport();
    const hostile = report.findings.find((f) => f.resourceId === VM_HOSTILE && f.status === 'unhealthy')!;
    hostile.resourceId = `${VM_HOSTILE}\u001b]0;x\u0007`;
    hostile.evidence = [{ message: 'invoice\u202efdp.exe\ttab\u001b[2J' }];
    report.findings.find((f) => f.status === 'exempt')!.exemption!.description = 'a\u202eb\nc\u0085';
    const md = render(true, report);
    expect(md.replaceAll('\n', '')).not.toMatch(/[\p{Cc}\u202a-\u202e\u2066-\u2069]/u);
    expect(md).toContain(`- \`${VM_HOSTILE}\\x1b]0;x\\x07\``);
    expect(md).toContain('  - invoice\\\\u202efdp.exe\\\\ttab\\\\x1b\\[2J\n');
    const rows = tableAfter(
      md,
      '| Recommendation | Resource | Exemption | Category | Expires | Justification |',
    );
    expect(rows[1]![5]).toBe('a\\\\u202eb<br>c\\\\x85');
  });

  it('lists exempted findings in a table whose cells stay put', () => {
    const rows = tableAfter(
      render(false),
      '| Recommendation | Resource | Exemption | Category | Expires | Justification |',
    );
    expect(rows).toHaveLength(2);
    expect(rows[1]).toEqual([
      '`vm-management-ports-closed`',
      expect.stringContaining('/virtualMachines/vm-b`'),
      'bastion-planned',
      'Waiver',
      '2026-09-30T00:00:00Z',
      'Bastion \\| planned for Q3',
    ]);
  });

  it('keeps line breaks inside a table cell as <br>', () => {
    const report = sampleReport();
    report.findings.find((f) => f.status === 'exempt')!.exemption!.description = 'line one\nline two';
    const rows = tableAfter(
      render(false, report),
      '| Recommendation | Resource | Exemption | Category | Expires | Justification |',
    );
    expect(rows[1]![5]).toBe('line one<br>line two');
  });

  it('says what could not be evaluated and which exemptions expired', () => {
    const md = render(false);
    expect(md).toContain(
      '## Could not evaluate\n\n- `disk-network-access`: /parameters/effect: not allowed\n- `vm-encryption-at-host` on `',
    );
    expect(md).toContain(": cannot resolve \\[parameters('effect')\\]");
    expect(md).toContain(
      '## Expired exemptions (no longer applied)\n\n- `old-waiver`, expired 2026-01-01T00:00:00Z',
    );
  });

  it('summarises an initiative run', () => {
    const report = sampleReport();
    report.initiative = {
      results: [
        {
          definitionName: 'd',
          resourceId: VM_A,
          resourceType: 't',
          effect: 'audit',
          compliance: 'nonCompliant',
          reasons: [],
        },
        {
          definitionName: 'd',
          resourceId: VM_HOSTILE,
          resourceType: 't',
          effect: 'audit',
          compliance: 'compliant',
          reasons: [],
        },
      ],
      errors: [],
      warnings: [],
    };
    expect(render(false, report)).toContain(
      '## Azure Policy initiative\n\n1 nonCompliant, 1 compliant (definition × resource pairs).',
    );
  });

  it('says under the score that inputs could not be read, and lists them inert', () => {
    const inputErrors = [
      { file: 'infra/bad`x.json', line: 9, column: 7, message: 'invalid JSON: found <img src=x>' },
      { file: 'exemptions.json', pointer: '/0/properties', message: 'no scope' },
    ];
    const md = renderScanMarkdown(emptyReport(), {
      details: false,
      recommendations: RECOMMENDATIONS,
      inputErrors,
    });
    const lines = md.split('\n');
    expect(lines.slice(4, 9)).toEqual([
      '**Incomplete: 2 input error(s).** What could not be read is not in this report.',
      '',
      '- ``infra/bad`x.json:9:7``: invalid JSON: found \\<img src=x\\>',
      '- `exemptions.json` at `/0/properties`: no scope',
      '',
    ]);
    expect(render(false, emptyReport())).not.toContain('Incomplete');
  });

  it('renders an empty scan without empty tables', () => {
    const md = render(false, emptyReport());
    expect(md).toContain('No resource was assessed.');
    expect(md).toContain('Nothing is unhealthy.');
    expect(md).not.toContain('| Severity |');
    expect(md).not.toContain('## Exempted');
    expect(md.endsWith('\n')).toBe(true);
    expect(md.endsWith('\n\n')).toBe(false);
  });
});
