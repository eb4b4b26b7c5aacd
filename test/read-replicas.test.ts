import type { FastifyInstance } from "fastify";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import type { Database } from "../src/db/database.js";
import { applyMigrations } from "../src/db/migrate.js";
import { buildApp } from "../src/http/app.js";
import { startReplicatedPostgres, type ReplicatedPostgres } from "./support/streaming-replica.js";

// DATABASE_READ_URL against a real PostgreSQL 15 streaming replica (pg_basebackup -R): lists and
// counts read from it; reads by id, mutations and money rules from the primary; a lagging or
// stopped replica is skipped. Replay is paused on the replica to tell which server answered.

const CUSTOMERS = "/tmf-api/customerManagement/v4/customer";

let cluster: ReplicatedPostgres;
let database: Database;
const apps: FastifyInstance[] = [];

async function gateway(env: Record<string, string>) {
  const app = await buildApp(loadConfig({ LOG_LEVEL: "silent", DATABASE_READ_URL: cluster.standbyUrl, DATABASE_READ_PROBE_MS: "100", ...env }), database);
  await app.listen({ host: "127.0.0.1", port: 0 });
  apps.push(app);
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(base + path, {
      method,
      headers: body ? { "content-type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text && res.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text };
  };
  return {
    call,
    graphql: async (query: string, variables?: object) => (await call("POST", "/graphql", { query, variables })).body,
    createCustomer: async (name: string) => {
      const res = await call("POST", CUSTOMERS, { name, engagedParty: { id: "o-1", "@referredType": "Organization" } });
      expect(res.status).toBe(201);
      return res.body as { id: string };
    },
  };
}

const until = async (check: () => Promise<boolean>, what: string, ms = 15_000) => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

beforeAll(async () => {
  cluster = await startReplicatedPostgres();
  await applyMigrations(cluster.primaryUrl);
  const pool = new pg.Pool({ connectionString: cluster.primaryUrl, max: 10 });
  pool.on("error", () => undefined);
  database = { pool, url: cluster.primaryUrl, embedded: false, close: () => pool.end() };
}, 120_000);

afterAll(async () => {
  for (const app of apps) await app.close();
  await database?.close();
  cluster?.stop();
});

describe("read replicas (DATABASE_READ_URL)", () => {
  it("lists and counts come from the replica; a GET by id after its POST, and any query reading by id, from the primary", async () => {
    const gw = await gateway({ DATABASE_READ_MAX_LAG_MS: "600000" });
    const before = await gw.createCustomer("Replicated first");
    await until(async () => (await gw.call("GET", `${CUSTOMERS}?name=Replicated first`)).body.length === 1, "the replica to replay the first customer");

    cluster.pauseReplay(true);
    try {
      const created = await gw.createCustomer("Written while paused");
      const byId = await gw.call("GET", `${CUSTOMERS}/${created.id}`);
      expect(byId.status).toBe(200);
      expect(byId.body.name).toBe("Written while paused");

      // The replica has not replayed it: the list is the replica's.
      const listed = await gw.call("GET", `${CUSTOMERS}?fields=name`);
      expect(listed.status).toBe(200);
      expect(listed.body.map((c: { id: string }) => c.id)).toEqual([before.id]);
      expect(listed.headers.get("x-total-count")).toBe("1");
      const collections = await gw.graphql(`{ customers { id } customersCount }`);
      expect(collections.data).toEqual({ customers: [{ id: before.id }], customersCount: 1 });

      // A query that reads by id reads the primary, its lists with it.
      const mixed = await gw.graphql(`query ($id: ID!) { customer(id: $id) { name } customersCount }`, { id: created.id });
      expect(mixed.data).toEqual({ customer: { name: "Written while paused" }, customersCount: 2 });
      const mutation = await gw.graphql(
        `mutation { createCustomer(input: { name: "By mutation", engagedParty: { id: "o", atReferredType: "Organization" } }) { name } }`,
      );
      expect(mutation.data).toEqual({ createCustomer: { name: "By mutation" } });
    } finally {
      cluster.pauseReplay(false);
    }
    await until(async () => (await gw.call("GET", CUSTOMERS)).body.length === 3, "the replica to catch up");
    const metrics = (await gw.call("GET", "/metrics")).body as string;
    expect(metrics).toMatch(/db_read_replica_up\{replica="127\.0\.0\.1:\d+\/postgres"\} 1/);
    expect(metrics).toMatch(/db_read_replica_lag_seconds\{replica="127\.0\.0\.1:\d+\/postgres"\} [\d.e-]+/);
  });

  it("a replica further behind than DATABASE_READ_MAX_LAG_MS is skipped: lists see every write", async () => {
    const gw = await gateway({ DATABASE_READ_MAX_LAG_MS: "200" });
    cluster.pauseReplay(true);
    try {
      const created = await gw.createCustomer("Behind the lagging replica");
      // Until the probe finds the lag, the list may still be the replica's; then it is the primary's.
      await until(
        async () => ((await gw.call("GET", `${CUSTOMERS}?name=Behind the lagging replica`)).body as unknown[]).length === 1,
        "the lagging replica to be skipped",
      );
      expect((await gw.call("GET", "/metrics")).body).toMatch(/db_read_replica_up\{replica="[^"]+"\} 0/);
      expect((await gw.call("GET", `${CUSTOMERS}/${created.id}`)).status).toBe(200);
    } finally {
      cluster.pauseReplay(false);
    }
    await until(async () => /db_read_replica_up\{replica="[^"]+"\} 1/.test((await gw.call("GET", "/metrics")).body), "the replica to be used again");
  });

  it("a stopped replica is skipped at once: no read fails, and it is used again when it is back", async () => {
    const gw = await gateway({ DATABASE_READ_MAX_LAG_MS: "600000", DATABASE_READ_PROBE_MS: "60000" });
    cluster.stopStandby();
    try {
      // The probe has not run since: the first list finds the replica gone and is answered by the primary.
      const listed = await Promise.all(Array.from({ length: 5 }, () => gw.call("GET", `${CUSTOMERS}?fields=name&limit=2`)));
      expect(listed.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
      expect(listed[0]!.body).toHaveLength(2);
      expect((await gw.call("GET", "/metrics")).body).toMatch(/db_read_replica_up\{replica="[^"]+"\} 0/);
    } finally {
      cluster.startStandby();
    }
    const fast = await gateway({ DATABASE_READ_MAX_LAG_MS: "600000" });
    await until(async () => /db_read_replica_up\{replica="[^"]+"\} 1/.test((await fast.call("GET", "/metrics")).body), "the restarted replica to be used");
  });
});
