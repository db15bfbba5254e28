import { createHash } from 'node:crypto';

/**
 * ARM `guid()`: a name-based (version 5, SHA-1) UUID per RFC 4122 §4.3 over the namespace
 * 11fb06fb-712d-4ddd-98c7-e71bbd588830, the name being the arguments joined with '-'
 * (templates/template-functions-string.md#guid). The name is UTF-8 encoded, as the
 * GuidUtility code the docs cite does by default.
 */

const NAMESPACE = Buffer.from('11fb06fb712d4ddd98c7e71bbd588830', 'hex');

export function armGuid(parts: readonly string[]): string {
  const hash = createHash('sha1').update(NAMESPACE).update(parts.join('-'), 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.toString('hex', 0, 16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
