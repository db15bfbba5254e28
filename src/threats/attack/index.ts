import { ATTACK_ATTRIBUTION, ATTACK_VERSION, TACTIC_ROWS, TECHNIQUE_ROWS } from './enterprise-v18.1.ts';

/**
 * MITRE ATT&CK® Enterprise (the version in ATTACK_VERSION; data and licence in enterprise-v18.1.ts): what
 * alerts resolve their Sigma tags against. Sigma tags a tactic by its shortname with `_` or `-`
 * (`attack.credential_access`, `attack.credential-access`) and a technique by its id (`attack.t1110.001`);
 * group and software tags (`attack.g0016`, `attack.s0002`) name no tactic or technique and are ignored.
 */

export { ATTACK_ATTRIBUTION, ATTACK_VERSION };

export interface AttackTactic {
  id: string;
  shortname: string;
  name: string;
  /** Position in the kill chain (the matrix order), from 0 for Reconnaissance. */
  order: number;
}

export interface AttackTechnique {
  id: string;
  name: string;
  /** Tactic shortnames, in matrix order. */
  tactics: readonly string[];
  subtechnique: boolean;
  /** Deprecated or revoked in this version: kept so that older rules' tags still resolve. */
  deprecated: boolean;
}

/** A rule's tags resolved: tactics in kill-chain order, techniques in tag order, and tags that name neither. */
export interface ResolvedAttack {
  tactics: AttackTactic[];
  /** A technique the table does not know keeps its id, with no name. */
  techniques: { id: string; name?: string }[];
  unknown: string[];
}

const rows = (text: string): string[][] =>
  text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split('|'));

export const TACTICS: readonly AttackTactic[] = rows(TACTIC_ROWS).map(([id, shortname, name], order) => ({
  id: id!,
  shortname: shortname!,
  name: name!,
  order,
}));

const TECHNIQUES = new Map<string, AttackTechnique>(
  rows(TECHNIQUE_ROWS).map(([id, name, tactics, sub, deprecated]) => [
    id!,
    {
      id: id!,
      name: name!,
      tactics: tactics!.split(';'),
      subtechnique: sub === 'true',
      deprecated: deprecated === 'true',
    },
  ]),
);

const BY_SHORTNAME = new Map(TACTICS.map((t) => [t.shortname, t]));
const BY_ID = new Map(TACTICS.map((t) => [t.id, t]));

// ATT&CK v19 split Defense Evasion (TA0005) into Stealth and Defense Impairment; rules written for v19 tag
// those, and in this version both are Defense Evasion.
const DEFENSE_EVASION = BY_SHORTNAME.get('defense-evasion')!;
const LATER_TACTICS = new Map([
  ['stealth', DEFENSE_EVASION],
  ['defense-impairment', DEFENSE_EVASION],
]);

export function tacticByShortname(shortname: string): AttackTactic | undefined {
  return BY_SHORTNAME.get(shortname);
}

export function tacticById(id: string): AttackTactic | undefined {
  return BY_ID.get(id.toUpperCase());
}

export function attackTechnique(id: string): AttackTechnique | undefined {
  return TECHNIQUES.get(id.toUpperCase());
}

/**
 * Resolves Sigma `attack.*` tags. Tactics come from the tactic tags; a rule that tags only techniques gets
 * its techniques' tactics, so that every alert has a place in the kill chain when its techniques do.
 */
export function resolveAttackTags(tags: readonly string[]): ResolvedAttack {
  const tactics = new Map<string, AttackTactic>();
  const techniques: ResolvedAttack['techniques'] = [];
  const unknown: string[] = [];
  for (const tag of tags) {
    const lower = tag.toLowerCase();
    if (!lower.startsWith('attack.')) continue;
    const name = lower.slice('attack.'.length);
    if (isTechniqueId(name)) {
      const technique = TECHNIQUES.get(name.toUpperCase());
      if (techniques.some((t) => t.id === name.toUpperCase())) continue;
      techniques.push(technique ? { id: technique.id, name: technique.name } : { id: name.toUpperCase() });
      if (!technique) unknown.push(tag);
      continue;
    }
    if (isOtherObjectId(name)) continue;
    const shortname = name.replaceAll('_', '-');
    const tactic = BY_SHORTNAME.get(shortname) ?? LATER_TACTICS.get(shortname);
    if (tactic) tactics.set(tactic.id, tactic);
    else unknown.push(tag);
  }
  if (tactics.size === 0) {
    for (const { id } of techniques) {
      for (const shortname of TECHNIQUES.get(id)?.tactics ?? []) {
        const tactic = BY_SHORTNAME.get(shortname)!;
        tactics.set(tactic.id, tactic);
      }
    }
  }
  return { tactics: [...tactics.values()].sort((a, b) => a.order - b.order), techniques, unknown };
}

/** `t1110` or `t1110.001`. */
function isTechniqueId(name: string): boolean {
  if (name.length !== 5 && name.length !== 9) return false;
  if (name[0] !== 't' || !isDigits(name, 1, 5)) return false;
  return name.length === 5 || (name[5] === '.' && isDigits(name, 6, 9));
}

/** Groups (`g0016`), software (`s0002`), campaigns (`c0001`), data sources, mitigations: not tactics. */
function isOtherObjectId(name: string): boolean {
  return name.length === 5 && 'gscdm'.includes(name[0]!) && isDigits(name, 1, 5);
}

function isDigits(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}
