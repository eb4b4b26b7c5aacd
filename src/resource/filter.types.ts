import { Field, InputType, Int, registerEnumType } from "type-graphql";
import type { Decimal } from "../db/decimal.js";
import { DateTimeScalar, DecimalScalar } from "../tmf/scalars.js";

// Operator inputs shared by every resource filter. Comparison operators follow TMF630
// (`attr.gt=`, `.gte`, `.lt`, `.lte`); a comma list in REST becomes `in`.

@InputType("StringFilter", { description: "Conditions on a text attribute (all given conditions must hold)" })
export class StringFilter {
  @Field(() => String, { nullable: true }) eq?: string;
  @Field(() => String, { nullable: true }) ne?: string;
  @Field(() => [String], { nullable: true }) in?: string[];
}

@InputType("BooleanFilter")
export class BooleanFilter {
  @Field(() => Boolean, { nullable: true }) eq?: boolean;
}

@InputType("IntFilter")
export class IntFilter {
  @Field(() => Int, { nullable: true }) eq?: number;
  @Field(() => [Int], { nullable: true }) in?: number[];
  @Field(() => Int, { nullable: true }) gt?: number;
  @Field(() => Int, { nullable: true }) gte?: number;
  @Field(() => Int, { nullable: true }) lt?: number;
  @Field(() => Int, { nullable: true }) lte?: number;
}

@InputType("DecimalFilter")
export class DecimalFilter {
  @Field(() => DecimalScalar, { nullable: true }) eq?: Decimal;
  @Field(() => [DecimalScalar], { nullable: true }) in?: Decimal[];
  @Field(() => DecimalScalar, { nullable: true }) gt?: Decimal;
  @Field(() => DecimalScalar, { nullable: true }) gte?: Decimal;
  @Field(() => DecimalScalar, { nullable: true }) lt?: Decimal;
  @Field(() => DecimalScalar, { nullable: true }) lte?: Decimal;
}

@InputType("DateTimeFilter")
export class DateTimeFilter {
  @Field(() => DateTimeScalar, { nullable: true }) eq?: string;
  @Field(() => DateTimeScalar, { nullable: true }) gt?: string;
  @Field(() => DateTimeScalar, { nullable: true }) gte?: string;
  @Field(() => DateTimeScalar, { nullable: true }) lt?: string;
  @Field(() => DateTimeScalar, { nullable: true }) lte?: string;
}

@InputType("MoneyFilter")
export class MoneyFilter {
  @Field(() => StringFilter, { nullable: true }) unit?: StringFilter;
  @Field(() => DecimalFilter, { nullable: true }) value?: DecimalFilter;
}

@InputType("RefFilter", { description: "Conditions on a reference (for a list of references: any element matches)" })
export class RefFilter {
  @Field(() => StringFilter, { nullable: true }) id?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) name?: StringFilter;
}

export enum SortOrder {
  ASC = "ASC",
  DESC = "DESC",
}
registerEnumType(SortOrder, { name: "SortOrder" });

