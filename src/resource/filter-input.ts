import { Field, InputType, registerEnumType } from "type-graphql";
import { attributesOf, type Attribute, type AttributeKind } from "./attributes.js";
import { BooleanFilter, DateTimeFilter, DecimalFilter, IntFilter, MoneyFilter, RefFilter, SortOrder, StringFilter, SubTypeFilter } from "./filter.types.js";

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
  if (attribute.kind === "object") return Boolean(attribute.subTyped);
  return attribute.kind in FILTER_BY_KIND && (!attribute.list || attribute.kind === "ref");
}

const filterOf = (attribute: Attribute) => (attribute.kind === "object" ? SubTypeFilter : FILTER_BY_KIND[attribute.kind]!());

export function isSortable(attribute: Attribute): boolean {
  return SORTABLE.includes(attribute.kind) && !attribute.list;
}

/** Description of the filter field of an attribute. */
function filterDoc(attribute: Attribute): string {
  return `Filter on ${attribute.name}${attribute.list ? " (matches when any element does)" : ""}`;
}

/** Description of the sort key of an attribute. */
function sortDoc(attribute: Attribute): string {
  return `Sort by ${attribute.name}${attribute.kind === "money" ? " (its value)" : ""}`;
}

type Class = abstract new (...args: never[]) => unknown;

/**
 * Builds `<Type>Filter` (one optional operator input per filterable attribute) and the
 * `<Type>Sort` input for a resource class, so every resource gets the same filter language without
 * repeating its attribute list.
 */
export function createListInputs(cls: Class, typeName: string, separate: readonly string[] = []) {
  // Attributes kept in a table of their own (a payment's items) are not columns to filter on.
  const attributes = attributesOf(cls).filter((a) => !separate.includes(a.name));

  @InputType(`${typeName}Filter`, { description: `Conditions on ${typeName} attributes; all must hold` })
  class Filter {}
  for (const attribute of attributes.filter(isFilterable)) {
    Field(() => filterOf(attribute), { nullable: true, description: filterDoc(attribute) })(Filter.prototype, attribute.name);
  }

  const sortable = attributes.filter(isSortable);
  const sortFields: Record<string, string> = {};
  for (const attribute of sortable) sortFields[attribute.name] = attribute.name;
  registerEnumType(sortFields, {
    name: `${typeName}SortField`,
    description: `The attributes ${typeName} lists can be sorted by`,
    valuesConfig: Object.fromEntries(sortable.map((attribute) => [attribute.name, { description: sortDoc(attribute) }])),
  });

  @InputType(`${typeName}Sort`, { description: `A sort key of ${typeName} lists: an attribute and a direction` })
  class Sort {
    @Field(() => sortFields, { description: "The attribute to sort by" })
    field!: string;

    @Field(() => SortOrder, { defaultValue: SortOrder.ASC, description: "The direction (ascending by default)" })
    order!: SortOrder;
  }

  return { Filter, Sort };
}
