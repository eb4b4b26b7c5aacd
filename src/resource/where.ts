import type { Attribute } from "./attributes.js";
import { moneyColumns, refColumn, UUID, type Storage } from "./storage.js";

type Where = Record<string, unknown>;
type Ops = Record<string, unknown>;

const NOTHING: Where = { id: { in: [] } };

/** Translates a GraphQL `<Type>Filter` value into a Prisma `where`, following the storage convention. */
export function buildWhere(filter: Record<string, unknown> | undefined | null, storage: Storage): Where {
  if (!filter) return {};
  const and: Where[] = [];
  for (const attribute of storage.attributes) {
    const ops = filter[attribute.name] as Ops | undefined | null;
    if (ops) and.push(...conditionsFor(attribute, ops, storage));
  }
  return and.length ? { AND: and } : {};
}

function conditionsFor(attribute: Attribute, ops: Ops, storage: Storage): Where[] {
  const name = attribute.name;
  switch (attribute.kind) {
    case "id":
      return [uuidColumn("id", ops)];
    case "money": {
      const cols = moneyColumns(name);
      const out: Where[] = [];
      if (ops.unit) out.push({ [cols.unit]: scalarOps(ops.unit as Ops) });
      if (ops.value) out.push({ [cols.value]: scalarOps(ops.value as Ops) });
      return out;
    }
    case "ref": {
      const fk = storage.foreignKeys[name];
      const out: Where[] = [];
      if (ops.id) out.push(fk ? uuidColumn(fk, ops.id as Ops) : jsonRef(name, "id", ops.id as Ops, attribute.list));
      if (ops.name) out.push(jsonRef(fk ? refColumn(name) : name, "name", ops.name as Ops, attribute.list));
      return out;
    }
    case "dateTime":
      return [{ [name]: scalarOps(ops, (v) => new Date(v as string)) }];
    default:
      return [{ [name]: scalarOps(ops) }];
  }
}

function scalarOps(ops: Ops, convert: (v: unknown) => unknown = (v) => v): Ops {
  const out: Ops = {};
  for (const [op, value] of Object.entries(ops)) {
    if (value === undefined || value === null) continue;
    const prismaOp = op === "ne" ? "not" : op === "eq" ? "equals" : op;
    out[prismaOp] = Array.isArray(value) ? value.map(convert) : convert(value);
  }
  return out;
}

/** uuid columns reject malformed text in SQL, so malformed ids are decided here: they match nothing. */
function uuidColumn(column: string, ops: Ops): Where {
  const and: Where[] = [];
  if (typeof ops.eq === "string") and.push(UUID.test(ops.eq) ? { [column]: ops.eq } : NOTHING);
  if (typeof ops.ne === "string" && UUID.test(ops.ne)) and.push({ [column]: { not: ops.ne } });
  if (Array.isArray(ops.in)) and.push({ [column]: { in: (ops.in as string[]).filter((v) => UUID.test(v)) } });
  return and.length === 1 ? and[0]! : { AND: and };
}

/** A reference kept in JSONB: path equality on one object, containment for a list of references. */
function jsonRef(column: string, key: string, ops: Ops, list: boolean): Where {
  const match = (value: unknown): Where =>
    list ? { [column]: { array_contains: [{ [key]: value }] } } : { [column]: { path: [key], equals: value } };
  const and: Where[] = [];
  if (ops.eq !== undefined && ops.eq !== null) and.push(match(ops.eq));
  if (ops.ne !== undefined && ops.ne !== null) and.push({ NOT: match(ops.ne) });
  if (Array.isArray(ops.in)) and.push({ OR: (ops.in as unknown[]).map(match) });
  return and.length === 1 ? and[0]! : { AND: and };
}

/** Prisma `orderBy` for `[{ field, order }]` (default: creation order), ending with `id` so pages are stable. */
export function buildOrderBy(sort: { field: string; order: string }[] | undefined | null, storage: Storage) {
  const orderBy: Record<string, "asc" | "desc">[] = [];
  for (const { field, order } of sort ?? []) {
    const attribute = storage.attributes.find((a) => a.name === field);
    const column = attribute?.kind === "money" ? moneyColumns(field).value : field;
    orderBy.push({ [column]: order === "DESC" ? "desc" : "asc" });
  }
  if (!orderBy.length) orderBy.push({ createdAt: "asc" });
  if (!orderBy.some((o) => "id" in o)) orderBy.push({ id: "asc" });
  return orderBy;
}
