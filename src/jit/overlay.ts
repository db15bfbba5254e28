import { readFile } from 'node:fs/promises';
import { getProperty, isJsonObject, type JsonObject, type JsonValue } from '../util/json.ts';
import { parseJsonText } from '../util/parse-json.ts';
import { writeAtomically } from './durable-file.ts';
import type { SecurityRule } from './security-rule.ts';
import { viewRule } from './security-rule.ts';

/**
 * The NSG changes Vigil made on top of a snapshot, kept in Vigil's state directory so the user's snapshot
 * files are never rewritten. Per NSG: rules Vigil put (full ARM rule JSON) and names of snapshot rules Vigil
 * removed. An NSG's rules are then: the snapshot's, minus the removed names and the names Vigil put, plus
 * the rules Vigil put. A reader that wants the NSGs as they now are (a later `vigil net --overlay`) applies
 * exactly that to `properties.securityRules` of each NSG listed.
 */
export interface Overlay {
  version: 1;
  networkSecurityGroups: OverlayNsg[];
}

export interface OverlayNsg {
  id: string;
  addedRules: SecurityRule[];
  removedRules: string[];
}

export class OverlayError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'OverlayError';
  }
}

export async function readOverlay(file: string): Promise<Overlay> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, networkSecurityGroups: [] };
    throw e;
  }
  const parsed = parseJsonText(text, file);
  if (!parsed.ok) throw new OverlayError(file, `line ${parsed.error.line ?? '?'}: ${parsed.error.message}`);
  return checkOverlay(parsed.value, file);
}

export async function writeOverlay(file: string, overlay: Overlay): Promise<void> {
  await writeAtomically(file, `${JSON.stringify(overlay, null, 2)}\n`);
}

/** The NSG's rules with the overlay applied. */
export function applyOverlay(
  nsgId: string,
  snapshotRules: readonly JsonObject[],
  overlay: Overlay,
): JsonObject[] {
  const entry = find(overlay, nsgId);
  if (!entry) return [...snapshotRules];
  const hidden = new Set(
    [...entry.removedRules, ...entry.addedRules.map((r) => r.name)].map((n) => n.toLowerCase()),
  );
  return [
    ...snapshotRules.filter((r) => !hidden.has(viewRule(r).name.toLowerCase())),
    ...(structuredClone(entry.addedRules) as unknown as JsonObject[]),
  ];
}

export function recordPut(overlay: Overlay, nsgId: string, rule: SecurityRule): void {
  const entry = entryFor(overlay, nsgId);
  const name = rule.name.toLowerCase();
  entry.addedRules = [
    ...entry.addedRules.filter((r) => r.name.toLowerCase() !== name),
    structuredClone(rule),
  ];
  entry.removedRules = entry.removedRules.filter((n) => n.toLowerCase() !== name);
}

export function recordRemove(overlay: Overlay, nsgId: string, ruleName: string, inSnapshot: boolean): void {
  const entry = entryFor(overlay, nsgId);
  const name = ruleName.toLowerCase();
  entry.addedRules = entry.addedRules.filter((r) => r.name.toLowerCase() !== name);
  if (inSnapshot && !entry.removedRules.some((n) => n.toLowerCase() === name))
    entry.removedRules.push(ruleName);
}

function find(overlay: Overlay, nsgId: string): OverlayNsg | undefined {
  return overlay.networkSecurityGroups.find((n) => n.id.toLowerCase() === nsgId.toLowerCase());
}

function entryFor(overlay: Overlay, nsgId: string): OverlayNsg {
  let entry = find(overlay, nsgId);
  if (!entry) {
    entry = { id: nsgId, addedRules: [], removedRules: [] };
    overlay.networkSecurityGroups.push(entry);
  }
  return entry;
}

function checkOverlay(value: JsonValue, file: string): Overlay {
  if (!isJsonObject(value) || getProperty(value, 'version') !== 1)
    throw new OverlayError(file, 'not a Vigil NSG overlay (expected {"version": 1, …})');
  const list = getProperty(value, 'networkSecurityGroups');
  if (!Array.isArray(list)) throw new OverlayError(file, 'networkSecurityGroups must be a list');
  const nsgs: OverlayNsg[] = [];
  for (const [i, item] of list.entries()) {
    const at = `networkSecurityGroups[${i}]`;
    const id = isJsonObject(item) ? getProperty(item, 'id') : undefined;
    const added = isJsonObject(item) ? getProperty(item, 'addedRules') : undefined;
    const removed = isJsonObject(item) ? getProperty(item, 'removedRules') : undefined;
    if (typeof id !== 'string') throw new OverlayError(file, `${at}.id must be an NSG resource ID`);
    if (
      !Array.isArray(added) ||
      !added.every((r) => isJsonObject(r) && typeof getProperty(r, 'name') === 'string')
    )
      throw new OverlayError(file, `${at}.addedRules must be a list of security rules with names`);
    if (!Array.isArray(removed) || !removed.every((n) => typeof n === 'string'))
      throw new OverlayError(file, `${at}.removedRules must be a list of rule names`);
    nsgs.push({ id, addedRules: added as unknown as SecurityRule[], removedRules: removed as string[] });
  }
  return { version: 1, networkSecurityGroups: nsgs };
}
