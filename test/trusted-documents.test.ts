import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { manifestOf, type TrustedManifest } from "../src/graphql/trusted-documents.js";
import { startTestServer, type TestServer } from "./support/server.js";

// Automatic persisted queries (Apollo's, on by default) and trusted documents
// (GRAPHQL_TRUSTED_DOCUMENTS=on: only the manifest's operations run, on /graphql and subscriptions).

const manifest = JSON.parse(readFileSync(new URL("../graphql/trusted/manifest.json", import.meta.url), "utf8")) as TrustedManifest;
const op = (name: string) => manifest.operations.find((o) => o.name === name)!;
const hashOf = (text: string) => createHash("sha256").update(text).digest("hex");
const PORTAL_TEXT = "query PortalPeek { customersCount }";

let open: TestServer;
let trusted: TestServer;

beforeAll(async () => {
  open = await startTestServer();
  trusted = await startTestServer({ GRAPHQL_TRUSTED_DOCUMENTS: "true" });
});
afterAll(async () => {
  await open?.close();
  await trusted?.close();
});

const post = (server: TestServer, body: unknown) => server.request("POST", "/graphql", body);

describe("trusted documents", () => {
  it("the committed manifest is the one graphql/examples/ make (npm run trusted:build), each id the SHA-256 of its text", () => {
    expect(manifest).toEqual(manifestOf());
    for (const operation of manifest.operations) expect(operation.id).toBe(hashOf(operation.body));
    expect(manifest.operations.map((o) => `${o.type} ${o.name}`).sort()).toEqual([
      "mutation Authorize",
      "mutation BillNow",
      "mutation ChangeHomePhone",
      "mutation Pay",
      "mutation RecordPayment",
      "query CustomerV5",
      "query PortalCustomers",
      "subscription WatchPayments",
    ]);
  });

  it("automatic persisted queries: a hash alone is unknown until sent once with its text", async () => {
    const extensions = { persistedQuery: { version: 1, sha256Hash: hashOf(PORTAL_TEXT) } };
    const first = await post(open, { extensions });
    expect(first.body.errors[0].extensions.code).toBe("PERSISTED_QUERY_NOT_FOUND");
    const registered = await post(open, { query: PORTAL_TEXT, extensions });
    expect(registered.body).toEqual({ data: { customersCount: expect.any(Number) } });
    const byHash = await post(open, { extensions });
    expect(byHash.body).toEqual(registered.body);
  });

  it("runs a manifest operation named by its hash (Apollo's extension or documentId), or by its exact text", async () => {
    const portal = op("PortalCustomers");
    for (const body of [
      { extensions: { persistedQuery: { version: 1, sha256Hash: portal.id } } },
      { documentId: `sha256:${portal.id}` },
      { query: portal.body },
    ]) {
      const res = await post(trusted, body);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.data.customers).toEqual(expect.any(Array));
    }
    const viaGet = await trusted.request(
      "GET",
      `/graphql?extensions=${encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: portal.id } }))}`,
      undefined,
      {
        "apollo-require-preflight": "true",
      },
    );
    expect(viaGet.status, JSON.stringify(viaGet.body)).toBe(200);
  });

  it("refuses anything else with OPERATION_NOT_TRUSTED, before it is parsed", async () => {
    const cases = [
      { query: PORTAL_TEXT },
      { query: "{ __schema { types { name } } }" },
      { extensions: { persistedQuery: { version: 1, sha256Hash: hashOf(PORTAL_TEXT) } } },
      { documentId: "sha256:00" },
      { query: PORTAL_TEXT, extensions: { persistedQuery: { version: 1, sha256Hash: op("PortalCustomers").id } } },
      { query: "{".repeat(5000) },
      {},
      [{ query: op("PortalCustomers").body }],
    ];
    for (const body of cases) {
      const res = await post(trusted, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.errors[0].extensions.code).toBe("OPERATION_NOT_TRUSTED");
    }
    const viaGet = await trusted.request("GET", `/graphql?query=${encodeURIComponent(PORTAL_TEXT)}`, undefined, { "apollo-require-preflight": "true" });
    expect(viaGet.status).toBe(400);
    expect(viaGet.body.errors[0].extensions.code).toBe("OPERATION_NOT_TRUSTED");
    // The REST layer runs its own operations in-process: not affected.
    expect((await trusted.request("GET", "/tmf-api/customerManagement/v4/customer?limit=1")).status).toBe(200);
  });

  it("subscriptions too: the manifest's subscription runs by hash, another is refused", async () => {
    const client = createClient({ url: `${trusted.url.replace("http", "ws")}/graphql`, webSocketImpl: WebSocket, lazy: false, retryAttempts: 0 });
    try {
      const refusal = await new Promise<unknown>((resolve) => {
        client.subscribe(
          { query: "subscription { paymentCreated { id } }" },
          { next: () => resolve("ran"), error: resolve, complete: () => resolve("completed") },
        );
      });
      expect(JSON.stringify(refusal)).toContain("OPERATION_NOT_TRUSTED");
      const account = await trusted.request("POST", "/tmf-api/accountManagement/v4/billingAccount", {
        name: "Watched",
        relatedParty: [{ id: "org-t", name: "T", role: "partner", "@referredType": "Organization" }],
      });
      const received = new Promise<unknown>((resolve) => {
        client.subscribe(
          { query: "", variables: { account: account.body.id }, extensions: { persistedQuery: { version: 1, sha256Hash: op("WatchPayments").id } } },
          { next: (message) => resolve(message), error: resolve, complete: () => resolve("completed") },
        );
      });
      await new Promise((r) => setTimeout(r, 300)); // the subscription is registered
      const payment = await trusted.request("POST", "/tmf-api/paymentManagement/v4/payment", {
        account: { id: account.body.id },
        paymentMethod: { id: "pm", name: "card", "@type": "PaymentMethodRef" },
        totalAmount: { unit: "EUR", value: "3.10" },
      });
      expect(payment.status).toBe(201);
      expect(await received).toMatchObject({ data: { paymentCreated: { id: payment.body.id, totalAmount: { unit: "EUR", value: 3.1 } } } });
    } finally {
      await client.dispose();
    }
  });
});
