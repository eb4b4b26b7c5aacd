import {
  getNamedType,
  getNullableType,
  getOperationAST,
  GraphQLError,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  typeFromAST,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type SelectionSetNode,
} from "graphql";
import { DEFAULT_LIMIT, MAX_LIMIT, NAVIGATION_DEFAULT_LIMIT } from "../page.args.js";

/**
 * The cost of an operation: an upper bound of the resources (rows) it can read and return, computed
 * with the operation's variables, so that a `limit` passed as a variable counts for its value.
 *
 * - A list with a `limit` argument — root lists (`customers`, …), navigation lists
 *   (`Customer.accounts`, `BillingAccount.payments|refunds|bills`, `Payment.refunds`) and
 *   `CustomerBill.appliedPayment` — costs its effective limit (the literal, the variable's value, or
 *   the argument's default page), and everything selected inside it counts that many times.
 * - A cursor connection (`customersConnection`, `Customer.accountsConnection`, …) costs its `first`
 *   or `last` (default: the default page, a navigation's for a navigation) the same way, its edges'
 *   nodes counting that many times; its `totalCount` costs 1 (one bounded count of the list).
 * - A field sized by a list argument (`@Extensions({ sizedBy })`: `_entities` by its
 *   `representations`, `nodes` by its `nodeIds`) costs that argument's number of items, each
 *   counting its selection; when the number is not known, the most the field takes (`maxItems`).
 * - A single resource — a root field (by id, a mutation's result, a subscription's event, a count)
 *   or a to-one navigation (`BillingAccount.customer`, `PaymentItem.bill`, …) — costs 1.
 * - Everything else costs nothing: scalars, value objects (Money, references) and value lists
 *   written with their resource (characteristic, relatedParty, paymentItem, …) are part of the
 *   resource's own representation, whose size the body limit bounded when it was written.
 *
 * Each costs that many times over as the lists around it multiply it (`customers(limit: 10) {
 * accounts(limit: 5) { id } }` costs 10 + 10 × 5 = 60). Fragments are followed: each is costed once
 * and counted at every spread, so the computation is linear in the document even when the number it
 * yields is exponential. `@skip`/`@include` are ignored: the bound holds either way.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName?: string | null,
  variables?: Readonly<Record<string, unknown>> | null,
): number {
  const operation = getOperationAST(document, operationName);
  const root = operation && schema.getRootType(operation.operation);
  if (!operation || !root) return 0; // execution refuses it before anything runs
  // A variable's value as given, else its default: an Int variable that execution accepts is a
  // number as given (Int coercion takes no strings), and one it refuses runs nothing.
  // A list variable counts by its length (a list argument that sizes its field: `representations`).
  const values: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const given = variables?.[name];
    const fallback = definition.defaultValue?.kind === Kind.INT ? Number(definition.defaultValue.value) : undefined;
    values[name] = typeof given === "number" ? given : fallback;
    // As the list a field is sized by (`[]name`): a list by its length, a lone value as a list of one.
    if (definition.defaultValue?.kind === Kind.LIST) values[`[]${name}`] = definition.defaultValue.values.length;
    if (given !== undefined && given !== null) values[`[]${name}`] = Array.isArray(given) ? given.length : 1;
  }
  const roots = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter(Boolean));

  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  /** Cost of each fragment with nothing around it (multiplier 1): costs scale with their multiplier. */
  const fragmentCosts = new Map<string, number>();

  const fragmentCost = (name: string): number => {
    let cost = fragmentCosts.get(name);
    if (cost === undefined) {
      fragmentCosts.set(name, 0); // a cycle (a validation error already) adds nothing
      const fragment = fragments.get(name);
      const type = fragment && typeFromAST(schema, fragment.typeCondition);
      cost = fragment && isCompositeType(type) ? selectionCost(fragment.selectionSet, type) : 0;
      fragmentCosts.set(name, cost);
    }
    return cost;
  };

  const selectionCost = (set: SelectionSetNode, parent: GraphQLCompositeType): number => {
    let cost = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) cost += fieldCost(selection, parent);
      else if (selection.kind === Kind.FRAGMENT_SPREAD) cost += fragmentCost(selection.name.value);
      else {
        const type = selection.typeCondition ? typeFromAST(schema, selection.typeCondition) : parent;
        if (isCompositeType(type)) cost += selectionCost(selection.selectionSet, type);
      }
    }
    return cost;
  };

  const fieldCost = (node: FieldNode, parent: GraphQLCompositeType): number => {
    if (node.name.value.startsWith("__")) return 0; // introspection: bounded by the schema
    const field = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[node.name.value] : undefined;
    if (!field) return 0; // a validation error already
    const named = getNamedType(field.type);
    const inner = node.selectionSet && isCompositeType(named) ? selectionCost(node.selectionSet, named) : 0;
    const navigation = Boolean(field.extensions?.navigation);
    if (field.extensions?.connection) {
      // A connection's page is `first` (or `last`) rows, each counting what its node selects.
      const size = Math.max(limitOf(node, field, values, "first", -1), limitOf(node, field, values, "last", -1));
      const page = size < 0 ? (navigation ? NAVIGATION_DEFAULT_LIMIT : DEFAULT_LIMIT) : size;
      // Its `totalCount` is one bounded count of the list (as a count query is), not one per row.
      const counted = node.selectionSet && isCompositeType(named) && selectsListCount(node.selectionSet, named, fragments);
      return page + page * inner + (counted ? 1 : 0);
    }
    const sizedBy = field.extensions?.sizedBy;
    if (typeof sizedBy === "string") {
      // As many resources as the list argument has items (`_entities`: one per representation).
      const size = listSizeOf(node, sizedBy, values) ?? maxItemsOf(field);
      return size + size * inner;
    }
    if (isListType(getNullableType(field.type)) && (navigation || field.args.some((a) => a.name === "limit"))) {
      const size = limitOf(node, field, values);
      return size + size * inner;
    }
    // A value list whose items reach further resources (payment items → their bills) multiplies them
    // by the most items the write path accepts.
    if (inner > 0 && isListType(getNullableType(field.type))) return inner * maxItemsOf(field);
    return (navigation || roots.has(parent as never) ? 1 : 0) + inner;
  };

  return selectionCost(operation.selectionSet, root);
}

/** Whether a connection's selection reads its list's count (a field marked `listCount`), through fragments too. */
function selectsListCount(
  set: SelectionSetNode,
  parent: GraphQLCompositeType,
  fragments: Map<string, FragmentDefinitionNode>,
  seen = new Set<string>(),
): boolean {
  return set.selections.some((selection) => {
    if (selection.kind === Kind.FIELD) return Boolean(isObjectType(parent) && parent.getFields()[selection.name.value]?.extensions?.listCount);
    if (selection.kind === Kind.INLINE_FRAGMENT) return selectsListCount(selection.selectionSet, parent, fragments, seen);
    const fragment = fragments.get(selection.name.value);
    if (!fragment || seen.has(fragment.name.value)) return false;
    seen.add(fragment.name.value);
    return selectsListCount(fragment.selectionSet, parent, fragments, seen);
  });
}

/** A value list's bound, declared with `@Extensions({ maxItems })` where it is enforced; unbounded ones count as the largest page. */
function maxItemsOf(field: GraphQLField<unknown, unknown>): number {
  const declared = field.extensions?.maxItems;
  return typeof declared === "number" ? declared : MAX_LIMIT;
}

/** The number of items of a list argument: a literal list's, a variable's (its length, one for a single value coerced to a list); undefined when not known. */
function listSizeOf(node: FieldNode, name: string, variables: Record<string, unknown>): number | undefined {
  const arg = node.arguments?.find((a) => a.name.value === name);
  if (arg?.value.kind === Kind.LIST) return arg.value.values.length;
  if (arg?.value.kind === Kind.VARIABLE) {
    const value = variables[`[]${arg.value.name.value}`];
    return typeof value === "number" ? value : undefined;
  }
  return arg ? 1 : undefined;
}

/** The `limit` (or `name`) a list field runs with: literal, variable value, or the argument's default; `absent` without any. */
function limitOf(node: FieldNode, field: GraphQLField<unknown, unknown>, variables: Record<string, unknown>, name = "limit", absent = MAX_LIMIT): number {
  const arg = node.arguments?.find((a) => a.name.value === name);
  let value: unknown;
  if (arg?.value.kind === Kind.INT) value = Number(arg.value.value);
  else if (arg?.value.kind === Kind.VARIABLE) value = variables[arg.value.name.value];
  value ??= field.args.find((a) => a.name === name)?.defaultValue;
  // A resource list without a limit argument would be unbounded: counted as the largest page.
  return typeof value === "number" && Number.isFinite(value) ? Math.max(value, 0) : absent;
}

/** The error of an operation over the cost budget (`http`: the status Apollo answers with). */
export function complexityError(cost: number, maxCost: number, http?: { status: number }): GraphQLError {
  return new GraphQLError(`Query complexity limit exceeded: cost ${cost} > maximum complexity ${maxCost}`, {
    extensions: { code: "GRAPHQL_VALIDATION_FAILED", limit: "complexity", ...(http && { http }) },
  });
}
