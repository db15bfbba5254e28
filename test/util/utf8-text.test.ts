import { describe, expect, it } from 'vitest';
import { asUtf8 } from '../../src/util/utf8-text.ts';

async function decoded(bytes: Buffer, chunk = bytes.length || 1): Promise<string> {
  async function* chunks(): AsyncGenerator<Buffer> {
    for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
  }
  const out: Buffer[] = [];
  for await (const part of asUtf8(chunks())) out.push(part);
  return Buffer.concat(out).toString('utf8');
}

const TEXT = '{"name":"vm-ä€😀"}\r\n';
const le = (text: string) => Buffer.from(text, 'utf16le');

describe('asUtf8', () => {
  it.each([
    ['UTF-8', Buffer.from(TEXT)],
    ['UTF-8 with a byte order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)])],
    ['UTF-16LE with a byte order mark', Buffer.concat([Buffer.from([0xff, 0xfe]), le(TEXT)])],
    ['UTF-16LE without one', le(TEXT)],
    ['UTF-16BE with a byte order mark', Buffer.concat([Buffer.from([0xfe, 0xff]), le(TEXT).swap16()])],
  ])('reads %s, in one piece or in pieces that split characters', async (_name, bytes) => {
    for (const chunk of [bytes.length, 1, 3, 5]) expect(await decoded(bytes, chunk)).toBe(TEXT);
  });

  it.each([
    ['a short input', Buffer.from('[]'), '[]'],
    ['an empty input', Buffer.alloc(0), ''],
    ['a UTF-16 mark alone', Buffer.from([0xff, 0xfe]), ''],
    // Binary that is not text keeps its bytes, so the reader can say it is not a format it knows.
    ['binary with NULs', Buffer.from([0x00, 0x01, 0x00, 0x02, 0x03]), '\u0000\u0001\u0000\u0002\u0003'],
  ])('leaves %s as it is', async (_name, bytes, text) => {
    expect(await decoded(bytes)).toBe(text);
  });
});
