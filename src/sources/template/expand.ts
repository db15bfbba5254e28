import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { setOwn } from '../../arm-expr/values.ts';
import type { Resource } from '../../inventory/resource.ts';
import { isJsonObject, type JsonObject, type JsonValue } from '../../util/json.ts';
import { isUnknown } from '../../util/unknown.ts';
import { asStoredByProvider, zonesAsStored } from './api-types.ts';
import { DEFAULT_CONTEXT, type DeploymentContext, type DeploymentTarget, rootTarget } from './context.ts';
import { CopyShapeError } from './copy.ts';
import { checkDependsOn } from './depends-on.ts';
import { deploymentObject } from './deployment-object.ts';
import { Diagnostics, type TemplateDiagnostic, TemplateProblem } from './diagnostics.ts';
import { withFlowLogReferences } from './flow-log-references.ts';
import type { EvalFrame } from './frame.ts';
import { templateRegistry } from './functions.ts';
import { instantiate } from './instances.ts';
import { childPointer, JsonSourceError, parseJsonWithPositions } from './json-source.ts';
import { readTemplate, type TemplateModel, TemplateShapeError } from './model.ts';
import { loadNestedTemplate, nestedParameters, nestedTarget } from './nested.ts';
import { nsgFlowLogWarnings } from './nsg-flow-log-retirement.ts';
import type { ProvidedParameters } from './parameter-values.ts';
import { ParameterTable } from './parameters.ts';
import { MAX_COPY_ITERATIONS, TemplateScope } from './scope.ts';
import { SecureValues } from './secure-values.ts';
import type { ExpandedResource, Instance, TemplateOrigin, Unit } from './units.ts';
import { isDeploymentType } from './units.ts';
import { readUserFunctions } from './user-functions.ts';
import { validateExpressions, validateResources } from './validate.ts';
import { VariableTable } from './variables.ts';

export interface ExpandOptions {
  /** Overrides of the placeholder deployment target (context.ts). */
  context?: Partial<DeploymentContext>;
  /** Values for the template's parameters, from a parameters file. */
  parameters?: ProvidedParameters;
  /** Reads a linked template (`templateLink.relativePath`); the file system by default. */
  readFile?: (path: string) => string;
}

export type ResolvedContext = Required<DeploymentContext>;

export interface TemplateExpansion {
  file: string;
  context: ResolvedContext;
  /** Every resource the deployment would create or update, ARM-shaped, with where it was declared. */
  resources: ExpandedResource[];
  /** The template's outputs as ARM reports them: `{name: {type, value}}`. */
  outputs: JsonObject;
  /** Linked template files that were read. */
  linkedFiles: string[];
  errors: TemplateDiagnostic[];
  warnings: TemplateDiagnostic[];
}

/** Resource properties that are part of what ARM returns for a resource (the rest is deployment syntax). */
const BODY_KEYS = [
  'location',
  'tags',
  'sku',
  'kind',
  'identity',
  'zones',
  'plan',
  'extendedLocation',
  'managedBy',
  'properties',
];

const RESOURCE_GROUPS_TYPE = 'microsoft.resources/resourcegroups';
/** Network resources name their inline children's IDs `<resource ID>/<collection>/<name>`. */
const NETWORK = 'microsoft.network/';

/** Nested deployments deeper than this are a template that links to itself. */
const MAX_NESTING = 20;

/**
 * Expands an ARM template the way Azure Resource Manager would deploy it: parameters, variables,
 * functions, copy loops, conditions, child resources, nested and linked deployments, to the list of
 * resources it deploys — each ARM-shaped and pointing back at its declaration. Values that only the
 * deployment decides are left as unknowns (util/unknown.ts). Problems are collected, never thrown.
 */
export function expandTemplate(text: string, file: string, options: ExpandOptions = {}): TemplateExpansion {
  const context = resolveContext(file, options.context);
  const expander = new Expander(context, options.readFile ?? ((path) => readFileSync(path, 'utf8')));
  const outputs = expander.expandRoot(text, file, options.parameters);
  const resources = withFlowLogReferences(
    expander.resources.map((expanded) => ({
      ...expanded,
      // The ID, name and type stay: a resource is found by them, and ARM reports them as deployed.
      resource: {
        ...(expander.secureValues.redact(expanded.resource as JsonObject) as Resource),
        id: expanded.resource.id,
        name: expanded.resource.name,
        type: expanded.resource.type,
      },
    })),
  );
  return {
    file,
    context,
    resources,
    outputs,
    linkedFiles: expander.linkedFiles,
    errors: expander.diagnostics.errors,
    warnings: [...expander.diagnostics.warnings, ...nsgFlowLogWarnings(resources)],
  };
}

/** The placeholders, what the caller overrides, and the template file's base name as the deployment name. */
export function resolveContext(file: string, overrides: Partial<DeploymentContext> = {}): ResolvedContext {
  return {
    ...DEFAULT_CONTEXT,
    deploymentName: basename(file, extname(file)) || 'template',
    now: new Date(),
    ...definedOnly(overrides),
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

class Expander {
  readonly diagnostics = new Diagnostics();
  readonly resources: ExpandedResource[] = [];
  readonly linkedFiles: string[] = [];
  readonly budget = { iterations: MAX_COPY_ITERATIONS };
  /** Resource groups the deployment creates, by lower-cased ID: nested deployments into them read their location. */
  readonly createdGroups = new Map<string, Instance>();
  /** Values of secure parameters, kept out of the resources the expansion returns. */
  readonly secureValues = new SecureValues();
  readonly #declared = new Map<Instance, JsonObject | undefined>();

  constructor(
    readonly context: ResolvedContext,
    readonly readFile: (path: string) => string,
  ) {}

  expandRoot(text: string, file: string, provided: ProvidedParameters | undefined): JsonObject {
    const loaded = this.parse(text, file);
    if (loaded === undefined) return {};
    const target = rootTarget(this.context, loaded.model.level);
    const deployment = deploymentObject(
      this.context.deploymentName,
      loaded.json,
      text,
      target,
      provided,
      undefined,
    );
    const scope = this.createScope(loaded.model, target, deployment, provided);
    return this.expandScope(scope, []);
  }

  /** Parses a template file; problems become diagnostics. */
  parse(text: string, file: string): { model: TemplateModel; json: JsonObject } | undefined {
    try {
      const { value, map } = parseJsonWithPositions(text);
      try {
        return { model: readTemplate(value, { file, map }, ''), json: value as JsonObject };
      } catch (error) {
        if (!(error instanceof TemplateShapeError)) throw error;
        this.diagnostics.error({ file, map, pointer: error.pointer }, error.message);
        return undefined;
      }
    } catch (error) {
      if (!(error instanceof JsonSourceError)) throw error;
      this.diagnostics.add({
        severity: 'error',
        file,
        line: error.position.line,
        column: error.position.column,
        message: `invalid JSON: ${error.message}`,
      });
      return undefined;
    }
  }

  createScope(
    model: TemplateModel,
    target: DeploymentTarget,
    deployment: JsonObject,
    provided: ProvidedParameters | undefined,
  ): TemplateScope {
    let functions: ReturnType<typeof readUserFunctions> = [];
    try {
      functions = readUserFunctions(model.functions, childPointer(model.pointer, 'functions'));
    } catch (error) {
      if (!(error instanceof TemplateShapeError)) throw error;
      this.diagnostics.error({ ...model.source, pointer: error.pointer }, error.message);
    }
    const scope = new TemplateScope({
      model,
      target,
      deployment,
      registry: templateRegistry(functions),
      diagnostics: this.diagnostics,
      now: this.context.now,
      budget: this.budget,
    });
    scope.parameters = new ParameterTable(scope, provided);
    const variablesPointer = childPointer(model.pointer, 'variables');
    try {
      scope.variables = new VariableTable(scope, model.variables, variablesPointer);
    } catch (error) {
      this.report(scope, error);
      scope.variables = new VariableTable(scope, {}, variablesPointer);
    }
    validateExpressions(scope, model);
    scope.parameters.resolveAll();
    for (const [declaration, value] of scope.parameters.resolved()) this.secureValues.add(declaration, value);
    // ARM evaluates every variable, used or not: an error in one fails the deployment.
    for (const name of scope.variables.names()) {
      try {
        scope.variables.readRaw(name);
      } catch (error) {
        this.report(scope, error);
      }
    }
    return scope;
  }

  /** Expands a scope's own resources and evaluates its outputs. */
  expandScope(scope: TemplateScope, deployments: string[]): JsonObject {
    const unit: Unit = {
      scope,
      declarations: scope.model.resources,
      target: scope.target,
      frame: scope.frame('resource'),
      deployments,
      own: true,
    };
    this.expandUnit(unit);
    return this.outputs(scope, scope.model, scope.frame('output'));
  }

  expandUnit(unit: Unit): void {
    const declared = instantiate(unit);
    const instances = declared.instances;
    if (unit.own) {
      unit.scope.symbols = this.symbols(instances);
      checkDependsOn(unit, declared);
    }
    for (const instance of instances) {
      if (!instance.existing && instance.fullType.toLowerCase() === RESOURCE_GROUPS_TYPE)
        this.createdGroups.set(instance.identity.id.toLowerCase(), instance);
    }
    for (const instance of instances) {
      if (instance.existing) continue;
      try {
        if (isDeploymentType(instance.fullType)) this.deploy(instance);
        else this.resources.push(this.materialize(instance));
      } catch (error) {
        this.report(unit.scope, error);
      }
    }
  }

  /** The resource as ARM would return it: ID, name, type and the evaluated body; deployment syntax dropped. */
  materialize(instance: Instance): ExpandedResource {
    const { declaration, unit, frame, identity } = instance;
    const resource: JsonObject = { id: identity.id, name: identity.name, type: identity.type };
    const keys = new Map(Object.keys(declaration.json).map((k) => [k.toLowerCase(), k]));
    for (const key of BODY_KEYS) {
      const actual = keys.get(key.toLowerCase());
      if (actual === undefined) continue;
      const value = unit.scope.evaluateValue(
        declaration.json[actual]!,
        childPointer(declaration.pointer, actual),
        frame,
      );
      resource[key] = key === 'zones' ? zonesAsStored(value) : value;
    }
    // What ARM GET returns once the deployment succeeded: checks of extensions read provisioningState.
    // A copy: the evaluated object may be a variable's value, shared and frozen.
    const properties = asStoredByProvider(identity.type, resource.properties ?? {});
    resource.properties =
      isJsonObject(properties) && !isUnknown(properties) && properties.provisioningState === undefined
        ? { ...properties, provisioningState: 'Succeeded' }
        : properties;
    return {
      resource: resource as Resource,
      origin: this.origin(unit, declaration.pointer),
      ...(instance.symbolicName !== undefined && { symbolicName: instance.symbolicName }),
    };
  }

  origin(unit: Unit, pointer: string): TemplateOrigin {
    const source = unit.scope.model.source;
    const position = source.map?.locate(pointer);
    return {
      file: source.file,
      ...(position && { line: position.line, column: position.column }),
      pointer,
      deployments: unit.deployments,
    };
  }

  /** A nested deployment's outputs, expanding it the first time it is reached. */
  deploy(instance: Instance): JsonObject | undefined {
    const nested = instance.nested;
    if (nested?.state === 'done') return nested.outputs;
    if (nested?.state === 'expanding')
      throw new TemplateProblem(
        `the deployment '${instance.identity.name}' reads its own outputs`,
        instance.unit.scope.ref(instance.declaration.pointer),
      );
    instance.nested = { state: 'expanding', outputs: undefined };
    let outputs: JsonObject | undefined;
    try {
      outputs = this.expandDeployment(instance);
    } finally {
      instance.nested = { state: 'done', outputs };
    }
    return outputs;
  }

  expandDeployment(instance: Instance): JsonObject | undefined {
    const { unit, frame, declaration } = instance;
    const scope = unit.scope;
    const name = instance.identity.name;
    if (unit.deployments.length >= MAX_NESTING)
      throw new TemplateProblem(
        `deployments are nested more than ${MAX_NESTING} deep (does a template link to itself?)`,
        scope.ref(declaration.pointer),
      );
    const loaded = loadNestedTemplate(this, instance);
    if (loaded === undefined) return undefined;
    const target = nestedTarget(this, instance, loaded.model.level);
    if (target === undefined) return undefined;
    const deployments = [...unit.deployments, name];
    const properties = declaration.json.properties as JsonObject;
    const propertiesPointer = childPointer(declaration.pointer, 'properties');
    if (loaded.inner) {
      const provided = nestedParameters(instance, properties, propertiesPointer);
      const deployment = deploymentObject(
        name,
        loaded.json,
        loaded.text,
        target,
        provided,
        loaded.linkedPath,
      );
      return this.expandScope(this.createScope(loaded.model, target, deployment, provided), deployments);
    }
    if (properties.parameters !== undefined)
      this.diagnostics.warning(
        scope.ref(childPointer(propertiesPointer, 'parameters')),
        'with the default (outer) expression scope a nested template reads the parent\'s parameters, so these are ignored; set "expressionEvaluationOptions": {"scope": "inner"} to pass them',
      );
    validateResources(scope, loaded.model.resources);
    this.expandUnit({
      scope,
      declarations: loaded.model.resources,
      target,
      frame: { ...frame, section: 'resource' },
      deployments,
      own: false,
    });
    return this.outputs(scope, loaded.model, { ...frame, section: 'output' });
  }

  /** `resourceInfo()` and `reference('<deployment>').outputs` over a unit's instances. */
  symbols(instances: Instance[]): TemplateScope['symbols'] {
    const find = (target: string): Instance | undefined => {
      const lower = target.toLowerCase();
      return (
        instances.find((i) => i.symbolicName === target) ??
        instances.find((i) => isDeploymentType(i.fullType) && i.fullName.toLowerCase() === lower) ??
        instances.find((i) => isDeploymentType(i.fullType) && i.identity.id.toLowerCase() === lower) ??
        instances.find(
          (i) =>
            isDeploymentType(i.fullType) &&
            lower.includes('/providers/microsoft.resources/deployments/') &&
            lower.endsWith(`/${i.fullName.toLowerCase()}`),
        )
      );
    };
    /**
     * The inline child collection (`subnets`) that a Microsoft.Network resource of this template declares,
     * found by symbolic name, ID, the name alone, or `Namespace/type/name` (older templates' relative form).
     */
    const declaredCollection = (target: string, collection: string) => {
      const lower = target.toLowerCase();
      const relative = `/providers/${lower}`;
      const matches = instances.filter(
        (i) =>
          i.symbolicName === target ||
          i.identity.id.toLowerCase() === lower ||
          (!lower.startsWith('/') && lower.includes('/') && i.identity.id.toLowerCase().endsWith(relative)) ||
          (i.symbolicName === undefined && i.fullName.toLowerCase() === lower),
      );
      const instance = matches.length === 1 ? matches[0]! : undefined;
      if (instance === undefined || instance.existing || !instance.fullType.toLowerCase().startsWith(NETWORK))
        return undefined;
      const properties = this.declaredProperties(instance);
      const key =
        properties && Object.keys(properties).find((k) => k.toLowerCase() === collection.toLowerCase());
      const list = key === undefined ? undefined : properties![key];
      return Array.isArray(list) ? { id: instance.identity.id, key: key!, list } : undefined;
    };
    return {
      resourceInfo: (symbolicName) => {
        const instance = instances.find((i) => i.symbolicName === symbolicName);
        if (instance === undefined) return undefined;
        return {
          id: instance.identity.id,
          name: instance.fullName,
          type: instance.fullType,
          ...(instance.apiVersion !== undefined && { apiVersion: instance.apiVersion }),
        };
      },
      deploymentOutputs: (target) => {
        const instance = find(target);
        if (instance === undefined || !isDeploymentType(instance.fullType)) return undefined;
        return this.deploy(instance);
      },
      declaredChild: (target, collection, index, field) => {
        const declared = declaredCollection(target, collection);
        const element = declared && Number.isInteger(index) ? declared.list[index] : undefined;
        const name = isJsonObject(element) ? element.name : undefined;
        if (typeof name !== 'string') return undefined;
        return field === 'name' ? name : `${declared!.id}/${declared!.key}/${name}`;
      },
      declaredChildren: (target, collection) => {
        const declared = declaredCollection(target, collection);
        if (declared === undefined) return undefined;
        const elements: JsonObject[] = [];
        for (const element of declared.list) {
          if (!isJsonObject(element) || isUnknown(element) || typeof element.name !== 'string')
            return undefined;
          elements.push({ ...element, id: `${declared.id}/${declared.key}/${element.name}` });
        }
        return elements;
      },
    };
  }

  /**
   * A resource's evaluated `properties` as the template declares them, for reading its inline child
   * collections; undefined when they are not known before deployment, or read while being evaluated.
   */
  declaredProperties(instance: Instance): JsonObject | undefined {
    if (this.#declared.has(instance)) return this.#declared.get(instance);
    this.#declared.set(instance, undefined);
    const { declaration, unit, frame } = instance;
    const key = Object.keys(declaration.json).find((k) => k.toLowerCase() === 'properties');
    let properties: JsonValue | undefined;
    try {
      if (key !== undefined)
        properties = unit.scope.evaluateValue(
          declaration.json[key]!,
          childPointer(declaration.pointer, key),
          frame,
        );
    } catch (error) {
      // Reported where the resource itself is expanded.
      if (!(error instanceof TemplateProblem || error instanceof CopyShapeError)) throw error;
    }
    const known = isJsonObject(properties) && !isUnknown(properties) ? properties : undefined;
    this.#declared.set(instance, known);
    return known;
  }

  /** A template's outputs (templates/outputs.md), conditions and copy loops included. */
  outputs(scope: TemplateScope, model: TemplateModel, frame: EvalFrame): JsonObject {
    const result: JsonObject = {};
    for (const [name, output] of Object.entries(model.outputs)) {
      const at = childPointer(childPointer(model.pointer, 'outputs'), name);
      try {
        if (!isJsonObject(output)) throw new TemplateProblem('an output must be an object', scope.ref(at));
        if ('condition' in output) {
          const condition = scope.evaluateKnown(output.condition!, childPointer(at, 'condition'), frame);
          if (condition.known && condition.value === false) continue;
        }
        let value: JsonValue;
        if (isJsonObject(output.copy)) {
          const copy = output.copy;
          value = scope.copyArray(
            name,
            copy.count ?? null,
            copy.input ?? null,
            childPointer(at, 'copy'),
            frame,
            'output',
          );
        } else {
          value = scope.evaluateValue(output.value ?? null, childPointer(at, 'value'), frame);
        }
        setOwn(result, name, { type: output.type ?? 'object', value });
      } catch (error) {
        this.report(scope, error);
      }
    }
    return result;
  }

  report(scope: TemplateScope, error: unknown): void {
    if (error instanceof TemplateProblem) this.diagnostics.error(error.at, error.message);
    else if (error instanceof CopyShapeError || error instanceof TemplateShapeError)
      this.diagnostics.error(scope.ref(error.pointer), error.message);
    else throw error;
  }
}

export type { Expander };
