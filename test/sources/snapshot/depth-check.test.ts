import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { truncatedValueAt } from '../../../src/sources/snapshot/depth-check.ts';
import { loadSnapshots } from '../../../src/sources/snapshot/load.ts';

const SHAPES = fileURLToPath(new URL('../../fixtures/snapshot-shapes/', import.meta.url));

describe('truncatedValueAt', () => {
  it.each([
    ['an object ConvertTo-Json wrote as text', '{"hardwareProfile":"@{vmSize=Standard_D2s_v5}"}', 19],
    ['an array it wrote as its type', '{"secrets":"System.Object[]"}', 11],
    ['a hashtable it wrote as its type', '{"tags":"System.Collections.Hashtable"}', 8],
    ['a Logic App expression', '{"body":"@{triggerBody()?[\'x\']}"}', -1],
    ['an interpolated Logic App string after it', '{"a":"@{body(\'x\')}","b":"@{c=1}"}', 24],
    ['a value that only mentions System.Object[]', '{"d":"cast to System.Object[] fails"}', -1],
    ['plain ARM JSON', '{"properties":{"hardwareProfile":{"vmSize":"Standard_D2s_v5"}}}', -1],
  ])('%s', (_name, text, expected) => {
    expect(truncatedValueAt(text)).toBe(expected);
  });
});

describe('loadSnapshots on ConvertTo-Json output cut off at its -Depth', () => {
  it('warns once, naming file, line and element, and still loads every resource', async () => {
    const file = join(SHAPES, 'get-azresource-default-depth.json');
    const result = await loadSnapshots([file]);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([
      {
        file,
        line: 35,
        pointer: '/1',
        message: expect.stringMatching(
          /^a value reads "@\{vmSize=Standard_D2s_v5\}": PowerShell's ConvertTo-Json cut .*-Depth 100/,
        ),
      },
    ]);
    expect(result.stats).toMatchObject({ resources: 2, skipped: 0 });
  });

  it('says nothing of a full export', async () => {
    const result = await loadSnapshots([join(SHAPES, 'get-azresource-expandproperties.json')]);
    expect(result.warnings).toEqual([]);
  });
});
