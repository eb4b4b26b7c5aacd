import { getNamedType, Kind, type FieldNode, type GraphQLObjectType, type GraphQLResolveInfo, type SelectionNode } from "graphql";
import type { ColumnSet, ResourceStore } from "../../resource/resource-store.js";
import { selectedColumns } from "../selected-columns.js";

/** Per `_entities` field of a parsed operation (documents are cached), the columns of each type. */
const planned = new WeakMap<FieldNode, Map<string, ColumnSet<never>>>();

/**
 * The columns an `_entities` selection needs of the rows of one type: what its fragments on that
 * type select (`... on Customer { name }`, or a named fragment on it), as the type's own query
 * would read them. Worked out once per type and field of an operation.
 */
export function entityColumns<T extends { id: string }>(info: GraphQLResolveInfo, typeName: string, store: ResourceStore<T>): ColumnSet<T> {
  const first = info.fieldNodes[0]!;
  let byType = planned.get(first);
  if (!byType) planned.set(first, (byType = new Map()));
  let columns = byType.get(typeName) as ColumnSet<T> | undefined;
  if (!columns) {
    const selections = fragmentsOn(info, typeName);
    const field: FieldNode = { ...first, selectionSet: { kind: Kind.SELECTION_SET, selections: selections ?? [] } };
    const returnType = info.schema.getType(typeName) as GraphQLObjectType;
    columns = selections ? selectedColumns({ ...info, fieldNodes: [field], returnType }, store) : store.columnSets.all;
    byType.set(typeName, columns as ColumnSet<never>);
  }
  return columns;
}

/** The fragments on `typeName` directly under the `_entities` field; null when another shape (a fragment on the union) may select its fields. */
function fragmentsOn(info: GraphQLResolveInfo, typeName: string): SelectionNode[] | null {
  const selections: SelectionNode[] = [];
  for (const node of info.fieldNodes) {
    for (const selection of node.selectionSet?.selections ?? []) {
      if (selection.kind === Kind.FIELD) continue; // __typename: the union has no other field
      const condition = selection.kind === Kind.INLINE_FRAGMENT ? selection.typeCondition : info.fragments[selection.name.value]?.typeCondition;
      if (!condition || condition.name.value === getNamedType(info.returnType).name) return null;
      if (condition.name.value === typeName) selections.push(selection);
    }
  }
  return selections;
}
