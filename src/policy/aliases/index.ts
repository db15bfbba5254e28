export { AliasTable } from './alias-table.ts';
export type { AliasRow } from './encoding.ts';
export {
  BUILTIN_FIELDS,
  type BuiltinField,
  type FieldReference,
  parseFieldReference,
} from './field-reference.ts';
export { type PathSegment, parsePath, pathUnderArray, wildcardPrefixes } from './path.ts';
