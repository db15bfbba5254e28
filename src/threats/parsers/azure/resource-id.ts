import type { ThreatEvent } from '../../event.ts';

/**
 * `cloud.*` and `azure.resource.*` from an ARM resource id
 * (`/subscriptions/<sub>/resourceGroups/<rg>/providers/<ns>/<type>/<name>`), matched case-insensitively
 * as Azure does. A virtual machine's id also names the instance.
 */
export function setResourceFields(ev: ThreatEvent, resourceId: unknown): void {
  if (typeof resourceId !== 'string' || resourceId === '') return;
  ev['cloud.provider'] = 'azure';
  ev['azure.resource.id'] = resourceId;
  const parts = resourceId.split('/');
  for (let i = 1; i + 1 < parts.length; i += 2) {
    const key = parts[i]!.toLowerCase();
    const value = parts[i + 1]!;
    if (key === 'subscriptions') ev['cloud.account.id'] = value;
    else if (key === 'resourcegroups') ev['azure.resource.group'] = value;
    else if (key === 'providers') break;
  }
  const providers = parts.findIndex((p) => p.toLowerCase() === 'providers');
  if (providers !== -1 && parts.length >= providers + 4) {
    ev['azure.resource.provider'] = parts[providers + 1]!;
    ev['azure.resource.name'] = parts[parts.length - 1]!;
    const type = `${parts[providers + 1]}/${parts[providers + 2]}`.toLowerCase();
    if (type === 'microsoft.compute/virtualmachines' && parts.length === providers + 4) {
      ev['cloud.instance.id'] = resourceId;
      ev['cloud.instance.name'] = parts[providers + 3]!;
    }
  }
}

export function objectAt(value: unknown, key: string): Record<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const child = (value as Record<string, unknown>)[key];
  return typeof child === 'object' && child !== null && !Array.isArray(child)
    ? (child as Record<string, unknown>)
    : undefined;
}

/** A string, or the `.value` of an ARM `{value, localizedValue}` pair. */
export function stringOrValue(v: unknown): string | undefined {
  if (typeof v === 'string') return v === '' ? undefined : v;
  if (typeof v === 'object' && v !== null) {
    const inner = (v as Record<string, unknown>).value;
    return typeof inner === 'string' && inner !== '' ? inner : undefined;
  }
  return undefined;
}
