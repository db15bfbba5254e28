/**
 * A file's bytes as UTF-8, whatever Windows wrote. Windows PowerShell 5.1 writes UTF-16LE with a byte order
 * mark for `>` and `Out-File`; PowerShell 7's `Out-File` and Notepad write UTF-8 with one
 * (https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_character_encoding).
 * So `az … > estate.json`, `Get-AzResource … | ConvertTo-Json > estate.json` and `wevtutil qe … > events.xml`
 * come in any of these. UTF-8's mark is dropped; UTF-16 (either byte order, with its mark, or little-endian
 * without one, known by text that starts with two ASCII characters each followed by a NUL) is transcoded as it
 * streams, characters split across reads included.
 */
export async function* asUtf8(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let head: Buffer | undefined = Buffer.alloc(0);
  let utf16: TextDecoder | undefined;
  for await (const chunk of chunks) {
    if (head === undefined) {
      if (utf16 === undefined) yield chunk;
      else {
        const text = utf16.decode(chunk, { stream: true });
        if (text !== '') yield Buffer.from(text, 'utf8');
      }
      continue;
    }
    head = head.length === 0 ? chunk : Buffer.concat([head, chunk]);
    if (head.length < 4) continue;
    const start = head;
    head = undefined;
    utf16 = utf16Decoder(start);
    if (utf16 === undefined) yield withoutUtf8Mark(start);
    else {
      const text = utf16.decode(start, { stream: true });
      if (text !== '') yield Buffer.from(text, 'utf8');
    }
  }
  if (head !== undefined) {
    // Shorter than four bytes: the whole input.
    if (head.length === 0) return;
    const decoder = utf16Decoder(head);
    yield decoder === undefined ? withoutUtf8Mark(head) : Buffer.from(decoder.decode(head), 'utf8');
    return;
  }
  const rest = utf16?.decode() ?? '';
  if (rest !== '') yield Buffer.from(rest, 'utf8');
}

/** A decoder for UTF-16 text (it drops the byte order mark itself), or undefined for anything else. */
function utf16Decoder(head: Buffer): TextDecoder | undefined {
  if (head[0] === 0xff && head[1] === 0xfe) return new TextDecoder('utf-16le');
  if (head[0] === 0xfe && head[1] === 0xff) return new TextDecoder('utf-16be');
  if (head.length >= 4 && isAscii(head[0]!) && head[1] === 0 && isAscii(head[2]!) && head[3] === 0)
    return new TextDecoder('utf-16le');
  return undefined;
}

/** Printable ASCII or the whitespace text starts with: what JSON, XML and log lines begin with. */
function isAscii(byte: number): boolean {
  return (byte >= 0x20 && byte < 0x7f) || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

function withoutUtf8Mark(head: Buffer): Buffer {
  return head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? head.subarray(3) : head;
}
