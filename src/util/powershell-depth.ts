import type { JsonValue } from './json.ts';

/**
 * PowerShell's ConvertTo-Json stops at -Depth 2 by default and writes each object below that as its .NET
 * type name ("System.Collections.Hashtable", "Microsoft.Azure.PowerShell.Cmdlets.Policy.Models.ResourceSelector").
 * Where an object was expected and such a name stands instead, this says what happened and how to export
 * whole; otherwise ''.
 */
export function powerShellDepthHint(value: JsonValue | undefined): string {
  if (typeof value !== 'string' || !looksLikeTypeName(value)) return '';
  return ` (found ${JSON.stringify(value)}: PowerShell's ConvertTo-Json wrote a .NET type name where the object was, as it does below its default -Depth 2; export again with ConvertTo-Json -Depth 100)`;
}

/** A dotted name starting with a capital, with no spaces: `System.Collections.Hashtable`, `System.Object[]`. */
function looksLikeTypeName(text: string): boolean {
  if (text.length > 300) return false;
  const first = text.charCodeAt(0);
  if (first < 0x41 || first > 0x5a) return false;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2e) {
      if (i === 0 || text.charCodeAt(i - 1) === 0x2e) return false;
      dots++;
    } else if (c <= 0x20) return false;
  }
  return dots >= 1 && text.charCodeAt(text.length - 1) !== 0x2e;
}
