import {
  activityRecord,
  anonymousLogon,
  events,
  flowTuple,
  lines,
  logonEvent,
  nsgFlows,
  START,
  sshAccepted,
  sshFailures,
  windowsConnection,
} from '../inputs.ts';
import type { Intel } from '../run.ts';
import type { RuleCase } from './types.ts';

const LISTED = '203.0.113.66';
const UNLISTED = '198.51.100.9';
const FEED: Intel = { ip: LISTED, feed: 'test-blocklist' };

const VM =
  '/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachines/vm-web-01';

/** The same Activity Log record as `az monitor activity-log list` (the REST API) writes it: a JSON array. */
function activityRest(operation: string, status: string, resourceSuffix = ''): string {
  return JSON.stringify([
    {
      caller: 'mallory@contoso.com',
      eventTimestamp: new Date(START).toISOString(),
      operationName: { value: operation, localizedValue: operation },
      status: { value: status, localizedValue: status },
      subStatus: { value: '', localizedValue: '' },
      category: { value: 'Administrative', localizedValue: 'Administrative' },
      httpRequest: { clientIpAddress: '203.0.113.77', method: 'POST' },
      resourceId: `${VM}${resourceSuffix}`,
    },
  ]);
}

/** The same record as a Log Analytics AzureActivity row (`az monitor log-analytics query`). */
function activityRow(operation: string, status: string, resourceSuffix = ''): string {
  return JSON.stringify([
    {
      TimeGenerated: new Date(START).toISOString(),
      OperationNameValue: operation.toUpperCase(),
      ActivityStatusValue: status,
      Caller: 'mallory@contoso.com',
      CallerIpAddress: '203.0.113.77',
      CategoryValue: 'Administrative',
      _ResourceId: `${VM}${resourceSuffix}`.toLowerCase(),
      Type: 'AzureActivity',
    },
  ]);
}

const RUN_COMMAND = 'Microsoft.Compute/virtualMachines/runCommand/action';
const EXTENSION_WRITE = 'Microsoft.Compute/virtualMachines/extensions/write';

/** Azure Activity Log rules, and the threat intelligence rules over events the intel step enriched. */
export const CLOUD_CASES: RuleCase[] = [
  {
    rule: 'azure/run-command-failed.yml',
    fires: [
      activityRecord('MICROSOFT.COMPUTE/VIRTUALMACHINES/RUNCOMMAND/ACTION', 'Failed'),
      activityRecord('MICROSOFT.COMPUTE/VIRTUALMACHINES/RUNCOMMAND/ACTION', 'Failure'),
      activityRest(RUN_COMMAND, 'Failed'),
      activityRow(RUN_COMMAND, 'Failure'),
    ],
    misses: [
      {
        why: 'a Run Command that succeeded',
        input: activityRecord('MICROSOFT.COMPUTE/VIRTUALMACHINES/RUNCOMMAND/ACTION', 'Success'),
      },
      { why: 'a Run Command that succeeded (REST)', input: activityRest(RUN_COMMAND, 'Succeeded') },
      { why: 'a Run Command only started (AzureActivity)', input: activityRow(RUN_COMMAND, 'Start') },
    ],
  },
  {
    rule: 'azure/vmaccess-extension.yml',
    fires: [
      activityRecord(
        'MICROSOFT.COMPUTE/VIRTUALMACHINES/EXTENSIONS/WRITE',
        'Success',
        '/EXTENSIONS/enablevmaccess',
      ),
      activityRest(EXTENSION_WRITE, 'Started', '/extensions/VMAccessForLinux'),
      activityRow(EXTENSION_WRITE, 'Success', '/extensions/VMAccessAgent'),
    ],
    misses: [
      {
        why: 'another extension installed (REST)',
        input: activityRest(EXTENSION_WRITE, 'Succeeded', '/extensions/CustomScript'),
      },
      {
        why: 'the VMAccess extension removed',
        input: activityRow(
          'Microsoft.Compute/virtualMachines/extensions/delete',
          'Success',
          '/extensions/enablevmaccess',
        ),
      },
      {
        why: 'another extension installed',
        input: activityRecord(
          'MICROSOFT.COMPUTE/VIRTUALMACHINES/EXTENSIONS/WRITE',
          'Success',
          '/EXTENSIONS/AzureMonitorLinuxAgent',
        ),
      },
    ],
  },
  {
    rule: 'intel/logon-malicious-ip-linux.yml',
    fires: [{ files: [lines(sshAccepted(0, LISTED))], intel: FEED }],
    misses: [
      {
        why: 'the same logon, from an address on no feed',
        input: { files: [lines(sshAccepted(0, UNLISTED))], intel: FEED },
      },
      {
        why: 'a failed logon from the listed address',
        input: { files: [lines(...sshFailures(LISTED, 1))], intel: FEED },
      },
    ],
  },
  {
    rule: 'intel/logon-malicious-ip-windows.yml',
    fires: [{ files: [events(logonEvent(4624, LISTED, 0))], intel: FEED }],
    misses: [
      {
        why: 'a failed logon from the listed address',
        input: { files: [events(logonEvent(4625, LISTED, 0))], intel: FEED },
      },
      {
        why: 'a null session (ANONYMOUS LOGON) from the listed address: no account was used',
        input: { files: [events(anonymousLogon(LISTED, 0))], intel: FEED },
      },
    ],
  },
  {
    rule: 'intel/communication-malicious-ip-nsg.yml',
    fires: [
      { files: [nsgFlows([flowTuple(0, '10.0.0.4', LISTED, 443, 'O')])], intel: FEED },
      // A host trying to reach the address is news even when the NSG stopped it.
      { files: [nsgFlows([flowTuple(0, '10.0.0.4', LISTED, 443, 'O', 'D')])], intel: FEED },
      { files: [nsgFlows([flowTuple(0, LISTED, '10.0.0.4', 22, 'I')])], intel: FEED },
    ],
    misses: [
      {
        why: 'a flow to an unlisted address',
        input: { files: [nsgFlows([flowTuple(0, '10.0.0.4', UNLISTED, 443, 'O')])], intel: FEED },
      },
      {
        why: 'an inbound flow from the listed address that the NSG denied (it never reached the host)',
        input: { files: [nsgFlows([flowTuple(0, LISTED, '10.0.0.4', 22, 'I', 'D')])], intel: FEED },
      },
    ],
  },
  {
    rule: 'intel/communication-malicious-ip-linux.yml',
    fires: [{ files: [lines(...sshFailures(LISTED, 1))], intel: FEED }],
    misses: [
      {
        why: 'a successful logon is reported as a logon from a malicious IP instead',
        input: { files: [lines(sshAccepted(0, LISTED))], intel: FEED },
      },
      { why: 'no listed address', input: { files: [lines(...sshFailures(UNLISTED, 1))], intel: FEED } },
    ],
  },
  {
    rule: 'intel/communication-malicious-ip-windows-security.yml',
    fires: [
      { files: [events(logonEvent(4625, LISTED, 0))], intel: FEED },
      { files: [events(anonymousLogon(LISTED, 0))], intel: FEED },
    ],
    misses: [
      {
        why: 'a successful logon is reported as a logon from a malicious IP instead',
        input: { files: [events(logonEvent(4624, LISTED, 0))], intel: FEED },
      },
    ],
  },
  {
    rule: 'intel/communication-malicious-ip-windows-sysmon.yml',
    fires: [{ files: [windowsConnection('C:\\Users\\Public\\a.exe', LISTED, 443)], intel: FEED }],
    misses: [
      {
        why: 'a connection to an unlisted address',
        input: { files: [windowsConnection('C:\\Users\\Public\\a.exe', UNLISTED, 443)], intel: FEED },
      },
    ],
  },
  {
    rule: 'intel/communication-malicious-ip-azure.yml',
    fires: [
      {
        files: [activityRecord('MICROSOFT.COMPUTE/VIRTUALMACHINES/WRITE', 'Success', '', LISTED)],
        intel: FEED,
      },
    ],
    misses: [
      {
        why: 'an operation from an unlisted address',
        input: {
          files: [activityRecord('MICROSOFT.COMPUTE/VIRTUALMACHINES/WRITE', 'Success', '', UNLISTED)],
          intel: FEED,
        },
      },
    ],
  },
];
