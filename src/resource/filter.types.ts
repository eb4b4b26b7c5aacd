import { Field, InputType, Int, registerEnumType } from "type-graphql";
import type { Decimal } from "../db/decimal.js";
import { DateTimeScalar, DecimalScalar } from "../tmf/scalars.js";
import { REGEX_MAX_EXPANSION, REGEX_MAX_LENGTH } from "./regex-rules.js";

// Operator inputs shared by every resource filter. Comparison operators follow TMF630
// (`attr.gt=`, `.gte`, `.lt`, `.lte`, `.ne`, `.regex` or `attr*=`); a comma list in REST, or a
// repeated attribute, becomes `in`.

/** The meaning of each operator, for every operator input. */
const OPERATOR_DOC = {
  eq: "Equal to this value",
  ne: "Not equal to this value",
  in: "Equal to one of these values",
  gt: "Greater than this value",
  gte: "Greater than or equal to this value",
  lt: "Less than this value",
  lte: "Less than or equal to this value",
  regex: `Matches this POSIX regular expression (PostgreSQL \`~\`, case-sensitive; at most ${REGEX_MAX_LENGTH} characters, no back-references, no nested quantifiers, repetitions expanding to at most ${REGEX_MAX_EXPANSION} characters)`,
} as const;

/** Date-times compare in time order. */
const DATE_OPERATOR_DOC = {
  eq: "At this instant",
  gt: "After this instant",
  gte: "At or after this instant",
  lt: "Before this instant",
  lte: "At or before this instant",
} as const;

@InputType("StringFilter", { description: "Conditions on a text attribute (all given conditions must hold)" })
export class StringFilter {
  @Field(() => String, { nullable: true, description: OPERATOR_DOC.eq }) eq?: string;
  @Field(() => String, { nullable: true, description: OPERATOR_DOC.ne }) ne?: string;
  @Field(() => [String], { nullable: true, description: OPERATOR_DOC.in }) in?: string[];
  @Field(() => String, { nullable: true, description: OPERATOR_DOC.regex }) regex?: string;
}

@InputType("BooleanFilter", { description: "Condition on a boolean attribute" })
export class BooleanFilter {
  @Field(() => Boolean, { nullable: true, description: OPERATOR_DOC.eq }) eq?: boolean;
}

@InputType("IntFilter", { description: "Conditions on an integer attribute (all given conditions must hold)" })
export class IntFilter {
  @Field(() => Int, { nullable: true, description: OPERATOR_DOC.eq }) eq?: number;
  @Field(() => [Int], { nullable: true, description: OPERATOR_DOC.in }) in?: number[];
  @Field(() => Int, { nullable: true, description: OPERATOR_DOC.gt }) gt?: number;
  @Field(() => Int, { nullable: true, description: OPERATOR_DOC.gte }) gte?: number;
  @Field(() => Int, { nullable: true, description: OPERATOR_DOC.lt }) lt?: number;
  @Field(() => Int, { nullable: true, description: OPERATOR_DOC.lte }) lte?: number;
}

@InputType("DecimalFilter", { description: "Conditions on a decimal attribute, compared exactly (all given conditions must hold)" })
export class DecimalFilter {
  @Field(() => DecimalScalar, { nullable: true, description: OPERATOR_DOC.eq }) eq?: Decimal;
  @Field(() => [DecimalScalar], { nullable: true, description: OPERATOR_DOC.in }) in?: Decimal[];
  @Field(() => DecimalScalar, { nullable: true, description: OPERATOR_DOC.gt }) gt?: Decimal;
  @Field(() => DecimalScalar, { nullable: true, description: OPERATOR_DOC.gte }) gte?: Decimal;
  @Field(() => DecimalScalar, { nullable: true, description: OPERATOR_DOC.lt }) lt?: Decimal;
  @Field(() => DecimalScalar, { nullable: true, description: OPERATOR_DOC.lte }) lte?: Decimal;
}

@InputType("DateTimeFilter", { description: "Conditions on a date-time attribute (all given conditions must hold)" })
export class DateTimeFilter {
  @Field(() => DateTimeScalar, { nullable: true, description: DATE_OPERATOR_DOC.eq }) eq?: string;
  @Field(() => DateTimeScalar, { nullable: true, description: DATE_OPERATOR_DOC.gt }) gt?: string;
  @Field(() => DateTimeScalar, { nullable: true, description: DATE_OPERATOR_DOC.gte }) gte?: string;
  @Field(() => DateTimeScalar, { nullable: true, description: DATE_OPERATOR_DOC.lt }) lt?: string;
  @Field(() => DateTimeScalar, { nullable: true, description: DATE_OPERATOR_DOC.lte }) lte?: string;
}

@InputType("MoneyFilter", { description: "Conditions on a Money attribute: on its unit, on its value, or both" })
export class MoneyFilter {
  @Field(() => StringFilter, { nullable: true, description: "Conditions on the currency (ISO 4217 code)" }) unit?: StringFilter;
  @Field(() => DecimalFilter, { nullable: true, description: "Conditions on the amount" }) value?: DecimalFilter;
}

const SUB_TYPE_DOC = "Conditions on @type, the TMF630 sub-type (e.g. a payment method's BankCard, Cash or BankAccountDebit)";

@InputType("RefFilter", { description: "Conditions on a reference (for a list of references: any element matches)" })
export class RefFilter {
  @Field(() => StringFilter, { nullable: true, description: "Conditions on the id of the referred entity" }) id?: StringFilter;
  @Field(() => StringFilter, { nullable: true, description: "Conditions on the name of the referred entity" }) name?: StringFilter;
  @Field(() => StringFilter, { nullable: true, description: SUB_TYPE_DOC }) atType?: StringFilter;
}

@InputType("SubTypeFilter", { description: "Conditions on a TMF structure's sub-type (for a list: any element matches)" })
export class SubTypeFilter {
  @Field(() => StringFilter, { nullable: true, description: SUB_TYPE_DOC }) atType?: StringFilter;
}

export enum SortOrder {
  ASC = "ASC",
  DESC = "DESC",
}
registerEnumType(SortOrder, {
  name: "SortOrder",
  description: "Direction of a sort key",
  valuesConfig: {
    ASC: { description: "Ascending: smallest or earliest value first" },
    DESC: { description: "Descending: largest or latest value first" },
  },
});
