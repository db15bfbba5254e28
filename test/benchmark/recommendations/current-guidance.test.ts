import { describe, expect, it } from 'vitest';
import { recommendation } from '../../../src/benchmark/catalog.ts';

// Title, severity and assessment key of each Defender for Cloud recommendation Vigil mirrors, as the
// newest stored reference pages give them (reviewed 2026-11-29): MicrosoftDocs/defender-docs@0ab37059
// recommendations-reference-compute.md (ms.date 2024-09-02, with the Azure Local renames), @56115a0e
// recommendations-reference-networking.md and @567c724c recommendations-reference-data.md. The compute page
// still titles e1145ab1 "(powered by Update Center)"; its GA entry (5 September 2024) in
// https://learn.microsoft.com/azure/defender-for-cloud/release-notes-recommendations-alerts and
// https://learn.microsoft.com/azure/defender-for-cloud/enable-periodic-system-updates name it after Azure
// Update Manager.
const DEFENDER: [id: string, title: string, severity: string, assessmentKey: string][] = [
  [
    'system-updates-installed',
    'System updates should be installed on your machines (powered by Azure Update Manager)',
    'High',
    'e1145ab1-eb4f-43d8-911b-36ddf771d13f',
  ],
  [
    'vulnerability-assessment-solution',
    'Machines should have a vulnerability assessment solution',
    'Medium',
    'ffff0522-1e88-47fc-8382-2a80ba848f5d',
  ],
  [
    'edr-solution-installed',
    'EDR solution should be installed on Virtual Machines',
    'High',
    '06e3a6db-6c0c-4ad9-943f-31d9d73ecf6c',
  ],
  [
    'linux-vm-disk-encryption',
    'Linux virtual machines should enable Azure Disk Encryption or EncryptionAtHost',
    'High',
    'a40cc620-e72c-fdf4-c554-c6ca2cd705c0',
  ],
  [
    'windows-vm-disk-encryption',
    'Windows virtual machines should enable Azure Disk Encryption or EncryptionAtHost',
    'High',
    '0cb5f317-a94b-6b80-7212-13a9cc8826af',
  ],
  [
    'vm-encryption-at-host',
    'Virtual machines and virtual machine scale sets should have encryption at host enabled',
    'Medium',
    'efbbd784-656d-473a-9863-ea7693bfcd2a',
  ],
  [
    'classic-vms',
    'Virtual machines should be migrated to new Azure Resource Manager resources',
    'High',
    '12018f4f-3d10-999b-e4c4-86ec25be08a1',
  ],
  [
    'linux-vm-ssh-keys',
    'Authentication to Linux machines should require SSH keys',
    'Medium',
    '22441184-2f7b-d4a0-e00b-4c5eaef4afc9',
  ],
  [
    'vm-backup-enabled',
    'Azure Backup should be enabled for virtual machines',
    'Low',
    'f2f595ec-5dc6-68b4-82ef-b63563e9c610',
  ],
  [
    'defender-for-servers',
    'Microsoft Defender for Servers should be enabled',
    'High',
    '56a6e81f-7413-4f72-9a1b-aaeeaa87c872',
  ],
  [
    'guest-configuration-extension',
    'Guest Configuration extension should be installed on machines',
    'Medium',
    '6c99f570-2ce7-46bc-8175-cde013df43bc',
  ],
  [
    'guest-configuration-managed-identity',
    "Virtual machines' Guest Configuration extension should be deployed with system-assigned managed identity",
    'Medium',
    '69133b6b-695a-43eb-a763-221e19556755',
  ],
  [
    'jit-management-ports',
    'Management ports of virtual machines should be protected with just-in-time network access control',
    'High',
    '805651bc-6ecd-4c73-9b55-97a19d0582d0',
  ],
  [
    'management-ports-closed',
    'Management ports should be closed on your virtual machines',
    'Medium',
    'bc303248-3d14-44c2-96a0-55f5c326b5fe',
  ],
  [
    'vm-nsg-rules-restrict-any-internet',
    'All network ports should be restricted on network security groups associated to your virtual machine',
    'High',
    '3b20e985-f71f-483b-b078-f30d73936d43',
  ],
  [
    'internet-facing-vm-nsg',
    'Internet-facing virtual machines should be protected with network security groups',
    'High',
    '483f12ed-ae23-447e-a2de-a67a10db4353',
  ],
  [
    'non-internet-facing-vm-nsg',
    'Non-internet-facing virtual machines should be protected with network security groups',
    'Low',
    'a9341235-9389-42f0-a0bf-9bfb57960d44',
  ],
  [
    'vm-ip-forwarding-disabled',
    'IP forwarding on your virtual machine should be disabled',
    'Medium',
    'c3b51c94-588b-426b-a892-24696f9e54cc',
  ],
  [
    'vnet-ddos-protection',
    'Azure DDoS Protection Standard should be enabled',
    'Medium',
    'e3de1cc0-f4dd-3b34-e496-8b5381ba2d70',
  ],
  [
    'network-watcher-enabled',
    'Network Watcher should be enabled',
    'Low',
    'f1f2f7dc-7bd5-18bf-c403-cbbdb7ec3d68',
  ],
];

describe('Defender recommendations Vigil mirrors', () => {
  it.each(DEFENDER)(
    '%s carries Defender’s current title, severity and assessment key',
    (id, title, severity, key) => {
      expect(recommendation(id)).toMatchObject({ title, severity, assessmentKey: key, stage: 'ga' });
    },
  );
});

// Azure Disk Encryption retires on 15 September 2028 and Microsoft says to use encryption at host instead;
// encryption at host cannot be enabled where ADE is or ever was
// (https://learn.microsoft.com/azure/virtual-machines/disk-encryption-migrate).
describe('disk encryption remediations after the Azure Disk Encryption retirement', () => {
  it.each(['linux-vm-disk-encryption', 'windows-vm-disk-encryption'])(
    '%s fixes a machine with encryption at host, never by turning ADE on',
    (id) => {
      const { remediation } = recommendation(id)!;
      expect(remediation.cli).toContain('securityProfile.encryptionAtHost=true');
      expect(remediation.cli).not.toContain('az vm encryption enable');
      expect(remediation.portal).not.toContain('Encrypt OS and data disks');
      expect(remediation.portal).toContain('15 September 2028');
      expect(remediation.template).toContain('encryptionAtHost = true');
    },
  );

  it.each(['vm-encryption-at-host', 'vmss-encryption-at-host'])(
    '%s warns that a machine with ADE cannot take encryption at host in place',
    (id) => {
      expect(recommendation(id)!.remediation.portal).toContain('ever had Azure Disk Encryption');
    },
  );
});

// Subnets of virtual networks created with the network API released after 31 March 2026 are private: a VM
// that loses its public IP there has no way out to the internet unless the subnet gets one
// (https://learn.microsoft.com/azure/virtual-network/ip-services/default-outbound-access).
describe('public IP removal after the end of default outbound access', () => {
  it('nic-no-public-ip gives the subnet an explicit outbound path before removing the public IP', () => {
    const { remediation } = recommendation('nic-no-public-ip')!;
    expect(remediation.portal).toContain('NAT gateway');
    expect(remediation.cli).toMatch(/--nat-gateway <nat-gateway> && az network nic ip-config update/);
  });
});
