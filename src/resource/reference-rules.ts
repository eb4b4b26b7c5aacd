import { isForeignKeyViolation, asInputError } from "../db/pg-errors.js";
import { AppError } from "../errors.js";
import { attributesOf } from "./attributes.js";
import { foreignKeysOf, type PartDescription } from "./description.js";
import { UUID, type Storage } from "./storage.js";

type Row = Record<string, unknown>;

/** Whether a relation's `column` is the path of a reference attribute (kept in JSON) rather than a column. */
export function isReferencePath(description: PartDescription, column: string): boolean {
  const root = column.split(".")[0]!;
  const { internal } = description.storage;
  return !(root in foreignKeysOf(description)) && !internal?.includes(column) && attributesOf(description.type as never).some((a) => a.name === root);
}

/** The value of a relation's `column` (a foreign key, a reference path or an internal column) in a resource: how its rows group by parent. */
export function relationKeyOf(description: PartDescription, storage: Storage, column: string): (resource: object) => string | null | undefined {
  const attribute = Object.entries(storage.foreignKeys).find(([, fk]) => fk === column)?.[0];
  if (attribute) return (resource) => ((resource as Row)[attribute] as { id?: string } | null)?.id;
  if (!isReferencePath(description, column)) return (resource) => (resource as Row)[column] as string | null | undefined;
  // A reference kept in JSON: its id, when it is one of this gateway's (written before ids were checked, it may not be).
  const path = column.split(".");
  return (resource) => {
    const id = (path.reduce<unknown>((node, key) => (node as Row | null | undefined)?.[key], resource) as { id?: unknown } | null | undefined)?.id;
    return typeof id === "string" && UUID.test(id) ? id : null;
  };
}

/** A referenced row deleted between the service's check and the write: the write is refused, not a 500. */
export function referenceGone(err: unknown): never {
  if (isForeignKeyViolation(err)) {
    throw new AppError("UNPROCESSABLE", "A referenced resource does not exist (any more)", "Unknown reference");
  }
  throw asInputError(err);
}
