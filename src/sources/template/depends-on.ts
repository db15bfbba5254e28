import { isExpression } from '../../arm-expr/index.ts';
import { isUnknown } from '../../util/unknown.ts';
import { TemplateProblem } from './diagnostics.ts';
import type { Instantiation } from './instances.ts';
import { childPointer } from './json-source.ts';
import type { Instance, Unit } from './units.ts';

/**
 * `dependsOn` names resources of the same template: by symbolic name (languageVersion 2.0, `name[i]` for one
 * of a loop), copy loop name, resource name, `Namespace/type/name` or resource ID (templates/resource-dependency.md).
 * Azure rejects a template whose `dependsOn` names anything else ("The resource '…' is not defined in the
 * template"), so that is an error here too. When some declaration could not be worked out before deployment,
 * an entry that matches nothing may name it, and nothing is reported.
 */
export function checkDependsOn(unit: Unit, declared: Instantiation): void {
  if (!declared.complete) return;
  const all = [...declared.instances, ...declared.notDeployed];
  const names = new Set<string>();
  const ids = new Set<string>();
  /** What follows an ID's last `/providers/`: the `Namespace/type/name` form. */
  const relatives = new Set<string>();
  for (const instance of all) {
    for (const name of namesOf(instance)) names.add(name.toLowerCase());
    for (const id of idsOf(instance)) {
      ids.add(id);
      const last = id.lastIndexOf(PROVIDERS);
      if (last >= 0) relatives.add(id.slice(last + PROVIDERS.length));
    }
  }
  const known = (target: string): boolean => {
    const lower = target.toLowerCase();
    if (names.has(lower) || ids.has(lower) || relatives.has(lower)) return true;
    if (lower.startsWith('/')) {
      // A deployment into another resource group or subscription (Bicep names a module there by
      // extensionResourceId(<group>, 'Microsoft.Resources/deployments', name)): its type and name decide.
      const last = lower.lastIndexOf(PROVIDERS);
      return last >= 0 && relatives.has(lower.slice(last + PROVIDERS.length));
    }
    // An extension resource named with its base: `Namespace/type/name/providers/Namespace/type/name`.
    const relative = `${PROVIDERS}${lower}`;
    return [...ids].some((id) => id.endsWith(relative));
  };
  for (const instance of declared.instances) {
    const dependsOn = instance.declaration.json.dependsOn;
    if (!Array.isArray(dependsOn)) continue;
    const scope = unit.scope;
    const at = childPointer(instance.declaration.pointer, 'dependsOn');
    dependsOn.forEach((entry, i) => {
      const pointer = childPointer(at, i);
      if (typeof entry === 'string' && isExpression(entry)) {
        try {
          scope.compile(entry, pointer);
        } catch (error) {
          if (error instanceof TemplateProblem) return; // reported where the template's expressions are compiled
          throw error;
        }
      }
      let value: unknown;
      try {
        value = scope.evaluateValue(entry, pointer, instance.frame);
      } catch (error) {
        // ARM fails the deployment on an entry it cannot evaluate, such as a resourceId() with too few names.
        if (!(error instanceof TemplateProblem)) throw error;
        scope.diagnostics.error(error.at, error.message);
        return;
      }
      if (typeof value !== 'string' || isUnknown(value as never) || known(value)) return;
      scope.diagnostics.error(
        scope.ref(pointer),
        `The resource '${value}' is not defined in the template: dependsOn names a resource this template declares (by symbolic name, name or ID), and Azure rejects the template otherwise`,
      );
    });
  }
}

const PROVIDERS = '/providers/';

function namesOf(instance: Instance): string[] {
  const names = [instance.fullName, instance.identity.name];
  const symbolic = instance.symbolicName;
  if (symbolic !== undefined) names.push(symbolic, symbolic.replace(/\[\d+\]$/, ''));
  const copy = instance.declaration.json.copy;
  if (copy !== null && typeof copy === 'object' && !Array.isArray(copy) && typeof copy.name === 'string')
    names.push(copy.name);
  return names;
}

/** The resource's ID, and for a resource group also the `/providers/` form resourceId() gives it. */
function idsOf(instance: Instance): string[] {
  const id = instance.identity.id.toLowerCase();
  const group = /^(\/subscriptions\/[^/]+)\/resourcegroups\/([^/]+)$/.exec(id);
  return group === null ? [id] : [id, `${group[1]}/providers/microsoft.resources/resourcegroups/${group[2]}`];
}
