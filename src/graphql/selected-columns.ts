import { getNamedType, isObjectType, Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from "graphql";
import type { ColumnSet, ResourceStore } from "../resource/resource-store.js";

interface Planned {
  nodes: readonly FieldNode[];
  store: object;
  columns: ColumnSet<never>;
}

/** Per field of a parsed operation (documents are cached, so their nodes live as long as they are used). */
const planned = new WeakMap<FieldNode, Planned>();

/**
 * The columns a field's selection needs of the rows it returns from `store`: the TMF attributes it
 * selects (through fragments too), plus what its other fields declare they read
 * (`@Extensions({ reads: [...] })`: an `href`, a navigation, a computed attribute); a field that
 * declares nothing reads every column. Worked out once per field of an operation.
 */
export function selectedColumns<T extends { id: string }>(info: GraphQLResolveInfo, store: ResourceStore<T>): ColumnSet<T> {
  const first = info.fieldNodes[0]!;
  const known = planned.get(first);
  if (known && known.store === store && sameNodes(known.nodes, info.fieldNodes)) return known.columns as unknown as ColumnSet<T>;
  const columns = store.columnSets.of(attributesRead(info, new Set(store.storage.attributes.map((a) => a.name)), store.storage.foreignKeys));
  planned.set(first, { nodes: [...info.fieldNodes], store, columns: columns as unknown as ColumnSet<never> });
  return columns;
}

/**
 * The columns the nodes of a connection's edges need (`edges { node { … } }`); every column when
 * the connection's selection goes through fragments.
 */
export function nodeColumns<T extends { id: string }>(info: GraphQLResolveInfo, store: ResourceStore<T>): ColumnSet<T> {
  const nodes: FieldNode[] = [];
  const fieldsOf = (set: SelectionSetNode | undefined, name: string): FieldNode[] | null => {
    const found: FieldNode[] = [];
    for (const selection of set?.selections ?? []) {
      if (selection.kind !== Kind.FIELD) return null;
      if (selection.name.value === name) found.push(selection);
    }
    return found;
  };
  for (const connection of info.fieldNodes) {
    const edges = fieldsOf(connection.selectionSet, "edges");
    if (!edges) return store.columnSets.all;
    for (const edge of edges) {
      const found = fieldsOf(edge.selectionSet, "node");
      if (!found) return store.columnSets.all;
      nodes.push(...found);
    }
  }
  if (!nodes.length) return store.columnSets.of([]);
  const connectionType = getNamedType(info.returnType);
  const edgeType = isObjectType(connectionType) ? getNamedType(connectionType.getFields().edges?.type) : undefined;
  const nodeType = edgeType && isObjectType(edgeType) ? edgeType.getFields().node?.type : undefined;
  if (!nodeType) return store.columnSets.all;
  return selectedColumns({ ...info, fieldNodes: nodes, returnType: nodeType } as GraphQLResolveInfo, store);
}

function sameNodes(a: readonly FieldNode[], b: readonly FieldNode[]): boolean {
  return a.length === b.length && a.every((node, i) => node === b[i]);
}

/** The attributes the sub-selection of `info`'s field reads, or null for all of them. */
function attributesRead(info: GraphQLResolveInfo, attributes: ReadonlySet<string>, foreignKeys: Record<string, string>): Set<string> | null {
  const type = getNamedType(info.returnType);
  if (!isObjectType(type)) return null;
  const fields = type.getFields();
  // Under an abstract field (`node`, `nodes`), fragments on the other types select nothing of this one.
  const appliesTo = (condition: string | undefined) => !condition || condition === type.name || type.getInterfaces().some((i) => i.name === condition);
  const read = new Set<string>();
  // A fragment adds the same attributes wherever it is spread: each is visited once (a document
  // may spread fragments of fragments exponentially many times).
  const visited = new Set<string>();
  const visit = (selectionSet: SelectionSetNode | undefined): boolean => {
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name.startsWith("__")) continue;
        const declared = fields[name]?.extensions?.reads;
        if (Array.isArray(declared)) for (const attribute of declared) read.add(attribute as string);
        else if (name in foreignKeys && readsIdOnly(selection.selectionSet))
          continue; // its id is in the foreign key, always read
        else if (attributes.has(name)) read.add(name);
        else return false;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (appliesTo(selection.typeCondition?.name.value) && !visit(selection.selectionSet)) return false;
      } else if (!visited.has(selection.name.value)) {
        visited.add(selection.name.value);
        const fragment = info.fragments[selection.name.value];
        if (!fragment) return false;
        if (appliesTo(fragment.typeCondition.name.value) && !visit(fragment.selectionSet)) return false;
      }
    }
    return true;
  };
  return info.fieldNodes.every((node) => visit(node.selectionSet)) ? read : null;
}

/** A reference's selection that reads nothing but its `id` (no `href`: its target may depend on the rest). */
const readsIdOnly = (set: SelectionSetNode | undefined): boolean =>
  set?.selections.every((s) => s.kind === Kind.FIELD && (s.name.value === "id" || s.name.value === "__typename")) === true;
