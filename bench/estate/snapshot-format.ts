import { closeSync, openSync, writeSync } from 'node:fs';
import type { Resource } from '../../src/inventory/resource.ts';
import type { JsonObject, JsonValue } from '../../src/util/json.ts';
import { IMAGES } from './catalog.ts';

/**
 * - `arg`: `az graph query` output, `{count, data, skip_token, total_records}`, rows in
 *   Resource Graph's shape (lower-cased `type`, `resourceGroup`, `subscriptionId`, …).
 * - `arm-list`: an ARM list response, `{value: [...]}`.
 * - `array`: a bare JSON array, as `az resource list -o json` prints.
 * - `jsonl`: one ARM resource per line.
 */
export const SNAPSHOT_FORMATS = ['arg', 'arm-list', 'array', 'jsonl'] as const;
export type SnapshotFormat = (typeof SNAPSHOT_FORMATS)[number];

export function isSnapshotFormat(value: string): value is SnapshotFormat {
  return (SNAPSHOT_FORMATS as readonly string[]).includes(value);
}

function idSegment(id: string, key: string): string {
  const parts = id.split('/');
  const at = parts.findIndex((p) => p.toLowerCase() === key);
  return at >= 0 ? (parts[at + 1] ?? '') : '';
}

/** Resource Graph adds `properties.extended.instanceView` to VMs; derived here from the VM itself. */
function vmInstanceView(resource: Resource): JsonObject {
  const properties = resource.properties as JsonObject;
  const storage = properties.storageProfile as JsonObject;
  const reference = storage.imageReference as JsonObject;
  const image = IMAGES.find((i) => i.offer === reference.offer && i.sku === reference.sku);
  const os = properties.osProfile as JsonObject;
  // Deterministic from the VM's own id so the same estate always has the same power states.
  const deallocated = String(properties.vmId).endsWith('f');
  return {
    instanceView: {
      computerName: os.computerName ?? null,
      osName: image?.osName ?? null,
      osVersion: image?.osVersion ?? null,
      hyperVGeneration: image?.generation ?? null,
      powerState: deallocated
        ? { code: 'PowerState/deallocated', displayStatus: 'VM deallocated', level: 'Info' }
        : { code: 'PowerState/running', displayStatus: 'VM running', level: 'Info' },
    },
  };
}

/** The row Resource Graph returns for this ARM resource. */
export function toResourceGraphRow(resource: Resource, tenantId: string): JsonObject {
  const type = resource.type.toLowerCase();
  if (type === 'microsoft.resources/subscriptions') {
    return {
      id: resource.id,
      name: resource.name,
      type,
      tenantId: (resource.tenantId as string | undefined) ?? tenantId,
      kind: '',
      location: '',
      resourceGroup: '',
      subscriptionId: (resource.subscriptionId as string | undefined) ?? '',
      managedBy: '',
      sku: null,
      plan: null,
      properties: {
        state: resource.state ?? 'Enabled',
        subscriptionPolicies: resource.subscriptionPolicies ?? null,
        managementGroupAncestorsChain: [],
      },
      tags: resource.tags ?? null,
      identity: null,
      zones: null,
      extendedLocation: null,
    };
  }
  const properties = (resource.properties ?? {}) as JsonObject;
  return {
    id: resource.id,
    name: resource.name,
    // Resource Graph files resource groups under the subscription's container type.
    type:
      type === 'microsoft.resources/resourcegroups'
        ? 'microsoft.resources/subscriptions/resourcegroups'
        : type,
    tenantId,
    kind: (resource.kind as JsonValue | undefined) ?? '',
    location: (resource.location as JsonValue | undefined) ?? '',
    resourceGroup: idSegment(resource.id, 'resourcegroups').toLowerCase(),
    subscriptionId: idSegment(resource.id, 'subscriptions'),
    managedBy: (resource.managedBy as JsonValue | undefined) ?? '',
    sku: resource.sku ?? null,
    plan: resource.plan ?? null,
    properties:
      type === 'microsoft.compute/virtualmachines'
        ? { ...properties, extended: vmInstanceView(resource) }
        : properties,
    tags: resource.tags ?? null,
    identity: resource.identity ?? null,
    zones: resource.zones ?? null,
    extendedLocation: null,
  };
}

/** Batches small strings into large synchronous writes; far faster than a write per resource. */
class BufferedFile {
  private readonly fd: number;
  private chunks: string[] = [];
  private pending = 0;
  bytes = 0;

  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }

  write(text: string): void {
    this.chunks.push(text);
    this.pending += text.length;
    if (this.pending > 1 << 20) this.flush();
  }

  flush(): void {
    if (this.chunks.length === 0) return;
    this.bytes += writeSync(this.fd, this.chunks.join(''));
    this.chunks = [];
    this.pending = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

export interface WriteResult {
  resources: number;
  bytes: number;
  /** Sum of the compact JSON length of each resource as written. */
  resourceBytes: number;
}

/**
 * Streams `resources` to `path` in `format`, one resource per line so line
 * numbers can point back at a resource. `count` must equal the number of
 * resources; Resource Graph's envelope states it before the data.
 */
export function writeSnapshot(
  path: string,
  format: SnapshotFormat,
  resources: Iterable<Resource>,
  count: number,
): WriteResult {
  const file = new BufferedFile(path);
  let written = 0;
  let resourceBytes = 0;
  let tenantId = '';
  try {
    const envelopes: Record<SnapshotFormat, readonly [string, string, string]> = {
      arg: [`{"count":${count},"data":[\n`, ',\n', `\n],"skip_token":null,"total_records":${count}}\n`],
      'arm-list': ['{"value":[\n', ',\n', '\n]}\n'],
      array: ['[\n', ',\n', '\n]\n'],
      jsonl: ['', '\n', '\n'],
    };
    const [open, separator, close] = envelopes[format];
    file.write(open);
    for (const resource of resources) {
      if (!tenantId && typeof resource.tenantId === 'string') tenantId = resource.tenantId;
      const text = JSON.stringify(format === 'arg' ? toResourceGraphRow(resource, tenantId) : resource);
      file.write(written === 0 ? text : separator + text);
      resourceBytes += text.length;
      written++;
    }
    file.write(written === 0 && format === 'jsonl' ? '' : close);
  } finally {
    file.close();
  }
  if (written !== count)
    throw new Error(`writeSnapshot: expected ${count} resources for ${path}, got ${written}`);
  return { resources: written, bytes: file.bytes, resourceBytes };
}
