#!/usr/bin/env node
// Compares a kit run (newman JSON report) with the certified TM Forum CTK run, request by request
// and assertion name by assertion name (values in "href is …", "id is …", "account.id is …" are
// server-specific and compared as "<value>").
//
//   node ctk/tools/compare-seed.mjs                      compare ctk/reports/<kit>.json with seed-expectations.json
//   node ctk/tools/compare-seed.mjs --extract <kit> <certification-report.txt>
//                                                        (re)build seed-expectations.json from a report text
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const TOOLS = dirname(fileURLToPath(import.meta.url));
const EXPECTATIONS = join(TOOLS, "seed-expectations.json");
const REPORTS = join(TOOLS, "..", "reports");

const normalize = (name) => name.replace(/^((?:href|id|account\.id) is ).+$/, "$1<value>");

// Parses the "Newman Report" section of a certification report (text export of the htmlextra report).
function extract(text) {
  const lines = text.split(/\r?\n/);
  const requests = [];
  let current = null;
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i].trim();
    if (line === "Method" && /^[A-Z]+$/.test(lines[i + 1]?.trim() || "")) {
      // the request path is the first non-empty line after the folder / before "Description"
      let j = i - 1;
      while (j > 0 && lines[j].trim() !== "Description") j -= 1;
      let k = j - 1;
      while (k > 0 && !lines[k].trim().startsWith("/")) k -= 1;
      current = { name: lines[k].trim(), method: lines[i + 1].trim(), url: "", assertions: {} };
      requests.push(current);
    } else if (line === "URL" && current && !current.url) {
      current.url = lines[i + 1].trim();
    } else {
      const m = lines[i].match(/^\s*\t\t(.+?)\t\t(\d+)\t\t(\d+)\s*$/);
      if (m && current) {
        const name = normalize(m[1]);
        current.assertions[name] = (current.assertions[name] || 0) + Number(m[2]) + Number(m[3]);
      }
    }
  }
  return requests;
}

if (process.argv[2] === "--extract") {
  const [, , , kit, file] = process.argv;
  const all = existsSync(EXPECTATIONS) ? JSON.parse(readFileSync(EXPECTATIONS, "utf8")) : {};
  const requests = extract(readFileSync(file, "utf8"));
  const total = requests.reduce((n, r) => n + Object.values(r.assertions).reduce((a, b) => a + b, 0), 0);
  all[kit] = { requests: requests.length, assertions: total, perRequest: requests };
  writeFileSync(EXPECTATIONS, `${JSON.stringify(all, null, 2)}\n`);
  console.log(`${kit}: ${requests.length} requests, ${total} assertions -> ${EXPECTATIONS}`);
  process.exit(0);
}

const expectations = JSON.parse(readFileSync(EXPECTATIONS, "utf8"));
let mismatches = 0;
for (const [kit, seed] of Object.entries(expectations)) {
  const reportFile = join(REPORTS, `${kit}.json`);
  if (!existsSync(reportFile)) {
    console.log(`${kit}: no report (${reportFile})`);
    continue;
  }
  const run = JSON.parse(readFileSync(reportFile, "utf8")).run;
  // pm.sendRequest calls of the setup script are recorded as extra executions of the same item
  // (same cursor.ref): keep one execution per item.
  const byRef = new Map();
  for (const ex of run.executions) byRef.set(ex.cursor?.ref || ex.id, ex);
  const executions = [...byRef.values()];
  console.log(
    `\n${kit}: seed ${seed.requests} requests / ${seed.assertions} assertions; run ${executions.length} requests / ${run.stats.assertions.total} assertions (${run.stats.requests.total - executions.length} setup requests)`,
  );
  seed.perRequest.forEach((req, idx) => {
    const ex = executions[idx];
    const got = {};
    for (const a of ex?.assertions || []) got[normalize(a.assertion)] = (got[normalize(a.assertion)] || 0) + 1;
    const names = [...new Set([...Object.keys(req.assertions), ...Object.keys(got)])];
    const diffs = names.filter((n) => req.assertions[n] !== got[n]);
    const sameRequest = ex && ex.item.name === req.name && ex.request.method === req.method;
    const seedTotal = Object.values(req.assertions).reduce((a, b) => a + b, 0);
    const gotTotal = Object.values(got).reduce((a, b) => a + b, 0);
    const ok = sameRequest && diffs.length === 0;
    if (!ok) mismatches += 1;
    console.log(
      `  ${ok ? "=" : "≠"} ${String(idx + 1).padStart(2)} ${req.method.padEnd(6)} ${req.name.padEnd(28)} seed ${String(seedTotal).padStart(3)}  run ${String(gotTotal).padStart(3)}${sameRequest ? "" : `  (run: ${ex ? `${ex.request.method} ${ex.item.name}` : "missing"})`}`,
    );
    for (const n of diffs) console.log(`       ${n}: seed ${req.assertions[n] ?? 0}, run ${got[n] ?? 0}`);
  });
  if (executions.length > seed.perRequest.length) {
    mismatches += 1;
    console.log(`  ≠ ${executions.length - seed.perRequest.length} extra request(s) in the run`);
  }
}
process.exitCode = mismatches ? 1 : 0;
