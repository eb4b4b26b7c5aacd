#!/usr/bin/env node
// Runs the TMF conformance kits (ctk/*.postman_collection.json) with newman, each under the ODA
// Component that serves it.
//
//   node ctk/run.mjs                 start one service per ODA Component (ODA_COMPONENT, read from
//                                    deploy/kubernetes/components/), on one fresh database, run all kits
//   node ctk/run.mjs Payment         only the kits whose file name contains "Payment" (and the components they call)
//   CTK_BASE_URL=http://host:8080 node ctk/run.mjs     run against an already running service (every API)
//
// A kit that calls one component's APIs runs against that component's service; a kit whose setup
// also calls another's (a Payment kit creates its customer and billing account) runs through a router
// that sends each request to the component serving its path, as the Canvas' API gateway does; a kit
// of the security function's APIs (TMF669 party role) runs under every component. Each component is
// also checked to answer another component's path with 404.
//
// Environment: CTK_BASE_URL (use a running service), CTK_EXTENDED=1 (checks beyond the certified
// CTK runs), CTK_START_TIMEOUT (seconds to wait for /health, default 60), DATABASE_URL (passed to
// the service when set). Reports: ctk/reports/<kit>.json, ctk/reports/<kit>.html, ctk/reports/service-<component>.log.
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import newman from "newman";
import { componentServices } from "./tools/component-services.mjs";
import { foreignPath, kitPaths, kitPlacement, readComponents, startRouter } from "./tools/components.mjs";

const CTK_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.dirname(CTK_DIR);
const REPORTS_DIR = path.join(CTK_DIR, "reports");
const START_TIMEOUT_MS = Number(process.env.CTK_START_TIMEOUT || 60) * 1000;
const COMPONENTS_DIR = path.join(REPO_ROOT, "deploy", "kubernetes", "components");

// Kits run in this order (the seed kits first, on a fresh data set, so that their assertion counts
// are comparable with the certification reports); any other kit follows alphabetically.
const ORDER = ["TMF629-Customer", "TMF676-Payment", "TMF666-BillingAccount", "TMF676-Refund"];
// Counts of the certified TM Forum CTK runs (seed reports) for comparison.
const SEED = {
  "TMF629-Customer": { report: "CTK-Customer-4.0.0", requests: 10, assertions: 67 },
  "TMF676-Payment": { report: "CTK-Payment-4.0.0", requests: 7, assertions: 249 },
};

const log = (...args) => console.log("[ctk]", ...args);
const services = componentServices({ reportsDir: REPORTS_DIR, startTimeoutMs: START_TIMEOUT_MS, log });

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

function runKit(kit, baseUrl, label = kit) {
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
          json: { export: path.join(REPORTS_DIR, `${label}.json`) },
          htmlextra: { export: path.join(REPORTS_DIR, `${label}.html`), browserTitle: label, title: label },
        },
        timeoutRequest: 30_000,
      },
      (err, summary) => resolve({ kit: label, err, summary }),
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
// Kits under their components
// ---------------------------------------------------------------------------------------------
/** A kit's runs: under each component for the security function's kits, else under the one(s) serving its paths. */
function placeKits(components, kits) {
  return kits.map((kit) => {
    const placement = kitPlacement(components, kitPaths(path.join(CTK_DIR, `${kit}.postman_collection.json`)));
    return { kit, ...placement };
  });
}

/** Each component answers a path of every other component it does not serve with a TMF 404. */
async function checkRefusals(components, urls) {
  const failures = [];
  let checks = 0;
  for (const component of components)
    for (const other of components.filter((c) => c !== component)) {
      const foreign = foreignPath(component, other);
      if (!foreign) continue;
      checks += 1;
      const res = await fetch(`${urls[component.id]}${foreign}`);
      const body = await res.json().catch(() => ({}));
      if (res.status !== 404 || body["@type"] !== "Error")
        failures.push({ where: `${component.id} GET ${foreign}`, what: `expected a TMF 404 (${other.id}'s path), got ${res.status}` });
    }
  return { kit: "ODA_COMPONENT 404s", requests: checks, setupRequests: 0, requestsFailed: 0, assertions: checks, failed: failures.length, errors: 0, failures };
}

async function runUnderComponents(kits, results) {
  const all = readComponents(COMPONENTS_DIR);
  const placed = placeKits(all, kits);
  const needed = kits.length === listKits([]).length ? all : all.filter((c) => placed.some((p) => p.components.includes(c)));
  let router;
  try {
    const urls = await services.start(needed);
    router = await startRouter(needed, urls);
    log(`router (each path to the component serving it) at ${router.url}`);
    for (const { kit, every, components } of placed) {
      const runs = every
        ? components.map((c) => ({ label: `${kit} @${c.id}`, url: urls[c.id] }))
        : [
            components.length === 1
              ? { label: `${kit} @${components[0].id}`, url: urls[components[0].id] }
              : { label: `${kit} @${components.map((c) => c.id).join("+")}`, url: router.url },
          ];
      for (const { label, url } of runs) {
        if (interrupted) break;
        log(`running ${label} against ${url}`);
        results.push(summarize(await runKit(kit, url, label)));
      }
    }
    if (needed.length > 1) results.push(await checkRefusals(needed, urls));
    return 0;
  } catch (e) {
    console.error(`[ctk] ${e.message}; see ctk/reports/service-*.log`);
    return 3;
  } finally {
    await router?.close();
    await services.stop();
  }
}

// ---------------------------------------------------------------------------------------------
async function main() {
  mkdirSync(REPORTS_DIR, { recursive: true });
  const kits = listKits(process.argv.slice(2));
  if (!kits.length) {
    console.error("[ctk] no kit matches", process.argv.slice(2).join(" "));
    return 2;
  }
  const baseUrl = (process.env.CTK_BASE_URL || "").replace(/\/+$/, "");
  const results = [];
  if (baseUrl) {
    log(`using running service at ${baseUrl}`);
    for (const kit of kits) {
      if (interrupted) break;
      log(`running ${kit} against ${baseUrl}`);
      results.push(summarize(await runKit(kit, baseUrl)));
    }
  } else {
    if (!existsSync(path.join(REPO_ROOT, "src", "main.ts"))) {
      console.error(`[ctk] ${path.join(REPO_ROOT, "src", "main.ts")} not found; set CTK_BASE_URL to run against a running service`);
      return 2;
    }
    const code = await runUnderComponents(kits, results);
    if (code) return code;
  }

  console.log("\n[ctk] summary");
  const width = Math.max(24, ...results.map((r) => r.kit.length));
  const total = { requests: 0, setupRequests: 0, assertions: 0, failed: 0, errors: 0 };
  for (const r of results) {
    total.requests += r.requests;
    total.setupRequests += r.setupRequests;
    total.assertions += r.assertions;
    total.failed += r.failed;
    total.errors += r.errors;
    const seed = SEED[r.kit.split(" ")[0]];
    const cmp = seed
      ? `  (${seed.report}: ${seed.requests} requests, ${seed.assertions} assertions${r.requests === seed.requests && r.assertions === seed.assertions ? " - same counts" : ""})`
      : "";
    console.log(
      `  ${r.failed || r.errors ? "FAIL" : "PASS"}  ${r.kit.padEnd(width)} requests ${String(r.requests).padStart(3)} (+${String(r.setupRequests).padStart(2)} setup)  assertions ${String(r.assertions).padStart(4)}  failed ${String(r.failed).padStart(3)}${r.errors ? `  errors ${r.errors}` : ""}${cmp}`,
    );
  }
  console.log(
    `  ${total.failed || total.errors ? "FAIL" : "PASS"}  ${"TOTAL".padEnd(width)} requests ${String(total.requests).padStart(3)} (+${String(total.setupRequests).padStart(2)} setup)  assertions ${String(total.assertions).padStart(4)}  failed ${String(total.failed).padStart(3)}${total.errors ? `  errors ${total.errors}` : ""}`,
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
    await services.stop();
    process.exit(130);
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  async (e) => {
    console.error("[ctk]", e.stack || e);
    await services.stop();
    process.exitCode = 1;
  },
);
