import { ArgsType, Field, Int } from "type-graphql";
import { badInput } from "../errors.js";

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 0, description: "Number of items to skip" })
  offset!: number;

  @Field(() => Int, { defaultValue: DEFAULT_LIMIT, description: `Maximum number of items to return (at most ${MAX_LIMIT})` })
  limit!: number;
}

export function checkPage({ offset, limit }: PageArgs): PageArgs {
  if (!Number.isInteger(offset) || offset < 0) throw badInput(`offset must be a non-negative integer, got ${offset}`);
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_LIMIT) {
    throw badInput(`limit must be an integer between 0 and ${MAX_LIMIT}, got ${limit}`);
  }
  return { offset, limit };
}
