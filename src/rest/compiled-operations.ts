import { compileQuery, isCompiledQuery, type CompiledQuery } from "graphql-jit";
import { GraphQLError, type DocumentNode, type GraphQLSchema } from "graphql";

/** Operations kept compiled: their text is the client's choice, so only the most recent ones. */
const MAX_COMPILED = 1_000;

/**
 * GraphQL operations compiled by graphql-jit into functions that execute them — same schema, same
 * resolvers, without re-interpreting the document on every call. The document must have been
 * validated, and its values must all be variables: graphql-jit does not run custom scalars'
 * parseLiteral on literal arguments as graphql-js does (graphql-jit#266, e.g. a Decimal `value: 1`
 * would reach the resolver as a number). That holds for the REST layer's generated documents, and
 * is why /graphql, which runs the client's documents, keeps graphql-js.
 */
export class CompiledOperations {
  private readonly compiled = new Map<string, CompiledQuery>();

  constructor(private readonly schema: GraphQLSchema) {}

  get(key: string, document: () => DocumentNode): CompiledQuery {
    let operation = this.compiled.get(key);
    if (!operation) {
      const result = compileQuery(this.schema, document());
      if (!isCompiledQuery(result)) throw result.errors?.[0] ?? new GraphQLError("the operation cannot be compiled");
      operation = result;
      if (this.compiled.size >= MAX_COMPILED) this.compiled.delete(this.compiled.keys().next().value!);
      this.compiled.set(key, operation);
    }
    return operation;
  }
}
