import { LRUCache } from "lru-cache";
import {
  Kind,
  parse,
  specifiedRules,
  validate,
  visit,
  type DocumentNode,
  type GraphQLError,
  type GraphQLSchema,
  type ParseOptions,
  type ValidationRule,
} from "graphql";
import { maxAliasesRule } from "./aliases.rule.js";
import { complexityError, operationCost } from "./cost.js";
import { maxDepthRule } from "./depth.rule.js";
import { noIntrospectionRule } from "./introspection.rule.js";

export { operationCost } from "./cost.js";

export interface GraphqlLimits {
  maxDepth: number;
  maxCost: number;
  maxAliases: number;
  /** Largest document, in lexical tokens: refused while parsing, before any validation. */
  maxTokens: number;
  /** Schema introspection (`__schema`, `__type`) allowed: off, a validation rule refuses it. */
  introspection: boolean;
}

/**
 * The limits every operation obeys before it runs — on /graphql (Apollo), REST (the translator) and
 * graphql-ws alike: a document of at most `maxTokens` tokens, the spec's validation rules plus depth,
 * aliases (linear in the document) and introspection when it is off, and a cost within `maxCost`,
 * computed with the operation's variables (see `operationCost`).
 */
export class OperationLimits {
  /** For graphql-js `parse` (and Apollo's `parseOptions`). */
  readonly parseOptions: ParseOptions;
  /** Validation rules beyond the spec's (Apollo's `validationRules`). */
  readonly rules: ValidationRule[];

  constructor(
    private readonly schema: GraphQLSchema,
    readonly limits: GraphqlLimits,
  ) {
    this.parseOptions = { maxTokens: limits.maxTokens };
    this.rules = [maxDepthRule(limits.maxDepth), maxAliasesRule(limits.maxAliases), ...(limits.introspection ? [] : [noIntrospectionRule])];
  }

  /** Parses with the token limit; throws graphql-js's syntax error (a GraphQLError). */
  parse(source: string, options: { noLocation?: boolean } = {}): DocumentNode {
    return parse(source, { ...this.parseOptions, ...options });
  }

  /** The spec's rules and the depth and alias limits. */
  validate(document: DocumentNode): readonly GraphQLError[] {
    return validate(this.schema, document, [...specifiedRules, ...this.rules]);
  }

  /** Throws the complexity error when the operation, run with these variables, costs more than the budget. */
  checkCost(document: DocumentNode, operationName?: string | null, variables?: Readonly<Record<string, unknown>> | null, http?: { status: number }): void {
    this.checkCostOf(operationCost(this.schema, document, operationName, variables), http);
  }

  checkCostOf(cost: number, http?: { status: number }): void {
    if (cost > this.limits.maxCost) throw complexityError(cost, this.limits.maxCost, http);
  }

  /**
   * The cost function of a document that runs many times (the REST layer's, cached per shape): a
   * constant, computed once, unless a `limit` is a variable — then computed once per value of the
   * variables given as `limit`s (the most recent few values kept).
   */
  costOf(document: DocumentNode, operationName?: string): (variables?: Readonly<Record<string, unknown>>) => number {
    const limitVariables = variablesAsLimit(document);
    if (!limitVariables.length) {
      let cost: number | undefined;
      return () => (cost ??= operationCost(this.schema, document, operationName));
    }
    const costs = new LRUCache<string, number>({ max: 64 });
    return (variables) => {
      const key = limitVariables.map((name) => sizeKey(variables?.[name])).join(" ");
      let cost = costs.get(key);
      if (cost === undefined) {
        cost = operationCost(this.schema, document, operationName, variables);
        costs.set(key, cost);
      }
      return cost;
    };
  }
}

/** The arguments that size a page: a list's `limit`, a connection's `first` and `last`, the list a field is sized by (`representations`, `nodeIds`). */
const PAGE_ARGUMENTS = new Set(["limit", "first", "last", "representations", "nodeIds"]);

/** What a variable's value weighs in a cost: a list by its length. */
const sizeKey = (value: unknown) => (Array.isArray(value) ? `[${value.length}]` : String(value));

/** The variables a document passes as a page's size: the only values its cost depends on. */
function variablesAsLimit(document: DocumentNode): string[] {
  const names = new Set<string>();
  visit(document, {
    Argument(node) {
      if (PAGE_ARGUMENTS.has(node.name.value) && node.value.kind === Kind.VARIABLE) names.add(node.value.name.value);
    },
  });
  return [...names];
}
