import { describe, expect, it } from 'vitest';
import { activityEvent } from '../../../../src/threats/parsers/azure/activity.ts';
import { emitNsgFlows } from '../../../../src/threats/parsers/azure/nsgflow.ts';
import { emitVnetFlows } from '../../../../src/threats/parsers/azure/vnetflow.ts';
import { collector } from '../helpers.ts';

const SUB = '11111111-2222-3333-4444-555555555555';
const VM = `/subscriptions/${SUB}/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachines/vm-web-01`;

describe('Azure Activity Log', () => {
  it.each([
    [
      'REST API / az monitor activity-log list',
      {
        caller: 'mallory@contoso.com',
        eventTimestamp: '2024-03-01T10:00:00.1234567Z',
        operationName: { value: 'Microsoft.Compute/virtualMachines/extensions/write', localizedValue: 'x' },
        status: { value: 'Succeeded' },
        category: { value: 'Administrative' },
        level: 'Informational',
        resourceId: `${VM}/extensions/CustomScript`,
        subscriptionId: SUB,
        httpRequest: { clientIpAddress: '198.51.100.66' },
        correlationId: 'c1',
      },
      {
        'event.action': 'Microsoft.Compute/virtualMachines/extensions/write',
        'user.name': 'mallory@contoso.com',
        'source.ip': '198.51.100.66',
        'event.outcome': 'success',
        'event.category': ['configuration'],
        'event.type': ['change'],
        'log.level': 'Informational',
        'azure.correlation_id': 'c1',
        'cloud.account.id': SUB,
        'azure.resource.group': 'rg-web',
        'cloud.instance.name': undefined,
        'azure.activitylogs.category': 'Administrative',
      },
    ],
    [
      'diagnostic export (records)',
      {
        time: '2024-03-01T11:00:00.0000000Z',
        resourceId: VM.toUpperCase(),
        operationName: 'MICROSOFT.COMPUTE/VIRTUALMACHINES/DELETE',
        category: 'Delete',
        resultType: 'Failure',
        resultSignature: 'Failed.Conflict',
        callerIpAddress: '2001:db8::99',
        identity: {
          claims: { 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn': 'mallory@contoso.com' },
        },
        properties: { eventCategory: 'Administrative' },
      },
      {
        'event.action': 'MICROSOFT.COMPUTE/VIRTUALMACHINES/DELETE',
        'user.name': 'mallory@contoso.com',
        'source.ip': '2001:db8::99',
        'event.outcome': 'failure',
        'event.type': ['deletion'],
        'azure.activitylogs.status': 'Failed',
        'azure.activitylogs.sub_status': 'Conflict',
        'azure.activitylogs.category': 'Administrative',
        'cloud.instance.name': 'VM-WEB-01',
        'cloud.account.id': SUB,
      },
    ],
    [
      // activity-log-schema.md, "Schema from storage account and event hubs": `category` is Write, Delete or
      // Action; properties.eventCategory, when absent, means Administrative.
      'diagnostic export without properties.eventCategory',
      {
        time: '2019-01-21T22:14:26.9792776Z',
        resourceId: VM,
        operationName: 'microsoft.compute/virtualmachines/write',
        category: 'Write',
        resultType: 'Success',
        resultSignature: 'Succeeded.Created',
        callerIpAddress: '198.51.100.66',
        identity: { claims: { name: 'John Smith' } },
        properties: { statusCode: 'Created' },
      },
      {
        'azure.activitylogs.category': 'Administrative',
        'event.category': ['configuration'],
        'event.outcome': 'success',
      },
    ],
    [
      'diagnostic export whose properties are JSON text',
      {
        time: '2024-03-01T11:00:00.0000000Z',
        resourceId: VM,
        operationName: 'MICROSOFT.AUTHORIZATION/POLICIES/AUDIT/ACTION',
        category: 'Action',
        resultType: 'Success',
        properties: '{"eventCategory":"Policy","isComplianceCheck":"False"}',
      },
      { 'azure.activitylogs.category': 'Policy' },
    ],
    [
      'Log Analytics AzureActivity',
      {
        TimeGenerated: '2024-03-01T12:00:00Z',
        OperationNameValue: 'Microsoft.Authorization/roleAssignments/write',
        Caller: 'mallory@contoso.com',
        CallerIpAddress: '198.51.100.66',
        ActivityStatusValue: 'Start',
        CategoryValue: 'Administrative',
        Level: 'Informational',
        _ResourceId: `/subscriptions/${SUB}`,
        Type: 'AzureActivity',
      },
      {
        'event.action': 'Microsoft.Authorization/roleAssignments/write',
        'event.category': ['iam'],
        'event.outcome': undefined,
        'azure.activitylogs.status': 'Started',
        'cloud.provider': 'azure',
      },
    ],
  ])('%s', (_shape, record, expected) => {
    const ev = activityEvent(record, 'orig', 'a.json', 2);
    expect(ev).toMatchObject({ 'event.dataset': 'azure.activitylogs', 'log.file.line': 2 });
    for (const [field, value] of Object.entries(expected))
      expect((ev as Record<string, unknown>)[field], field).toEqual(value);
  });

  // One operation as each shape writes it: `az monitor activity-log list` (REST names), a diagnostic export to
  // storage or Event Hubs (resultType is status.value, resultSignature `<status>.<subStatus>`:
  // activity-log-schema.md, "Schema from storage account and event hubs") and an AzureActivity row.
  const RUN = 'Microsoft.Compute/virtualMachines/runCommand/action';
  const UPN = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn';
  const shapes = (rest: [string, string], exported: [string, string], table: [string, string]) => ({
    rest: {
      caller: 'mallory@contoso.com',
      eventTimestamp: '2024-11-28T10:00:05.1234567Z',
      operationName: { value: RUN, localizedValue: 'Run Command on Virtual Machine' },
      status: { value: rest[0], localizedValue: rest[0] },
      subStatus: { value: rest[1], localizedValue: rest[1] },
      category: { value: 'Administrative', localizedValue: 'Administrative' },
      level: 'Informational',
      httpRequest: { clientIpAddress: '203.0.113.77', method: 'POST' },
      resourceId: VM,
      subscriptionId: SUB,
    },
    export: {
      time: '2024-11-28T10:00:05.1234567Z',
      resourceId: VM.toUpperCase(),
      operationName: RUN.toUpperCase(),
      category: 'Administrative',
      resultType: exported[0],
      resultSignature: exported[1],
      callerIpAddress: '203.0.113.77',
      identity: { claims: { [UPN]: 'mallory@contoso.com' } },
      level: 'Information',
      properties: { eventCategory: 'Administrative' },
    },
    table: {
      TimeGenerated: '2024-11-28T10:00:05.123Z',
      OperationNameValue: RUN.toUpperCase(),
      ActivityStatusValue: table[0],
      ActivitySubstatusValue: table[1],
      Caller: 'mallory@contoso.com',
      CallerIpAddress: '203.0.113.77',
      CategoryValue: 'Administrative',
      Level: 'Informational',
      _ResourceId: VM.toLowerCase(),
      Type: 'AzureActivity',
    },
  });
  it.each([
    ['Started', shapes(['Started', ''], ['Start', 'Started.'], ['Start', '']), undefined, undefined],
    [
      'Accepted',
      shapes(['Accepted', 'Accepted'], ['Accept', 'Accepted.Accepted'], ['Accept', 'Accepted']),
      'Accepted',
      undefined,
    ],
    [
      'Succeeded',
      shapes(['Succeeded', 'OK'], ['Success', 'Succeeded.OK'], ['Success', 'OK']),
      'OK',
      'success',
    ],
    [
      'Failed',
      shapes(['Failed', 'Forbidden'], ['Failure', 'Failed.Forbidden'], ['Failure', 'Forbidden']),
      'Forbidden',
      'failure',
    ],
  ])('a %s operation reads the same in every shape', (status, records, subStatus, outcome) => {
    for (const [shape, record] of Object.entries(records)) {
      const ev = activityEvent(record, 'o', 'a.json', 1) as Record<string, unknown>;
      expect(
        {
          time: ev['@timestamp'],
          action: String(ev['event.action']).toLowerCase(),
          status: ev['azure.activitylogs.status'],
          subStatus: ev['azure.activitylogs.sub_status'],
          outcome: ev['event.outcome'],
          user: ev['user.name'],
          ip: ev['source.ip'],
          category: ev['azure.activitylogs.category'],
          level: ev['log.level'],
          resource: String(ev['azure.resource.id']).toLowerCase(),
          instance: String(ev['cloud.instance.name']).toLowerCase(),
          account: ev['cloud.account.id'],
        },
        shape,
      ).toEqual({
        time: '2024-11-28T10:00:05.123Z',
        action: RUN.toLowerCase(),
        status,
        subStatus,
        outcome,
        user: 'mallory@contoso.com',
        ip: '203.0.113.77',
        category: 'Administrative',
        level: 'Informational',
        resource: VM.toLowerCase(),
        instance: 'vm-web-01',
        account: SUB,
      });
    }
  });

  // A storage account or event hub that receives the Activity Log often receives resource logs too, in the same
  // top-level schema (resource-logs-schema.md); their category names the log.
  it.each([
    [
      'Key Vault AuditEvent',
      {
        time: '2024-11-28T10:00:00Z',
        category: 'AuditEvent',
        operationName: 'SecretGet',
        resultType: 'Success',
        callerIpAddress: '203.0.113.66',
        resourceId: `/SUBSCRIPTIONS/${SUB}/RESOURCEGROUPS/RG-WEB/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/KV-WEB`,
      },
      'Azure resource log record (category AuditEvent), not the Activity Log: not read',
    ],
    [
      'NSG event log',
      {
        time: '2024-11-28T10:00:00Z',
        category: 'NetworkSecurityGroupEvent',
        operationName: 'NetworkSecurityGroupEvents',
        resourceId: `/SUBSCRIPTIONS/${SUB}/RESOURCEGROUPS/RG-WEB/PROVIDERS/MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/NSG-WEB`,
        properties: { ruleName: 'UserRule_default-allow-rdp', direction: 'In', type: 'allow' },
      },
      'Azure resource log record (category NetworkSecurityGroupEvent), not the Activity Log: not read',
    ],
  ])('a %s record is not read as the Activity Log', (_log, record, reason) => {
    expect(activityEvent(record, 'o', 'f', 1)).toBe(reason);
  });

  it.each([
    ['ResourceHealth', 'Microsoft.Resourcehealth/healthevent/Updated/action'],
    ['ServiceHealth', 'Microsoft.ServiceHealth/incident/action'],
    [
      { value: 'Security', localizedValue: 'Security' },
      'Microsoft.Security/locations/alerts/activate/action',
    ],
  ])('an Activity Log record of category %j is read', (category, operationName) => {
    const ev = activityEvent(
      { time: '2024-11-28T10:00:00Z', category, operationName, resourceId: `/subscriptions/${SUB}` },
      'o',
      'f',
      1,
    );
    expect(ev).toMatchObject({ 'event.action': operationName });
  });

  it.each([
    [{ operationName: 'x' }, 'Activity Log record without a valid eventTimestamp, time or TimeGenerated'],
    [{ time: '2024-03-01T12:00:00Z', resourceId: VM }, 'Activity Log record without an operationName'],
  ])('%j: %s', (record, reason) => {
    expect(activityEvent(record, 'o', 'f', 1)).toBe(reason);
  });
});

describe('NSG flow logs', () => {
  const NSG = `/SUBSCRIPTIONS/${SUB}/RESOURCEGROUPS/RG-WEB/PROVIDERS/MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/NSG-WEB`;
  const record = (version: number, rule: string, tuples: string[]) => ({
    time: '2024-03-02T12:00:35Z',
    category: 'NetworkSecurityGroupFlowEvent',
    resourceId: NSG,
    properties: { Version: version, flows: [{ rule, flows: [{ mac: '000D3AF87856', flowTuples: tuples }] }] },
  });

  it('makes one event per version 2 tuple', () => {
    const { sink, out } = collector();
    expect(
      emitNsgFlows(
        record(2, 'DefaultRule_DenyAllInBound', [
          '1709380800,192.0.2.190,10.5.16.4,28746,22,T,I,D,B,,,,',
          '1709380802,10.5.16.4,198.51.100.225,59929,443,T,O,A,E,15,8489,12,7054',
        ]),
        sink,
        5,
      ),
    ).toBe(2);
    expect(out.events[0]).toMatchObject({
      'event.dataset': 'azure.nsgflow',
      '@timestamp': '2024-03-02T12:00:00.000Z',
      'event.action': 'network_flow',
      'event.type': ['denied', 'connection'],
      'event.outcome': 'failure',
      'source.ip': '192.0.2.190',
      'source.port': 28746,
      'destination.ip': '10.5.16.4',
      'destination.port': 22,
      'network.transport': 'tcp',
      'network.direction': 'ingress',
      'nsgflow.state': 'begin',
      'rule.name': 'DefaultRule_DenyAllInBound',
      'rule.ruleset': 'NSG-WEB',
      'azure.resource.id': NSG,
      'nsgflow.mac': '000D3AF87856',
      'log.original': '1709380800,192.0.2.190,10.5.16.4,28746,22,T,I,D,B,,,,',
      'log.file.line': 5,
    });
    expect(out.events[0]!['source.bytes']).toBeUndefined();
    expect(out.events[1]).toMatchObject({
      'event.type': ['allowed', 'connection'],
      'network.direction': 'egress',
      'nsgflow.state': 'end',
      'source.packets': 15,
      'source.bytes': 8489,
      'destination.packets': 12,
      'destination.bytes': 7054,
    });
  });

  it('reads version 1 tuples and IPv6 addresses, and reports malformed tuples', () => {
    const { sink, out } = collector();
    emitNsgFlows(
      record(1, 'UserRule_rdp', [
        '1709380860,2001:db8::7,10.1.0.4,61771,3389,U,I,A',
        '1709380860,not-an-ip,10.1.0.4,1,2,T,I,A',
        '1709380860,1.2.3.4,10.1.0.4,1,70000,T,I,A',
        'x',
      ]),
      sink,
      1,
    );
    expect(out.events).toHaveLength(1);
    expect(out.events[0]).toMatchObject({
      'source.ip': '2001:db8::7',
      'network.transport': 'udp',
      'nsgflow.version': 1,
    });
    expect(out.unparsed.map((u) => u.text)).toEqual([
      '1709380860,not-an-ip,10.1.0.4,1,2,T,I,A',
      '1709380860,1.2.3.4,10.1.0.4,1,70000,T,I,A',
      'x',
    ]);
  });

  it('reports rule and group entries that hold no tuples array, and reads the rest of the record', () => {
    const { sink, out } = collector();
    const ok = record(2, 'UserRule_ssh', ['1709380860,192.0.2.7,10.1.0.4,61771,22,T,I,A,B,,,,']);
    const rules: unknown[] = ok.properties.flows;
    rules.push({ rule: 'UserRule_broken' }, { rule: 'UserRule_x', flows: [{ mac: '000D3AF87856' }] });
    expect(emitNsgFlows(ok, sink, 7)).toBe(1);
    expect(out.unparsed.map((u) => [u.line, u.reason])).toEqual([
      [7, 'NSG flow rule entry without a flows array'],
      [7, 'NSG flow group without a flowTuples array'],
    ]);
  });

  it('says when a record has no flows', () => {
    expect(emitNsgFlows({ properties: {} }, collector().sink, 1)).toBe(
      'NSG flow record without properties.flows',
    );
  });
});

describe('virtual network flow logs', () => {
  const VNET = `/subscriptions/${SUB}/resourceGroups/rg-web/providers/Microsoft.Network/virtualNetworks/vnet-web`;
  const record = (tuples: unknown[]) => ({
    time: '2024-03-02T12:00:52.5625085Z',
    flowLogVersion: 4,
    macAddress: '00224871C205',
    category: 'FlowLogFlowEvent',
    targetResourceID: VNET,
    flowRecords: { flows: [{ aclID: 'a', flowGroups: [{ rule: 'Internet', flowTuples: tuples }] }] },
  });

  // Tuple: ts,src,dst,sport,dport,protocol,I|O,B|C|E|D,encryption,packets/bytes out,packets/bytes in
  // (azure-docs articles/network-watcher/vnet-flow-logs-overview.md, "Log format").
  it.each([
    [
      'milliseconds, TCP, denied',
      '1663145998065,101.33.218.153,10.0.0.6,55188,22,6,I,D,NX,0,0,0,0',
      { '@timestamp': '2022-09-14T08:59:58.065Z', 'network.transport': 'tcp', 'event.outcome': 'failure' },
    ],
    [
      'seconds, empty counts on a begin tuple',
      '1493763938,185.170.185.105,10.2.0.4,35370,23,6,I,B,NX,,,,',
      { '@timestamp': '2017-05-02T22:25:38.000Z', 'nsgflow.state': 'begin', 'source.bytes': undefined },
    ],
    [
      'UDP, continuing, encrypted',
      '1663146003599,10.0.0.6,10.0.0.7,5353,53,17,O,C,X,1021,588096,8005,4610880',
      {
        'network.transport': 'udp',
        'nsgflow.state': 'continue',
        'nsgflow.encryption': 'X',
        'destination.bytes': 4610880,
      },
    ],
    [
      'a protocol with no ECS transport name',
      '1663146003599,10.0.0.6,10.0.0.7,0,0,47,O,E,NX,1,2,3,4',
      {
        'network.transport': undefined,
        'network.iana_number': '47',
        'event.type': ['allowed', 'connection'],
      },
    ],
  ])('%s', (_case, tuple, expected) => {
    const { sink, out } = collector();
    expect(emitVnetFlows(record([tuple]), sink, 4)).toBe(1);
    const ev = out.events[0] as Record<string, unknown>;
    expect(ev).toMatchObject({
      'event.dataset': 'azure.nsgflow',
      'log.original': tuple,
      'azure.resource.name': 'vnet-web',
    });
    for (const [field, value] of Object.entries(expected)) expect(ev[field], field).toEqual(value);
  });

  it('reports malformed tuples and entries without flow groups, and reads the rest', () => {
    const { sink, out } = collector();
    const r = record([
      '1663146003599,10.0.0.6,10.0.0.7,1,2,T,O,B,NX,0,0,0,0',
      '1663146003599,10.0.0.6,10.0.0.7,1,2,6,O,A,NX,0,0,0,0',
      7,
      '1663146003599,10.0.0.6,10.0.0.7,1,2,6,O,B,NX,0,0,0,0',
    ]);
    r.flowRecords.flows.push({ aclID: 'b' } as never);
    expect(emitVnetFlows(r, sink, 9)).toBe(1);
    expect(out.unparsed.map((u) => [u.line, u.reason, u.text])).toEqual([
      [9, 'malformed virtual network flow tuple', '1663146003599,10.0.0.6,10.0.0.7,1,2,T,O,B,NX,0,0,0,0'],
      [9, 'malformed virtual network flow tuple', '1663146003599,10.0.0.6,10.0.0.7,1,2,6,O,A,NX,0,0,0,0'],
      [9, 'malformed virtual network flow tuple', '7'],
      [9, 'virtual network flow entry without a flowGroups array', '{"aclID":"b"}'],
    ]);
  });
});
