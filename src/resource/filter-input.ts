import { Field, InputType, registerEnumType } from "type-graphql";
import { attributesOf, type Attribute, type AttributeKind } from "./attributes.js";
import {
  BooleanFilter, DateTimeFilter, DecimalFilter, IntFilter, MoneyFilter, RefFilter, SortOrder, StringFilter,
} from "./filter.types.js";

const FILTER_BY_KIND: Partial<Record<AttributeKind, () => Function>> = {
  id: () => StringFilter,
  string: () => StringFilter,
  boolean: () => BooleanFilter,
  int: () => IntFilter,
  decimal: () => DecimalFilter,
  dateTime: () => DateTimeFilter,
  money: () => MoneyFilter,
  ref: () => RefFilter,
};

const SORTABLE: AttributeKind[] = ["id", "string", "boolean", "int", "decimal", "dateTime", "money"];

export function isFilterable(attribute: Attribute): boolean {
  return attribute.kind in FILTER_BY_KIND && (!attribute.list || attribute.kind === "ref");
}

export function isSortable(attribute: Attribute): boolean {
  return SORTABLE.includes(attribute.kind) && !attribute.list;
}

type Class = abstract new (...args: never[]) => unknown;

/**
 * Builds `<Type>Filter` (one optional operator input per filterable attribute) and the
 * `<Type>Sort` input for a resource class, so every resource gets the same filter language without
 * repeating its attribute list.
 */
export function createListInputs(cls: Class, typeName: string) {
  const attributes = attributesOf(cls);

  @InputType(`${typeName}Filter`, { description: `Conditions on ${typeName} attributes; all must hold` })
  class Filter {}
  for (const attribute of attributes.filter(isFilterable)) {
    Field(FILTER_BY_KIND[attribute.kind]!, { nullable: true })(Filter.prototype, attribute.name);
  }

  const sortFields: Record<string, string> = {};
  for (const attribute of attributes.filter(isSortable)) sortFields[attribute.name] = attribute.name;
  registerEnumType(sortFields, { name: `${typeName}SortField` });

  @InputType(`${typeName}Sort`)
  class Sort {
    @Field(() => sortFields)
    field!: string;

    @Field(() => SortOrder, { defaultValue: SortOrder.ASC })
    order!: SortOrder;
  }

  return { Filter, Sort };
}
