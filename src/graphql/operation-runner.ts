import { LRUCache } from "lru-cache";
import {
  execute,
  getNamedType,
  getVariableValues,
  GraphQLError,
  isScalarType,
  isSpecifiedScalarType,
  Kind,
  valueFromASTUntyped,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  BREAK,
  type DocumentNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ExecutionResult,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";
import { inSpan, tracingOn } from "../telemetry/tracing.js";
import { CompiledOperations } from "./compiled-operations.js";
import type { Context } from "./context.js";
import { readFromReplicas, readsCollectionsOnly } from "./read-routing.js";

/** A client operation, parsed and validated. */
export interface ClientOperation {
  /** Names the document and operation (e.g. a hash of the text and the operation name). */
  key: string;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  operationName?: string | null;
  variables?: Record<string, unknown>;
  context: unknown;
  /** The variables were coerced by graphql-js already, without errors (they are not checked again). */
  coerced?: boolean;
}

/**
 * Fields of an operation, fragments expanded at every spread, beyond which it is not compiled:
 * graphql-jit generates code per expanded field, so fragments of fragments each spread twice would
 * take it exponential time; graphql-js expands each fragment once per selection.
 */
const MAX_COMPILED_FIELDS = 5_000;

/** Runs of an operation before it is compiled: a document sent once (a one-off, a fuzzer's) is never compiled. */
const RUNS_BEFORE_COMPILING = 2;
/** Operations whose runs are counted, the least recent forgotten first. */
const MAX_COUNTED = 10_000;
/**
 * Largest key (a hash and the operation's name) and document source an operation may have to be
 * counted and compiled: what the caches keep is then bounded in bytes, not only in entries,
 * whatever names and literals a client writes. Larger ones run with graphql-js, uncached.
 */
const MAX_CACHED_KEY = 256;
const MAX_CACHED_SOURCE = 32 * 1024;

/**
 * How /graphql executes client operations: queries the gateway has seen before run compiled
 * (graphql-jit: no per-field interpretation of the document), anything else with graphql-js —
 * mutations (rare, and their resolvers dominate), introspection, documents holding a literal of a
 * custom scalar (graphql-jit#266), and a query's first run. Results are the same either way; a
 * compiled run's errors are graphql-js errors, as formatError expects.
 */
export class OperationRunner {
  private readonly compiled: CompiledOperations;
  private readonly runs = new LRUCache<string, number>({ max: MAX_COUNTED });
  private readonly interpreted = new LRUCache<string, true>({ max: MAX_COUNTED });

  constructor(
    private readonly schema: GraphQLSchema,
    /** Told of every execution: compiled or interpreted (graphql-js). */
    private readonly executed: (mode: "compiled" | "interpreted") => void = () => {},
  ) {
    this.compiled = new CompiledOperations(schema);
  }

  /** Whether the operation of `key` runs compiled now. */
  isCompiled(key: string): boolean {
    return this.compiled.has(key);
  }

  run(op: ClientOperation): Promise<ExecutionResult> {
    if (!tracingOn()) return this.execute(op);
    const type = op.operation.operation;
    const name = op.operationName ?? op.operation.name?.value;
    const context = op.context as Context;
    return inSpan(
      `graphql ${type}${name ? ` ${name}` : ""}`,
      () => ({ "graphql.operation.type": type, ...(name && { "graphql.operation.name": name }) }),
      (_span, inside) => {
        context.trace = inside;
        return this.execute(op);
      },
      // A read passes its trace on in its context (loaders, statements); a write's services find theirs in the async context.
      { parent: context.trace, explicit: type !== "mutation" },
    );
  }

  private async execute(op: ClientOperation): Promise<ExecutionResult> {
    if (readsCollectionsOnly(this.schema, op.document, op.operation)) readFromReplicas(op.context as Context);
    const compiled = this.compiled.find(op.key) ?? (this.shouldCompile(op) ? this.compile(op) : undefined);
    this.executed(compiled ? "compiled" : "interpreted");
    if (!compiled) {
      return execute({ schema: this.schema, document: op.document, operationName: op.operationName, variableValues: op.variables, contextValue: op.context });
    }
    // graphql-js's coercion decides whether the variables are good, with its errors (nodes and all:
    // Apollo answers them 400 BAD_USER_INPUT); graphql-jit coerces them again for itself.
    if (!op.coerced) {
      const coerced = getVariableValues(this.schema, op.operation.variableDefinitions ?? [], op.variables ?? {}, { maxErrors: 50 });
      if (coerced.errors) return { errors: coerced.errors };
    }
    const result = await compiled.query(undefined, op.context, withDefaults(op.operation, op.variables ?? {}));
    return result.errors?.length ? { ...result, errors: result.errors.map(asGraphQLError) } : result;
  }

  private shouldCompile(op: ClientOperation): boolean {
    if (op.key.length > MAX_CACHED_KEY || (op.document.loc?.end ?? 0) > MAX_CACHED_SOURCE) return false;
    if (op.operation.operation !== "query" || this.interpreted.has(op.key)) return false;
    const runs = (this.runs.get(op.key) ?? 0) + 1;
    if (runs < RUNS_BEFORE_COMPILING) {
      this.runs.set(op.key, runs);
      return false;
    }
    this.runs.delete(op.key);
    if (runsCompiled(this.schema, op.document)) return true;
    this.interpreted.set(op.key, true);
    return false;
  }

  private compile(op: ClientOperation) {
    try {
      return this.compiled.get(op.key, () => op.document, op.operationName ?? undefined);
    } catch {
      this.interpreted.set(op.key, true);
      return undefined;
    }
  }
}

/**
 * Whether graphql-jit runs `document` as graphql-js would, in time linear in its size: no
 * introspection (graphql-js answers it), no literal of a custom scalar anywhere (arguments, input
 * objects, variable defaults), and at most MAX_COMPILED_FIELDS fields once fragments are expanded.
 */
export function runsCompiled(schema: GraphQLSchema, document: DocumentNode): boolean {
  if (expandedFields(document) > MAX_COMPILED_FIELDS) return false;
  const typeInfo = new TypeInfo(schema);
  let compatible = true;
  const customScalarLiteral = () => {
    const type = getNamedType(typeInfo.getInputType());
    return type !== undefined && type !== null && isScalarType(type) && !isSpecifiedScalarType(type);
  };
  const valueKinds = [Kind.INT, Kind.FLOAT, Kind.STRING, Kind.BOOLEAN, Kind.ENUM, Kind.LIST, Kind.OBJECT];
  const leave = () => {
    compatible = false;
    return BREAK;
  };
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field: (node) => (node.name.value === "__schema" || node.name.value === "__type" ? leave() : undefined),
      enter: (node) => (valueKinds.includes(node.kind) && customScalarLiteral() ? leave() : undefined),
    }),
  );
  return compatible;
}

/** The number of fields of `document` with every fragment spread expanded, counted in linear time. */
export function expandedFields(document: DocumentNode): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const counted = new Map<string, number>();
  const count = (selectionSet: SelectionSetNode | undefined): number => {
    let fields = 0;
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.FIELD) fields += 1 + count(selection.selectionSet);
      else if (selection.kind === Kind.INLINE_FRAGMENT) fields += count(selection.selectionSet);
      else {
        const name = selection.name.value;
        if (!counted.has(name)) {
          counted.set(name, Infinity); // a cycle (validation refuses them) counts as too many
          counted.set(name, count(fragments.get(name)?.selectionSet));
        }
        fields += counted.get(name)!;
      }
    }
    return fields;
  };
  let total = 0;
  for (const definition of document.definitions) if (definition.kind === Kind.OPERATION_DEFINITION) total += count(definition.selectionSet);
  return total;
}

/**
 * The variables with the defaults of those left out written in: graphql-jit refuses a required
 * variable that was not given even when it has a default (`$n: Int! = 1`), which graphql-js accepts.
 */
function withDefaults(operation: OperationDefinitionNode, variables: Record<string, unknown>): Record<string, unknown> {
  let filled: Record<string, unknown> | undefined;
  for (const { variable, defaultValue } of operation.variableDefinitions ?? []) {
    if (!defaultValue || variables[variable.name.value] !== undefined) continue;
    filled ??= { ...variables };
    filled[variable.name.value] = valueFromASTUntyped(defaultValue);
  }
  return filled ?? variables;
}

/** graphql-jit's error objects (its own GraphQLError, without nodes) as graphql-js errors. */
function asGraphQLError(error: GraphQLError): GraphQLError {
  const converted = new GraphQLError(error.message, {
    path: error.path,
    originalError: error.originalError ?? undefined,
    extensions: error.extensions ?? undefined,
  });
  (converted as { locations?: unknown }).locations = error.locations;
  return converted;
}
