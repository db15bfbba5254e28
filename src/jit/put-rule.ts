import { type NetworkAdapter, RuleConflictError } from './adapter.ts';
import { type RuleView, type SecurityRule, viewRule } from './security-rule.ts';

export type Choice = { ok: true; rule: SecurityRule } | { ok: false; message: string };

/** How often to read the rules again when another writer took the chosen priority first. */
const ATTEMPTS = 5;

/**
 * Puts a rule whose priority is chosen from the NSG's rules as they are now. If another writer took that
 * priority in between (the NSG answers with a conflict), the rules are read again and the choice made again:
 * two rules never share a priority and direction, whoever else writes the NSG.
 */
export async function putPlaced(
  adapter: NetworkAdapter,
  nsgId: string,
  choose: (rules: RuleView[]) => Choice,
): Promise<Choice> {
  let last = '';
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const views = (await adapter.listRules(nsgId)).map(viewRule);
    const choice = choose(views);
    if (!choice.ok) return choice;
    try {
      await adapter.putRule(nsgId, choice.rule);
      return choice;
    } catch (e) {
      if (!(e instanceof RuleConflictError)) throw e;
      last = e.message;
    }
  }
  return { ok: false, message: `the NSG kept changing while a priority was chosen (${last})` };
}
