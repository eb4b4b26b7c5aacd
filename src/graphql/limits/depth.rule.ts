import { GraphQLError, Kind, type ASTVisitor, type FragmentDefinitionNode, type SelectionSetNode, type ValidationContext } from "graphql";

/**
 * Rejects an operation nested deeper than `maxDepth` fields (fragments followed), before execution.
 * Each fragment's depth is computed once and reused at every spread: linear in the document, however
 * often fragments spread each other.
 */
export function maxDepthRule(maxDepth: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const def of context.getDocument().definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    const fragmentDepths = new Map<string, number>();

    const fragmentDepth = (name: string): number => {
      let depth = fragmentDepths.get(name);
      if (depth === undefined) {
        fragmentDepths.set(name, 0); // a cycle (reported by NoFragmentCyclesRule) adds nothing
        depth = depthOf(fragments.get(name)?.selectionSet);
        fragmentDepths.set(name, depth);
      }
      return depth;
    };

    const depthOf = (set: SelectionSetNode | undefined): number => {
      if (!set) return 0;
      let max = 0;
      for (const selection of set.selections) {
        if (selection.kind === Kind.FIELD) {
          if (selection.name.value.startsWith("__")) continue;
          max = Math.max(max, 1 + depthOf(selection.selectionSet));
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          max = Math.max(max, depthOf(selection.selectionSet));
        } else {
          max = Math.max(max, fragmentDepth(selection.name.value));
        }
      }
      return max;
    };

    return {
      OperationDefinition(operation) {
        const depth = depthOf(operation.selectionSet);
        if (depth > maxDepth) {
          context.reportError(
            new GraphQLError(`Query depth limit exceeded: depth ${depth} > maximum depth ${maxDepth}`, {
              nodes: [operation],
              extensions: { code: "GRAPHQL_VALIDATION_FAILED", limit: "depth" },
            }),
          );
        }
      },
    };
  };
}
