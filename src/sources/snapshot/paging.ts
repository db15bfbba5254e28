import type { JsonValue } from '../../util/json.ts';

/**
 * A list response names the next page beside its rows; a file holding one page scans only those rows, which
 * a user must hear about, or a tenant of 5,000 resources looks like 100: `az graph query` and `Search-AzGraph`
 * return 100 rows unless `--first` says otherwise, and at most 1,000 a page
 * (https://learn.microsoft.com/azure/governance/resource-graph/concepts/work-with-data). The fields each API
 * pages with:
 * - `az graph query -o json`: `count`, `skip_token` (null on the last page), `total_records`;
 * - Resource Graph REST (`Microsoft.ResourceGraph/resources`): `count`, `totalRecords`, `$skipToken`,
 *   `resultTruncated` ("true" when the rows were cut short and no skip token can fetch the rest);
 * - ARM lists: `nextLink` (absent or null on the last page).
 */
export const PAGING_KEYS = new Set([
  'count',
  'skip_token',
  '$skipToken',
  'total_records',
  'totalRecords',
  'resultTruncated',
  'nextLink',
]);

/** What to tell the user when `envelope` says the rows it holds are not all there are, else undefined. */
export function pagingWarning(envelope: Readonly<Record<string, JsonValue | undefined>>): string | undefined {
  const rows = recordsOf(envelope);
  const token = nonEmpty(envelope.skip_token) ?? nonEmpty(envelope.$skipToken);
  if (token !== undefined) {
    return (
      `this is one page of a Resource Graph result${rows}, with a skip token for the next page: only this page ` +
      'is scanned. Fetch every page (repeat `az graph query` with `--skip-token <token>` until it returns none) ' +
      'and give Vigil every page, as files or a directory.'
    );
  }
  if (envelope.resultTruncated === true || envelope.resultTruncated === 'true') {
    return (
      `Resource Graph truncated this result${rows}: only these rows are scanned. Page through it ` +
      '(`--first 1000` with `--skip-token`); paging needs the `id` column in the projection.'
    );
  }
  const next = nonEmpty(envelope.nextLink);
  if (next !== undefined) {
    return (
      'this is one page of an ARM list (its nextLink points at the next page): only this page is scanned. ' +
      'Follow nextLink (`az rest --url <nextLink>`) and give Vigil every page.'
    );
  }
  return undefined;
}

function recordsOf(envelope: Readonly<Record<string, JsonValue | undefined>>): string {
  const count = envelope.count;
  const total = envelope.total_records ?? envelope.totalRecords;
  if (typeof count === 'number' && typeof total === 'number') return ` (${count} of ${total} records)`;
  if (typeof count === 'number') return ` (${count} records)`;
  return '';
}

function nonEmpty(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
