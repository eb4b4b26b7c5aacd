import { GraphQLError, GraphQLScalarType, Kind, valueFromASTUntyped, type GraphQLResolveInfo, type GraphQLSchema, type GraphQLUnionType } from "graphql";
import { Arg, createUnionType, Ctx, Directive, Extensions, Field, Info, ObjectType, Query, Resolver } from "type-graphql";
import { assertScopes } from "../../auth/auth-checker.js";
import { read } from "../../auth/scopes.js";
import type { ResourceDescription } from "../../resource/description.js";
import type { Context } from "../context.js";
import { MAX_LIMIT } from "../page.args.js";
import { entityColumns } from "./entity-columns.js";

/** Most representations one `_entities` call resolves: the largest page of a root list, so a router resolving one page never meets it. */
export const MAX_REPRESENTATIONS = MAX_LIMIT;

const ENTITY_TYPE = Symbol("entity type");
const KEY = '@key(fields: "id")';
/** The types given their @key already (type-graphql keeps decorations per class, for every schema built). */
const keyed = new WeakSet<object>();

type Entities = ReadonlyMap<string, ResourceDescription>;

export interface Representation {
  __typename: string;
  id: string;
}

const badRepresentation = (message: string) => new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT" } });

/** A representation is checked as it is coerced: a variable's refused with 400 BAD_USER_INPUT, before anything runs. */
function representation(entities: Entities, value: unknown): Representation {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw badRepresentation("A representation is an object: { __typename, id }");
  const { __typename: typename, id } = value as Record<string, unknown>;
  if (typeof typename !== "string" || !entities.has(typename)) {
    throw badRepresentation(
      `Unknown entity type ${JSON.stringify(typename)?.slice(0, 100)}: __typename names one of the resource types (${[...entities.keys()].join(", ")})`,
    );
  }
  if (typeof id !== "string" || id === "") throw badRepresentation(`A ${typename} representation needs its key: a non-empty string id`);
  return { __typename: typename, id };
}

/**
 * Sets `_Entity`'s resolveType on the built schema: type-graphql wraps its own in an async function,
 * which graphql-jit (compiled operations) does not await.
 */
export function useEntityTypes(schema: GraphQLSchema): GraphQLSchema {
  (schema.getType("_Entity") as GraphQLUnionType).resolveType = (value: { [ENTITY_TYPE]?: string }) => value[ENTITY_TYPE];
  return schema;
}

@ObjectType("_Service", { description: "Apollo Federation: this subgraph's description" })
export class SubgraphService {
  @Field(() => String, { description: "The subgraph SDL, with its Federation 2 @link and @key directives (graphql/subgraph.graphql)" })
  sdl!: string;
}

/** The `_Any` scalar (a representation, checked as it is coerced) and the `_Entity` union of some entities. */
function entityTypes(entities: Entities) {
  const AnyScalar = new GraphQLScalarType({
    name: "_Any",
    description: "Apollo Federation: an entity representation, { __typename, id }, as a router sends it to _entities",
    serialize: (value) => value,
    parseValue: (value) => representation(entities, value),
    parseLiteral: (ast, variables) => {
      if (ast.kind !== Kind.OBJECT) throw badRepresentation("A representation is an object: { __typename, id }");
      return representation(entities, valueFromASTUntyped(ast, variables));
    },
  });

  const EntityUnion = createUnionType({
    name: "_Entity",
    description: "Apollo Federation: every entity type of this subgraph (the TMF resources, keyed by id)",
    types: () => [...new Set([...entities.values()].map((r) => r.type))] as never,
  });
  return { AnyScalar, EntityUnion };
}

/**
 * Apollo Federation 2 subgraph: every resource of the registry is an entity keyed by its TMF `id`
 * (`@key(fields: "id")`), resolved by `Query._entities` in one statement per type per request
 * through the request's loaders, under the read scope its own by-id query needs. Parts (a payment's
 * items) have no query, no scope and no id of their own in the API: they are not entities.
 * `sdlOf`: the subgraph SDL, printed from the schema this resolver is built into.
 */
export function createFederationResolver(resources: readonly ResourceDescription[], sdlOf: () => Promise<string>): Function {
  const entities: Entities = new Map(resources.map((r) => [r.name, r]));
  for (const type of new Set(resources.map((r) => r.type))) {
    if (!keyed.has(type)) Directive(KEY)(type);
    keyed.add(type);
  }
  const { AnyScalar, EntityUnion } = entityTypes(entities);

  @Resolver()
  class FederationResolver {
    @Query(() => SubgraphService, {
      name: "_service",
      description: "Apollo Federation: the subgraph SDL a router composes this service from (refused like introspection when GRAPHQL_INTROSPECTION is off)",
    })
    async service(): Promise<SubgraphService> {
      return { sdl: await sdlOf() };
    }

    // Costed as a list of as many resources as representations (cost.ts), each counting its selection.
    @Extensions({ sizedBy: "representations" })
    @Query(() => [EntityUnion], {
      name: "_entities",
      nullable: "items",
      description: `Apollo Federation: the resources the representations name, in their order (null: none with that id); at most ${MAX_REPRESENTATIONS}, each type under its read scope`,
    })
    entities(
      @Arg("representations", () => [AnyScalar], { description: "The entities to resolve: { __typename, id } each" }) representations: Representation[],
      @Ctx() ctx: Context,
      @Info() info: GraphQLResolveInfo,
    ): Promise<unknown[]> {
      return resolveEntities(entities, representations, ctx, info);
    }
  }
  return FederationResolver;
}

async function resolveEntities(entities: Entities, representations: Representation[], ctx: Context, info: GraphQLResolveInfo): Promise<unknown[]> {
  if (representations.length > MAX_REPRESENTATIONS) {
    throw new GraphQLError(`Too many representations: ${representations.length} > ${MAX_REPRESENTATIONS}`, {
      extensions: { code: "BAD_USER_INPUT", limit: "representations", http: { status: 400 } },
    });
  }
  const resources = representations.map((r) => entities.get(r.__typename)!);
  // Every type's scope before any read: a caller without one reads nothing.
  assertScopes(ctx.principal.scopes, [...new Set(resources.map((r) => read(r.api.scope)))]);
  return Promise.all(
    representations.map(async ({ id }, i) => {
      const resource = resources[i]!;
      const store = ctx.services.storeOf(resource);
      const row = await ctx.loaders.one(store, id, entityColumns(info, resource.name, store));
      return row && { ...row, [ENTITY_TYPE]: resource.name };
    }),
  );
}
