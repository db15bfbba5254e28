import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  ATTACK_ATTRIBUTION,
  ATTACK_VERSION,
  attackTechnique,
  resolveAttackTags,
  TACTICS,
  tacticById,
  tacticByShortname,
} from '../../../src/threats/attack/index.ts';

describe('ATT&CK lookup', () => {
  it('lists the 14 Enterprise tactics of v18.1 in kill-chain order', () => {
    expect(ATTACK_VERSION).toBe('18.1');
    expect(TACTICS.map((t) => t.id)).toEqual([
      'TA0043',
      'TA0042',
      'TA0001',
      'TA0002',
      'TA0003',
      'TA0004',
      'TA0005',
      'TA0006',
      'TA0007',
      'TA0008',
      'TA0009',
      'TA0011',
      'TA0010',
      'TA0040',
    ]);
    expect(TACTICS.map((t) => t.order)).toEqual([...TACTICS.keys()]);
    expect(tacticByShortname('credential-access')?.name).toBe('Credential Access');
    expect(tacticById('ta0011')?.name).toBe('Command and Control');
  });

  it.each([
    ['T1110', 'Brute Force', ['credential-access'], false],
    ['T1110.001', 'Password Guessing', ['credential-access'], true],
    ['t1059.004', 'Unix Shell', ['execution'], true],
    [
      'T1078',
      'Valid Accounts',
      ['defense-evasion', 'persistence', 'privilege-escalation', 'initial-access'],
      false,
    ],
    ['T1496.001', 'Compute Hijacking', ['impact'], true],
  ])('technique %s is %s', (id, name, tactics, sub) => {
    const t = attackTechnique(id)!;
    expect(t.name).toBe(name);
    expect([...t.tactics].sort()).toEqual([...tactics].sort());
    expect(t.subtechnique).toBe(sub);
  });

  it('keeps deprecated and revoked techniques so that old tags resolve', () => {
    expect(attackTechnique('T1002')).toMatchObject({ name: 'Data Compressed', deprecated: true });
  });

  it('carries MITRE copyright designation, as the ATT&CK licence requires of copies', () => {
    expect(ATTACK_ATTRIBUTION).toBe(
      '© 2025 The MITRE Corporation. This work is reproduced and distributed with the permission of The MITRE Corporation.',
    );
  });
});

describe('resolveAttackTags', () => {
  it('resolves Sigma tactic tags (either separator) and technique tags, tactics in kill-chain order', () => {
    const r = resolveAttackTags([
      'attack.command_and_control',
      'attack.execution',
      'attack.T1059.004',
      'attack.t1071',
      'attack.t1059.004', // repeated
      'attack.credential-access',
      'cve.2021-44228',
    ]);
    expect(r.tactics.map((t) => t.name)).toEqual(['Execution', 'Credential Access', 'Command and Control']);
    expect(r.techniques).toEqual([
      { id: 'T1059.004', name: 'Unix Shell' },
      { id: 'T1071', name: 'Application Layer Protocol' },
    ]);
    expect(r.unknown).toEqual([]);
  });

  it("gives a rule that tags only techniques its techniques' tactics", () => {
    expect(resolveAttackTags(['attack.t1110.001']).tactics.map((t) => t.id)).toEqual(['TA0006']);
  });

  it('maps the ATT&CK v19 tactics that split Defense Evasion onto it', () => {
    expect(
      resolveAttackTags(['attack.stealth', 'attack.defense_impairment']).tactics.map((t) => t.id),
    ).toEqual(['TA0005']);
  });

  it('ignores group and software tags, and reports tags it does not know', () => {
    const r = resolveAttackTags(['attack.g0016', 'attack.s0002', 'attack.t9999', 'attack.lateral-moves']);
    expect(r.tactics).toEqual([]);
    expect(r.techniques).toEqual([{ id: 'T9999' }]);
    expect(r.unknown).toEqual(['attack.t9999', 'attack.lateral-moves']);
  });
});

const CORPUS = fileURLToPath(new URL('../../../../shared/corpora/attack/', import.meta.url));
const hasCorpus = existsSync(CORPUS);
if (!hasCorpus) console.log(`skipping the ATT&CK table check against its source: ${CORPUS} is absent`);

describe.skipIf(!hasCorpus)('the generated table', () => {
  it('holds every technique of the source CSV, as scripts/build-attack.ts reads it', () => {
    const rows = readFileSync(`${CORPUS}enterprise-techniques-v18.1.csv`, 'utf8').trim().split('\n').slice(1);
    expect(rows.length).toBe(835);
    for (const row of rows) {
      const [id, name] = row.split(',');
      expect(attackTechnique(id!)?.name).toBe(name);
    }
  });
});
