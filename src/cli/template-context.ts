import type { DeploymentContext } from '../sources/template/index.ts';
import { DEFAULT_CONTEXT } from '../sources/template/index.ts';
import { type ParsedArgs, stringOption } from './args.ts';
import { UsageError } from './io.ts';

/** Flags that set where a template is pretended to be deployed (sources/template/context.ts). */
export const DEPLOYMENT_CONTEXT_OPTIONS = {
  'subscription-id': { type: 'string' },
  'resource-group': { type: 'string' },
  location: { type: 'string' },
  'tenant-id': { type: 'string' },
} as const;

export const DEPLOYMENT_CONTEXT_USAGE = `Template deployment target (placeholders keep IDs and uniqueString() stable):
  --subscription-id <id>     subscription() and resource IDs (default ${DEFAULT_CONTEXT.subscriptionId})
  --resource-group <name>    resourceGroup().name (default ${DEFAULT_CONTEXT.resourceGroup})
  --location <region>        resourceGroup().location (default ${DEFAULT_CONTEXT.location})
  --tenant-id <id>           tenant() and subscription().tenantId (default ${DEFAULT_CONTEXT.tenantId})`;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const AZ_QUERY: Record<string, string> = { subscriptionId: 'id', tenantId: 'tenantId' };

export function deploymentContextFrom(parsed: ParsedArgs, now: Date | undefined): Partial<DeploymentContext> {
  const context: Partial<DeploymentContext> = {};
  const set = (flag: string, key: 'subscriptionId' | 'resourceGroup' | 'location' | 'tenantId') => {
    const value = stringOption(parsed, flag);
    if (value === undefined) return;
    if (value === '' || value.includes('/'))
      throw new UsageError(`--${flag} must be a plain name or id, not '${value}'`);
    // A subscription or tenant name in place of its ID would otherwise end up inside every resource ID.
    if (key.endsWith('Id') && !GUID.test(value))
      throw new UsageError(
        `--${flag} must be a GUID (az account show --query ${AZ_QUERY[key]}), not '${value}'`,
      );
    context[key] = value;
  };
  set('subscription-id', 'subscriptionId');
  set('resource-group', 'resourceGroup');
  set('location', 'location');
  set('tenant-id', 'tenantId');
  if (now !== undefined) context.now = now;
  return context;
}
