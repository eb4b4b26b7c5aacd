import { ArgsType, Extensions, Field, Int, ObjectType } from "type-graphql";
import { badInput } from "../errors.js";
import { CursorCodec } from "../resource/cursor.js";
import type { ColumnSet, KeysetPage, ListArgs, ResourceStore } from "../resource/resource-store.js";
import { DEFAULT_LIMIT, MAX_LIMIT } from "./page.args.js";

@ObjectType({ description: "Where a connection's page lies in its list (Relay cursor connections)" })
export class PageInfo {
  @Field(() => Boolean, { description: "Rows follow the page (forward: read more with after: endCursor)" })
  hasNextPage!: boolean;

  @Field(() => Boolean, { description: "Rows precede the page (backward: read more with before: startCursor)" })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: "Cursor of the page's first row (null when it is empty)" })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: "Cursor of the page's last row (null when it is empty)" })
  endCursor!: string | null;
}

@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true, description: `The first rows after \`after\` (default ${DEFAULT_LIMIT}, at most ${MAX_LIMIT})` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: "Start after the row of this cursor (an edge's cursor or pageInfo.endCursor)" })
  after?: string | null;

  @Field(() => Int, { nullable: true, description: `The last rows before \`before\` (at most ${MAX_LIMIT})` })
  last?: number | null;

  @Field(() => String, { nullable: true, description: "End before the row of this cursor (an edge's cursor or pageInfo.startCursor)" })
  before?: string | null;

  @Field(() => Int, { defaultValue: 0, description: "Rows to skip first (at most LIST_MAX_OFFSET): to start at an offset, then go on by cursor" })
  offset!: number;
}

type Class = abstract new (...args: never[]) => unknown;

/** `<Name>Edge` and `<Name>Connection` of a resource type. */
export function createConnectionType(type: Class, name: string) {
  @ObjectType(`${name}Edge`, { description: `A ${name} and its cursor` })
  class Edge {
    @Field(() => String, { description: "Opaque: where this row lies in its list, for after/before" })
    cursor!: string;

    @Field(() => type, { description: `The ${name}` })
    node!: unknown;
  }

  @ObjectType(`${name}Connection`, { description: `A page of a ${name} list read by cursor: its cost does not grow with its depth` })
  class Connection {
    // One edge per row of the page: the page's size is what the cost counts (cost.ts).
    @Extensions({ maxItems: 1 })
    @Field(() => [Edge], { description: `The page's ${name}s, each with its cursor` })
    edges!: Edge[];

    @Field(() => PageInfo, { description: "Whether rows follow or precede the page, and the cursors to read them" })
    pageInfo!: PageInfo;
  }
  return Connection;
}

/**
 * A connection's page: `first` rows after `after`, or `last` rows before `before`, of the list
 * `filter` and `sort` define, each row with a cursor bound to that list.
 */
export async function connectionPage<T extends { id: string }>(
  store: ResourceStore<T>,
  args: ConnectionArgs,
  list: Pick<ListArgs, "filter" | "sort">,
  columns: ColumnSet<T>,
  reads?: Parameters<ResourceStore<T>["page"]>[2],
) {
  const { first, after, last, before, offset } = args;
  if (first != null && last != null) throw badInput("Give first or last, not both");
  if (after != null && before != null) throw badInput("Give after or before, not both");
  const backward = last != null || before != null;
  const limit = (backward ? last : first) ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_LIMIT) throw badInput(`${backward ? "last" : "first"} must be an integer between 0 and ${MAX_LIMIT}, got ${limit}`);
  if (!Number.isInteger(offset) || offset < 0) throw badInput(`offset must be a non-negative integer, got ${offset}`);
  const bound = CursorCodec.listOf(store.typeName, list.filter, list.sort);
  const keyCount = store.sortKeys(list.sort).length;
  const cursor = backward ? before : after;
  const from = cursor != null ? store.cursors.decode(cursor, bound, keyCount) : null;
  const page: KeysetPage<T> = await store.page({ ...list, limit, offset, from, backward }, columns, reads);
  const edges = page.rows.map((node, i) => ({ node, cursor: store.cursors.encode(bound, page.keys[i]!) }));
  const pageInfo: PageInfo = {
    hasNextPage: backward ? before != null : page.more,
    hasPreviousPage: backward ? page.more : after != null || offset > 0,
    startCursor: edges[0]?.cursor ?? null,
    endCursor: edges.at(-1)?.cursor ?? null,
  };
  return { edges, pageInfo, rows: page.rows };
}
