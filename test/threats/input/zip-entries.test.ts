import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseInputs } from '../../../src/threats/input/parse-inputs.ts';
import type { ParseStats } from '../../../src/threats/input/stats.ts';
import { zipOf } from '../../support/zip.ts';

const scratch = mkdtempSync(join(tmpdir(), 'vigil-zip-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const AUTH = 'Mar  5 10:00:00 web sshd[7]: Invalid user admin from 192.0.2.7 port 4242\n';

async function parse(paths: string[]) {
  const events: { time: string; file: unknown; line: unknown }[] = [];
  const generator = parseInputs(paths);
  for (let next = await generator.next(); ; next = await generator.next()) {
    if (next.done) return { events, stats: next.value as ParseStats };
    events.push({
      time: next.value['@timestamp'],
      file: next.value['log.file.path'],
      line: next.value['log.file.line'],
    });
  }
}

function archive(name: string, bytes: Buffer): string {
  const path = join(scratch, name);
  writeFileSync(path, bytes);
  return path;
}

describe('zip archives', () => {
  it('reads each file in it, deflated or stored, named <archive>/<entry>, the year from the entry time', async () => {
    const path = archive(
      'logs.zip',
      zipOf([
        { name: 'var/log/auth.log', data: AUTH.repeat(3) },
        { name: 'b.log', data: AUTH, method: 0 },
        { name: 'empty/', data: '' },
      ]),
    );
    const { events, stats } = await parse([path]);
    expect(stats.errors).toEqual([]);
    expect(events).toEqual([
      { time: '2024-03-05T10:00:00.000Z', file: `${path}/b.log`, line: 1 },
      ...[1, 2, 3].map((line) => ({
        time: '2024-03-05T10:00:00.000Z',
        file: `${path}/var/log/auth.log`,
        line,
      })),
    ]);
  });

  it('names what it cannot read: encrypted entries, other methods, damaged and non-zip files', async () => {
    const mixed = archive(
      'mixed.zip',
      zipOf([
        { name: 'secret.log', data: AUTH, encrypted: true },
        { name: 'bzip2.log', data: AUTH, method: 12 },
        { name: 'ok.log', data: AUTH },
      ]),
    );
    const damaged = archive('damaged.zip', zipOf([{ name: 'a.log', data: AUTH }]).subarray(0, 40));
    const renamed = archive('logs.bin', zipOf([{ name: 'a.log', data: AUTH }]));
    const { events, stats } = await parse([mixed, damaged, renamed]);
    expect(events).toHaveLength(1);
    expect(stats.errors).toEqual([
      {
        path: `${mixed}/bzip2.log`,
        message: expect.stringMatching(/zip method 12, which Vigil does not read/),
      },
      { path: `${mixed}/secret.log`, message: expect.stringMatching(/^encrypted in the zip archive/) },
      { path: damaged, message: expect.stringMatching(/no end of central directory record/) },
      { path: renamed, message: expect.stringMatching(/^a zip archive: name it <file>\.zip/) },
    ]);
  });

  it('reports a corrupt deflate stream and keeps what came before it', async () => {
    const bytes = zipOf([{ name: 'a.log', data: AUTH.repeat(5000) }]);
    // Flip bytes well inside the compressed data (after the 30-byte local header and the name).
    for (let i = 200; i < 260; i++) bytes[i] = bytes[i]! ^ 0xff;
    const { stats } = await parse([archive('corrupt.zip', bytes)]);
    expect(stats.errors).toEqual([
      {
        path: join(scratch, 'corrupt.zip', 'a.log'),
        message: expect.stringMatching(/^corrupt or truncated compressed data/),
      },
    ]);
  });
});

const OTRF = fileURLToPath(
  new URL('../../../../shared/corpora/logs/otrf-linux-attack-telemetry/', import.meta.url),
);
const hasOtrf = existsSync(join(OTRF, 'original-zips'));
if (!hasOtrf)
  console.warn(
    'skipping the OTRF zip comparison: ../shared/corpora/logs/otrf-linux-attack-telemetry is absent',
  );

describe.skipIf(!hasOtrf)('OTRF Security-Datasets as published (zips)', () => {
  it('gives the same events from each zip as from its extracted file', async () => {
    const zips = readdirSync(join(OTRF, 'original-zips')).filter((f) => f.endsWith('.zip'));
    expect(zips.length).toBeGreaterThan(3);
    let total = 0;
    for (const zip of zips) {
      const fromZip = await parse([join(OTRF, 'original-zips', zip)]);
      const stem = zip.replace(/\.zip$/, '');
      const extracted = readdirSync(join(OTRF, 'extracted')).filter((f) => f.startsWith(`${stem}_`));
      const fromFiles = await parse(extracted.map((f) => join(OTRF, 'extracted', f)));
      expect(fromZip.stats.errors).toEqual([]);
      expect(fromZip.events.map((e) => [e.time, e.line])).toEqual(
        fromFiles.events.map((e) => [e.time, e.line]),
      );
      expect(fromZip.stats.events).toBe(fromFiles.stats.events);
      total += fromZip.events.length;
    }
    expect(total).toBeGreaterThan(100);
  });
});
