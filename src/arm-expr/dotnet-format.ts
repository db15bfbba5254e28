import { booleanText } from './values.ts';

/**
 * .NET composite formatting (`String.Format`) with the invariant culture, which ARM's
 * `format()` uses (templates/template-functions-string.md#format). Supported: `{index}`,
 * `{index,alignment}`, `{index:spec}`, `{{`/`}}` escapes; standard numeric specs
 * C, D, E, F, G, N, P, R, X (any case, optional precision) and custom numeric specs
 * built from `0`, `#`, `.`, `,`, `%`, quoted literals and `;` sections.
 */

export class FormatError extends Error {}

export function formatComposite(format: string, args: readonly unknown[]): string {
  let out = '';
  let i = 0;
  const n = format.length;
  while (i < n) {
    const c = format[i]!;
    if (c === '}') {
      if (format[i + 1] !== '}')
        throw new FormatError(`Input string was not in a correct format: lone '}' at position ${i}.`);
      out += '}';
      i += 2;
      continue;
    }
    if (c !== '{') {
      out += c;
      i++;
      continue;
    }
    if (format[i + 1] === '{') {
      out += '{';
      i += 2;
      continue;
    }
    const close = format.indexOf('}', i + 1);
    if (close < 0)
      throw new FormatError(`Input string was not in a correct format: '{' at position ${i} is not closed.`);
    out += formatItem(format.slice(i + 1, close), args);
    i = close + 1;
  }
  return out;
}

function formatItem(item: string, args: readonly unknown[]): string {
  const colon = item.indexOf(':');
  const head = colon < 0 ? item : item.slice(0, colon);
  const spec = colon < 0 ? '' : item.slice(colon + 1);
  const comma = head.indexOf(',');
  // .NET wants the index's first digit right after '{'; only whitespace after the index is allowed.
  const indexText = (comma < 0 ? head : head.slice(0, comma)).trimEnd();
  const alignText = comma < 0 ? '' : head.slice(comma + 1).trim();
  if (!/^\d+$/.test(indexText))
    throw new FormatError(`Input string was not in a correct format: '{${item}}'.`);
  const index = Number(indexText);
  if (index >= args.length) {
    throw new FormatError(
      `Index (zero based) must be greater than or equal to zero and less than the size of the argument list: '{${item}}' with ${args.length} argument(s).`,
    );
  }
  let text = formatValue(args[index], spec);
  if (alignText !== '') {
    if (!/^-?\d+$/.test(alignText))
      throw new FormatError(`Input string was not in a correct format: '{${item}}'.`);
    const width = Number(alignText);
    text = width < 0 ? text.padEnd(-width) : text.padStart(width);
  }
  return text;
}

function formatValue(value: unknown, spec: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return booleanText(value);
  if (typeof value === 'number') return spec === '' ? plainNumber(value) : formatNumber(value, spec);
  throw new FormatError(
    'format() can only insert strings, integers and booleans; an array or object was given.',
  );
}

function plainNumber(value: number): string {
  return String(value).replace('e', 'E');
}

const STANDARD = /^([CcDdEeFfGgNnPpRrXx])(\d{0,2})$/;

export function formatNumber(value: number, spec: string): string {
  const m = STANDARD.exec(spec);
  if (m === null) return formatCustom(value, spec);
  const letter = m[1]!.toUpperCase();
  const precision = m[2] === '' ? undefined : Number(m[2]);
  switch (letter) {
    case 'D':
      requireInteger(value, spec);
      return (value < 0 ? '-' : '') + String(Math.abs(value)).padStart(precision ?? 0, '0');
    case 'X': {
      requireInteger(value, spec);
      const hex = BigInt.asUintN(64, BigInt(value))
        .toString(16)
        .padStart(precision ?? 0, '0');
      return m[1] === 'X' ? hex.toUpperCase() : hex;
    }
    case 'F':
      return signed(value, (abs) => abs.toFixed(precision ?? 2));
    case 'N':
      return signed(value, (abs) => group(abs.toFixed(precision ?? 2)));
    case 'C': {
      // The invariant culture's CurrencyNegativePattern is 0, "($n)": parentheses, not a minus sign.
      const text = `¤${group(Math.abs(value).toFixed(precision ?? 2))}`;
      return value < 0 && /[1-9]/.test(text) ? `(${text})` : text;
    }
    case 'P':
      return signed(value * 100, (abs) => `${group(abs.toFixed(precision ?? 2))} %`);
    case 'E':
      return signed(value, (abs) => exponential(abs, precision ?? 6, m[1] === 'E' ? 'E' : 'e', 3));
    case 'G':
      return signed(value, (abs) => general(abs, precision, m[1] === 'G' ? 'E' : 'e'));
    default:
      return plainNumber(value);
  }
}

function requireInteger(value: number, spec: string): void {
  if (!Number.isInteger(value))
    throw new FormatError(`Format specifier '${spec}' is only valid for integers.`);
}

/** Formats the magnitude and puts '-' in front unless the rounded text is all zeros. */
function signed(value: number, format: (abs: number) => string): string {
  const text = format(Math.abs(value));
  return value < 0 && /[1-9]/.test(text) ? `-${text}` : text;
}

function group(fixed: string): string {
  const dot = fixed.indexOf('.');
  const int = dot < 0 ? fixed : fixed.slice(0, dot);
  const frac = dot < 0 ? '' : fixed.slice(dot);
  let out = '';
  for (let i = 0; i < int.length; i++) {
    if (i > 0 && (int.length - i) % 3 === 0) out += ',';
    out += int[i];
  }
  return out + frac;
}

function exponential(abs: number, precision: number, e: string, minExponentDigits: number): string {
  const [mantissa, exponent] = abs.toExponential(Math.min(precision, 100)).split('e') as [string, string];
  const sign = exponent.startsWith('-') ? '-' : '+';
  return `${mantissa}${e}${sign}${exponent.replace(/^[+-]/, '').padStart(minExponentDigits, '0')}`;
}

function general(abs: number, precision: number | undefined, e: string): string {
  if (abs === 0) return '0';
  const digits = precision === undefined || precision === 0 ? 15 : precision;
  const exponent = Math.floor(Math.log10(abs));
  if (precision === undefined && Number.isInteger(abs) && exponent < 15) return String(abs);
  if (exponent < -4 || exponent >= digits) {
    const [mantissa, exp] = abs.toExponential(digits - 1).split('e') as [string, string];
    const trimmed = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
    const sign = exp.startsWith('-') ? '-' : '+';
    return `${trimmed}${e}${sign}${exp.replace(/^[+-]/, '').padStart(2, '0')}`;
  }
  const fixed = abs.toPrecision(digits);
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}

interface Token {
  kind: 'zero' | 'hash' | 'dot' | 'comma' | 'percent' | 'literal';
  text: string;
}

function tokenize(section: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < section.length; i++) {
    const c = section[i]!;
    if (c === '0') tokens.push({ kind: 'zero', text: c });
    else if (c === '#') tokens.push({ kind: 'hash', text: c });
    else if (c === '.') tokens.push({ kind: 'dot', text: c });
    else if (c === ',') tokens.push({ kind: 'comma', text: c });
    else if (c === '%') tokens.push({ kind: 'percent', text: c });
    else if (c === '\\' && i + 1 < section.length) tokens.push({ kind: 'literal', text: section[++i]! });
    else if (c === "'" || c === '"') {
      const end = section.indexOf(c, i + 1);
      const stop = end < 0 ? section.length : end;
      tokens.push({ kind: 'literal', text: section.slice(i + 1, stop) });
      i = stop;
    } else tokens.push({ kind: 'literal', text: c });
  }
  return tokens;
}

function splitSections(spec: string): string[] {
  const sections: string[] = [];
  let start = 0;
  let quote = '';
  for (let i = 0; i < spec.length; i++) {
    const c = spec[i]!;
    if (quote !== '') {
      if (c === quote) quote = '';
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '\\') i++;
    else if (c === ';') {
      sections.push(spec.slice(start, i));
      start = i + 1;
    }
  }
  sections.push(spec.slice(start));
  return sections;
}

function formatCustom(value: number, spec: string): string {
  const sections = splitSections(spec);
  let section = sections[0]!;
  let negativeSign = value < 0;
  if (value < 0 && sections.length > 1 && sections[1] !== '') {
    section = sections[1]!;
    negativeSign = false;
  } else if (value === 0 && sections.length > 2 && sections[2] !== '') {
    section = sections[2]!;
  }
  const tokens = tokenize(section);
  const dotAt = tokens.findIndex((t) => t.kind === 'dot');
  const intTokens = dotAt < 0 ? tokens : tokens.slice(0, dotAt);
  const fracTokens = dotAt < 0 ? [] : tokens.slice(dotAt + 1);
  const isDigit = (t: Token) => t.kind === 'zero' || t.kind === 'hash';

  let scaled = Math.abs(value);
  for (const t of tokens) if (t.kind === 'percent') scaled *= 100;
  // Commas right after the last integer placeholder divide by 1000 each; commas between placeholders turn on grouping.
  const lastIntDigit = intTokens.findLastIndex(isDigit);
  const firstIntDigit = intTokens.findIndex(isDigit);
  let grouping = false;
  for (let i = 0; i < intTokens.length; i++) {
    if (intTokens[i]!.kind !== 'comma') continue;
    if (i > lastIntDigit) scaled /= 1000;
    else if (i > firstIntDigit) grouping = true;
  }
  const fracDigits = fracTokens.filter(isDigit);
  const maxFrac = fracDigits.length;
  const minFrac = fracDigits.findLastIndex((t) => t.kind === 'zero') + 1;
  const firstZero = intTokens.findIndex((t) => t.kind === 'zero');
  const minInt = firstZero < 0 ? 0 : intTokens.slice(firstZero).filter(isDigit).length;

  const fixed = scaled.toFixed(Math.min(maxFrac, 100));
  const dot = fixed.indexOf('.');
  let intDigits = dot < 0 ? fixed : fixed.slice(0, dot);
  let frac = dot < 0 ? '' : fixed.slice(dot + 1);
  if (intDigits === '0') intDigits = '';
  intDigits = intDigits.padStart(minInt, '0');
  while (frac.length > minFrac && frac.endsWith('0')) frac = frac.slice(0, -1);

  let intText: string;
  if (grouping || firstIntDigit < 0) {
    const grouped = grouping ? group(intDigits) : intDigits;
    intText = '';
    let placed = false;
    for (const t of intTokens) {
      if (isDigit(t)) {
        if (!placed) intText += grouped;
        placed = true;
      } else if (t.kind === 'literal' || t.kind === 'percent') intText += t.kind === 'percent' ? '%' : t.text;
    }
    if (!placed) intText += grouped;
  } else {
    // Fill placeholders right to left; digits left over go where the leftmost placeholder is.
    const parts: string[] = [];
    let d = intDigits.length - 1;
    for (let i = intTokens.length - 1; i >= 0; i--) {
      const t = intTokens[i]!;
      if (isDigit(t)) {
        let chunk = d >= 0 ? intDigits[d--]! : '';
        if (i === firstIntDigit && d >= 0) {
          chunk = intDigits.slice(0, d + 1) + chunk;
          d = -1;
        }
        parts.push(chunk);
      } else if (t.kind === 'literal') parts.push(t.text);
      else if (t.kind === 'percent') parts.push('%');
    }
    intText = parts.reverse().join('');
  }

  let fracText = '';
  let f = 0;
  for (const t of fracTokens) {
    if (isDigit(t)) fracText += f < frac.length ? frac[f++] : '';
    else if (t.kind === 'literal') fracText += t.text;
    else if (t.kind === 'percent') fracText += '%';
  }
  const text = frac.length > 0 ? `${intText}.${fracText}` : `${intText}${fracText}`;
  return negativeSign && /[1-9]/.test(text) ? `-${text}` : text;
}
