import { describe, expect, it } from 'vitest';
import { AliasTable, type FieldReference, parseFieldReference } from '../../../src/policy/aliases/index.ts';

const table = AliasTable.load();
const parse = (field: string) => parseFieldReference(field, table);

describe('parseFieldReference: built-in fields', () => {
  it.each([
    ['name', 'name'],
    ['NAME', 'name'],
    ['fullName', 'fullName'],
    ['fullname', 'fullName'],
    ['kind', 'kind'],
    ['Type', 'type'],
    ['TYPE', 'type'],
    ['location', 'location'],
    ['Location', 'location'],
    ['id', 'id'],
    ['ID', 'id'],
    ['identity.type', 'identity.type'],
    ['Identity.Type', 'identity.type'],
    ['identity.userAssignedIdentities', 'identity.userAssignedIdentities'],
    ['IDENTITY.USERASSIGNEDIDENTITIES', 'identity.userAssignedIdentities'],
    ['tags', 'tags'],
    ['Tags', 'tags'],
  ])('%s', (field, name) => {
    expect(parse(field)).toEqual({ kind: 'builtin', name });
  });
});

describe('parseFieldReference: tags', () => {
  it.each([
    ["tags['environment']", 'environment'],
    ["tags['Acct.CostCenter']", 'Acct.CostCenter'],
    ["tags['cost center']", 'cost center'],
    ["TAGS['env']", 'env'],
    ["Tags['LegacyVMNVA']", 'LegacyVMNVA'],
    ["tags['''My.Apostrophe.Tag''']", "'My.Apostrophe.Tag'"],
    ["tags['it''s']", "it's"],
    ["tags[''']']", "']"],
    ['tags.environment', 'environment'],
    ['TAGS.env', 'env'],
    ['tags[environment]', 'environment'],
    ['tags[tag.with.dots]', 'tag.with.dots'],
    // A built-in's empty default tag name produces these (ASC_Azure_Defender_Servers_EnableP1_ResourceLevel_ByTag_DINE).
    ['tags[]', ''],
    ["tags['']", ''],
  ])('%s names tag %j', (field, tagName) => {
    expect(parse(field)).toEqual({ kind: 'tag', tagName });
  });

  it.each(["tags['env'", "tags['env]", "tags['it's']", 'tags.', "tags.a['b']", "tags[a'b]", "tags['env'].x"])(
    '%s is not a valid tag reference',
    (field) => {
      expect(parse(field)).toEqual({
        kind: 'unknown',
        field,
        message: `field '${field}' is not a valid tag reference; write tags['name']`,
      });
    },
  );
});

describe('parseFieldReference: aliases', () => {
  it.each<[string, FieldReference]>([
    [
      'Microsoft.Compute/imagePublisher',
      { kind: 'alias', alias: 'Microsoft.Compute/imagePublisher', wildcardCount: 0 },
    ],
    [
      'Microsoft.Network/networkSecurityGroups/securityRules[*]',
      { kind: 'alias', alias: 'Microsoft.Network/networkSecurityGroups/securityRules[*]', wildcardCount: 1 },
    ],
    [
      'Microsoft.Network/networkSecurityGroups/securityRules[*].destinationPortRanges[*]',
      {
        kind: 'alias',
        alias: 'Microsoft.Network/networkSecurityGroups/securityRules[*].destinationPortRanges[*]',
        wildcardCount: 2,
      },
    ],
    [
      'Microsoft.Network/networkSecurityGroups/securityRules/access',
      {
        kind: 'alias',
        alias: 'Microsoft.Network/networkSecurityGroups/securityRules/access',
        wildcardCount: 0,
      },
    ],
    // Written in another case than the table: resolved, and reported in the table's spelling.
    [
      'microsoft.compute/virtualmachines/storageprofile.osdisk.ostype',
      {
        kind: 'alias',
        alias: 'Microsoft.Compute/virtualMachines/storageProfile.osDisk.osType',
        wildcardCount: 0,
      },
    ],
    [
      'MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/SECURITYRULES[*].ACCESS',
      {
        kind: 'alias',
        alias: 'Microsoft.Network/networkSecurityGroups/securityRules[*].access',
        wildcardCount: 1,
      },
    ],
  ])('%s', (field, reference) => {
    expect(parse(field)).toEqual(reference);
  });
});

describe('parseFieldReference: unknown fields are reported, never guessed', () => {
  it.each([
    [
      'Microsoft.Compute/virtualMachines/noSuchProperty',
      "alias 'Microsoft.Compute/virtualMachines/noSuchProperty' is not a known Azure Policy alias",
    ],
    [
      'Microsoft.Compute/virtualMachines/securityRules[*]',
      "alias 'Microsoft.Compute/virtualMachines/securityRules[*]' is not a known Azure Policy alias",
    ],
    [
      'Microsoft.Web/sites/httpsOnly',
      "alias 'Microsoft.Web/sites/httpsOnly' is not a known Azure Policy alias" +
        ' (the alias table does not cover the Microsoft.Web namespace)',
    ],
    [
      'Microsoft.Media/mediaServices/contentKeyPolicies/noSuchOption',
      "alias 'Microsoft.Media/mediaServices/contentKeyPolicies/noSuchOption' is not a known Azure Policy alias",
    ],
    [
      'sku.name',
      "field 'sku.name' is neither a built-in field (name, fullName, kind, type, location, id, identity.type," +
        ' identity.userAssignedIdentities, tags) nor an alias',
    ],
    [
      'identity.principalId',
      "field 'identity.principalId' is neither a built-in field (name, fullName, kind, type, location, id," +
        ' identity.type, identity.userAssignedIdentities, tags) nor an alias',
    ],
    [
      ' name',
      "field ' name' is neither a built-in field (name, fullName, kind, type, location, id, identity.type," +
        ' identity.userAssignedIdentities, tags) nor an alias',
    ],
    [
      "[concat('tags[', parameters('tagName'), ']')]",
      "field '[concat('tags[', parameters('tagName'), ']')]' is a template expression; evaluate it before resolving the field",
    ],
  ])('%s', (field, message) => {
    expect(parse(field)).toEqual({ kind: 'unknown', field, message });
  });
});
