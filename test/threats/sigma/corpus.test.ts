import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ThreatEvent } from '../../../src/threats/event.ts';
import {
  compileRules,
  formatSigmaError,
  loadSigmaRules,
  parseSigmaYaml,
} from '../../../src/threats/sigma/index.ts';

/** SigmaHQ's rules and the Sigma specification, as copied into the shared corpus (see SOURCE.md there). */
const SIGMA = fileURLToPath(new URL('../../../../shared/corpora/sigma/', import.meta.url));
const present = existsSync(SIGMA);
if (!present) console.log(`skipping the SigmaHQ corpus tests: ${SIGMA} is absent`);

describe.skipIf(!present)('SigmaHQ rules (shared corpus)', () => {
  it('loads every Linux rule and compiles at least 95% of them', () => {
    const { rules, errors } = loadSigmaRules([`${SIGMA}rules/linux`]);
    expect(errors.map(formatSigmaError)).toEqual([]);
    const detector = compileRules(rules);
    const compiled = detector.rules.length;
    console.log(`SigmaHQ linux: ${compiled} of ${rules.length} rules compile`);
    for (const e of detector.errors) console.log(`  not compiled: ${formatSigmaError(e)}`);
    expect(rules.length).toBeGreaterThanOrEqual(200);
    expect(compiled / rules.length).toBeGreaterThanOrEqual(0.95);
    // Whatever does not compile must say why in terms of a Sigma feature, not crash.
    for (const e of detector.errors) expect(e.kind).toBe('unsupported');
    // Every Linux logsource in the corpus reaches a dataset.
    expect(detector.unrouted).toEqual([]);
  });

  it('the rule index changes no result over real and keyword-bearing log lines', () => {
    const { rules } = loadSigmaRules([`${SIGMA}rules/linux`]);
    const logs = fileURLToPath(new URL('../../../../shared/corpora/logs/', import.meta.url));
    const events: ThreatEvent[] = [];
    for (const [file, dataset] of [
      ['loghub-linux/Linux_2k.log', 'linux.syslog'],
      ['loghub-openssh/OpenSSH_2k.log', 'linux.auth'],
    ] as const) {
      if (!existsSync(logs + file)) continue;
      readFileSync(logs + file, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
        .forEach((line, i) => {
          // Just enough of a syslog parse for routing: the program tag before `[pid]:` or `:`.
          const program = /^\S+ +\d+ [\d:]+ \S+ ([^\s:[]+)/.exec(line)?.[1];
          events.push({
            '@timestamp': '2024-01-01T00:00:00Z',
            'event.dataset': dataset,
            'log.original': line,
            'log.file.path': file,
            'log.file.line': i + 1,
            ...(program ? { 'process.name': program } : {}),
            message: line.replace(/^.*?: /, ''),
          });
        });
    }
    // Real logs rarely trip these rules: add lines carrying each keyword the rules search for.
    for (const rule of rules) {
      if (rule.kind !== 'rule') continue;
      for (const value of Object.values(rule.detection)) {
        if (!Array.isArray(value)) continue;
        for (const kw of value) {
          if (typeof kw !== 'string') continue;
          const text = kw.replace(/[*?]/g, 'x');
          for (const dataset of ['linux.auth', 'linux.syslog'] as const) {
            events.push({
              '@timestamp': '2024-01-01T00:00:00Z',
              'event.dataset': dataset,
              'log.original': `Jan  1 00:00:00 host sshd[1]: ${text}`,
              'log.file.path': 'synthetic',
              'log.file.line': events.length + 1,
              'process.name': 'sshd',
              message: text,
            });
          }
        }
      }
    }
    const ids = (d: ReturnType<typeof compileRules>) =>
      events.map((e) =>
        d
          .process(e)
          .map((m) => m.ruleId)
          .sort(),
      );
    const indexed = ids(compileRules(rules));
    expect(indexed).toEqual(ids(compileRules(rules, undefined, { prefilter: false })));
    const matches = indexed.flat().length;
    console.log(
      `SigmaHQ linux over ${events.length} log lines (loghub and keyword lines): ${matches} matches`,
    );
    expect(matches).toBeGreaterThan(100);
  });

  it('compiles the Windows Security rules (reported, not required)', () => {
    const { rules, errors } = loadSigmaRules([`${SIGMA}rules/windows`]);
    const detector = compileRules(rules);
    console.log(
      `SigmaHQ windows: ${detector.rules.length} of ${rules.length} rules compile, ${errors.length} load errors`,
    );
    for (const e of [...errors, ...detector.errors]) console.log(`  not compiled: ${formatSigmaError(e)}`);
    expect(errors).toEqual([]);
  });

  it('matches the upstream regression sample (4648 explicit-credential local logon, fieldref filter)', () => {
    const dir = `${SIGMA}regression_data/rules/windows/builtin/security/win_security_explicit_credential_local_logon/`;
    const json = readdirSync(dir).find((f) => f.endsWith('.json'))!;
    const info = readFileSync(`${dir}info.yml`, 'utf8');
    const x = JSON.parse(readFileSync(`${dir}${json}`, 'utf8')).Event;
    const ev: ThreatEvent = {
      '@timestamp': x.System.TimeCreated['#attributes'].SystemTime,
      'event.dataset': 'windows.security',
      'log.original': JSON.stringify(x),
      'log.file.path': json,
      'log.file.line': 1,
      'event.code': String(x.System.EventID),
      'winlog.channel': x.System.Channel,
      'winlog.provider_name': x.System.Provider['#attributes'].Name,
      'host.name': x.System.Computer,
    };
    // As the Windows parser does: EventData by name, '-' meaning absent.
    for (const [k, v] of Object.entries(x.EventData)) if (v !== '-') ev[`winlog.event_data.${k}`] = String(v);
    const { rules } = loadSigmaRules([`${SIGMA}rules/windows`]);
    const d = compileRules(rules);
    const matched = d.process(ev).filter((m) => m.ruleId === 'e3c6d245-7b8f-4e2a-c17f-a9d0e5b38f62');
    expect(info).toContain('match_count: 1');
    expect(matched).toHaveLength(1);
    // The fieldref filter: the same user on both sides is not suspicious.
    const same = { ...ev, 'winlog.event_data.TargetUserName': 'XODIH' };
    expect(d.process(same).filter((m) => m.ruleId === 'e3c6d245-7b8f-4e2a-c17f-a9d0e5b38f62')).toEqual([]);
  });
});

describe.skipIf(!present)("the Sigma specification's own examples (shared corpus)", () => {
  it('every complete rule, correlation or filter in its YAML examples loads', () => {
    const dir = `${SIGMA}spec/specification/`;
    let complete = 0;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.md'))) {
      const blocks = [...readFileSync(dir + file, 'utf8').matchAll(/```ya?ml\n([\s\S]*?)```/g)].map(
        (m) => m[1]!,
      );
      for (const [i, block] of blocks.entries()) {
        // Many blocks are fragments (a `detection:` alone, a correlation showing only its `rules:`); only
        // whole documents are checked.
        const docs = block
          .split(/^---$/m)
          .filter(
            (d) =>
              /^title:/m.test(d) &&
              (/^(detection|filter):/m.test(d) || /^correlation:[\s\S]*^\s+type:/m.test(d)),
          );
        for (const doc of docs) {
          complete++;
          const { errors } = parseSigmaYaml(doc, `${file}#${i}`);
          expect(errors.map(formatSigmaError)).toEqual([]);
        }
      }
    }
    expect(complete).toBeGreaterThanOrEqual(10);
  });
});
