import fc from "fast-check";
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLInputObjectType,
  type GraphQLInputType,
  type GraphQLSchema,
} from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getSchema } from "../src/schema/schema.js";
import { RESOURCES } from "../src/modules/registry.js";
import { restVersionsOf } from "../src/resource/description.js";

// Every version of every API (TMF629 v4 and v5 alike).
const REST_RESOURCES = RESOURCES.flatMap(restVersionsOf);
import { collectionPath } from "../src/tmf/rest-resource.js";
import { startTestServer, type TestServer } from "./support/server.js";

// Property-based hostile clients, bounded in count and time: bodies generated from each resource's
// input type and then broken, query strings, and GraphQL documents with fragments, aliases and
// variables. Whatever comes in: never a 5xx, always a TMF Error (REST) or an error with a code
// (GraphQL), and a refused write leaves every table as it was.
const KEY = "fuzz-key-0123456789abcdef";
const headers = { "x-api-key": KEY };
const RUNS = 40;
const TABLES = ["customer", "billing_account", "customer_bill", "payment", "payment_item", "refund", "idempotency_key", "event", "hub"];

let server: TestServer;
let schema: GraphQLSchema;
let accountId: string;

beforeAll(async () => {
  // No dispatcher: it marks events dispatched in the background, which the snapshots would see as a write.
  server = await startTestServer({
    AUTH: "true",
    API_KEYS: JSON.stringify([{ name: "fuzz", key: KEY, scopes: ["*"] }]),
    RATE_LIMIT_MAX: "0",
    EVENTS_DISPATCHER: "false",
  });
  schema = await getSchema();
  const customer = await server.request(
    "POST",
    collectionPath(REST_RESOURCES[0]!),
    { name: "Fuzz", engagedParty: { id: "p", "@referredType": "Individual" } },
    headers,
  );
  const account = await server.request(
    "POST",
    "/tmf-api/accountManagement/v4/billingAccount",
    {
      name: "Fuzz",
      relatedParty: [{ id: customer.body.id, name: "Fuzz", role: "Customer", "@referredType": "Customer" }],
      creditLimit: { unit: "EUR", value: 100 },
    },
    headers,
  );
  accountId = account.body.id;
});
afterAll(() => server?.close());

/** Every table's rows, as one text: equal before and after a refused request, or something was written. */
async function snapshot(): Promise<string> {
  const parts = TABLES.map((t) => `(SELECT coalesce(md5(string_agg(x::text, ',' ORDER BY x::text)), '') FROM "${t}" x)`);
  const { rows } = (await server.db.pool.query(`SELECT concat_ws('|', ${parts.join(", ")}) AS s`)) as { rows: { s: string }[] };
  return rows[0]!.s;
}

/** Values of an input type, as a client that read the schema would send them (TMF names: "@type"). */
function arbitraryOf(type: GraphQLInputType, depth: number): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return arbitraryOf(type.ofType, depth);
  if (isListType(type)) return fc.array(arbitraryOf(type.ofType, depth), { maxLength: 2 });
  const named = getNamedType(type);
  if (isInputObjectType(named)) return depth > 3 ? fc.constant({}) : objectOf(named, depth + 1);
  if (isEnumType(named)) return fc.constantFrom(...named.getValues().map((v) => v.name));
  if (isScalarType(named)) {
    switch (named.name) {
      case "Int":
        return fc.integer({ min: -5, max: 1000 });
      case "Boolean":
        return fc.boolean();
      case "Decimal":
        return fc.oneof(
          fc.integer({ min: 0, max: 10_000 }).map((n) => n / 100),
          fc.constant("12.34"),
        );
      case "DateTime":
        return fc.date({ min: new Date(2000, 0, 1), max: new Date(2100, 0, 1), noInvalidDate: true }).map((d) => d.toISOString());
      case "JSON":
        return fc.jsonValue({ maxDepth: 2 });
      case "ID":
        return fc.oneof(fc.uuid(), fc.constant(accountId));
      default:
        return fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom("EUR", "usd", "CustomerBill", accountId));
    }
  }
  return fc.constant(null);
}

function objectOf(type: GraphQLInputObjectType, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const fields = Object.values(type.getFields());
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const field of fields) record[field.name.replace(/^at([A-Z])/, (_m, c: string) => `@${c.toLowerCase()}`)] = arbitraryOf(field.type, depth);
  return fc.record(record, { requiredKeys: [] });
}

/** The many ways a body is broken, applied at a random key of a valid-looking one. */
const breakage = fc.oneof(
  fc.constant(null),
  fc.constantFrom(42, -1e308, true, "", [], {}, "x".repeat(20_000)),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constant("NUL\u0000inside"),
  fc.integer({ min: 1, max: 200 }).map((n) => JSON.parse("[".repeat(n) + "]".repeat(n)) as unknown),
  fc.constant("9".repeat(40)),
);

/** JSON values with prototype keys somewhere in them (as own keys: what JSON.parse makes of a client's text). */
const hostileJson = fc
  .tuple(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom("__proto__", "constructor", "prototype"), fc.jsonValue({ maxDepth: 1 }), fc.boolean())
  .map(([value, key, inner, nested]) => {
    const hostile = Object.defineProperty({ ok: 1 }, key, { value: inner, enumerable: true, writable: true, configurable: true });
    return nested ? { value, list: [hostile] } : hostile;
  });

function brokenText(body: Record<string, unknown>, key: string, value: unknown, how: number): string {
  switch (how) {
    case 0:
      return JSON.stringify({ ...body, [key]: value });
    case 1:
      return JSON.stringify({ ...body, unknownAttribute: value });
    case 2:
      return JSON.stringify(body).replace(/^\{/, `{"${key || "name"}":1,`); // a duplicated key, text-level
    case 3:
      return JSON.stringify(body).slice(0, -1); // truncated
    case 4:
      return `${"[".repeat(3000)}${"]".repeat(3000)}`;
    default:
      return JSON.stringify([body]);
  }
}

function expectTmfError(status: number, body: unknown) {
  expect(status, JSON.stringify(body)).toBeLessThan(500);
  if (status >= 400)
    expect(body).toMatchObject({ "@type": "Error", status: String(status), code: expect.any(String), reason: expect.any(String), message: expect.any(String) });
}

describe.each(REST_RESOURCES.filter((r) => r.mutations.create))("REST $type ($basePath): broken bodies", (resource) => {
  it("never a 5xx, always a TMF Error, and a refusal writes nothing", async () => {
    const inputType = schema
      .getMutationType()!
      .getFields()
      [resource.mutations.create!]!.args.find((a) => a.name === "input")!.type;
    const bodies = objectOf(getNamedType(inputType) as GraphQLInputObjectType, 0);
    await fc.assert(
      fc.asyncProperty(bodies, fc.string({ maxLength: 10 }), breakage, fc.integer({ min: 0, max: 5 }), async (body, key, value, how) => {
        const before = await snapshot();
        const res = await server.request("POST", collectionPath(resource), brokenText(body, key, value, how), {
          ...headers,
          "content-type": "application/json",
        });
        expectTmfError(res.status, res.body);
        if (res.status >= 400) expect(await snapshot()).toBe(before);
      }),
      { numRuns: RUNS, interruptAfterTimeLimit: 30_000 },
    );
  });
});

describe.each(REST_RESOURCES)("REST $type ($basePath): query strings", (resource) => {
  it("any parameters, values and fields: never a 5xx, always a TMF Error", async () => {
    const name = fc.oneof(
      fc.constantFrom("fields", "sort", "limit", "offset", "name", "totalAmount.value.gt", "account.id", "@type", "state", "id"),
      fc.string({ maxLength: 20 }),
    );
    const value = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.string({ unit: "binary", maxLength: 20 }),
      fc.constantFrom("-1", "1e309", "9".repeat(30), "name,-id", "", "\u0000"),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(name, value), { maxLength: 4 }), async (params) => {
        const query = new URLSearchParams(params).toString();
        const res = await server.request("GET", `${collectionPath(resource)}?${query}`, undefined, headers);
        expectTmfError(res.status, res.body);
      }),
      { numRuns: RUNS, interruptAfterTimeLimit: 30_000 },
    );
  });
});

describe.each(REST_RESOURCES.filter((r) => r.mutations.patch))("REST $type ($basePath): JSON Patch and JSON Patch Query", (resource) => {
  it("any operations, pointers, queries and values: never a 5xx, always a TMF Error, and a refusal writes nothing", async () => {
    const created = await server.request(
      "POST",
      collectionPath(REST_RESOURCES[0]!),
      {
        name: "Patched",
        engagedParty: { id: "p", "@referredType": "Individual" },
        contactMedium: [{ mediumType: "email", characteristic: { emailAddress: "a@b.c", contactType: "work" } }],
      },
      headers,
    );
    const segment = fc.constantFrom(
      "name",
      "contactMedium",
      "0",
      "1",
      "-",
      "characteristic",
      "emailAddress",
      "@type",
      "id",
      "href",
      "__proto__",
      "~1",
      "",
      "engagedParty",
      "constructor",
      "prototype",
    );
    const pointer = fc.array(segment, { maxLength: 4 }).map((parts) => parts.map((p) => `/${p}`).join(""));
    const query = fc.constantFrom(
      "$",
      "$.name",
      "$..*",
      "$.contactMedium[*]",
      "$.contactMedium[?@.contactType=='work'].emailAddress",
      "$[",
      "$.contactMedium[?match(@.x,'(a+)+')]",
      "$.contactMedium[?count(@..*) > 1]",
      "$.contactMedium[-1]",
      "$['name']",
      "$.nope.deeper",
      "$['__proto__']",
      "$.engagedParty.constructor",
      "$.contactMedium[?count($..*) > 0]",
      "$[*][*][*]",
      "$.contactMedium[*].characteristic[?@ != 'x']",
      "$.contactMedium[?@.a=='..$'].x",
    );
    const operation = fc.record(
      {
        op: fc.oneof(fc.constantFrom("add", "remove", "replace", "move", "copy", "test"), fc.string({ maxLength: 6 })),
        path: fc.oneof(pointer, query, fc.string({ maxLength: 12 })),
        from: fc.oneof(pointer, fc.constant(undefined)),
        value: fc.oneof(fc.jsonValue({ maxDepth: 2 }), breakage, hostileJson),
      },
      { requiredKeys: ["op", "path"] },
    );
    const copies = fc.constant(Array.from({ length: 40 }, () => ({ op: "copy", from: "/contactMedium", path: "/contactMedium/-" })));
    const body = fc.oneof(fc.array(operation, { maxLength: 5 }), fc.jsonValue({ maxDepth: 2 }), copies);
    const type = fc.constantFrom("application/json-patch+json", "application/json-patch-query+json");
    await fc.assert(
      fc.asyncProperty(body, type, async (ops, contentType) => {
        const before = await snapshot();
        const res = await server.request("PATCH", `${collectionPath(resource)}/${created.body.id}`, JSON.stringify(ops), {
          ...headers,
          "content-type": contentType,
        });
        expectTmfError(res.status, res.body);
        if (res.status >= 400) expect(await snapshot()).toBe(before);
      }),
      { numRuns: RUNS, interruptAfterTimeLimit: 30_000 },
    );
  });
});

describe("GraphQL JSON values", () => {
  it("any JSON value, hostile keys included, as a literal or a variable of every JSON input: never a 5xx, every error with a code, nothing written on a refusal", async () => {
    const created = await server.request(
      "POST",
      collectionPath(REST_RESOURCES[0]!),
      { name: "Json", engagedParty: { id: "p", "@referredType": "Individual" } },
      headers,
    );
    const literal = (value: unknown): string => {
      if (Array.isArray(value)) return `[${value.map(literal).join(", ")}]`;
      if (value !== null && typeof value === "object")
        return `{ ${Object.entries(value)
          .filter(([k]) => /^[_A-Za-z]\w*$/.test(k))
          .map(([k, v]) => `${k}: ${literal(v)}`)
          .join(", ")} }`;
      return JSON.stringify(value) ?? "null";
    };
    const documents = (id: string) => ({
      characteristic: `mutation ($v: JSON!) { updateCustomer(id: "${id}", patch: { characteristic: [{ name: "c", value: $v }] }) { id } }`,
      patchValue: `mutation ($v: JSON) { patchCustomer(id: "${id}", representation: v5, operations: [{ op: add, path: "/description", value: $v }]) { id } }`,
      patchQuery: `mutation ($v: JSON) { patchCustomer(id: "${id}", representation: v5, query: true, operations: [{ op: replace, path: "$.characteristic[*].value", value: $v }]) { id } }`,
    });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.jsonValue({ maxDepth: 3 }), hostileJson),
        fc.constantFrom("characteristic", "patchValue", "patchQuery"),
        fc.boolean(),
        async (value, which, asLiteral) => {
          const document = documents(created.body.id)[which as "characteristic"];
          const query = asLiteral ? document.replace(/\(\$v: JSON!?\) /, "").replace("$v", literal(value)) : document;
          const before = await snapshot();
          const res = await server.request("POST", "/graphql", JSON.stringify({ query, ...(!asLiteral && { variables: { v: value } }) }), {
            ...headers,
            "content-type": "application/json",
          });
          expect(res.status, JSON.stringify(res.body)).toBeLessThan(500);
          const errors = res.body.errors ?? (res.status >= 400 ? [{ extensions: { code: res.body.code } }] : []);
          for (const error of errors) expect(error.extensions?.code, JSON.stringify(res.body)).toEqual(expect.any(String));
          if (errors.length) expect(await snapshot()).toBe(before);
        },
      ),
      { numRuns: RUNS * 2, interruptAfterTimeLimit: 40_000 },
    );
    expect(({} as Record<string, unknown>).ok).toBeUndefined();
  });
});

describe("GraphQL documents", () => {
  const field = fc.constantFrom("id", "name", "href", "accounts { id }", "payments { totalAmount { value } }", "customer { id }", "nope", "__typename");
  const argument = fc.constantFrom("", "(limit: $n)", "(limit: 5)", "(offset: $n, limit: 2)", "(filter: $f)", '(limit: "x")');
  const document = fc.record({
    root: fc.constantFrom("customers", "billingAccounts", "payments", "customerBills", "refunds", "customer(id: $id)"),
    arg: argument,
    fields: fc.array(field, { minLength: 1, maxLength: 4 }),
    aliases: fc.integer({ min: 0, max: 40 }),
    fragmentDepth: fc.integer({ min: 0, max: 12 }),
    variables: fc.record(
      { n: fc.oneof(fc.integer({ min: -10, max: 100_000 }), fc.string()), id: fc.oneof(fc.uuid(), fc.string()), f: fc.jsonValue({ maxDepth: 3 }) },
      { requiredKeys: [] },
    ),
  });

  it("fragments, aliases and variables of any shape: never a 5xx, every error with a code, nothing written", async () => {
    await fc.assert(
      fc.asyncProperty(document, async (d) => {
        // Fragments that each spread the next one twice: exponential if expanded, linear if memoised.
        const fragments = Array.from(
          { length: d.fragmentDepth },
          (_, i) => `fragment F${i} on Customer { id ${i + 1 < d.fragmentDepth ? `...F${i + 1} ...F${i + 1}` : ""} }`,
        ).join("\n");
        const spread = d.fragmentDepth ? "... on Customer { ...F0 }" : "";
        const selection = `${d.fields.join(" ")} ${spread}`;
        const aliased = Array.from({ length: d.aliases }, (_, i) => `a${i}: ${d.root}${d.arg} { ${selection} }`).join(" ");
        const query = `query Q($n: Int, $id: ID!, $f: CustomerFilter) { ${d.root}${d.arg} { ${selection} } ${aliased} }\n${fragments}`;
        const before = await snapshot();
        const res = await server.request("POST", "/graphql", { query, variables: d.variables }, headers);
        expect(res.status, JSON.stringify(res.body)).toBeLessThan(500);
        for (const error of res.body.errors ?? []) expect(error.extensions?.code, JSON.stringify(error)).toEqual(expect.any(String));
        expect(await snapshot()).toBe(before);
      }),
      { numRuns: RUNS * 2, interruptAfterTimeLimit: 40_000 },
    );
  });

  it("validation time grows at most linearly with the document's size", async () => {
    const timed = async (depth: number) => {
      const fragments = Array.from({ length: depth }, (_, i) => `fragment F${i} on Customer { id ${i + 1 < depth ? `...F${i + 1} ...F${i + 1}` : ""} }`).join(
        "\n",
      );
      const query = `{ customers(limit: 1) { ...F0 } }\n${fragments}`;
      const started = performance.now();
      const res = await server.request("POST", "/graphql", { query }, headers);
      expect(res.status).toBeLessThan(500);
      return performance.now() - started;
    };
    await timed(10); // warm-up
    const small = Math.max(await timed(10), 5);
    const large = await timed(40);
    // 4× the document: at most linear growth plus generous noise, where the exponential expansion took seconds.
    expect(large).toBeLessThan(small * 4 * 5 + 200);
  });
});
