import type { JsonValue } from './json.ts';

/**
 * PowerShell's ConvertTo-Json stops at -Depth 2 by default and writes each object below that as text: its
 * .NET type name ("System.Collections.Hashtable", "Microsoft.Azure.PowerShell.Cmdlets.Policy.Models.ResourceSelector")
 * or, for a PowerShell object, its members ("@{value=Deny}"). Where such text stands for a value, this says
 * what happened and how to export whole; otherwise ''.
 */
export function powerShellDepthHint(value: JsonValue | undefined): string {
  if (typeof value !== 'string' || !(looksLikeTypeName(value) || looksLikeObjectText(value))) return '';
  return ` (found ${JSON.stringify(value)}: PowerShell's ConvertTo-Json wrote text where the object was, as it does below its default -Depth 2; export again with ConvertTo-Json -Depth 100)`;
}

/** How PowerShell prints an object's members: `@{value=Deny}`. */
function looksLikeObjectText(text: string): boolean {
  return text.startsWith('@{') && text.endsWith('}') && text.includes('=');
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
