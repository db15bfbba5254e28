/**
 * A Sigma string value: literal text with the wildcards `*` (any run) and `?` (one character), after the
 * spec's escape rules (sigma-rules-specification.md, "Escape Character"): a backslash escapes `*`, `?` and
 * itself; before any other character it is a plain backslash. So `C:\Windows` and `C:\\Windows` are the same
 * value, `\*` is a literal star, `\\*` a backslash then a wildcard.
 */

export const STAR = Symbol('*');
export const ONE = Symbol('?');
export type Wildcard = typeof STAR | typeof ONE;
export type SigmaPart = string | Wildcard;

export interface SigmaString {
  /** Adjacent literals are merged; no empty literals. */
  parts: SigmaPart[];
  /** Literals hold bytes (code units 0–255) produced by a utf16 modifier, not text. */
  binary: boolean;
}

/** A `%name%` placeholder, only recognised under the `expand` modifier. */
export interface Placeholder {
  placeholder: string;
}

export function parseSigmaString(raw: string): SigmaString {
  return { parts: parseParts(raw, false) as SigmaPart[], binary: false };
}

/** Parses with placeholders recognised (`\%` is a literal percent sign). */
export function parseWithPlaceholders(raw: string): (SigmaPart | Placeholder)[] {
  return parseParts(raw, true);
}

function parseParts(raw: string, placeholders: boolean): (SigmaPart | Placeholder)[] {
  const parts: (SigmaPart | Placeholder)[] = [];
  let lit = '';
  const flush = () => {
    if (lit !== '') parts.push(lit);
    lit = '';
  };
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    const next = raw[i + 1];
    if (c === '\\' && (next === '*' || next === '?' || next === '\\' || (placeholders && next === '%'))) {
      lit += next;
      i++;
    } else if (c === '*' || c === '?') {
      flush();
      parts.push(c === '*' ? STAR : ONE);
    } else if (placeholders && c === '%') {
      const end = raw.indexOf('%', i + 1);
      if (end > i + 1) {
        flush();
        parts.push({ placeholder: raw.slice(i + 1, end) });
        i = end;
      } else lit += c;
    } else lit += c;
  }
  flush();
  return parts;
}

export function fromParts(parts: SigmaPart[], binary = false): SigmaString {
  const merged: SigmaPart[] = [];
  for (const p of parts) {
    if (p === '') continue;
    const last = merged[merged.length - 1];
    if (typeof p === 'string' && typeof last === 'string') merged[merged.length - 1] = last + p;
    else if (p === STAR && last === STAR) continue;
    else merged.push(p);
  }
  return { parts: merged, binary };
}

export function literal(text: string): SigmaString {
  return fromParts([text]);
}

/** The text if the value has no wildcards, else null. */
export function plainText(s: SigmaString): string | null {
  let out = '';
  for (const p of s.parts) {
    if (typeof p !== 'string') return null;
    out += p;
  }
  return out;
}

export function withLeadingStar(s: SigmaString): SigmaString {
  return s.parts[0] === STAR ? s : fromParts([STAR, ...s.parts], s.binary);
}

export function withTrailingStar(s: SigmaString): SigmaString {
  return s.parts[s.parts.length - 1] === STAR ? s : fromParts([...s.parts, STAR], s.binary);
}

/** Maps every literal through `f`, keeping wildcards. */
export function mapLiterals(s: SigmaString, f: (text: string) => string, binary = s.binary): SigmaString {
  return fromParts(
    s.parts.map((p) => (typeof p === 'string' ? f(p) : p)),
    binary,
  );
}

/** Back to Sigma source form, for messages and match explanations. */
export function toSource(s: SigmaString): string {
  return s.parts
    .map((p) => (p === STAR ? '*' : p === ONE ? '?' : p.replace(/[\\*?]/g, (c) => `\\${c}`)))
    .join('');
}
