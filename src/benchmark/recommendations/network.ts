import { internetFacingVmNsg } from '../analyzers/internet-facing-vm-nsg.ts';
import { jitManagementPorts } from '../analyzers/jit-management-ports.ts';
import { managementPortsClosed } from '../analyzers/management-ports-closed.ts';
import { nonInternetFacingVmNsg } from '../analyzers/non-internet-facing-vm-nsg.ts';
import { vmIpForwardingDisabled } from '../analyzers/vm-ip-forwarding-disabled.ts';
import { vmNsgRulesRestrictAnyInternet } from '../analyzers/vm-nsg-rules-restrict-any-internet.ts';
import type { Recommendation } from '../types.ts';

// Titles, severities and assessment keys are Defender for Cloud's where it has the recommendation:
// MicrosoftDocs/defender-docs@198370dd articles/defender-for-cloud/recommendations-reference-networking.md
// (ms.date 2025-05-18), and Defender's data recommendations reference (ms.date 2024-03-13) for
// Network Watcher. MCSB ids follow the groups of the Microsoft cloud security benchmark initiative
// (Azure/azure-policy@f4a50bac policySetDefinitions/Security Center/AzureSecurityCenter.json).
// Recommendations without an assessment key are Vigil's own. Those, and Defender's whose secure score
// control no source states, count toward the 0-point "Implement security best practices" control, so
// the score stays comparable with Defender's.

const VM = 'Microsoft.Compute/virtualMachines';
const NSG = 'Microsoft.Network/networkSecurityGroups';

export const networkRecommendations: Recommendation[] = [
  {
    id: 'jit-management-ports',
    title:
      'Management ports of virtual machines should be protected with just-in-time network access control',
    severity: 'High',
    mcsb: ['NS-3', 'PA-2'],
    control: 'secure-management-ports',
    assessmentKey: '805651bc-6ecd-4c73-9b55-97a19d0582d0',
    stage: 'ga',
    description:
      "A management port (SSH 22, RDP 3389, WinRM 5985/5986) that the VM's NSGs leave open to the internet is scanned and brute-forced within hours. Just-in-time access keeps it closed and opens it for one source address for a limited time on request. A VM is unhealthy when its NSGs let a management port in from the internet and no JIT policy lists that port for it; a VM with no NSG at all cannot use JIT and is not applicable.",
    remediation: {
      portal:
        'In Defender for Cloud open Workload protections > Just-in-time VM access, select the VM on the "Not configured" tab, choose "Enable JIT on 1 VM", keep the ports 22, 3389, 5985 and 5986 (or the ones the VM uses), set the allowed sources and maximum request time, and save.',
      cli: 'az security jit-policy create -g <rg> -l <location> -n default --virtual-machines \'[{"id":"<vm-id>","ports":[{"number":22,"protocol":"TCP","allowedSourceAddressPrefix":"*","maxRequestAccessDuration":"PT3H"}]}]\'',
      template:
        'Microsoft.Security/locations/jitNetworkAccessPolicies: properties.virtualMachines[] = { id: <vm-id>, ports: [{ number: 22, protocol: "TCP", allowedSourceAddressPrefix: "*", maxRequestAccessDuration: "PT3H" }] }',
    },
    resourceTypes: [VM],
    // JIT policies are in no Resource Graph table (supported-tables-resources.md lists none of
    // Microsoft.Security/locations/jitNetworkAccessPolicies) and `az resource list` leaves proxy resources
    // out: without them an open port would read as unprotected. A subscription may truly have none.
    requires: {
      types: ['Microsoft.Security/locations/jitNetworkAccessPolicies'],
      export: 'az security jit-policy list, per subscription',
      anywhere: true,
    },
    check: { kind: 'analyzer', analyze: jitManagementPorts },
  },
  {
    id: 'management-ports-closed',
    title: 'Management ports should be closed on your virtual machines',
    severity: 'Medium',
    mcsb: ['NS-3'],
    control: 'secure-management-ports',
    assessmentKey: 'bc303248-3d14-44c2-96a0-55f5c326b5fe',
    stage: 'ga',
    description:
      'Remote management ports open to the internet invite credential brute-forcing. The VM is unhealthy when a host on the internet can reach TCP 22, 3389, 5985 or 5986 through the NSGs of its subnet and NIC, including when no NSG filters it at all. The evidence names the NSG and the rule that lets the traffic in.',
    remediation: {
      portal:
        'Open the NSG named in the evidence > Inbound security rules, and delete the rule that allows the management port from Any or Internet, or narrow its source to your administration network. Use Azure Bastion or just-in-time access for administration.',
      cli: 'az network nsg rule update -g <rg> --nsg-name <nsg> -n <rule> --source-address-prefixes <admin-cidr>   # or: az network nsg rule delete -g <rg> --nsg-name <nsg> -n <rule>',
      template:
        'Microsoft.Network/networkSecurityGroups: no securityRules entry with direction Inbound, access Allow, a destination port of 22, 3389, 5985 or 5986 and sourceAddressPrefix "*", "Internet" or "0.0.0.0/0"',
    },
    resourceTypes: [VM],
    check: { kind: 'analyzer', analyze: managementPortsClosed },
  },
  {
    id: 'internet-facing-vm-nsg',
    title: 'Internet-facing virtual machines should be protected with network security groups',
    severity: 'High',
    mcsb: ['NS-1'],
    control: 'secure-management-ports',
    assessmentKey: '483f12ed-ae23-447e-a2de-a67a10db4353',
    stage: 'ga',
    description:
      'A VM with a public IP, or behind a load balancer with a public frontend, takes traffic from the whole internet; without a network security group on its subnet or NIC nothing filters it. Applies to internet-facing VMs only; every network interface of the VM needs an NSG at one of the two levels.',
    remediation: {
      portal:
        'Create a network security group with only the inbound rules the workload needs, then associate it with the subnet of the VM (Virtual networks > <vnet> > Subnets > <subnet> > Network security group) or with its network interface (Network interfaces > <nic> > Network security group).',
      cli: 'az network nsg create -g <rg> -n <nsg> && az network vnet subnet update -g <rg> --vnet-name <vnet> -n <subnet> --network-security-group <nsg>',
      template:
        'Microsoft.Network/virtualNetworks/subnets: properties.networkSecurityGroup.id, or Microsoft.Network/networkInterfaces: properties.networkSecurityGroup.id',
    },
    resourceTypes: [VM],
    check: { kind: 'analyzer', analyze: internetFacingVmNsg },
  },
  {
    id: 'non-internet-facing-vm-nsg',
    title: 'Non-internet-facing virtual machines should be protected with network security groups',
    severity: 'Low',
    mcsb: ['NS-1'],
    control: 'implement-security-best-practices',
    assessmentKey: 'a9341235-9389-42f0-a0bf-9bfb57960d44',
    stage: 'ga',
    description:
      'A VM without a public address still takes traffic from every host of its virtual network, peered networks and connected on-premises networks. Without an NSG on its subnet or NIC a compromised neighbour can reach every port. Applies to VMs with no public IP and no public load balancer.',
    remediation: {
      portal:
        'Create a network security group that allows only the traffic the workload needs from the networks that need it, and associate it with the subnet of the VM or with its network interface.',
      cli: 'az network nsg create -g <rg> -n <nsg> && az network nic update -g <rg> -n <nic> --network-security-group <nsg>',
      template:
        'Microsoft.Network/virtualNetworks/subnets: properties.networkSecurityGroup.id, or Microsoft.Network/networkInterfaces: properties.networkSecurityGroup.id',
    },
    resourceTypes: [VM],
    check: { kind: 'analyzer', analyze: nonInternetFacingVmNsg },
  },
  {
    id: 'vm-nsg-rules-restrict-any-internet',
    title:
      'All network ports should be restricted on network security groups associated to your virtual machine',
    severity: 'High',
    mcsb: ['NS-1'],
    control: 'restrict-unauthorized-network-access',
    assessmentKey: '3b20e985-f71f-483b-b078-f30d73936d43',
    stage: 'ga',
    description:
      "Inbound rules that allow traffic from 'Any' or 'Internet' expose the VM to every host on the internet. The VM is unhealthy when such a rule in the NSG of its subnet or NIC takes effect on some port, after higher-priority rules and the other NSG on the path have had their say; the evidence lists each open port range with its rules. VMs with no NSG are left to the NSG-association recommendations.",
    remediation: {
      portal:
        "Open the NSG named in the evidence > Inbound security rules and change the rule's source from Any or Internet to the address ranges or service tags that need access (or delete the rule).",
      cli: 'az network nsg rule update -g <rg> --nsg-name <nsg> -n <rule> --source-address-prefixes <cidr-or-service-tag>',
      template:
        'Microsoft.Network/networkSecurityGroups: securityRules[].properties.sourceAddressPrefix(es) of inbound Allow rules set to specific ranges or service tags, never "*", "Internet" or "0.0.0.0/0"',
    },
    resourceTypes: [VM],
    check: { kind: 'analyzer', analyze: vmNsgRulesRestrictAnyInternet },
  },
  {
    id: 'vm-ip-forwarding-disabled',
    title: 'IP forwarding on your virtual machine should be disabled',
    severity: 'Medium',
    mcsb: ['NS-3'],
    control: 'restrict-unauthorized-network-access',
    assessmentKey: 'c3b51c94-588b-426b-a892-24696f9e54cc',
    stage: 'ga',
    description:
      'With IP forwarding on, a NIC accepts and sends traffic for addresses that are not its own, so the VM can route packets around network controls. Only network virtual appliances need it. The VM is unhealthy when any of its NICs has IP forwarding enabled.',
    remediation: {
      portal:
        'Open the network interface named in the evidence > IP configurations, set "IP forwarding" to Disabled, and save. Keep it only on network virtual appliances, and exempt those.',
      cli: 'az network nic update -g <rg> -n <nic> --ip-forwarding false',
      template: 'Microsoft.Network/networkInterfaces: properties.enableIPForwarding = false',
    },
    resourceTypes: [VM],
    check: { kind: 'analyzer', analyze: vmIpForwardingDisabled },
  },
  {
    id: 'subnet-nsg',
    title: 'Subnets should be associated with a network security group',
    severity: 'Low',
    mcsb: ['NS-1'],
    control: 'implement-security-best-practices',
    assessmentKey: 'eade5b56-eefd-444f-95c8-23f29e5d93cb',
    stage: 'ga',
    description:
      'An NSG on the subnet filters traffic for every VM and service in it, including ones created later without their own NSG. GatewaySubnet, AzureFirewallSubnet and AzureBastionSubnet are not applicable, as in Defender: those services filter traffic themselves and some break with an NSG.',
    remediation: {
      portal:
        'Open Virtual networks > <vnet> > Subnets > <subnet>, choose a network security group under "Network security group", and save.',
      cli: 'az network vnet subnet update -g <rg> --vnet-name <vnet> -n <subnet> --network-security-group <nsg>',
      template: 'Microsoft.Network/virtualNetworks/subnets: properties.networkSecurityGroup.id = <nsg-id>',
    },
    resourceTypes: ['Microsoft.Network/virtualNetworks/subnets'],
    check: { kind: 'policy', definition: 'network/subnet-nsg.json' },
  },
  {
    id: 'nic-no-public-ip',
    title: 'Network interfaces should not have public IPs',
    severity: 'Medium',
    mcsb: ['NS-1'],
    control: 'implement-security-best-practices',
    stage: 'ga',
    description:
      'A public IP on a NIC puts the VM directly on the internet, where every port its NSGs allow can be probed. Reaching VMs through Azure Bastion, a VPN gateway or a load balancer keeps them off the internet. A NIC is unhealthy when any of its IP configurations has a public IP.',
    remediation: {
      // The public IP may be the VM's only way out: subnets of virtual networks created with the network API
      // released after 31 March 2026 are private (defaultOutboundAccess false), and a VM there without a
      // public IP, NAT gateway or load balancer outbound rule reaches nothing on the internet
      // (https://learn.microsoft.com/azure/virtual-network/ip-services/default-outbound-access).
      portal:
        'If the VM needs outbound internet access (updates, activation), give its subnet an explicit outbound path first: attach a NAT gateway (Virtual networks > <vnet> > Subnets > <subnet> > NAT gateway), since a private subnet offers none once the public IP is gone. Then open Network interfaces > <nic> > IP configurations > <ipconfig>, set Public IP address to Disassociate, and save. Reach the VM through Azure Bastion or a VPN instead.',
      cli: 'az network vnet subnet update -g <rg> --vnet-name <vnet> -n <subnet> --nat-gateway <nat-gateway> && az network nic ip-config update -g <rg> --nic-name <nic> -n <ipconfig> --remove publicIpAddress   # leave out the subnet update if the VM needs no outbound internet access',
      template:
        'Microsoft.Network/networkInterfaces: properties.ipConfigurations[].properties.publicIPAddress absent',
    },
    resourceTypes: ['Microsoft.Network/networkInterfaces'],
    check: { kind: 'policy', definition: 'network/nic-no-public-ip.json' },
  },
  {
    id: 'nsg-ssh-from-internet',
    title: 'SSH access from the internet should be blocked',
    severity: 'High',
    mcsb: ['NS-3'],
    control: 'implement-security-best-practices',
    stage: 'ga',
    description:
      "An NSG rule that lets TCP port 22 in from any address or the Internet tag exposes SSH on every VM the NSG filters. The NSG is unhealthy when one of its inbound Allow rules covers port 22 (alone, in a range or in a list) for TCP or any protocol, with '*', 'Any', 'Internet', '0.0.0.0/0' or '::/0' as a source.",
    remediation: {
      portal:
        'Open the network security group > Inbound security rules, and change the source of the rule allowing port 22 to your administration range, or delete it and use Azure Bastion or just-in-time access.',
      cli: 'az network nsg rule update -g <rg> --nsg-name <nsg> -n <rule> --source-address-prefixes <admin-cidr>',
      template:
        'Microsoft.Network/networkSecurityGroups: no inbound Allow securityRules entry covering port 22 with sourceAddressPrefix(es) "*", "Internet" or "0.0.0.0/0"',
    },
    resourceTypes: [NSG],
    check: { kind: 'policy', definition: 'network/nsg-ssh-from-internet.json' },
  },
  {
    id: 'nsg-rdp-from-internet',
    title: 'RDP access from the internet should be blocked',
    severity: 'High',
    mcsb: ['NS-3'],
    control: 'implement-security-best-practices',
    stage: 'ga',
    description:
      "An NSG rule that lets port 3389 in from any address or the Internet tag exposes Remote Desktop (over TCP, and over UDP for its UDP transport) on every VM the NSG filters. The NSG is unhealthy when one of its inbound Allow rules covers port 3389 (alone, in a range or in a list) for TCP, UDP or any protocol, with '*', 'Any', 'Internet', '0.0.0.0/0' or '::/0' as a source.",
    remediation: {
      portal:
        'Open the network security group > Inbound security rules, and change the source of the rule allowing port 3389 to your administration range, or delete it and use Azure Bastion or just-in-time access.',
      cli: 'az network nsg rule update -g <rg> --nsg-name <nsg> -n <rule> --source-address-prefixes <admin-cidr>',
      template:
        'Microsoft.Network/networkSecurityGroups: no inbound Allow securityRules entry covering port 3389 with sourceAddressPrefix(es) "*", "Internet" or "0.0.0.0/0"',
    },
    resourceTypes: [NSG],
    check: { kind: 'policy', definition: 'network/nsg-rdp-from-internet.json' },
  },
  // NSG flow logs: since 30 June 2025 Azure refuses to create new ones, and on 30 September 2027 it retires
  // (deletes) the rest; Microsoft points to virtual network flow logs instead. MicrosoftDocs/azure-docs
  // includes/network-watcher-nsg-flow-logs-retirement.md, shown on
  // https://learn.microsoft.com/azure/network-watcher/nsg-flow-logs-overview and the NSG flow logs REST
  // article. The verdicts stay those of Microsoft's built-in c251913d (the MCSB initiative still holds it);
  // the remediation is what a user can still do. The `az` command is the one of
  // https://learn.microsoft.com/azure/network-watcher/vnet-flow-logs-cli (`flow-log create … --vnet`).
  {
    id: 'nsg-flow-logs',
    title: 'Flow logs should be configured for every network security group',
    severity: 'Low',
    mcsb: ['LT-4'],
    control: 'implement-security-best-practices',
    stage: 'ga',
    description:
      "Flow logs record the flows each NSG rule allowed or denied; without them an investigation cannot tell which hosts talked to a compromised VM. As in Microsoft's built-in definition, an NSG is unhealthy when no Network Watcher flow log targets it (the flowLogs list ARM returns on it is empty); a disabled flow log still counts. Azure refuses to create new NSG flow logs since 30 June 2025 and retires them on 30 September 2027: log the NSG's traffic with a virtual network flow log on its virtual network (vnet-flow-logs), then exempt the NSG with category Mitigated.",
    remediation: {
      portal:
        'A new NSG flow log can no longer be created. Open Network Watcher > Flow logs > Create, choose Flow log type "Virtual network", select the virtual network of the subnets (or NICs) the NSG is associated with, a storage account and retention, and create it. Then exempt the NSG in the file given to `vigil scan --exemptions`: { "id": "<nsg-id>/providers/Microsoft.Authorization/policyExemptions/vnet-flow-log", "properties": { "policyDefinitionReferenceIds": ["nsg-flow-logs"], "exemptionCategory": "Mitigated", "description": "covered by the VNet flow log <flow-log>" } }.',
      cli: 'az network watcher flow-log create -l <location> -g <vnet-rg> -n <flow-log> --vnet <vnet> --storage-account <storage-account-id>   # a virtual network flow log; then exempt the NSG (category Mitigated)',
      template:
        'Microsoft.Network/networkWatchers/flowLogs: properties.targetResourceId = <vnet-id> (a new flow log with an NSG as its target is refused), properties.storageId = <storage-id>, properties.enabled = true; and an exemption of the NSG from nsg-flow-logs, category Mitigated',
    },
    resourceTypes: [NSG],
    check: { kind: 'policy', definition: 'network/nsg-flow-logs.json' },
  },
  // Defender for Cloud has no recommendation for virtual network flow logs (the networking reference,
  // MicrosoftDocs/defender-docs@198370dd recommendations-reference-networking.md, lists none, nor one for
  // NSG flow logs), so the title is the display name of Microsoft's built-in 4c3c6c5f
  // (VirtualNetwork_FlowLog_Audit.json), whose verdicts this one gives.
  {
    id: 'vnet-flow-logs',
    title: 'Audit flow logs configuration for every virtual network',
    severity: 'Low',
    mcsb: ['LT-4'],
    control: 'implement-security-best-practices',
    stage: 'ga',
    description:
      "A virtual network flow log records every IP flow through the network's subnets and NICs, whichever NSG or security admin rule decided it; without one an investigation cannot tell which hosts talked to a compromised VM. It replaces NSG flow logs, which Azure no longer creates. As in Microsoft's built-in definition, a virtual network is unhealthy when no Network Watcher flow log targets it (the flowLogs list ARM returns on it is empty); a disabled flow log still counts, and flow logs on its subnets or NICs alone do not.",
    remediation: {
      portal:
        'Open Network Watcher > Flow logs > Create, choose Flow log type "Virtual network", select the virtual network itself as the target resource (not only its subnets or NICs), a storage account in its region and a retention period (and traffic analytics if wanted), and create the flow log.',
      cli: 'az network watcher flow-log create -l <location> -g <vnet-rg> -n <flow-log> --vnet <vnet> --storage-account <storage-account-id>',
      template:
        'Microsoft.Network/networkWatchers/flowLogs (in the Network Watcher of the region): properties.targetResourceId = <vnet-id>, properties.storageId = <storage-id>, properties.enabled = true',
    },
    resourceTypes: ['Microsoft.Network/virtualNetworks'],
    check: { kind: 'policy', definition: 'network/vnet-flow-logs.json' },
  },
  {
    id: 'network-watcher-enabled',
    title: 'Network Watcher should be enabled',
    severity: 'Low',
    mcsb: ['IR-4', 'LT-4'],
    control: 'implement-security-best-practices',
    assessmentKey: 'f1f2f7dc-7bd5-18bf-c403-cbbdb7ec3d68',
    stage: 'ga',
    description:
      "Network Watcher is regional: without it in a VNet's region there are no flow logs, connection troubleshooting or IP flow verify for that network. A virtual network is unhealthy when the subscription's Network Watcher resource group (NetworkWatcherRG by default) holds no Network Watcher in its region.",
    remediation: {
      portal:
        'Open Network Watcher, expand the subscription, and enable Network Watcher for the region of the virtual network.',
      cli: 'az network watcher configure -g NetworkWatcherRG -l <location> --enabled true',
      template:
        "Microsoft.Network/networkWatchers in resource group NetworkWatcherRG with location = the virtual network's location",
    },
    resourceTypes: ['Microsoft.Network/virtualNetworks'],
    check: {
      kind: 'policy',
      definition: 'network/network-watcher-enabled.json',
      parameters: { resourceGroupName: 'NetworkWatcherRG' },
    },
  },
  {
    id: 'vnet-ddos-protection',
    title: 'Azure DDoS Protection Standard should be enabled',
    severity: 'Medium',
    mcsb: ['NS-5'],
    control: 'protect-applications-against-ddos',
    assessmentKey: 'e3de1cc0-f4dd-3b34-e496-8b5381ba2d70',
    stage: 'ga',
    description:
      'Public endpoints in a virtual network without a DDoS protection plan get only the basic platform protection, with no adaptive tuning, attack telemetry or cost protection. As in Defender, a virtual network is assessed when it hosts an Application Gateway; it is unhealthy unless DDoS protection is on and linked to a plan. Other networks are not applicable.',
    remediation: {
      portal:
        'Create a DDoS protection plan (DDoS protection plans > Create), then open the virtual network > DDoS protection, choose Enable, select the plan, and save.',
      cli: 'az network ddos-protection create -g <rg> -n <plan> && az network vnet update -g <rg> -n <vnet> --ddos-protection true --ddos-protection-plan <plan>',
      template:
        'Microsoft.Network/virtualNetworks: properties.enableDdosProtection = true, properties.ddosProtectionPlan.id = <plan-id>',
    },
    resourceTypes: ['Microsoft.Network/virtualNetworks'],
    check: { kind: 'policy', definition: 'network/vnet-ddos-protection.json' },
  },
  {
    id: 'nsg-diagnostic-settings',
    title: 'Diagnostic logs in network security groups should be enabled',
    severity: 'Low',
    mcsb: ['LT-4'],
    control: 'implement-security-best-practices',
    stage: 'ga',
    description:
      "NSG event and rule counter logs show which rules were applied to which VMs and how often they matched. An NSG is unhealthy unless a diagnostic setting sends both categories (or the allLogs group) to a Log Analytics workspace, a storage account or an event hub, whatever the setting is called; Microsoft's DiagnosticSettingsForNSG_DINE looks only for the setting it deploys (setbypolicy).",
    remediation: {
      portal:
        'Open the network security group > Diagnostic settings > Add diagnostic setting, tick "allLogs" (or NetworkSecurityGroupEvent and NetworkSecurityGroupRuleCounter), pick a destination, and save.',
      cli: 'az monitor diagnostic-settings create -n nsg-logs --resource <nsg-id> --workspace <workspace-id> --logs \'[{"categoryGroup":"allLogs","enabled":true}]\'',
      template:
        'Microsoft.Insights/diagnosticSettings on the NSG: properties.workspaceId (or storageAccountId / eventHubAuthorizationRuleId), properties.logs = [{ categoryGroup: "allLogs", enabled: true }]',
    },
    resourceTypes: [NSG],
    // Diagnostic settings are proxy resources a resource lists, not rows of the usual Resource Graph tables;
    // a snapshot with some has them, and a subscription without any has none.
    requires: {
      types: ['Microsoft.Insights/diagnosticSettings'],
      export: 'az monitor diagnostic-settings list --resource <nsg-id>, for each NSG',
      anywhere: true,
    },
    check: { kind: 'policy', definition: 'network/nsg-diagnostic-settings.json' },
  },
];
