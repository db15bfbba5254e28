import { type FlowResult, verifyFlow } from '../../network/flow-verify.ts';
import { parsePort } from '../../network/port-ranges.ts';
import { renderInputTable } from '../../report/table.ts';
import { printable } from '../../util/printable.ts';
import { listOption, parseCommandLine, stringOption } from '../args.ts';
import type { Command } from '../command.ts';
import { EXIT_BAD_INPUT, EXIT_OK, type Io, UsageError } from '../io.ts';
import { loadNetwork, reportRuleProblems } from './net-inventory.ts';

const USAGE = `Usage: vigil net verify --inventory <file|dir|->... --vm <name|id> --direction inbound|outbound
                   --protocol tcp|udp|icmp --remote <ip>[:port] [--port <local port>] [--local-ip <ip>]
                   [--local <ip>:<port>] [--format table|json]

Like Network Watcher's IP flow verify, offline: whether a packet between the VM and a remote
address is allowed, and the NSG rule that decides (or the default rule, or "no NSG"). Inbound,
the subnet's NSG is evaluated before the NIC's; outbound, the NIC's before the subnet's.

Options:
  --inventory, -i <path>   snapshot files or directories (repeatable)
  --vm <name|id>           the VM (its primary IP configuration unless --local-ip names another)
  --direction <dir>        inbound (remote → VM) or outbound (VM → remote)
  --protocol <proto>       tcp, udp or icmp
  --remote <ip>[:port]     the other end; IPv6 with a port as [2001:db8::1]:443
  --port <port>            the VM's port (required for tcp and udp)
  --local-ip <ip>          which of the VM's private addresses
  --local <ip>:<port>      both at once, as az network watcher test-ip-flow takes them
  --format <table|json>    output (default table)
  --jit-state <dir>        apply the JIT state there (vigil jit --state): NSGs as JIT left them

Without a remote port, rules that name source or destination ports other than * can make the
answer depend on it; the output says so.

Exit status: 0 with a verdict (Allow, Deny or Unknown), 2 on bad input.`;

export const netVerifyCommand: Command = {
  path: ['net', 'verify'],
  summary: 'IP flow verify: is this packet allowed, and by which NSG rule',
  usage: USAGE,
  async run(args: string[], io: Io): Promise<number> {
    const parsed = parseCommandLine(args, OPTIONS);
    if (parsed.positionals.length > 0) throw new UsageError(`unexpected argument '${parsed.positionals[0]}'`);
    const inventories = listOption(parsed, 'inventory');
    if (inventories.length === 0) throw new UsageError('--inventory is required');
    const vm = required(stringOption(parsed, 'vm'), '--vm');
    const direction = choice(required(stringOption(parsed, 'direction'), '--direction'), '--direction', {
      inbound: 'Inbound',
      outbound: 'Outbound',
    } as const);
    const protocol = choice(required(stringOption(parsed, 'protocol'), '--protocol'), '--protocol', {
      tcp: 'Tcp',
      udp: 'Udp',
      icmp: 'Icmp',
    } as const);
    const remote = splitEndpoint(required(stringOption(parsed, 'remote'), '--remote'));
    const local = localEndpoint(stringOption(parsed, 'local'), stringOption(parsed, 'local-ip'));
    const portText = stringOption(parsed, 'port');
    if (portText !== undefined && local.port !== undefined)
      throw new UsageError('give the VM’s port with --local <ip>:<port> or with --port, not both');
    const localPort = portText === undefined ? local.port : parsePort(portText);
    if (portText !== undefined && localPort === undefined)
      throw new UsageError(`--port must be a port number 0-65535, not '${portText}'`);
    if (localPort === undefined && protocol !== 'Icmp')
      throw new UsageError('--port is required for tcp and udp');
    const format = stringOption(parsed, 'format') ?? 'table';
    if (format !== 'table' && format !== 'json')
      throw new UsageError(`--format must be table or json, not '${format}'`);

    const engine = await loadNetwork(inventories, io, stringOption(parsed, 'jit-state'));
    if (engine === undefined) return EXIT_BAD_INPUT;
    const result = verifyFlow(engine, {
      vm,
      direction,
      protocol,
      remoteAddress: remote.address,
      remotePort: remote.port,
      localPort,
      localAddress: local.address,
    });
    if ('error' in result) {
      io.err(`vigil net verify: ${result.error}\n`);
      return EXIT_BAD_INPUT;
    }
    const nsgs = result.ruleProblems.flatMap((p) => {
      const nsg = engine.inventory.get(p.nsgId);
      return nsg ? [nsg] : [];
    });
    reportRuleProblems(io, engine, nsgs);
    io.out(format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : renderVerdict(result));
    return EXIT_OK;
  },
};

const OPTIONS = {
  inventory: { type: 'list', short: 'i' },
  vm: { type: 'string' },
  direction: { type: 'string' },
  protocol: { type: 'string' },
  remote: { type: 'string' },
  port: { type: 'string' },
  'local-ip': { type: 'string' },
  local: { type: 'string' },
  format: { type: 'string' },
  'jit-state': { type: 'string' },
} as const;

function required(value: string | undefined, flag: string): string {
  if (value === undefined) throw new UsageError(`${flag} is required`);
  return value;
}

function choice<T extends string>(value: string, flag: string, options: Record<string, T>): T {
  const key = value.toLowerCase();
  if (!Object.hasOwn(options, key))
    throw new UsageError(`${flag} must be ${Object.keys(options).join(', ')}, not '${value}'`);
  return options[key]!;
}

/**
 * `--local 10.0.0.4:22`, as `az network watcher test-ip-flow --local` takes the VM's end; or `--local-ip` (and
 * `--port`) apart. Not both addresses: they could disagree.
 */
function localEndpoint(
  local: string | undefined,
  localIp: string | undefined,
): { address: string | undefined; port: number | undefined } {
  if (local === undefined) return { address: localIp, port: undefined };
  if (localIp !== undefined)
    throw new UsageError('give the VM’s address with --local or with --local-ip, not both');
  const endpoint = splitEndpoint(local, '--local');
  if (endpoint.port === undefined) throw new UsageError(`--local must be <ip>:<port>, not '${local}'`);
  return endpoint;
}

/** `10.0.0.4`, `10.0.0.4:443`, `2001:db8::1`, `[2001:db8::1]:443`. */
export function splitEndpoint(
  text: string,
  flag = '--remote',
): { address: string; port: number | undefined } {
  const portOf = (p: string) => {
    const port = parsePort(p);
    if (port === undefined) throw new UsageError(`${flag} port must be 0-65535, not '${p}'`);
    return port;
  };
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close === -1) throw new UsageError(`${flag} '${text}' has no closing ]`);
    const rest = text.slice(close + 1);
    if (rest !== '' && !rest.startsWith(':')) throw new UsageError(`${flag} '${text}' is not [address]:port`);
    return { address: text.slice(1, close), port: rest === '' ? undefined : portOf(rest.slice(1)) };
  }
  const colon = text.indexOf(':');
  // More than one colon is an IPv6 address without a port.
  if (colon === -1 || text.indexOf(':', colon + 1) !== -1) return { address: text, port: undefined };
  return { address: text.slice(0, colon), port: portOf(text.slice(colon + 1)) };
}

function renderVerdict(r: FlowResult): string {
  const lines = [
    printable(
      `${r.access.toUpperCase()}  ${r.direction.toLowerCase()} ${r.direction === 'Inbound' ? `${r.remoteAddress} → ${r.vm.name} ${r.localAddress}` : `${r.vm.name} ${r.localAddress} → ${r.remoteAddress}`} (NIC ${r.nic.name})`,
    ),
    printable(r.reason),
    '',
    renderInputTable(
      ['LEVEL', 'NSG', 'RULE', 'PRIORITY', 'ACCESS'],
      r.chain.map((s) => [
        s.level,
        s.nsgId ? s.nsgId.slice(s.nsgId.lastIndexOf('/') + 1) : '(no NSG)',
        s.ruleName ?? '—',
        s.priority === null ? '—' : String(s.priority),
        s.access,
      ]),
      [6, 60, 60, 8, 7],
    ).trimEnd(),
  ];
  for (const d of r.dependsOn) lines.push(printable(`depends on: ${d}`));
  for (const n of r.notes) lines.push(printable(`note: ${n}`));
  return `${lines.join('\n')}\n`;
}
