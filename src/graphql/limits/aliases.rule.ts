import { GraphQLError, Kind, type ASTVisitor, type FragmentDefinitionNode, type SelectionSetNode, type ValidationContext } from "graphql";

/**
 * Rejects an operation with more than `maxAliases` aliases, counted as the operation runs: an alias
 * inside a fragment counts at every spread of the fragment (aliases multiply work for free, and
 * fragments multiply aliases). Each fragment is counted once and reused: linear in the document.
 */
export function maxAliasesRule(maxAliases: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const def of context.getDocument().definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    const fragmentAliases = new Map<string, number>();

    const fragmentCount = (name: string): number => {
      let count = fragmentAliases.get(name);
      if (count === undefined) {
        fragmentAliases.set(name, 0); // a cycle (reported by NoFragmentCyclesRule) adds nothing
        count = aliasesOf(fragments.get(name)?.selectionSet);
        fragmentAliases.set(name, count);
      }
      return count;
    };

    const aliasesOf = (set: SelectionSetNode | undefined): number => {
      if (!set) return 0;
      let count = 0;
      for (const selection of set.selections) {
        if (selection.kind === Kind.FIELD) count += (selection.alias ? 1 : 0) + aliasesOf(selection.selectionSet);
        else if (selection.kind === Kind.INLINE_FRAGMENT) count += aliasesOf(selection.selectionSet);
        else count += fragmentCount(selection.name.value);
      }
      return count;
    };

    return {
      OperationDefinition(operation) {
        const aliases = aliasesOf(operation.selectionSet);
        if (aliases > maxAliases) {
          context.reportError(
            new GraphQLError(`Alias limit exceeded: ${aliases} aliases > maximum ${maxAliases}`, {
              nodes: [operation],
              extensions: { code: "GRAPHQL_VALIDATION_FAILED", limit: "aliases" },
            }),
          );
        }
      },
    };
  };
}
