import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseIsoTime } from '../../src/cli/iso-time.ts';
import { runCli } from '../support/cli.ts';

const ESTATE = 'test/fixtures/cli/scan-estate.json';
const TEMPLATE = 'test/fixtures/templates/vm/linux-vm-ssh-open.json';
const STATE = await mkdtemp(join(tmpdir(), 'vigil-usage-'));
const REQUEST = ['jit', 'request', '--vm', 'vm-a', '--port', '22', '--for', '1h', '--user', 'a'];

describe('mistakes on the command line exit 2 with a message naming what is wrong', () => {
  it.each([
    // `new Date()` alone took these: '1' as 2001, US month/day order, 30 February as 2 March.
    [['scan', ESTATE, '--now', '1'], /--now '1' is not a date/],
    [['scan', ESTATE, '--now', '2026-02-30'], /--now '2026-02-30' is not a date/],
    [['scan', ESTATE, '--now='], /--now '' is not a date/],
    [['policy', 'eval', '-d', 'demo/policies', '-i', ESTATE, '--now', '12/05/2026'], /--now '12\/05\/2026'/],
    [['template', 'expand', TEMPLATE, '--now', '2026-13-01'], /--now '2026-13-01' is not a date/],
    [['detect', 'x.log', '--since', '2026-02-30'], /--since '2026-02-30' is not a time/],
    [['template', 'expand', TEMPLATE, '--subscription-id', 'Production'], /--subscription-id must be a GUID/],
    [['scan', TEMPLATE, '--tenant-id', 'contoso.onmicrosoft.com'], /--tenant-id must be a GUID/],
    [['template', 'expand', 'infra/main.bicep'], /az bicep build --file infra\/main\.bicep/],
    [
      ['template', 'expand', TEMPLATE, '--parameters', 'main.bicepparam'],
      /az bicep build-params --file main\.bicepparam/,
    ],
    [['template', 'expand', '-'], /'-' \(standard input\) is not read here/],
    [
      ['benchmark', 'export', '--format', 'policy-set', '--out', STATE, 'extra'],
      /unexpected argument 'extra'/,
    ],
    [
      ['benchmark', 'export', '--format', 'policy-set', '--out', STATE, '--scope', 'a', 'b'],
      /unexpected argument 'b'/,
    ],
    [
      ['benchmark', 'export', '--format', 'policy-set', '--out', join(ESTATE, 'x')],
      /--out '.*': cannot create/,
    ],
    [
      ['jit', 'revoke', '--grant', 'g1', '--vm', 'vm-a', '--state', STATE],
      /--grant <id> or --vm <name\|id>, not both/,
    ],
    [
      [...REQUEST, '--justification', 'j', '--source', '10.0.0.1', '--my-ip', '10.0.0.1', '--state', STATE],
      /not both/,
    ],
    [['jit', 'list', '--audit', '--all', '--state', STATE], /--all lists closed grants too/],
    // A file the system refuses is reported by its path, not as a crash with a stack trace.
    [['jit', 'list', '--state', ESTATE], /vigil jit list: error: ENOTDIR: .*scan-estate\.json/],
    [['jit'], /'jit' needs one of its commands\n[\s\S]*jit request/],
    [['net', 'show'], /unknown command 'net show'\n[\s\S]*net verify/],
    [['scna', ESTATE], /unknown command 'scna'\n[\s\S]*scan/],
  ])('vigil %j', async (argv, message) => {
    const { code, err } = await runCli(argv);
    expect(err).toMatch(message);
    expect(err).not.toMatch(/\n\s+at /);
    expect(code).toBe(2);
  });
});

describe('a group of commands', () => {
  it('answers --help with its commands', async () => {
    const { code, out } = await runCli(['jit', '--help']);
    expect(code).toBe(0);
    expect(out).toMatch(/jit enable[\s\S]*jit reconcile/);
    expect(out).not.toMatch(/net verify|detect/);
  });
});

describe('parseIsoTime', () => {
  it.each([
    ['2026-05-01', '2026-05-01T00:00:00.000Z'],
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
    ['2026-05-01T08:00', '2026-05-01T08:00:00.000Z'],
    ['2026-05-01 08:00:00.5', '2026-05-01T08:00:00.500Z'],
    ['2026-05-01T08:00:00+02:00', '2026-05-01T06:00:00.000Z'],
  ])('%s is %s', (value, iso) => {
    expect(parseIsoTime(value)?.toISOString()).toBe(iso);
  });

  it.each([
    '1',
    '2026',
    '12/05/2026',
    '2026-02-30',
    '2025-02-29',
    '2026-04-31',
    '2026-05-01T25:00',
    'now',
    '',
  ])('rejects %j', (value) => {
    expect(parseIsoTime(value)).toBeUndefined();
  });
});
