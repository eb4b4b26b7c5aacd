import { getOperationAST, GraphQLError, parse, specifiedRules, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { maxAliasesRule } from "../../src/graphql/limits/aliases.rule.js";
import { maxDepthRule } from "../../src/graphql/limits/depth.rule.js";
import { OperationLimits } from "../../src/graphql/limits/index.js";
import { OperationPolicy } from "../../src/graphql/policy.js";
import { describeError, thrownBy } from "../fixtures/expect-error.js";
import { tinySchema } from "../fixtures/tiny-schema.js";

// The depth and alias validation rules and OperationLimits, the one place /graphql, REST and
// subscriptions take their limits from (README "Limits": 400 GRAPHQL_VALIDATION_FAILED with
// `extensions.limit` naming the limit; documents over the token limit refused while parsing).

const schema = tinySchema();
const errorsOf = (query: string, rule: ReturnType<typeof maxDepthRule>) => validate(schema, parse(query), [...specifiedRules, rule]).map(describeError);

/** Each fragment spreads the next twice, with two aliased navigation fields per level (deep and alias-heavy). */
function aliasedTwice(levels: number): string {
  let text = `query { customers(limit: 1) { ...F0 } }\n`;
  for (let i = 0; i < levels; i++) {
    const [type, field] = i % 2 === 0 ? ["Customer", "accounts"] : ["BillingAccount", "customer"];
    text += `fragment F${i} on ${type} { a: ${field} { ...F${i + 1} } b: ${field} { ...F${i + 1} } }\n`;
  }
  return `${text}fragment F${levels} on ${levels % 2 === 0 ? "Customer" : "BillingAccount"} { id }\n`;
}

describe("maxDepthRule", () => {
  const DEPTH_4 = `{ customers { accounts { customer { id } } } }`;

  it("accepts an operation exactly as deep as the maximum", () => {
    expect(errorsOf(DEPTH_4, maxDepthRule(4))).toEqual([]);
  });

  it("refuses one level more, naming the limit", () => {
    expect(errorsOf(DEPTH_4, maxDepthRule(3))).toEqual([
      {
        message: "Query depth limit exceeded: depth 4 > maximum depth 3",
        extensions: { code: "GRAPHQL_VALIDATION_FAILED", limit: "depth" },
      },
    ]);
  });

  it("follows named and inline fragments", () => {
    const viaFragment = `{ customers { ...C } } fragment C on Customer { accounts { ... on BillingAccount { customer { id } } } }`;
    expect(errorsOf(viaFragment, maxDepthRule(3)).map((e) => e.message)).toEqual(["Query depth limit exceeded: depth 4 > maximum depth 3"]);
  });

  it("does not count introspection fields", () => {
    expect(errorsOf(`{ __schema { types { fields { type { name } } } } }`, maxDepthRule(1))).toEqual([]);
    expect(errorsOf(`{ customers { __typename id } }`, maxDepthRule(2))).toEqual([]);
  });
});

describe("maxAliasesRule", () => {
  const FOUR = `{ a: customersCount b: customersCount c: customersCount d: customersCount }`;

  it("accepts as many aliases as the maximum", () => {
    expect(errorsOf(FOUR, maxAliasesRule(4))).toEqual([]);
  });

  it("refuses one more, naming the limit", () => {
    expect(errorsOf(FOUR, maxAliasesRule(3))).toEqual([
      { message: "Alias limit exceeded: 4 aliases > maximum 3", extensions: { code: "GRAPHQL_VALIDATION_FAILED", limit: "aliases" } },
    ]);
  });

  it("counts the aliases of a fragment at every spread", () => {
    const spreadTwice = `{ customers { ...F ...F } } fragment F on Customer { x: name y: name }`;
    expect(errorsOf(spreadTwice, maxAliasesRule(3)).map((e) => e.message)).toEqual(["Alias limit exceeded: 4 aliases > maximum 3"]);
  });
});

describe("exponential fragment documents", () => {
  it("are measured in linear time: depth 24 and 2 × (2^22 − 1) aliases, refused at once", () => {
    const started = performance.now();
    const errors = validate(schema, parse(aliasedTwice(22)), [...specifiedRules, maxDepthRule(10), maxAliasesRule(30)]);
    expect(errors.map((e) => e.message)).toEqual([
      "Query depth limit exceeded: depth 24 > maximum depth 10",
      "Alias limit exceeded: 8388606 aliases > maximum 30",
    ]);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe("OperationLimits", () => {
  const limits = new OperationLimits(schema, { maxDepth: 3, maxCost: 100, maxAliases: 2, maxTokens: 12, introspection: true });

  it("parses a document within the token limit", () => {
    // { customers ( limit : 5 ) { id name } } — exactly 12 tokens
    expect(() => limits.parse(`{ customers(limit: 5) { id name } }`)).not.toThrow();
  });

  it("refuses a document over the token limit while parsing, with graphql-js's syntax error", async () => {
    const err = await thrownBy(() => limits.parse(`{ customers(limit: 5) { id name status } }`));
    expect(err).toBeInstanceOf(GraphQLError);
    expect((err as GraphQLError).message).toBe("Syntax Error: Document contains more that 12 tokens. Parsing aborted.");
  });

  it("validates with the spec's rules and the depth and alias limits", () => {
    expect(limits.validate(parse(`{ customers { colour } }`)).map((e) => e.message)).toEqual([`Cannot query field "colour" on type "Customer".`]);
    expect(limits.validate(parse(`{ customers { accounts { customer { id } } } }`)).map((e) => e.extensions.limit)).toEqual(["depth"]);
    expect(limits.validate(parse(`{ a: customersCount b: customersCount c: customersCount }`)).map((e) => e.extensions.limit)).toEqual(["aliases"]);
    expect(limits.validate(parse(`{ customers { accounts { id } } }`))).toEqual([]);
  });

  it("checkCost: a cost equal to the budget runs; one more is refused, naming the limit", async () => {
    expect(() => limits.checkCost(parse(`{ customers { id } }`))).not.toThrow(); // 100
    const err = (await thrownBy(() => limits.checkCost(parse(`{ customers { id } customersCount }`)))) as GraphQLError; // 101
    expect(describeError(err)).toEqual({
      message: "Query complexity limit exceeded: cost 101 > maximum complexity 100",
      extensions: { code: "GRAPHQL_VALIDATION_FAILED", limit: "complexity" },
    });
  });

  it("checkCost uses the operation's variables", async () => {
    const doc = parse(`query ($n: Int!) { customers(limit: $n) { id } }`);
    expect(() => limits.checkCost(doc, undefined, { n: 100 })).not.toThrow();
    const err = (await thrownBy(() => limits.checkCost(doc, undefined, { n: 101 }))) as GraphQLError;
    expect(err.message).toBe("Query complexity limit exceeded: cost 101 > maximum complexity 100");
  });

  it("costOf: the cost function of a document run many times, per value of its limit variables", () => {
    const costOf = limits.costOf(parse(`query ($n: Int!, $name: String) { customers(limit: $n, filter: { name: { eq: $name } }) { id } }`));
    expect(costOf({ n: 7, name: "a" })).toBe(7);
    expect(costOf({ n: 7, name: "b" })).toBe(7);
    expect(costOf({ n: 40, name: "a" })).toBe(40);
    expect(limits.costOf(parse(`{ customers(limit: 3) { accounts { id } } }`))()).toBe(18);
  });

  it("Apollo's plugin refuses an operation over the budget with HTTP 400 before it runs", async () => {
    const plugin = new OperationPolicy(limits, { suggestions: true }).apolloPlugin();
    const listener = (await plugin.requestDidStart!({} as never)) as unknown as {
      didResolveOperation: (ctx: { document: unknown; operation: unknown; request: { variables?: Record<string, unknown> } }) => Promise<void>;
    };
    const document = parse(`query ($n: Int!) { customers(limit: $n) { id } }`);
    const operation = getOperationAST(document);
    await expect(listener.didResolveOperation({ document, operation, request: { variables: { n: 50 } } })).resolves.toBeUndefined();
    const err = (await thrownBy(() => listener.didResolveOperation({ document, operation, request: { variables: { n: 500 } } }))) as GraphQLError;
    expect(describeError(err)).toEqual({
      message: "Query complexity limit exceeded: cost 500 > maximum complexity 100",
      extensions: { code: "GRAPHQL_VALIDATION_FAILED", limit: "complexity", http: { status: 400 } },
    });
  });
});
