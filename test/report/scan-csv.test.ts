import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/posture/findings.ts';
import { renderScanCsv } from '../../src/report/scan-csv.ts';
import { emptyReport, HOSTILE_NOTE, SUB_B, sampleReport, VM_D, VM_HOSTILE } from './scan-fixture.ts';

const HEADER = 'recommendationId,title,severity,status,resourceId,resourceType,subscriptionId,evidence';

/** RFC 4180 reader, strict enough to catch a quoting mistake: returns records of fields. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  while (i < text.length) {
    let value = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        const quote = text.indexOf('"', i);
        if (quote < 0) throw new Error('unterminated quote');
        value += text.slice(i, quote);
        i = quote + 1;
        if (text[i] === '"') {
          value += '"';
          i++;
        } else break;
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r') {
        if (text[i] === '"' || text[i] === '\n') throw new Error(`bare ${JSON.stringify(text[i])} at ${i}`);
        value += text[i++];
      }
    }
    record.push(value);
    if (text[i] === ',') i++;
    else if (text.startsWith('\r\n', i)) {
      records.push(record);
      record = [];
      i += 2;
    } else throw new Error(`expected , or CRLF at ${i}`);
  }
  return records;
}

function reportWithEvidence(message: string, title = 'A title') {
  const report = emptyReport();
  report.recommendations.push({
    id: 'r',
    title,
    severity: 'High',
    control: 'secure-management-ports',
    controlName: 'Secure management ports',
    mcsb: ['NS-1'],
    stage: 'ga',
    healthy: 0,
    unhealthy: 1,
    notApplicable: 0,
    exempt: 0,
    unknown: 0,
    error: 0,
    potentialIncrease: 0,
  });
  const finding: Finding = {
    recommendationId: 'r',
    resourceId: '/x',
    resourceType: 't',
    status: 'unhealthy',
    evidence: [{ message }],
  };
  report.findings = [...report.findings, finding];
  return report;
}

describe('scan CSV report', () => {
  it('writes a header and one CRLF-terminated record per listed finding', () => {
    const text = renderScanCsv(sampleReport());
    expect(text.startsWith(`${HEADER}\r\n`)).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    const records = parseCsv(text);
    expect(records[0]!.join(',')).toBe(HEADER);
    expect(records).toHaveLength(1 + 11);
    for (const r of records) expect(r).toHaveLength(8);
    expect(parseCsv(renderScanCsv(sampleReport(), { details: true }))).toHaveLength(1 + 15);
  });

  it('round-trips quotes, commas and line breaks through RFC 4180 quoting', () => {
    const records = parseCsv(renderScanCsv(sampleReport()));
    const hostile = records.find((r) => r[0] === 'vm-notes-reviewed')!;
    expect(hostile).toEqual([
      'vm-notes-reviewed',
      'Virtual machine notes should be reviewed | preview',
      'Low',
      'unhealthy',
      VM_HOSTILE,
      'Microsoft.Compute/virtualMachines',
      'aaaa0000-0000-0000-0000-000000000001',
      `'${HOSTILE_NOTE}`,
    ]);
  });

  it('joins evidence with " | " and puts an error first', () => {
    const records = parseCsv(renderScanCsv(sampleReport()));
    const ports = records.find((r) => r[0] === 'vm-management-ports-closed' && r[3] === 'unhealthy')!;
    expect(ports[7]!.split(' | ')).toHaveLength(2);
    expect(ports[7]).toMatch(/^Port 22 is reachable .* \| Port 3389 is reachable /);
    const error = records.find((r) => r[3] === 'error')!;
    expect(error.slice(4, 8)).toEqual([
      VM_D,
      'Microsoft.Compute/virtualMachines',
      SUB_B,
      "error: cannot resolve [parameters('effect')]",
    ]);
  });

  it.each([
    ['=1+2', "'=1+2"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', "'\rcmd"],
    // OWASP ASVS 1.2.10 lists NUL among the characters to guard.
    ['\u0000cmd', "'\u0000cmd"],
    // An apostrophe of the value's own is guarded too, so that one can always be taken off again.
    ["'=1+2", "''=1+2"],
    ["'quoted'", "''quoted'"],
    ['/subscriptions/x', '/subscriptions/x'],
    ['plain = text', 'plain = text'],
  ])('guards a cell starting %j against formula injection', (message, cell) => {
    const records = parseCsv(renderScanCsv(reportWithEvidence(message, message)));
    expect(records[1]![1]).toBe(cell);
    expect(records[1]![7]).toBe(cell);
  });

  it.each(['=1+2', "'=1+2", "''", "'", '-1', 'plain', "it's"])(
    'gives %j back when one leading apostrophe is taken off a guarded cell',
    (value) => {
      const cell = parseCsv(renderScanCsv(reportWithEvidence(value)))[1]![7]!;
      expect(cell.startsWith("'") ? cell.slice(1) : cell).toBe(value);
    },
  );

  it('writes only the header for an empty scan', () => {
    expect(renderScanCsv(emptyReport())).toBe(`${HEADER}\r\n`);
  });

  it('writes an input that could not be read as a row first, status inputError, guarded like any cell', () => {
    // A spreadsheet of what did load must not pass for the whole estate's.
    const inputErrors = [
      { file: 'estate.json', line: 3, column: 5, message: 'invalid JSON: expected a comma' },
      { file: '=cmd|x.json', message: 'cannot read: ENOENT' },
    ];
    const records = parseCsv(renderScanCsv(emptyReport(), { inputErrors }));
    expect(records).toEqual([
      HEADER.split(','),
      ['', 'Input not read', '', 'inputError', '', '', '', 'estate.json:3:5: invalid JSON: expected a comma'],
      ['', 'Input not read', '', 'inputError', '', '', '', "'=cmd|x.json: cannot read: ENOENT"],
    ]);
  });
});
