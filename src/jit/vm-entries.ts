import { getProperty, isJsonObject, type JsonObject, type JsonValue } from '../util/json.ts';

/**
 * The entries of a JIT `virtualMachines` list (a policy's, or one request's) that are for this VM, with
 * their index for error paths. ARM ids are case-insensitive, and Resource Graph lower-cases them.
 */
export function* entriesForVm(list: JsonValue | undefined, vmId: string): Generator<[number, JsonObject]> {
  if (!Array.isArray(list)) return;
  const want = vmId.toLowerCase();
  for (const [i, entry] of list.entries()) {
    if (!isJsonObject(entry)) continue;
    const id = getProperty(entry, 'id');
    if (typeof id === 'string' && id.toLowerCase() === want) yield [i, entry];
  }
}
