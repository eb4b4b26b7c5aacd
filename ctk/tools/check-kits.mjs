#!/usr/bin/env node
// Static checks of the conformance kits: valid JSON, Postman v2.1 structure, every script compiles,
// every {{variable}} used in a request is declared, and the generated files are up to date.
//   node ctk/tools/check-kits.mjs
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import { KITS } from "./build-kits.mjs";

const CTK_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");
const files = readdirSync(CTK_DIR)
  .filter((f) => f.endsWith(".postman_collection.json"))
  .sort();
let problems = 0;
const problem = (msg) => {
  problems += 1;
  console.error(`  ✗ ${msg}`);
};

for (const file of files) {
  const kitName = file.replace(/\.postman_collection\.json$/, "");
  console.log(file);
  const text = readFileSync(join(CTK_DIR, file), "utf8");
  let col;
  try {
    col = JSON.parse(text);
  } catch (e) {
    problem(`invalid JSON: ${e.message}`);
    continue;
  }

  if (KITS[kitName] && `${JSON.stringify(KITS[kitName](), null, 2)}\n` !== text) {
    problem("out of date with tools/build-kits.mjs (run: node ctk/tools/build-kits.mjs)");
  }
  if (col.info?.schema !== "https://schema.getpostman.com/json/collection/v2.1.0/collection.json") problem("info.schema is not v2.1.0");
  if (!col.info?.name) problem("info.name missing");
  const declared = new Set((col.variable || []).map((v) => v.key));

  const requests = [];
  const walk = (items, trail) => {
    for (const it of items) {
      if (Array.isArray(it.item)) walk(it.item, [...trail, it.name]);
      else requests.push({ it, trail: [...trail, it.name].join(" / ") });
    }
  };
  walk(col.item || [], []);

  let scripts = 0;
  for (const { it, trail } of requests) {
    const req = it.request;
    if (!req?.method || !req.url?.raw) {
      problem(`${trail}: request.method / request.url.raw missing`);
      continue;
    }
    const used = JSON.stringify(req).match(/\{\{([^{}]+)\}\}/g) || [];
    for (const u of used) {
      const name = u.slice(2, -2);
      if (!name.startsWith("$") && !declared.has(name)) problem(`${trail}: variable ${u} is not declared in the collection`);
    }
    if (req.body?.mode === "raw") {
      // Bodies must be JSON once variables are substituted (string placeholders only).
      try {
        JSON.parse(req.body.raw.replace(/\{\{[^{}]+\}\}/g, "x"));
      } catch (e) {
        problem(`${trail}: body is not JSON: ${e.message}`);
      }
    }
    for (const ev of it.event || []) {
      if (!["test", "prerequest"].includes(ev.listen)) problem(`${trail}: unknown event ${ev.listen}`);
      const code = (ev.script?.exec || []).join("\n");
      scripts += 1;
      try {
        new vm.Script(`(function (pm) {\n${code}\n})`, { filename: `${file}:${trail}:${ev.listen}` });
      } catch (e) {
        problem(`${trail} (${ev.listen}): ${e.message}`);
      }
    }
  }
  console.log(`  ${requests.length} requests, ${scripts} scripts, ${declared.size} variables`);
}
if (problems) {
  console.error(`${problems} problem(s)`);
  process.exit(1);
}
console.log("all kits OK");
