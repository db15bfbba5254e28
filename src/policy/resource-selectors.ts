import type { JsonValue } from '../util/json.ts';
import { isJsonObject } from '../util/json.ts';
import { powerShellDepthHint } from '../util/powershell-depth.ts';
import { keysOf, member, pointerJoin } from './rule-json.ts';

/**
 * Resource selectors of policy assignments and exemptions
 * (https://learn.microsoft.com/azure/governance/policy/concepts/assignment-structure#resource-selectors):
 * `resourceLocation` and `resourceType` select by the resource's location or type, `resourceWithoutLocation`
 * the subscription-level resources without a location (its one value, `subscriptionLevelResources`); each
 * selector has `in` or `notIn`. Values here are lower-cased, locations without spaces.
 */
export interface ResourceSelector {
  name: string;
  selectors: { kind: SelectorKind; in: boolean; values: string[] }[];
}

export type SelectorKind = 'resourceLocation' | 'resourceType' | 'resourceWithoutLocation';
const SELECTOR_KINDS: readonly SelectorKind[] = [
  'resourceLocation',
  'resourceType',
  'resourceWithoutLocation',
];

/** What a selector looks at in a resource. */
export interface SelectedResource {
  resourceId: string;
  resourceType: string;
  /** Undefined when the resource has none. */
  location: string | undefined;
}

export class SelectorProblem {
  constructor(
    readonly pointer: string,
    readonly message: string,
  ) {}
}

/** The selectors, or the first thing wrong with them. */
export function readResourceSelectors(
  value: JsonValue | undefined,
  at: string,
): ResourceSelector[] | undefined | SelectorProblem {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) return new SelectorProblem(at, 'resourceSelectors must be an array');
  const read: ResourceSelector[] = [];
  for (const [i, item] of value.entries()) {
    const itemAt = `${at}/${i}`;
    // Az PowerShell 7 names the list in the singular.
    const keys = isJsonObject(item) ? keysOf(item) : undefined;
    const listKey = keys?.get('selectors') ?? keys?.get('selector') ?? 'selectors';
    const list = isJsonObject(item) ? item[listKey] : undefined;
    if (!isJsonObject(item) || !Array.isArray(list))
      return new SelectorProblem(
        itemAt,
        `a resource selector must be an object with a "selectors" array${powerShellDepthHint(isJsonObject(item) ? list : item)}`,
      );
    const selectors: ResourceSelector['selectors'] = [];
    for (const [j, selector] of list.entries()) {
      const selectorAt = `${pointerJoin(itemAt, listKey)}/${j}`;
      if (!isJsonObject(selector))
        return new SelectorProblem(
          selectorAt,
          `a selector must be an object${powerShellDepthHint(selector)}`,
        );
      const kind = SELECTOR_KINDS.find(
        (k) => k.toLowerCase() === text(member(selector, 'kind'))?.toLowerCase(),
      );
      if (kind === undefined)
        return new SelectorProblem(
          `${selectorAt}/kind`,
          `kind must be one of ${SELECTOR_KINDS.join(', ')}, found ${JSON.stringify(member(selector, 'kind') ?? null)}`,
        );
      if (selectors.some((s) => s.kind === kind))
        return new SelectorProblem(`${selectorAt}/kind`, `${kind} is used twice in one resource selector`);
      const values = inOrNotIn(selector, selectorAt);
      if (values instanceof SelectorProblem) return values;
      selectors.push({
        kind,
        in: values.in,
        values: values.values.map((v) =>
          kind === 'resourceLocation' ? normalizeLocation(v) : v.toLowerCase(),
        ),
      });
    }
    const kinds = new Set(selectors.map((s) => s.kind));
    if (kinds.has('resourceLocation') && kinds.has('resourceWithoutLocation'))
      return new SelectorProblem(
        pointerJoin(itemAt, listKey),
        'resourceLocation and resourceWithoutLocation cannot be used in one resource selector',
      );
    const name = text(member(item, 'name'));
    read.push({ name: name ?? `resourceSelectors[${i}]`, selectors });
  }
  return read;
}

/** A selector's list: exactly one of `in` and `notIn`, an array of strings. */
export function inOrNotIn(
  selector: Record<string, JsonValue>,
  at: string,
): { in: boolean; values: string[] } | SelectorProblem {
  const keys = keysOf(selector);
  const within = member(selector, 'in');
  const without = member(selector, 'notIn');
  if ((within === undefined) === (without === undefined))
    return new SelectorProblem(at, 'a selector needs exactly one of "in" and "notIn"');
  const values = within ?? without;
  if (!Array.isArray(values) || values.some((v) => typeof v !== 'string'))
    return new SelectorProblem(
      pointerJoin(at, keys.get(within !== undefined ? 'in' : 'notin') ?? 'in'),
      'must be an array of strings',
    );
  return { in: within !== undefined, values: values as string[] };
}

/** A resource is selected when it meets every selector of at least one resource selector. */
export function selectorsCover(selectors: readonly ResourceSelector[], resource: SelectedResource): boolean {
  return selectors.some((selector) =>
    selector.selectors.every((s) => s.in === s.values.includes(selected(s.kind, resource))),
  );
}

/** The value a selector of `kind` compares with its list. */
function selected(kind: SelectorKind, resource: SelectedResource): string {
  switch (kind) {
    case 'resourceLocation':
      return resource.location === undefined ? '' : normalizeLocation(resource.location);
    case 'resourceType':
      return resource.resourceType.toLowerCase();
    case 'resourceWithoutLocation':
      return !resource.location && !/\/resourcegroups\//i.test(resource.resourceId)
        ? 'subscriptionlevelresources'
        : '';
  }
}

export function normalizeLocation(location: string): string {
  return location.replace(/ /g, '').toLowerCase();
}

function text(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
