import type { GraphQLFieldResolver } from "graphql";
import { describe, expect, it } from "vitest";
import { Decimal } from "../../src/db/decimal.js";
import { AppError } from "../../src/errors.js";
import type { Context } from "../../src/graphql/context.js";
import { OperationLimits } from "../../src/graphql/limits/index.js";
import { RestTranslator, type Query, type RestCall } from "../../src/rest/translator.js";
import type { RestResource } from "../../src/tmf/rest-resource.js";
import { expectAppError, expectBadInput, thrownBy } from "../fixtures/expect-error.js";
import { customerBillResource, customerResource, paymentResource } from "../fixtures/rest-resources.js";
import { tinySchema, type Resolvers } from "../fixtures/tiny-schema.js";

// The REST translator end to end, without a database: a REST call (operation, resource, id, query
// string, body) becomes one GraphQL operation on the schema — its text built once per shape, every
// value a variable — which runs in-process; the answer comes back as a TMF REST result (status,
// TMF-named body, headers). The tiny schema's resolvers record the arguments they are called with
// and answer canned data: they stand in for the services, not for the code under test.

const BASE = "http://gw.test";
const CONTEXT = { baseUrl: BASE } as unknown as Context;
const href = (path: string) => (resource: { id: string }, _args: unknown, ctx: Context) => `${ctx.baseUrl}${path}/${resource.id}`;

const MOON_HOOCH = {
  id: "c-1",
  atType: "Individual",
  name: "Moon Hooch",
  status: null,
  engagedParty: { id: "org-42", name: "Moon Hooch", role: null, atReferredType: "Organization" },
  contactMedium: null,
  validFor: null,
};
const SECOND = { id: "c-2", atType: null, name: "Second", status: "Approved", engagedParty: null, contactMedium: null, validFor: null };

interface Harness {
  /** Every resolver call, in order: which field, with which arguments. */
  calls: { field: string; args: Record<string, unknown> }[];
  /** The GraphQL documents the translator built and parsed, whitespace collapsed. */
  documents: string[];
  translator: RestTranslator;
  run: (call: Partial<Omit<RestCall, "context">> & { operation: RestCall["operation"] }) => ReturnType<RestTranslator["run"]>;
}

function harness(options: { maxCost?: number; resolvers?: Resolvers } = {}): Harness {
  const calls: Harness["calls"] = [];
  const recorded =
    (field: string, answer: (args: Record<string, unknown>) => unknown): GraphQLFieldResolver<unknown, unknown> =>
    (_root, args) => {
      calls.push({ field, args: { ...args } });
      return answer(args);
    };
  const schema = tinySchema({
    "Customer.href": href("/tmf-api/customerManagement/v4/customer") as GraphQLFieldResolver<unknown, unknown>,
    "Payment.href": href("/tmf-api/paymentManagement/v4/payment") as GraphQLFieldResolver<unknown, unknown>,
    "Query.customers": recorded("customers", () => [MOON_HOOCH, SECOND]),
    "Query.customersCount": recorded("customersCount", () => 42),
    "Query.customer": recorded("customer", ({ id }) => (id === "c-1" ? MOON_HOOCH : null)),
    "Query.payments": recorded("payments", () => []),
    "Query.paymentsCount": recorded("paymentsCount", () => 0),
    "Query.customerBills": recorded("customerBills", () => []),
    "Query.customerBillsCount": recorded("customerBillsCount", () => 0),
    "Mutation.createCustomer": recorded("createCustomer", ({ input }) => ({ id: "c-new", ...(input as object) })),
    "Mutation.updateCustomer": recorded("updateCustomer", ({ id, patch }) => ({ ...MOON_HOOCH, id, ...(patch as object) })),
    "Mutation.deleteCustomer": recorded("deleteCustomer", () => true),
    "Mutation.createPayment": recorded("createPayment", () => ({ id: "p-1", status: "done", paymentDate: "2024-03-01T10:00:00Z" })),
    ...options.resolvers,
  });
  const limits = new OperationLimits(schema, { maxDepth: 10, maxCost: options.maxCost ?? 25_000, maxAliases: 30, maxTokens: 2000, introspection: true });
  const documents: string[] = [];
  const parse = limits.parse.bind(limits);
  limits.parse = (source, parseOptions) => {
    documents.push(source.replace(/\s+/g, " ").trim());
    return parse(source, parseOptions);
  };
  const translator = new RestTranslator(schema, limits);
  const run: Harness["run"] = (call) => translator.run({ resource: customerResource, query: {}, context: CONTEXT, ...call });
  return { calls, documents, translator, run };
}

const LIST_DOCUMENT = (type: string, list: string, count: string, selection: string) =>
  `query ($filter: ${type}Filter, $offset: Int!, $limit: Int!, $sort: [${type}Sort!]) { ` +
  `items: ${list}(filter: $filter, offset: $offset, limit: $limit, sort: $sort) ${selection} ` +
  `total: ${count}(filter: $filter) }`;

describe("GET collection (list)", () => {
  it("is one query: the page of items and the total count, with filter, page and sort as variables", async () => {
    const h = harness();
    const result = await h.run({ operation: "list", query: { name: "Moon Hooch", sort: "-name", offset: "10", limit: "5", fields: "name" } });
    expect(h.documents).toEqual([
      "query ($filter: CustomerFilter, $offset: Int!, $limit: Int!, $sort: [CustomerSort!]) { " +
        "items: customers(filter: $filter, offset: $offset, limit: $limit, sort: $sort) { id href name } " +
        "total: customersCount(filter: $filter) }",
    ]);
    expect(h.calls).toEqual([
      {
        field: "customers",
        args: { filter: { name: { eq: "Moon Hooch" } }, offset: 10, limit: 5, sort: [{ field: "name", order: "DESC" }] },
      },
      { field: "customersCount", args: { filter: { name: { eq: "Moon Hooch" } } } },
    ]);
    expect(result).toEqual({
      status: 200,
      body: [
        { id: "c-1", href: `${BASE}/tmf-api/customerManagement/v4/customer/c-1`, name: "Moon Hooch" },
        { id: "c-2", href: `${BASE}/tmf-api/customerManagement/v4/customer/c-2`, name: "Second" },
      ],
      headers: {
        "x-total-count": "42",
        "x-result-count": "2",
        link: ["0", "5", "15", "40"]
          .map(
            (offset, i) =>
              `<${BASE}/tmf-api/customerManagement/v4/customer?name=Moon+Hooch&sort=-name&fields=name&offset=${offset}&limit=5>; rel="${["first", "prev", "next", "last"][i]}"`,
          )
          .join(", "),
      },
    });
  });

  it("without parameters: no filter, no sort, the first 100", async () => {
    const h = harness();
    await h.run({ operation: "list" });
    expect(h.calls[0]).toEqual({ field: "customers", args: { filter: null, offset: 0, limit: 100, sort: null } });
  });

  it("answers the full TMF representation without fields: @type back, absent attributes left out", async () => {
    const h = harness();
    const result = await h.run({ operation: "list" });
    expect(result.body).toEqual([
      {
        id: "c-1",
        href: `${BASE}/tmf-api/customerManagement/v4/customer/c-1`,
        "@type": "Individual",
        name: "Moon Hooch",
        engagedParty: { id: "org-42", name: "Moon Hooch", "@referredType": "Organization" },
      },
      { id: "c-2", href: `${BASE}/tmf-api/customerManagement/v4/customer/c-2`, name: "Second", status: "Approved" },
    ]);
  });

  it("passes filter values through the schema's scalars: money as exact decimals", async () => {
    const h = harness();
    await h.run({ operation: "list", resource: paymentResource, query: { "totalAmount.value.gt": "10.10", "account.id": "acc-1" } });
    const filter = h.calls[0]!.args.filter as { totalAmount: { value: { gt: unknown } }; account: unknown };
    expect(Decimal.isDecimal(filter.totalAmount.value.gt)).toBe(true);
    expect(String(filter.totalAmount.value.gt)).toBe("10.1");
    expect(filter.account).toEqual({ id: { eq: "acc-1" } });
  });

  it("never writes a value into the document: a hostile filter value stays a variable", async () => {
    const h = harness();
    const hostile = `x" }) { id } evil: customers { id } q: customers(filter: { name: { eq: "`;
    await h.run({ operation: "list", query: { name: hostile, fields: "name" } });
    expect(h.documents).toEqual([LIST_DOCUMENT("Customer", "customers", "customersCount", "{ id href name }")]);
    expect(h.calls.map((c) => c.field)).toEqual(["customers", "customersCount"]);
    expect(h.calls[0]!.args.filter).toEqual({ name: { eq: hostile } });
  });

  it("builds each shape of request once: other values reuse it; fields in any order or repeated are one shape", async () => {
    const h = harness();
    await h.run({ operation: "list", query: { name: "a", limit: "5", fields: "status,name" } });
    await h.run({ operation: "list", query: { status: "b", offset: "3", fields: ["name", "status,name"] } });
    await h.run({ operation: "list", query: { fields: "name" } });
    expect(h.documents).toEqual([
      LIST_DOCUMENT("Customer", "customers", "customersCount", "{ id href name status }"),
      LIST_DOCUMENT("Customer", "customers", "customersCount", "{ id href name }"),
    ]);
  });
});

describe("GET by id (one)", () => {
  it("queries the resource by id and answers its TMF representation (fields are put in order: one shape)", async () => {
    const h = harness();
    const result = await h.run({ operation: "one", id: "c-1", query: { fields: "name,engagedParty.@referredType" } });
    expect(h.documents).toEqual(["query ($id: ID!) { result: customer(id: $id) { id href engagedParty { atReferredType } name } }"]);
    expect(h.calls).toEqual([{ field: "customer", args: { id: "c-1" } }]);
    expect(result).toEqual({
      status: 200,
      body: {
        id: "c-1",
        href: `${BASE}/tmf-api/customerManagement/v4/customer/c-1`,
        name: "Moon Hooch",
        engagedParty: { "@referredType": "Organization" },
      },
    });
  });

  it("an unknown id is a 404 NOT_FOUND", async () => {
    await expectAppError(() => harness().run({ operation: "one", id: "c-404" }), "NOT_FOUND", 404, "Customer c-404 not found");
  });
});

describe("POST (create)", () => {
  it("sends the body as the input, TMF names as GraphQL names, and answers 201 with Location", async () => {
    const h = harness();
    const body = { name: "Moon Hooch", "@type": "Individual", engagedParty: { id: "org-42", "@referredType": "Organization" } };
    const result = await h.run({ operation: "create", body, query: { fields: "name" } });
    expect(h.documents).toEqual(["mutation ($input: CustomerInput!) { result: createCustomer(input: $input) { id href name } }"]);
    expect(h.calls).toEqual([
      {
        field: "createCustomer",
        args: { input: { name: "Moon Hooch", atType: "Individual", engagedParty: { id: "org-42", atReferredType: "Organization" } } },
      },
    ]);
    const location = `${BASE}/tmf-api/customerManagement/v4/customer/c-new`;
    expect(result).toEqual({ status: 201, body: { id: "c-new", href: location, name: "Moon Hooch" }, headers: { location } });
  });

  it("passes the Idempotency-Key to a create mutation that takes one, null when absent", async () => {
    const h = harness();
    const body = { totalAmount: { unit: "EUR", value: 11.6 }, account: { id: "acc-1" } };
    await h.run({ operation: "create", resource: paymentResource, body, idempotencyKey: "k-1", query: { fields: "status" } });
    await h.run({ operation: "create", resource: paymentResource, body, query: { fields: "status" } });
    expect(h.documents).toEqual([
      "mutation ($input: PaymentInput!, $idempotencyKey: String) { result: createPayment(input: $input, idempotencyKey: $idempotencyKey) { id href status } }",
    ]);
    expect(h.calls.map((c) => c.args.idempotencyKey)).toEqual(["k-1", null]);
    expect(String((h.calls[0]!.args.input as { totalAmount: { value: unknown } }).totalAmount.value)).toBe("11.6");
  });

  it("ignores an Idempotency-Key for a create mutation that takes none", async () => {
    const h = harness();
    await h.run({ operation: "create", body: { name: "x" }, idempotencyKey: "k-1", query: { fields: "name" } });
    expect(h.calls).toEqual([{ field: "createCustomer", args: { input: { name: "x" } } }]);
  });
});

describe("PATCH (update) and DELETE", () => {
  it("PATCH sends id and the merge patch (null removes an attribute) and answers 200", async () => {
    const h = harness();
    const result = await h.run({ operation: "update", id: "c-1", body: { name: "Moon Hooch Ltd", status: null }, query: { fields: "name" } });
    expect(h.documents).toEqual(["mutation ($id: ID!, $patch: CustomerInput!) { result: updateCustomer(id: $id, patch: $patch) { id href name } }"]);
    expect(h.calls).toEqual([{ field: "updateCustomer", args: { id: "c-1", patch: { name: "Moon Hooch Ltd", status: null } } }]);
    expect(result).toEqual({ status: 200, body: { id: "c-1", href: `${BASE}/tmf-api/customerManagement/v4/customer/c-1`, name: "Moon Hooch Ltd" } });
  });

  it("DELETE runs the delete mutation and answers 204 without a body", async () => {
    const h = harness();
    const result = await h.run({ operation: "delete", id: "c-1" });
    expect(h.documents).toEqual(["mutation ($id: ID!) { result: deleteCustomer(id: $id) }"]);
    expect(h.calls).toEqual([{ field: "deleteCustomer", args: { id: "c-1" } }]);
    expect(result).toEqual({ status: 204 });
  });
});

describe("refusals", () => {
  it.each([
    ["an array", [{ name: "x" }]],
    ["null", null],
    ["a string", "name=x"],
    ["nothing", undefined],
  ])("a body that is %s: 400, a JSON object is expected", async (_what, body) => {
    await expectBadInput(() => harness().run({ operation: "create", body }), "The request body must be a JSON object (a Customer)");
  });

  it("a client-supplied id or href: 400, on create and on update", async () => {
    await expectBadInput(() => harness().run({ operation: "create", body: { name: "x", id: "mine" } }), "'id' is assigned by the server and cannot be set");
    await expectBadInput(
      () => harness().run({ operation: "update", id: "c-1", body: { href: "http://x" } }),
      "'href' is assigned by the server and cannot be set",
    );
  });

  it("unknown attributes: 400 naming them as the client wrote them (TMF names)", async () => {
    await expectBadInput(
      () => harness().run({ operation: "create", body: { name: "x", shoeSize: 42, "@colour": "red" } }),
      "Unknown or read-only attribute(s) for Customer: shoeSize, @colour",
    );
  });

  it("a value of the wrong type: 400 naming the value, the attribute (in TMF names) and the reason", async () => {
    await expectBadInput(
      () => harness().run({ operation: "create", body: { name: 42 } }),
      "Invalid value 42 for 'name': String cannot represent a non string value: 42",
    );
    await expectBadInput(
      () => harness().run({ operation: "create", body: { "@type": 5 } }),
      "Invalid value 5 for '@type': String cannot represent a non string value: 5",
    );
  });

  it("filter values the scalars refuse: 400, before anything runs", async () => {
    const h = harness();
    await expectBadInput(
      () => h.run({ operation: "list", resource: paymentResource, query: { "totalAmount.value.gt": "lots" } }),
      `Invalid value "lots" for 'totalAmount.value.gt': Decimal cannot represent "lots": expected a finite number`,
    );
    await expectBadInput(
      () => h.run({ operation: "list", resource: paymentResource, query: { "paymentDate.gte": "yesterday" } }),
      `Invalid value "yesterday" for 'paymentDate.gte': DateTime cannot represent "yesterday": expected an RFC 3339 date-time such as 2024-01-31T12:00:00Z`,
    );
    expect(h.calls).toEqual([]);
  });

  it.each<[string, Query, string]>([
    ["an unknown filter attribute", { colour: "red" }, "Unknown attribute 'colour' in filter"],
    ["an unknown sort attribute", { sort: "-colour" }, "Cannot sort by 'colour'"],
    ["an unknown field", { fields: "name,colour" }, "Unknown attribute 'colour' in fields"],
    ["a negative offset", { offset: "-1" }, "offset must be a non-negative integer, got '-1'"],
    ["a limit that is not a number", { limit: "ten" }, "limit must be a non-negative integer, got 'ten'"],
  ])("%s in the query string: 400", async (_what, query, message) => {
    const h = harness();
    await expectBadInput(() => h.run({ operation: "list", query }), message);
    expect(h.calls).toEqual([]);
  });

  it("a resource the schema has no list surface for is a programming error, not a client one", async () => {
    const nope: RestResource = { ...customerResource, type: "Nope" };
    const err = await thrownBy(() => harness().run({ operation: "list", resource: nope }));
    expect(err).not.toBeInstanceOf(AppError);
    expect((err as Error).message).toBe("schema has no complete GraphQL surface for REST resource Nope");
  });
});

describe("errors of the operation", () => {
  it("a domain error from a resolver comes back as it was thrown (here 409 CONFLICT)", async () => {
    const conflict = new AppError("CONFLICT", "Customer c-1 still has billing accounts");
    const h = harness({ resolvers: { "Mutation.deleteCustomer": () => Promise.reject(conflict) } });
    expect(await thrownBy(() => h.run({ operation: "delete", id: "c-1" }))).toBe(conflict);
    expect(conflict.status).toBe(409);
  });

  it("an unexpected error comes back as itself, not as a client error (the HTTP layer masks it as a 500)", async () => {
    const boom = new Error("connection reset by peer");
    const h = harness({ resolvers: { "Query.customer": () => Promise.reject(boom) } });
    expect(await thrownBy(() => h.run({ operation: "one", id: "c-1" }))).toBe(boom);
  });
});

describe("the cost budget (README GRAPHQL_MAX_COST): REST lists are costed with their limit", () => {
  it("limit=1000 costs 1000 items + 1 count: over a budget of 500 it is a 400 and nothing runs", async () => {
    const h = harness({ maxCost: 500 });
    await expectBadInput(
      () => h.run({ operation: "list", resource: paymentResource, query: { limit: "1000" } }),
      "Query complexity limit exceeded: cost 1001 > maximum complexity 500",
    );
    expect(h.calls).toEqual([]);
    await h.run({ operation: "list", resource: paymentResource, query: { limit: "499" } }); // 500: exactly the budget
    expect(h.calls.map((c) => c.field)).toEqual(["payments", "paymentsCount"]);
  });

  it("the same shape is costed again for every limit: the compiled operation is not a pass", async () => {
    const h = harness({ maxCost: 500 });
    await h.run({ operation: "list", resource: paymentResource, query: { limit: "10" } });
    await expectBadInput(() => h.run({ operation: "list", resource: paymentResource, query: { limit: "600" } }), /cost 601 > maximum complexity 500/);
    expect(h.documents).toHaveLength(1);
  });

  it("bills carry their default page of 20 applied payments: 100 + 100 × 20 + 1; fields=billNo leaves them out", async () => {
    const h = harness({ maxCost: 500 });
    await expectBadInput(
      () => h.run({ operation: "list", resource: customerBillResource, query: { limit: "100" } }),
      "Query complexity limit exceeded: cost 2101 > maximum complexity 500",
    );
    await h.run({ operation: "list", resource: customerBillResource, query: { limit: "100", fields: "billNo" } }); // 101
    expect(h.calls.map((c) => c.field)).toEqual(["customerBills", "customerBillsCount"]);
  });
});

describe("execute: a fixed operation of the REST layer (the hub's)", () => {
  it("runs it with the caller's context and answers the GraphQL data as is", async () => {
    const h = harness();
    const data = await h.translator.execute(`query ($id: ID!) { customer(id: $id) { id href atType } }`, { id: "c-1" }, CONTEXT);
    expect(data).toEqual({ customer: { id: "c-1", href: `${BASE}/tmf-api/customerManagement/v4/customer/c-1`, atType: "Individual" } });
  });

  it("applies the same limits", async () => {
    const h = harness({ maxCost: 50 });
    await expectBadInput(
      () => h.translator.execute(`query ($n: Int!) { customers(limit: $n) { id } }`, { n: 60 }, CONTEXT),
      "Query complexity limit exceeded: cost 60 > maximum complexity 50",
    );
  });
});
