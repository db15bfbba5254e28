import { userInfo } from 'node:os';
import { join } from 'node:path';
import { describeOrigin } from '../../inventory/resource.ts';
import { asJitPolicies } from '../../jit/arm-view.ts';
import { auditTrail } from '../../jit/audit.ts';
import { type Clock, systemClock } from '../../jit/clock.ts';
import type { EnableInput } from '../../jit/enable.ts';
import { DEFAULT_MAX_DURATION, enableInputFromFlags } from '../../jit/enable-flags.ts';
import type { Outcome } from '../../jit/engine.ts';
import { JitInputError } from '../../jit/errors.ts';
import { JournalCorruptError } from '../../jit/journal.ts';
import { type LockOptions, LockTimeoutError } from '../../jit/lock.ts';
import { OverlayError } from '../../jit/overlay.ts';
import { findSnapshotPolicy } from '../../jit/policy.ts';
import type { ReconcileReport } from '../../jit/reconcile.ts';
import {
  reconcileLines,
  renderAudit,
  renderEnable,
  renderList,
  renderReconcile,
  renderRequest,
  renderRevoke,
} from '../../jit/render.ts';
import { findInventoryVm } from '../../jit/topology.ts';
import { openWorkspace, type Workspace } from '../../jit/workspace.ts';
import { flagOption, listOption, type ParsedArgs, parseCommandLine, stringOption } from '../args.ts';
import type { Command } from '../command.ts';
import { EXIT_BAD_INPUT, EXIT_OK, type Io, UsageError } from '../io.ts';

/** Exit status of a request the policy refused. */
const EXIT_REFUSED = 1;

export interface JitCommandDeps {
  /** The JIT clock (a fake one in tests); the system clock by default. */
  clock?: Clock;
  lock?: LockOptions;
  env?: NodeJS.ProcessEnv;
  cwd?: () => string;
}

const STATE_HELP = `  --state <dir>            JIT state (journal, lock, NSG overlay); default $VIGIL_STATE_DIR, else .vigil/jit
  --format <table|json>    output (default table)`;

const COMMON = {
  state: { type: 'string' },
  inventory: { type: 'list' },
  format: { type: 'string' },
} as const;

/** `vigil jit enable|request|revoke|list|reconcile`: thin shells over src/jit. */
export function jitCommands(deps: JitCommandDeps = {}): Command[] {
  const env = deps.env ?? process.env;
  const cwd = deps.cwd ?? (() => process.cwd());

  const open = async (parsed: ParsedArgs, deferRecord = false): Promise<Workspace> =>
    openWorkspace({
      stateDir: stringOption(parsed, 'state') ?? env.VIGIL_STATE_DIR ?? join(cwd(), '.vigil', 'jit'),
      inventory: listOption(parsed, 'inventory'),
      deferRecord,
      ...(deps.clock && { clock: deps.clock }),
      ...(deps.lock && { lock: deps.lock }),
    });

  const enableCommand: Command = {
    path: ['jit', 'enable'],
    summary: 'put a VM under a JIT policy: deny rules close its management ports',
    usage: `Usage: vigil jit enable --inventory <snapshot>... --vm <name|id> [--ports 22,3389] [options]

Writes a deny rule for the policy's ports in every NSG on the VM's path (destination the VM's private IP,
named and described as Defender for Cloud names them), after any existing rule that allows those ports,
else from priority 1000. The snapshot is never changed: NSG changes go to the overlay in the state directory.

Options:
  --ports <n,n,...>        ports to guard; without it, the VM's entry in a JIT policy in the snapshot is used
  --protocol <TCP|UDP|*>   protocol of the ports (default *, as in Defender's policies)
  --source <prefix>...     sources requests may open for: IPs, CIDRs, or * (default *, Defender's default)
  --max-duration <ISO>     longest grant, PT5M to P1D (default ${DEFAULT_MAX_DURATION})
  --user <name>            who enables, for the audit log (default: the OS user)
  --inventory <path>...    the snapshot (recorded for later commands)
${STATE_HELP}

Exit status: 0 enabled, 1 refused (no NSG, no room for the deny rule), 2 bad input.`,
    run: (args, io) =>
      guard(io, async () => {
        const parsed = parseCommandLine(args, {
          ...COMMON,
          vm: { type: 'string' },
          ports: { type: 'list' },
          protocol: { type: 'string' },
          source: { type: 'list' },
          'max-duration': { type: 'string' },
          user: { type: 'string' },
        });
        noPositionals(parsed);
        const format = formatOf(parsed);
        const vm = required(parsed, 'vm');
        if (listOption(parsed, 'inventory').length === 0)
          throw new UsageError('give the snapshot with --inventory');
        const ws = await open(parsed, true);
        const engine = ws.engine!;
        const ports = listOption(parsed, 'ports');
        const target = findInventoryVm(ws.inventory!, vm);
        const snapshot = target.ok ? findSnapshotPolicy(ws.inventory!, target.vm.id) : undefined;
        // Defender's open requests stay open in Azure until they end, whichever ports Vigil now guards.
        const requests = snapshot?.requests ?? [];
        let input: EnableInput;
        if (ports.length > 0) {
          input = enableInputFromFlags({
            vm,
            ports,
            protocol: stringOption(parsed, 'protocol'),
            sources: listOption(parsed, 'source'),
            maxDuration: stringOption(parsed, 'max-duration'),
            user: userOf(parsed),
          });
          input = { ...input, requests };
        } else {
          for (const flag of ['protocol', 'source', 'max-duration'])
            if (parsed.options[flag] !== undefined) throw new UsageError(`--${flag} goes with --ports`);
          if (!target.ok) throw new JitInputError([target.message]);
          if (!snapshot)
            throw new JitInputError([
              `no JIT policy in the snapshot lists VM ${target.vm.name}; give --ports to make one`,
            ]);
          if (snapshot.problems.length > 0) {
            const origin = ws.inventory!.origin(snapshot.policy.id);
            const where = origin ? `${describeOrigin(origin)}: ` : '';
            throw new JitInputError(
              snapshot.problems.map((p) => `${where}${snapshot.policy.id} ${p.field}: ${p.message}`),
            );
          }
          input = {
            vm: target.vm.id,
            ports: snapshot.ports,
            policy: snapshot.policy,
            user: userOf(parsed),
            requests,
          };
        }
        const outcome = await engine.enable(input);
        report(io, outcome, ws.warnings);
        const { result } = outcome;
        if (result.enabled) {
          await ws.record();
          for (const w of result.warnings) io.err(`warning: ${w}\n`);
          if (result.cleanup)
            for (const line of reconcileLines(result.cleanup)) io.err(`reconcile: ${line}\n`);
        }
        io.out(format === 'json' ? json(result) : renderEnable(result));
        return result.enabled ? EXIT_OK : EXIT_REFUSED;
      }),
  };

  const requestCommand: Command = {
    path: ['jit', 'request'],
    summary: 'open a JIT-guarded port for one source, for a bounded time',
    usage: `Usage: vigil jit request --vm <name|id> --port <n> [--port <n>]... --for <1h|PT1H>
         (--source <ip|cidr> | --my-ip <ip>) --user <name> [--justification <text>] [options]

Checks the request against the VM's JIT policy (port listed, duration at most the port's maximum, source
within its allowed sources) and opens each port with an allow rule before the deny rule, for that source only.
A newer request for a port replaces the open one (statusReason NewerRequestInitiated).
Defender opens for the caller's IP when no source is given; offline Vigil cannot see it, so give
--my-ip <your IP> or --source <prefix>.

Options:
  --inventory <path>...    the snapshot (default: the one recorded at enable)
${STATE_HELP}

Exit status: 0 granted, 1 refused by the policy (reasons printed), 2 bad input.`,
    run: (args, io) =>
      guard(io, async () => {
        const parsed = parseCommandLine(args, {
          ...COMMON,
          vm: { type: 'string' },
          port: { type: 'list' },
          for: { type: 'string' },
          source: { type: 'string' },
          'my-ip': { type: 'string' },
          user: { type: 'string' },
          justification: { type: 'string' },
        });
        noPositionals(parsed);
        const format = formatOf(parsed);
        const vm = required(parsed, 'vm');
        const duration = required(parsed, 'for');
        const user = required(parsed, 'user');
        // Optional, as in Defender's initiate request; the audit log says when none was given.
        const justification = stringOption(parsed, 'justification') ?? '';
        const ports = portList(listOption(parsed, 'port'), '--port');
        if (ports.length === 0) throw new UsageError('give at least one --port');
        const source = stringOption(parsed, 'source');
        const myIp = stringOption(parsed, 'my-ip');
        if (source !== undefined && myIp !== undefined)
          throw new UsageError('give --source <prefix> or --my-ip <ip>, not both');
        if (source === undefined && myIp === undefined)
          throw new UsageError(
            'give --source <prefix> or --my-ip <ip> (offline, Vigil cannot see your address)',
          );
        const ws = await opened(open, parsed);
        const outcome = await ws.engine.request({
          vm,
          ports,
          duration,
          ...(source !== undefined && { source }),
          ...(myIp !== undefined && { requesterIp: myIp }),
          user,
          justification,
        });
        report(io, outcome, ws.warnings);
        if (outcome.result.granted) for (const w of outcome.result.warnings) io.err(`warning: ${w}\n`);
        io.out(format === 'json' ? json(outcome.result) : renderRequest(outcome.result));
        return outcome.result.granted ? EXIT_OK : EXIT_REFUSED;
      }),
  };

  const revokeCommand: Command = {
    path: ['jit', 'revoke'],
    summary: 'close JIT grants before their end time',
    usage: `Usage: vigil jit revoke (--grant <id> | --vm <name|id>) [--port <n>]... [--user <name>] [options]

Options:
  --port <n>...            only these ports of the grant(s) (default: every open port)
  --user <name>            who revokes, for the audit log (default: the OS user)
  --inventory <path>...    the snapshot (default: the one recorded at enable)
${STATE_HELP}

Exit status: 0 done (also when nothing was open), 2 bad input.`,
    run: (args, io) =>
      guard(io, async () => {
        const parsed = parseCommandLine(args, {
          ...COMMON,
          grant: { type: 'string' },
          vm: { type: 'string' },
          port: { type: 'list' },
          user: { type: 'string' },
        });
        noPositionals(parsed);
        const format = formatOf(parsed);
        const grantId = stringOption(parsed, 'grant');
        const vm = stringOption(parsed, 'vm');
        if (grantId !== undefined && vm !== undefined)
          throw new UsageError('give --grant <id> or --vm <name|id>, not both');
        if (grantId === undefined && vm === undefined)
          throw new UsageError('give --grant <id> or --vm <name|id>');
        const ports = portList(listOption(parsed, 'port'), '--port');
        const ws = await opened(open, parsed);
        const outcome = await ws.engine.revoke({
          ...(grantId !== undefined && { grantId }),
          ...(vm !== undefined && { vm }),
          ...(ports.length > 0 && { ports }),
          user: userOf(parsed),
        });
        report(io, outcome, ws.warnings);
        io.out(format === 'json' ? json(outcome.result) : renderRevoke(outcome.result));
        return EXIT_OK;
      }),
  };

  const listCommand: Command = {
    path: ['jit', 'list'],
    summary: 'JIT policies and open grants, or the audit log',
    usage: `Usage: vigil jit list [--audit] [--all] [options]

Without --audit: the VMs under JIT and the open grants (--all: closed ones too). --format json gives the
policies as Microsoft.Security/locations/jitNetworkAccessPolicies resources, requests included.
With --audit: every step — enable, grant, refuse, revoke, expire, reconcile — with who, when, what and why.

Options:
  --inventory <path>...    the snapshot (default: the one recorded at enable)
${STATE_HELP}`,
    run: (args, io) =>
      guard(io, async () => {
        const parsed = parseCommandLine(args, {
          ...COMMON,
          audit: { type: 'boolean' },
          all: { type: 'boolean' },
        });
        noPositionals(parsed);
        const format = formatOf(parsed);
        if (flagOption(parsed, 'audit') && flagOption(parsed, 'all'))
          throw new UsageError('--all lists closed grants too; the audit log (--audit) is always complete');
        const ws = await open(parsed);
        const now = (deps.clock ?? systemClock).now();
        const view = ws.engine ? await ws.engine.list() : undefined;
        if (view) report(io, view, ws.warnings);
        const { enabled = [], grants = [], events = [] } = view?.result ?? {};
        if (flagOption(parsed, 'audit')) {
          const trail = auditTrail(events);
          io.out(format === 'json' ? json({ events: trail }) : renderAudit(trail));
        } else if (format === 'json') {
          io.out(json({ policies: asJitPolicies(enabled, grants) }));
        } else {
          io.out(renderList(enabled, grants, now, flagOption(parsed, 'all')));
        }
        return EXIT_OK;
      }),
  };

  const reconcileCommand: Command = {
    path: ['jit', 'reconcile'],
    summary: 'make the NSGs match the JIT journal: expire grants, remove unknown JIT rules',
    usage: `Usage: vigil jit reconcile [--watch] [options]

Removes allow rules whose grant expired or that the journal has no record of, puts back missing or changed
deny rules, and reports each change (every jit command does this first). --watch keeps running and
reconciles at each expiry, and at least every minute, until interrupted.

Options:
  --inventory <path>...    the snapshot (default: the one recorded at enable)
${STATE_HELP}`,
    run: (args, io) =>
      guard(io, async () => {
        const parsed = parseCommandLine(args, { ...COMMON, watch: { type: 'boolean' } });
        noPositionals(parsed);
        const format = formatOf(parsed);
        const ws = await open(parsed);
        if (!ws.engine) {
          io.out(
            format === 'json'
              ? json({ nothing: 'no JIT state here' })
              : 'Nothing to reconcile: no JIT state here\n',
          );
          return EXIT_OK;
        }
        const print = (outcome: Outcome<ReconcileReport>) => {
          for (const n of outcome.notices) io.err(`${n.level}: ${n.message}\n`);
          for (const w of outcome.result.warnings) io.err(`warning: ${w}\n`);
          io.out(format === 'json' ? json(outcome.result) : renderReconcile(outcome.result));
        };
        if (!flagOption(parsed, 'watch')) {
          print(await ws.engine.reconcile());
          return EXIT_OK;
        }
        const stop = new AbortController();
        const onSignal = () => stop.abort();
        process.once('SIGINT', onSignal);
        process.once('SIGTERM', onSignal);
        try {
          await ws.engine.watch({ signal: stop.signal, onPass: print });
        } finally {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
        }
        return EXIT_OK;
      }),
  };

  return [enableCommand, requestCommand, revokeCommand, listCommand, reconcileCommand];
}

export const JIT_COMMANDS: Command[] = jitCommands();

/** Turns the library's bad-input errors into exit 2 with their messages; anything else is a bug and is thrown. */
async function guard(io: Io, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof JitInputError) {
      for (const p of e.problems) io.err(`error: ${p}\n`);
      return EXIT_BAD_INPUT;
    }
    if (e instanceof JournalCorruptError || e instanceof LockTimeoutError || e instanceof OverlayError) {
      io.err(`error: ${e.message}\n`);
      return EXIT_BAD_INPUT;
    }
    throw e;
  }
}

/** What happened before the command's own work: notices, snapshot warnings, and the reconcile's changes. */
function report(io: Io, outcome: Outcome<unknown>, warnings: readonly string[]): void {
  for (const w of warnings) io.err(`warning: ${w}\n`);
  for (const n of outcome.notices) io.err(`${n.level}: ${n.message}\n`);
  for (const line of reconcileLines(outcome.reconcile)) io.err(`reconcile: ${line}\n`);
  for (const w of outcome.reconcile.warnings) io.err(`warning: ${w}\n`);
}

async function opened(
  open: (parsed: ParsedArgs) => Promise<Workspace>,
  parsed: ParsedArgs,
): Promise<Workspace & { engine: NonNullable<Workspace['engine']> }> {
  const ws = await open(parsed);
  if (!ws.engine)
    throw new JitInputError(['no snapshot is recorded in the JIT state directory; give it with --inventory']);
  return ws as Workspace & { engine: NonNullable<Workspace['engine']> };
}

function formatOf(parsed: ParsedArgs): 'table' | 'json' {
  const format = stringOption(parsed, 'format') ?? 'table';
  if (format !== 'table' && format !== 'json')
    throw new UsageError(`--format must be table or json, not '${format}'`);
  return format;
}

function required(parsed: ParsedArgs, name: string): string {
  const value = stringOption(parsed, name);
  if (value === undefined) throw new UsageError(`--${name} is required`);
  return value;
}

function noPositionals(parsed: ParsedArgs): void {
  if (parsed.positionals.length > 0) throw new UsageError(`unexpected argument '${parsed.positionals[0]}'`);
}

/** `--port 22 --port 3389` or `--port 22,3389`. */
function portList(values: string[], flag: string): number[] {
  return values.flatMap((v) =>
    v.split(',').map((text) => {
      if (!/^[0-9]{1,5}$/.test(text.trim()) || Number(text) > 65535)
        throw new UsageError(`${flag} '${text}' is not a port number (0 to 65535)`);
      return Number(text);
    }),
  );
}

function userOf(parsed: ParsedArgs): string {
  const given = stringOption(parsed, 'user');
  if (given !== undefined) return given;
  try {
    return userInfo().username;
  } catch {
    throw new UsageError('give --user <name>: the OS user cannot be read');
  }
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
