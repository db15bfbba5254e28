/**
 * Whether a definition of `version` (x.y.z, as a definition's `version` says) is one a reference's
 * `definitionVersion` asks for: an initiative or assignment pins the major version and takes the latest
 * minor and patch with `*` ("1.*.*"), or names an exact version. Azure keeps every version of a built-in;
 * a file holds one, so a reference may ask for another.
 * (https://learn.microsoft.com/azure/governance/policy/concepts/assignment-structure#policy-definition-id-and-version-preview)
 */
export function versionMatches(asked: string, version: string): boolean {
  // A `-preview` suffix ("1.*.*-preview", "1.0.2-preview") lets a preview version be taken; the numbers decide.
  const numbers = (text: string) => text.trim().split('-')[0]!.split('.');
  const wanted = numbers(asked);
  const have = numbers(version);
  return wanted.every((part, i) => part === '*' || Number(part) === Number(have[i] ?? Number.NaN));
}
