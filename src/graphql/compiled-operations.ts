import { LRUCache } from "lru-cache";
import { compileQuery, isCompiledQuery, type CompiledQuery } from "graphql-jit";
import { GraphQLError, type DocumentNode, type GraphQLSchema } from "graphql";

/** Operations kept compiled: their text is the client's choice, so only the most recently used. */
const MAX_COMPILED = 1_000;

/**
 * GraphQL operations compiled by graphql-jit into functions that execute them — same schema, same
 * resolvers, without re-interpreting the document on every call. The document must have been
 * validated, and must not hold a literal of a custom scalar (`runsCompiled`): graphql-jit does not
 * run custom scalars' parseLiteral on literal arguments as graphql-js does (graphql-jit#266, e.g. a
 * Decimal `value: 1` would reach the resolver as a number).
 */
export class CompiledOperations {
  private readonly compiled = new LRUCache<string, CompiledQuery>({ max: MAX_COMPILED });

  constructor(private readonly schema: GraphQLSchema) {}

  /** Whether an operation is compiled under `key` (its recency unchanged). */
  has(key: string): boolean {
    return this.compiled.has(key);
  }

  /** The operation compiled under `key`, if it is. */
  find(key: string): CompiledQuery | undefined {
    return this.compiled.get(key);
  }

  get(key: string, document: () => DocumentNode, operationName?: string): CompiledQuery {
    let operation = this.find(key);
    if (!operation) {
      const result = compileQuery(this.schema, document(), operationName, { disablingCapturingStackErrors: true });
      if (!isCompiledQuery(result)) throw result.errors?.[0] ?? new GraphQLError("the operation cannot be compiled");
      operation = result;
      this.compiled.set(key, operation);
    }
    return operation;
  }
}
