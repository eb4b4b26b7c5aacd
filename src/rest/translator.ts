import { LRUCache } from "lru-cache";
import type { CompiledQuery } from "graphql-jit";
import {
  getNamedType,
  getVariableValues,
  isInputObjectType,
  isObjectType,
  GraphQLError,
  Kind,
  type DocumentNode,
  type GraphQLEnumType,
  type GraphQLInputObjectType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type VariableDefinitionNode,
} from "graphql";
import { AppError, badInput } from "../errors.js";
import { annotate, inTraceOf, tracingOn } from "../telemetry/tracing.js";
import { CompiledOperations } from "../graphql/compiled-operations.js";
import type { Context } from "../graphql/context.js";
import type { OperationLimits } from "../graphql/limits/index.js";
import { readFromReplicas, readsCollectionsOnly } from "../graphql/read-routing.js";
import { filterFromQuery, pageFromQuery, parseFields, sortFromQuery } from "./query-params.js";
import type { RestResource } from "../tmf/rest-resource.js";
import { selectionFor } from "./selection.js";
import { tmfMessage } from "../tmf/tmf-json.js";
import { jsonPatchVariables, modelQuery } from "./versioned.js";
import { restPlan, type RestPlan } from "./rest-plan.js";
import type { InputWalker } from "./body-input.js";
import { respond } from "./respond.js";
import type { Query, RestCall, RestOperation, RestResult } from "./rest-call.js";
import { DEFAULT_LIST_BOUNDS } from "../db/database.js";

export type { PatchFormat, Query, RestCall, RestOperation, RestResult } from "./rest-call.js";

/** A REST operation as run: compiled once per shape, costed per call (its variables carry the page). */
interface Operation {
  compiled: CompiledQuery;
  cost: (variables: Record<string, unknown>) => number;
  /** Its variables, to explain a value they refuse (graphql-js says where; graphql-jit does not). */
  variables: readonly VariableDefinitionNode[];
  /** It reads collections only: the read replicas may answer it (see read-routing.ts). */
  fromReplica: boolean;
  /** A mutation: its services find the request's trace in the async context (telemetry/tracing.ts). */
  writes: boolean;
}

type Prepared = Omit<Operation, "compiled">;

/** Cost functions kept, as many as compiled operations. */
const MAX_COSTED = 1_000;

/** What one resource needs from the schema, looked up once. */
interface ResourceShape {
  type: GraphQLObjectType;
  filterType: GraphQLInputObjectType;
  sortFields: ReadonlySet<string>;
  inputType?: GraphQLInputObjectType;
  patchType?: GraphQLInputObjectType;
  idempotentCreate: boolean;
  /** The list's cursor connection (`<list>Connection`), when the schema has one: REST lists read through it. */
  connection?: string;
  /** What its calls need of its contracts (checks, selection, representation). */
  plan: RestPlan;
  /** The body walks of its create and merge patch, on their input types. */
  walkers: { Create?: InputWalker; Update?: InputWalker };
}

/**
 * The REST compatibility layer's engine: turns a TMF REST call into a GraphQL operation on the
 * same schema — path → query/mutation, `fields` → selection set, query parameters → filter, sort and
 * page arguments, body → input — and executes it in-process. Operations are built, parsed,
 * validated and compiled once per shape of request (operation, resource, fields); the values of a
 * call always travel as variables.
 */
export class RestTranslator {
  private readonly operations: CompiledOperations;
  private readonly shapes = new Map<RestResource, ResourceShape>();
  private readonly prepared = new LRUCache<string, Prepared>({ max: MAX_COSTED });

  /** `limits`: what /graphql applies too — token limit, validation rules (depth, aliases), cost. */
  constructor(
    private readonly schema: GraphQLSchema,
    private readonly limits: OperationLimits,
    /** LIST_COUNT_MAX: a count above it is not the total. */
    private readonly countMax = DEFAULT_LIST_BOUNDS.countMax,
  ) {
    this.operations = new CompiledOperations(schema);
  }

  /**
   * A REST call as GraphQL. Traced as attributes of the request's server span (the operation it
   * became), not as a span of its own: a span per request is what tracing costs most.
   */
  run(call: RestCall): Promise<RestResult> {
    if (tracingOn()) {
      annotate(call.context.trace, () => ({
        "tmf.rest.operation": call.operation,
        "tmf.resource.type": call.resource.type,
        "graphql.operation.type": call.operation === "list" || call.operation === "one" ? "query" : "mutation",
      }));
    }
    return this.translateAndRun(call);
  }

  private async translateAndRun(call: RestCall): Promise<RestResult> {
    const shape = this.shapeOf(call.resource);
    const query = modelQuery(call.resource, call.query);
    const fields = parseFields(query.fields);
    const kind = jsonPatch(call) ? "patch" : call.operation === "list" && byCursor(call.query) ? "page" : call.operation;
    const version = call.resource.version;
    const key = `${kind} ${call.resource.type}${version ? `@${version.label}` : ""} ${fields?.join(",") ?? "*"}`;
    const variables = this.variables(call, query, shape);
    const operation = this.operation(key, () => this.source(kind, call.resource, shape, fields));
    this.checkCost(operation, variables);
    if (operation.fromReplica) readFromReplicas(call.context);
    const result = await this.runCompiled(operation, call.context, variables);
    if (result.errors?.length) throw this.explain(result.errors[0]!, operation, variables);
    const parts = fields?.some((field) => field.includes("."));
    return respond(call, result.data as Record<string, unknown>, this.countMax, parts ? shape.plan.representSelected : shape.plan.represent);
  }

  /** Runs a fixed operation of the REST layer (e.g. the hub's) with the same caching and rules. */
  async execute(source: string, variables: Record<string, unknown>, context: Context): Promise<Record<string, unknown>> {
    const operation = this.operation(source, () => source);
    this.checkCost(operation, variables);
    if (operation.fromReplica) readFromReplicas(context);
    const result = await this.runCompiled(operation, context, variables);
    if (result.errors?.length) throw this.explain(result.errors[0]!, operation, variables);
    return result.data as Record<string, unknown>;
  }

  private async runCompiled({ compiled, writes }: Operation, context: Context, variables: Record<string, unknown>) {
    return writes ? inTraceOf(context.trace, async () => compiled.query(undefined, context, variables)) : compiled.query(undefined, context, variables);
  }

  /** `query`: the call's, by the model's names (modelQuery). */
  private variables(call: RestCall, query: RestCall["query"], shape: ResourceShape): Record<string, unknown> {
    switch (call.operation) {
      case "list": {
        const { cursor, before, offset, limit } = pageFromQuery(call.query);
        if ((cursor ?? before) !== null && !shape.connection) throw badInput(`${call.resource.type} lists are not paged by cursor`);
        const page = !shape.connection ? { offset, limit } : before !== null ? { offset, last: limit, before } : { offset, first: limit, after: cursor };
        return {
          ...page,
          filter: filterFromQuery(query, shape.filterType),
          sort: sortFromQuery(query, shape.sortFields),
        };
      }
      case "one":
      case "delete":
        return { id: call.id };
      case "create":
        return {
          input: shape.plan.input(call.body, shape.walkers.Create!, "Create"),
          ...(shape.idempotentCreate && { idempotencyKey: call.idempotencyKey ?? null }),
        };
      case "update":
        if (jsonPatch(call)) return { id: call.id, ...jsonPatchVariables(call.resource, call.body, call.patchFormat === "json-patch-query") };
        return { id: call.id, patch: shape.plan.input(call.body, shape.walkers.Update!, "Update") };
    }
  }

  /**
   * The operation of `key`: built, parsed and validated (the spec's rules and /graphql's limits)
   * on first use, then run compiled; its cost function is kept with it.
   */
  private operation(key: string, source: () => string): Operation {
    const compiled = this.operations.get(key, () => this.prepare(key, source()));
    let prepared = this.prepared.get(key);
    if (!prepared) {
      this.prepare(key, source()); // compiled, but its cost function was evicted
      prepared = this.prepared.get(key)!;
    }
    return { compiled, ...prepared };
  }

  private prepare(key: string, source: string): DocumentNode {
    let document: DocumentNode;
    try {
      document = this.limits.parse(source, { noLocation: true });
    } catch (err) {
      throw err instanceof GraphQLError ? toAppError(err) : err;
    }
    const errors = this.limits.validate(document);
    if (errors.length) throw toAppError(errors[0]!);
    const definition = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    this.prepared.set(key, {
      cost: this.limits.costOf(document),
      variables: definition?.variableDefinitions ?? [],
      fromReplica: Boolean(definition && readsCollectionsOnly(this.schema, document, definition)),
      writes: definition?.operation === "mutation",
    });
    return document;
  }

  /**
   * An error of a call as a domain error. A value its variables refuse is said with the REST name
   * of what carried it — `totalAmount.value.gt`, or the body's `validFor.startDateTime` — and the
   * scalar's reason, as graphql-js's variable coercion words it.
   */
  private explain(error: GraphQLError, operation: Operation, variables: Record<string, unknown>): Error {
    if (!error.path && error.message.startsWith('Variable "$')) {
      const coerced = getVariableValues(this.schema, operation.variables, variables);
      const first = coerced.errors?.[0];
      const detail = first && /^Variable "\$\w+" got invalid value (.*) at "(?:filter|input|patch)\.([^"]+)"; (.*)$/s.exec(first.message);
      if (detail) return badInput(tmfMessage(`Invalid value ${detail[1]} for '${detail[2]!.replace(/\.eq$/, "")}': ${detail[3]}`));
    }
    return toAppError(error);
  }

  /** The cost budget, with this call's variables (a list's `limit` among them): a 400 when over. */
  private checkCost(operation: Operation, variables: Record<string, unknown>): void {
    try {
      this.limits.checkCostOf(operation.cost(variables));
    } catch (err) {
      throw err instanceof GraphQLError ? toAppError(err) : err;
    }
  }

  /** `page`: a list page read by cursor (`cursor` or `before`), which is not counted. */
  private source(operation: RestOperation | "patch" | "page", resource: RestResource, shape: ResourceShape, fields?: string[]): string {
    const { queries, mutations, type } = resource;
    const selection = operation === "delete" ? "" : selectionFor(shape.type, fields, shape.plan.selection);
    switch (operation) {
      case "list":
      case "page":
        if (shape.connection) {
          // A page read by cursor is not counted: its cost is the page's, whatever the list's size. A
          // page by offset is, in the page's own statement, and links its previous page by offset:
          // its start cursor (a signature) is not read.
          return `query ($filter: ${type}Filter, $offset: Int!, $first: Int, $last: Int, $sort: [${type}Sort!], $after: String, $before: String) {
            page: ${shape.connection}(filter: $filter, offset: $offset, first: $first, last: $last, after: $after, before: $before, sort: $sort) {
              edges { node ${selection} } pageInfo { hasNextPage hasPreviousPage ${operation === "list" ? "endCursor } totalCount" : "startCursor endCursor }"} } }`;
        }
        return `query ($filter: ${type}Filter, $offset: Int!, $limit: Int!, $sort: [${type}Sort!]) {
          items: ${queries.list}(filter: $filter, offset: $offset, limit: $limit, sort: $sort) ${selection}
          total: ${queries.count}(filter: $filter) }`;
      case "one":
        return `query ($id: ID!) { result: ${queries.one}(id: $id) ${selection} }`;
      case "create":
        return shape.idempotentCreate
          ? `mutation ($input: ${shape.inputType!.name}!, $idempotencyKey: String) {
              result: ${mutations.create}(input: $input, idempotencyKey: $idempotencyKey) ${selection} }`
          : `mutation ($input: ${shape.inputType!.name}!) { result: ${mutations.create}(input: $input) ${selection} }`;
      case "update":
        return `mutation ($id: ID!, $patch: ${shape.patchType!.name}!) { result: ${mutations.update}(id: $id, patch: $patch) ${selection} }`;
      case "delete":
        return `mutation ($id: ID!) { result: ${mutations.delete}(id: $id) }`;
      case "patch":
        return `mutation ($id: ID!, $operations: [JsonPatchOperation!]!, $representation: ${type}Representation!, $query: Boolean) {
          result: ${mutations.patch}(id: $id, operations: $operations, representation: $representation, query: $query) ${selection} }`;
    }
  }

  /** Prepares what calls of `resource` need (at route registration): the schema's types, the contract's plan. */
  prepareResource(resource: RestResource): void {
    this.shapeOf(resource);
  }

  private shapeOf(resource: RestResource): ResourceShape {
    let shape = this.shapes.get(resource);
    if (!shape) {
      const type = this.schema.getType(resource.type);
      const filterType = this.schema.getType(`${resource.type}Filter`);
      const sortEnum = this.schema.getType(`${resource.type}SortField`) as GraphQLEnumType | undefined;
      if (!isObjectType(type) || !isInputObjectType(filterType) || !sortEnum) {
        throw new Error(`schema has no complete GraphQL surface for REST resource ${resource.type}`);
      }
      const mutationFields = this.schema.getMutationType()?.getFields() ?? {};
      if (resource.version && resource.mutations.update && !mutationFields[resource.mutations.patch!]) {
        throw new Error(`schema has no JSON Patch mutation for REST resource ${resource.type}`);
      }
      const argType = (field: string | undefined, arg: string) => {
        const found = field ? mutationFields[field]?.args.find((a) => a.name === arg) : undefined;
        const named = found && getNamedType(found.type);
        return named && isInputObjectType(named) ? named : undefined;
      };
      const plan = restPlan(resource);
      const [inputType, patchType] = [argType(resource.mutations.create, "input"), argType(resource.mutations.update, "patch")];
      shape = {
        type,
        filterType,
        sortFields: new Set(sortEnum.getValues().map((v) => v.name)),
        inputType,
        patchType,
        connection: this.schema.getQueryType()?.getFields()[`${resource.queries.list}Connection`] ? `${resource.queries.list}Connection` : undefined,
        plan,
        walkers: { Create: plan.walkerOf(inputType, "Create"), Update: plan.walkerOf(patchType, "Update") },
        idempotentCreate: Boolean(resource.mutations.create && mutationFields[resource.mutations.create]?.args.some((a) => a.name === "idempotencyKey")),
      };
      this.shapes.set(resource, shape);
    }
    return shape;
  }
}

const byCursor = (query: Query) => query.cursor !== undefined || query.before !== undefined;

const jsonPatch = (call: RestCall) => call.operation === "update" && call.patchFormat !== undefined && call.patchFormat !== "merge";

/**
 * GraphQL errors of a REST call as domain errors: AppErrors as thrown (the attributes a refused
 * input names, the TMF way), input errors as 400.
 */
function toAppError(error: GraphQLError): Error {
  const original = error.originalError;
  if (original instanceof AppError)
    return original.code === "BAD_USER_INPUT" ? new AppError(original.code, tmfMessage(original.message), original.reason) : original;
  if (original && !(original instanceof GraphQLError)) return original;
  return badInput(tmfMessage(error.message));
}
