import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { NetworkEngine } from '../../src/network/engine.ts';
import { vmExposure } from '../../src/network/exposure.ts';
import { verifyFlow } from '../../src/network/flow-verify.ts';
import { formatPortRange } from '../../src/network/port-ranges.ts';
import { tierFlows } from '../../src/network/segmentation.ts';
import { loadSnapshots } from '../../src/sources/snapshot/load.ts';

/**
 * The demo estate's internet exposure (demo/README.md, "Network exposure" and "Cases that catch a
 * sloppy evaluator"): what the exact engine finds, and the VMs that naive logic misjudges either way.
 */

const DEMO = fileURLToPath(new URL('../../demo/estate.json', import.meta.url));
let engine: NetworkEngine;

beforeAll(async () => {
  const snapshot = await loadSnapshots([DEMO]);
  expect(snapshot.errors).toEqual([]);
  engine = new NetworkEngine(snapshot.inventory);
});

const vm = (name: string) =>
  engine.inventory.byType('Microsoft.Compute/virtualMachines').find((v) => v.name === name)!;

/** `<vm> TCP 22 (front 50022) ← any via inbound-nat-rule by nsg-prod-web/Allow-Vendor-SSH`. */
function exposure(): string[] {
  return engine.inventory.byType('Microsoft.Compute/virtualMachines').flatMap((v) =>
    vmExposure(engine, v).exposed.map((e) => {
      const s = e.sources;
      const from = s.anyHost
        ? `any${s.except.length ? ` except ${s.except.join(' ')}` : ''}`
        : s.blocks.join(' ');
      const front =
        formatPortRange(e.frontendPorts) === formatPortRange(e.ports)
          ? ''
          : ` (front ${formatPortRange(e.frontendPorts)})`;
      const rules = e.steps
        .flatMap((step) => (step.nsg ? [`${step.nsg.name}/${step.rule?.name}`] : []))
        .join(' ');
      return `${v.name} ${e.protocol.toUpperCase()} ${formatPortRange(e.ports)}${front} ← ${from} via ${e.path.kind} (${e.path.sku}) by ${rules}`;
    }),
  );
}

function inbound(name: string, remote: string, port: number) {
  const result = verifyFlow(engine, {
    vm: name,
    direction: 'Inbound',
    protocol: 'Tcp',
    remoteAddress: remote,
    remotePort: 50123,
    localPort: port,
    localAddress: undefined,
  });
  if ('error' in result) throw new Error(result.error);
  return `${result.access} ${result.nsgId?.slice(result.nsgId.lastIndexOf('/') + 1) ?? '(no NSG)'}/${result.ruleName}`;
}

describe('the demo estate, exposed to the internet', () => {
  it('is exposed exactly here, management ports first', () => {
    expect(exposure()).toEqual([
      'vm-prod-web-01 TCP 22 (front 50022) ← any via inbound-nat-rule (Standard) by nsg-prod-web/Allow-Vendor-SSH',
      'vm-prod-web-01 TCP 443 ← any via load-balancing-rule (Standard) by nsg-prod-web/Allow-Web-Inbound',
      'vm-prod-web-02 TCP 443 ← any via load-balancing-rule (Standard) by nsg-prod-web/Allow-Web-Inbound',
      'vm-prod-web-03 TCP 443 ← any via load-balancing-rule (Standard) by nsg-prod-web/Allow-Web-Inbound',
      'vm-prod-web-04 TCP 443 ← any via public-ip (Basic) by nsg-prod-web/Allow-Web-Inbound vm-prod-web-04-nsg/HTTPS',
      'vm-prod-web-05 TCP 443 ← any via load-balancing-rule (Standard) by nsg-prod-web/Allow-Web-Inbound',
      'vm-prod-web-06 TCP 443 ← any via load-balancing-rule (Standard) by nsg-prod-web/Allow-Web-Inbound',
      'vm-prod-nva-01 TCP 22 ← 198.51.100.0/25 203.0.113.0/24 via public-ip (Standard) by vm-prod-nva-01-nsg/SSH-Corp',
      'vm-prod-nva-01 TCP 443 ← any via public-ip (Standard) by vm-prod-nva-01-nsg/HTTPS',
      'vm-dev-web-01 TCP 22 ← any via public-ip (Standard) by nsg-dev-web/Allow-Admin-Any',
      'vm-dev-web-01 TCP 3389 ← any via public-ip (Standard) by nsg-dev-web/Allow-Admin-Any',
      'vm-dev-web-01 TCP 80 ← any via public-ip (Standard) by nsg-dev-web/Allow-Web-Inbound',
      'vm-dev-web-01 TCP 443 ← any via public-ip (Standard) by nsg-dev-web/Allow-Web-Inbound',
      'vm-dev-web-02 TCP 3389 ← any via public-ip (Basic) by nsg-dev-web/Allow-Admin-Any vm-dev-web-02-nsg/RDP',
    ]);
  });

  it('has management ports open to the internet on three VMs only (the rest lack a path or are filtered)', () => {
    const open = engine.inventory.byType('Microsoft.Compute/virtualMachines').flatMap((v) =>
      vmExposure(engine, v)
        .exposed.filter((e) => e.management && e.sources.anyHost)
        .map((e) => `${v.name}:${e.ports.from}`),
    );
    expect(open).toEqual([
      'vm-prod-web-01:22',
      'vm-dev-web-01:22',
      'vm-dev-web-01:3389',
      'vm-dev-web-02:3389',
    ]);
  });

  describe('where naive evaluation goes wrong', () => {
    it('nsg-prod-web allows 22 from the Internet for the whole subnet, but only vm-prod-web-01 has a path (the NAT rule)', () => {
      expect(inbound('vm-prod-web-02', '198.51.100.7', 22)).toBe('Allow nsg-prod-web/Allow-Vendor-SSH');
      expect(vmExposure(engine, vm('vm-prod-web-02')).exposed.map((e) => e.ports.from)).toEqual([443]);
    });

    it('vm-prod-web-04: the NIC NSG allows RDP from any, the subnet NSG (evaluated first) drops it', () => {
      expect(inbound('vm-prod-web-04', '198.51.100.7', 3389)).toBe('Deny nsg-prod-web/DenyAllInBound');
      // 22 passes the subnet NSG and is dropped by the NIC NSG.
      expect(inbound('vm-prod-web-04', '198.51.100.7', 22)).toBe('Deny vm-prod-web-04-nsg/DenyAllInBound');
    });

    it('vm-prod-nva-01: SSH-Any-Legacy allows 22 from *, but Deny-SSH-Internet (higher priority) shadows it for the internet', () => {
      expect(inbound('vm-prod-nva-01', '8.8.8.8', 22)).toBe('Deny vm-prod-nva-01-nsg/Deny-SSH-Internet');
      expect(inbound('vm-prod-nva-01', '203.0.113.40', 22)).toBe('Allow vm-prod-nva-01-nsg/SSH-Corp');
      // From inside the VNet the legacy rule still lets SSH in.
      expect(inbound('vm-prod-nva-01', '10.10.2.4', 22)).toBe('Allow vm-prod-nva-01-nsg/SSH-Any-Legacy');
    });

    it("vm-prod-nva-01: HTTPS is allowed from 'internet', the tag spelt in lower case", () => {
      const https = vmExposure(engine, vm('vm-prod-nva-01')).exposed.find((e) => e.ports.from === 443)!;
      expect(https.steps.at(-1)?.rule?.source.written).toEqual(['internet']);
      expect(inbound('vm-prod-nva-01', '8.8.8.8', 443)).toBe('Allow vm-prod-nva-01-nsg/HTTPS');
    });

    it("vm-prod-nva-01's Standard public IP and bare subnet: the NIC NSG alone decides", () => {
      const [path] = vmExposure(engine, vm('vm-prod-nva-01')).paths;
      expect(path?.path).toMatchObject({ kind: 'public-ip', sku: 'Standard' });
    });

    it('vm-dev-web-02: the subnet allows 22 and 3389 from any, its NIC NSG only 3389', () => {
      expect(inbound('vm-dev-web-02', '198.51.100.7', 22)).toBe('Deny vm-dev-web-02-nsg/DenyAllInBound');
      expect(inbound('vm-dev-web-02', '198.51.100.7', 3389)).toBe('Allow vm-dev-web-02-nsg/RDP');
    });

    it('the dev database VMs have no NSG at all, but no path from the internet either', () => {
      expect(inbound('vm-dev-db-01', '198.51.100.7', 22)).toBe('Allow (no NSG)/null');
      expect(vmExposure(engine, vm('vm-dev-db-01')).paths).toEqual([]);
    });
  });

  it("segments less than nsg-prod-db's allow rules suggest: AllowVnetInBound lets the app tier reach every port", () => {
    const result = tierFlows(engine, {
      from: 'vm-prod-app-01',
      to: 'vm-prod-db-01',
      ports: [22, 1433, 3306, 3389, 5432],
    });
    if ('error' in result) throw new Error(result.error);
    const tcp = result.flows.find((f) => f.protocol === 'Tcp')!;
    expect(
      tcp.verdicts.map((v) => `${v.ports.from} ${v.access} ${v.decidedBy?.rule?.name.replace(/_.*/, '_…')}`),
    ).toEqual([
      '22 Allow AllowVnetInBound',
      '1433 Allow Allow-App-To-SQL',
      '3306 Allow AllowVnetInBound',
      '3389 Deny SecurityCenter-JITRule_…',
      '5432 Allow Allow-App-To-Postgres',
    ]);
  });
});
