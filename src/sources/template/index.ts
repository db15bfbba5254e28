/**
 * ARM templates as a source: expanded the way Azure Resource Manager deploys them, into the resources
 * they would create, each pointing back at its declaration. See expand.ts.
 */
export { DEFAULT_CONTEXT, type DeploymentContext } from './context.ts';
export { classifyDocument, classifyFile, type DocumentKind } from './detect.ts';
export type { TemplateDiagnostic } from './diagnostics.ts';
export { type ExpandOptions, expandTemplate, resolveContext, type TemplateExpansion } from './expand.ts';
export { templateInventory } from './inventory.ts';
export { type ExpandFileOptions, expandTemplateFile, loadParameterFile } from './load.ts';
export { isParameterFileDocument, type ProvidedParameters, readParameterFile } from './parameter-values.ts';
export { collectScanInputs, parametersBeside, type ScanInputs, type TemplateInput } from './scan-inputs.ts';
export { renderSnapshot, SNAPSHOT_FORMATS, type SnapshotFormat } from './snapshot.ts';
export type { ExpandedResource, TemplateOrigin } from './units.ts';
