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
  private readonly compiled = new Map<string, CompiledQuery>();

  constructor(private readonly schema: GraphQLSchema) {}

  /** Whether an operation is compiled under `key` (its recency unchanged). */
  has(key: string): boolean {
    return this.compiled.has(key);
  }

  /** The operation compiled under `key`, if it is. */
  find(key: string): CompiledQuery | undefined {
    const operation = this.compiled.get(key);
    if (operation) {
      this.compiled.delete(key);
      this.compiled.set(key, operation);
    }
    return operation;
  }

  get(key: string, document: () => DocumentNode, operationName?: string): CompiledQuery {
    let operation = this.find(key);
    if (!operation) {
      const result = compileQuery(this.schema, document(), operationName, { disablingCapturingStackErrors: true });
      if (!isCompiledQuery(result)) throw result.errors?.[0] ?? new GraphQLError("the operation cannot be compiled");
      operation = result;
      if (this.compiled.size >= MAX_COMPILED) this.compiled.delete(this.compiled.keys().next().value!);
      this.compiled.set(key, operation);
    }
    return operation;
  }
}
