import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.js";

const CUSTOMERS = "/tmf-api/customerManagement/v4/customer";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

describe("a write behind a row lock held elsewhere", () => {
  it("waits at most 10 s, then is a 503 with Retry-After, and the resource is unchanged", async () => {
    const customer = (await server.request("POST", CUSTOMERS, { name: "Locked", engagedParty: { id: "p", "@referredType": "Individual" } })).body;
    const holder = new pg.Client({ connectionString: server.db.url });
    await holder.connect();
    try {
      await holder.query("BEGIN");
      await holder.query(`SELECT 1 FROM customer WHERE id = $1 FOR UPDATE`, [customer.id]);
      const started = Date.now();
      const res = await server.request("PATCH", `${CUSTOMERS}/${customer.id}`, { name: "Changed" });
      const waited = Date.now() - started;
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("5");
      expect(res.body).toMatchObject({ "@type": "Error", status: "503" });
      expect(waited).toBeGreaterThanOrEqual(9_500);
      expect(waited).toBeLessThan(15_000);
    } finally {
      await holder.query("ROLLBACK");
      await holder.end();
    }
    expect((await server.request("GET", `${CUSTOMERS}/${customer.id}`)).body.name).toBe("Locked");
  }, 30_000);
});
