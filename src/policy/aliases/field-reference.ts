import type { AliasTable } from './alias-table.ts';

/**
 * Fields a policy rule can name without an alias. The list is the docs' (see
 * MicrosoftDocs/azure-docs articles/governance/policy/concepts/definition-structure-policy-rule.md,
 * "Fields"), plus `identity.userAssignedIdentities`, which the docs omit but built-in
 * definitions use (VM_UAI_DINE.json: `containsKey` on it and `field('identity.userAssignedIdentities')`).
 */
export const BUILTIN_FIELDS = [
  'name',
  'fullName',
  'kind',
  'type',
  'location',
  'id',
  'identity.type',
  'identity.userAssignedIdentities',
  'tags',
] as const;

export type BuiltinField = (typeof BUILTIN_FIELDS)[number];

export type FieldReference =
  | { kind: 'builtin'; name: BuiltinField }
  | { kind: 'tag'; tagName: string }
  /** `alias` is the table's spelling; `wildcardCount` counts the `[*]` in the alias name. */
  | { kind: 'alias'; alias: string; wildcardCount: number }
  | { kind: 'unknown'; field: string; message: string };

const BUILTIN_BY_LOWER = new Map<string, BuiltinField>(
  BUILTIN_FIELDS.map((name) => [name.toLowerCase(), name]),
);

/**
 * What a `field` condition, `count.field`, `field('…')` or `current('…')` argument names.
 * Names are case-insensitive (`Type`, `TAGS['env']`). Anything unresolved comes back as
 * `unknown` with a message; it is never guessed.
 */
export function parseFieldReference(field: string, table: AliasTable): FieldReference {
  const builtin = BUILTIN_BY_LOWER.get(field.toLowerCase());
  if (builtin) return { kind: 'builtin', name: builtin };
  if (/^tags[.[]/i.test(field)) return parseTag(field);
  if (field.startsWith('[') && field.endsWith(']')) {
    return unknown(
      field,
      `field '${field}' is a template expression; evaluate it before resolving the field`,
    );
  }
  const alias = table.nameOf(field);
  if (alias) return { kind: 'alias', alias, wildcardCount: countWildcards(alias) };
  if (!field.includes('/')) {
    return unknown(
      field,
      `field '${field}' is neither a built-in field (${BUILTIN_FIELDS.join(', ')}) nor an alias`,
    );
  }
  const namespace = field.slice(0, field.indexOf('/'));
  const why = table.hasNamespace(namespace)
    ? ''
    : ` (the alias table does not cover the ${namespace} namespace)`;
  return unknown(field, `alias '${field}' is not a known Azure Policy alias${why}`);
}

/**
 * The tag forms the docs list: `tags['a.b']`, `tags['''quoted''']` (an apostrophe is
 * doubled inside quotes), and the discouraged `tags.name`, `tags[name]`, `tags[with.dots]`.
 */
function parseTag(field: string): FieldReference {
  const rest = field.slice('tags'.length);
  let tagName: string | undefined;
  if (rest.startsWith('.')) tagName = bare(rest.slice(1));
  else if (rest.endsWith(']')) {
    const inner = rest.slice(1, -1);
    tagName = inner.startsWith("'") ? unquote(inner) : bare(inner);
  }
  // `tags[]` arises from `concat('tags[', parameters('tagName'), ']')` with the built-ins' empty
  // default tag name: a tag with an empty name, which no resource has.
  if (rest === '[]' || rest === "['']") return { kind: 'tag', tagName: '' };
  if (tagName === undefined || tagName === '') {
    return unknown(field, `field '${field}' is not a valid tag reference; write tags['name']`);
  }
  return { kind: 'tag', tagName };
}

/** `'it''s'` → `it's`; undefined when the quotes are unbalanced or an apostrophe is not doubled. */
function unquote(quoted: string): string | undefined {
  if (quoted.length < 2 || !quoted.endsWith("'")) return undefined;
  const body = quoted.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    if (body[i] === "'") {
      if (body[i + 1] !== "'") return undefined;
      i++;
    }
    out += body[i];
  }
  return out;
}

/** An unquoted tag name cannot hold brackets or apostrophes; those need the quoted form. */
function bare(name: string): string | undefined {
  return /['[\]]/.test(name) ? undefined : name;
}

function countWildcards(alias: string): number {
  return alias.split('[*]').length - 1;
}

function unknown(field: string, message: string): FieldReference {
  return { kind: 'unknown', field, message };
}
