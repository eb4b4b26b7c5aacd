// i. REST list vs the same GraphQL list, on the product (issue 14: "REST lists ride the same path:
// GET /payment?account.id=…&limit=100 within 15 % of the GraphQL list"):
//   REST     GET /tmf-api/paymentManagement/v4/payment?account.id=<list account>&limit=100&fields=…
//   GraphQL  POST /graphql payments(filter: { account: { id: { eq: $account } } }, limit: 100) with exactly
//            the selection the REST layer builds for those fields (src/rest/selection.ts: id, href, the
//            fields, sub-objects whole), as phase c does for the customer by id
// Before any load both are sent once: the same 100 payment ids in the same order, and the same body
// (the GraphQL data with TMF names, hrefs without their origin), or the phase fails and is not loaded.
// Then both in alternating rounds, as against PostGraphile (bench/postgraphile-loads.ts): a warm-up
// each, --rounds rounds per side, REST first, each --duration long; each side's rounds merged.
// The REST list also answers X-Total-Count and a Link: its operation reads the list's connection, the
// page, its cursor and the bounded count in one statement (src/rest/translator.ts). A third side sends
// that operation itself to /graphql (paymentsConnection with totalCount and pageInfo): REST against it
// is the REST layer's own cost; against the plain list, the REST layer's plus the count's.
import type { AutocannonRequest } from "autocannon";
import { isDeepStrictEqual } from "node:util";
import type { Service } from "../scripts/launch/service.mjs";
import type { ListAccount } from "./list-account.js";
import { CONFIG, log } from "./options.js";
import { alternateRounds, merge, type MergedResult } from "./postgraphile-loads.js";
import type { BenchPostgres } from "./postgres.js";
import { AUTH_HEADERS, getJson, JSON_HEADERS, PAYMENT_PATH } from "./scenarios.js";
import { countRequestStatements, type StatementCount } from "./statement-count.js";

export const REST_LIST_FIELDS = ["id", "description", "paymentDate", "status", "totalAmount", "account"];
export const REST_LIST_TARGET = 1.15;

export interface RestListResult {
  rest: MergedResult;
  graphql: MergedResult;
  /** The same page with its count and cursor through /graphql: REST's operation. */
  connection: MergedResult;
  /** GraphQL req/s ÷ REST req/s (> 1: REST is slower) */
  graphqlOverRest: number;
  /** The connection's req/s ÷ REST req/s */
  connectionOverRest: number;
  restPath: string;
  graphqlQuery: string;
  connectionQuery: string;
  /** What the check before the load saw. */
  sameRows: { account: string; accountPayments: number; payments: number; restBytes: number; graphqlBytes: number; connectionBytes: number };
  sqlStatements: { rest?: StatementCount; graphql?: StatementCount };
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Replaces a server's origin in every string (hrefs), as bench/scenarios.ts does. */
function withoutOrigin(value: unknown, origin: string): unknown {
  if (typeof value === "string") return value.split(origin).join("<base>");
  if (Array.isArray(value)) return value.map((v) => withoutOrigin(v, origin));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutOrigin(v, origin)]));
  return value;
}

/** The GraphQL list, and the same page with its count and cursor, with the REST layer's own selection for REST_LIST_FIELDS. */
async function graphqlListQueries(): Promise<{ list: string; connection: string }> {
  await import("reflect-metadata");
  const { getSchema } = await import("../src/schema/schema.js");
  const { selectionFor } = await import("../src/rest/selection.js");
  const { isObjectType } = await import("graphql");
  const paymentType = (await getSchema()).getType("Payment");
  if (!isObjectType(paymentType)) throw new Error("schema has no Payment type");
  const selection = selectionFor(paymentType, REST_LIST_FIELDS);
  const filter = "filter: { account: { id: { eq: $account } } }";
  return {
    list: `query ($account: String!) { payments(${filter}, limit: 100) ${selection} }`,
    connection: `query ($account: String!) { paymentsConnection(${filter}, first: 100) { edges { node ${selection} } pageInfo { hasNextPage hasPreviousPage endCursor } totalCount } }`,
  };
}

const ids = (items: unknown) => (Array.isArray(items) ? items.map((p) => (p as { id?: unknown }).id) : []);

/**
 * Phase i: the check, the statement counts, then the alternating rounds. A failed check or error
 * responses are added to `failures` (after a failed check nothing is loaded: undefined).
 */
export async function runRestList(
  db: BenchPostgres,
  product: Service,
  listAccount: ListAccount,
  postmasterPid: number | undefined,
  failures: string[],
): Promise<RestListResult | undefined> {
  const name = "i. REST list";
  const account = listAccount.accountId;
  const restPath = `${PAYMENT_PATH}?account.id=${encodeURIComponent(account)}&limit=100&fields=${REST_LIST_FIELDS.join(",")}`;
  const { list: graphqlQuery, connection: connectionQuery } = await graphqlListQueries();
  const graphqlBody = JSON.stringify({ query: graphqlQuery, variables: { account } });
  const connectionBody = JSON.stringify({ query: connectionQuery, variables: { account } });

  // The same 100 payments, in the same order, with the same attributes.
  const rest = await getJson(`${product.url}${restPath}`, { headers: AUTH_HEADERS });
  const gql = await getJson(`${product.url}/graphql`, { method: "POST", headers: JSON_HEADERS, body: graphqlBody });
  const gqlAnswer = (gql.body ?? {}) as { data?: { payments?: unknown[] }; errors?: unknown[] };
  const conn = await getJson(`${product.url}/graphql`, { method: "POST", headers: JSON_HEADERS, body: connectionBody });
  const connAnswer = (conn.body ?? {}) as { data?: { paymentsConnection?: { edges?: { node: unknown }[]; totalCount?: number } } };
  const restIds = ids(rest.body);
  const graphqlIds = ids(gqlAnswer.data?.payments);
  const connectionIds = ids(connAnswer.data?.paymentsConnection?.edges?.map((e) => e.node));
  let problem: string | undefined;
  if (rest.status !== 200 || !Array.isArray(rest.body)) problem = `REST GET ${restPath}: ${rest.status} ${JSON.stringify(rest.body).slice(0, 300)}`;
  else if (gql.status !== 200 || gqlAnswer.errors || !Array.isArray(gqlAnswer.data?.payments)) {
    problem = `GraphQL payments list: ${gql.status} ${JSON.stringify(gqlAnswer.errors ?? gqlAnswer).slice(0, 300)}`;
  } else if (restIds.length !== 100 || !isDeepStrictEqual(restIds, graphqlIds) || !isDeepStrictEqual(restIds, connectionIds)) {
    problem =
      `REST and GraphQL return different payments (${restIds.length}, ${graphqlIds.length} and ${connectionIds.length}, 100 expected, same order):\n` +
      `  REST    ${JSON.stringify(restIds).slice(0, 400)}\n  GraphQL ${JSON.stringify(graphqlIds).slice(0, 400)}\n  connection ${JSON.stringify(connectionIds).slice(0, 400)}`;
  } else if (String(connAnswer.data?.paymentsConnection?.totalCount) !== rest.headers.get("x-total-count")) {
    problem = `the connection's totalCount ${connAnswer.data?.paymentsConnection?.totalCount} is not REST's X-Total-Count ${rest.headers.get("x-total-count")}`;
  } else {
    const { toTmf } = await import("../src/tmf/tmf-json.js");
    const [a, b] = [withoutOrigin(rest.body, product.url), withoutOrigin(toTmf(gqlAnswer.data!.payments), product.url)];
    if (!isDeepStrictEqual(a, b)) {
      problem = `the GraphQL list selects other attributes than REST:\n  REST    ${JSON.stringify((a as unknown[])[0])}\n  GraphQL ${JSON.stringify((b as unknown[])[0])}`;
    }
  }
  if (problem) {
    failures.push(`${name}: ${problem}`);
    log(`${name}: FAILED the check before the load, not measured: ${problem}`);
    return undefined;
  }
  const sameRows = {
    account,
    accountPayments: listAccount.payments,
    payments: restIds.length,
    restBytes: rest.bytes,
    graphqlBytes: gql.bytes,
    connectionBytes: conn.bytes,
  };
  log(
    `${name}: REST and GraphQL return the same 100 payments in the same order, the same attributes (REST body ${rest.bytes} B, GraphQL ${gql.bytes} B, connection ${conn.bytes} B)`,
  );

  const sqlStatements = {
    rest: await countRequestStatements(db, product, "GET", restPath),
    graphql: await countRequestStatements(db, product, "POST", "/graphql", JSON.parse(graphqlBody)),
  };
  const fmt = (c?: StatementCount) => (c ? String(c.total) : "n/a");
  log(`${name}: SQL statements per request, REST ${fmt(sqlStatements.rest)}, GraphQL ${fmt(sqlStatements.graphql)}`);

  const restRequests = (): AutocannonRequest[] => [{ method: "GET", path: restPath, headers: AUTH_HEADERS }];
  const graphqlRequests = (): AutocannonRequest[] => [{ method: "POST", path: "/graphql", headers: JSON_HEADERS, body: graphqlBody }];
  const [r, g, c] = await alternateRounds(
    name,
    [
      { label: "REST", server: product, requests: restRequests },
      { label: "GraphQL", server: product, requests: graphqlRequests },
      { label: "GraphQL connection", server: product, requests: () => [{ method: "POST", path: "/graphql", headers: JSON_HEADERS, body: connectionBody }] },
    ],
    postmasterPid,
  );
  const result: RestListResult = {
    rest: merge(r!.rounds, r!.latencies, `GET ${restPath}`),
    graphql: merge(g!.rounds, g!.latencies, `POST /graphql ${graphqlQuery}`),
    connection: merge(c!.rounds, c!.latencies, `POST /graphql ${connectionQuery}`),
    graphqlOverRest: 0,
    connectionOverRest: 0,
    restPath,
    graphqlQuery,
    connectionQuery,
    sameRows,
    sqlStatements,
  };
  result.graphqlOverRest = round(result.graphql.requestsPerSec / result.rest.requestsPerSec);
  result.connectionOverRest = round(result.connection.requestsPerSec / result.rest.requestsPerSec);
  log(
    `${name}: REST ${result.rest.requestsPerSec} req/s vs GraphQL ${result.graphql.requestsPerSec} req/s (GraphQL ÷ REST ${result.graphqlOverRest}), ` +
      `the same page with its count through /graphql ${result.connection.requestsPerSec} req/s (÷ REST ${result.connectionOverRest})`,
  );
  for (const [label, m] of [
    ["REST", result.rest],
    ["GraphQL", result.graphql],
    ["GraphQL connection", result.connection],
  ] as const) {
    if (m.non2xx || m.errors > m.timeouts) {
      failures.push(
        `${name} ${label}: ${m.non2xx} non-2xx responses (${JSON.stringify(m.statusCodes)}), ${m.errors - m.timeouts} connection errors (see bench/logs/)`,
      );
    }
  }
  return result;
}

const fmtRatio = (v: number | undefined) => (v === undefined ? "n/a" : v.toFixed(2));

/** Phase i in bench/results.json, its target, and its part of the last line. */
export function restListSection(result: RestListResult | undefined) {
  const ratio = result?.graphqlOverRest;
  return {
    measurements: result && { ...result, rounds: CONFIG.rounds, roundSec: CONFIG.durationSec, order: "REST, GraphQL, REST, GraphQL, …" },
    ratios: { rest_list_over_graphql: ratio, rest_list_over_graphql_connection: result?.connectionOverRest },
    target: {
      name: "REST list vs GraphQL list",
      target: `GraphQL req/s ÷ REST req/s ≤ ${REST_LIST_TARGET}`,
      value: fmtRatio(ratio),
      pass: ratio === undefined ? undefined : ratio <= REST_LIST_TARGET,
    },
    lastLine: ` rest_list_over_graphql=${fmtRatio(ratio)} rest_list_over_graphql_connection=${fmtRatio(result?.connectionOverRest)}`,
  };
}

/** The table's rows for phase i: [name, result, SQL/req]. */
export function restListRows(measurements: unknown): [string, MergedResult, string][] {
  const m = measurements as RestListResult | undefined;
  if (!m) return [];
  return [
    ["i. REST    GET payment list (100)", m.rest, m.sqlStatements.rest ? String(m.sqlStatements.rest.total) : ""],
    ["i. GraphQL payments list (100)", m.graphql, m.sqlStatements.graphql ? String(m.sqlStatements.graphql.total) : ""],
    ...(m.connection ? ([["i. GraphQL paymentsConnection (100 + count)", m.connection, ""]] as [string, MergedResult, string][]) : []),
  ];
}

/** Under the table, when i ran: how it was measured, what the check saw. */
export function restListNote(measurements: unknown): string[] {
  const m = measurements as (RestListResult & { rounds: number; roundSec: number }) | undefined;
  if (!m) return [];
  return [
    `i: REST list, the same GraphQL list, and REST's own operation (the page, its cursor and count) through /graphql, on the product, ${m.rounds} alternating rounds of ${m.roundSec} s per side (REST first); ` +
      `list account ${m.sameRows.account}: the same ${m.sameRows.payments} payments in the same order, same attributes ` +
      `(REST ${m.sameRows.restBytes} B, GraphQL ${m.sameRows.graphqlBytes} B, connection ${m.sameRows.connectionBytes ?? "n/a"} B)`,
    "",
  ];
}
