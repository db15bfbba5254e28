import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PolicyResult } from '../../src/policy/evaluate.ts';
import { runCli } from '../support/cli.ts';

const fixture = (name: string) =>
  fileURLToPath(new URL(`../fixtures/policy/assignment/${name}`, import.meta.url));

const S1 = '/subscriptions/00000000-0000-0000-0000-0000000000a1';
const DEFINITION = '/providers/Microsoft.Authorization/policyDefinitions/cli-encryption-at-host';
const INITIATIVE = '/providers/Microsoft.Authorization/policySetDefinitions/host-encryption-set';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'vigil-assignment-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** `vigil policy eval` over the fixture estate with `assignment` as --parameters; JSON results by VM name. */
async function evalAssigned(
  assignment: object,
  { initiative = false, definition = 'definition.json', definitionPath = fixture(definition) } = {},
) {
  const file = join(directory, `assignment-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(file, JSON.stringify(assignment));
  const definitions = initiative
    ? ['-d', definitionPath, '-d', fixture('initiative.json')]
    : ['-d', definitionPath];
  const { code, out, err } = await runCli([
    'policy',
    'eval',
    ...definitions,
    '-i',
    fixture('estate.json'),
    '-p',
    file,
    '--format',
    'json',
  ]);
  const results = code === 0 ? (JSON.parse(out) as PolicyResult[]) : [];
  const vms = results.map((r) =>
    [r.policyDefinitionReferenceId, r.resourceId.split('/').pop(), r.effect].filter(Boolean).join(' '),
  );
  return { code, err, vms: vms.sort() };
}

/** An assignment as `az policy assignment show` prints it (flattened). */
const az = (policyDefinitionId: string, members: object) => ({
  id: `${S1}/providers/Microsoft.Authorization/policyAssignments/host-encryption`,
  name: 'host-encryption',
  policyDefinitionId,
  scope: S1,
  notScopes: [],
  parameters: {},
  ...members,
});

describe('vigil policy eval with an assignment: what it reaches', () => {
  it('reports only resources in the assignment scope (REST shape, scope from properties)', async () => {
    const { code, vms, err } = await evalAssigned({
      id: `${S1}/resourceGroups/rg-web/providers/Microsoft.Authorization/policyAssignments/web`,
      properties: { policyDefinitionId: DEFINITION, scope: `${S1}/resourceGroups/rg-web` },
    });
    expect(code).toBe(0);
    expect(vms).toEqual(['vm-web-east Audit', 'vm-web-west Audit']);
    // The summary counts what the assignment reaches (the two VMs and the resource group itself), not
    // the whole snapshot.
    expect(err).toMatch(
      /evaluated against 3 of 5 resource\(s\), those the assignment reaches: 2 non-compliant, 0 compliant, 0 error, 1 not applicable/,
    );
  });

  it('takes the scope from the assignment id when no scope member is given', async () => {
    const { vms } = await evalAssigned({
      id: `${S1}/resourceGroups/rg-db/providers/Microsoft.Authorization/policyAssignments/db`,
      properties: { policyDefinitionId: DEFINITION },
    });
    expect(vms).toEqual(['vm-db Audit']);
  });

  it('leaves out resources in notScopes, case-insensitively', async () => {
    const { vms } = await evalAssigned(
      az(DEFINITION, { notScopes: [`${S1.toUpperCase()}/resourcegroups/RG-DB`] }),
    );
    expect(vms).toEqual(['vm-web-east Audit', 'vm-web-west Audit']);
  });

  it('places subscriptions under a management-group scope by their ancestors chain, and says when it cannot', async () => {
    const { vms, err } = await evalAssigned(
      az(DEFINITION, { scope: '/providers/Microsoft.Management/managementGroups/MG-Prod' }),
    );
    // Subscription a2 has no resourcecontainers row: evaluated as assigned, with a warning naming it.
    expect(vms).toEqual(['vm-app Audit', 'vm-db Audit', 'vm-web-east Audit', 'vm-web-west Audit']);
    expect(err).toMatch(
      /warning: .*assignment scope \/providers\/microsoft\.management\/managementgroups\/mg-prod: .*subscription 00000000-0000-0000-0000-0000000000a2.*evaluated as in scope/,
    );
  });

  it('a management group the placed subscription is not under reaches none of its resources', async () => {
    const { vms } = await evalAssigned(
      az(DEFINITION, { scope: '/providers/Microsoft.Management/managementGroups/mg-sandbox', notScopes: [] }),
    );
    expect(vms).toEqual(['vm-app Audit']);
  });

  it('narrows to what the resource selectors select (locations compared without spaces or case)', async () => {
    const { vms } = await evalAssigned(
      az(DEFINITION, {
        resourceSelectors: [{ name: 'SDP', selectors: [{ kind: 'resourceLocation', in: ['westeurope'] }] }],
      }),
    );
    expect(vms).toEqual(['vm-web-west Audit']);
  });

  it('evaluates only what it assigns, or says so when that is not loaded', async () => {
    const initiative = await evalAssigned(az(INITIATIVE, { notScopes: [`${S1}/resourceGroups/rg-web`] }), {
      initiative: true,
    });
    // The definition given with -d runs through the initiative's two references only, not on its own too.
    expect(initiative.vms).toEqual(['hostEncryption vm-db Audit', 'hostEncryptionAgain vm-db Audit']);
    const elsewhere = await evalAssigned(
      az('/providers/Microsoft.Authorization/policyDefinitions/not-loaded', {
        notScopes: [`${S1}/resourceGroups/rg-web`],
      }),
    );
    expect(elsewhere.vms).toEqual(['vm-db Audit']);
    expect(elsewhere.err).toMatch(
      /warning: .*assigns \/providers\/Microsoft\.Authorization\/policyDefinitions\/not-loaded, which is not among the loaded/,
    );
  });

  it.each([
    ['1.*.*', '2.0.0', true],
    ['2.*.*', '2.0.0', false],
    ['2.0.0', '2.0.0', false],
  ])('an assignment asking for version %s of a definition at %s warns: %s', async (asked, version, warns) => {
    // The fixture definition at a given version, beside the fixture estate.
    const definition = JSON.parse(await readFile(fixture('definition.json'), 'utf8'));
    definition.properties.version = version;
    const versioned = join(directory, `definition-${version}-${asked}.json`);
    await writeFile(versioned, JSON.stringify(definition));
    const { code, vms, err } = await evalAssigned(
      az(DEFINITION, { scope: `${S1}/resourceGroups/rg-db`, definitionVersion: asked }),
      { definitionPath: versioned },
    );
    // Evaluated either way: the loaded version is the only one there is.
    expect(code).toBe(0);
    expect(vms).toEqual(['vm-db Audit']);
    const warning = `asks for version ${asked} of .*; the loaded file holds ${version.replaceAll('.', '\\.')}, which was evaluated instead`;
    if (warns) expect(err).toMatch(new RegExp(warning));
    else expect(err).not.toMatch(/asks for version/);
  });

  it('takes notScopes: null as none, as az and Az PowerShell print an assignment without them', async () => {
    const { code, vms } = await evalAssigned(
      az(DEFINITION, { scope: `${S1}/resourceGroups/rg-db`, notScopes: null }),
    );
    expect(code).toBe(0);
    expect(vms).toEqual(['vm-db Audit']);
  });

  const dbAssignment = {
    id: `${S1}/resourceGroups/rg-db/providers/Microsoft.Authorization/policyAssignments/db`,
    properties: { policyDefinitionId: DEFINITION, scope: `${S1}/resourceGroups/rg-db` },
  };
  it.each([
    ['az policy assignment list filtered to one', [dbAssignment]],
    [
      'an az graph query answer with one policyresources row',
      { count: 1, data: [dbAssignment], skip_token: null },
    ],
    ['a REST list of one', { value: [dbAssignment], nextLink: null }],
  ])('reads the one assignment of %s', async (_, file) => {
    const { code, vms, err } = await evalAssigned(file);
    expect(code).toBe(0);
    expect(vms).toEqual(['vm-db Audit']);
    expect(err).not.toMatch(/warning/);
  });

  it.each([
    [[dbAssignment, az(DEFINITION, {})], /: holds 2 policy assignments .*give one/],
    [{ count: 0, data: [], total_records: 0 }, /at \/data: holds 0 policy assignments/],
    [
      [{ ...dbAssignment, properties: { ...dbAssignment.properties, notScopes: 'rg-web' } }],
      /at \/0\/properties\/notScopes:/,
    ],
  ])('a list that is not one assignment is an input error naming where (%#)', async (file, message) => {
    const { code, err } = await evalAssigned(file);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });

  it('reads Az PowerShell 7 names: NotScope, ResourceSelector, Parameter', async () => {
    const { vms } = await evalAssigned({
      Id: `${S1}/providers/Microsoft.Authorization/policyAssignments/host-encryption`,
      Name: 'host-encryption',
      PolicyDefinitionId: DEFINITION,
      Scope: S1,
      NotScope: [`${S1}/resourceGroups/rg-web`],
      ResourceSelector: [{ Name: 'east', Selector: [{ Kind: 'resourceLocation', NotIn: ['westus'] }] }],
      Parameter: { effect: { value: 'Deny' } },
    });
    expect(vms).toEqual(['vm-db Deny']);
  });
});

describe('vigil policy eval with an assignment: effect overrides', () => {
  /** The initiative over rg-db's VM, with the references named disabled by an override. */
  const disabling = (references: string[]) =>
    evalAssigned(
      az(INITIATIVE, {
        notScopes: [`${S1}/resourceGroups/rg-web`],
        overrides: [
          {
            kind: 'policyEffect',
            value: 'Disabled',
            selectors: [{ kind: 'policyDefinitionReferenceId', in: references }],
          },
        ],
      }),
      { initiative: true },
    );

  it('a disabled override stops the definitions it selects from being evaluated', async () => {
    const { vms, err } = await disabling(['HOSTENCRYPTION']);
    expect(vms).toEqual(['hostEncryptionAgain vm-db Audit']);
    expect(err).toMatch(/^1 definition\(s\) evaluated/m);
  });

  it('warns about an override naming a reference id the initiative does not have, and not about one it has', async () => {
    const { vms, err } = await disabling(['hostEncryptoin', 'hostEncryptionAgain']);
    expect(vms).toEqual(['hostEncryption vm-db Audit']);
    expect(err).toMatch(
      /warning: .*\/overrides\/0.*policyDefinitionReferenceId "hostencryptoin", which the assigned initiative does not have/,
    );
    expect(err).not.toMatch(/"hostencryptionagain", which/);
  });

  it('an override bound to locations sets the effect there only; the first override that selects wins', async () => {
    const { vms } = await evalAssigned(
      az(INITIATIVE, {
        notScopes: [`${S1}/resourceGroups/rg-db`],
        overrides: [
          {
            kind: 'policyEffect',
            value: 'Deny',
            selectors: [
              { kind: 'policyDefinitionReferenceId', notIn: ['hostEncryptionAgain'] },
              { kind: 'resourceLocation', in: ['eastus'] },
            ],
          },
          {
            kind: 'policyEffect',
            value: 'Disabled',
            selectors: [{ kind: 'resourceLocation', in: ['eastus'] }],
          },
        ],
      }),
      { initiative: true },
    );
    expect(vms).toEqual([
      'hostEncryption vm-web-east Deny',
      'hostEncryption vm-web-west Audit',
      'hostEncryptionAgain vm-web-west Audit',
    ]);
  });

  it('turns on an existence check whose effect parameter leaves it Disabled', async () => {
    const { code, vms, err } = await evalAssigned(
      az('/providers/Microsoft.Authorization/policyDefinitions/vm-monitoring-agent', {
        notScopes: [`${S1}/resourceGroups/rg-web`],
        overrides: [{ kind: 'policyEffect', value: 'AuditIfNotExists' }],
      }),
      { definition: 'existence-check-disabled.json' },
    );
    expect(err).not.toMatch(/error:/);
    expect(code).toBe(0);
    expect(vms).toEqual(['vm-db AuditIfNotExists']);
  });

  it.each([
    [
      'an effect its parameter does not allow',
      'AuditIfNotExists',
      /effect parameter 'effect' allows only "Audit", "Deny", "Disabled"/,
    ],
    ['no effect at all', '', /a policyEffect override needs the effect as its value/],
  ])('refuses an override with %s, naming it', async (_, value, message) => {
    const { code, err } = await evalAssigned(
      az(DEFINITION, { overrides: [{ kind: 'policyEffect', value }] }),
    );
    expect(code).toBe(2);
    expect(err).toMatch(/assignment-\w+\.json(#|:| at )?.*\/overrides\/0/);
    expect(err).toMatch(message);
  });

  it.each([
    ['System.Collections.Hashtable', 'resourceSelectors'],
    ['Microsoft.Azure.PowerShell.Cmdlets.Policy.Models.Selector', 'overrides'],
  ])(
    'says when ConvertTo-Json cut the assignment at its default depth (%s in %s)',
    async (typeName, field) => {
      const members =
        field === 'overrides'
          ? { overrides: [{ kind: 'policyEffect', value: 'Deny', selectors: [typeName] }] }
          : { resourceSelectors: [{ name: 'SDP', selectors: [typeName] }] };
      const { code, err } = await evalAssigned(az(DEFINITION, members));
      expect(code).toBe(2);
      expect(err).toMatch(
        new RegExp(
          `/${field}/0/selectors/0: a selector must be an object \\(found "${typeName.replaceAll('.', '\\.')}": PowerShell's ConvertTo-Json .*-Depth 100\\)`,
        ),
      );
    },
  );

  it('says when ConvertTo-Json cut a parameter value at its default depth', async () => {
    const { code, err } = await evalAssigned(az(DEFINITION, { parameters: { effect: '@{value=Deny}' } }));
    expect(code).toBe(2);
    expect(err).toMatch(
      /parameter 'effect' value "@\{value=Deny\}" is not one of the allowedValues .*ConvertTo-Json -Depth 100/,
    );
  });

  it('says that a policyVersion override is not applied', async () => {
    const { code, vms, err } = await evalAssigned(
      az(DEFINITION, { overrides: [{ kind: 'policyVersion', value: '2.*.*' }] }),
    );
    expect(code).toBe(0);
    expect(vms).toEqual(['vm-db Audit', 'vm-web-east Audit', 'vm-web-west Audit']);
    expect(err).toMatch(/warning: .*\/overrides\/0.*pins definition version 2\.\*\.\*; not applied/);
  });

  it.each([
    [{ notScopes: 'rg-db' }, /\/notScopes: notScopes must be an array of scope ids/],
    [
      { resourceSelectors: [{ selectors: [{ kind: 'resourceLocation' }] }] },
      /exactly one of "in" and "notIn"/,
    ],
    [
      { ResourceSelector: [{ Name: 'SDP', Selector: [{ Kind: 'resourceLocation', In: 'eastus' }] }] },
      /\/ResourceSelector\/0\/Selector\/0\/In: must be an array of strings/,
    ],
    [
      { overrides: [{ kind: 'policyColour', value: 'Deny' }] },
      /\/overrides\/0\/kind: kind must be policyEffect or policyVersion/,
    ],
  ])('a malformed assignment is an input error naming the field (%j)', async (members, message) => {
    const { code, err } = await evalAssigned(az(DEFINITION, members));
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });

  it.each([
    ['a malformed member', az(DEFINITION, { notScopes: 'rg-db' })],
    [
      'an override Azure would refuse',
      az(DEFINITION, { overrides: [{ kind: 'policyEffect', value: 'Modify' }] }),
    ],
    // Azure refuses an assignment whose value is outside the parameter's allowedValues, or of another type
    // (https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-parameters).
    ['a value outside allowedValues', az(DEFINITION, { parameters: { effect: { value: 'Modify' } } })],
    ['a value of the wrong type', az(DEFINITION, { parameters: { effect: { value: 5 } } })],
    [
      'an initiative value outside allowedValues',
      az(INITIATIVE, { parameters: { hostEffect: { value: 'Modify' } } }),
      'initiative-with-effect.json',
    ],
  ])(
    'evaluates nothing from an assignment with %s: results would not be its',
    async (_, assignment, initiative?: string) => {
      for (const format of ['json', 'table']) {
        const file = join(directory, `refused-${format}.json`);
        await writeFile(file, JSON.stringify(assignment));
        const { code, out, err } = await runCli([
          'policy',
          'eval',
          '-d',
          fixture('definition.json'),
          ...(initiative ? ['-d', fixture(initiative)] : []),
          '-i',
          fixture('estate.json'),
          '-p',
          file,
          '--format',
          format,
        ]);
        expect(code).toBe(2);
        // No result at all: before, the whole snapshot was reported, as if nothing had been assigned.
        expect(out).not.toMatch(/vm-db|vm-web/);
        // JSON: nothing on standard output, not even an empty list a pipeline would read as all compliant.
        if (format === 'json') expect(out).toBe('');
        expect(out + err).toMatch(/nothing evaluated: .*refused-\w+\.json could not be read whole/);
      }
    },
  );

  it('names only the unreadable file, not the values a definition then seems to lack', async () => {
    const file = join(directory, 'truncated.json');
    await writeFile(file, '{"effect": ');
    const required = join(directory, 'required-effect.json');
    await writeFile(
      required,
      JSON.stringify({
        name: 'required-effect',
        properties: {
          mode: 'All',
          parameters: { effect: { type: 'String' } },
          policyRule: {
            if: { field: 'type', equals: 'Microsoft.Compute/virtualMachines' },
            then: { effect: "[parameters('effect')]" },
          },
        },
      }),
    );
    const { code, out, err } = await runCli([
      'policy',
      'eval',
      '-d',
      required,
      '-i',
      fixture('estate.json'),
      '-p',
      file,
    ]);
    expect(code).toBe(2);
    expect(err).toMatch(/truncated\.json:1:\d+: invalid JSON/);
    // The definition needs a value the file may well give: that is not a second error.
    expect(err).not.toMatch(/no value and no defaultValue/);
    expect(out).toMatch(/nothing evaluated: .*1 input error\(s\)/);
  });
});
