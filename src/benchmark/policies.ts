import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PolicyDefinition } from '../policy/definition.ts';
import { readPolicyDocuments } from '../policy/definition.ts';
import { parseJsonText } from '../util/parse-json.ts';

const POLICY_DIR = new URL('./policies/', import.meta.url);

const cache = new Map<string, PolicyDefinition>();

/**
 * The Azure Policy definition behind a recommendation, read from src/benchmark/policies. These
 * files ship with Vigil; a broken one is a bug, so it throws.
 */
export function recommendationPolicy(definition: string): PolicyDefinition {
  const known = cache.get(definition);
  if (known) return known;
  const file = fileURLToPath(new URL(definition, POLICY_DIR));
  const parsed = parseJsonText(readFileSync(file, 'utf8'), file);
  if (!parsed.ok) throw new Error(`benchmark policy ${definition}: ${parsed.error.message}`);
  const { documents, problems } = readPolicyDocuments(parsed.value, file);
  const found = documents[0];
  if (problems.length > 0 || documents.length !== 1 || found?.kind !== 'definition') {
    throw new Error(
      `benchmark policy ${definition} is not one policy definition: ${problems.map((p) => p.message).join('; ')}`,
    );
  }
  cache.set(definition, found);
  return found;
}

export function policyDirectory(): string {
  return fileURLToPath(POLICY_DIR);
}
