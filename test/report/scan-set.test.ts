import { describe, expect, it } from 'vitest';
import { Inventory } from '../../src/inventory/inventory.ts';
import { scan } from '../../src/posture/scan.ts';
import type { ScanSetEntry } from '../../src/posture/scan-job.ts';
import { renderScanSet } from '../../src/report/scan-set.ts';
import { styleFor } from '../../src/report/style.ts';
import { expandTemplate } from '../../src/sources/template/expand.ts';
import { templateInventory } from '../../src/sources/template/inventory.ts';

const NOW = new Date('2026-06-01T00:00:00Z');
const emptyScan = () => scan(new Inventory(), { now: NOW });
const options = { details: false, minSeverity: 'Low' as const, style: styleFor({}) };

/** The same NSG, open to SSH, declared in two template files. */
function entry(file: string, name = 'nsg'): ScanSetEntry {
  const template = {
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    resources: [
      {
        type: 'Microsoft.Network/networkSecurityGroups',
        name,
        properties: {
          securityRules: [
            {
              name: 'ssh',
              properties: {
                priority: 100,
                direction: 'Inbound',
                access: 'Allow',
                protocol: 'Tcp',
                sourceAddressPrefix: '*',
                sourcePortRange: '*',
                destinationAddressPrefix: '*',
                destinationPortRange: '22',
              },
            },
          ],
        },
      },
    ],
  };
  const expansion = expandTemplate(JSON.stringify(template), file, { context: { now: NOW } });
  return { kind: 'template', input: file, report: scan(templateInventory(expansion), { now: NOW }) };
}

interface Log {
  runs: {
    tool: { driver: { rules: { id: string }[] } };
    results: {
      ruleId: string;
      partialFingerprints: Record<string, string>;
      locations: { physicalLocation?: { artifactLocation: { uri: string } } }[];
    }[];
  }[];
}

describe('renderScanSet', () => {
  it('SARIF: one run, rules once, and the same resource in two templates stays two alerts', () => {
    const log = JSON.parse(renderScanSet([entry('a.json'), entry('b.json')], 'sarif', options)) as Log;
    expect(log.runs).toHaveLength(1);
    const ids = log.runs[0]!.tool.driver.rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    const ssh = log.runs[0]!.results.filter((r) => r.ruleId === 'nsg-ssh-from-internet');
    expect(ssh.map((r) => r.locations[0]?.physicalLocation?.artifactLocation.uri)).toEqual([
      'a.json',
      'b.json',
    ]);
    expect(ssh[0]!.partialFingerprints['vigilFinding/v1']).not.toBe(
      ssh[1]!.partialFingerprints['vigilFinding/v1'],
    );
    // GitHub reads only primaryLocationLineHash: it must tell the two templates apart too.
    for (const r of ssh)
      expect(r.partialFingerprints.primaryLocationLineHash).toBe(r.partialFingerprints['vigilFinding/v1']);
  });

  it('SARIF fingerprints of a template do not depend on the other inputs of the run', () => {
    const alone = JSON.parse(renderScanSet([entry('a.json')], 'sarif', options)) as Log;
    const together = JSON.parse(renderScanSet([entry('a.json'), entry('b.json')], 'sarif', options)) as Log;
    const fingerprint = (log: Log) =>
      log.runs[0]!.results.find(
        (r) =>
          r.ruleId === 'nsg-ssh-from-internet' &&
          r.locations[0]?.physicalLocation?.artifactLocation.uri === 'a.json',
      )!.partialFingerprints['vigilFinding/v1'];
    expect(fingerprint(together)).toBe(fingerprint(alone));
  });

  it.each(['./a.json', 'a.json', 'x/../a.json', './/a.json'])(
    'SARIF fingerprints of template %j are those of a.json: GitHub keeps the alert',
    (spelling) => {
      const print = (file: string) =>
        (JSON.parse(renderScanSet([entry(file)], 'sarif', options)) as Log).runs[0]!.results.map(
          (r) => r.partialFingerprints['vigilFinding/v1'],
        );
      expect(print(spelling)).toEqual(print('a.json'));
    },
  );

  it('SARIF fingerprints of a template are the same from any directory of the repository', () => {
    const print = (file: string, cwd: string) =>
      (
        JSON.parse(
          renderScanSet([entry(file)], 'sarif', { ...options, sourceRoot: { root: '/repo', cwd } }),
        ) as Log
      ).runs[0]!.results.map((r) => [
        r.locations[0]?.physicalLocation?.artifactLocation.uri,
        r.partialFingerprints.primaryLocationLineHash,
      ]);
    const fromRoot = print('infra/a.json', '/repo');
    expect(fromRoot[0]![0]).toBe('infra/a.json');
    expect(print('a.json', '/repo/infra')).toEqual(fromRoot);
  });

  it('CSV: one header, and a record whose quoted cell holds a line break stays one record', () => {
    const csv = renderScanSet([entry('a.json', 'two\r\nlines'), entry('b,c.json')], 'csv', options);
    const rows = csv.split(/\r\n(?=(?:[^"]*"[^"]*")*[^"]*$)/).filter((r) => r !== '');
    expect(rows[0]?.startsWith('input,recommendationId,')).toBe(true);
    expect(rows.filter((r) => r.includes('two\r\nlines')).length).toBeGreaterThan(0);
    for (const row of rows.slice(1))
      expect(row.startsWith('a.json,') || row.startsWith('"b,c.json",')).toBe(true);
  });

  it('Markdown and table headings keep an odd file name inert', () => {
    const markdown = renderScanSet([entry('we`ird\nname.json')], 'markdown', options);
    expect(markdown.split('\n')[0]).toBe('## Template ``we`ird name.json``');
    const table = renderScanSet([entry('\x1b[2Jx.json')], 'table', options);
    expect(table.split('\n')[0]).toBe('== Template \\x1b[2Jx.json');
  });

  describe('an input that could not be read is said once for the run, and in each JSON report', () => {
    // A template that did not parse still has its (empty) report: without this, it read "Nothing is unhealthy".
    const inputErrors = [{ file: 'bad.json', line: 9, column: 7, message: 'invalid JSON: expected a comma' }];
    const entries = () => [entry('a.json'), { ...entry('bad.json'), report: emptyScan() }];
    const withErrors = { ...options, inputErrors };

    it('SARIF: one error notification at the file and line, and the invocation unsuccessful', () => {
      const log = JSON.parse(renderScanSet(entries(), 'sarif', withErrors)) as Log & {
        runs: { invocations: { executionSuccessful: boolean; toolExecutionNotifications: unknown[] }[] }[];
      };
      expect(log.runs[0]!.invocations).toEqual([
        {
          executionSuccessful: false,
          toolExecutionNotifications: [
            {
              level: 'error',
              message: { text: 'Input not read: bad.json:9:7: invalid JSON: expected a comma' },
              locations: [
                { physicalLocation: { artifactLocation: { uri: 'bad.json' }, region: { startLine: 9 } } },
              ],
            },
          ],
        },
      ]);
    });

    it('JSON: in every report, since each may be read alone', () => {
      const reports = JSON.parse(renderScanSet(entries(), 'json', withErrors)) as {
        summary: { inputErrors: unknown[] };
      }[];
      expect(reports.map((r) => r.summary.inputErrors)).toEqual([inputErrors, inputErrors]);
    });

    it('CSV: one row after the header, its input the file', () => {
      const rows = renderScanSet(entries(), 'csv', withErrors).split('\r\n');
      expect(rows[1]).toBe(
        'bad.json,,Input not read,,inputError,,,,bad.json:9:7: invalid JSON: expected a comma',
      );
      expect(rows.filter((r) => r.includes('inputError'))).toHaveLength(1);
    });

    it('Markdown and table: once, above the reports', () => {
      const markdown = renderScanSet(entries(), 'markdown', withErrors);
      expect(markdown.startsWith('**Incomplete: 1 input error(s).** ')).toBe(true);
      expect(markdown).toContain('- `bad.json:9:7`: invalid JSON: expected a comma');
      expect(markdown.match(/Incomplete/g)).toHaveLength(1);
      const table = renderScanSet(entries(), 'table', withErrors);
      expect(table.startsWith('Incomplete: 1 input error(s); ')).toBe(true);
      expect(table.match(/Incomplete/g)).toHaveLength(1);
    });
  });

  it('Markdown: a heading per input', () => {
    const markdown = renderScanSet([entry('a.json'), entry('b.json')], 'markdown', options);
    expect(markdown.match(/^## Template `[ab]\.json`$/gm)).toEqual([
      '## Template `a.json`',
      '## Template `b.json`',
    ]);
  });
});
