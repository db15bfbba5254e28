import { describePath, type ExposedPorts, type VmExposure, vmExposure } from '../../network/exposure.ts';
import type { InternetPath } from '../../network/internet-paths.ts';
import { formatPortRange } from '../../network/port-ranges.ts';
import { renderInputTable } from '../../report/table.ts';
import { listOption, parseCommandLine, stringOption } from '../args.ts';
import type { Command } from '../command.ts';
import { EXIT_BAD_INPUT, EXIT_OK, type Io, UsageError } from '../io.ts';
import { loadNetwork, reportRuleProblems } from './net-inventory.ts';

const USAGE = `Usage: vigil net exposure --inventory <file|dir|->... [--format table|json]

Lists the VMs the internet can reach and the ports it reaches them on: a way in must exist (a
public IP on a NIC, or a public load balancer frontend forwarding to it by a load-balancing or
inbound NAT rule) and the NSGs must let an internet source through (subnet NSG, then NIC NSG).
Standard-SKU public IPs and load balancers are closed unless an NSG allows; Basic ones are open.
Management ports (22, 3389, 5985, 5986) come first, then every other TCP and UDP port range.

Options:
  --inventory, -i <path>   snapshot files or directories (repeatable)
  --format <table|json>    output (default table)
  --jit-state <dir>        apply the JIT state there (vigil jit --state): NSGs as JIT left them

Exit status: 0 when the report is written (exposure is data), 2 on bad input.`;

export const netExposureCommand: Command = {
  path: ['net', 'exposure'],
  summary: 'VMs reachable from the internet, on which ports, from where, and the rules that open them',
  usage: USAGE,
  async run(args: string[], io: Io): Promise<number> {
    const parsed = parseCommandLine(args, {
      inventory: { type: 'list', short: 'i' },
      format: { type: 'string' },
      'jit-state': { type: 'string' },
    });
    if (parsed.positionals.length > 0) throw new UsageError(`unexpected argument '${parsed.positionals[0]}'`);
    const inventories = listOption(parsed, 'inventory');
    if (inventories.length === 0) throw new UsageError('--inventory is required');
    const format = stringOption(parsed, 'format') ?? 'table';
    if (format !== 'table' && format !== 'json')
      throw new UsageError(`--format must be table or json, not '${format}'`);
    const engine = await loadNetwork(inventories, io, stringOption(parsed, 'jit-state'));
    if (engine === undefined) return EXIT_BAD_INPUT;

    const reports = engine.inventory
      .byType('Microsoft.Compute/virtualMachines')
      .map((vm) => vmExposure(engine, vm))
      .filter((r) => r.paths.length > 0 || r.unknown.length > 0);
    const nsgs = reports.flatMap((r) =>
      engine
        .interfacesOf(r.vm)
        .flatMap((i) =>
          [i.subnetLevel, i.nicLevel].flatMap((l) => (l.kind === 'nsg' ? [l.compiled.nsg] : [])),
        ),
    );
    reportRuleProblems(io, engine, nsgs);
    io.out(
      format === 'json' ? `${JSON.stringify(reports.map(exposureJson), null, 2)}\n` : renderExposure(reports),
    );
    return EXIT_OK;
  },
};

export function exposureJson(r: VmExposure) {
  return {
    vm: r.vm.name,
    id: r.vm.id,
    paths: r.paths.map(({ nicName, path }) => ({ nic: nicName, ...pathJson(path) })),
    exposed: r.exposed.map((e) => ({
      protocol: e.protocol,
      ports: formatPortRange(e.ports),
      frontendPorts: formatPortRange(e.frontendPorts),
      management: e.management,
      nic: e.nicName,
      via: describePath(e.path),
      sources: e.sources,
      rules: e.steps.map((s) => ({
        level: s.level,
        nsgId: s.nsg?.id ?? null,
        ruleName: s.rule?.name ?? null,
        priority: s.rule?.priority ?? null,
      })),
    })),
    notes: r.notes.map((n) => n.message),
    unknown: r.unknown.map((n) => n.message),
  };
}

function pathJson(path: InternetPath) {
  return {
    kind: path.kind,
    sku: path.sku,
    ...(path.skuAssumed && { skuAssumed: path.skuAssumed }),
    publicIp: path.publicIp ?? null,
    loadBalancer: path.loadBalancer ?? null,
    rule: path.rule ?? null,
    frontendPorts: formatPortRange(path.frontendPorts),
    backendPorts: formatPortRange(path.backendPorts),
  };
}

function renderExposure(reports: VmExposure[]): string {
  const rows = reports.flatMap((r) => r.exposed.map((e) => row(r, e)));
  const out = [
    rows.length === 0
      ? 'No VM is reachable from the internet.\n'
      : renderInputTable(['VM', 'PORT', 'PROTO', 'VIA', 'FROM', 'OPENED BY'], rows, [32, 18, 5, 60, 60, 100]),
  ];
  const closed = reports.filter((r) => r.exposed.length === 0 && r.paths.length > 0);
  if (closed.length > 0)
    out.push(`\nReachable by path but closed by their NSGs: ${closed.map((r) => r.vm.name).join(', ')}\n`);
  for (const r of reports) {
    for (const n of r.notes) out.push(`note: ${r.vm.name}: ${n.message}\n`);
    for (const n of r.unknown) out.push(`unknown: ${r.vm.name}: ${n.message}\n`);
  }
  return out.join('');
}

function row(r: VmExposure, e: ExposedPorts): string[] {
  const ports = formatPortRange(e.ports);
  const front = formatPortRange(e.frontendPorts);
  return [
    r.vm.name,
    front === ports ? ports : `${ports} (via ${front})`,
    e.protocol.toUpperCase(),
    via(e.path),
    sources(e),
    e.steps
      .map((s) =>
        s.nsg
          ? `${s.nsg.name}/${s.rule?.name} (${s.rule?.priority})`
          : `(no ${s.level === 'nic' ? 'NIC' : 'subnet'} NSG)`,
      )
      .join(' → '),
  ];
}

function via(path: InternetPath): string {
  if (path.kind === 'public-ip') return `public IP ${path.publicIp?.name} (${path.sku})`;
  return `${path.loadBalancer?.name} ${path.kind === 'inbound-nat-rule' ? 'NAT' : 'rule'} ${path.rule?.name} (${path.sku})`;
}

function sources(e: ExposedPorts): string {
  const s = e.sources;
  const parts: string[] = [];
  if (s.anyHost) parts.push(s.except.length > 0 ? `any except ${s.except.join(', ')}` : 'any');
  else if (s.blocks.length > 0) parts.push(s.blocks.join(', '));
  for (const tag of s.tags) parts.push(`tag ${tag}`);
  return parts.join('; ');
}
