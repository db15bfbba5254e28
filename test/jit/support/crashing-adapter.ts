import type { NetworkAdapter, VmLookup } from '../../../src/jit/adapter.ts';
import type { SecurityRule } from '../../../src/jit/security-rule.ts';
import type { JsonObject } from '../../../src/util/json.ts';

/** Stands in for a process that dies: the n-th call of the named method throws instead of acting. */
export class CrashingAdapter implements NetworkAdapter {
  #calls = 0;

  constructor(
    private readonly inner: NetworkAdapter,
    private readonly method: 'putRule' | 'removeRule',
    private readonly nth: number,
  ) {}

  findVm(ref: string): Promise<VmLookup> {
    return this.inner.findVm(ref);
  }

  listRules(nsgId: string): Promise<JsonObject[]> {
    return this.inner.listRules(nsgId);
  }

  async putRule(nsgId: string, rule: SecurityRule): Promise<void> {
    if (this.method === 'putRule') this.#crashMaybe();
    return this.inner.putRule(nsgId, rule);
  }

  async removeRule(nsgId: string, ruleName: string): Promise<boolean> {
    if (this.method === 'removeRule') this.#crashMaybe();
    return this.inner.removeRule(nsgId, ruleName);
  }

  #crashMaybe(): void {
    if (++this.#calls === this.nth) throw new Error('simulated crash');
  }
}
