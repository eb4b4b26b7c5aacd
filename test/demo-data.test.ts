import { Kind, parse, type OperationDefinitionNode } from "graphql";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import path from "node:path";
import { ConfigError, loadConfig } from "../src/config.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { startTestServer, type TestServer } from "./support/server.js";
import { exited, startService } from "./support/service-process.js";
import { countRows } from "./support/sql-counts.js";

// DEMO_DATA (src/demo/): a fresh service holds demo data, and the explorer opens on every example
// of graphql/examples/ with variables naming it — each operation runs as the explorer sends it.

interface ExplorerConfig {
  defaultQuery: string;
  defaultVariables: string;
}

/** The explorer page's configuration, as the browser gets it on GET /graphql. */
async function explorerConfig(url: string): Promise<{ document: string; variables: Record<string, unknown> }> {
  const res = await fetch(`${url}/graphql`, { headers: { accept: "text/html" } });
  const html = await res.text();
  expect(res.status).toBe(200);
  const json = /<script id="explorer-config" type="application\/json">(.*?)<\/script>/s.exec(html)![1]!;
  const config = JSON.parse(json) as ExplorerConfig;
  return { document: config.defaultQuery, variables: JSON.parse(config.defaultVariables) };
}

const operationsOf = (document: string) => parse(document).definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);

/** The example files' operations, read independently of the explorer: how many, and the names they give. */
async function exampleOperations(): Promise<{ count: number; named: string[] }> {
  const { readdirSync, readFileSync } = await import("node:fs");
  const dir = "graphql/examples";
  const operations = readdirSync(dir)
    .filter((f) => f.endsWith(".graphql"))
    .flatMap((f) => operationsOf(readFileSync(`${dir}/${f}`, "utf8")));
  return { count: operations.length, named: operations.flatMap((o) => (o.name ? [o.name.value] : [])) };
}

const customersCount = async (server: TestServer) => (await server.graphql<{ customersCount: number }>("{ customersCount }")).data!.customersCount;

const accountIdOf = async (server: TestServer, name: string) =>
  (await server.graphql<{ billingAccounts: { id: string }[] }>("query ($n: String) { billingAccounts(filter: { name: { eq: $n } }) { id } }", { n: name }))
    .data!.billingAccounts[0]!.id;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ DEMO_DATA: "true", EVENTS_POLL_MS: "50" });
});
afterAll(() => server?.close());

describe("DEMO_DATA=true on a fresh database", () => {
  it("every example operation runs with the explorer's variables and answers data, without errors", async () => {
    const { document, variables } = await explorerConfig(server.url);
    const operations = operationsOf(document);
    const examples = await exampleOperations();
    expect(operations).toHaveLength(examples.count);
    expect(operations.map((o) => o.name!.value)).toEqual(expect.arrayContaining(examples.named));
    for (const value of Object.values(variables)) expect(value, JSON.stringify(variables)).not.toBe("");

    // The subscriptions first (bounded: each waits for one event at most 10 s), then the rest in document order.
    const client = createClient({ url: `${server.url.replace("http", "ws")}/graphql`, webSocketImpl: WebSocket, lazy: false });
    try {
      const events = operations
        .filter((o) => o.operation === "subscription")
        .map((o) => firstEvent(client, { query: document, operationName: o.name!.value, variables }));
      await new Promise((r) => setTimeout(r, 300)); // the subscriptions are registered
      const results: Record<string, Record<string, unknown>> = {};
      for (const operation of operations.filter((o) => o.operation !== "subscription")) {
        const name = operation.name!.value;
        const res = await server.request("POST", "/graphql", { query: document, operationName: name, variables });
        expect(res.body.errors, `${name}: ${JSON.stringify(res.body.errors)}`).toBeUndefined();
        expect(res.status).toBe(200);
        results[name] = res.body.data;
      }
      const made = JSON.stringify(results);
      // The tasks were granted, the rates billed, the bill paid in part, the phone changed (values of demo-data.ts).
      expect(made).not.toContain('"rejected"');
      expect(made).toContain('"amountDue":{"unit":"EUR","value":32.49}');
      expect(made).toContain('"remainingAmount":{"value":190}');
      expect(made).toContain('"contactType":"home","phoneNumber":"+1 202 555 0199"');
      for (const event of await Promise.all(events)) expect(made, "the subscription saw a payment the examples made").toContain(JSON.stringify(event.id));
    } finally {
      await client.dispose();
    }
  });

  it("holds what the examples need: three customers, the bill partly paid, the rates billable, the v5 customer", async () => {
    const { data } = await server.graphql<{
      customers: { name: string; accounts: { name: string; accountType: string }[] }[];
      customerBills: { billNo: string; state: string }[];
    }>("{ customers(limit: 10) { name accounts { name accountType } } customerBills(limit: 10) { billNo state } }");
    expect(data!.customers.map((c) => c.name).sort()).toEqual(["Alan Turing", "Analytical Engines Ltd", "Grace Hopper"]);
    expect(data!.customers.flatMap((c) => c.accounts).every((a) => a.accountType)).toBe(true);
    expect(data!.customerBills.find((b) => b.billNo === "DEMO-2026-0001")?.state).toBe("partiallyPaid");
    expect(await countRows(server, "refund")).toBe(1);
    const v5 = await server.request("GET", "/tmf-api/customer/v5/customer?name=Grace%20Hopper");
    expect(v5.status).toBe(200);
    expect(v5.body[0]).toMatchObject({ role: "Subscriber", partyRoleSpecification: { id: "prs-subscriber" } });
  });

  it("a second start on the same database seeds nothing", async () => {
    const customers = await customersCount(server);
    const payments = await countRows(server, "payment");
    const again = await startTestServer({ DEMO_DATA: "true" }, server.db);
    try {
      expect(await customersCount(again)).toBe(customers);
      expect(await countRows(again, "payment")).toBe(payments);
      // …and its explorer still names the demo resources.
      expect((await explorerConfig(again.url)).variables.accountId).toBe(await accountIdOf(server, "Alan mobile"));
    } finally {
      await again.close();
    }
  });

  it("Apollo Sandbox (EXPLORER=sandbox) opens with the same variables", async () => {
    const sandbox = await startTestServer({ DEMO_DATA: "true", EXPLORER: "sandbox" }, server.db);
    try {
      const res = await fetch(`${sandbox.url}/graphql`, { headers: { accept: "text/html" } });
      const html = await res.text();
      expect(res.status).toBe(200);
      expect(html).toContain(await accountIdOf(server, "Alan mobile"));
      expect(html).toContain(await accountIdOf(server, "Grace home"));
    } finally {
      await sandbox.close();
    }
  });
});

describe("npm start (src/main.ts on its embedded PostgreSQL, DEMO_DATA unset)", () => {
  it("seeds on the first start, not on the next, and the explorer names the demo data both times", async () => {
    mkdirSync(".test-data", { recursive: true });
    const dataDir = mkdtempSync(path.resolve(".test-data", "demo-"));
    const env = { DATA_DIR: dataDir, DATABASE_URL: "", DEMO_DATA: "" };
    const count = async (url: string) => {
      const res = await fetch(`${url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ customersCount paymentsCount }" }),
      });
      return ((await res.json()) as { data: unknown }).data;
    };
    const accountVariable = async (url: string) => (await explorerConfig(url)).variables.accountId;
    const started: Awaited<ReturnType<typeof startService>>[] = [];
    try {
      const first = await startService(env);
      started.push(first);
      expect(await count(first.url)).toEqual({ customersCount: 3, paymentsCount: 3 });
      const accountId = await accountVariable(first.url);
      expect(accountId).toMatch(/^[0-9a-f-]{36}$/);
      first.child.kill("SIGTERM");
      expect(await exited(first.child)).toBe(0);
      const second = await startService(env);
      started.push(second);
      expect(await count(second.url)).toEqual({ customersCount: 3, paymentsCount: 3 });
      expect(await accountVariable(second.url)).toBe(accountId);
      second.child.kill("SIGTERM");
      expect(await exited(second.child)).toBe(0);
    } finally {
      for (const service of started) if (service.child.exitCode === null && service.child.signalCode === null) service.child.kill("SIGKILL");
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe("when nothing is seeded", () => {
  it("DEMO_DATA unset with a database of one's own (DATABASE_URL): nothing seeded, the explorer keeps its placeholders", async () => {
    const plain = await startTestServer();
    try {
      expect(await customersCount(plain)).toBe(0);
      const { variables } = await explorerConfig(plain.url);
      expect(variables.accountId).toBe("");
    } finally {
      await plain.close();
    }
  });

  it("a database that holds any resource of the gateway is never seeded, even with DEMO_DATA=true", async () => {
    const db = await createTestDatabase();
    try {
      const first = await startTestServer({ DEMO_DATA: "false" }, db);
      const party = [{ id: "org-1", name: "Partner", role: "partner", "@referredType": "Organization" }];
      const res = await first.request("POST", "/tmf-api/accountManagement/v4/settlementAccount", { name: "Partner settlement", relatedParty: party });
      expect(res.status).toBe(201);
      await first.close();
      const demo = await startTestServer({ DEMO_DATA: "true" }, db);
      expect(await customersCount(demo)).toBe(0);
      expect((await explorerConfig(demo.url)).variables.accountId).toBe("");
      await demo.close();
    } finally {
      await db.close();
    }
  });

  it("two gateways starting at once on an empty database seed it once", async () => {
    const db: TestDatabase = await createTestDatabase();
    try {
      const both = await Promise.all([startTestServer({ DEMO_DATA: "true" }, db), startTestServer({ DEMO_DATA: "true" }, db)]);
      expect(await customersCount(both[0])).toBe(3);
      await Promise.all(both.map((s) => s.close()));
    } finally {
      await db.close();
    }
  });

  it("DEMO_DATA is true or false", () => {
    expect(loadConfig({ DEMO_DATA: "false" }).demoData).toBe(false);
    expect(loadConfig({ NODE_ENV: "production", AUTH: "false", DEMO_DATA: "true" }).demoData).toBe(true);
    expect(loadConfig({}).demoData).toBeUndefined();
    expect(() => loadConfig({ DEMO_DATA: "demo" })).toThrow(ConfigError);
  });
});

/** The first event of a subscription, or a failure after 10 s. */
function firstEvent(
  client: ReturnType<typeof createClient>,
  payload: { query: string; operationName: string; variables: Record<string, unknown> },
): Promise<{ id: string }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${payload.operationName}: no event within 10 s`)), 10_000);
    client.subscribe<Record<string, { id: string }>>(payload, {
      next: (message) => {
        clearTimeout(timer);
        if (message.errors) reject(new Error(JSON.stringify(message.errors)));
        else resolve(Object.values(message.data!)[0]!);
      },
      error: reject,
      complete: () => undefined,
    });
  });
}
