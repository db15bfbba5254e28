import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadIntelFeeds } from '../../../src/threats/intel/index.ts';
import { fixturePath } from './helpers.ts';

describe('loadIntelFeeds', () => {
  it('tells STIX bundles from plain lists by content and summarises each feed', async () => {
    const feeds = await loadIntelFeeds([fixturePath('blocklist.txt'), fixturePath('contoso-ti.stix.json')]);
    expect(feeds.errors).toEqual([]);
    expect(feeds.feeds).toEqual([
      { file: fixturePath('blocklist.txt'), format: 'list', names: ['blocklist.txt'], indicators: 5 },
      {
        file: fixturePath('contoso-ti.stix.json'),
        format: 'stix',
        names: ['Contoso TI', 'contoso-ti.stix.json'],
        indicators: 11,
        revoked: 1,
        notIp: 1,
      },
    ]);
    expect(feeds.matcher.size).toBe(16);
    expect(feeds.warnings.length).toBe(4);
  });

  it('reads a directory of feeds in name order, skipping hidden files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-intel-'));
    writeFileSync(join(dir, 'b.txt'), '192.0.2.2\n');
    writeFileSync(join(dir, 'a.txt'), '192.0.2.1\n');
    writeFileSync(join(dir, '.hidden'), 'not read\n');
    const feeds = await loadIntelFeeds([dir]);
    expect(feeds.errors).toEqual([]);
    expect(feeds.feeds.map((f) => f.names[0])).toEqual(['a.txt', 'b.txt']);
  });

  it('warns about a list that loads without error but lists nothing (a header, only comments)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-intel-'));
    writeFileSync(join(dir, 'header-only.csv'), '# first_seen_utc,dst_ip,dst_port\n# END 0 entries\n');
    writeFileSync(join(dir, 'one.txt'), '192.0.2.1\n');
    const feeds = await loadIntelFeeds([dir]);
    expect(feeds.errors).toEqual([]);
    expect(feeds.warnings).toEqual([
      { file: join(dir, 'header-only.csv'), message: 'the feed lists no addresses: it matches nothing' },
    ]);
    expect(feeds.matcher.size).toBe(1);
  });

  it('ignores a byte order mark', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-intel-'));
    writeFileSync(join(dir, 'bom.txt'), '\uFEFF192.0.2.1\n');
    const feeds = await loadIntelFeeds([join(dir, 'bom.txt')]);
    expect(feeds.errors).toEqual([]);
    expect(feeds.matcher.match('192.0.2.1', Number.NaN)?.feed).toBe('bom.txt');
  });

  it.each([
    // A TAXII 2.1 collection's response, saved as it is: an envelope, not a bundle (TAXII 2.1 §3.7).
    ['taxii-envelope.json', '203.0.113.7', 'taxii-envelope.json'],
    // STIX objects one per line, as connectors dump a collection; a line may hold a whole bundle.
    ['objects.stix.jsonl', '203.0.113.7', 'CIRCL'],
    ['objects.stix.jsonl', '2001:db8:bad::15', 'objects.stix.jsonl'],
  ])('reads %s: %s is listed by %s', async (name, address, feed) => {
    const feeds = await loadIntelFeeds([fixturePath(name)]);
    expect(feeds.feeds[0]!.format).toBe('stix');
    expect(feeds.matcher.match(address, Date.parse('2025-03-02T11:58:05Z'))?.feed).toBe(feed);
  });

  it('names the line of a bad object in STIX JSON Lines', async () => {
    const feeds = await loadIntelFeeds([fixturePath('objects.stix.jsonl')]);
    expect(feeds.errors.map((e) => [e.line, e.pointer])).toEqual([
      [5, undefined],
      [4, undefined],
    ]);
    expect(feeds.errors[0]!.message).toMatch(/invalid JSON/);
    expect(feeds.errors[1]!.message).toMatch(/192\.0\.2\.300/);
  });

  it('reports missing files, empty directories, bad lines and bad JSON with where they are', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-intel-'));
    const empty = mkdtempSync(join(tmpdir(), 'vigil-intel-empty-'));
    writeFileSync(join(dir, 'broken.json'), '{"type": "bundle", "objects": [\n');
    const feeds = await loadIntelFeeds([
      join(dir, 'missing.txt'),
      empty,
      join(dir, 'broken.json'),
      fixturePath('blocklist-bad-lines.txt'),
    ]);
    const messages = feeds.errors.map((e) => `${e.file}${e.line ? `:${e.line}` : ''}`);
    expect(messages).toEqual([
      join(dir, 'missing.txt'),
      empty,
      expect.stringContaining(join(dir, 'broken.json')),
      `${fixturePath('blocklist-bad-lines.txt')}:3`,
      `${fixturePath('blocklist-bad-lines.txt')}:4`,
      `${fixturePath('blocklist-bad-lines.txt')}:5`,
      `${fixturePath('blocklist-bad-lines.txt')}:6`,
      `${fixturePath('blocklist-bad-lines.txt')}:7`,
    ]);
    expect(feeds.errors[0]!.message).toMatch(/no such file/);
    expect(feeds.errors[1]!.message).toMatch(/holds no feed files/);
    expect(feeds.matcher.size).toBe(2); // the good lines still load
  });
});
