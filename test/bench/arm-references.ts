/**
 * Referential-integrity helpers for ARM-shaped estates: which ids an estate
 * defines (resources and the sub-resources ARM nests inside them, such as
 * subnets, ip configurations and rules) and which ARM ids it refers to.
 * Ids compare case-insensitively, as Azure compares them.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Ids of the resources plus every nested object that has both `id` and `name` (a sub-resource). */
export function definedIds(resources: readonly object[]): Set<string> {
  const ids = new Set<string>();
  const visit = (value: unknown, top: boolean): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item, false);
      return;
    }
    if (!isObject(value)) return;
    if (typeof value.id === 'string' && (top || typeof value.name === 'string'))
      ids.add(value.id.toLowerCase());
    for (const child of Object.values(value)) visit(child, false);
  };
  for (const resource of resources) visit(resource, true);
  return ids;
}

export interface Reference {
  from: string;
  path: string;
  target: string;
}

/**
 * Every string value that is an ARM id (`/subscriptions/...`), other than a
 * sub-resource's own `id`. Platform image ids start `/Subscriptions/` (capital S,
 * as Compute writes them) and point outside any estate, so they are not counted.
 */
export function references(resources: readonly object[]): Reference[] {
  const found: Reference[] = [];
  const visit = (from: string, value: unknown, path: string): void => {
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        visit(from, item, `${path}[${i}]`);
      });
      return;
    }
    if (!isObject(value)) return;
    const isSubResource = typeof value.name === 'string';
    for (const [key, child] of Object.entries(value)) {
      if (
        typeof child === 'string' &&
        child.startsWith('/subscriptions/') &&
        !(key === 'id' && isSubResource)
      ) {
        found.push({ from, path: `${path}.${key}`, target: child });
      }
      visit(from, child, `${path}.${key}`);
    }
  };
  for (const resource of resources) {
    const r = resource as { id: string; name?: string; properties?: unknown } & Record<string, unknown>;
    for (const [key, child] of Object.entries(r)) {
      if (key === 'id') continue;
      if (typeof child === 'string' && child.startsWith('/subscriptions/'))
        found.push({ from: r.id, path: key, target: child });
      visit(r.id, child, key);
    }
  }
  return found;
}

export function danglingReferences(resources: readonly object[]): Reference[] {
  const ids = definedIds(resources);
  return references(resources).filter((ref) => !ids.has(ref.target.toLowerCase()));
}
