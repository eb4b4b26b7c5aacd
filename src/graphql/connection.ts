import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from "graphql";
import { ArgsType, Extensions, Field, Int, ObjectType } from "type-graphql";
import { badInput } from "../errors.js";
import { CursorCodec } from "../resource/cursor.js";
import type { KeyValues } from "../resource/keyset.js";
import type { ColumnSet, KeysetArgs, KeysetPage, ResourceStore } from "../resource/resource-store.js";
import type { Context } from "./context.js";
import { DEFAULT_LIMIT, MAX_LIMIT, NAVIGATION_DEFAULT_LIMIT, NAVIGATION_MAX_LIMIT } from "./page.args.js";

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

/** A connection's page sizes: `first`/`last` when neither is given, and the largest. */
export interface ConnectionPageSize {
  default: number;
  max: number;
}
const ROOT_PAGE: ConnectionPageSize = { default: DEFAULT_LIMIT, max: MAX_LIMIT };
export const NAVIGATION_PAGE: ConnectionPageSize = { default: NAVIGATION_DEFAULT_LIMIT, max: NAVIGATION_MAX_LIMIT };

function connectionArgs(size: ConnectionPageSize) {
  @ArgsType()
  class ConnectionArgs {
    @Field(() => Int, { nullable: true, description: `The first rows after \`after\` (default ${size.default}, at most ${size.max})` })
    first?: number | null;

    @Field(() => String, { nullable: true, description: "Start after the row of this cursor (an edge's cursor or pageInfo.endCursor)" })
    after?: string | null;

    @Field(() => Int, { nullable: true, description: `The last rows before \`before\` (at most ${size.max})` })
    last?: number | null;

    @Field(() => String, { nullable: true, description: "End before the row of this cursor (an edge's cursor or pageInfo.startCursor)" })
    before?: string | null;

    @Field(() => Int, { defaultValue: 0, description: "Rows to skip first (at most LIST_MAX_OFFSET): to start at an offset, then go on by cursor" })
    offset!: number;
  }
  return ConnectionArgs;
}

/** The page arguments of a root connection (`customersConnection`, …). */
export const ConnectionArgs = connectionArgs(ROOT_PAGE);
export type ConnectionArgs = InstanceType<typeof ConnectionArgs>;
/** The page arguments of a navigation connection (`Customer.accountsConnection`, …): the navigation's page sizes. */
export const NavigationConnectionArgs = connectionArgs(NAVIGATION_PAGE);

type Class = abstract new (...args: never[]) => unknown;

const connectionTypes = new Map<string, ReturnType<typeof connectionType>>();

/** `<Name>Edge` and `<Name>Connection` of a resource type: one pair per type, shared by its root list and the navigations to it. */
export function createConnectionType(type: Class, name: string) {
  let made = connectionTypes.get(name);
  if (!made) connectionTypes.set(name, (made = connectionType(type, name)));
  return made;
}

function connectionType(type: Class, name: string) {
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

    // One bounded count of the list, whatever the page's size (cost.ts).
    @Extensions({ listCount: true })
    @Field(() => Int, {
      description:
        "Rows of the list (filter and parent, not the page), exact up to LIST_COUNT_MAX (10000 by default): counting stops there, and more are answered as LIST_COUNT_MAX + 1. Read in the page's own statement",
    })
    totalCount!: number;
  }
  return Connection;
}

/**
 * A connection's page: `first` rows after `after`, or `last` rows before `before`, of the list
 * `filter` and `sort` define (of one parent's rows, `parent`), each row with a cursor bound to that
 * list: a cursor of one parent's rows pages no other parent's.
 */
export async function connectionPage<T extends { id: string }>(
  store: ResourceStore<T>,
  args: ConnectionArgs,
  list: Pick<KeysetArgs, "filter" | "sort" | "parent" | "count">,
  columns: ColumnSet<T>,
  reads: Pick<Context, "reads" | "trace">,
  size: ConnectionPageSize = ROOT_PAGE,
) {
  const { first, after, last, before, offset } = args;
  if (first != null && last != null) throw badInput("Give first or last, not both");
  if (after != null && before != null) throw badInput("Give after or before, not both");
  const backward = last != null || before != null;
  const limit = (backward ? last : first) ?? size.default;
  if (!Number.isInteger(limit) || limit < 0 || limit > size.max)
    throw badInput(`${backward ? "last" : "first"} must be an integer between 0 and ${size.max}, got ${limit}`);
  if (!Number.isInteger(offset) || offset < 0) throw badInput(`offset must be a non-negative integer, got ${offset}`);
  // A parent's rows are bound as an array, which no root list's filter (an object or null) is.
  // What its cursors are bound to: worked out when a cursor is read or made (a hash of the filter).
  const bound = () => CursorCodec.listOf(store.typeName, list.parent ? [list.parent.column, list.parent.id, list.filter ?? null] : list.filter, list.sort);
  const cursor = backward ? before : after;
  const from = cursor != null ? store.cursors.decode(cursor, bound(), store.sortKeys(list.sort).length) : null;
  const page: KeysetPage<T> = await store.page({ ...list, limit, offset, from, backward }, columns, reads.reads, reads.trace);
  const cursors = new PageCursors(store.cursors, bound, page.keyOf);
  const edges = page.rows.map((node, i) => new PageEdge(node, cursors, i));
  const lastRow = page.rows.length - 1;
  const pageInfo: PageInfo = {
    hasNextPage: backward ? before != null : page.more,
    hasPreviousPage: backward ? page.more : after != null || offset > 0,
    get startCursor() {
      return lastRow < 0 ? null : cursors.at(0);
    },
    get endCursor() {
      return lastRow < 0 ? null : cursors.at(lastRow);
    },
  };
  // Counted in the page's statement when selected; a deeper empty page (no row to carry it) counts apart.
  return {
    edges,
    pageInfo,
    rows: page.rows,
    get totalCount(): number | Promise<number> {
      return page.total ?? store.count(list.filter, reads.reads, list.parent, reads.trace);
    },
  };
}

/** Whether a connection field's selection reads `totalCount` (directly or through fragments): then the page's statement counts. */
export function selectsTotalCount(info: GraphQLResolveInfo): boolean {
  const seen = new Set<string>();
  const within = (set: SelectionSetNode | undefined): boolean =>
    (set?.selections ?? []).some((selection) => {
      if (selection.kind === Kind.FIELD) return selection.name.value === "totalCount";
      if (selection.kind === Kind.INLINE_FRAGMENT) return within(selection.selectionSet);
      const name = selection.name.value;
      if (seen.has(name)) return false;
      seen.add(name);
      return within(info.fragments[name]?.selectionSet);
    });
  return info.fieldNodes.some((node) => within(node.selectionSet));
}

/**
 * The cursors of a page's rows, each signed when first read: a REST page reads two (its Link's), and
 * an HMAC per row was a fifth of a 100-row page's CPU when every edge was signed up front.
 */
class PageCursors {
  private readonly made: (string | undefined)[] = [];
  private list?: string;
  constructor(
    private readonly codec: CursorCodec,
    private readonly bound: () => string,
    private readonly keyOf: (i: number) => KeyValues,
  ) {}

  at(i: number): string {
    let cursor = this.made[i];
    if (cursor === undefined) this.made[i] = cursor = this.codec.encode((this.list ??= this.bound()), this.keyOf(i));
    return cursor;
  }
}

/** An edge of a connection page: its row, and its cursor when selected. */
class PageEdge<T> {
  constructor(
    readonly node: T,
    private readonly cursors: PageCursors,
    private readonly index: number,
  ) {}

  get cursor(): string {
    return this.cursors.at(this.index);
  }
}
