import { parseAuditFields } from './fields.ts';
import type { AuditRecord } from './record.ts';

/**
 * The OMS agent's `AuditdMessage` column (Log Analytics LinuxAuditLog exports): one event's records as a
 * Python literal, `[{'SYSCALL': ['arch=c000003e', …]}, {'EXECVE': ['argc=3', 'a0="/bin/sh"', …]}]`, each
 * record's fields split on spaces (so `msg='op=… res=success'` spans several items). `id` is the event's
 * `mssg_id`, `1550505627.301:9077922`. Returns why when the text is not in that form.
 */
export function omsAuditRecords(text: string, id: string, line: number): AuditRecord[] | string {
  const colon = id.indexOf(':');
  const dot = id.indexOf('.');
  const ms = Number(id.slice(0, dot)) * 1000 + Number(id.slice(dot + 1, colon));
  const serial = Number(id.slice(colon + 1));
  if (colon === -1 || dot === -1 || !Number.isSafeInteger(ms) || !Number.isSafeInteger(serial)) {
    return `malformed mssg_id "${id}"`;
  }
  const parsed = new PythonLiteral(text).records();
  if (typeof parsed === 'string') return parsed;
  return parsed.map(([type, items]) => {
    const fields: Record<string, string> = {};
    const body = items.join(' ');
    parseAuditFields(body, fields, type === 'EXECVE');
    return {
      type,
      ms,
      serial,
      id,
      node: undefined,
      fields,
      enriched: undefined,
      line,
      text: `type=${type} ${body}`,
    };
  });
}

/** Reads `[{'TYPE': ['item', …]}, …]`: just enough of Python's literal syntax for this column. */
class PythonLiteral {
  #i = 0;
  constructor(private readonly s: string) {}

  records(): Array<[string, string[]]> | string {
    const out: Array<[string, string[]]> = [];
    if (!this.#take('[')) return 'AuditdMessage is not a list';
    if (this.#take(']')) return out;
    do {
      if (!this.#take('{')) return 'AuditdMessage: expected {';
      const type = this.#string();
      if (type === undefined || !this.#take(':') || !this.#take('['))
        return 'AuditdMessage: expected a record type';
      const items: string[] = [];
      if (!this.#take(']')) {
        do {
          const item = this.#string();
          if (item === undefined) return 'AuditdMessage: expected a quoted field';
          items.push(item);
        } while (this.#take(','));
        if (!this.#take(']')) return 'AuditdMessage: expected ]';
      }
      if (!this.#take('}')) return 'AuditdMessage: expected }';
      out.push([type, items]);
    } while (this.#take(','));
    return this.#take(']') ? out : 'AuditdMessage: expected ]';
  }

  #take(c: string): boolean {
    while (this.s.charCodeAt(this.#i) === 0x20) this.#i++;
    if (this.s[this.#i] !== c) return false;
    this.#i++;
    return true;
  }

  #string(): string | undefined {
    while (this.s.charCodeAt(this.#i) === 0x20) this.#i++;
    const quote = this.s[this.#i];
    if (quote !== "'" && quote !== '"') return undefined;
    let out = '';
    for (let i = this.#i + 1; i < this.s.length; i++) {
      const c = this.s[i]!;
      if (c === quote) {
        this.#i = i + 1;
        return out;
      }
      if (c !== '\\') {
        out += c;
        continue;
      }
      const next = this.s[++i];
      if (next === 'n') out += '\n';
      else if (next === 't') out += '\t';
      else if (next === 'x') {
        out += String.fromCharCode(Number.parseInt(this.s.slice(i + 1, i + 3), 16));
        i += 2;
      } else out += next ?? '';
    }
    return undefined;
  }
}
