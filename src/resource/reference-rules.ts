import { isForeignKeyViolation, asInputError } from "../db/pg-errors.js";
import { AppError } from "../errors.js";
import { attributesOf } from "./attributes.js";
import { foreignKeysOf, type PartDescription } from "./description.js";

/** Whether a relation's `column` is the path of a reference attribute (kept in JSON) rather than a column. */
export function isReferencePath(description: PartDescription, column: string): boolean {
  const root = column.split(".")[0]!;
  const { internal } = description.storage;
  return !(root in foreignKeysOf(description)) && !internal?.includes(column) && attributesOf(description.type as never).some((a) => a.name === root);
}

/** A referenced row deleted between the service's check and the write: the write is refused, not a 500. */
export function referenceGone(err: unknown): never {
  if (isForeignKeyViolation(err)) {
    throw new AppError("UNPROCESSABLE", "A referenced resource does not exist (any more)", "Unknown reference");
  }
  throw asInputError(err);
}
