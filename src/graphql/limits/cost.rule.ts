import {
  GraphQLError, isListType, isNonNullType, Kind, TypeInfo, visit, visitWithTypeInfo, type ASTVisitor,
  type GraphQLOutputType, type ValidationContext,
} from "graphql";

import { DEFAULT_LIMIT } from "../page.args.js";

/** Assumed size of a navigation list (accounts of a customer, payments of an account, …). */
const NAVIGATION_LIST_SIZE = 5;

/**
 * Rejects an operation whose estimated cost exceeds `maxCost` before it runs. Each field costs 1,
 * multiplied by the sizes of the resource lists it sits in — root lists and navigation fields, which
 * cost queries; value lists inside a resource (characteristic, …) do not multiply. A list's size is
 * its `limit` argument when given as a literal, else the default page size for a root list and
 * NAVIGATION_LIST_SIZE for a navigation field. Also caps aliases, which
 * otherwise multiply work for free.
 */
export function costRule(maxCost: number, maxAliases: number) {
  return (context: ValidationContext): ASTVisitor => {
    const typeInfo = new TypeInfo(context.getSchema());
    let cost = 0;
    let aliases = 0;
    const multipliers: number[] = [1];
    const pushed: boolean[] = [];
    visit(
      context.getDocument(),
      visitWithTypeInfo(typeInfo, {
        Field: {
          enter(node) {
            if (node.alias) aliases++;
            const type = typeInfo.getType();
            const multiplier = multipliers[multipliers.length - 1]!;
            cost += multiplier;
            const field = typeInfo.getFieldDef();
            const parent = typeInfo.getParentType();
            const fetchesResources = parent === context.getSchema().getQueryType() || Boolean(field?.extensions?.navigation);
            const list = type ? fetchesResources && isList(type) : false;
            pushed.push(list);
            if (list) {
              const limitArg = node.arguments?.find((a) => a.name.value === "limit");
              const fallback = parent === context.getSchema().getQueryType() ? DEFAULT_LIMIT : NAVIGATION_LIST_SIZE;
              const size = limitArg?.value.kind === Kind.INT ? Number(limitArg.value.value) : fallback;
              multipliers.push(multiplier * Math.max(size, 1));
            }
          },
          leave() {
            if (pushed.pop()) multipliers.pop();
          },
        },
      }),
    );
    return {
      Document(node) {
        if (cost > maxCost) {
          context.reportError(
            new GraphQLError(`Query complexity limit exceeded: cost ${cost} > maximum complexity ${maxCost}`, {
              nodes: [node],
              extensions: { code: "GRAPHQL_VALIDATION_FAILED", limit: "complexity" },
            }),
          );
        }
        if (aliases > maxAliases) {
          context.reportError(
            new GraphQLError(`Alias limit exceeded: ${aliases} aliases > maximum ${maxAliases}`, {
              nodes: [node],
              extensions: { code: "GRAPHQL_VALIDATION_FAILED", limit: "aliases" },
            }),
          );
        }
      },
    };
  };
}

function isList(type: GraphQLOutputType): boolean {
  const inner = isNonNullType(type) ? type.ofType : type;
  return isListType(inner);
}
