import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PolicyDefinition, PolicySetDefinition } from '../../src/policy/definition.ts';
import type { PolicyResult } from '../../src/policy/evaluate.ts';
import { loadPolicyFiles } from '../../src/policy/load.ts';
import { scan } from '../../src/posture/scan.ts';
import { loadSnapshots } from '../../src/sources/snapshot/load.ts';

/*
 * Microsoft's MCSB initiative over a one-subscription Resource Graph export (`resources | union
 * resourcecontainers | union securityresources | union recoveryservicesresources`), as ARG returns it
 * (lower-cased types, often lower-cased ids) and as ARM spells the same resources. Azure Policy compares
 * types and ids case-insensitively, so every definition must give the same verdict on each spelling
 * (https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-policy-rule), and an
 * auditIfNotExists lookup finds its related resource whatever the casing of either id
 * (https://learn.microsoft.com/azure/governance/policy/concepts/effect-audit-if-not-exists).
 */
const CORPUS = fileURLToPath(new URL('../../../shared/corpora/azure-policy/', import.meta.url));
const EXPORT = fileURLToPath(
  new URL('../fixtures/benchmark/arg-export-one-subscription.json', import.meta.url),
);
const present = existsSync(CORPUS);
if (!present)
  console.warn(
    `ARG export initiative test skipped: ${CORPUS} is absent (it ships beside the repo as ../shared)`,
  );

type Row = Record<string, unknown> & { id: string; type: string; name: string; properties: unknown };
interface Export {
  data: Row[];
}

const ASSESSMENTS = 'microsoft.security/assessments';
const MANAGEMENT_PORTS_KEY = 'bc303248-3d14-44c2-96a0-55f5c326b5fe';
const VM_WEB = 'vm-web-01';

/** The ARM spelling of a type, read off the resource's own (ARM-cased) id. */
function armType(id: string): string {
  const segments = id.split('/');
  let providers = -1;
  segments.forEach((s, i) => {
    if (s.toLowerCase() === 'providers') providers = i;
  });
  if (providers < 0)
    return segments.length === 3
      ? 'Microsoft.Resources/subscriptions'
      : 'Microsoft.Resources/subscriptions/resourceGroups';
  const rest = segments.slice(providers + 2).filter((_, i) => i % 2 === 0);
  return [segments[providers + 1], ...rest].join('/');
}

const ARM_SEGMENTS: Record<string, string> = {
  resourcegroups: 'resourceGroups',
  'microsoft.compute': 'Microsoft.Compute',
  virtualmachines: 'virtualMachines',
};
const armId = (id: string) =>
  id
    .split('/')
    .map((s) => ARM_SEGMENTS[s] ?? s)
    .join('/');

/** Every string that is a resource id, anywhere in a value, rewritten. */
function mapIds(value: unknown, f: (id: string) => string): unknown {
  if (typeof value === 'string') return value.toLowerCase().startsWith('/subscriptions/') ? f(value) : value;
  if (Array.isArray(value)) return value.map((v) => mapIds(v, f));
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapIds(v, f)]));
  return value;
}

const SPELLINGS: Record<string, (row: Row) => Row> = {
  'as Resource Graph returns it': (row) => row,
  'with ARM casing': (row) => {
    const id = armId(row.id);
    return { ...row, id, type: armType(id), properties: mapIds(row.properties, armId) };
  },
  'all lower-cased': (row) => ({
    ...row,
    id: row.id.toLowerCase(),
    type: row.type.toLowerCase(),
    properties: mapIds(row.properties, (id) => id.toLowerCase()),
  }),
  "VMs lower-cased, Defender's assessments ARM-cased": (row) =>
    row.type.toLowerCase() === ASSESSMENTS
      ? { ...row, id: armId(row.id), type: 'Microsoft.Security/assessments' }
      : { ...row, id: row.id.toLowerCase() },
  "Defender's assessments upper-cased": (row) =>
    row.type.toLowerCase() === ASSESSMENTS
      ? { ...row, id: row.id.toUpperCase(), name: row.name.toUpperCase() }
      : row,
};

/**
 * The export plus Defender's own verdict on the one key Vigil also publishes for vm-web-01 (management
 * ports, which Vigil finds open): Defender says Healthy, and Defender's answer is the one Azure reads.
 */
function withDefenderVerdict(rows: Row[]): Row[] {
  const template = rows.find((r) => r.type === ASSESSMENTS)!;
  const id = template.id.replace(/[0-9a-f-]{36}$/, MANAGEMENT_PORTS_KEY);
  const properties = template.properties as Record<string, unknown>;
  return [
    ...rows,
    {
      ...template,
      id,
      name: MANAGEMENT_PORTS_KEY,
      properties: { ...properties, status: { code: 'Healthy' } },
    },
  ];
}

async function run(
  rows: Row[],
  definitions: PolicyDefinition[],
  initiatives: PolicySetDefinition[],
): Promise<PolicyResult[]> {
  const text = JSON.stringify({ count: rows.length, data: rows });
  const snapshot = await loadSnapshots(['-'], {
    stdin: (async function* () {
      yield Buffer.from(text);
    })(),
  });
  expect(snapshot.errors).toEqual([]);
  const report = scan(snapshot.inventory, {
    now: new Date('2026-11-29T00:00:00Z'),
    initiative: { definitions, initiatives },
  });
  expect(report.initiative?.errors).toEqual([]);
  return report.initiative!.results;
}

const verdicts = (results: PolicyResult[]) =>
  new Map(
    results.map((r) => [`${r.policyDefinitionReferenceId} ${r.resourceId.toLowerCase()}`, r.compliance]),
  );

describe.skipIf(!present)(
  "Microsoft's MCSB initiative over a Resource Graph export, however it is cased",
  () => {
    const source = JSON.parse(readFileSync(EXPORT, 'utf8')) as Export;
    const rows = withDefenderVerdict(source.data);
    const results = new Map<string, PolicyResult[]>();

    beforeAll(async () => {
      const sets = await loadPolicyFiles([`${CORPUS}initiatives/MCSBv2.json`]);
      const { definitions } = await loadPolicyFiles([`${CORPUS}definitions`]);
      for (const [name, spell] of Object.entries(SPELLINGS))
        results.set(name, await run(rows.map(spell), definitions, sets.initiatives));
    }, 60_000);

    it.each(Object.keys(SPELLINGS).slice(1))('gives every definition the same verdict %s', (name) => {
      const base = verdicts(results.get('as Resource Graph returns it')!);
      expect(base.size).toBeGreaterThan(50);
      expect(verdicts(results.get(name)!)).toEqual(base);
    });

    it.each(Object.keys(SPELLINGS))("reads Defender's own assessment over Vigil's %s", (name) => {
      const ports = results
        .get(name)!
        .filter(
          (r) =>
            r.policyDefinitionReferenceId === 'restrictAccessToManagementPortsMonitoring' &&
            r.resourceId.toLowerCase().endsWith(`/${VM_WEB}`),
        );
      expect(ports).toHaveLength(1);
      expect(ports[0]!.compliance).toBe('compliant');
      // Only Defender's assessment is there to read: Vigil published none beside it.
      expect(ports[0]!.related?.resources).toHaveLength(1);
    });

    it.each(Object.keys(SPELLINGS))("finds Vigil's assessments on a VM whose id is spelled %s", (name) => {
      // vm-app-01 has no Defender assessment for management ports: Vigil's (unhealthy) one is read.
      const ports = results
        .get(name)!
        .filter(
          (r) =>
            r.policyDefinitionReferenceId === 'restrictAccessToManagementPortsMonitoring' &&
            r.resourceId.toLowerCase().endsWith('/vm-app-01'),
        );
      expect(ports.map((r) => r.compliance)).toEqual(['nonCompliant']);
      expect(ports[0]!.reasons[0]?.actual).toBe('Unhealthy');
    });

    it('judges a vault listed by both resources and recoveryservicesresources once per definition', () => {
      const vault = results
        .get('as Resource Graph returns it')!
        .filter((r) => r.resourceId.toLowerCase().endsWith('/vaults/rsv-prod'));
      const references = vault.map((r) => r.policyDefinitionReferenceId);
      expect(references.length).toBeGreaterThan(0);
      expect(new Set(references).size).toBe(references.length);
    });
  },
);
