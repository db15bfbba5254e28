import type { Resource } from '../../inventory/resource.ts';
import { flowStep } from '../../network/flow-verify.ts';
import type { ChainStep } from '../../network/nsg-chain.ts';
import { formatPortRange, parsePort } from '../../network/port-ranges.ts';
import { type FlowEnd, type TierFlow, tierFlows } from '../../network/segmentation.ts';
import { renderInputTable } from '../../report/table.ts';
import { listOption, parseCommandLine, stringOption } from '../args.ts';
import type { Command } from '../command.ts';
import { EXIT_BAD_INPUT, EXIT_OK, type Io, UsageError } from '../io.ts';
import { loadNetwork, reportRuleProblems } from './net-inventory.ts';

const USAGE = `Usage: vigil net paths --inventory <file|dir|->... --from <subnet|vm> --to <subnet|vm>
                  [--ports <port,port,...>|all] [--format table|json]

Which ports flow from one tier to another: every VM interface of --from to every VM interface of
--to, through the source's outbound NSGs (NIC, then subnet) and the destination's inbound NSGs
(subnet, then NIC). A subnet is given by resource ID or as <vnet>/<subnet>; a VM by name or ID.

Options:
  --inventory, -i <path>   snapshot files or directories (repeatable)
  --from, --to <what>      a subnet or a VM
  --ports <list>|all       ports to check, e.g. 1433,3306,5432 (default all: every port range
                           the rules on the path tell apart; only the open ones are listed)
  --format <table|json>    output (default table)
  --jit-state <dir>        apply the JIT state there (vigil jit --state): NSGs as JIT left them

Exit status: 0 when the report is written, 2 on bad input.`;

export const netPathsCommand: Command = {
  path: ['net', 'paths'],
  summary: 'segmentation: which ports flow between two subnets or VMs, and the rules that decide',
  usage: USAGE,
  async run(args: string[], io: Io): Promise<number> {
    const parsed = parseCommandLine(args, {
      inventory: { type: 'list', short: 'i' },
      from: { type: 'string' },
      to: { type: 'string' },
      ports: { type: 'string' },
      format: { type: 'string' },
      'jit-state': { type: 'string' },
    });
    if (parsed.positionals.length > 0) throw new UsageError(`unexpected argument '${parsed.positionals[0]}'`);
    const inventories = listOption(parsed, 'inventory');
    if (inventories.length === 0) throw new UsageError('--inventory is required');
    const from = stringOption(parsed, 'from');
    const to = stringOption(parsed, 'to');
    if (from === undefined || to === undefined) throw new UsageError('--from and --to are required');
    const ports = portsOption(stringOption(parsed, 'ports') ?? 'all');
    const format = stringOption(parsed, 'format') ?? 'table';
    if (format !== 'table' && format !== 'json')
      throw new UsageError(`--format must be table or json, not '${format}'`);

    const engine = await loadNetwork(inventories, io, stringOption(parsed, 'jit-state'));
    if (engine === undefined) return EXIT_BAD_INPUT;
    const result = tierFlows(engine, { from, to, ports });
    if ('error' in result) {
      io.err(`vigil net paths: ${result.error}\n`);
      return EXIT_BAD_INPUT;
    }
    const nsgs: Resource[] = result.flows.flatMap((f) =>
      [...f.from.outbound, ...f.to.inbound].flatMap((l) => (l.kind === 'nsg' ? [l.compiled.nsg] : [])),
    );
    reportRuleProblems(io, engine, nsgs);
    io.out(
      format === 'json'
        ? `${JSON.stringify(result.flows.map(flowJson), null, 2)}\n`
        : renderFlows(result.flows, ports === 'all'),
    );
    return EXIT_OK;
  },
};

function portsOption(text: string): number[] | 'all' {
  if (text.toLowerCase() === 'all') return 'all';
  const ports = text.split(',').map((p) => {
    const port = parsePort(p.trim());
    if (port === undefined)
      throw new UsageError(`--ports must be port numbers separated by commas, or all; '${p}' is not a port`);
    return port;
  });
  return [...new Set(ports)];
}

function endJson(end: FlowEnd) {
  return { label: end.label, vm: end.vm ?? null, nic: end.nic ?? null };
}

function stepJson(step: ChainStep | undefined) {
  return step === undefined ? null : flowStep(step);
}

function flowJson(flow: TierFlow) {
  return {
    from: endJson(flow.from),
    to: endJson(flow.to),
    protocol: flow.protocol,
    ports: flow.verdicts.map((v) => ({
      ports: formatPortRange(v.ports),
      access: v.access,
      decidedBy: stepJson(v.decidedBy),
      outbound: v.outbound.steps.map(stepJson),
      inbound: v.inbound?.steps.map(stepJson) ?? [],
    })),
  };
}

function renderFlows(flows: TierFlow[], openOnly: boolean): string {
  const rows = flows.flatMap((f) =>
    f.verdicts
      .filter((v) => !openOnly || v.access !== 'Deny')
      .map((v) => [
        f.from.label,
        f.to.label,
        f.protocol.toUpperCase(),
        formatPortRange(v.ports),
        v.access,
        v.decidedBy?.nsg
          ? `${v.decidedBy.nsg.name}/${v.decidedBy.rule?.name ?? '(no rule)'}${v.decidedBy.rule ? ` (${v.decidedBy.rule.priority})` : ''}`
          : 'no NSG',
      ]),
  );
  if (rows.length === 0) return openOnly ? 'No port flows between them.\n' : 'No flows.\n';
  return renderInputTable(
    ['FROM', 'TO', 'PROTO', 'PORTS', 'ACCESS', 'DECIDED BY'],
    rows,
    [40, 40, 5, 12, 7, 80],
  );
}
