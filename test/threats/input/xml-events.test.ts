import { describe, expect, it } from 'vitest';
import { XmlEventSplitter } from '../../../src/threats/input/xml-events.ts';

function split(text: string, size = Number.POSITIVE_INFINITY, max = 10_000) {
  const out: unknown[] = [];
  const splitter = new XmlEventSplitter(
    (xml, line) => out.push([line, xml]),
    (line, reason, sample) => out.push(['error', line, reason, sample]),
    max,
  );
  const step = Math.min(size, Math.max(text.length, 1));
  for (let i = 0; i < text.length; i += step) splitter.push(text.slice(i, i + step));
  splitter.end();
  return out;
}

const A =
  "<Event xmlns='x'><System><EventID>1</EventID></System><EventData><Data Name='a'>1</Data></EventData></Event>";
const B = '<Event><System><EventID>2</EventID></System></Event>';

describe('XmlEventSplitter', () => {
  it.each([
    [
      'one per line',
      `${A}\n${B}\n`,
      [
        [1, A],
        [2, B],
      ],
    ],
    [
      'several on a line (wevtutil)',
      `${A}${B}`,
      [
        [1, A],
        [1, B],
      ],
    ],
    [
      'an Event Viewer export',
      `<?xml version="1.0" encoding="utf-8"?>\n<Events>\n<!-- a comment -->\n${A}\n\n${B}</Events>\n`,
      [
        [4, A],
        [6, B],
      ],
    ],
    [
      // https://learn.microsoft.com/windows-server/administration/windows-commands/wevtutil (qe /e:<Element>)
      'wevtutil qe /f:xml /e:root',
      `<root>${A}${B}</root>\r\n`,
      [
        [1, A],
        [1, B],
      ],
    ],
    [
      'two Event Viewer exports one after the other',
      `<?xml version="1.0"?><Events>${A}</Events>\n<?xml version="1.0"?><Events>${B}</Events>`,
      [
        [1, A],
        [2, B],
      ],
    ],
    [
      'an event spanning lines',
      `<Event>\n<System>\n<EventID>3</EventID></System>\n</Event>\n${B}`,
      [
        [1, '<Event>\n<System>\n<EventID>3</EventID></System>\n</Event>'],
        [5, B],
      ],
    ],
  ])('%s', (_what, text, expected) => {
    expect(split(text)).toEqual(expected);
    for (const size of [1, 5, 13]) expect(split(text, size), `chunks of ${size}`).toEqual(expected);
  });

  it('reports stray text and a cut-off event', () => {
    expect(split(`junk\n${A}\n<Event><System>`)).toEqual([
      ['error', 1, 'text outside <Event> elements', 'junk'],
      [2, A],
      ['error', 3, 'truncated <Event>: the input ends inside it', '<Event><System>'],
    ]);
  });

  it('reports other elements once the root is known', () => {
    expect(split(`<root>${A}<other/></root><root2>`)).toEqual([
      [1, A],
      ['error', 1, 'text outside <Event> elements', '<other/></root><root2>'],
    ]);
  });

  it('does not fuse an event cut short with the one after it', () => {
    const cut = "<Event><System><EventID>1</EventID></System><EventData><Data Name='a'>par";
    expect(split(`${cut}\n${B}`)).toEqual([
      [1, `${cut}\n`],
      [2, B],
    ]);
  });

  it('skips an event longer than the limit', () => {
    expect(split(`<Event>${'x'.repeat(100)}</Event>${B}`, 10, 50)).toEqual([
      ['error', 1, '<Event> longer than 50 characters: skipped', ''],
      [1, B],
    ]);
  });
});
