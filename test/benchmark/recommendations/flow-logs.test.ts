import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { recommendation } from '../../../src/benchmark/catalog.ts';
import { recommendationPolicy } from '../../../src/benchmark/policies.ts';
import { Inventory } from '../../../src/inventory/inventory.ts';
import { readExemptions } from '../../../src/posture/exemptions.ts';
import { scan } from '../../../src/posture/scan.ts';
import type { JsonValue } from '../../../src/util/json.ts';
import { nsgId, virtualNetwork } from '../../support/arm-resources.ts';
import { flowLogId, nsg } from '../../support/network-resources.ts';

const nsgFlowLogs = recommendation('nsg-flow-logs')!;
const vnetFlowLogs = recommendation('vnet-flow-logs')!;

describe('nsg-flow-logs, now that Azure creates no NSG flow logs', () => {
  // Since 30 June 2025 (MicrosoftDocs/azure-docs includes/network-watcher-nsg-flow-logs-retirement.md).
  it('tells the user to create a virtual network flow log, never a new NSG flow log', () => {
    const { cli, template, portal } = nsgFlowLogs.remediation;
    expect(cli).toMatch(/^az network watcher flow-log create .*--vnet <vnet>/);
    expect(cli).not.toMatch(/--nsg\b/);
    expect(template).toContain('targetResourceId = <vnet-id>');
    expect(portal).toContain('"Virtual network"');
  });

  it('gives an exemption that, in the --exemptions file, exempts the NSG as Mitigated', () => {
    const portal = nsgFlowLogs.remediation.portal;
    const id = nsgId('nsg-web');
    const text = portal.slice(portal.indexOf('{'), portal.lastIndexOf('}') + 1).replaceAll('<nsg-id>', id);
    const { exemptions, errors } = readExemptions(JSON.parse(text) as JsonValue, 'exemptions.json');
    expect(errors).toEqual([]);
    expect(exemptions).toMatchObject([{ category: 'Mitigated', recommendations: ['nsg-flow-logs'] }]);

    const inventory = new Inventory();
    inventory.add(nsg('nsg-web', [], { flowLogs: [] }));
    inventory.add(nsg('nsg-app', [], { flowLogs: [] }));
    inventory.add(virtualNetwork('vnet-prod', [], { flowLogs: [{ id: flowLogId('fl-vnet-prod') }] }));
    const report = scan(inventory, { exemptions, now: new Date('2026-11-29T00:00:00Z') });
    const status = (name: string) =>
      report.findings.find((f) => f.recommendationId === 'nsg-flow-logs' && f.resourceId.endsWith(`/${name}`))
        ?.status;
    expect([status('nsg-web'), status('nsg-app')]).toEqual(['exempt', 'unhealthy']);
  });
});

describe('vnet-flow-logs', () => {
  // Vigil's own (no Defender assessment), as nsg-flow-logs: LT-4, in the 0-point "Implement security best
  // practices" control, so the score stays comparable with Defender's.
  it('is classified as nsg-flow-logs is', () => {
    const { severity, mcsb, control, stage, assessmentKey } = nsgFlowLogs;
    expect(vnetFlowLogs).toMatchObject({ severity, mcsb, control, stage });
    expect([vnetFlowLogs.assessmentKey, assessmentKey]).toEqual([undefined, undefined]);
    expect(vnetFlowLogs.resourceTypes).toEqual(['Microsoft.Network/virtualNetworks']);
  });
});

// Microsoft's built-in the recommendation mirrors: same display name (Defender has no recommendation of its
// own), same resources, same count.
const BUILT_IN = fileURLToPath(
  new URL(
    '../../../../shared/corpora/azure-policy/definitions/VirtualNetwork_FlowLog_Audit.json',
    import.meta.url,
  ),
);
const present = existsSync(BUILT_IN);
if (!present) console.warn(`vnet-flow-logs built-in comparison skipped: ${BUILT_IN} is absent (../shared)`);

describe.skipIf(!present)('vnet-flow-logs against Microsoft’s 4c3c6c5f', () => {
  it('carries the built-in’s display name and counts the same alias', () => {
    const builtIn = JSON.parse(readFileSync(BUILT_IN, 'utf8')) as {
      name: string;
      properties: { displayName: string; policyRule: JsonValue };
    };
    expect(builtIn.name).toBe('4c3c6c5f-0d47-4402-99b8-aa543dd8bcee');
    expect(vnetFlowLogs.title).toBe(builtIn.properties.displayName);
    const check = vnetFlowLogs.check;
    expect(check.kind).toBe('policy');
    const rule = JSON.stringify(
      recommendationPolicy(check.kind === 'policy' ? check.definition : '').policyRule,
    );
    expect(rule).toContain('"field":"Microsoft.Network/virtualNetworks/flowLogs[*]"');
    expect(JSON.stringify(builtIn.properties.policyRule)).toContain(
      '"field":"Microsoft.Network/virtualNetworks/flowLogs[*]"',
    );
  });
});
