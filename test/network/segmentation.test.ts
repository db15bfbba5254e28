import { describe, expect, it } from 'vitest';
import { NetworkEngine } from '../../src/network/engine.ts';
import { formatPortRange } from '../../src/network/port-ranges.ts';
import { tierFlows } from '../../src/network/segmentation.ts';
import { inventoryOf, machine, nsg, subnetId, vnet } from './network-estate.ts';

/** web (10.0.1.0/24) and db (10.0.3.0/24) tiers, and an empty subnet with its own NSG. */
function engine() {
  return new NetworkEngine(
    inventoryOf([
      vnet('vnet-app', {
        space: ['10.0.0.0/16'],
        subnets: [
          { name: 'snet-web', prefixes: ['10.0.1.0/24'], nsg: 'nsg-web' },
          { name: 'snet-db', prefixes: ['10.0.3.0/24'], nsg: 'nsg-db' },
          { name: 'snet-empty', prefixes: ['10.0.9.0/24'], nsg: 'nsg-db' },
        ],
      }),
      nsg('nsg-web', [
        { name: 'no-mysql-out', priority: 100, direction: 'Outbound', ports: '3306', access: 'Deny' },
      ]),
      nsg('nsg-db', [
        { name: 'sql-from-web', priority: 100, ports: '1433', src: '10.0.1.0/24' },
        { name: 'pg-from-app-asg', priority: 110, ports: '5432', srcAsgs: ['asg-app'] },
        { name: 'mysql-from-vnet', priority: 120, ports: '3306', src: 'VirtualNetwork' },
        { name: 'deny-vnet', priority: 4000, protocol: '*', src: 'VirtualNetwork', access: 'Deny' },
      ]),
      ...machine({ name: 'vm-web-01', configs: [{ ip: '10.0.1.4', subnet: 'snet-web' }] }),
      ...machine({ name: 'vm-web-02', configs: [{ ip: '10.0.1.5', subnet: 'snet-web', asgs: ['asg-app'] }] }),
      ...machine({ name: 'vm-db-01', configs: [{ ip: '10.0.3.4', subnet: 'snet-db' }] }),
    ]),
  );
}

function summary(from: string, to: string, ports: number[] | 'all') {
  const result = tierFlows(engine(), { from, to, ports });
  if ('error' in result) return result.error;
  return result.flows
    .filter((f) => f.protocol === 'Tcp')
    .flatMap((f) =>
      f.verdicts.map(
        (v) =>
          `${f.from.vm ?? f.from.label} → ${f.to.vm ?? f.to.label} ${formatPortRange(v.ports)} ${v.access} ${v.decidedBy?.nsg?.name}/${v.decidedBy?.rule?.name}`,
      ),
    );
}

describe('tierFlows', () => {
  it('evaluates the source outbound and the destination inbound for each port asked', () => {
    expect(summary('vnet-app/snet-web', 'vnet-app/snet-db', [1433, 3306, 5432])).toEqual([
      'vm-web-01 → vm-db-01 1433 Allow nsg-db/sql-from-web',
      // The web NSG's outbound deny stops MySQL before the db NSG allows it.
      'vm-web-01 → vm-db-01 3306 Deny nsg-web/no-mysql-out',
      // PostgreSQL only from the app ASG.
      'vm-web-01 → vm-db-01 5432 Deny nsg-db/deny-vnet',
      'vm-web-02 → vm-db-01 1433 Allow nsg-db/sql-from-web',
      'vm-web-02 → vm-db-01 3306 Deny nsg-web/no-mysql-out',
      'vm-web-02 → vm-db-01 5432 Allow nsg-db/pg-from-app-asg',
    ]);
  });

  it('walks every port range the rules tell apart when asked for all', () => {
    const open = summary('vm-web-02', 'vm-db-01', 'all');
    expect(Array.isArray(open) && open.filter((l) => l.includes(' Allow '))).toEqual([
      'vm-web-02 → vm-db-01 1433 Allow nsg-db/sql-from-web',
      'vm-web-02 → vm-db-01 5432 Allow nsg-db/pg-from-app-asg',
    ]);
  });

  it('takes a subnet without VMs as its first host address, filtered by the subnet NSG alone', () => {
    expect(summary('vm-web-01', subnetId('snet-empty'), [1433, 5432])).toEqual([
      'vm-web-01 → snet-empty (no VM; 10.0.9.4) 1433 Allow nsg-db/sql-from-web',
      'vm-web-01 → snet-empty (no VM; 10.0.9.4) 5432 Deny nsg-db/deny-vnet',
    ]);
  });

  it('names what it cannot find', () => {
    expect(summary('vnet-app/snet-nope', 'vm-db-01', [22])).toBe(
      "--from 'vnet-app/snet-nope' is neither a subnet (ID or vnet/subnet) nor a VM: no virtual machine named 'vnet-app/snet-nope' in the inventory",
    );
  });
});
