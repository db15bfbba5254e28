/** Splits byte chunks into lines (LF or CRLF), one at a time, so a JSON Lines file is never held whole. */
export async function* splitLines(
  chunks: AsyncIterable<Buffer>,
): AsyncGenerator<{ text: string; line: number }> {
  let rest: Buffer[] = [];
  let line = 0;
  for await (const chunk of chunks) {
    let start = 0;
    for (let end = chunk.indexOf(0x0a); end !== -1; end = chunk.indexOf(0x0a, start)) {
      const piece = chunk.subarray(start, end);
      const bytes = rest.length === 0 ? piece : Buffer.concat([...rest, piece]);
      rest = [];
      line++;
      yield { text: decodeLine(bytes), line };
      start = end + 1;
    }
    if (start < chunk.length) rest.push(chunk.subarray(start));
  }
  if (rest.length > 0) {
    line++;
    yield { text: decodeLine(Buffer.concat(rest)), line };
  }
}

function decodeLine(bytes: Buffer): string {
  const end = bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.length - 1 : bytes.length;
  return bytes.toString('utf8', 0, end);
}
