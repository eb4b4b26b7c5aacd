import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CallbackPolicy, isGlobalUnicast, pinnedLookup, type ResolvedAddress } from "../src/events/callback-policy.js";
import { postToListener } from "../src/events/listener-post.js";
import { createTestDatabase } from "./support/database.js";
import { startHugeAnswerListener, startListener } from "./support/listener.js";
import { startTestServer, type TestServer } from "./support/server.js";

// The service as in production: authentication on (API keys with scopes), no EVENTS_CALLBACK_ALLOW.
// Only loopback traffic: hubs with public callbacks are registered where no event is ever created.
const KEYS = JSON.stringify([
  { name: "a", key: "a-key-0123456789abcdef", scopes: ["*"] },
  { name: "b", key: "b-key-0123456789abcdef", scopes: ["customer:read", "payment:read"] },
  { name: "c", key: "c-key-0123456789abcdef", scopes: ["customer:read", "hub:admin"] },
  { name: "d", key: "d-key-0123456789abcdef", scopes: ["payment:read"] },
]);
const A = { "x-api-key": "a-key-0123456789abcdef" };
const B = { "x-api-key": "b-key-0123456789abcdef" };
const C = { "x-api-key": "c-key-0123456789abcdef" };
const D = { "x-api-key": "d-key-0123456789abcdef" };
const PRODUCTION = { NODE_ENV: "production", AUTH: "true", API_KEYS: KEYS };
const FAST = { EVENTS_POLL_MS: "50", EVENTS_RETRY_BASE_MS: "50", EVENTS_RETRY_MAX_MS: "200" };
/** Delivery tests call loopback listeners: the operator allow-lists that one address, nothing else. */
const LOOPBACK_LISTENERS = { ...PRODUCTION, ...FAST, EVENTS_CALLBACK_ALLOW: "127.0.0.1" };

const CUSTOMER_HUB = "/tmf-api/customerManagement/v4/hub";
const PAYMENT_HUB = "/tmf-api/paymentManagement/v4/hub";
const BILL_HUB = "/tmf-api/customerBillManagement/v4/hub";
const CUSTOMERS = "/tmf-api/customerManagement/v4/customer";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const newCustomer = (s: TestServer, name = "Evented") => s.request("POST", CUSTOMERS, { name, engagedParty: { id: "p", "@referredType": "Individual" } }, A);

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/** Callbacks that must be refused without an allow-list: none is a global unicast address. */
const REFUSED = [
  // the ones accepted before
  "http://[::127.0.0.1]/x", // IPv4-compatible (deprecated) loopback
  "http://[::ffff:0:127.0.0.1]/x", // SIIT (rfc6145) loopback
  "http://[64:ff9b::127.0.0.1]/x", // NAT64 (rfc6052) loopback
  "http://[fec0::1]/x", // site-local
  "http://192.0.0.192/x", // IETF protocol assignments
  "http://198.18.0.1/x", // benchmarking
  "http://224.0.0.1/x", // multicast
  "http://240.0.0.1/x", // reserved
  "http://255.255.255.255/x", // broadcast
  // loopback, private, link-local, unspecified, carrier-grade NAT
  "http://127.0.0.1:8080/x",
  "http://127.255.255.254/x",
  "http://10.1.2.3/x",
  "http://172.16.0.1/x",
  "http://192.168.1.1/x",
  "http://169.254.169.254/latest/meta-data/",
  "http://0.0.0.0/x",
  "http://100.64.0.1/x",
  "http://[::1]/x",
  "http://[::]/x",
  "http://[fe80::1]/x",
  "http://[fc00::1]/x",
  "http://[fd12:3456::1]/x",
  // multicast, documentation, benchmarking, reserved, unassigned IPv6
  "http://239.255.255.250/x",
  "http://[ff02::1]/x",
  "http://192.0.2.10/x",
  "http://198.51.100.7/x",
  "http://203.0.113.9/x",
  "http://[2001:db8::1]/x",
  "http://[3fff::1]/x",
  "http://[2001:2::1]/x",
  "http://[100::1]/x",
  "http://[4000::1]/x",
  "http://[::8.8.8.8]/x", // IPv4-compatible: deprecated, refused even around a public address
  // IPv6 forms embedding a non-public IPv4
  "http://[::ffff:127.0.0.1]/x",
  "http://[::ffff:7f00:1]/x",
  "http://[0:0:0:0:0:ffff:10.0.0.1]/x",
  "http://[::ffff:169.254.169.254]/x",
  "http://[64:ff9b::10.0.0.1]/x",
  "http://[64:ff9b:1::808:808]/x", // local-use NAT64 prefix
  "http://[2002:7f00:1::1]/x", // 6to4 of 127.0.0.1
  "http://[2002:c0a8:101::1]/x", // 6to4 of 192.168.1.1
  "http://[2001:0:808:808::80ff:fffe]/x", // Teredo, client 127.0.0.1
  "http://[2001:0:a00:1::f7f7:f7f7]/x", // Teredo, server 10.0.0.1
  // other spellings of loopback, normalised by the URL parser, and a name for it
  "http://2130706433/x",
  "http://0x7f.1/x",
  "http://0177.0.0.1/x",
  "http://127.1/x",
  "http://0x7f000001/x",
  "http://localhost/x",
  "http://LocalHost:8080/x",
];

const ACCEPTED = [
  "https://93.184.215.14/hook",
  "http://8.8.8.8:8080/hook",
  "https://[2606:4700:4700::1111]/hook",
  "https://[::ffff:8.8.8.8]/hook", // IPv4-mapped public
  "https://[64:ff9b::808:808]/hook", // NAT64 of a public address
  "https://[2002:808:808::1]/hook", // 6to4 of a public address
  "https://[2001:0:808:808::f7f7:f7f7]/hook", // Teredo, public server and client
];

describe("callback addresses: only global unicast without an allow-list", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ ...PRODUCTION, ...FAST });
  });
  afterAll(() => server?.close());

  it("refuses every non-global-unicast callback with a 400 TMF error (REST and GraphQL)", async () => {
    for (const callback of REFUSED) {
      const res = await server.request("POST", CUSTOMER_HUB, { callback }, A);
      expect(res.status, callback).toBe(400);
      expect(res.body, callback).toMatchObject({ "@type": "Error", code: "BAD_USER_INPUT", status: "400" });
      expect(res.body.message, callback).toMatch(/is not an allowed listener address/);
    }
    for (const callback of ["http://[::ffff:0:127.0.0.1]/x", "http://0x7f.1/x", "http://localhost/x"]) {
      const res = await server.request(
        "POST",
        "/graphql",
        { query: `mutation ($c: String!) { registerListener(api: customerManagement, callback: $c) { id } }`, variables: { c: callback } },
        A,
      );
      expect(res.body.errors?.[0]?.extensions?.code, callback).toBe("BAD_USER_INPUT");
    }
    const { rows } = await server.db.pool.query(`SELECT count(*)::int AS n FROM hub`);
    expect(rows[0].n).toBe(0);
  });

  it("accepts global unicast addresses, also embedded in IPv6 (registered, never called: no event here)", async () => {
    for (const callback of ACCEPTED) {
      const res = await server.request("POST", BILL_HUB, { callback }, A);
      expect(res.status, callback).toBe(201);
      expect((await server.request("DELETE", `${BILL_HUB}/${res.body.id}`, undefined, A)).status).toBe(204);
    }
  });

  it("classifies addresses from ipaddr.js ranges, embedded IPv4 included", () => {
    for (const address of [
      "127.0.0.1",
      "::7f00:1",
      "::ffff:0:7f00:1",
      "64:ff9b::7f00:1",
      "fec0::1",
      "192.0.0.192",
      "198.18.0.1",
      "224.0.0.1",
      "240.0.0.1",
      "255.255.255.255",
      "192.88.99.1",
      "192.52.193.1",
      "fe80::1%lo",
      "not an ip",
      "",
    ]) {
      expect(isGlobalUnicast(address), address).toBe(false);
    }
    for (const address of ["8.8.8.8", "1.1.1.1", "2a00:1450:4001:82a::200e", "::ffff:1.1.1.1", "64:ff9b::101:101"]) {
      expect(isGlobalUnicast(address), address).toBe(true);
    }
  });

  it("keeps the allow-list (hosts, IPs, CIDRs, *) as the operator's explicit choice", async () => {
    const listed = new CallbackPolicy(["127.0.0.1", "10.0.0.0/8", "[::1]", "crm.internal"]);
    for (const callback of [
      "http://127.0.0.1:9/x",
      "http://2130706433:9/x",
      "http://[::ffff:127.0.0.1]/x",
      "http://10.9.8.7/x",
      "http://[::1]/x",
      "http://crm.internal/x",
    ]) {
      await expect(listed.check(callback), callback).resolves.toBeInstanceOf(URL);
    }
    for (const callback of ["http://127.0.0.2/x", "http://192.168.1.1/x", "http://93.184.215.14/x"]) {
      await expect(listed.check(callback), callback).rejects.toThrow(/not an allowed/);
    }
    await expect(new CallbackPolicy(["*"]).check("http://127.0.0.1/x")).resolves.toBeInstanceOf(URL);
    expect(() => new CallbackPolicy(["10.0.0.0/99"])).toThrow(/not a valid CIDR/);
  });
});

describe("callbacks are resolved once and connected to as checked (no DNS rebinding)", () => {
  const resolverOf = (...answers: ResolvedAddress[][]) => {
    const calls: string[] = [];
    const resolver = async (host: string) => {
      calls.push(host);
      return answers[Math.min(calls.length - 1, answers.length - 1)]!;
    };
    return { resolver, calls };
  };
  const PUBLIC: ResolvedAddress = { address: "93.184.215.14", family: 4 };
  const LOOPBACK: ResolvedAddress = { address: "127.0.0.1", family: 4 };

  it("refuses a host when any of its addresses is not allowed (public first, loopback second)", async () => {
    const { resolver } = resolverOf([PUBLIC, LOOPBACK]);
    const policy = new CallbackPolicy([], { resolver });
    await expect(policy.check("https://mixed.example/hook")).rejects.toThrow(/mixed\.example \(127\.0\.0\.1\) is not an allowed/);
    await expect(policy.target("https://mixed.example/hook")).rejects.toThrow(/not an allowed/);
    const v6 = resolverOf([
      { address: "2606:4700::1", family: 6 },
      { address: "::ffff:7f00:1", family: 6 },
    ]);
    await expect(new CallbackPolicy([], { resolver: v6.resolver }).check("https://v6.example/")).rejects.toThrow(/not an allowed/);
  });

  it("the connection's lookup answers only the checked addresses and never resolves again", async () => {
    const { resolver, calls } = resolverOf([PUBLIC], [LOOPBACK]);
    const target = await new CallbackPolicy([], { resolver }).target("https://rebind.example/hook");
    expect(target.addresses).toEqual([PUBLIC]);
    const ask = (host: string, options: { all?: boolean; family?: number }) =>
      new Promise<unknown>((resolve) =>
        target.lookup(host, options, (err, address, family) => resolve(err ? err.code : options.all ? address : [address, family])),
      );
    for (let i = 0; i < 3; i++) {
      expect(await ask("rebind.example", { all: true })).toEqual([{ address: "93.184.215.14", family: 4 }]);
      expect(await ask("rebind.example", {})).toEqual(["93.184.215.14", 4]);
    }
    expect(await ask("rebind.example", { family: 6 })).toBe("ENOTFOUND");
    expect(await ask("other.example", {})).toBe("ENOTFOUND");
    expect(calls).toEqual(["rebind.example"]);
    expect(await new Promise((r) => pinnedLookup("h", [])("h", {}, (err) => r(err?.code)))).toBe("ENOTFOUND");
  });

  it("a delivery connects to the checked address even when the name resolves elsewhere a moment later", async () => {
    const good = await startListener(() => 200);
    // Same port, other loopback address: where a rebinding answer would send the event.
    const evil = await startListener(() => 200, { host: "127.0.0.2", port: good.port });
    try {
      // The operator allows 127.0.0.1 only; the name answers 127.0.0.1 once, then 127.0.0.2.
      const { resolver, calls } = resolverOf([LOOPBACK], [{ address: "127.0.0.2", family: 4 }]);
      const policy = new CallbackPolicy(["127.0.0.1"], { resolver });
      const body = JSON.stringify({ eventId: "e1", eventTime: new Date().toISOString(), eventType: "Test", event: {} });
      expect(await postToListener(policy, `http://rebind.test:${good.port}/listener`, body, {}, 2000)).toBeUndefined();
      expect(calls).toHaveLength(1);
      expect(good.arrivals).toHaveLength(1);
      // The next delivery resolves again (once), gets 127.0.0.2, and refuses it before connecting.
      expect(await postToListener(policy, `http://rebind.test:${good.port}/listener`, body, {}, 2000)).toMatch(/127\.0\.0\.2\) is not an allowed/);
      expect(calls).toHaveLength(2);
      expect(evil.arrivals).toHaveLength(0);
    } finally {
      await good.close();
      await evil.close();
    }
  });

  it("refuses a name for loopback at registration, and at delivery time for a hub stored before the rule", async () => {
    const db = await createTestDatabase();
    const server = await startTestServer({ ...PRODUCTION, ...FAST }, db);
    const listener = await startListener(() => 200);
    try {
      expect((await server.request("POST", CUSTOMER_HUB, { callback: `http://localhost:${listener.port}/listener` }, A)).status).toBe(400);
      // Hubs written straight into the table (e.g. registered under another policy), spelled to slip through.
      const callbacks = [
        `http://localhost:${listener.port}/listener`,
        `http://2130706433:${listener.port}/listener`,
        `http://[::ffff:7f00:1]:${listener.port}/listener`,
      ];
      for (const callback of callbacks) {
        await db.pool.query(`INSERT INTO hub (id, api, callback, owner) VALUES (gen_random_uuid(), 'customerManagement', $1, 'key:a')`, [callback]);
      }
      await newCustomer(server);
      const rows = await until("three refused attempts", async () => {
        const { rows } = (await db.pool.query(
          `SELECT h.callback, d.attempts, d."lastError" FROM delivery d JOIN hub h ON h.id = d."hubId" ORDER BY h.callback`,
        )) as {
          rows: { callback: string; attempts: number; lastError: string | null }[];
        };
        return rows.length === 3 && rows.every((r) => r.attempts >= 1) && rows;
      });
      for (const row of rows) expect(row.lastError, row.callback).toMatch(/is not an allowed listener address/);
      expect(listener.arrivals).toHaveLength(0);
    } finally {
      await server.close();
      await listener.close();
      await db.close();
    }
  });
});

describe("a listener's answer is read boundedly, within the timeout", () => {
  let server: TestServer;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startTestServer({ ...LOOPBACK_LISTENERS, EVENTS_TIMEOUT_MS: "1000" }, db);
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  const deliveryOf = async (hubId: string) =>
    (await db.pool.query(`SELECT status, attempts, "lastError" FROM delivery WHERE "hubId" = $1`, [hubId])).rows[0] as
      | { status: string; attempts: number; lastError: string | null }
      | undefined;
  const register = async (callback: string) => {
    const res = await server.request("POST", CUSTOMER_HUB, { callback, query: "eventType=CustomerCreateEvent" }, A);
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  it("a 200 MB answer: the delivery counts (2xx delivered, 503 retried) and memory stays flat", async () => {
    const SIZE = 200 * 1024 * 1024;
    const ok = await startHugeAnswerListener(200, SIZE);
    const refused = await startHugeAnswerListener(503, SIZE);
    const okHub = await register(ok.url);
    const refusedHub = await register(refused.url);
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    try {
      await newCustomer(server);
      const delivered = await until("the 2xx delivery", async () => ((await deliveryOf(okHub))?.status === "delivered" ? deliveryOf(okHub) : undefined));
      expect(delivered).toMatchObject({ status: "delivered", attempts: 1, lastError: null });
      const failed = await until("the 503 attempt", async () => {
        const d = await deliveryOf(refusedHub);
        return d && d.attempts >= 1 && d;
      });
      expect(failed).toMatchObject({ status: "pending", lastError: "listener answered 503" });
      await sleep(200);
    } finally {
      clearInterval(sampler);
      await server.request("DELETE", `${CUSTOMER_HUB}/${refusedHub}`, undefined, A);
      await server.request("DELETE", `${CUSTOMER_HUB}/${okHub}`, undefined, A);
    }
    const growthMb = (peak - before) / 1048576;
    console.log(`RSS growth with two 200 MB answers: ${growthMb.toFixed(1)} MB; bytes the listeners got out: ${ok.stats.written}, ${refused.stats.written}`);
    expect(growthMb).toBeLessThan(60);
    expect(ok.stats.aborted).toBeGreaterThanOrEqual(1);
    expect(ok.stats.written).toBeLessThan(SIZE / 4);
    await ok.close();
    await refused.close();
  });

  it("the timeout covers the answer: a silent listener fails in time, a trickling 2xx one is delivered in time", async () => {
    const sockets = new Set<ServerResponse>();
    const make = (handler: (res: ServerResponse) => void) => {
      const s = createServer((req: IncomingMessage, res: ServerResponse) => {
        req.resume();
        req.on("end", () => {
          sockets.add(res);
          handler(res);
        });
      });
      return new Promise<{ url: string; close: () => void; hits: number[] }>((resolve) =>
        s.listen(0, "127.0.0.1", () => {
          const hits: number[] = [];
          s.on("request", () => hits.push(Date.now()));
          resolve({
            url: `http://127.0.0.1:${(s.address() as { port: number }).port}/`,
            hits,
            close: () => {
              s.closeAllConnections();
              return s.close();
            },
          });
        }),
      );
    };
    const silent = await make(() => undefined);
    const trickle = await make((res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      const timer = setInterval(() => res.write("."), 50);
      res.on("close", () => clearInterval(timer));
    });
    const silentHub = await register(silent.url);
    const trickleHub = await register(trickle.url);
    try {
      const t0 = Date.now();
      await newCustomer(server);
      const delivered = await until("the trickling 2xx", async () => ((await deliveryOf(trickleHub))?.status === "delivered" ? Date.now() : undefined), 5000);
      expect(delivered - t0).toBeLessThan(2500);
      const failed = await until(
        "the silent listener's first failure",
        async () => {
          const d = await deliveryOf(silentHub);
          return d && d.attempts >= 1 && { d, at: Date.now() };
        },
        5000,
      );
      expect(failed.d.lastError).toBe("listener did not answer within 1000 ms");
      expect(failed.at - t0).toBeLessThan(2500);
    } finally {
      await server.request("DELETE", `${CUSTOMER_HUB}/${silentHub}`, undefined, A);
      await server.request("DELETE", `${CUSTOMER_HUB}/${trickleHub}`, undefined, A);
      silent.close();
      trickle.close();
    }
  });

  it("does not follow redirects", async () => {
    const target = await startListener(() => 200);
    const redirecting = createServer((req, res) => {
      req.resume();
      req.on("end", () => res.writeHead(307, { location: target.url }).end());
    });
    await new Promise<void>((r) => redirecting.listen(0, "127.0.0.1", r));
    const hub = await register(`http://127.0.0.1:${(redirecting.address() as { port: number }).port}/`);
    try {
      await newCustomer(server);
      const d = await until("the redirected attempt", async () => {
        const row = await deliveryOf(hub);
        return row && row.attempts >= 1 && row;
      });
      expect(d).toMatchObject({ status: "pending", lastError: "listener answered 307" });
      expect(target.arrivals).toHaveLength(0);
    } finally {
      await server.request("DELETE", `${CUSTOMER_HUB}/${hub}`, undefined, A);
      redirecting.close();
      await target.close();
    }
  });
});

describe("hubs per principal, and only the owner (or a hub admin) deletes one", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ ...PRODUCTION, ...FAST, EVENTS_MAX_HUBS_PER_PRINCIPAL: "3" });
  });
  afterAll(() => server?.close());
  // Public callbacks: accepted by the production policy, never called (no event is created on this server).
  const hook = (n: number) => `https://93.184.215.14/hook-${n}`;

  it("the registration over the bound is a 409 TMF error; deleting one frees a place", async () => {
    const ids: string[] = [];
    for (const [path, n] of [
      [CUSTOMER_HUB, 1],
      [PAYMENT_HUB, 2],
      [CUSTOMER_HUB, 3],
    ] as const) {
      const res = await server.request("POST", path, { callback: hook(n) }, B);
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    const over = await server.request("POST", PAYMENT_HUB, { callback: hook(4) }, B);
    expect(over.status).toBe(409);
    expect(over.body).toMatchObject({ "@type": "Error", code: "CONFLICT", status: "409", reason: "Too many hub registrations" });
    expect(over.body.message).toMatch(/key:b already has 3 hub registrations, the most allowed \(3\)/);
    const { rows } = await server.db.pool.query(`SELECT owner, count(*)::int AS n FROM hub GROUP BY owner`);
    expect(rows).toEqual([{ owner: "key:b", n: 3 }]);
    // Another principal has its own allowance.
    const theirs = await server.request("POST", CUSTOMER_HUB, { callback: hook(5) }, A);
    expect(theirs.status).toBe(201);
    // GraphQL says the same.
    const gql = await server.request("POST", "/graphql", { query: `mutation { registerListener(api: customerManagement, callback: "${hook(6)}") { id } }` }, B);
    expect(gql.body.errors[0].extensions.code).toBe("CONFLICT");

    expect((await server.request("DELETE", `${CUSTOMER_HUB}/${ids[0]}`, undefined, B)).status).toBe(204);
    const again = await server.request("POST", CUSTOMER_HUB, { callback: hook(7) }, B);
    expect(again.status).toBe(201);
    for (const id of [ids[1]]) expect((await server.request("DELETE", `${PAYMENT_HUB}/${id}`, undefined, B)).status).toBe(204);
    for (const id of [ids[2], again.body.id, theirs.body.id]) expect((await server.request("DELETE", `${CUSTOMER_HUB}/${id}`, undefined, A)).status).toBe(204);
  });

  it("concurrent registrations of one principal never exceed the bound", async () => {
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => server.request("POST", PAYMENT_HUB, { callback: hook(100 + i) }, D)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    expect(results.filter((r) => r.status === 409)).toHaveLength(7);
    const { rows } = await server.db.pool.query(`SELECT count(*)::int AS n FROM hub WHERE owner = 'key:d'`);
    expect(rows[0].n).toBe(3);
    for (const r of results.filter((r) => r.status === 201))
      expect((await server.request("DELETE", `${PAYMENT_HUB}/${r.body.id}`, undefined, D)).status).toBe(204);
  });

  it("another principal gets 404 for someone else's hub, which stays; hub:admin and * may delete it", async () => {
    const mine = (await server.request("POST", CUSTOMER_HUB, { callback: hook(20) }, A)).body.id as string;
    const notFound = await server.request("DELETE", `${CUSTOMER_HUB}/${mine}`, undefined, B);
    expect(notFound.status).toBe(404);
    expect(notFound.body).toMatchObject({ "@type": "Error", code: "NOT_FOUND", status: "404" });
    // Exactly what an unknown id gets: the answer does not tell whether the hub exists.
    const unknown = await server.request("DELETE", `${CUSTOMER_HUB}/00000000-0000-4000-8000-000000000000`, undefined, B);
    expect(unknown.status).toBe(404);
    expect(notFound.body.reason).toBe(unknown.body.reason);
    const gql = await server.request("POST", "/graphql", { query: `mutation { unregisterListener(api: customerManagement, id: "${mine}") }` }, B);
    expect(gql.body.errors[0].extensions.code).toBe("NOT_FOUND");
    expect((await server.db.pool.query(`SELECT count(*)::int AS n FROM hub WHERE id = $1`, [mine])).rows[0].n).toBe(1);

    const bs = (await server.request("POST", CUSTOMER_HUB, { callback: hook(21) }, B)).body.id as string;
    expect((await server.request("DELETE", `${CUSTOMER_HUB}/${bs}`, undefined, C)).status).toBe(204); // hub:admin
    const bs2 = (await server.request("POST", CUSTOMER_HUB, { callback: hook(22) }, B)).body.id as string;
    expect((await server.request("DELETE", `${CUSTOMER_HUB}/${bs2}`, undefined, A)).status).toBe(204); // *
    expect((await server.request("DELETE", `${CUSTOMER_HUB}/${mine}`, undefined, A)).status).toBe(204);
    // A read scope on the API is still needed, admin or not.
    expect((await server.request("DELETE", `${PAYMENT_HUB}/${mine}`, undefined, C)).status).toBe(403);
  });
});

describe("a slow listener does not delay the others", () => {
  it("10 hubs of one principal on a listener taking 2 s: another principal's event arrives at once", async () => {
    const server = await startTestServer({ ...LOOPBACK_LISTENERS, EVENTS_TIMEOUT_MS: "5000" });
    let inFlight = 0;
    let mostInFlight = 0;
    const slow = await startListener(async () => {
      mostInFlight = Math.max(mostInFlight, ++inFlight);
      await sleep(2000);
      inFlight--;
      return 200;
    });
    const fast = await startListener(() => 200);
    try {
      for (let i = 0; i < 10; i++) expect((await server.request("POST", CUSTOMER_HUB, { callback: slow.url }, A)).status).toBe(201);
      expect((await server.request("POST", CUSTOMER_HUB, { callback: fast.url }, B)).status).toBe(201);
      const t0 = Date.now();
      await newCustomer(server);
      await fast.waitFor(1, 10_000);
      const delay = fast.arrivals[0]!.at - t0;
      console.log(`third party's delivery after ${delay} ms (10 slow hubs on one listener)`);
      expect(delay).toBeLessThan(1500);
      expect(slow.received.length).toBeLessThan(10); // still being served
      // All of them arrive, one at a time (one delivery in flight per origin).
      await slow.waitFor(10, 40_000);
      expect(mostInFlight).toBe(1);
    } finally {
      await server.close();
      await slow.close();
      await fast.close();
    }
  }, 60_000);

  it("many slow listeners of one principal hold at most half the workers", async () => {
    const server = await startTestServer({ ...LOOPBACK_LISTENERS, EVENTS_TIMEOUT_MS: "5000", EVENTS_CONCURRENCY: "4" });
    let inFlight = 0;
    let mostInFlight = 0;
    const slowOne = async () => {
      mostInFlight = Math.max(mostInFlight, ++inFlight);
      await sleep(2000);
      inFlight--;
      return 200;
    };
    const slow = await Promise.all(Array.from({ length: 6 }, () => startListener(slowOne)));
    const fast = await startListener(() => 200);
    try {
      for (const l of slow) expect((await server.request("POST", CUSTOMER_HUB, { callback: l.url }, A)).status).toBe(201);
      expect((await server.request("POST", CUSTOMER_HUB, { callback: fast.url }, B)).status).toBe(201);
      const t0 = Date.now();
      await newCustomer(server);
      await fast.waitFor(1, 10_000);
      const delay = fast.arrivals[0]!.at - t0;
      console.log(`third party's delivery after ${delay} ms (6 slow listeners of one principal)`);
      expect(delay).toBeLessThan(1500);
      await Promise.all(slow.map((l) => l.waitFor(1, 20_000)));
      expect(mostInFlight).toBe(2);
    } finally {
      await server.close();
      for (const l of [...slow, fast]) await l.close();
    }
  }, 60_000);

  it("shutdown waits for the delivery in flight, which is recorded as delivered", async () => {
    const db = await createTestDatabase();
    const server = await startTestServer({ ...LOOPBACK_LISTENERS, EVENTS_TIMEOUT_MS: "5000" }, db);
    const slow = await startListener(async () => {
      await sleep(1000);
      return 200;
    });
    try {
      expect((await server.request("POST", CUSTOMER_HUB, { callback: slow.url }, A)).status).toBe(201);
      await newCustomer(server);
      await until("the POST in flight", async () => slow.arrivals.length > 0);
      const t0 = Date.now();
      await server.close();
      expect(Date.now() - t0).toBeGreaterThanOrEqual(700);
      expect(slow.received).toHaveLength(1);
      const { rows } = await db.pool.query(`SELECT status, attempts FROM delivery`);
      expect(rows).toEqual([{ status: "delivered", attempts: 1 }]);
    } finally {
      await slow.close();
      await db.close();
    }
  });
});
