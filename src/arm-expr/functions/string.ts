import {
  expectArray,
  expectInteger,
  expectString,
  optionalInteger,
  optionalString,
  typeError,
  valueError,
} from '../args.ts';
import { FormatError, formatComposite } from '../dotnet-format.ts';
import type { ArmFunction } from '../functions.ts';
import { armGuid } from '../guid.ts';
import { parseLenientJson } from '../lenient-json.ts';
import { uniqueString } from '../unique-string.ts';
import { toArmString } from '../values.ts';

/** String functions (templates/template-functions-string.md). */

const utf8 = new TextDecoder('utf-8');
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Strict base64, as .NET's Convert.FromBase64String: Buffer.from would skip bad characters silently. */
function decodeBase64(fn: string, text: string): string {
  const compact = text.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) {
    throw valueError(fn, `'${text.length > 40 ? `${text.slice(0, 40)}...` : text}' is not valid base64.`);
  }
  return utf8.decode(Buffer.from(compact, 'base64'));
}

function parseJson(fn: string, text: string): unknown {
  try {
    return parseLenientJson(text);
  } catch (error) {
    throw valueError(fn, `the value is not valid JSON: ${(error as Error).message}`);
  }
}

/** .NET's Uri.EscapeDataString leaves only A-Z a-z 0-9 - _ . ~ unescaped. */
function escapeDataString(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Splits on whichever delimiter matches first at each position, in the order given, like .NET String.Split(string[]). */
function splitByAny(text: string, delimiters: readonly string[]): string[] {
  const usable = delimiters.filter((d) => d !== '');
  if (usable.length === 0) return [text];
  if (usable.length === 1) return text.split(usable[0]!);
  const parts: string[] = [];
  let start = 0;
  let i = 0;
  while (i < text.length) {
    let matched = 0;
    for (const d of usable) {
      if (text.startsWith(d, i)) {
        matched = d.length;
        break;
      }
    }
    if (matched > 0) {
      parts.push(text.slice(start, i));
      i += matched;
      start = i;
    } else {
      i++;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function removeDotSegments(path: string): string {
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '..') {
      if (out.length > 1) out.pop();
    } else if (segment !== '.') out.push(segment);
  }
  const last = path.split('/').pop();
  if (last === '.' || last === '..') out.push('');
  return out.join('/');
}

/**
 * Combines a base and a relative URI with the rules templates/template-functions-string.md#uri
 * spells out: a base ending in '/' keeps its whole path (and a leading '/' of the relative
 * part is dropped); otherwise everything after the base's last '/' is replaced.
 */
function combineUri(fullBase: string, relative: string): string {
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(relative)) return relative;
  // RFC 3986 §5.2, which the docs defer to: the base's query and fragment never take part in the
  // merge, so a '/' inside a SAS token (…/main.json?sig=a/b) is not a path separator. An empty
  // reference is the base itself, without its fragment.
  const hash = fullBase.indexOf('#');
  const withoutFragment = hash < 0 ? fullBase : fullBase.slice(0, hash);
  if (relative === '') return withoutFragment;
  if (relative.startsWith('#')) return withoutFragment + relative;
  const query = withoutFragment.indexOf('?');
  const base = query < 0 ? withoutFragment : withoutFragment.slice(0, query);
  if (relative.startsWith('?')) return base + relative;
  const authorityStart = base.indexOf('//');
  const pathStart = authorityStart < 0 ? 0 : base.indexOf('/', authorityStart + 2);
  if (pathStart < 0) return `${base}/${relative.replace(/^\/+/, '')}`;
  const origin = base.slice(0, pathStart);
  const basePath = base.slice(pathStart);
  const directory = basePath.endsWith('/') ? basePath : basePath.slice(0, basePath.lastIndexOf('/') + 1);
  return origin + removeDotSegments(directory + relative.replace(/^\/+/, ''));
}

/**
 * .NET's invariant casing maps each UTF-16 character on its own, to one character: 'ß' stays 'ß' in
 * upper case and a final 'Σ' lower-cases to 'σ', where JavaScript's full, context-sensitive mapping gives
 * 'SS' and 'ς'. So characters are mapped one by one, and one whose mapping would be longer keeps its
 * spelling — except 'İ', whose simple lower-case mapping (UnicodeData.txt) is 'i'.
 */
function invariantCase(text: string, upper: boolean): string {
  if (ASCII.test(text)) return upper ? text.toUpperCase() : text.toLowerCase();
  let out = '';
  for (const ch of text) {
    const mapped = upper ? ch.toUpperCase() : ch.toLowerCase();
    out += mapped.length === ch.length ? mapped : !upper && ch === '\u0130' ? 'i' : ch;
  }
  return out;
}

/** Printable ASCII, which both casings map alike. */
const ASCII = /^[ -~]*$/;

/** Longest result padLeft may build: Azure Policy's limit on a string returned by a function. */
const MAX_PADDED_LENGTH = 131_072;

export const stringFunctions: ArmFunction[] = [
  {
    name: 'base64',
    minArgs: 1,
    maxArgs: 1,
    pure: true,
    call: (args) => Buffer.from(expectString('base64', args, 0), 'utf8').toString('base64'),
  },
  {
    name: 'base64ToString',
    minArgs: 1,
    maxArgs: 1,
    pure: true,
    call: (args) => decodeBase64('base64ToString', expectString('base64ToString', args, 0)),
  },
  {
    name: 'base64ToJson',
    minArgs: 1,
    maxArgs: 1,
    pure: true,
    call: (args) =>
      parseJson('base64ToJson', decodeBase64('base64ToJson', expectString('base64ToJson', args, 0))),
  },
  {
    name: 'dataUri',
    minArgs: 1,
    maxArgs: 1,
    pure: true,
    call: (args) =>
      `data:text/plain;charset=utf8;base64,${Buffer.from(expectString('dataUri', args, 0), 'utf8').toString('base64')}`,
  },
  {
    name: 'dataUriToString',
    minArgs: 1,
    maxArgs: 1,
    pure: true,
    call(args) {
      const uri = expectString('dataUriToString', args, 0);
      const comma = uri.indexOf(',');
      if (!uri.toLowerCase().startsWith('data:') || comma < 0) {
        throw valueError(
          'dataUriToString',
          `'${uri}' is not a data URI (data:[<media type>][;base64],<data>).`,
        );
      }
      const data = uri.slice(comma + 1);
      if (uri.slice(0, comma).toLowerCase().endsWith(';base64')) return decodeBase64('dataUriToString', data);
      try {
        return decodeURIComponent(data);
      } catch {
        throw valueError('dataUriToString', `'${uri}' has malformed percent-encoding.`);
      }
    },
  },
  {
    name: 'endsWith',
    minArgs: 2,
    maxArgs: 2,
    pure: true,
    call: (args) =>
      expectString('endsWith', args, 0)
        .toLowerCase()
        .endsWith(expectString('endsWith', args, 1).toLowerCase()),
  },
  {
    name: 'startsWith',
    minArgs: 2,
    maxArgs: 2,
    pure: true,
    call: (args) =>
      expectString('startsWith', args, 0)
        .toLowerCase()
        .startsWith(expectString('startsWith', args, 1).toLowerCase()),
  },
  {
    name: 'format',
    minArgs: 1,
    maxArgs: Number.POSITIVE_INFINITY,
    pure: true,
    call(args) {
      const format = expectString('format', args, 0);
      try {
        return formatComposite(format, args.slice(1));
      } catch (error) {
        if (error instanceof FormatError) throw valueError('format', error.message);
        throw error;
      }
    },
  },
  {
    name: 'guid',
    minArgs: 1,
    maxArgs: Number.POSITIVE_INFINITY,
    pure: true,
    call: (args) => armGuid(args.map((_, i) => expectString('guid', args, i))),
  },
  {
    name: 'join',
    minArgs: 2,
    maxArgs: 2,
    pure: true,
    call(args) {
      const items = expectArray('join', args, 0);
      const delimiter = expectString('join', args, 1);
      return items
        .map((item) => {
          if (item === null || item === undefined || typeof item === 'object') {
            throw valueError(
              'join',
              `every element must be a string, integer or boolean; found ${JSON.stringify(item)}.`,
            );
          }
          return toArmString(item);
        })
        .join(delimiter);
    },
  },
  {
    name: 'json',
    minArgs: 1,
    maxArgs: 1,
    pure: true,
    call: (args) => parseJson('json', expectString('json', args, 0)),
  },
  {
    name: 'padLeft',
    minArgs: 2,
    maxArgs: 3,
    pure: true,
    call(args) {
      const value = args[0];
      if (typeof value !== 'string' && !(typeof value === 'number' && Number.isInteger(value))) {
        throw typeError('padLeft', 0, "'String' or 'Integer'", value);
      }
      const total = expectInteger('padLeft', args, 1);
      const pad = optionalString('padLeft', args, 2) ?? ' ';
      if (pad.length !== 1)
        throw valueError('padLeft', `the padding character must be a single character; got '${pad}'.`);
      if (total < 0 || total > MAX_PADDED_LENGTH) {
        throw valueError(
          'padLeft',
          `the total length must be between 0 and ${MAX_PADDED_LENGTH}; got ${total}.`,
        );
      }
      return String(value).padStart(total, pad);
    },
  },
  {
    name: 'replace',
    minArgs: 3,
    maxArgs: 3,
    pure: true,
    call(args) {
      const original = expectString('replace', args, 0);
      const oldValue = expectString('replace', args, 1);
      const newValue = expectString('replace', args, 2);
      if (oldValue === '') throw valueError('replace', 'the string to replace must not be empty.');
      return original.split(oldValue).join(newValue);
    },
  },
  {
    name: 'split',
    minArgs: 2,
    maxArgs: 2,
    pure: true,
    call(args) {
      const text = expectString('split', args, 0);
      const delimiter = args[1];
      if (typeof delimiter === 'string') return delimiter === '' ? [text] : text.split(delimiter);
      if (Array.isArray(delimiter)) {
        const delimiters = delimiter.map((d) => {
          if (typeof d !== 'string')
            throw valueError('split', 'every delimiter in the array must be a string.');
          return d;
        });
        return splitByAny(text, delimiters);
      }
      throw typeError('split', 1, "'String' or 'Array'", delimiter);
    },
  },
  {
    name: 'string',
    minArgs: 1,
    maxArgs: 1,
    pure: true,
    call: (args) => toArmString(args[0]),
  },
  {
    name: 'substring',
    minArgs: 1,
    maxArgs: 3,
    pure: true,
    call(args) {
      const text = expectString('substring', args, 0);
      const start = optionalInteger('substring', args, 1) ?? 0;
      const length = optionalInteger('substring', args, 2) ?? text.length - start;
      if (start < 0 || length < 0 || start + length > text.length) {
        // Message as in templates/template-functions-string.md#substring.
        throw valueError(
          'substring',
          `The index and length parameters must refer to a location within the string. The index parameter: '${start}', the length parameter: '${length}', the length of the string parameter: '${text.length}'.`,
        );
      }
      return text.slice(start, start + length);
    },
  },
  {
    name: 'toLower',
    minArgs: 1,
    maxArgs: 1,
    pure: true,
    call: (args) => invariantCase(expectString('toLower', args, 0), false),
  },
  {
    name: 'toUpper',
    minArgs: 1,
    maxArgs: 1,
    pure: true,
    call: (args) => invariantCase(expectString('toUpper', args, 0), true),
  },
  {
    name: 'trim',
    minArgs: 1,
    maxArgs: 1,
    pure: true,
    call: (args) => expectString('trim', args, 0).trim(),
  },
  {
    name: 'uniqueString',
    minArgs: 1,
    maxArgs: Number.POSITIVE_INFINITY,
    pure: true,
    call: (args) => uniqueString(args.map((_, i) => expectString('uniqueString', args, i))),
  },
  {
    name: 'uri',
    minArgs: 2,
    maxArgs: 2,
    pure: true,
    call: (args) => combineUri(expectString('uri', args, 0), expectString('uri', args, 1)),
  },
  {
    name: 'uriComponent',
    minArgs: 1,
    maxArgs: 1,
    pure: true,
    call(args) {
      try {
        return escapeDataString(expectString('uriComponent', args, 0));
      } catch (error) {
        if (error instanceof URIError)
          throw valueError('uriComponent', 'the string contains an unpaired surrogate.');
        throw error;
      }
    },
  },
  {
    name: 'uriComponentToString',
    minArgs: 1,
    maxArgs: 1,
    pure: true,
    call(args) {
      const text = expectString('uriComponentToString', args, 0);
      try {
        return decodeURIComponent(text);
      } catch {
        throw valueError('uriComponentToString', `'${text}' has malformed percent-encoding.`);
      }
    },
  },
];
