import { GraphQLError, type ASTVisitor, type ValidationContext } from "graphql";
import { selectionMeasure } from "./selection-measure.js";

/** Rejects an operation nested deeper than `maxDepth` fields (fragments followed, linear time), before execution. */
export function maxDepthRule(maxDepth: number) {
  return (context: ValidationContext): ASTVisitor => {
    const depthOf = selectionMeasure(context.getDocument(), (node, inner) => (node.name.value.startsWith("__") ? 0 : 1 + inner), Math.max);
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
