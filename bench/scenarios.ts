// What each scenario sends, and the proof, before any load, that the floor, REST and GraphQL give the
// same answer for the same customer:
//   a. floor / b. REST   GET customer/{id}, rotating over every customer id in a fixed pseudo-random order
//   c. GraphQL           POST /graphql customer(id) with exactly the selection the REST layer builds
//   d. nested            POST /graphql customers(limit: 50) → accounts → payments
// (e. payments: bench/payments.ts). Every request carries the bench's API key, to the floor too
// (which ignores it), so both receive the same bytes.
import type { AutocannonRequest } from "autocannon";
import { isDeepStrictEqual } from "node:util";
import type { Service } from "../scripts/launch/service.mjs";
import { log } from "./options.js";
import type { SeedResult } from "./seed.js";

export const CUSTOMER_PATH = "/tmf-api/customerManagement/v4/customer/";
export const PAYMENT_PATH = "/tmf-api/paymentManagement/v4/payment";
export const NESTED_QUERY = "{ customers(limit: 50) { id name accounts { id name payments { id totalAmount { unit value } account { id } } } } }";
// The product authenticates every API call (src/config.ts: AUTH is on whenever DATABASE_URL is set):
// the bench runs with one API key granting every scope and sends it on every request.
export const BENCH_API_KEY = `bench-${process.pid}-0123456789abcdef`;
export const AUTH_HEADERS = { "x-api-key": BENCH_API_KEY };
export const JSON_HEADERS = { ...AUTH_HEADERS, "content-type": "application/json" };

export async function getJson(url: string, init?: RequestInit): Promise<{ status: number; body: unknown; bytes: number; headers: Headers }> {
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, bytes: Buffer.byteLength(text), headers: res.headers };
}

/** Replaces a server's own origin in every string (hrefs), so two servers' bodies can be compared. */
function withoutOrigin(value: unknown, origin: string): unknown {
  if (typeof value === "string") return value.split(origin).join("<base>");
  if (Array.isArray(value)) return value.map((v) => withoutOrigin(v, origin));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutOrigin(v, origin)]));
  }
  return value;
}

function rotating<T>(items: T[]): () => T {
  let i = 0;
  return () => items[i++ % items.length]!;
}

export interface Scenarios {
  graphqlByIdQuery: string;
  /** The first customer's answers: the REST body and the sizes of the three bodies. */
  sample: Record<string, unknown>;
  byIdRequests(): AutocannonRequest[];
  graphqlRequests(): AutocannonRequest[];
  nestedRequests(): AutocannonRequest[];
}

/** The scenarios' requests, once floor, REST and GraphQL are shown to return the same customer JSON (throws if not). */
export async function prepareScenarios(data: SeedResult, product: Service, floor: Service): Promise<Scenarios> {
  await import("reflect-metadata");
  const { getSchema } = await import("../src/schema/schema.js");
  const { selectionFor } = await import("../src/rest/selection.js");
  const { toTmf } = await import("../src/tmf/tmf-json.js");
  const { isObjectType } = await import("graphql");
  const customerType = (await getSchema()).getType("Customer");
  if (!isObjectType(customerType)) throw new Error("schema has no Customer type");
  const graphqlByIdQuery = `query ($id: ID!) { customer(id: $id) ${selectionFor(customerType)} }`;

  const sample: Record<string, unknown> = {};
  for (const id of data.customerIds.slice(0, 5)) {
    const rest = await getJson(`${product.url}${CUSTOMER_PATH}${id}`, { headers: AUTH_HEADERS });
    const fl = await getJson(`${floor.url}${CUSTOMER_PATH}${id}`, { headers: AUTH_HEADERS });
    const gql = await getJson(`${product.url}/graphql`, {
      method: "POST",
      headers: JSON_HEADERS,
      body: JSON.stringify({ query: graphqlByIdQuery, variables: { id } }),
    });
    const gqlData = (gql.body as { data?: { customer?: unknown }; errors?: unknown[] }) ?? {};
    if (rest.status !== 200 || fl.status !== 200 || gql.status !== 200 || gqlData.errors) {
      throw new Error(`GET customer ${id}: REST ${rest.status}, floor ${fl.status}, GraphQL ${gql.status} ${JSON.stringify(gqlData.errors ?? "")}`);
    }
    const restBody = withoutOrigin(rest.body, product.url);
    if (!isDeepStrictEqual(restBody, withoutOrigin(fl.body, floor.url))) {
      throw new Error(
        `the floor's JSON differs from the product's for customer ${id}:\n  REST  ${JSON.stringify(restBody)}\n  floor ${JSON.stringify(withoutOrigin(fl.body, floor.url))}`,
      );
    }
    if (!isDeepStrictEqual(restBody, withoutOrigin(toTmf(gqlData.data!.customer), product.url))) {
      throw new Error(
        `GraphQL customer(id) selects other attributes than REST for ${id}:\n  REST    ${JSON.stringify(restBody)}\n  GraphQL ${JSON.stringify(gqlData.data!.customer)}`,
      );
    }
    if (!sample.rest) Object.assign(sample, { rest: rest.body, restBytes: rest.bytes, floorBytes: fl.bytes, graphqlBytes: gql.bytes });
  }
  log(`floor, REST and GraphQL return the same customer JSON (REST body ${sample.restBytes} B, floor ${sample.floorBytes} B)`);

  const byIdRequests = (): AutocannonRequest[] => {
    const next = rotating(data.customerIds);
    return [{ method: "GET", headers: AUTH_HEADERS, setupRequest: (req) => ({ ...req, path: `${CUSTOMER_PATH}${next()}` }) }];
  };
  const graphqlRequests = (): AutocannonRequest[] => {
    const next = rotating(data.customerIds);
    return [
      {
        method: "POST",
        path: "/graphql",
        headers: JSON_HEADERS,
        setupRequest: (req) => ({ ...req, body: JSON.stringify({ query: graphqlByIdQuery, variables: { id: next() } }) }),
      },
    ];
  };
  const nestedRequests = (): AutocannonRequest[] => [
    { method: "POST", path: "/graphql", headers: JSON_HEADERS, body: JSON.stringify({ query: NESTED_QUERY }) },
  ];

  return { graphqlByIdQuery, sample, byIdRequests, graphqlRequests, nestedRequests };
}
