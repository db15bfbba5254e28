import { isJsonObject, type JsonObject, type JsonValue } from '../../util/json.ts';
import { member, pointerJoin } from '../rule-json.ts';
import { type CompileContext, type Condition, compileCondition } from './conditions.ts';
import { DefinitionError } from './errors.ts';
import { type CompiledValue, compileValue } from './values.ts';

export const EFFECTS = [
  'audit',
  'deny',
  'append',
  'modify',
  'disabled',
  'manual',
  'denyAction',
  'auditIfNotExists',
  'deployIfNotExists',
] as const;
export type EffectName = (typeof EFFECTS)[number];

const BY_LOWER = new Map<string, EffectName>(EFFECTS.map((e) => [e.toLowerCase(), e]));

// Effects that exist in Azure but act only inside a resource provider; nothing to evaluate offline.
const PROVIDER_ONLY = new Set(['mutate', 'addtonetworkgroup', 'enforceopaconstraint', 'enforceregopolicy']);

/** How auditIfNotExists/deployIfNotExists find the related resources (effect-audit-if-not-exists.md). */
export interface ExistenceCheck {
  type: CompiledValue;
  /** `type` lower-cased, when it is a constant string (it nearly always is). */
  typeLower?: string;
  name?: CompiledValue;
  resourceGroupName?: CompiledValue;
  existenceScope: 'resourceGroup' | 'subscription';
  existenceCondition?: Condition;
  pointer: string;
}

export interface CompiledEffect {
  name: EffectName;
  /** As resolved from the definition (after parameters), for output. */
  written: string;
  existence?: ExistenceCheck;
  /** manual effect: details.defaultState. */
  manualState?: 'unknown' | 'compliant' | 'nonCompliant';
}

export function compileEffect(then: JsonValue, ctx: CompileContext, pointer: string): CompiledEffect {
  if (!isJsonObject(then)) throw new DefinitionError('then must be an object with an effect', pointer);
  const effectValue = member(then, 'effect');
  const effectPointer = pointerJoin(pointer, keyOf(then, 'effect'));
  if (effectValue === undefined) throw new DefinitionError('then has no effect', pointer);
  const resolved = compileValue(effectValue, ctx.registry, effectPointer);
  if (!resolved.constant || typeof resolved.value !== 'string') {
    throw new DefinitionError(
      `effect must be a string or resolve from parameters, found ${JSON.stringify(effectValue)}`,
      effectPointer,
    );
  }
  const written = resolved.value;
  const name = BY_LOWER.get(written.toLowerCase());
  if (!name) {
    const why = PROVIDER_ONLY.has(written.toLowerCase())
      ? `effect '${written}' is enforced by a resource provider and cannot be evaluated offline`
      : `unknown effect '${written}' (expected one of ${EFFECTS.join(', ')})`;
    throw new DefinitionError(why, effectPointer);
  }
  const detailsRaw = member(then, 'details');
  const details = isJsonObject(detailsRaw) ? detailsRaw : undefined;
  const detailsPointer = pointerJoin(pointer, keyOf(then, 'details'));
  const effect: CompiledEffect = { name, written };
  if (name === 'auditIfNotExists' || name === 'deployIfNotExists') {
    if (!details) throw new DefinitionError(`${name} needs details with the related resource type`, pointer);
    effect.existence = compileExistence(details, ctx, detailsPointer);
  }
  if (name === 'manual') effect.manualState = manualState(details, detailsPointer);
  return effect;
}

function compileExistence(details: JsonObject, ctx: CompileContext, pointer: string): ExistenceCheck {
  const value = (key: string): CompiledValue | undefined => {
    const raw = member(details, key);
    return raw === undefined
      ? undefined
      : compileValue(raw, ctx.registry, pointerJoin(pointer, keyOf(details, key)));
  };
  const type = value('type');
  if (!type) throw new DefinitionError('details.type is required for IfNotExists effects', pointer);
  const scopeValue = value('existenceScope');
  const scopeText = scopeValue?.constant ? scopeValue.value : 'resourceGroup';
  if (typeof scopeText !== 'string' || !['resourcegroup', 'subscription'].includes(scopeText.toLowerCase())) {
    throw new DefinitionError(
      `details.existenceScope must be ResourceGroup or Subscription, found ${JSON.stringify(scopeText)}`,
      pointerJoin(pointer, 'existenceScope'),
    );
  }
  const conditionRaw = member(details, 'existenceCondition');
  const name = value('name');
  const resourceGroupName = value('resourceGroupName');
  return {
    type,
    ...(type.constant && typeof type.value === 'string' && { typeLower: type.value.toLowerCase() }),
    ...(name && { name }),
    ...(resourceGroupName && { resourceGroupName }),
    existenceScope: scopeText.toLowerCase() === 'subscription' ? 'subscription' : 'resourceGroup',
    ...(conditionRaw !== undefined && {
      existenceCondition: compileCondition(
        conditionRaw,
        ctx,
        pointerJoin(pointer, keyOf(details, 'existenceCondition')),
      ),
    }),
    pointer,
  };
}

function manualState(details: JsonObject | undefined, pointer: string): CompiledEffect['manualState'] {
  const raw = details ? member(details, 'defaultState') : undefined;
  if (raw === undefined) return 'unknown';
  const text = typeof raw === 'string' ? raw.toLowerCase().replace('-', '') : '';
  if (text === 'unknown') return 'unknown';
  if (text === 'compliant') return 'compliant';
  if (text === 'noncompliant') return 'nonCompliant';
  throw new DefinitionError(
    `details.defaultState must be Unknown, Compliant or NonCompliant, found ${JSON.stringify(raw)}`,
    pointerJoin(pointer, 'defaultState'),
  );
}

function keyOf(object: JsonObject, key: string): string {
  if (key in object) return key;
  return Object.keys(object).find((k) => k.toLowerCase() === key.toLowerCase()) ?? key;
}
