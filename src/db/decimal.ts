import { Prisma } from "../generated/prisma/client.js";

/** The one decimal type for money: Prisma's (decimal.js), what NUMERIC columns read back as. */
export const Decimal = Prisma.Decimal;
export type Decimal = Prisma.Decimal;
