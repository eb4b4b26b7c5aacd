// Postman v2.1 building blocks of the kits: collections, request items, URLs, JSON bodies and the
// test / pre-request scripts, each script self-contained: the helper prelude of ./preludes/ inlined
// at its top, then the request's own checks (a Postman script cannot import anything).
import { readFileSync } from "node:fs";

export const J = (v) => JSON.stringify(v);

/**
 * The text of a prelude file as it is inlined: everything after its header (the leading `//` lines,
 * which document the file for its maintainers, and the blank line after them).
 */
function prelude(file) {
  const text = readFileSync(new URL(`./preludes/${file}`, import.meta.url), "utf8");
  const lines = text.split("\n");
  let start = 0;
  while (start < lines.length && lines[start].startsWith("//")) start += 1;
  if (lines[start] === "") start += 1;
  return lines.slice(start).join("\n");
}

const TEST_PRELUDE = prelude("test-helpers.js");
const SETUP_PRELUDE = prelude("setup-helpers.js");

const lines = (src) => src.replace(/\s+$/, "").split("\n");

/** A test script: the `ctk` helpers (bound to the kit's resource path), then `body`. */
const testScript = (kit, body) => ({
  listen: "test",
  script: { type: "text/javascript", exec: lines(`${TEST_PRELUDE.replace("__RESOURCE_PATH__", J(kit.resourcePath))}\n${body}`) },
});

/** A pre-request script: the `setup` helpers, then `body` (the steps that create prerequisites). */
const prerequestScript = (body) => ({
  listen: "prerequest",
  script: { type: "text/javascript", exec: lines(`${SETUP_PRELUDE}\n${body}`) },
});

const rawJsonBody = (obj) => ({ mode: "raw", raw: JSON.stringify(obj, null, 2), options: { raw: { language: "json" } } });

function url(kit, suffix = "", query = []) {
  const base = `{{baseUrl}}${kit.resourcePath}${suffix}`;
  const qs = query.map(([k, v]) => `${k}=${v}`).join("&");
  return {
    raw: base + (qs ? `?${qs}` : ""),
    host: ["{{baseUrl}}"],
    path: (kit.resourcePath + suffix).split("/").filter(Boolean),
    ...(query.length ? { query: query.map(([key, value]) => ({ key, value })) } : {}),
  };
}

/**
 * One request of a kit, on `kit.resourcePath` + `suffix`, with its optional pre-request and test
 * scripts; `headers` ([[key, value], ...]) are sent after Accept and Content-Type (e.g. Idempotency-Key).
 */
export function item({ kit, name, description, method, suffix, query, body, contentType, headers = [], prerequest, test }) {
  const header = [{ key: "Accept", value: "application/json" }];
  if (body !== undefined) header.push({ key: "Content-Type", value: contentType || "application/json" });
  for (const [key, value] of headers) header.push({ key, value });
  const it = {
    name,
    event: [],
    request: {
      method,
      header,
      url: url(kit, suffix, query),
      description,
    },
    response: [],
  };
  if (body !== undefined) it.request.body = rawJsonBody(body);
  if (prerequest) it.event.push(prerequestScript(prerequest));
  if (test !== undefined) it.event.push(testScript(kit, test));
  return it;
}

/** A whole kit: folders of items, and the collection variables (baseUrl and extendedChecks first). */
export function collection({ kit, name, description, variables, folders }) {
  return {
    info: {
      _postman_id: kit.postmanId,
      name,
      description,
      schema: "https://schema.getpostman.com/json/collection/v2.1.0/collection.json",
    },
    item: folders.map(([folderName, folderDescription, items]) => ({ name: folderName, description: folderDescription, item: items })),
    variable: [
      { key: "baseUrl", value: "http://127.0.0.1:8080", type: "string", description: "Service root URL (overridden by the runner environment)" },
      { key: "extendedChecks", value: "false", type: "string", description: '"true" adds checks beyond the certified CTK run (changes the assertion count)' },
      ...variables.map(([key, value, descriptionText]) => ({ key, value, type: "string", ...(descriptionText ? { description: descriptionText } : {}) })),
    ],
  };
}
