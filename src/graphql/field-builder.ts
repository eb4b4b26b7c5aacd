import { isObjectType, type GraphQLResolveInfo, type GraphQLSchema } from "graphql";
import { Arg, Args, Ctx, Extensions, FieldResolver, Info, Mutation, Query, Resolver, Root, Subscription } from "type-graphql";
import { assertScopes } from "../auth/auth-checker.js";
import type { Scope } from "../auth/scopes.js";
import type { Context } from "./context.js";
import type { subscribeTo } from "./event-subscription.js";

type Class = abstract new (...args: never[]) => unknown;

/**
 * What GraphQL hands a field's resolver: the object it is a field of, its arguments, the
 * operation's context and info (`never`: each field names the shapes of its own source and arguments).
 */
export type FieldResolve = (source: never, args: never, ctx: Context, info: GraphQLResolveInfo) => unknown;

/** One named argument of a field. */
export interface ArgSpec {
  name: string;
  type: () => unknown;
  nullable?: boolean;
  description: string;
}

/**
 * One GraphQL field, as the derived parts of the schema declare theirs (a resource's queries,
 * mutations and subscription, its `href`s and references, the navigations of its relations, Node):
 * `buildResolver` turns a table of them into a type-graphql resolver.
 */
export interface FieldSpec {
  name: string;
  /** A root field, or a field of the type the resolver is built for. */
  kind: "query" | "mutation" | "subscription" | "field";
  returns: () => unknown;
  nullable?: boolean | "items";
  /** Always given, but where a field resolver takes over a type's own field (a reference): then that field's. */
  description: string | undefined;
  /** An `@ArgsType` class (a page) whose fields are the field's first arguments. */
  argsType?: Class;
  args?: readonly ArgSpec[];
  /** The scope a caller needs, checked before every call of `resolve`; none for what every reader of the parent may see (an `href`). */
  scope?: Scope;
  extensions?: Record<string, unknown>;
  /**
   * GraphQL calls `resolve` itself, its arguments as GraphQL coerced them: for the by-id read and
   * the fields resolved once per row, where type-graphql's per-call machinery (parameter lists, a
   * class instance per row, an async middleware chain) cost more than the resolver. Otherwise
   * type-graphql calls it, with input arguments as instances of their classes.
   */
  plain?: boolean;
  /** A subscription's source of events (`resolve` then maps each event). */
  subscribe?: ReturnType<typeof subscribeTo>;
  resolve: FieldResolve;
}

const PLAIN = "plainResolver";

/** `resolve` behind the field's scope check: the one place a derived field's scope is enforced. */
function checked(field: FieldSpec): FieldResolve {
  const resolve = field.resolve as (source: unknown, args: unknown, ctx: Context, info: GraphQLResolveInfo) => unknown;
  if (!field.scope) return resolve;
  const needed = [field.scope];
  return (source, args, ctx, info) => {
    assertScopes(ctx.principal.scopes, needed);
    return resolve(source, args, ctx, info);
  };
}

/**
 * A subscription's `subscribe` behind its scope: refused FORBIDDEN before it listens, as a query is
 * before it reads. `resolve` checks the scope again at each event (the principal's scopes may have
 * narrowed since: see subscriptions.ts).
 */
function checkedSubscribe(field: FieldSpec): NonNullable<FieldSpec["subscribe"]> {
  const subscribe = field.subscribe!;
  if (!field.scope) return subscribe;
  const needed = [field.scope];
  return (data) => {
    assertScopes(data.context.principal.scopes, needed);
    return subscribe(data);
  };
}

function fieldDecorator(field: FieldSpec): MethodDecorator {
  const options = { name: field.name, description: field.description, ...(field.nullable !== undefined && { nullable: field.nullable }) };
  const returns = field.returns as () => Class;
  if (field.kind === "query") return Query(returns, options);
  if (field.kind === "mutation") return Mutation(returns, options);
  if (field.kind === "subscription") return Subscription(returns, { ...options, subscribe: checkedSubscribe(field) });
  return FieldResolver(returns, options);
}

/**
 * Declares `field` on a resolver class. type-graphql calls the method with the parameters declared
 * here, in this order — [the parent], [the page's arguments], each argument, the context, the info —
 * and the method hands them on as GraphQL would: `(source, args, ctx, info)`.
 */
function declareField(resolver: Function, field: FieldSpec): void {
  const proto = resolver.prototype as object;
  // A type's field is found by its method's name; root fields are named by their options.
  const key = field.kind === "field" ? field.name : `${field.kind} ${field.name}`;
  const run = checked(field);
  const hasParent = field.kind === "field" || field.kind === "subscription";
  const named = field.args ?? [];
  const method = (...params: unknown[]) => {
    let i = 0;
    const source = hasParent ? params[i++] : undefined;
    const args: Record<string, unknown> = field.argsType ? { ...(params[i++] as object) } : {};
    for (const arg of named) args[arg.name] = params[i++];
    return run(source as never, args as never, params[i] as Context, params[i + 1] as GraphQLResolveInfo);
  };
  Object.defineProperty(proto, key, { value: method, writable: true, configurable: true });
  const descriptor = Object.getOwnPropertyDescriptor(proto, key)!;
  const extensions = { ...field.extensions, ...(field.plain && { [PLAIN]: run }) };
  if (Object.keys(extensions).length) Extensions(extensions)(proto, key, descriptor);
  fieldDecorator(field)(proto, key, descriptor);
  const params: ReturnType<typeof Ctx>[] = [
    ...(hasParent ? [Root()] : []),
    ...(field.argsType ? [Args(() => field.argsType!)] : []),
    ...named.map(({ name, type, nullable, description }) => Arg(name, type as () => Class, { description, ...(nullable !== undefined && { nullable }) })),
    Ctx(),
    Info(),
  ];
  for (const [index, param] of params.entries()) param(proto, key, index);
}

/** A type-graphql resolver of `fields` (of `type`'s fields when given; root fields need none). */
export function buildResolver(name: string, type: Class | undefined, fields: readonly FieldSpec[]): Function {
  const resolver = { [name]: class {} }[name]!;
  (type ? Resolver(() => type) : Resolver())(resolver);
  for (const field of fields) declareField(resolver, field);
  return resolver;
}

/** Once the schema is built: the plain fields' resolvers (scope check included) replace type-graphql's. */
export function usePlainResolvers(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.extensions?.[PLAIN];
      if (typeof resolve === "function") field.resolve = resolve as typeof field.resolve;
    }
  }
  return schema;
}
