import { randomUUID } from "node:crypto";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.js";
import { trustsProxy } from "../src/http/base-url.js";
import { startTestServer, type TestServer } from "./support/server.js";

// Production hygiene (issue #27, class 8): bounded Link headers, CORS preflights without
// credentials, TMF Errors on OPTIONS, X-Forwarded-* only from trusted proxies, PUBLIC_BASE_URL on
// every carrier.

const KEY = "hygiene-key-0123456789abcdef";
const CUSTOMERS = "/tmf-api/customerManagement/v4/customer";
const PARTY_ACCOUNTS = "/tmf-api/accountManagement/v4/partyAccount";
const APP = "https://app.example";
const PUBLIC = "https://api.example.com";

/** Development mode (no auth), X-Forwarded-* never believed. */
let untrusting: TestServer;
/** Auth on, a CORS allow-list, PUBLIC_BASE_URL. */
let fronted: TestServer;

beforeAll(async () => {
  untrusting = await startTestServer({ TRUST_PROXY: "false" });
  fronted = await startTestServer({
    AUTH: "true",
    API_KEYS: JSON.stringify([{ name: "app", key: KEY, scopes: ["*"] }]),
    CORS_ORIGINS: APP,
    PUBLIC_BASE_URL: PUBLIC,
  });
});
afterAll(async () => {
  await untrusting?.close();
  await fronted?.close();
});

const headerBytes = (headers: Headers) => [...headers].reduce((sum, [name, value]) => sum + name.length + value.length + 4, 0);
const rels = (link: string | null) => [...(link ?? "").matchAll(/rel="(\w+)"/g)].map((m) => m[1]);

describe("Link header of a list", () => {
  let ids: string[];
  beforeAll(async () => {
    ids = [];
    for (const name of ["Linked 1", "Linked 2", "Linked 3"]) {
      const created = await untrusting.request("POST", CUSTOMERS, { name, engagedParty: { id: "p", "@referredType": "Individual" } });
      ids.push(created.body.id);
    }
  });
  /** The three customers, then unknown ids until the query string is about this long. */
  const anyOf = (bytes: number) => {
    const values = [...ids];
    while (values.join("&id=").length < bytes) values.push(randomUUID());
    return `id=${values.join("&id=")}`;
  };

  it("has all four rels for a short query", async () => {
    const res = await untrusting.request("GET", `${CUSTOMERS}?${anyOf(0)}&fields=id&offset=1&limit=1`);
    expect(res.status).toBe(200);
    expect(rels(res.headers.get("link"))).toEqual(["first", "prev", "next", "last"]);
  });

  it("keeps next and prev, drops first and last, when all four would pass 8 KiB", async () => {
    const res = await untrusting.request("GET", `${CUSTOMERS}?${anyOf(3000)}&fields=id&offset=1&limit=1`);
    expect(res.status).toBe(200);
    expect(rels(res.headers.get("link"))).toEqual(["prev", "next"]);
    expect(res.headers.get("link")!.length).toBeLessThanOrEqual(8192);
  });

  it("a query string near the 16 KiB URL limit: 200 with rows and the counts, no Link, headers under 16 KiB", async () => {
    const path = `${CUSTOMERS}?${anyOf(15_000)}&fields=id,name&limit=2`;
    expect(path.length).toBeGreaterThan(15_000);
    const res = await untrusting.request("GET", path);
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(2);
    expect(res.headers.get("x-total-count")).toBe("3");
    expect(res.headers.get("x-result-count")).toBe("2");
    expect(res.headers.get("link")).toBeNull();
    expect(headerBytes(res.headers)).toBeLessThan(4096);
  });
});

describe("CORS with authentication on", () => {
  const preflight = (path: string, origin: string, method = "POST") =>
    fetch(`${fronted.url}${path}`, {
      method: "OPTIONS",
      headers: { origin, "access-control-request-method": method, "access-control-request-headers": "content-type, x-api-key" },
    });

  it("answers an allowed origin's preflight 204 with the allow headers, without credentials, on /graphql and /tmf-api", async () => {
    for (const [path, method] of [
      ["/graphql", "POST"],
      [`${CUSTOMERS}/${randomUUID()}`, "PATCH"],
      [CUSTOMERS, "GET"],
    ] as const) {
      const res = await preflight(path, APP, method);
      expect(res.status, path).toBe(204);
      expect(res.headers.get("access-control-allow-origin"), path).toBe(APP);
      expect(res.headers.get("access-control-allow-methods"), path).toBe("GET, HEAD, POST, PATCH, DELETE");
      expect(res.headers.get("access-control-allow-headers"), path).toBe("content-type, x-api-key");
      expect(res.headers.get("access-control-max-age"), path).toBe("600");
      expect(res.headers.get("vary"), path).toMatch(/origin/i);
      expect(await res.text(), path).toBe("");
    }
  });

  it("gives a disallowed origin's preflight no allow-origin (the browser refuses), and no 401", async () => {
    const res = await preflight("/graphql", "https://evil.example");
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("lets a browser application read the answers: 401 and 200 carry the allow-origin and exposed headers", async () => {
    const refused = await fetch(`${fronted.url}${CUSTOMERS}`, { headers: { origin: APP } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("access-control-allow-origin")).toBe(APP);
    expect(await refused.json()).toMatchObject({ "@type": "Error", code: "UNAUTHENTICATED", status: "401" });
    const listed = await fetch(`${fronted.url}${CUSTOMERS}?limit=1`, { headers: { origin: APP, "x-api-key": KEY } });
    expect(listed.status).toBe(200);
    expect(listed.headers.get("access-control-allow-origin")).toBe(APP);
    expect(listed.headers.get("access-control-expose-headers")).toBe(
      "x-total-count, x-total-count-exceeds, x-result-count, link, x-request-id, location, retry-after, www-authenticate",
    );
  });

  it("answers every OPTIONS that is not a preflight with a TMF Error", async () => {
    const errorOf = async (res: Response) => ({ status: res.status, body: await res.json() });
    // Origin without Access-Control-Request-Method: no preflight, so credentials are needed.
    expect(await errorOf(await fetch(`${fronted.url}/graphql`, { method: "OPTIONS", headers: { origin: APP } }))).toMatchObject({
      status: 401,
      body: { "@type": "Error", code: "UNAUTHENTICATED", status: "401" },
    });
    // With credentials, OPTIONS is no operation of any route.
    expect(await errorOf(await fetch(`${fronted.url}${CUSTOMERS}`, { method: "OPTIONS", headers: { "x-api-key": KEY } }))).toMatchObject({
      status: 404,
      body: { "@type": "Error", status: "404", reason: "Not Found", message: `No resource at OPTIONS ${CUSTOMERS}` },
    });
    expect(
      await errorOf(await fetch(`${fronted.url}/graphql`, { method: "OPTIONS", headers: { "x-api-key": KEY, "content-type": "text/plain" }, body: "hello" })),
    ).toMatchObject({
      status: 415,
      body: { "@type": "Error", status: "415", code: "UNSUPPORTED_MEDIA_TYPE" },
    });
    expect(
      await errorOf(
        await fetch(`${fronted.url}${CUSTOMERS}/%E0%A4%A`, { method: "OPTIONS", headers: { origin: APP, "access-control-request-method": "GET" } }),
      ),
    ).toMatchObject({
      status: 400,
      body: { "@type": "Error", status: "400" },
    });
  });

  it("without CORS_ORIGINS, a preflight is no CORS answer: 404 TMF Error with credentials, and no allow-origin", async () => {
    const res = await fetch(`${untrusting.url}/graphql`, { method: "OPTIONS", headers: { origin: APP, "access-control-request-method": "POST" } });
    expect(res.status).toBe(404);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    expect(await res.json()).toMatchObject({ "@type": "Error", status: "404" });
  });
});

const FORWARDED = { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" };
const newCustomer = (server: TestServer, headers: Record<string, string>) =>
  server.request("POST", CUSTOMERS, { name: "Forwarded", engagedParty: { id: "p", "@referredType": "Individual" } }, headers);

describe("hrefs and X-Forwarded-*", () => {
  it("TRUST_PROXY=false: the Host header, whatever X-Forwarded-Host/Proto say (REST body, Location, GraphQL)", async () => {
    const created = await newCustomer(untrusting, FORWARDED);
    expect(created.status).toBe(201);
    const href = `${untrusting.url}${CUSTOMERS}/${created.body.id}`;
    expect(created.body.href).toBe(href);
    expect(created.headers.get("location")).toBe(href);
    expect((await untrusting.request("GET", `${CUSTOMERS}/${created.body.id}?fields=href`, undefined, FORWARDED)).body.href).toBe(href);
    const graphql = await untrusting.request("POST", "/graphql", { query: `{ customer(id: "${created.body.id}") { href } }` }, FORWARDED);
    expect(graphql.body).toEqual({ data: { customer: { href } } });
  });

  it("TRUST_PROXY as CIDRs: a peer outside them is not believed, one inside is", async () => {
    const outside = await startTestServer({ TRUST_PROXY: "10.0.0.0/8, 192.168.1.7" }, untrusting.db);
    const inside = await startTestServer({ TRUST_PROXY: "10.0.0.0/8, 127.0.0.1" }, untrusting.db);
    try {
      const created = (await newCustomer(outside, FORWARDED)).body;
      expect(created.href).toBe(`${outside.url}${CUSTOMERS}/${created.id}`);
      const read = await inside.request("GET", `${CUSTOMERS}/${created.id}?fields=href`, undefined, FORWARDED);
      expect(read.body.href).toBe(`https://evil.example${CUSTOMERS}/${created.id}`);
      // A forwarded "host" that is no host is ignored.
      const odd = await inside.request("GET", `${CUSTOMERS}/${created.id}?fields=href`, undefined, {
        "x-forwarded-host": "a b/c",
        "x-forwarded-proto": "gopher",
      });
      expect(odd.body.href).toBe(`${inside.url}${CUSTOMERS}/${created.id}`);
    } finally {
      await outside.close();
      await inside.close();
    }
  });

  it("PUBLIC_BASE_URL wins on REST, Location and GraphQL, X-Forwarded-* or not", async () => {
    const auth = { "x-api-key": KEY, ...FORWARDED };
    const created = await newCustomer(fronted, auth);
    const href = `${PUBLIC}${CUSTOMERS}/${created.body.id}`;
    expect(created.body.href).toBe(href);
    expect(created.headers.get("location")).toBe(href);
    const graphql = await fronted.request("POST", "/graphql", { query: `{ customer(id: "${created.body.id}") { href } }` }, auth);
    expect(graphql.body).toEqual({ data: { customer: { href } } });
  });
});

/** A party account's change as a graphql-ws subscription through `server` receives it, the upgrade sent with X-Forwarded-*. */
async function subscribedHref(server: TestServer, connectionParams: Record<string, string>): Promise<{ href: string; id: string }> {
  class ForwardedWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: FORWARDED });
    }
  }
  const party = [{ id: "org-h", name: "Hygiene Co", role: "partner", "@referredType": "Organization" }];
  const account = await server.request("POST", PARTY_ACCOUNTS, { name: "Watched", relatedParty: party, state: "active" }, connectionParams);
  const client = createClient({
    url: `${server.url.replace("http", "ws")}/graphql`,
    webSocketImpl: ForwardedWebSocket,
    connectionParams,
    lazy: false,
    retryAttempts: 0,
  });
  try {
    const received = new Promise<string>((resolve, reject) => {
      client.subscribe<{ partyAccountChanged: { href: string } }>(
        { query: `subscription ($id: ID) { partyAccountChanged(id: $id) { href } }`, variables: { id: account.body.id } },
        {
          next: (m) => (m.errors ? reject(new Error(JSON.stringify(m.errors))) : resolve(m.data!.partyAccountChanged.href)),
          error: reject,
          complete: () => undefined,
        },
      );
    });
    await new Promise((r) => setTimeout(r, 300)); // the subscription is registered
    await server.request("PATCH", `${PARTY_ACCOUNTS}/${account.body.id}`, { state: "closed" }, connectionParams);
    return { href: await received, id: account.body.id };
  } finally {
    await client.dispose();
  }
}

describe("hrefs of subscription events", () => {
  it("PUBLIC_BASE_URL, not the upgrade's X-Forwarded-Host", async () => {
    const { href, id } = await subscribedHref(fronted, { "x-api-key": KEY });
    expect(href).toBe(`${PUBLIC}${PARTY_ACCOUNTS}/${id}`);
  });

  it("TRUST_PROXY=false: the upgrade's Host header", async () => {
    const { href, id } = await subscribedHref(untrusting, {});
    expect(href).toBe(`${untrusting.url}${PARTY_ACCOUNTS}/${id}`);
  });
});

describe("TRUST_PROXY", () => {
  it("defaults to the private ranges; takes true, false, addresses, CIDRs and proxy-addr's names; refuses anything else", () => {
    const trusted = (value: string | undefined, address: string) => trustsProxy(loadConfig({ TRUST_PROXY: value }).trustProxy)(address);
    expect(["127.0.0.1", "::ffff:10.1.2.3", "192.168.0.9", "172.20.0.1", "fd00::1", "::1"].map((a) => trusted(undefined, a))).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(["203.0.113.5", "::ffff:8.8.8.8", "2001:db8::1", "172.32.0.1"].map((a) => trusted(undefined, a))).toEqual([false, false, false, false]);
    expect([trusted("true", "203.0.113.5"), trusted("false", "127.0.0.1")]).toEqual([true, false]);
    expect(["203.0.113.5", "203.0.113.6", "127.0.0.1", "fe80::1"].map((a) => trusted("203.0.113.5, linklocal", a))).toEqual([true, false, false, true]);
    expect(["2001:db8::5", "2001:db9::1"].map((a) => trusted("2001:db8::/32", a))).toEqual([true, false]);
    expect(() => loadConfig({ TRUST_PROXY: "proxy.internal" })).toThrow(ConfigError);
    expect(() => loadConfig({ TRUST_PROXY: "10.0.0.0/33" })).toThrow(/TRUST_PROXY must be true, false or addresses/);
  });
});
