/**
 * The virtual machine an Azure resource id is, or is under (`…/virtualMachines/vm-web-01` and its
 * `…/extensions/enablevmaccess`, `…/runCommands/x`), matched case-insensitively as Azure does: its id in
 * lower case, and its name as written. A VM's operating system is named after it unless set otherwise
 * (`osProfile.computerName` defaults to the VM name), so Activity Log alerts on a VM and alerts from its own
 * logs are about one machine. Scale set instances (`virtualMachineScaleSets/<set>/virtualMachines/<n>`) are
 * named by a prefix instead, and are not matched.
 */
export function vmOfResource(resourceId: string): { id: string; name: string } | undefined {
  const parts = resourceId.split('/');
  const providers = parts.findIndex((p) => p.toLowerCase() === 'providers');
  if (providers === -1 || parts.length < providers + 4) return undefined;
  if (parts[providers + 1]!.toLowerCase() !== 'microsoft.compute') return undefined;
  if (parts[providers + 2]!.toLowerCase() !== 'virtualmachines') return undefined;
  const name = parts[providers + 3]!;
  if (name === '') return undefined;
  return {
    id: parts
      .slice(0, providers + 4)
      .join('/')
      .toLowerCase(),
    name,
  };
}
