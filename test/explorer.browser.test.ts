import { Kind, parse, type OperationDefinitionNode } from "graphql";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.js";
import { countRows } from "./support/sql-counts.js";

// Issue 8: a browser on GET /graphql gets a working explorer on a closed network. A real Chromium
// (Debian's package; CI installs it) opens the page, and the test proves that every request the page
// makes — HTML, scripts, styles, Monaco's web workers, fonts, GraphQL — goes to the gateway itself.
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const ARTIFACTS = path.resolve(import.meta.dirname, "../test-artifacts");
const EXTRA_HEADER = { "X-Explorer-Check": "from-the-headers-editor" };

/** The operations of the example files (graphql/examples/), read here: the explorer must offer every one. */
const exampleOperations = () =>
  readdirSync("graphql/examples")
    .filter((file) => file.endsWith(".graphql"))
    .flatMap((file) => parse(readFileSync(`graphql/examples/${file}`, "utf8")).definitions)
    .filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);

/** The status of a GET, its body read to the end (an unread body keeps the connection busy and app.close() waiting). */
async function statusOf(url: string): Promise<number> {
  const res = await fetch(url);
  await res.arrayBuffer();
  return res.status;
}

let server: TestServer;
/** Customers the tests of this file created on `server` (its database is fresh). */
let customersCreated = 0;
beforeAll(async () => {
  server = await startTestServer({ EXPLORER: "local", EXPLORER_DEFAULT_HEADERS: JSON.stringify(EXTRA_HEADER) });
});
afterAll(() => server?.close());

describe("GET /graphql in a browser (EXPLORER=local, the default)", () => {
  it("runs the example query in GraphiQL served by the gateway: no request leaves 127.0.0.1", async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium not found at ${CHROMIUM}: this test drives a real browser. Install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH.`,
      );
    }
    const name = `Explorer Check ${Date.now().toString(36)}`;
    const created = await server.graphql<{ createCustomer: { id: string } }>(
      `mutation ($input: CustomerInput!) { createCustomer(input: $input) { id name } }`,
      { input: { name, engagedParty: { id: "party-explorer", atReferredType: "Individual" } } },
    );
    expect(created.errors).toBeUndefined();
    customersCreated++;

    const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
      const origin = new URL(server.url).origin;
      const requests: Request[] = [];
      const external: string[] = [];
      context.on("request", (request) => requests.push(request));
      // Record and refuse anything not addressed to the gateway (data: and blob: URLs never reach here).
      await context.route(
        (url) => url.origin !== origin,
        (route) => {
          external.push(route.request().url());
          return route.abort("blockedbyclient");
        },
      );
      const pageErrors: string[] = [];
      const page = await context.newPage();
      page.on("pageerror", (error) => pageErrors.push(error.message));

      const response = await page.goto(`${server.url}/graphql`);
      expect(response?.status()).toBe(200);
      expect(response?.headers()["content-type"]).toContain("text/html");

      // GraphiQL is up with the example document from graphql/examples/ and a headers editor.
      const queryEditor = page.locator(".graphiql-query-editor .view-lines");
      await expect.poll(() => queryEditor.textContent(), { timeout: 60_000 }).toContain("PortalCustomers");
      await expect.poll(() => page.locator(".graphiql-editor-tools button", { hasText: "Headers" }).count()).toBe(1);

      // Run: with every example in the document, the run button asks which operation.
      await page.locator(".graphiql-execute-button").click();
      const choices = page.getByRole("menuitem");
      await expect.poll(async () => (await choices.allTextContents()).length).toBe(exampleOperations().length);
      expect(await choices.allTextContents()).toEqual(
        expect.arrayContaining(["PortalCustomers", ...exampleOperations().flatMap((o) => (o.name ? [o.name.value] : []))]),
      );
      await page.getByRole("menuitem", { name: "PortalCustomers" }).click();
      const result = page.locator(".graphiql-response .view-lines");
      // Monaco renders spaces as no-break spaces.
      await expect.poll(async () => (await result.textContent())?.replace(/\u00a0/g, " "), { timeout: 30_000 }).toContain(name);

      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, "explorer.png") });

      expect(external).toEqual([]);
      const urls = requests.map((r) => r.url()).filter((u) => /^https?:/.test(u));
      expect(urls.every((u) => u.startsWith(`${origin}/`))).toBe(true);
      expect(urls.some((u) => u.includes("/graphql/explorer/assets/explorer.js"))).toBe(true);
      expect(urls.some((u) => u.includes("/graphql/explorer/assets/explorer.css"))).toBe(true);
      // The operation went to the gateway's /graphql with the configured default headers.
      const operations = requests.filter((r) => r.method() === "POST" && r.url() === `${origin}/graphql`);
      const run = operations.find((r) => r.postData()?.includes("PortalCustomers"));
      expect(run, "the PortalCustomers operation was POSTed to /graphql").toBeDefined();
      expect(run!.headers()["x-explorer-check"]).toBe(EXTRA_HEADER["X-Explorer-Check"]);
      expect(pageErrors).toEqual([]);
      await context.close();
    } finally {
      await browser.close();
    }
  }, 120_000);

  it("serves the page only to browsers: JSON clients and GET with a query still reach Apollo", async () => {
    const html = await fetch(`${server.url}/graphql`, { headers: { accept: "text/html,application/xhtml+xml,*/*;q=0.8" } });
    expect(html.status).toBe(200);
    const page = await html.text();
    expect(page).toContain("/graphql/explorer/assets/explorer.js");
    expect(page).not.toMatch(/https?:\/\//);
    const asset = await fetch(`${server.url}/graphql/explorer/assets/explorer.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get("content-type")).toContain("javascript");
    expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
    expect(await statusOf(`${server.url}/graphql/explorer/assets/nothing.js`)).toBe(404);
    for (const name of ["Count One", "Count Two"]) {
      const created = await server.graphql(`mutation ($input: CustomerInput!) { createCustomer(input: $input) { id } }`, {
        input: { name, engagedParty: { id: "party-count", atReferredType: "Individual" } },
      });
      expect(created.errors).toBeUndefined();
      customersCreated++;
    }

    const curl = await fetch(`${server.url}/graphql`, { headers: { accept: "*/*" } });
    expect(curl.headers.get("content-type")).not.toContain("text/html");
    await curl.text();
    const query = await fetch(`${server.url}/graphql?query=${encodeURIComponent("{ customersCount }")}`, {
      headers: { accept: "text/html,application/json;q=0.9", "apollo-require-preflight": "1" },
    });
    expect(query.headers.get("content-type")).not.toContain("text/html");
    const { customersCount } = ((await query.json()) as { data: { customersCount: number } }).data;
    expect(await countRows(server, "customer")).toBe(customersCreated);
    expect(customersCount).toBe(customersCreated);
  });
});

describe("EXPLORER=sandbox and EXPLORER=off", () => {
  it("sandbox serves Apollo Sandbox's landing page; off (the production default) serves no explorer at all", async () => {
    const browserAccept = { accept: "text/html,application/xhtml+xml,*/*;q=0.8" };
    const sandbox = await startTestServer({ EXPLORER: "sandbox" });
    try {
      const res = await fetch(`${sandbox.url}/graphql`, { headers: browserAccept });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain("apollographql.com");
      expect(await statusOf(`${sandbox.url}/graphql/explorer/assets/explorer.js`)).toBe(404);
    } finally {
      await sandbox.close();
    }
    // Off when asked, and by default in production, where introspection is off too.
    const production = { NODE_ENV: "production", API_KEYS: JSON.stringify([{ name: "portal", key: "k".repeat(24), scopes: ["*"] }]) };
    for (const env of [{ EXPLORER: "off" }, production]) {
      const off = await startTestServer(env);
      try {
        const res = await fetch(`${off.url}/graphql`, { headers: browserAccept });
        expect(res.status).toBe(400);
        expect(res.headers.get("content-type")).not.toContain("text/html");
        await res.text();
        expect(await statusOf(`${off.url}/graphql/explorer/assets/explorer.js`)).toBe(404);
      } finally {
        await off.close();
      }
    }
  });
});
