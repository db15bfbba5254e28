import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { TemplateExpansion } from '../../../src/sources/template/expand.ts';
import { expandTemplate } from '../../../src/sources/template/expand.ts';
import { expandTemplateFile, loadParameterFile } from '../../../src/sources/template/load.ts';
import { readParameterFile } from '../../../src/sources/template/parameter-values.ts';
import type { JsonObject } from '../../../src/util/json.ts';
import { byName, fixture, NOW, scanExpansion, statusOf } from './helpers.ts';

/**
 * VM templates written the way authors write them (parameters with defaults, variables, copy loops for
 * NICs and disks, NSG rules inline and as child resources, nested and linked deployments, parameter
 * files, Bicep output): each expands without error and the benchmark's verdicts on it are asserted.
 */

type Finding = [recommendation: string, resource: string, status: string];

interface Case {
  template: string;
  /** A parameters file under test/fixtures/templates, or values given inline. */
  parameters?: string | Record<string, unknown>;
  resources: string[];
  findings: Finding[];
  check?: (expansion: TemplateExpansion) => void;
}

async function expandCase(c: Case): Promise<TemplateExpansion> {
  if (c.parameters === undefined || typeof c.parameters === 'string') {
    return expandTemplateFile(fixture(c.template), {
      ...(typeof c.parameters === 'string' && { parametersFile: fixture(c.parameters) }),
      context: { now: NOW },
    });
  }
  const values = Object.fromEntries(Object.entries(c.parameters).map(([k, v]) => [k, { value: v }]));
  const parameters = readParameterFile(values as JsonObject, 'inline', undefined);
  const file = fixture(c.template);
  return expandTemplate(await readFile(file, 'utf8'), file, { parameters, context: { now: NOW } });
}

const cases: Case[] = [
  {
    template: 'vm/linux-vm-ssh-open.json',
    parameters: 'vm/linux-vm-ssh-open.parameters.json',
    resources: ['web-01-nsg', 'vnet-web', 'web-01-pip', 'web-01-nic', 'web-01'],
    findings: [
      ['nsg-ssh-from-internet', 'web-01-nsg', 'unhealthy'],
      ['management-ports-closed', 'web-01', 'unhealthy'],
      ['nic-no-public-ip', 'web-01-nic', 'unhealthy'],
      ['vm-encryption-at-host', 'web-01', 'unhealthy'],
      ['linux-vm-ssh-keys', 'web-01', 'healthy'],
      ['linux-vm-password-authentication-disabled', 'web-01', 'healthy'],
      ['subnet-nsg', 'snet-web', 'unhealthy'],
    ],
  },
  {
    template: 'vm/linux-vm-ssh-open.json',
    parameters: {
      adminUsername: 'azureuser',
      adminPasswordOrKey: 'Secr3t!Secr3t!',
      authenticationType: 'password',
    },
    resources: ['web-01-nsg', 'vnet-web', 'web-01-pip', 'web-01-nic', 'web-01'],
    findings: [['linux-vm-password-authentication-disabled', 'web-01', 'unhealthy']],
  },
  {
    template: 'vm/windows-vm-rdp-child-rules.json',
    resources: [
      'app-win-01-nsg',
      'Allow-HTTPS',
      'Allow-RDP',
      'app-vnet',
      'app-win-01-pip',
      'app-win-01-nic',
      'app-win-01',
    ],
    findings: [
      ['nsg-rdp-from-internet', 'app-win-01-nsg', 'unhealthy'],
      // No JIT policy in the template: not assessed (jit-management-ports' requires).
      ['jit-management-ports', 'app-win-01', 'notApplicable'],
      ['subnet-nsg', 'app', 'healthy'],
    ],
    check: (expansion) => {
      const { inventory } = scanExpansion(expansion);
      const nsg = inventory.get(byName(expansion, 'app-win-01-nsg').resource.id)!;
      const rules = (nsg.properties as { securityRules: { name: string }[] }).securityRules;
      expect(rules.map((r) => r.name).sort()).toEqual(['Allow-HTTPS', 'Allow-RDP']);
    },
  },
  {
    template: 'vm/vm-encryption-at-host.json',
    resources: ['db-01-nic', 'db-01'],
    findings: [
      ['vm-encryption-at-host', 'db-01', 'unhealthy'],
      ['vm-trusted-launch', 'db-01', 'healthy'],
    ],
    check: (expansion) =>
      expect(byName(expansion, 'db-01-nic').resource).toMatchObject({
        properties: {
          ipConfigurations: [
            {
              properties: {
                subnet: {
                  id: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/network-rg/providers/Microsoft.Network/virtualNetworks/hub-vnet/subnets/data',
                },
              },
            },
          ],
        },
      }),
  },
  {
    template: 'vm/vm-encryption-at-host.json',
    parameters: 'vm/vm-encryption-at-host.enabled.parameters.json',
    resources: ['db-01-nic', 'db-01'],
    findings: [['vm-encryption-at-host', 'db-01', 'healthy']],
  },
  {
    template: 'vm/vm-encryption-from-reference.json',
    resources: ['batch-01'],
    findings: [
      ['vm-encryption-at-host', 'batch-01', 'unknown'],
      ['vm-managed-identity', 'batch-01', 'unhealthy'],
    ],
  },
  {
    template: 'vm/vm-copy-nics-disks.json',
    resources: [
      'worker-vnet',
      'worker-1-nic',
      'worker-2-nic',
      'worker-3-nic',
      'worker-1',
      'worker-2',
      'worker-3',
    ],
    findings: [
      ['vm-encryption-at-host', 'worker-1', 'healthy'],
      ['vm-encryption-at-host', 'worker-3', 'healthy'],
      ['nic-no-public-ip', 'worker-2-nic', 'healthy'],
    ],
    check: (expansion) => {
      const disks = (
        byName(expansion, 'worker-2').resource.properties as {
          storageProfile: { dataDisks: { name: string; lun: number }[] };
        }
      ).storageProfile.dataDisks;
      expect(disks.map((d) => [d.name, d.lun])).toEqual([
        ['worker-2-data-1', 0],
        ['worker-2-data-2', 1],
      ]);
    },
  },
  {
    template: 'vm/vm-copy-nics-disks.json',
    parameters: { vmCount: 1, dataDiskCount: 0 },
    resources: ['worker-vnet', 'worker-1-nic', 'worker-1'],
    findings: [['vm-encryption-at-host', 'worker-1', 'healthy']],
  },
  {
    template: 'vm/vm-attached-disks.json',
    resources: ['files-01-logs', 'files-01-data', 'files-01-backup', 'files-01'],
    findings: [
      ['disk-public-network-access', 'files-01-logs', 'unhealthy'],
      ['disk-network-access-policy', 'files-01-backup', 'unhealthy'],
    ],
    check: (expansion) => {
      const disks = (
        byName(expansion, 'files-01').resource.properties as {
          storageProfile: { dataDisks: { lun: number; managedDisk: { id: string } }[] };
        }
      ).storageProfile.dataDisks;
      expect(disks.map((d) => d.lun)).toEqual([10, 11, 12]);
      expect(disks[2]?.managedDisk.id).toMatch(/\/providers\/Microsoft\.Compute\/disks\/files-01-backup$/);
    },
  },
  {
    template: 'vm/vm-attached-disks.json',
    parameters: { allowPublicDiskAccess: false },
    resources: ['files-01-logs', 'files-01-data', 'files-01-backup', 'files-01'],
    findings: [
      ['disk-public-network-access', 'files-01-logs', 'healthy'],
      ['disk-network-access-policy', 'files-01-backup', 'healthy'],
    ],
  },
  {
    template: 'vm/nsg-rules-from-parameter.json',
    parameters: 'vm/nsg-rules-from-parameter.parameters.json',
    resources: ['frontend-nsg'],
    findings: [['nsg-ssh-from-internet', 'frontend-nsg', 'unhealthy']],
  },
  {
    template: 'vm/nested-inner-vm.json',
    resources: ['shared-vnet', 'app-01-nic', 'app-01'],
    findings: [
      ['non-internet-facing-vm-nsg', 'app-01', 'unhealthy'],
      ['vm-encryption-at-host', 'app-01', 'unhealthy'],
    ],
    check: (expansion) => expect(expansion.outputs.vmName).toEqual({ type: 'string', value: 'app-01' }),
  },
  {
    template: 'vm/nested-outer-nsg.json',
    resources: ['jumpbox-nsg'],
    findings: [
      ['nsg-rdp-from-internet', 'jumpbox-nsg', 'unhealthy'],
      ['nsg-ssh-from-internet', 'jumpbox-nsg', 'unhealthy'],
    ],
    check: (expansion) => {
      expect(byName(expansion, 'jumpbox-nsg').resource.id).toMatch(/\/resourceGroups\/network-rg\//);
      expect(expansion.outputs.nsgResourceGroup).toEqual({ type: 'string', value: 'vigil-template-rg' });
    },
  },
  {
    template: 'vm/linked/main.json',
    parameters: 'vm/linked/main.parameters.json',
    resources: ['app-nsg', 'prod-vnet', 'prod-app-0-nic', 'prod-app-0', 'prod-app-1-nic', 'prod-app-1'],
    findings: [
      ['subnet-nsg', 'app', 'healthy'],
      ['nsg-ssh-from-internet', 'app-nsg', 'healthy'],
      ['vm-encryption-at-host', 'prod-app-1', 'unhealthy'],
    ],
  },
  {
    template: 'vm/linked/main.json',
    parameters: { environment: 'dev', sshPublicKey: 'ssh-ed25519 AAAA dev@example' },
    resources: ['app-nsg', 'dev-vnet', 'dev-app-0-nic', 'dev-app-0', 'dev-app-1-nic', 'dev-app-1'],
    findings: [['nsg-ssh-from-internet', 'app-nsg', 'unhealthy']],
  },
  {
    template: 'vm/bicep/main.json',
    resources: ['api-nsg', 'send-to-workspace', 'api-vnet', 'api-01-nic', 'api-01', 'AzureMonitorLinuxAgent'],
    findings: [
      ['linux-vm-azure-monitor-agent', 'api-01', 'healthy'],
      ['vm-managed-identity', 'api-01', 'healthy'],
      ['vm-trusted-launch', 'api-01', 'healthy'],
      ['nsg-diagnostic-settings', 'api-nsg', 'healthy'],
      ['subnet-nsg', 'api', 'healthy'],
      ['guest-configuration-extension', 'api-01', 'unhealthy'],
    ],
  },
  {
    template: 'vm/vmss-linux-password.json',
    resources: ['web-vmss'],
    findings: [
      ['vmss-linux-ssh-keys', 'web-vmss', 'unhealthy'],
      ['vmss-encryption-at-host', 'web-vmss', 'unhealthy'],
      ['vmss-automatic-os-upgrade', 'web-vmss', 'unhealthy'],
    ],
  },
  {
    template: 'vm/vm-conditional-public-ip.json',
    resources: ['bastionless-01-nic'],
    findings: [['nic-no-public-ip', 'bastionless-01-nic', 'healthy']],
  },
  {
    template: 'vm/vm-conditional-public-ip.json',
    parameters: 'vm/vm-conditional-public-ip.public.parameters.json',
    resources: ['bastionless-01-pip', 'bastionless-01-nic'],
    findings: [['nic-no-public-ip', 'bastionless-01-nic', 'unhealthy']],
  },
  {
    template: 'vm/vm-trusted-launch.json',
    resources: ['secure-win-01'],
    findings: [
      ['vm-trusted-launch', 'secure-win-01', 'healthy'],
      ['windows-vm-secure-boot', 'secure-win-01', 'healthy'],
      ['vm-vtpm', 'secure-win-01', 'healthy'],
      ['vm-encryption-at-host', 'secure-win-01', 'healthy'],
    ],
  },
  {
    template: 'vm/vm-trusted-launch.json',
    parameters: { securityType: 'Standard' },
    resources: ['secure-win-01'],
    findings: [
      ['vm-trusted-launch', 'secure-win-01', 'unhealthy'],
      ['vm-encryption-at-host', 'secure-win-01', 'unhealthy'],
    ],
  },
  {
    template: 'vm/vm-keyvault-password.json',
    parameters: 'vm/vm-keyvault-password.parameters.json',
    resources: ['erp-01'],
    findings: [
      ['vm-encryption-at-host', 'erp-01', 'unhealthy'],
      ['vm-managed-identity', 'erp-01', 'unhealthy'],
    ],
  },
  {
    template: 'vm/vm-user-functions.json',
    resources: ['nsg-billing-prd-007', 'vm-billing-prd-007'],
    findings: [['vm-encryption-at-host', 'vm-billing-prd-007', 'healthy']],
  },
  {
    template: 'vm/vm-extensions-child.json',
    resources: ['mon-01', 'AzureMonitorLinuxAgent', 'AzurePolicyforLinux', 'AADSSHLoginForLinux'],
    findings: [
      ['linux-vm-azure-monitor-agent', 'mon-01', 'healthy'],
      ['guest-configuration-extension', 'mon-01', 'healthy'],
      ['vm-entra-id-login', 'mon-01', 'healthy'],
    ],
  },
  {
    template: 'vm/nsg-diagnostics-extension.json',
    resources: ['web-nsg', 'web-nsg-logs', 'data-nsg', 'data-nsg-logs', 'legacy-nsg'],
    findings: [
      ['nsg-diagnostic-settings', 'web-nsg', 'healthy'],
      ['nsg-diagnostic-settings', 'data-nsg', 'healthy'],
      ['nsg-diagnostic-settings', 'legacy-nsg', 'unhealthy'],
    ],
  },
  {
    template: 'vm/vm-user-assigned-identity.json',
    resources: ['worker-identity', 'worker-uai'],
    findings: [['vm-managed-identity', 'worker-uai', 'healthy']],
  },
  {
    template: 'vm/vm-subnet-children.json',
    resources: ['corp-nsg', 'corp-vnet', 'frontend', 'backend', 'scratch'],
    findings: [
      ['subnet-nsg', 'frontend', 'healthy'],
      ['subnet-nsg', 'backend', 'healthy'],
      ['subnet-nsg', 'scratch', 'unhealthy'],
    ],
  },
  {
    template: 'vm/nsg-lambda-rules.json',
    resources: ['edge-nsg'],
    findings: [['nsg-rdp-from-internet', 'edge-nsg', 'unhealthy']],
    check: (expansion) => {
      const nsg = byName(expansion, 'edge-nsg').resource;
      expect(nsg.tags).toEqual({ OWNER: 'platform', COSTCENTER: '4711' });
      const rules = (
        nsg.properties as { securityRules: { name: string; properties: { priority: number } }[] }
      ).securityRules;
      expect(rules.map((r) => [r.name, r.properties.priority])).toEqual([
        ['allow-443', 100],
        ['allow-3389', 110],
      ]);
    },
  },
  {
    template: 'vm/vm-load-balancer-nat.json',
    resources: [
      'app-lb-pip',
      'app-nsg',
      'app-vnet',
      'app-lb',
      'app-vm0-nic',
      'app-vm1-nic',
      'app-vm0',
      'app-vm1',
    ],
    findings: [
      ['nsg-ssh-from-internet', 'app-nsg', 'unhealthy'],
      ['management-ports-closed', 'app-vm0', 'unhealthy'],
      ['nic-no-public-ip', 'app-vm1-nic', 'healthy'],
    ],
    check: (expansion) => {
      const nat = (
        byName(expansion, 'app-lb').resource.properties as {
          inboundNatRules: { name: string; properties: { frontendPort: number } }[];
        }
      ).inboundNatRules;
      expect(nat.map((r) => [r.name, r.properties.frontendPort])).toEqual([
        ['ssh-vm0', 50000],
        ['ssh-vm1', 50001],
      ]);
    },
  },
  {
    template: 'vm/vm-variable-copy-ipconfigs.json',
    resources: ['fw-nic', 'fw-01'],
    findings: [['vm-ip-forwarding-disabled', 'fw-01', 'unhealthy']],
    check: (expansion) => {
      const configs = (
        byName(expansion, 'fw-nic').resource.properties as {
          ipConfigurations: { name: string; properties: { primary: boolean; privateIPAddress: string } }[];
        }
      ).ipConfigurations;
      expect(configs.map((c) => [c.name, c.properties.primary, c.properties.privateIPAddress])).toEqual([
        ['ipconfig1', true, '10.90.1.10'],
        ['ipconfig2', false, '10.90.1.11'],
        ['ipconfig3', false, '10.90.1.12'],
      ]);
    },
  },
  {
    template: 'vm/vm-variable-copy-ipconfigs.json',
    parameters: { enableIpForwarding: false },
    resources: ['fw-nic', 'fw-01'],
    findings: [['vm-ip-forwarding-disabled', 'fw-01', 'healthy']],
  },
  {
    template: 'vm/vm-deployment-time-tags.json',
    resources: ['tagged-01'],
    findings: [['linux-vm-ssh-keys', 'tagged-01', 'unhealthy']],
    check: (expansion) =>
      expect(byName(expansion, 'tagged-01').resource.tags).toEqual({
        deployedAt: '2026-06-01 00:00:00Z',
        deploymentId: { $vigilUnknown: '[newGuid()]' },
        expires: '2026-07-01',
        deployment: 'vm-deployment-time-tags',
      }),
  },
  {
    template: 'vm/subscription/vm-in-new-rg.json',
    resources: ['rg-reporting', 'report-01'],
    findings: [['vm-encryption-at-host', 'report-01', 'unhealthy']],
  },
];

describe('VM templates', () => {
  it('number at least 20', () => {
    expect(new Set(cases.map((c) => c.template)).size).toBeGreaterThanOrEqual(20);
  });

  it.each(
    cases.map(
      (c) =>
        [
          `${c.template}${c.parameters ? ` with ${typeof c.parameters === 'string' ? c.parameters : JSON.stringify(c.parameters)}` : ''}`,
          c,
        ] as const,
    ),
  )('%s', async (_name, c) => {
    const expansion = await expandCase(c);
    expect(expansion.errors).toEqual([]);
    expect(expansion.resources.map((r) => r.resource.name)).toEqual(c.resources);
    const { report } = scanExpansion(expansion);
    expect(report.errors).toEqual([]);
    for (const [recommendation, resource, status] of c.findings) {
      expect({ recommendation, resource, status: statusOf(report, recommendation, resource) }).toEqual({
        recommendation,
        resource,
        status,
      });
    }
    c.check?.(expansion);
  });

  it('read their parameters files without problems', async () => {
    for (const file of [
      'vm/linux-vm-ssh-open.parameters.json',
      'vm/nsg-rules-from-parameter.parameters.json',
      'vm/linked/main.parameters.json',
      'vm/vm-keyvault-password.parameters.json',
    ]) {
      expect((await loadParameterFile(fixture(file))).errors).toEqual([]);
    }
  });
});
