// The v5 ÷ v4 CPU cost of REST reads, in one process, without a load generator: a scratch embedded
// PostgreSQL seeded as the bench seeds it, the product built in-process (buildApp) and called through
// Fastify's inject, v4 and v5 alternating, the process's own CPU time per request measured
// (process.cpuUsage: the same code path as a served request, less the socket). On a shared box this
// ratio holds steadier than req/s under autocannon (bench/versions.ts, phase n).
//
//   node --import tsx bench/versions-cpu.ts [--rounds=6] [--requests=100 (lists; by id ten times)] [--customers=1000] [--resources=customer,list] [--profile=<dir>]
//   node --cpu-prof --cpu-prof-dir=bench/profiles --import tsx bench/versions-cpu.ts …   (where the time goes)
import "reflect-metadata";
import { mkdirSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import path from "node:path";
import { freshDirectory, startScratchPostgres } from "../scripts/launch/postgres.js";
import { applyMigrations } from "../src/db/migrate.js";
import { BENCH_DIR } from "./options.js";
import { seed } from "./seed.js";
import { RESOURCES } from "./versions.js";

process.env.NODE_ENV = "production";
const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? fallback);
const ROUNDS = arg("rounds", 6);
const REQUESTS = arg("requests", 100);
const KEY = "versions-cpu-0123456789abcdef";

const pg = await startScratchPostgres(freshDirectory(path.join(BENCH_DIR, ".data-cpu"), "pg-"));
try {
  await applyMigrations(pg.url);
  await seed(pg.url, arg("customers", 1000));
  const { loadConfig } = await import("../src/config.js");
  const { openDatabase } = await import("../src/db/database.js");
  const { buildApp } = await import("../src/http/app.js");
  const config = loadConfig({
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: pg.url,
    LOG_LEVEL: "warn",
    API_KEYS: JSON.stringify([{ name: "bench", key: KEY, scopes: ["*"] }]),
    RATE_LIMIT_MAX: "100000000",
  });
  const database = await openDatabase({ databaseUrl: pg.url, dataDir: path.join(BENCH_DIR, ".data-cpu"), poolSize: 10, log: () => undefined });
  const app = await buildApp(config, database);
  await app.ready();
  const ids: Record<string, string[]> = {};
  for (const r of RESOURCES) ids[r.name] = (await database.pool.query(`SELECT id::text FROM ${r.table} ORDER BY md5(id::text)`)).rows.map((x) => x.id);

  const get = async (url: string) => {
    const res = await app.inject({ method: "GET", url, headers: { "x-api-key": KEY } });
    if (res.statusCode !== 200) throw new Error(`GET ${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    return res;
  };
  /** CPU µs per request of `urls`, 10 concurrent (as a served process sees them, interleaved). */
  const cpuPerRequest = async (urls: (i: number) => string, requests: number) => {
    const start = process.cpuUsage();
    let next = 0;
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (next < requests) await get(urls(next++));
      }),
    );
    const used = process.cpuUsage(start);
    return (used.user + used.system) / requests;
  };
  // --profile=<dir>: each version's rounds profiled apart (node:inspector), one .cpuprofile per resource, kind and version.
  const profileDir = process.argv.find((a) => a.startsWith("--profile="))?.slice(10);
  const session = profileDir ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post("Profiler.enable");
    await session.post("Profiler.setSamplingInterval", { interval: 200 });
  }
  const profiles: Record<string, { nodes: unknown[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }[]> = {};
  const profiled = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    if (!session) return fn();
    await session.post("Profiler.start");
    try {
      return await fn();
    } finally {
      const { profile } = await session.post("Profiler.stop");
      (profiles[name] ??= []).push(profile as never);
    }
  };
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const lines: string[] = [];
  const only = process.argv
    .find((a) => a.startsWith("--resources="))
    ?.slice(12)
    .split(",");
  for (const r of RESOURCES.filter((x) => !only || only.includes(x.name))) {
    for (const kind of ["byId", "list"] as const) {
      if (only?.includes(kind === "byId" ? "list" : "byId") && !only.includes(kind)) continue;
      const url = (base: string) => (i: number) => (kind === "list" ? `${base}?limit=100` : `${base}/${ids[r.name]![i % ids[r.name]!.length]}`);
      // By id costs a tenth of a list: ten times the requests.
      const requests = kind === "list" ? REQUESTS : REQUESTS * 10;
      await cpuPerRequest(url(r.v4), requests); // warm-up
      await cpuPerRequest(url(r.v5), requests);
      const v4: number[] = [];
      const v5: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        v4.push(await profiled(`${r.name}-${kind}-v4`, () => cpuPerRequest(url(r.v4), requests)));
        v5.push(await profiled(`${r.name}-${kind}-v5`, () => cpuPerRequest(url(r.v5), requests)));
      }
      const ratios = v4.map((a, i) => v5[i]! / a);
      const line = `${r.name} ${kind}: CPU µs/req v4 ${median(v4).toFixed(0)} v5 ${median(v5).toFixed(0)} → v5/v4 ${(median(v5) / median(v4)).toFixed(2)} (per round ${ratios.map((x) => x.toFixed(2)).join(" ")})`;
      console.log(line);
      lines.push(line);
    }
  }
  if (profileDir) {
    mkdirSync(profileDir, { recursive: true });
    // The last round of each: a whole profile per file (profile-summary.ts reads them).
    for (const [name, list] of Object.entries(profiles)) writeFileSync(path.join(profileDir, `${name}.cpuprofile`), JSON.stringify(list.at(-1)));
    console.log(`profiles (last round of each) in ${profileDir}`);
  }
  await app.close();
  await database.close();
} finally {
  await pg.stop();
}
