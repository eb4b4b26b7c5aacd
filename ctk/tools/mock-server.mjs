#!/usr/bin/env node
// In-memory reference implementation of the REST contract the kits exercise. It exists only to
// self-test the kits (it is NOT the service):
//   PORT=8099 node ctk/tools/mock-server.mjs &
//   CTK_BASE_URL=http://127.0.0.1:8099 node ctk/run.mjs
import http from "node:http";
import { randomUUID } from "node:crypto";

const PORT = Number(process.env.PORT || 8099);
const HOST = process.env.HOST || "127.0.0.1";

const RESOURCES = {
  "/tmf-api/customerManagement/v4/customer": { type: "Customer", required: ["name", "engagedParty"], store: new Map() },
  "/tmf-api/accountManagement/v4/billingAccount": { type: "BillingAccount", required: ["name", "relatedParty"], store: new Map(), patch: true, del: true },
  "/tmf-api/paymentManagement/v4/payment": { type: "Payment", required: ["account", "paymentMethod", "totalAmount"], store: new Map(), readOnly: true },
  "/tmf-api/paymentManagement/v4/refund": { type: "Refund", required: ["account", "paymentMethod", "totalAmount"], store: new Map(), readOnly: true },
};
RESOURCES["/tmf-api/customerManagement/v4/customer"].patch = true;
RESOURCES["/tmf-api/customerManagement/v4/customer"].del = true;
const [customers, accounts, payments] = Object.values(RESOURCES).map((r) => r.store);

const error = (res, status, reason, message) => send(res, status, { code: String(status), reason, message, status: String(status), "@type": "Error" });
function send(res, status, body) {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, body === undefined ? {} : { "Content-Type": "application/json" });
  res.end(text);
}
const get = (o, path) => path.split(".").reduce((v, k) => (v == null ? undefined : v[k]), o);
const mergePatch = (target, patch) => {
  if (patch === null || typeof patch !== "object" || Array.isArray(patch)) return patch;
  const out = target && typeof target === "object" && !Array.isArray(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
};

function validateReferences(type, body) {
  if (type === "BillingAccount") {
    const party = (body.relatedParty || []).find((p) => p && (p.role === "customer" || p["@referredType"] === "Customer"));
    if (!party || !customers.has(party.id)) return "relatedParty must reference an existing customer";
  }
  if (type === "Payment" || type === "Refund") {
    if (!accounts.has(body.account?.id)) return "account must reference an existing billing account";
    if (typeof body.totalAmount?.value !== "number" || typeof body.totalAmount?.unit !== "string") return "totalAmount must have unit and value";
  }
  if (type === "Refund" && body.payment) {
    const payment = payments.get(body.payment.id);
    if (!payment || payment.account.id !== body.account.id) return "payment must reference an existing payment of the account";
  }
  return null;
}

const server = http.createServer((req, res) => {
  let raw = "";
  req.on("data", (c) => {
    raw += c;
  });
  req.on("end", () => {
    const url = new URL(req.url, `http://${req.headers.host}`);
    if (url.pathname === "/health") return send(res, 200, { status: "ok" });
    const base = `http://${req.headers.host}`;
    const prefix = Object.keys(RESOURCES).find((p) => url.pathname === p || url.pathname.startsWith(`${p}/`));
    if (!prefix) return error(res, 404, "Not Found", `no resource at ${url.pathname}`);
    const r = RESOURCES[prefix];
    const id = url.pathname.slice(prefix.length + 1) || null;
    let body;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        return error(res, 400, "Bad Request", "body is not JSON");
      }
    }
    if (!id && req.method === "GET") {
      const fields = url.searchParams
        .get("fields")
        ?.split(",")
        .map((s) => s.trim())
        .filter(Boolean);
      const offset = Number(url.searchParams.get("offset") || 0);
      const limit = Number(url.searchParams.get("limit") || 100);
      let list = [...r.store.values()];
      for (const [k, v] of url.searchParams) {
        if (["fields", "offset", "limit"].includes(k)) continue;
        list = list.filter((i) => String(get(i, k)) === v);
      }
      res.setHeader("X-Total-Count", String(list.length));
      list = list.slice(offset, offset + limit);
      if (fields) list = list.map((i) => Object.fromEntries(Object.entries(i).filter(([k]) => k === "id" || k === "href" || fields.includes(k))));
      return send(res, 200, list);
    }
    if (!id && req.method === "POST") {
      if (!body || typeof body !== "object") return error(res, 400, "Bad Request", "body must be a JSON object");
      const missing = r.required.filter((a) => body[a] === undefined || body[a] === null);
      if (missing.length) return error(res, 400, "Missing mandatory attribute", `missing: ${missing.join(", ")}`);
      const refError = validateReferences(r.type, body);
      if (refError) return error(res, 422, "Invalid reference", refError);
      const newId = randomUUID();
      const inst = { id: newId, href: `${base}${prefix}/${newId}`, ...body, "@type": body["@type"] || r.type };
      r.store.set(newId, inst);
      return send(res, 201, inst);
    }
    if (id && !r.store.has(id)) return error(res, 404, "Not Found", `${r.type} ${id} not found`);
    if (id && req.method === "GET") return send(res, 200, r.store.get(id));
    if (id && req.method === "PATCH" && r.patch) {
      const { id: _i, href: _h, ...patch } = body || {};
      const inst = mergePatch(r.store.get(id), patch);
      r.store.set(id, inst);
      return send(res, 200, inst);
    }
    if (id && req.method === "DELETE" && r.del) {
      r.store.delete(id);
      return send(res, 204);
    }
    return error(res, 405, "Method Not Allowed", `${req.method} not allowed`);
  });
});
server.listen(PORT, HOST, () => console.log(`mock TMF server on http://${HOST}:${PORT}`));
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => server.close(() => process.exit(0)));
