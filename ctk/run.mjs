#!/usr/bin/env node
// Runs the TMF conformance kits (ctk/*.postman_collection.json) with newman.
//
//   node ctk/run.mjs                 start the service on a free port with a fresh data dir, run all kits
//   node ctk/run.mjs Payment         only the kits whose file name contains "Payment"
//   CTK_BASE_URL=http://host:8080 node ctk/run.mjs     run against an already running service
//
// Environment: CTK_BASE_URL (use a running service), CTK_EXTENDED=1 (checks beyond the certified
// CTK runs), CTK_START_TIMEOUT (seconds to wait for /health, default 60), DATABASE_URL (passed to
// the service when set). Reports: ctk/reports/<kit>.json, ctk/reports/<kit>.html, ctk/reports/service.log.
import { mkdirSync, readdirSync, readFileSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import newman from "newman";
import { spawnService } from "../scripts/launch/service.mjs";

const CTK_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.dirname(CTK_DIR);
const REPORTS_DIR = path.join(CTK_DIR, "reports");
const START_TIMEOUT_MS = Number(process.env.CTK_START_TIMEOUT || 60) * 1000;

// Kits run in this order (the seed kits first, on a fresh data set, so that their assertion counts
// are comparable with the certification reports); any other kit follows alphabetically.
const ORDER = ["TMF629-Customer", "TMF676-Payment", "TMF666-BillingAccount", "TMF676-Refund"];
// Counts of the certified TM Forum CTK runs (seed reports) for comparison.
const SEED = {
  "TMF629-Customer": { report: "CTK-Customer-4.0.0", requests: 10, assertions: 67 },
  "TMF676-Payment": { report: "CTK-Payment-4.0.0", requests: 7, assertions: 249 },
};

const log = (...args) => console.log("[ctk]", ...args);

// ---------------------------------------------------------------------------------------------
// Service lifecycle (scripts/launch/service.mjs: the launcher the tests and the bench use too)
// ---------------------------------------------------------------------------------------------
let service = null;

async function startService() {
  const logFile = path.join(REPORTS_DIR, "service.log");
  service = await spawnService({
    env: {
      // hrefs must be built from the address the kits call (baseUrl), not from a configured public URL.
      PUBLIC_BASE_URL: undefined,
      // The kits call the API without credentials, as the certification runs did: the service started
      // here for them has authentication off (against a server of your own, use CTK_BASE_URL).
      AUTH: "false",
      // DATABASE_URL, when set, reaches the service with the rest of the environment.
    },
    freshDataDir: path.join(os.tmpdir(), "tmf-ctk-"),
    logFile,
    // Its own process group: a forced stop also reaches the processes it started (an embedded PostgreSQL).
    processGroup: true,
    readyPath: "/health",
    readyTimeoutMs: START_TIMEOUT_MS,
    stopGraceMs: 10_000,
    log,
    progress: log,
  });
  log(
    `starting service: node --import tsx src/main.ts (PORT=${service.port} DATA_DIR=${service.dataDir}${process.env.DATABASE_URL ? " DATABASE_URL=<set>" : ""}), log: ${path.relative(process.cwd(), logFile)}`,
  );
  await service.ready();
  log(`service healthy at ${service.url} after ${(service.readyMs / 1000).toFixed(1)} s`);
  return service.url;
}

async function stopService() {
  await service?.stop();
}

// ---------------------------------------------------------------------------------------------
// Kits
// ---------------------------------------------------------------------------------------------
function listKits(filters) {
  const files = readdirSync(CTK_DIR).filter((f) => f.endsWith(".postman_collection.json"));
  const names = files.map((f) => f.replace(/\.postman_collection\.json$/, ""));
  const rank = (n) => (ORDER.includes(n) ? ORDER.indexOf(n) : ORDER.length);
  names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return filters.length ? names.filter((n) => filters.some((f) => n.toLowerCase().includes(f.toLowerCase()))) : names;
}

function runKit(kit, baseUrl) {
  const environment = {
    name: "ctk",
    values: [
      { key: "baseUrl", value: baseUrl, type: "default", enabled: true },
      { key: "extendedChecks", value: /^(1|true|yes)$/i.test(process.env.CTK_EXTENDED || "") ? "true" : "false", type: "default", enabled: true },
    ],
  };
  return new Promise((resolve) => {
    newman.run(
      {
        collection: path.join(CTK_DIR, `${kit}.postman_collection.json`),
        environment,
        reporters: ["cli", "json", "htmlextra"],
        reporter: {
          json: { export: path.join(REPORTS_DIR, `${kit}.json`) },
          htmlextra: { export: path.join(REPORTS_DIR, `${kit}.html`), browserTitle: kit, title: kit },
        },
        timeoutRequest: 30_000,
      },
      (err, summary) => resolve({ kit, err, summary }),
    );
  });
}

function summarize({ kit, err, summary }) {
  if (err || !summary)
    return {
      kit,
      requests: 0,
      setupRequests: 0,
      requestsFailed: 0,
      assertions: 0,
      failed: 0,
      errors: 1,
      failures: [{ where: kit, what: String(err?.stack || err) }],
    };
  const s = summary.run.stats;
  const failures = summary.run.failures.map((f) => ({
    where: f.source?.name || f.at || "",
    what: `${f.error?.test ? `"${f.error.test}"` : f.error?.name || "error"}: ${f.error?.message || ""}`,
  }));
  return {
    kit,
    requests: s.items.total, // requests of the kit (what the certification reports count)
    setupRequests: s.requests.total - s.items.total, // pm.sendRequest calls of setup scripts
    requestsFailed: s.requests.failed,
    assertions: s.assertions.total,
    failed: s.assertions.failed,
    // request errors, script errors (anything that is not a failed assertion)
    errors: summary.run.failures.filter((f) => f.error?.name !== "AssertionError").length,
    failures,
  };
}

// ---------------------------------------------------------------------------------------------
async function main() {
  mkdirSync(REPORTS_DIR, { recursive: true });
  const kits = listKits(process.argv.slice(2));
  if (!kits.length) {
    console.error("[ctk] no kit matches", process.argv.slice(2).join(" "));
    return 2;
  }
  let baseUrl = (process.env.CTK_BASE_URL || "").replace(/\/+$/, "");
  if (baseUrl) {
    log(`using running service at ${baseUrl}`);
  } else {
    if (!existsSync(path.join(REPO_ROOT, "src", "main.ts"))) {
      console.error(`[ctk] ${path.join(REPO_ROOT, "src", "main.ts")} not found; set CTK_BASE_URL to run against a running service`);
      return 2;
    }
    try {
      baseUrl = await startService();
    } catch (e) {
      console.error(`[ctk] ${e.message}; see ctk/reports/service.log`);
      await stopService();
      const tail = readFileSync(path.join(REPORTS_DIR, "service.log"), "utf8").split("\n").slice(-30).join("\n");
      console.error(`[ctk] last lines of service.log:\n${tail}`);
      return 3;
    }
  }

  const results = [];
  for (const kit of kits) {
    if (interrupted) break;
    log(`running ${kit} against ${baseUrl}`);
    results.push(summarize(await runKit(kit, baseUrl)));
  }
  await stopService();

  console.log("\n[ctk] summary");
  const total = { requests: 0, setupRequests: 0, assertions: 0, failed: 0, errors: 0 };
  for (const r of results) {
    total.requests += r.requests;
    total.setupRequests += r.setupRequests;
    total.assertions += r.assertions;
    total.failed += r.failed;
    total.errors += r.errors;
    const seed = SEED[r.kit];
    const cmp = seed
      ? `  (${seed.report}: ${seed.requests} requests, ${seed.assertions} assertions${r.requests === seed.requests && r.assertions === seed.assertions ? " - same counts" : ""})`
      : "";
    console.log(
      `  ${r.failed || r.errors ? "FAIL" : "PASS"}  ${r.kit.padEnd(24)} requests ${String(r.requests).padStart(3)} (+${String(r.setupRequests).padStart(2)} setup)  assertions ${String(r.assertions).padStart(4)}  failed ${String(r.failed).padStart(3)}${r.errors ? `  errors ${r.errors}` : ""}${cmp}`,
    );
  }
  console.log(
    `  ${total.failed || total.errors ? "FAIL" : "PASS"}  ${"TOTAL".padEnd(24)} requests ${String(total.requests).padStart(3)} (+${String(total.setupRequests).padStart(2)} setup)  assertions ${String(total.assertions).padStart(4)}  failed ${String(total.failed).padStart(3)}${total.errors ? `  errors ${total.errors}` : ""}`,
  );
  const failures = results.flatMap((r) => r.failures.map((f) => `  ${r.kit} > ${f.where} > ${f.what}`));
  if (failures.length) console.log(`\n[ctk] failures\n${failures.join("\n")}`);
  console.log(`\n[ctk] reports in ${path.relative(process.cwd(), REPORTS_DIR) || "."}/`);
  return total.failed || total.errors ? 1 : 0;
}

let interrupted = false;
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, async () => {
    if (interrupted) return;
    interrupted = true;
    console.error(`\n[ctk] ${sig}: stopping`);
    await stopService();
    process.exit(130);
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  async (e) => {
    console.error("[ctk]", e.stack || e);
    await stopService();
    process.exitCode = 1;
  },
);
