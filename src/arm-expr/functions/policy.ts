import { expectInteger, expectString, valueError } from '../args.ts';
import { addMilliseconds, checkRange, formatDateTime, parseDateTime } from '../dotnet-datetime.ts';
import type { ArmFunction } from '../functions.ts';
import { IpRangeError, ipRangeContains } from '../ip-range.ts';
import { nowFrom, withDates } from './date.ts';

/**
 * Functions only Azure Policy rules have (governance/policy/concepts/definition-structure-policy-rule.md,
 * "Policy functions"). The policy engine adds them with `registry.extend(policyFunctions)`,
 * which also replaces the template `utcNow`. `field`, `current`, `parameters` and the other
 * context functions belong to the policy engine, which knows its context.
 */

/** "Universal ISO 8601 DateTime format yyyy-MM-ddTHH:mm:ss.fffffffZ" — the policy utcNow() format. */
const POLICY_DATE_TIME = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffff'Z'";
const DAY_MS = 86_400_000;

export const policyFunctions: ArmFunction[] = [
  {
    name: 'ipRangeContains',
    minArgs: 2,
    maxArgs: 2,
    pure: true,
    call(args) {
      const range = expectString('ipRangeContains', args, 0);
      const target = expectString('ipRangeContains', args, 1);
      try {
        return ipRangeContains(range, target);
      } catch (error) {
        if (error instanceof IpRangeError) throw valueError('ipRangeContains', error.message);
        throw error;
      }
    },
  },
  {
    name: 'addDays',
    minArgs: 2,
    maxArgs: 2,
    pure: true,
    // The docs give the input format only; the output uses the same format as the policy utcNow().
    call(args) {
      const dateTime = expectString('addDays', args, 0);
      const days = expectInteger('addDays', args, 1);
      return withDates('addDays', () =>
        formatDateTime(
          checkRange(addMilliseconds(parseDateTime(dateTime).instant, days * DAY_MS)),
          POLICY_DATE_TIME,
        ),
      );
    },
  },
  {
    name: 'utcNow',
    minArgs: 0,
    maxArgs: 0,
    // Unlike the template function, usable anywhere in a rule and without a format argument.
    call: (_args, ctx) => formatDateTime(nowFrom(ctx), POLICY_DATE_TIME),
  },
];
