import { Kind, type DocumentNode, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode } from "graphql";
import { Loaders } from "./loaders.js";
import type { Context } from "./context.js";

/** The extension of the root Query fields whose answers may come from a read replica (lists and counts). */
export const FROM_REPLICA = "fromReplica";

const decided = new WeakMap<OperationDefinitionNode, boolean>();

/**
 * Whether an operation may read from the read replicas: a query whose root fields all read
 * collections (lists, counts). A read by id — a GET after its POST — and everything under a
 * mutation read the primary, so a client always sees its own writes.
 */
export function readsCollectionsOnly(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): boolean {
  let answer = decided.get(operation);
  if (answer === undefined) {
    const fragments = new Map(
      document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
    );
    const fields = schema.getQueryType()?.getFields() ?? {};
    const seen = new Set<string>();
    const collectionsOnly = (set: SelectionSetNode): boolean =>
      set.selections.every((selection) => {
        if (selection.kind === Kind.FIELD) return selection.name.value === "__typename" || fields[selection.name.value]?.extensions?.[FROM_REPLICA] === true;
        if (selection.kind === Kind.INLINE_FRAGMENT) return collectionsOnly(selection.selectionSet);
        const fragment = fragments.get(selection.name.value);
        if (!fragment || seen.has(fragment.name.value)) return Boolean(fragment);
        seen.add(fragment.name.value);
        return collectionsOnly(fragment.selectionSet);
      });
    answer = operation.operation === "query" && collectionsOnly(operation.selectionSet);
    decided.set(operation, answer);
  }
  return answer;
}

/** Before an operation that reads collections only runs: its reads, navigations included, go to the replicas (when configured). */
export function readFromReplicas(ctx: Context): void {
  if (!ctx.replicas || ctx.reads) return;
  ctx.reads = ctx.replicas;
  ctx.loaders = new Loaders(ctx.replicas);
}
