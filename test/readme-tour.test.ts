import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.js";

// The README's five-minute tour, run as written (its one shell block) against a fresh service
// with the demo data `npm start` seeds (DEMO_DATA), as a newcomer runs it.
const run = promisify(execFile);

/** The tour's shell block, pointed at `url` instead of the default port. */
function tourScript(url: string): string {
  const section = readFileSync("README.md", "utf8").split("## A five-minute tour")[1]!;
  const block = section.split("```sh\n")[1]!.split("\n```")[0]!;
  return block.replaceAll("http://localhost:8080", url);
}

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ AUTH: "false", DEMO_DATA: "true" });
});
afterAll(() => server?.close());

describe("the README tour", () => {
  it("runs as written on a fresh service: every call succeeds and the balance is the payment's credit", async () => {
    const { stdout } = await run("bash", ["-euo", "pipefail", "-c", tourScript(server.url)], { timeout: 60_000 });
    expect(stdout).not.toContain('"@type":"Error"');
    expect(stdout).not.toContain('"errors"');
    expect(stdout).toMatch(/HTTP\/1\.1 200 OK[\s\S]*x-total-count: 1/i);
    expect(stdout).toContain('"balanceType":"receivableBalance","amount":{"unit":"EUR","value":-19.99}');
    expect(stdout).toContain('"name":"Ada Lovelace","accounts":[{"name":"Ada home"');
    expect(stdout).toContain('"paymentsConnection":{"edges":[{"cursor":"');

    const ada = await server.graphql<{ billingAccounts: { paymentsCount: number }[] }>(
      '{ billingAccounts(filter: { name: { eq: "Ada home" } }) { paymentsCount } }',
    );
    expect(ada.data!.billingAccounts).toEqual([{ paymentsCount: 1 }]);
  });
});
