// What the product and the PostGraphile peer are sent for the same answer, and the proof, before any
// load, that both return the same rows (same ids in the same order, same names and amounts):
//   nested   50 customers × their billing accounts × those accounts' payments (the product's nested
//            read, bench/scenarios.ts; its nested lists default to 5 items: `first: 5` on the peer)
//   list     100 payments of one account (bench/list-account.ts), in creation order
//   by id    one customer by id, every TMF attribute (the product: the REST layer's selection, as in
//            phase c; the peer: every column of the row, its JSON columns whole)
// Orders are the product's: creation order (createdAt, then id). The peer's names are Amber's default
// inflection (rowId for the id column, <table>sBy<Fk> for backward relations), checked by introspection.
import type { AutocannonRequest } from "autocannon";
import { isDeepStrictEqual } from "node:util";
import type { Service } from "../scripts/launch/service.mjs";
import type { ListAccount } from "./list-account.js";
import { log, type PeerPhase } from "./options.js";
import { getJson, JSON_HEADERS, NESTED_QUERY } from "./scenarios.js";

const ORDER = "orderBy: [CREATED_AT_ASC, ROW_ID_ASC]";

export const LIST_QUERY =
  "query ($account: String!) { payments(filter: { account: { id: { eq: $account } } }, limit: 100) " +
  "{ id description paymentDate status totalAmount { unit value } account { id } } }";

export const PEER_QUERIES = {
  nested:
    `{ allCustomers(first: 50, ${ORDER}) { nodes { rowId name ` +
    `billingAccountsByCustomerId(first: 5, ${ORDER}) { nodes { rowId name ` +
    `paymentsByBillingAccountId(first: 5, ${ORDER}) { nodes { rowId totalAmountUnit totalAmountValue accountId } } } } } } }`,
  list:
    `query ($account: UUID!) { allPayments(condition: { accountId: $account }, first: 100, ${ORDER}) ` +
    "{ nodes { rowId description paymentDate status totalAmountUnit totalAmountValue accountId } } }",
  byId:
    "query ($id: UUID!) { customerByRowId(rowId: $id) { rowId name status statusReason validFor engagedParty characteristic " +
    "contactMedium creditProfile relatedParty agreement paymentMethod account atType atBaseType atSchemaLocation } }",
};

type Row = Record<string, unknown>;
type Nodes = { nodes: Row[] };

// Both sides' answers in one shape: amounts as numbers (the peer's BigFloat is a string), dates as epoch ms.
const nestedOfProduct = (d: Row) =>
  (d.customers as Row[]).map((c) => ({
    id: c.id,
    name: c.name,
    accounts: (c.accounts as Row[]).map((a) => ({
      id: a.id,
      name: a.name,
      payments: (a.payments as Row[]).map((p) => ({ id: p.id, ...money(p.totalAmount as Row), account: (p.account as Row).id })),
    })),
  }));
const nestedOfPeer = (d: Row) =>
  (d.allCustomers as Nodes).nodes.map((c) => ({
    id: c.rowId,
    name: c.name,
    accounts: (c.billingAccountsByCustomerId as Nodes).nodes.map((a) => ({
      id: a.rowId,
      name: a.name,
      payments: (a.paymentsByBillingAccountId as Nodes).nodes.map((p) => ({
        id: p.rowId,
        unit: p.totalAmountUnit,
        value: Number(p.totalAmountValue),
        account: p.accountId,
      })),
    })),
  }));
const money = (m: Row) => ({ unit: m.unit, value: Number(m.value) });
const listOfProduct = (d: Row) =>
  (d.payments as Row[]).map((p) => ({
    id: p.id,
    description: p.description,
    paymentDate: Date.parse(p.paymentDate as string),
    status: p.status,
    ...money(p.totalAmount as Row),
    account: (p.account as Row).id,
  }));
const listOfPeer = (d: Row) =>
  (d.allPayments as Nodes).nodes.map((p) => ({
    id: p.rowId,
    description: p.description,
    paymentDate: Date.parse(p.paymentDate as string),
    status: p.status,
    unit: p.totalAmountUnit,
    value: Number(p.totalAmountValue),
    account: p.accountId,
  }));
/** The attributes with a value, at every depth (the product's selection gives null for absent sub-fields). */
function present(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(present);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => [k, present(v)]),
  );
}
const customerOfProduct = (d: Row) => {
  const { href: _href, ...rest } = d.customer as Row;
  return present(rest);
};
const customerOfPeer = (d: Row) => {
  const { rowId, ...rest } = d.customerByRowId as Row;
  return present({ id: rowId, ...rest });
};

export interface PeerScenario {
  phase: PeerPhase;
  name: string;
  productQuery: string;
  peerQuery: string;
  /** One request body per side (for the statement count). */
  bodies: [string, string];
  product(): AutocannonRequest[];
  peer(): AutocannonRequest[];
}
export interface PeerScenarios {
  scenarios: PeerScenario[];
  /** What the check compared: rows per query, and the answers' sizes. */
  check: Record<string, unknown>;
}

const post = (query: string, variables?: Record<string, unknown>) => JSON.stringify(variables ? { query, variables } : { query });
const request = (body: string): AutocannonRequest[] => [{ method: "POST", path: "/graphql", headers: JSON_HEADERS, body }];
function rotating(query: string, ids: string[]): () => AutocannonRequest[] {
  return () => {
    let i = 0;
    return [{ method: "POST", path: "/graphql", headers: JSON_HEADERS, setupRequest: (req) => ({ ...req, body: post(query, { id: ids[i++ % ids.length] }) }) }];
  };
}

async function graphql(server: Service, body: string): Promise<{ data: Row; bytes: number }> {
  const res = await getJson(`${server.url}/graphql`, { method: "POST", headers: JSON_HEADERS, body });
  const answer = res.body as { data?: Row; errors?: unknown[] } | undefined;
  if (res.status !== 200 || !answer?.data || answer.errors) {
    throw new Error(`${server.name} POST /graphql ${body.slice(0, 120)}…: ${res.status} ${JSON.stringify(answer?.errors ?? answer).slice(0, 500)}`);
  }
  return { data: answer.data, bytes: res.bytes };
}

/** Sends each query once to both sides and throws unless they return the same rows. */
async function sameRows(
  name: string,
  product: Service,
  peer: Service,
  bodies: [string, string],
  normalise: [(d: Row) => unknown, (d: Row) => unknown],
): Promise<{ productBytes: number; peerBytes: number; answer: unknown }> {
  const [a, b] = await Promise.all([graphql(product, bodies[0]), graphql(peer, bodies[1])]);
  const [x, y] = [normalise[0](a.data), normalise[1](b.data)];
  if (!isDeepStrictEqual(x, y)) {
    throw new Error(
      `${name}: the product and PostGraphile return different rows:\n  product      ${JSON.stringify(x).slice(0, 800)}\n  PostGraphile ${JSON.stringify(y).slice(0, 800)}`,
    );
  }
  return { productBytes: a.bytes, peerBytes: b.bytes, answer: x };
}

export async function preparePeerScenarios(
  product: Service,
  peer: Service,
  graphqlByIdQuery: string,
  customerIds: string[],
  listAccount: ListAccount | undefined,
  phases: Set<string>,
): Promise<PeerScenarios> {
  const scenarios: PeerScenario[] = [];
  const check: Record<string, unknown> = {};
  if (phases.has("postgraphile-nested")) {
    const bodies: [string, string] = [post(NESTED_QUERY), post(PEER_QUERIES.nested)];
    const r = await sameRows("nested", product, peer, bodies, [nestedOfProduct, nestedOfPeer]);
    const customers = r.answer as { accounts: { payments: unknown[] }[] }[];
    const accounts = customers.flatMap((c) => c.accounts);
    check.nested = {
      customers: customers.length,
      accounts: accounts.length,
      payments: accounts.flatMap((a) => a.payments).length,
      productBytes: r.productBytes,
      peerBytes: r.peerBytes,
    };
    if (customers.length !== 50) throw new Error(`nested: ${customers.length} customers, 50 expected`);
    scenarios.push({
      phase: "postgraphile-nested",
      name: "nested",
      productQuery: NESTED_QUERY,
      peerQuery: PEER_QUERIES.nested,
      bodies,
      product: () => request(bodies[0]),
      peer: () => request(bodies[1]),
    });
  }
  if (phases.has("postgraphile-list")) {
    if (!listAccount) throw new Error("list: no list account");
    const bodies: [string, string] = [post(LIST_QUERY, { account: listAccount.accountId }), post(PEER_QUERIES.list, { account: listAccount.accountId })];
    const r = await sameRows("list", product, peer, bodies, [listOfProduct, listOfPeer]);
    const n = (r.answer as unknown[]).length;
    check.list = { account: listAccount.accountId, accountPayments: listAccount.payments, payments: n, productBytes: r.productBytes, peerBytes: r.peerBytes };
    if (n !== 100) throw new Error(`list: ${n} payments, 100 expected`);
    scenarios.push({
      phase: "postgraphile-list",
      name: "list",
      productQuery: LIST_QUERY,
      peerQuery: PEER_QUERIES.list,
      bodies,
      product: () => request(bodies[0]),
      peer: () => request(bodies[1]),
    });
  }
  if (phases.has("postgraphile-by-id")) {
    let bytes: Record<string, number> = {};
    for (const id of customerIds.slice(0, 5)) {
      const r = await sameRows(
        `customer ${id}`,
        product,
        peer,
        [post(graphqlByIdQuery, { id }), post(PEER_QUERIES.byId, { id })],
        [customerOfProduct, customerOfPeer],
      );
      bytes = { productBytes: r.productBytes, peerBytes: r.peerBytes };
    }
    check.byId = { customers: 5, ...bytes };
    scenarios.push({
      phase: "postgraphile-by-id",
      name: "by id",
      productQuery: graphqlByIdQuery,
      peerQuery: PEER_QUERIES.byId,
      bodies: [post(graphqlByIdQuery, { id: customerIds[0] }), post(PEER_QUERIES.byId, { id: customerIds[0] })],
      product: rotating(graphqlByIdQuery, customerIds),
      peer: rotating(PEER_QUERIES.byId, customerIds),
    });
  }
  log(`the product and PostGraphile return the same rows: ${JSON.stringify(check)}`);
  return { scenarios, check };
}
