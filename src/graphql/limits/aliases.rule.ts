import { GraphQLError, type ASTVisitor, type ValidationContext } from "graphql";
import { selectionMeasure } from "./selection-measure.js";

/**
 * Rejects an operation with more than `maxAliases` aliases, counted as the operation runs: an alias
 * inside a fragment counts at every spread of the fragment (aliases multiply work for free, and
 * fragments multiply aliases). Linear in the document.
 */
export function maxAliasesRule(maxAliases: number) {
  return (context: ValidationContext): ASTVisitor => {
    const aliasesOf = selectionMeasure(
      context.getDocument(),
      (node, inner) => (node.alias ? 1 : 0) + inner,
      (a, b) => a + b,
    );
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
