// The physical floor of "GET a TMF629 customer by id" on this machine: a bare node:http server with
// a pg pool, one prepared statement, the row turned into the same TMF JSON the product returns
// (id, href, "@" names, absent attributes left out). It is a measuring stick, never part of the
// product: no framework, no GraphQL, no ORM, no validation beyond the id's syntax.
//
//   DATABASE_URL=postgresql://… PORT=8081 node --import tsx bench/floor-server.ts
import http from "node:http";
import pg from "pg";

const PREFIX = "/tmf-api/customerManagement/v4/customer/";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// The columns of the TMF629 attributes, in the order the product prints them.
const SQL = `SELECT id::text, "atBaseType", "atSchemaLocation", "atType", name, status, "statusReason", "validFor", "engagedParty",
  characteristic, "contactMedium", "creditProfile", "relatedParty", agreement, "paymentMethod", account
  FROM customer WHERE id = $1`;

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DB_POOL_SIZE || 20) });
pool.on("error", () => undefined);

/** "atReferredType" → "@referredType", at every depth; null attributes are left out. */
function tmf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(tmf);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const key in value as Record<string, unknown>) {
    const item = (value as Record<string, unknown>)[key];
    if (item === null || item === undefined) continue;
    const name =
      key.length > 2 && key.charCodeAt(0) === 97 && key.charCodeAt(1) === 116 && key.charCodeAt(2) < 91 && key.charCodeAt(2) > 64
        ? `@${key[2]!.toLowerCase()}${key.slice(3)}`
        : key;
    out[name] = tmf(item);
  }
  return out;
}

function send(res: http.ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

const notFound = (res: http.ServerResponse, what: string) =>
  send(res, 404, { code: "404", reason: "Not Found", message: `${what} not found`, status: "404", "@type": "Error" });

const server = http.createServer((req, res) => {
  const url = req.url ?? "/";
  if (req.method === "GET" && url.startsWith(PREFIX)) {
    const q = url.indexOf("?");
    const id = url.slice(PREFIX.length, q === -1 ? undefined : q);
    if (!UUID.test(id)) return notFound(res, `Customer ${id}`);
    pool.query({ name: "customer_by_id", text: SQL, values: [id] }).then(
      ({ rows }) => {
        const row = rows[0] as Record<string, unknown> | undefined;
        if (!row) return notFound(res, `Customer ${id}`);
        const { id: rowId, ...attributes } = row;
        send(res, 200, { id: rowId, href: `http://${req.headers.host}${PREFIX}${rowId}`, ...(tmf(attributes) as object) });
      },
      () => send(res, 500, { code: "500", reason: "Internal Server Error", message: "database error", status: "500", "@type": "Error" }),
    );
    return;
  }
  if (url === "/health") return send(res, 200, { status: "ok" });
  notFound(res, url);
});

server.keepAliveTimeout = 72_000;
server.listen(Number(process.env.PORT || 8081), process.env.HOST || "127.0.0.1");

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    server.close();
    server.closeAllConnections();
    void pool.end().finally(() => process.exit(0));
  });
}
