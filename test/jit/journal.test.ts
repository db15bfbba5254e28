import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventBody } from '../../src/jit/events.ts';
import { Journal, JournalCorruptError } from '../../src/jit/journal.ts';
import { cleanup, stateDir } from './support/estate.ts';

afterEach(cleanup);

const AT = new Date('2025-03-01T10:00:00Z');
const refused = (n: number): EventBody => ({
  type: 'refused',
  vm: 'vm-web-01',
  ports: [n],
  source: '203.0.113.7',
  duration: 'PT1H',
  justification: 'test',
  reasons: [{ code: 'port-not-in-policy', port: n, message: `port ${n} is not in the policy` }],
});

async function journalWith(count: number): Promise<string> {
  const file = join(await stateDir(), 'journal.jsonl');
  await mkdir(dirname(file), { recursive: true });
  const { journal } = await Journal.open(file);
  for (let i = 1; i <= count; i++) await journal.append(refused(i), 'alice', AT);
  return file;
}

describe('the JIT journal', () => {
  it('reads back what was appended, one event a line, numbered and chained', async () => {
    const file = await journalWith(3);
    const lines = (await readFile(file, 'utf8')).split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('');
    const { events, torn, journal } = await Journal.open(file);
    expect(torn).toBeUndefined();
    expect(events.map((e) => [e.seq, e.type, e.actor, e.at])).toEqual([
      [1, 'refused', 'alice', '2025-03-01T10:00:00.000Z'],
      [2, 'refused', 'alice', '2025-03-01T10:00:00.000Z'],
      [3, 'refused', 'alice', '2025-03-01T10:00:00.000Z'],
    ]);
    expect(events[0]!.prev).toBe('');
    expect(events[1]!.prev).toMatch(/^[0-9a-f]{64}$/);
    expect(journal.seq).toBe(4);
  });

  it('sets a torn last line aside, reports it, and appends after the last whole line', async () => {
    const file = await journalWith(2);
    const whole = await readFile(file, 'utf8');
    const partial = JSON.stringify({ v: 1, seq: 3, type: 'granted' }).slice(0, 25);
    await appendFile(file, partial);
    const { events, torn, journal } = await Journal.open(file);
    expect(torn).toEqual({ line: 3, bytes: partial.length, savedTo: `${file}.torn` });
    expect(events.map((e) => e.seq)).toEqual([1, 2]);
    expect(await readFile(file, 'utf8')).toBe(whole);
    expect(await readFile(`${file}.torn`, 'utf8')).toBe(`${partial}\n`);
    await journal.append(refused(9), 'bob', AT);
    const again = await Journal.open(file);
    expect(again.torn).toBeUndefined();
    expect(again.events.map((e) => [e.seq, e.actor])).toEqual([
      [1, 'alice'],
      [2, 'alice'],
      [3, 'bob'],
    ]);
  });

  it('treats a last line without its newline as torn even when it parses', async () => {
    const file = await journalWith(1);
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.slice(0, -1));
    const { events, torn } = await Journal.open(file);
    expect(events).toEqual([]);
    expect(torn).toMatchObject({ line: 1, bytes: text.length - 1 });
  });

  it.each<[string, (lines: string[]) => string[], number, string]>([
    ['a damaged line that is not the last', (l) => [l[0]!, '{"v":1,"seq":2', l[2]!], 2, 'not valid JSON'],
    ['a line removed', (l) => [l[0]!, l[2]!], 2, 'event number 3 on line 2'],
    ['two lines swapped', (l) => [l[1]!, l[0]!, l[2]!], 1, 'event number 2 on line 1'],
    [
      'a line edited in place',
      (l) => [l[0]!.replace('alice', 'mallory'), l[1]!, l[2]!],
      2,
      'does not match its hash',
    ],
    [
      'an unknown event type',
      (l) => [l[0]!.replace('"refused"', '"opened"'), l[1]!, l[2]!],
      1,
      'unknown event type',
    ],
    [
      'a field of the wrong type',
      (l) => [l[0]!.replace('"ports":[1]', '"ports":"1"'), l[1]!, l[2]!],
      1,
      'event.ports must be a list',
    ],
    [
      'another version',
      (l) => [l[0]!.replace('"v":1', '"v":2'), l[1]!, l[2]!],
      1,
      'unknown journal version 2',
    ],
  ])('refuses %s, naming the line', async (_, edit, line, message) => {
    const file = await journalWith(3);
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
    await writeFile(file, `${edit(lines).join('\n')}\n`);
    const error = await Journal.open(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JournalCorruptError);
    expect((error as JournalCorruptError).line).toBe(line);
    expect((error as Error).message).toContain(`${file}:${line}: `);
    expect((error as Error).message).toContain(message);
  });

  it('starts empty when there is no journal yet', async () => {
    const file = join(await stateDir(), 'journal.jsonl');
    await mkdir(dirname(file), { recursive: true });
    const { events, torn, journal } = await Journal.open(file);
    expect([events, torn, journal.seq]).toEqual([[], undefined, 1]);
  });
});
