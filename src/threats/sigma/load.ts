import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseAllDocuments,
} from 'yaml';
import { compareText } from '../../util/compare-text.ts';
import { readDocument } from './read-document.ts';
import type { DetectionValue, SigmaDocument, SigmaError } from './types.ts';

/**
 * Loading Sigma YAML: files and directories (recursively, `.yml`/`.yaml`, in name order), each file possibly
 * holding several documents (`---`), as correlation rules often do. Nothing here throws for bad input: each
 * problem comes back as a SigmaError naming the file, the line and the YAML path, and the other documents
 * still load.
 */
export interface LoadResult {
  rules: SigmaDocument[];
  errors: SigmaError[];
}

export function loadSigmaRules(paths: readonly string[]): LoadResult {
  const result: LoadResult = { rules: [], errors: [] };
  for (const path of paths) {
    for (const file of ruleFiles(path, result.errors)) {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (e) {
        result.errors.push({ kind: 'io', file, message: `cannot read: ${(e as Error).message}` });
        continue;
      }
      const parsed = parseSigmaYaml(text, file);
      result.rules.push(...parsed.rules);
      result.errors.push(...parsed.errors);
    }
  }
  return result;
}

function ruleFiles(path: string, errors: SigmaError[]): string[] {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(path);
  } catch (e) {
    errors.push({ kind: 'io', file: path, message: `cannot read: ${(e as Error).message}` });
    return [];
  }
  if (!stat.isDirectory()) return [path];
  const out: string[] = [];
  const entries = readdirSync(path, { withFileTypes: true }).sort((a, b) => compareText(a.name, b.name));
  for (const entry of entries) {
    const full = join(path, entry.name);
    if (entry.isDirectory()) out.push(...ruleFiles(full, errors));
    else if (/\.ya?ml$/i.test(entry.name)) out.push(full);
  }
  return out;
}

/** Parses one file's text; `file` is only used to label results and errors. */
export function parseSigmaYaml(text: string, file: string): LoadResult {
  const result: LoadResult = { rules: [], errors: [] };
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  // An empty stream is an empty array: nothing to load, and nothing wrong.
  docs.forEach((doc, index) => {
    const line = (offset: number) => lineCounter.linePos(offset).line;
    if (doc.errors.length > 0) {
      for (const err of doc.errors) {
        result.errors.push({ kind: 'yaml', file, line: line(err.pos[0]), message: err.message });
      }
      return;
    }
    // An empty document, e.g. after a trailing `---`, holds nothing to load.
    if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) return;
    const source = {
      file,
      line: line(doc.contents.range?.[0] ?? 0),
      document: index,
      lineOf: (path: readonly (string | number)[]) => lineOfPath(doc, path, line),
    };
    const value = toPlain(doc.contents, doc);
    const read = readDocument(value, source);
    if ('error' in read) result.errors.push(read.error);
    else result.rules.push(read.document);
  });
  return result;
}

/** Like `doc.toJS()`, but keeps the source text of numbers written in a non-canonical form. */
function toPlain(node: unknown, doc: Document): DetectionValue {
  if (isAlias(node)) return toPlain(node.resolve(doc), doc);
  if (isMap(node)) {
    const out: Record<string, DetectionValue> = {};
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? pair.key.value : pair.key;
      out[key === null || key === undefined ? '' : String(key)] = toPlain(pair.value, doc);
    }
    return out;
  }
  if (isSeq(node)) return node.items.map((item) => toPlain(item, doc));
  if (isScalar(node)) {
    const v = node.value;
    if (typeof v === 'number') {
      return node.source !== undefined && node.source !== String(v) && node.type === 'PLAIN'
        ? node.source
        : v;
    }
    if (typeof v === 'string' || typeof v === 'boolean' || v === null) return v;
    return String(v);
  }
  return null;
}

function lineOfPath(
  doc: Document,
  path: readonly (string | number)[],
  line: (offset: number) => number,
): number {
  let node: unknown = doc.contents;
  let best = (doc.contents as Node | null)?.range?.[0] ?? 0;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === String(seg));
      if (!pair) break;
      const keyRange = (pair.key as Node | null)?.range;
      if (keyRange) best = keyRange[0];
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
      const r = (node as Node | null)?.range;
      if (r) best = r[0];
    } else break;
  }
  return line(best);
}
