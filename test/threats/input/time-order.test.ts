import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { ThreatEvent } from '../../../src/threats/event.ts';
import type { ParseStats } from '../../../src/threats/input/stats.ts';
import { parseInputsInTimeOrder } from '../../../src/threats/input/time-order.ts';

const ACTIVITY = fileURLToPath(new URL('../../fixtures/threats/activity-log-records.jsonl', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'vigil-time-order-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
}

const sshd = (time: string, n: number) =>
  `Mar  1 ${time} vm-web-01 sshd[${n}]: Failed password for root from 203.0.113.${n} port 22 ssh2\n`;

async function merged(
  paths: string[],
): Promise<{ events: ThreatEvent[]; stats: ParseStats; batches: number }> {
  const events: ThreatEvent[] = [];
  let batches = 0;
  const generator = parseInputsInTimeOrder(paths, { year: 2024 });
  for (let next = await generator.next(); ; next = await generator.next()) {
    if (next.done) return { events, stats: next.value, batches };
    batches++;
    events.push(...next.value);
  }
}

const where = (e: ThreatEvent) => `${e['log.file.path'].slice(scratch.length + 1)}:${e['log.file.line']}`;

describe('parseInputsInTimeOrder', () => {
  it('reads rotated logs given newest first oldest first', async () => {
    const newer = write('auth.log', sshd('10:00:00', 3) + sshd('10:00:05', 4));
    const older = write('auth.log.1', sshd('09:00:00', 1) + sshd('09:30:00', 2));
    const { events, stats } = await merged([newer, older]);
    expect(events.map(where)).toEqual(['auth.log.1:1', 'auth.log.1:2', 'auth.log:1', 'auth.log:2']);
    expect(stats).toMatchObject({ files: 2, lines: 4, events: 4, byFormat: { syslog: { files: 2 } } });
  });

  it('interleaves logs that overlap in time, equal times in the order given', async () => {
    const a = write('a.log', sshd('09:00:00', 1) + sshd('09:00:10', 2) + sshd('09:00:20', 3));
    const b = write('b.log', sshd('09:00:05', 4) + sshd('09:00:10', 5) + sshd('09:00:30', 6));
    const { events } = await merged([a, b]);
    expect(events.map(where)).toEqual(['a.log:1', 'b.log:1', 'a.log:2', 'b.log:2', 'a.log:3', 'b.log:3']);
  });

  it('sorts an export given newest first, and counts each file once', async () => {
    const record = JSON.parse(readFileSync(ACTIVITY, 'utf8').split('\n')[0]!) as Record<string, unknown>;
    const at = (time: string) => ({ ...record, time: `2024-03-01T${time}Z` });
    const export_ = write('activity.json', JSON.stringify([at('11:01:00'), at('11:00:30'), at('11:00:00')]));
    const log = write('late.log', sshd('11:00:40', 7));
    const { events, stats } = await merged([log, export_]);
    expect(events.map((e) => [e['@timestamp'].slice(11, 19), e['log.file.path'] === log])).toEqual([
      ['11:00:00', false],
      ['11:00:30', false],
      ['11:00:40', true],
      ['11:01:00', false],
    ]);
    expect(stats.files).toBe(2);
    expect(stats.events).toBe(events.length);
  });

  it('still reads and reports files without events, and unreadable ones', async () => {
    const empty = write('empty.log', '\n');
    const log = write('one.log', sshd('09:00:00', 1));
    const { events, stats } = await merged([log, empty, join(scratch, 'missing.log')]);
    expect(events.map(where)).toEqual(['one.log:1']);
    expect(stats.files).toBe(2);
    expect(stats.errors.map((e) => e.path)).toEqual([join(scratch, 'missing.log')]);
  });

  it('passes a single file through in its own batches', async () => {
    const log = write('single.log', sshd('09:00:00', 1) + sshd('08:00:00', 2));
    const { events, batches } = await merged([log]);
    // Disorder within a file is the consumer's reorder allowance's to absorb.
    expect(events.map(where)).toEqual(['single.log:1', 'single.log:2']);
    expect(batches).toBe(1);
  });
});
