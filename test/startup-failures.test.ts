import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, inject, it } from "vitest";
import { freePort } from "../scripts/launch/service.mjs";
import { databaseUrl } from "./support/database.js";

// `npm start` that cannot start says why in one line (no stack trace) and exits 1, and it says so
// before touching the database when the mistake is in the configuration.
const run = promisify(execFile);

async function start(env: Record<string, string>): Promise<{ code: number; lines: string[] }> {
  const port = String(await freePort());
  const result = await run(process.execPath, ["--import", "tsx", "src/main.ts"], {
    env: { ...process.env, HOST: "127.0.0.1", PORT: port, NODE_ENV: "production", ...env },
    timeout: 30_000,
  }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (err: { code: number; stdout: string }) => ({ code: err.code, stdout: err.stdout }),
  );
  return { code: result.code, lines: result.stdout.trim().split("\n") };
}

const missingDatabase = () => databaseUrl(inject("adminDatabaseUrl"), "gw_never_created");
const KEY = "0123456789abcdef0123";

describe("start-up failures", () => {
  it("an unknown scope in API_KEYS stops the start before the database is opened, in one line", async () => {
    const apiKeys = JSON.stringify([{ name: "billing", key: KEY, scopes: ["payments:write"] }]);
    const { code, lines } = await start({ API_KEYS: apiKeys, DATABASE_URL: missingDatabase() });
    expect(code).toBe(1);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!).msg).toMatch(/^configuration: API_KEYS entry "billing" has unknown scope\(s\) payments:write; known: /);
  });

  it.each([
    ["a database that does not exist", missingDatabase, /^start-up failed: database "gw_never_created" does not exist \(3D000\)$/],
    [
      "a server that refuses connections",
      () => "postgresql://postgres@127.0.0.1:9/gw",
      /^start-up failed: connect ECONNREFUSED 127\.0\.0\.1:9 \(ECONNREFUSED\)$/,
    ],
  ])("%s is one line naming what the database answered, without a stack", async (_, url, message) => {
    const apiKeys = JSON.stringify([{ name: "billing", key: KEY, scopes: ["payment:write"] }]);
    const { code, lines } = await start({ API_KEYS: apiKeys, DATABASE_URL: url() });
    expect(code).toBe(1);
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!) as { level: number; msg: string };
    expect(line.level).toBe(60);
    expect(line.msg).toMatch(message);
  });
});
