import {
  activityRecord,
  events,
  flowTuple,
  lines,
  logonEvent,
  nsgFlows,
  sshAccepted,
  sshFailures,
  windowsConnection,
} from '../inputs.ts';
import type { Intel } from '../run.ts';
import type { RuleCase } from './types.ts';

const LISTED = '203.0.113.66';
const UNLISTED = '198.51.100.9';
const FEED: Intel = { ip: LISTED, feed: 'test-blocklist' };

/** Azure Activity Log rules, and the threat intelligence rules over events the intel step enriched. */
export const CLOUD_CASES: RuleCase[] = [
  {
    rule: 'azure/run-command-failed.yml',
    fires: [activityRecord('MICROSOFT.COMPUTE/VIRTUALMACHINES/RUNCOMMAND/ACTION', 'Failed')],
    misses: [
      {
        why: 'a Run Command that succeeded',
        input: activityRecord('MICROSOFT.COMPUTE/VIRTUALMACHINES/RUNCOMMAND/ACTION', 'Success'),
      },
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
    ],
    misses: [
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
    ],
  },
  {
    rule: 'intel/communication-malicious-ip-nsg.yml',
    fires: [{ files: [nsgFlows([flowTuple(0, '10.0.0.4', LISTED, 443, 'O')])], intel: FEED }],
    misses: [
      {
        why: 'a flow to an unlisted address',
        input: { files: [nsgFlows([flowTuple(0, '10.0.0.4', UNLISTED, 443, 'O')])], intel: FEED },
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
    fires: [{ files: [events(logonEvent(4625, LISTED, 0))], intel: FEED }],
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
