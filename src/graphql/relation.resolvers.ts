import type { GraphQLResolveInfo } from "graphql";
import { Int } from "type-graphql";
import { read } from "../auth/scopes.js";
import { relationsOf, type PartDescription, type ResolvedRelation, type ResourceDescription } from "../resource/description.js";
import { isReferencePath, type Page } from "../resource/resource-store.js";
import type { Context } from "./context.js";
import { checkNavigationPage, NavigationPageArgs } from "./page.args.js";
import { buildResolver, type FieldResolve, type FieldSpec } from "./field-builder.js";
import { nodeColumns, selectedColumns } from "./selected-columns.js";
import { type ConnectionArgs, connectionPage, createConnectionType, NAVIGATION_PAGE, NavigationConnectionArgs, selectsTotalCount } from "./connection.js";

type Class = abstract new (...args: never[]) => unknown;
type Row = { id: string } & Record<string, unknown>;

interface NavigationField {
  name: string;
  description: string;
  returns: () => unknown;
  nullable: boolean;
  /** The read scope of what the field returns. */
  scope: string;
  /** The arguments' type of a paged field (a list or a connection). */
  args?: Class;
  /** `connection`: the cost rule counts its first/last (cost.ts). */
  connection?: boolean;
  /** The attributes of its row the field reads (beyond the id and foreign keys every read selects). */
  reads: string[];
  resolve: FieldResolve;
}

/**
 * The navigation fields of every relation the descriptions declare, as type-graphql resolvers:
 * the forward field on the resource holding the column (`BillingAccount.customer`, one row through
 * the request's by-id loader), the inverse list on the target (`Customer.accounts`, a page per
 * parent in one statement), the same list by cursor (`Customer.accountsConnection`) and its size (`Customer.accountsCount`, one grouped count per level). Each needs the read scope of what it returns, and is marked a
 * navigation (not a TMF attribute: REST never selects it; the cost rule pages it).
 */
export function createRelationResolvers(descriptions: readonly PartDescription[]): Function[] {
  const fields = new Map<Class, NavigationField[]>();
  const add = (type: Class, field: NavigationField) => fields.set(type, [...(fields.get(type) ?? []), field]);

  for (const from of descriptions as readonly PartDescription<Row>[]) {
    for (const relation of relationsOf(from)) {
      const to = relation.to();
      const path = isReferencePath(from, relation.column);
      if (path && relation.inverse) throw new Error(`${from.name}.${relation.name}: a relation through a reference path has no inverse`);
      add(from.type as Class, {
        name: relation.name,
        description: relation.description,
        returns: () => to.type,
        nullable: true,
        scope: to.api.scope,
        reads: path ? [relation.column.split(".")[0]!] : [],
        resolve: (row: Row, _args: unknown, ctx: Context, info: GraphQLResolveInfo) => {
          const store = ctx.services.storeOf(to);
          return ctx.loaders.one(store, keyOf(ctx, from, relation, row), selectedColumns(info, store));
        },
      });
      if (relation.inverse) {
        if (!("api" in from)) throw new Error(`${from.name}.${relation.name}: only a resource's rows can be listed on another resource`);
        const scope = (from as unknown as ResourceDescription).api.scope;
        add(to.type as Class, {
          name: relation.inverse.name,
          description: `${relation.inverse.description}${from.storage.relationOrder ? "" : ", in creation order"}`,
          returns: () => [from.type],
          nullable: false,
          scope,
          args: NavigationPageArgs,
          reads: [],
          resolve: (parent: Row, page: Page, ctx: Context, info: GraphQLResolveInfo) => {
            const store = ctx.services.storeOf(from);
            return ctx.loaders.relation(store, relation.column, parent.id, checkNavigationPage(page), selectedColumns(info, store));
          },
        });
        add(to.type as Class, navigationConnection(from as unknown as ResourceDescription, relation, scope));
        // The size of the list for a portal's pager: one grouped count per level, whatever the parents.
        add(to.type as Class, {
          name: `${relation.inverse.name}Count`,
          description: `Number of ${relation.inverse.name} (every page of \`${relation.inverse.name}\`)`,
          returns: () => Int,
          nullable: false,
          scope,
          reads: [],
          resolve: (parent: Row, _args: unknown, ctx: Context) => ctx.loaders.count(ctx.services.storeOf(from), relation.column, parent.id),
        });
      }
    }
  }
  return [...fields].map(([type, list]) => navigationResolver(type, list));
}

/**
 * `Customer.accountsConnection`, …: the inverse list read by cursor, with the navigation's page sizes.
 * One keyset statement per parent (no batching across parents): the cost rule counts parents × page.
 */
function navigationConnection(from: ResourceDescription, relation: ResolvedRelation, scope: string): NavigationField {
  const Connection = createConnectionType(from.type as Class, from.name);
  const name = relation.inverse!.name;
  if (from.storage.relationOrder) throw new Error(`${from.name}.${relation.name}: a navigation connection pages in creation order, not relationOrder`);
  return {
    name: `${name}Connection`,
    description: `${relation.inverse!.description}, in creation order, a page by cursor (Relay connection; a cursor pages only this parent's ${name})`,
    returns: () => Connection,
    nullable: false,
    scope,
    args: NavigationConnectionArgs,
    connection: true,
    reads: [],
    resolve: async (parent: Row, page: ConnectionArgs, ctx: Context, info: GraphQLResolveInfo) => {
      const store = ctx.services.storeOf(from);
      const columns = nodeColumns(info, store);
      const list = { parent: { column: relation.column, id: parent.id }, count: selectsTotalCount(info) };
      const connection = await connectionPage(store, page, list, columns, ctx, NAVIGATION_PAGE);
      ctx.loaders.prime(store, connection.rows, columns);
      return connection;
    },
  };
}

/** The target's id in a row: the foreign key's reference attribute (`account.id`), or the internal column. */
function keyOf(ctx: Context, from: PartDescription<Row>, relation: ResolvedRelation, row: Row): string | null | undefined {
  return ctx.services.storeOf(from).keyOf(relation.column)(row);
}

/** A navigation is a plain field of its type, under the read scope of what it returns, marked a navigation that reads its row's id or foreign key (which every read selects) or the reference it follows. */
function navigationResolver(type: Class, fields: NavigationField[]): Function {
  const specs = fields.map(
    ({ name, description, returns, nullable, scope, args, connection, reads, resolve }): FieldSpec => ({
      name,
      kind: "field",
      returns,
      nullable,
      description,
      argsType: args,
      scope: read(scope),
      extensions: { navigation: true, reads, ...(connection && { connection: true }) },
      plain: true,
      resolve,
    }),
  );
  return buildResolver(`${(type as { name: string }).name}NavigationResolver`, type, specs);
}
