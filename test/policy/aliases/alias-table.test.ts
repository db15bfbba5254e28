import { describe, expect, it } from 'vitest';
import { AliasTable, parsePath, pathUnderArray } from '../../../src/policy/aliases/index.ts';

const table = AliasTable.load();
const VM = 'Microsoft.Compute/virtualMachines';
const VMSS = 'Microsoft.Compute/virtualMachineScaleSets';
const DISK = 'Microsoft.Compute/disks';
const NSG = 'Microsoft.Network/networkSecurityGroups';
const RULE = 'Microsoft.Network/networkSecurityGroups/securityRules';

const pathOf = (alias: string, type: string) => {
  const segments = table.pathFor(alias, type);
  return segments
    ?.map((s) => (s.kind === 'wildcard' ? '[*]' : `.${s.name}`))
    .join('')
    .slice(1);
};

describe('AliasTable.pathFor on the shipped table', () => {
  it.each([
    // One alias, three types, three paths (on disks Azure maps it to the image id).
    ['Microsoft.Compute/imagePublisher', VM, 'properties.storageProfile.imageReference.publisher'],
    [
      'Microsoft.Compute/imagePublisher',
      VMSS,
      'properties.virtualMachineProfile.storageProfile.imageReference.publisher',
    ],
    ['Microsoft.Compute/imagePublisher', DISK, 'properties.creationData.imageReference.id'],
    ['Microsoft.Compute/imageOffer', VM, 'properties.storageProfile.imageReference.offer'],
    [
      'Microsoft.Compute/imageOffer',
      VMSS,
      'properties.virtualMachineProfile.storageProfile.imageReference.offer',
    ],
    ['Microsoft.Compute/imageOffer', DISK, 'properties.creationData.imageReference.id'],
    ['Microsoft.Compute/imageSku', VM, 'properties.storageProfile.imageReference.sku'],
    [
      'Microsoft.Compute/imageSku',
      VMSS,
      'properties.virtualMachineProfile.storageProfile.imageReference.sku',
    ],
    ['Microsoft.Compute/imageSku', DISK, 'properties.creationData.imageReference.id'],
    ['Microsoft.Compute/licenseType', VM, 'properties.licenseType'],
    ['Microsoft.Compute/licenseType', VMSS, 'properties.virtualMachineProfile.licenseType'],
    [`${VM}/sku.name`, VM, 'properties.hardwareProfile.vmSize'],
    [`${VM}/storageProfile.osDisk.managedDisk.id`, VM, 'properties.storageProfile.osDisk.managedDisk.id'],
    [
      `${VM}/storageProfile.dataDisks[*].managedDisk.id`,
      VM,
      'properties.storageProfile.dataDisks[*].managedDisk.id',
    ],
    [`${DISK}/encryption.type`, DISK, 'properties.encryption.type'],
    [`${DISK}/sku.name`, DISK, 'sku.name'],
    // Alias without [*] whose path has one: the engine must follow the path, not the name.
    [
      `${DISK}/encryptionSettings.diskEncryptionKey`,
      DISK,
      'properties.encryptionSettingsCollection.encryptionSettings[*].diskEncryptionKey',
    ],
    // Security rules as an array on the NSG (nested properties) and as their own resource type.
    [`${NSG}/securityRules[*]`, NSG, 'properties.securityRules[*]'],
    [`${NSG}/securityRules[*].access`, NSG, 'properties.securityRules[*].properties.access'],
    [
      `${NSG}/securityRules[*].destinationPortRanges[*]`,
      NSG,
      'properties.securityRules[*].properties.destinationPortRanges[*]',
    ],
    [`${RULE}/access`, RULE, 'properties.access'],
    [`${RULE}/destinationPortRanges[*]`, RULE, 'properties.destinationPortRanges[*]'],
    // The source spells this alias's type prefix in lower case.
    [
      'Microsoft.Network/virtualnetworks/virtualNetworkPeerings[*].peeringSyncLevel',
      'Microsoft.Network/virtualNetworks',
      'properties.virtualNetworkPeerings[*].properties.peeringSyncLevel',
    ],
  ])('%s on %s', (alias, type, path) => {
    expect(pathOf(alias, type)).toBe(path);
  });

  // Namespaces the primary dump lacks come from PSRule's types.json (scripts/alias-sources): the
  // built-in corpus's aliases there and one per VM-adjacent namespace, with the paths PSRule states.
  it.each([
    [
      'Microsoft.ConnectedVMwarevSphere/virtualMachines/osProfile.osType',
      'microsoft.connectedvmwarevsphere/virtualmachines',
      'properties.osProfile.osType',
    ],
    [
      'Microsoft.Maintenance/configurationAssignments/maintenanceConfigurationId',
      'Microsoft.Maintenance/configurationAssignments',
      'properties.maintenanceConfigurationId',
    ],
    ['Microsoft.Resources/links/targetId', 'Microsoft.Resources/links', 'properties.targetId'],
    [
      'Microsoft.DocumentDB/databaseAccounts/keysMetadata.primaryMasterKey.generationTime',
      'Microsoft.DocumentDB/databaseAccounts',
      'properties.keysMetadata.primaryMasterKey.generationTime',
    ],
    // An alias whose path is not its name: PSRule maps sku.name to the offer type.
    [
      'Microsoft.DocumentDB/databaseAccounts/sku.name',
      'Microsoft.DocumentDB/databaseAccounts',
      'properties.databaseAccountOfferType',
    ],
    [
      'Microsoft.ApiManagement/service/apiVersionConstraint.minApiVersion',
      'Microsoft.ApiManagement/service',
      'properties.apiVersionConstraint.minApiVersion',
    ],
    ['Microsoft.ApiManagement/service/sku.name', 'Microsoft.ApiManagement/service', 'sku.name'],
    // Polymorphic '#Microsoft-Media-…' segments name a subtype and are dropped from the path.
    [
      'Microsoft.Media/mediaServices/contentKeyPolicies/options[*].restriction.#Microsoft-Media-ContentKeyPolicyTokenRestriction',
      'Microsoft.Media/mediaServices/contentKeyPolicies',
      'properties.options[*].restriction',
    ],
    [
      'Microsoft.Media/mediaServices/contentKeyPolicies/options[*].restriction.#Microsoft-Media-ContentKeyPolicyTokenRestriction.restrictionTokenType',
      'Microsoft.Media/mediaServices/contentKeyPolicies',
      'properties.options[*].restriction.restrictionTokenType',
    ],
    [
      'Microsoft.Storage/storageAccounts/networkAcls.defaultAction',
      'Microsoft.Storage/storageAccounts',
      'properties.networkAcls.defaultAction',
    ],
    [
      'Microsoft.OperationalInsights/workspaces/retentionInDays',
      'Microsoft.OperationalInsights/workspaces',
      'properties.retentionInDays',
    ],
    [
      'Microsoft.AzureStackHCI/virtualMachineInstances/securityProfile.uefiSettings.secureBootEnabled',
      'Microsoft.AzureStackHCI/virtualMachineInstances',
      'properties.securityProfile.uefiSettings.secureBootEnabled',
    ],
  ])('from the supplementary source: %s on %s', (alias, type, path) => {
    expect(pathOf(alias, type)).toBe(path);
  });

  it.each([
    ['MICROSOFT.COMPUTE/IMAGEPUBLISHER', 'microsoft.compute/virtualmachinescalesets'],
    [
      'microsoft.network/networksecuritygroups/securityrules[*].ACCESS',
      'Microsoft.Network/NetworkSecurityGroups',
    ],
    [
      'Microsoft.Network/virtualNetworks/virtualNetworkPeerings[*].peeringSyncLevel',
      'Microsoft.Network/virtualNetworks',
    ],
  ])('ignores case: %s on %s', (alias, type) => {
    expect(table.pathFor(alias, type)).toBeDefined();
  });

  it.each([
    ['Microsoft.Compute/licenseType', DISK],
    [`${NSG}/securityRules[*].access`, RULE],
    [`${RULE}/access`, NSG],
    [`${VM}/sku.name`, 'Microsoft.Unknown/things'],
    ['Microsoft.Compute/noSuchAlias', VM],
  ])('%s has no path on %s', (alias, type) => {
    expect(table.pathFor(alias, type)).toBeUndefined();
  });

  it('returns the same frozen segments each time', () => {
    const first = table.pathFor(`${NSG}/securityRules[*].access`, NSG);
    expect(table.pathFor(`${NSG}/securityRules[*].access`, NSG)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });

  it('splits a nested array alias at the counted array', () => {
    const array = table.pathFor(`${NSG}/securityRules[*]`, NSG)!;
    const inner = table.pathFor(`${NSG}/securityRules[*].destinationPortRanges[*]`, NSG)!;
    expect(pathUnderArray(array, inner)).toEqual(parsePath('properties.destinationPortRanges[*]'));
  });
});

describe('AliasTable lookups', () => {
  it('lists every type defining an alias', () => {
    expect(table.typesOf('microsoft.compute/imagepublisher').sort()).toEqual([DISK, VMSS, VM]);
    expect(table.typesOf('Microsoft.Compute/licenseType').sort()).toEqual([VMSS, VM]);
    expect(table.typesOf(`${RULE}/access`)).toEqual([RULE]);
    expect(table.typesOf('Microsoft.Compute/noSuchAlias')).toEqual([]);
  });

  it.each([
    [`${VM}/storageProfile.osDisk.osType`, true],
    [`${VM.toUpperCase()}/STORAGEPROFILE.OSDISK.OSTYPE`, true],
    ['Microsoft.HybridCompute/imageOffer', true],
    ['Microsoft.Compute/noSuchAlias', false],
    ['Microsoft.Media/mediaServices/contentKeyPolicies/options[*]', true],
    ['Microsoft.Media/mediaServices/contentKeyPolicies/noSuchAlias', false],
    ['Microsoft.Web/sites/httpsOnly', false],
    ['name', false],
    ['', false],
  ])('has(%j) is %s', (alias, known) => {
    expect(table.has(alias)).toBe(known);
  });

  it("gives the table's spelling of an alias written in another case", () => {
    expect(table.nameOf('MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/SECURITYRULES[*].ACCESS')).toBe(
      `${NSG}/securityRules[*].access`,
    );
    expect(table.nameOf('Microsoft.Compute/noSuchAlias')).toBeUndefined();
  });

  it.each([
    [`${NSG}/securityRules[*]`, true],
    [`${NSG}/securityRules[*].destinationPortRanges[*]`, true],
    [`${NSG}/securityRules[*].access`, false],
    [`${NSG}/securityRules`, false],
  ])('isArrayAlias(%s) is %s', (alias, isArray) => {
    expect(table.isArrayAlias(alias)).toBe(isArray);
  });

  it.each([
    ['Microsoft.Compute', true],
    ['microsoft.network', true],
    ['Microsoft.Insights', true],
    ['Microsoft.Media', true],
    ['microsoft.connectedvmwarevsphere', true],
    // PSRule lists no aliases for it, so it stays uncovered rather than empty-but-covered.
    ['Microsoft.ScVmm', false],
    ['Microsoft.Web', false],
  ])('hasNamespace(%s) is %s', (namespace, covered) => {
    expect(table.hasNamespace(namespace)).toBe(covered);
  });

  it('loads the shipped data once', () => {
    expect(AliasTable.load()).toBe(table);
  });
});
