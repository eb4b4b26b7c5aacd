import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { operationCost } from "../../src/graphql/limits/cost.js";
import { OperationLimits } from "../../src/graphql/limits/index.js";
import { getSchema } from "../../src/schema/schema.js";
import { tinySchema } from "../fixtures/tiny-schema.js";

// The cost rule (src/graphql/limits/cost.ts, README "GRAPHQL_MAX_COST"): an upper bound of the
// resources an operation can return, computed before it runs, with its variables.
// - a list with a `limit` costs its effective limit (literal, variable, or default: root lists 100,
//   navigation lists 5, appliedPayment 20), and multiplies everything inside it;
// - a single resource (root field, to-one navigation) costs 1;
// - scalars and value objects cost nothing, unless their items reach resources (paymentItem { bill }: × 100);
// - fragments count at every spread.
// Every expected number is worked out by hand in the test's comment.

const schema = tinySchema();
const cost = (query: string, variables?: Record<string, unknown>, operationName?: string) => operationCost(schema, parse(query), operationName, variables);

describe("operationCost: resources", () => {
  it("a resource by id costs 1; its scalars and value objects nothing", () => {
    expect(cost(`{ customer(id: "c") { id name engagedParty { id } validFor { startDateTime } } }`)).toBe(1);
    expect(cost(`{ payment(id: "p") { id totalAmount { value } account { id } paymentItem { totalAmount { value } } } }`)).toBe(1);
  });

  it("a count costs 1; several root fields add up", () => {
    expect(cost(`{ customersCount }`)).toBe(1);
    expect(cost(`{ customersCount paymentsCount customer(id: "c") { id } }`)).toBe(3);
  });

  it("a mutation's result costs 1, plus what it navigates to", () => {
    // 1 customer + its accounts at the default page of 5
    expect(cost(`mutation { createCustomer(input: { name: "x" }) { id accounts { id } } }`)).toBe(6);
  });

  it("a root list costs its limit: literal, or the default page of 100", () => {
    expect(cost(`{ customers(limit: 10) { id name } }`)).toBe(10);
    expect(cost(`{ customers { id } }`)).toBe(100);
    expect(cost(`{ customers(limit: 0) { id } }`)).toBe(0);
  });

  it("lists multiply what they contain: customers(limit: 10) { accounts(limit: 5) } = 10 + 10 × 5", () => {
    expect(cost(`{ customers(limit: 10) { accounts(limit: 5) { id } } }`)).toBe(60);
    // navigation lists default to a page of 5
    expect(cost(`{ customers(limit: 10) { accounts { id } } }`)).toBe(60);
    // 10 customers + 10 × (5 accounts + 5 × 5 payments) = 10 + 10 × 30
    expect(cost(`{ customers(limit: 10) { accounts { payments { id } } } }`)).toBe(310);
  });

  it("a to-one navigation costs 1, times the lists around it", () => {
    // account 1 + its customer 1
    expect(cost(`{ billingAccount(id: "a") { customer { id } } }`)).toBe(2);
    // 10 customers + 10 × (5 accounts + 5 × 1 customer)
    expect(cost(`{ customers(limit: 10) { accounts { customer { id } } } }`)).toBe(110);
  });

  it("a value list whose items reach resources counts the most items a payment takes (100)", () => {
    // payment 1 + 100 items × 1 bill
    expect(cost(`{ payment(id: "p") { paymentItem { bill { id } } } }`)).toBe(101);
    // 10 payments + 10 × 100 bills
    expect(cost(`{ payments(limit: 10) { paymentItem { bill { billNo } } } }`)).toBe(1010);
  });

  it("CustomerBill.appliedPayment is a paged list: default 20, or its limit", () => {
    // REST's bill list: 100 bills + 100 × 20 applied payments
    expect(cost(`{ customerBills(limit: 100) { id appliedPayment { appliedAmount { value } } } }`)).toBe(2100);
    // 1000 + 1000 × 100
    expect(cost(`{ customerBills(limit: 1000) { appliedPayment(limit: 100) { payment { id } } } }`)).toBe(101000);
  });

  it("introspection costs nothing", () => {
    expect(cost(`{ __schema { types { name fields { name } } } }`)).toBe(0);
    expect(cost(`{ __typename customer(id: "c") { __typename id } }`)).toBe(1);
  });
});

describe("operationCost: variables", () => {
  const NESTED = `query ($n: Int!) { customers(limit: $n) { accounts { payments { id } } } }`;

  it("a limit given as a variable costs its value", () => {
    // 1000 customers + 1000 × 5 accounts + 5000 × 5 payments
    expect(cost(NESTED, { n: 1000 })).toBe(31000);
    // 10 + 50 + 250
    expect(cost(NESTED, { n: 10 })).toBe(310);
  });

  it("a variable's default value counts when the variable is not given", () => {
    expect(cost(`query ($n: Int = 1000) { customers(limit: $n) { id } }`)).toBe(1000);
    expect(cost(`query ($n: Int = 1000) { customers(limit: $n) { id } }`, { n: 3 })).toBe(3);
  });

  it("a missing or non-number variable counts as the field's default page (execution refuses it anyway)", () => {
    expect(cost(`query ($n: Int!) { customers(limit: $n) { id } }`)).toBe(100);
    expect(cost(`query ($n: Int!) { customers(limit: $n) { id } }`, { n: "1000" })).toBe(100);
  });

  it("one variable used by several lists multiplies at each", () => {
    // 10 customers + 10 × (100 accounts + 100 × 100 payments)
    expect(cost(`query ($m: Int!) { customers(limit: 10) { accounts(limit: $m) { payments(limit: $m) { id } } } }`, { m: 100 })).toBe(101010);
  });
});

describe("operationCost: fragments", () => {
  it("named and inline fragments are costed like the fields they hold", () => {
    // 1000 customers + 1000 × 100 accounts, however it is written
    expect(cost(`{ customers(limit: 1000) { ...C } } fragment C on Customer { accounts(limit: 100) { id } }`)).toBe(101000);
    expect(cost(`{ customers(limit: 1000) { ... on Customer { accounts(limit: 100) { id } } } }`)).toBe(101000);
    expect(
      cost(`query Q($n: Int!) { ...R } fragment R on Query { customers(limit: $n) { ...C } } fragment C on Customer { accounts(limit: 100) { id } }`, {
        n: 1000,
      }),
    ).toBe(101000);
  });

  it("a fragment counts at every spread", () => {
    // 10 customers + 10 × (5 + 5) accounts
    expect(cost(`{ customers(limit: 10) { ...C ...C } } fragment C on Customer { accounts { id } }`)).toBe(110);
  });

  it("fragments spreading the next one twice, 22 levels deep: the exponential cost, computed at once", () => {
    let doc = `query { customers(limit: 1) { ...F0 } }\n`;
    for (let i = 0; i < 22; i++) doc += `fragment F${i} on Customer { accounts { id } ...F${i + 1} ...F${i + 1} }\n`;
    doc += `fragment F22 on Customer { id }\n`;
    const started = performance.now();
    // 1 customer + 5 accounts at each of the 2^22 − 1 expanded levels
    expect(cost(doc)).toBe(20971516);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("costs the operation named, in a document of several", () => {
    const doc = `query Small { customers(limit: 2) { id } } query Big { customers(limit: 900) { id } }`;
    expect(cost(doc, undefined, "Small")).toBe(2);
    expect(cost(doc, undefined, "Big")).toBe(900);
  });
});

describe("operationCost: federation's _entities (the real schema)", () => {
  const ENTITIES = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { name accounts(limit: 10) { id } } ... on Payment { id } } }`;
  const reps = (n: number) => Array.from({ length: n }, (_, i) => ({ __typename: "Customer", id: `c${i}` }));

  it("costs one per representation, each counting what its fragments select (every type's, an upper bound)", async () => {
    const real = await getSchema();
    // 3 literal representations × (1 + 10 accounts)
    expect(
      operationCost(
        real,
        parse(
          `{ _entities(representations: [{ __typename: "Customer", id: "a" }, { __typename: "Customer", id: "b" }, { __typename: "Customer", id: "c" }]) { ... on Customer { accounts(limit: 10) { id } } } }`,
        ),
      ),
    ).toBe(33);
    // 200 × (1 + 10): the variable's length
    expect(operationCost(real, parse(ENTITIES), undefined, { r: reps(200) })).toBe(2200);
    expect(operationCost(real, parse(ENTITIES), undefined, { r: [] })).toBe(0);
  });

  it("a cached cost function tells lengths apart (the fast path and the REST layer reuse it)", async () => {
    const real = await getSchema();
    const costOf = new OperationLimits(real, { maxDepth: 10, maxCost: 25_000, maxAliases: 30, maxTokens: 2_000, introspection: true }).costOf(parse(ENTITIES));
    expect(costOf({ r: reps(1) })).toBe(11);
    expect(costOf({ r: reps(2_000) })).toBe(22_000);
    expect(costOf({ r: reps(1) })).toBe(11);
  });
});
