/**
 * RFC 4180 CSV read line by line: a quoted field may hold commas, `""` and newlines (a command line
 * across lines), so a record ends at a line end outside quotes. The first record is the header; a column
 * without a name (the row index pandas writes first) is dropped.
 */
export class CsvRows {
  #header: string[] | undefined;
  #record = '';
  #recordLine = 0;
  #inQuotes = false;

  constructor(
    private readonly onRow: (row: Record<string, string>, original: string, line: number) => void,
    private readonly onError: (line: number, reason: string, text: string) => void,
    private readonly maxRecordChars: number,
  ) {}

  get header(): string[] | undefined {
    return this.#header;
  }

  line(text: string, line: number): void {
    if (this.#record === '' && !this.#inQuotes) {
      if (text.trim() === '') return;
      this.#record = text;
      this.#recordLine = line;
    } else {
      this.#record += `\n${text}`;
      if (this.#record.length > this.maxRecordChars) {
        this.onError(
          this.#recordLine,
          'CSV record too long (an unclosed quote?)',
          this.#record.slice(0, 200),
        );
        this.#record = '';
        this.#inQuotes = false;
        return;
      }
    }
    for (let q = text.indexOf('"'); q !== -1; q = text.indexOf('"', q + 1)) this.#inQuotes = !this.#inQuotes;
    if (this.#inQuotes) return;
    const record = this.#record;
    this.#record = '';
    const fields = splitCsv(record);
    if (this.#header === undefined) {
      this.#header = fields.map(columnName);
      return;
    }
    if (fields.length !== this.#header.length) {
      this.onError(
        this.#recordLine,
        `CSV row has ${fields.length} fields, the header ${this.#header.length}`,
        record,
      );
      return;
    }
    const row: Record<string, string> = {};
    for (let i = 0; i < fields.length; i++) {
      const name = this.#header[i]!;
      if (name !== '') row[name] = fields[i]!;
    }
    this.onRow(row, record, this.#recordLine);
  }

  end(): void {
    if (this.#record !== '') {
      this.onError(
        this.#recordLine,
        'unterminated quoted CSV field at the end of the input',
        this.#record.slice(0, 200),
      );
      this.#record = '';
    }
  }
}

/** Splits one complete record into its fields, unquoting them. */
/**
 * The Azure portal's Log Analytics "Export to CSV" names a datetime column with the zone its values are shown
 * in (`TimeGenerated [UTC]`): in UTC that is the column itself. A column shown in another zone keeps its
 * suffixed name, so its values are never read as UTC.
 */
function columnName(field: string): string {
  const name = field.trim();
  return name.endsWith(' [UTC]') ? name.slice(0, -6).trimEnd() : name;
}

export function splitCsv(record: string): string[] {
  const fields: string[] = [];
  let i = 0;
  const n = record.length;
  for (;;) {
    if (record.charCodeAt(i) === 0x22) {
      let value = '';
      let from = i + 1;
      for (;;) {
        const q = record.indexOf('"', from);
        if (q === -1) {
          value += record.slice(from);
          i = n;
          break;
        }
        value += record.slice(from, q);
        if (record.charCodeAt(q + 1) === 0x22) {
          value += '"';
          from = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      // Text between the closing quote and the comma is kept, as spreadsheet programs do.
      const comma = record.indexOf(',', i);
      const end = comma === -1 ? n : comma;
      fields.push(value + record.slice(i, end));
      if (comma === -1) return fields;
      i = comma + 1;
    } else {
      const comma = record.indexOf(',', i);
      fields.push(record.slice(i, comma === -1 ? n : comma));
      if (comma === -1) return fields;
      i = comma + 1;
    }
  }
}
