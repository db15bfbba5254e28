import type { EnableInput } from './enable.ts';
import { JitInputError } from './errors.ts';
import { JIT_PROTOCOLS, type JitPortRule } from './policy.ts';

/** Defender's default when JIT is enabled from the VM blade: "Maximum allowed access: Three hours". */
export const DEFAULT_MAX_DURATION = 'PT3H';

export interface EnableFlags {
  vm: string;
  /** `22,3389` or one port per value. */
  ports: string[];
  protocol: string | undefined;
  sources: string[];
  maxDuration: string | undefined;
  user: string;
}

/**
 * A policy made from command-line flags, with Defender's defaults (MicrosoftDocs/azure-docs@02d00dc8
 * just-in-time-access-usage.md: max three hours, source "Any"; REST examples: protocol `*`). One source goes
 * in `allowedSourceAddressPrefix`, several in `allowedSourceAddressPrefixes`. The policy is checked fully by
 * enable; here only what the flags' own syntax says.
 */
export function enableInputFromFlags(flags: EnableFlags): EnableInput {
  const problems: string[] = [];
  const numbers = flags.ports
    .flatMap((v) => v.split(','))
    .map((text) => {
      const trimmed = text.trim();
      if (!/^[0-9]{1,5}$/.test(trimmed) || Number(trimmed) > 65535)
        problems.push(`--ports '${text}' is not a port number (0 to 65535)`);
      return Number(trimmed);
    });
  const protocol = JIT_PROTOCOLS.find((p) => p === (flags.protocol ?? '*').toUpperCase());
  if (protocol === undefined) problems.push(`--protocol must be TCP, UDP or *, not '${flags.protocol}'`);
  if (problems.length > 0 || protocol === undefined) throw new JitInputError(problems);
  const sources = flags.sources.length > 0 ? flags.sources : ['*'];
  const ports: JitPortRule[] = numbers.map((number) => ({
    number,
    protocol,
    ...(sources.length === 1
      ? { allowedSourceAddressPrefix: sources[0]! }
      : { allowedSourceAddressPrefixes: [...sources] }),
    maxRequestAccessDuration: flags.maxDuration ?? DEFAULT_MAX_DURATION,
  }));
  return { vm: flags.vm, ports, user: flags.user };
}
