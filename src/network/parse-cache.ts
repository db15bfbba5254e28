import { type AddressTerm, parseAddressTerm } from './address-prefix.ts';
import { type PortRange, parsePortSpec } from './port-ranges.ts';
import type { Endpoint } from './security-rules.ts';

/**
 * Parses of address prefixes and port specs, shared across rules: an estate's NSGs repeat the same
 * few hundred prefixes and ports across millions of rules, and the parsed values are never changed,
 * so each distinct text is parsed and stored once.
 */
export class ParseCache {
  readonly #terms = new Map<string, AddressTerm | undefined>();
  readonly #ports = new Map<string, PortRange[] | undefined>();
  readonly #endpoints = new Map<string, Endpoint>();
  /** By the text as written, null when it names no address. */
  readonly #prefixEndpoints = new Map<string, Endpoint | null>();
  readonly #groupEndpoints = new Map<string, Endpoint>();
  readonly #fields = new Map<string, string[]>();

  term(text: string): AddressTerm | undefined {
    if (this.#terms.has(text)) return this.#terms.get(text);
    const term = parseAddressTerm(text);
    this.#terms.set(text, term);
    return term;
  }

  /** One shared object per distinct endpoint (prefixes and groups). */
  endpoint(endpoint: Endpoint): Endpoint {
    const key = `${endpoint.written.join('\n')}|${endpoint.asgs.join('\n')}`;
    const found = this.#endpoints.get(key);
    if (found) return found;
    this.#endpoints.set(key, endpoint);
    return endpoint;
  }

  /**
   * The endpoint of one prefix and nothing else, or undefined when the text is blank or not a prefix:
   * most rules' sources and destinations, looked up by the text without building a key.
   */
  prefixEndpoint(text: string): Endpoint | undefined {
    let found = this.#prefixEndpoints.get(text);
    if (found === undefined) {
      const written = text.trim();
      const term = written === '' ? undefined : this.term(written);
      found = term === undefined ? null : this.endpoint({ terms: [term], written: [written], asgs: [] });
      this.#prefixEndpoints.set(text, found);
    }
    return found ?? undefined;
  }

  /**
   * The endpoint of one application security group and nothing else, by the group's ID as written:
   * a rule between groups names each by its long ID, which need not be lower-cased rule after rule.
   */
  groupEndpoint(id: string): Endpoint {
    let found = this.#groupEndpoints.get(id);
    if (found === undefined) {
      found = this.endpoint({ terms: [], written: [], asgs: [id.toLowerCase()] });
      this.#groupEndpoints.set(id, found);
    }
    return found;
  }

  /** `properties.<key>[<index>]`, one string per position for every NSG. */
  field(key: string, index: number): string {
    let list = this.#fields.get(key);
    if (list === undefined) {
      list = [];
      this.#fields.set(key, list);
    }
    list[index] ??= `properties.${key}[${index}]`;
    return list[index];
  }

  ports(spec: string): PortRange[] | undefined {
    if (this.#ports.has(spec)) return this.#ports.get(spec);
    const ranges = parsePortSpec(spec);
    this.#ports.set(spec, ranges);
    return ranges;
  }
}
