import { relative } from 'node:path';
import { BUILTIN_RULES_DIR, loadBuiltinRules } from '../../../../src/threats/rules/index.ts';
import type { SigmaDocument } from '../../../../src/threats/sigma/index.ts';
import { CLOUD_CASES } from './cloud.ts';
import { CORRELATION_CASES } from './correlations.ts';
import { LINUX_CASES } from './linux.ts';
import type { RuleCase } from './types.ts';
import { WINDOWS_CASES } from './windows.ts';

export type { RuleCase } from './types.ts';

export const CASES: RuleCase[] = [...LINUX_CASES, ...WINDOWS_CASES, ...CORRELATION_CASES, ...CLOUD_CASES];

/** A rule's file, relative to the pack (`linux/reverse-shell.yml`), with `/` separators. */
export function fileOf(doc: SigmaDocument): string {
  return relative(BUILTIN_RULES_DIR, doc.source.file).split('\\').join('/');
}

/** Rules reported as alerts: the building blocks that only feed correlations are tested through them. */
export function reportedRules(docs: SigmaDocument[] = loadBuiltinRules()): SigmaDocument[] {
  const referenced = new Set<string>();
  for (const d of docs) {
    if (d.kind === 'correlation' && !d.correlation.generate)
      for (const r of d.correlation.rules) referenced.add(r);
  }
  return docs.filter((d) => !referenced.has(d.name ?? '') && !referenced.has(d.id ?? ''));
}

/** The rule a case is about; throws when the case names no rule or an ambiguous one. */
export function ruleOfCase(c: RuleCase, docs: SigmaDocument[]): SigmaDocument {
  const inFile = reportedRules(docs).filter((d) => fileOf(d) === c.rule);
  const found = c.title === undefined ? inFile : inFile.filter((d) => d.title === c.title);
  if (found.length !== 1) {
    throw new Error(`case ${c.rule}${c.title ? ` / ${c.title}` : ''} matches ${found.length} reported rules`);
  }
  return found[0]!;
}
