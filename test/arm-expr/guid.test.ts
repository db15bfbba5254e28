import { describe, expect, it } from 'vitest';
import { armGuid } from '../../src/arm-expr/guid.ts';
import { evaluate } from './evaluate.ts';

/**
 * guid() is a version-5 UUID over namespace 11fb06fb-712d-4ddd-98c7-e71bbd588830 of the
 * arguments joined with '-' (templates/template-functions-string.md#guid, 2025). No
 * input/output pair produced by Azure itself was found; these come from independent
 * implementations that follow that description.
 */
const published: { args: string[]; expected: string; source: string }[] = [
  {
    args: ['test'],
    expected: 'd6a5baf1-8b9b-542a-8525-2982f1f98a0c',
    source: 'arm2tf Terraform provider guid tests; a Go guid package test',
  },
  {
    args: ['hello'],
    expected: '520f8434-fe3a-5d99-888d-450a827486a1',
    source: 'a TypeScript Bicep reimplementation ("official UUID-v5 guid vectors")',
  },
  {
    args: ['hello', 'world'],
    expected: 'a5b868f8-11fe-567a-ace0-e77cc87f104e',
    source: 'the same TypeScript test and a Pester test of Get-ArmDeterministicGuid',
  },
  {
    args: ['world', 'hello'],
    expected: 'b1db13b3-4ca6-5782-bf9e-8495c3532f9d',
    source: 'the same TypeScript test',
  },
];

describe('guid', () => {
  it.each(published)('guid($args) = $expected ($source)', ({ args, expected }) => {
    expect(armGuid(args)).toBe(expected);
    expect(evaluate(`[guid(${args.map((a) => `'${a}'`).join(', ')})]`)).toBe(expected);
  });

  it('sets the version 5 and RFC 4122 variant bits', () => {
    expect(armGuid(['anything'])).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('joins arguments with "-", which is not the same as concatenating them', () => {
    expect(armGuid(['a', 'b'])).toBe(armGuid(['a-b']));
    expect(armGuid(['a', 'b'])).not.toBe(armGuid(['ab']));
  });
});
