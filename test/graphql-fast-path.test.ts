import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.js";

// POST /graphql answers a query Apollo admitted and the runner compiled without Apollo's pipeline
// (src/http/graphql-fast-path.ts). A client must not tell the two apart: status, Content-Type and
// body byte for byte, errors included; and whatever the fast path would have to refuse (cost,
// variables, CSRF, GET, an unknown operation name) is answered by Apollo, as before.

let server: TestServer;
let customerId: string;

interface Answer {
  status: number;
  contentType: string | null;
  retryAfter: string | null;
  text: string;
}

async function post(body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(`${server.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.status, contentType: res.headers.get("content-type"), retryAfter: res.headers.get("retry-after"), text: await res.text() };
}

async function fastPathAnswers(): Promise<number> {
  const text = (await server.request("GET", "/metrics")).body as string;
  return Number(/^graphql_fast_path_total (\d+)/m.exec(text)?.[1] ?? 0);
}

/** Sends `body` four times: Apollo answers the first two (interpreted, then compiled), the fast path the next two. */
async function fourTimes(body: unknown, headers: Record<string, string> = {}) {
  const before = await fastPathAnswers();
  const answers = [];
  for (let i = 0; i < 4; i++) answers.push(await post(body, headers));
  return { answers, fast: (await fastPathAnswers()) - before };
}

const BY_ID = `query ($id: ID!) { customer(id: $id) { id name engagedParty { id } } }`;
/** The same query as a text of its own (a document Apollo has not seen yet). */
const byId = (comment: string) => `# ${comment}\n${BY_ID}`;

beforeAll(async () => {
  server = await startTestServer();
  const created = await server.graphql<{ createCustomer: { id: string } }>(
    `mutation { createCustomer(input: { name: "Ada", engagedParty: { id: "p1", atReferredType: "Individual" } }) { id } }`,
  );
  customerId = created.data!.createCustomer.id;
});
afterAll(() => server?.close());

describe("POST /graphql of a query seen before", () => {
  it("answers without Apollo the same bytes, status and Content-Type as Apollo did", async () => {
    const { answers, fast } = await fourTimes({ query: BY_ID, variables: { id: customerId } });
    expect(fast).toBe(2);
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(answers[0]!.status).toBe(200);
    expect(answers[0]!.contentType).toBe("application/json; charset=utf-8");
    expect(JSON.parse(answers[0]!.text)).toEqual({ data: { customer: { id: customerId, name: "Ada", engagedParty: { id: "p1" } } } });
  });

  it("keeps the Content-Type Apollo negotiates from the Accept header", async () => {
    const { answers, fast } = await fourTimes({ query: byId("accept"), variables: { id: customerId } }, { accept: "application/graphql-response+json" });
    expect(fast).toBe(2);
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(answers[0]!.contentType).toBe("application/graphql-response+json; charset=utf-8");
  });

  it("formats an error of the operation as Apollo does (the policy's code, the path)", async () => {
    const badPage = { query: `{ customers(limit: 1) { id accounts(limit: 101) { id } } }` };
    const { answers, fast } = await fourTimes(badPage);
    expect(fast).toBe(2);
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(answers[0]!.status).toBe(200);
    const body = JSON.parse(answers[0]!.text) as { errors: { path: unknown[]; locations: unknown[]; extensions: { code: string } }[] };
    expect(body.errors).toMatchObject([{ path: ["customers", 0, "accounts"], locations: [{ line: 1, column: 28 }], extensions: { code: "BAD_USER_INPUT" } }]);
  });

  it("leaves refused variables to Apollo: 400 BAD_USER_INPUT, as on a first run", async () => {
    await fourTimes({ query: byId("variables"), variables: { id: customerId } });
    const { answers, fast } = await fourTimes({ query: byId("variables"), variables: { id: { not: "an id" } } });
    expect(fast).toBe(0);
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(answers[0]!.status).toBe(400);
    expect(JSON.parse(answers[0]!.text).errors[0].extensions.code).toBe("BAD_USER_INPUT");
  });

  it("checks the cost with each request's variables: a limit over the budget is refused by Apollo", async () => {
    const query = `query ($n: Int) { customers(limit: $n) { id accounts(limit: 100) { id payments(limit: 100) { id } } } }`;
    const { fast } = await fourTimes({ query, variables: { n: 1 } });
    expect(fast).toBe(2);
    const before = await fastPathAnswers();
    const over = await post({ query, variables: { n: 100 } });
    expect(await fastPathAnswers()).toBe(before);
    expect(over.status).toBe(400);
    const error = JSON.parse(over.text).errors[0];
    expect(error.extensions).toEqual({ code: "GRAPHQL_VALIDATION_FAILED", limit: "complexity" });
  });

  it("runs the operation the request names, and leaves a missing name to Apollo", async () => {
    const query = `query A { customer(id: "${"0".repeat(8)}-0000-0000-0000-000000000000") { id } } query B { customers(limit: 1) { name } }`;
    const a = await fourTimes({ query, operationName: "A" });
    const b = await fourTimes({ query, operationName: "B" });
    expect([a.fast, b.fast]).toEqual([2, 2]);
    expect(JSON.parse(b.answers[3]!.text)).toEqual({ data: { customers: [{ name: "Ada" }] } });
    expect(JSON.parse(a.answers[3]!.text).data).toEqual({ customer: null });
    const unnamed = await fourTimes({ query });
    expect(unnamed.fast).toBe(0);
    expect(unnamed.answers[3]!.status).toBe(400);
    expect(JSON.parse(unnamed.answers[3]!.text).errors[0].extensions.code).toBe("OPERATION_RESOLUTION_FAILURE");
  });

  it("leaves GET (and its CSRF prevention) and mutations to Apollo", async () => {
    const body = { query: BY_ID, variables: { id: customerId } };
    await fourTimes(body);
    const before = await fastPathAnswers();
    const search = `query=${encodeURIComponent(BY_ID)}&variables=${encodeURIComponent(JSON.stringify({ id: customerId }))}`;
    const forged = await fetch(`${server.url}/graphql?${search}`);
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain("cross-site request forgery (CSRF)");
    const get = await fetch(`${server.url}/graphql?${search}`, { headers: { "apollo-require-preflight": "1" } });
    expect(get.status).toBe(200);
    const mutation = `mutation ($id: ID!) { deleteCustomer(id: $id) }`;
    const deletes = await fourTimes({ query: mutation, variables: { id: "00000000-0000-0000-0000-000000000000" } });
    expect(deletes.fast).toBe(0);
    expect(await fastPathAnswers()).toBe(before);
  });
});
