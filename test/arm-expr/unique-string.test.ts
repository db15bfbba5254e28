import { describe, expect, it } from 'vitest';
import { murmurHash64, uniqueString } from '../../src/arm-expr/unique-string.ts';
import { evaluate } from './evaluate.ts';

/**
 * Published uniqueString() results. Values marked "Azure" were produced by Azure's own
 * implementation (a deployment output, or the Azure.Deployments.Expression package that
 * ARM uses); the others come from independent reimplementations that state they match
 * Bicep/ARM output.
 */
const published: { args: string[]; expected: string; source: string }[] = [
  {
    args: ['tyeth'],
    expected: 'zcztcwvu6iyg6',
    source:
      'Azure: Stack Overflow q/43295720 (Azure.Deployments.Expression), repeated in DevOps Shield AzureNaming tests',
  },
  {
    args: ['/subscriptions/3c7f956b-55ee-4686-9d30-da1eb631dc59/resourceGroups/rg-devopsshieldek010dev'],
    expected: 'fd63l2gacbtca',
    source: 'Azure: DevOps Shield AzureNaming.Utilities.Tests, via Azure.Deployments.Expression',
  },
  {
    args: [
      '/subscriptions/31e9f9a0-9fd2-4294-a0a3-0101246d9700/resourceGroups/rg-modm201-20230913120256/providers/Microsoft.Compute/virtualMachines/bobjacmodm201',
    ],
    expected: 'yvjxno3je5on2',
    source:
      'Azure: microsoft/commercial-marketplace-offer-deploy ArmFunctionsTests ("value from ARM template")',
  },
  { args: ['hello', 'world'], expected: 'a7wkljktk6wne', source: 'JasonWhall/go-azure-uniquestring README' },
  {
    args: ['test'],
    expected: 'rbgf3xv4ufgzg',
    source: 'uniquestring.sh self-test ("verified against Bicep output")',
  },
  { args: ['abc'], expected: 'cgtzqvhu4i23s', source: 'uniquestring.sh self-test' },
  { args: ['foo', 'bar', 'baz'], expected: 'xzi4ioaxtmth4', source: 'uniquestring.sh self-test' },
  {
    args: ['/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/my-rg'],
    expected: 'bmg7c6xu4tw46',
    source: 'uniquestring.sh self-test',
  },
];

describe('uniqueString', () => {
  it.each(published)('uniqueString($args) = $expected ($source)', ({ args, expected }) => {
    expect(uniqueString(args)).toBe(expected);
    expect(evaluate(`[uniqueString(${args.map((a) => `'${a}'`).join(', ')})]`)).toBe(expected);
  });

  it('hashes "hello-world" to 571013382255652050, the 64-bit value the go-azure-uniquestring README shows', () => {
    const [high, low] = murmurHash64(new TextEncoder().encode('hello-world'));
    expect((BigInt(high) << 32n) | BigInt(low)).toBe(571013382255652050n);
  });

  it('joins arguments with "-", so the split point does not matter', () => {
    expect(uniqueString(['a', 'b-c'])).toBe(uniqueString(['a-b', 'c']));
  });

  it('covers every tail length of the 8-byte block loop', () => {
    const values = Array.from({ length: 17 }, (_, n) => uniqueString(['x'.repeat(n)]));
    for (const value of values) expect(value).toMatch(/^[a-z2-7]{13}$/);
    expect(new Set(values).size).toBe(values.length);
  });

  it('hashes UTF-8 bytes, so non-ASCII input is stable', () => {
    expect(uniqueString(['ü'])).not.toBe(uniqueString(['u']));
    expect(uniqueString(['ü'])).toMatch(/^[a-z2-7]{13}$/);
  });
});
