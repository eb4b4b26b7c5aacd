// n. API versions (issue 31: "v5 reads by id and lists beside v4, goal ≥ 0.8× v4"): for customer
// (TMF629), billingAccount (TMF666) and customerBill (TMF678), the same seeded rows read through v4
// and through v5 (each version a projection of one model, src/resource/versions.ts):
//   by id   GET …/v4/<resource>/{id} against GET …/v5/<resource>/{id}, rotating over every seeded id
//   list    GET …/v4/<resource>?limit=100 against GET …/v5/<resource>?limit=100
// Checked first, before any load: both versions answer 200 for the same ids (five by id; the list: the
// same 100 ids in the same order), and every attribute both versions show as a plain value (not href)
// holds the same value. Then each pair in alternating rounds as bench/rest-list.ts does (v4 first).
import type { AutocannonRequest } from "autocannon";
import { isDeepStrictEqual } from "node:util";
import pg from "pg";
import type { Service } from "../scripts/launch/service.mjs";
import type { LoadResult } from "./load.js";
import { CONFIG, log } from "./options.js";
import { alternateRounds, lastRound, merge, type MergedResult } from "./postgraphile-loads.js";
import { AUTH_HEADERS, getJson } from "./scenarios.js";

export const VERSIONS_TARGET = 0.8;
const LIST_LIMIT = 100;

/** The resources measured: their v4 and v5 collection paths and the table their rows are in (also bench/versions-cpu.ts). */
export const RESOURCES = [
  { name: "customer", v4: "/tmf-api/customerManagement/v4/customer", v5: "/tmf-api/customer/v5/customer", table: "customer" },
  { name: "billingAccount", v4: "/tmf-api/accountManagement/v4/billingAccount", v5: "/tmf-api/accountManagement/v5/billingAccount", table: "billing_account" },
  {
    name: "customerBill",
    v4: "/tmf-api/customerBillManagement/v4/customerBill",
    v5: "/tmf-api/customerBillManagement/v5/customerBill",
    table: "customer_bill",
  },
] as const;

export interface VersionPair {
  v4: MergedResult;
  v5: MergedResult;
  /** v5 req/s ÷ v4 req/s (< 1: v5 is slower). */
  v5OverV4: number;
  /** v5 server CPU ms/req ÷ v4's (> 1: v5 costs more). */
  cpuV5OverV4: number;
  paths: { v4: string; v5: string };
  /** What the check before the load saw: response sizes and the attributes compared. */
  check: { v4Bytes: number; v5Bytes: number; sharedPlainAttributes: string[] };
}
export type VersionsResult = Record<string, { byId?: VersionPair; list?: VersionPair; ids: number }>;

const round = (n: number) => Math.round(n * 100) / 100;
type Json = Record<string, unknown>;
const plain = (v: unknown) => v === null || ["string", "number", "boolean"].includes(typeof v);

/** The attributes both bodies show as plain values (href aside): their names, or a problem. */
function sameContent(a: Json, b: Json): { shared: string[]; problem?: string } {
  const shared = Object.keys(a).filter((k) => k !== "href" && k in b && plain(a[k]) && plain(b[k]));
  const differ = shared.filter((k) => a[k] !== b[k]);
  if (a.id === undefined || a.id !== b.id) return { shared, problem: `ids ${String(a.id)} and ${String(b.id)}` };
  if (differ.length) return { shared, problem: `${differ.map((k) => `${k}: ${JSON.stringify(a[k])} vs ${JSON.stringify(b[k])}`).join(", ")}` };
  return { shared };
}

async function checkById(product: Service, r: (typeof RESOURCES)[number], ids: string[]) {
  let last: Awaited<ReturnType<typeof getJson>>[] = [];
  let shared: string[] = [];
  for (const id of ids.slice(0, 5)) {
    last = [await getJson(`${product.url}${r.v4}/${id}`, { headers: AUTH_HEADERS }), await getJson(`${product.url}${r.v5}/${id}`, { headers: AUTH_HEADERS })];
    const [a, b] = last;
    if (a!.status !== 200 || b!.status !== 200)
      throw new Error(`GET ${r.name} ${id}: v4 ${a!.status}, v5 ${b!.status} ${JSON.stringify(b!.body).slice(0, 300)}`);
    const same = sameContent(a!.body as Json, b!.body as Json);
    if (same.problem) throw new Error(`${r.name} ${id}: v4 and v5 differ: ${same.problem}`);
    shared = same.shared;
  }
  return { v4Bytes: last[0]!.bytes, v5Bytes: last[1]!.bytes, sharedPlainAttributes: shared };
}

async function checkList(product: Service, r: (typeof RESOURCES)[number]) {
  const a = await getJson(`${product.url}${r.v4}?limit=${LIST_LIMIT}`, { headers: AUTH_HEADERS });
  const b = await getJson(`${product.url}${r.v5}?limit=${LIST_LIMIT}`, { headers: AUTH_HEADERS });
  if (a.status !== 200 || b.status !== 200 || !Array.isArray(a.body) || !Array.isArray(b.body)) {
    throw new Error(`GET ${r.name} list: v4 ${a.status}, v5 ${b.status} ${JSON.stringify(b.body).slice(0, 300)}`);
  }
  const [la, lb] = [a.body as Json[], b.body as Json[]];
  const ids = (l: Json[]) => l.map((x) => x.id);
  if (la.length !== LIST_LIMIT || !isDeepStrictEqual(ids(la), ids(lb))) {
    throw new Error(`${r.name} list: v4 and v5 return other ids (${la.length} and ${lb.length}, ${LIST_LIMIT} expected, same order)`);
  }
  let shared: string[] = [];
  for (const [i, x] of la.entries()) {
    const same = sameContent(x, lb[i]!);
    if (same.problem) throw new Error(`${r.name} list item ${i}: v4 and v5 differ: ${same.problem}`);
    shared = same.shared;
  }
  return { v4Bytes: a.bytes, v5Bytes: b.bytes, sharedPlainAttributes: shared };
}

function rotatingGet(base: string, ids: string[]): () => AutocannonRequest[] {
  return () => {
    let i = 0;
    return [{ method: "GET", headers: AUTH_HEADERS, setupRequest: (req) => ({ ...req, path: `${base}/${ids[i++ % ids.length]}` }) }];
  };
}

async function pair(
  name: string,
  product: Service,
  paths: { v4: string; v5: string },
  requests: { v4: () => AutocannonRequest[]; v5: () => AutocannonRequest[] },
  check: VersionPair["check"],
  postmasterPid: number | undefined,
  failures: string[],
): Promise<VersionPair> {
  const [a, b] = await alternateRounds(
    name,
    [
      { label: "v4", server: product, requests: requests.v4 },
      { label: "v5", server: product, requests: requests.v5 },
    ],
    postmasterPid,
  );
  const v4 = merge(a!.rounds, a!.latencies, `GET ${paths.v4}`);
  const v5 = merge(b!.rounds, b!.latencies, `GET ${paths.v5}`);
  for (const [label, m] of [
    ["v4", v4],
    ["v5", v5],
  ] as const) {
    if (m.non2xx || m.errors > m.timeouts)
      failures.push(`${name} ${label}: ${m.non2xx} non-2xx responses (${JSON.stringify(m.statusCodes)}), ${m.errors - m.timeouts} connection errors`);
  }
  const result = {
    v4,
    v5,
    v5OverV4: round(v5.requestsPerSec / v4.requestsPerSec),
    cpuV5OverV4: round(v5.server.cpuMsPerRequest / v4.server.cpuMsPerRequest),
    paths,
    check,
  };
  log(`${name}: v4 ${v4.requestsPerSec} req/s, v5 ${v5.requestsPerSec} req/s (v5 ÷ v4 ${result.v5OverV4}; CPU/req v5 ÷ v4 ${result.cpuV5OverV4})`);
  return result;
}

/** Phase n: each resource checked, then its by-id pair and its list pair in alternating rounds. A failed check is a failure and that resource is not loaded. */
export async function runVersions(dbUrl: string, product: Service, postmasterPid: number | undefined, failures: string[]): Promise<VersionsResult> {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  const idsOf: Record<string, string[]> = {};
  try {
    for (const r of RESOURCES)
      idsOf[r.name] = (await client.query<{ id: string }>(`SELECT id::text FROM ${r.table} ORDER BY md5(id::text)`)).rows.map((x) => x.id);
  } finally {
    await client.end().catch(() => undefined);
  }
  const out: VersionsResult = {};
  for (const r of RESOURCES) {
    const ids = idsOf[r.name]!;
    out[r.name] = { ids: ids.length };
    let checks: [VersionPair["check"], VersionPair["check"]];
    try {
      checks = [await checkById(product, r, ids), await checkList(product, r)];
    } catch (err) {
      failures.push(`n. versions: ${(err as Error).message}`);
      log(`n. versions: FAILED the check before the load, ${r.name} not measured: ${(err as Error).message}`);
      continue;
    }
    log(
      `n. ${r.name}: v4 and v5 return the same rows (${checks[0].sharedPlainAttributes.join(", ")} equal; by id ${checks[0].v4Bytes} B / ${checks[0].v5Bytes} B)`,
    );
    const byIdPaths = { v4: `${r.v4}/{id}`, v5: `${r.v5}/{id}` };
    out[r.name]!.byId = await pair(
      `n. ${r.name} by id`,
      product,
      byIdPaths,
      { v4: rotatingGet(r.v4, ids), v5: rotatingGet(r.v5, ids) },
      checks[0],
      postmasterPid,
      failures,
    );
    const listPaths = { v4: `${r.v4}?limit=${LIST_LIMIT}`, v5: `${r.v5}?limit=${LIST_LIMIT}` };
    const fixed = (path: string) => (): AutocannonRequest[] => [{ method: "GET", path, headers: AUTH_HEADERS }];
    out[r.name]!.list = await pair(
      `n. ${r.name} list`,
      product,
      listPaths,
      { v4: fixed(listPaths.v4), v5: fixed(listPaths.v5) },
      checks[1],
      postmasterPid,
      failures,
    );
  }
  return out;
}

const worst = (result: VersionsResult | undefined, kind: "byId" | "list") => {
  const values = Object.values(result ?? {}).flatMap((r) => (r[kind] ? [r[kind]!.v5OverV4] : []));
  return values.length === Object.keys(result ?? {}).length && values.length ? Math.min(...values) : undefined;
};
const fmtRatio = (v: number | undefined) => (v === undefined ? "n/a" : v.toFixed(2));

/** Phase n in bench/results.json, its target and its part of the last line (the worst of the three resources). */
export function versionsSection(result: VersionsResult | undefined) {
  const byId = worst(result, "byId");
  const list = worst(result, "list");
  const perResource = Object.fromEntries(
    Object.entries(result ?? {}).flatMap(([name, r]) => [
      [`v5_by_id_over_v4_${name}`, r.byId?.v5OverV4],
      [`v5_list_over_v4_${name}`, r.list?.v5OverV4],
    ]),
  );
  return {
    measurements: result && { resources: result, rounds: CONFIG.rounds, roundSec: CONFIG.durationSec, order: "v4, v5, v4, v5, …" },
    ratios: result ? { v5_by_id_over_v4: byId, v5_list_over_v4: list, ...perResource } : {},
    targets: result
      ? [
          {
            name: "v5 reads vs v4 (worst of 3)",
            target: `v5 req/s ÷ v4 req/s ≥ ${VERSIONS_TARGET}, by id and list of ${LIST_LIMIT}`,
            value: `by id ${fmtRatio(byId)}, list ${fmtRatio(list)}`,
            pass: byId === undefined || list === undefined ? undefined : byId >= VERSIONS_TARGET && list >= VERSIONS_TARGET,
          },
        ]
      : [],
    lastLine: result ? ` v5_by_id_over_v4=${fmtRatio(byId)} v5_list_over_v4=${fmtRatio(list)}` : "",
  };
}

/** The table's rows for phase n: [name, result, SQL/req]. */
export function versionsRows(measurements: unknown): [string, LoadResult, string][] {
  const m = measurements as { resources: VersionsResult } | undefined;
  return Object.entries(m?.resources ?? {}).flatMap(([name, r]) =>
    (["byId", "list"] as const).flatMap((kind) => {
      const p = r[kind];
      const what = kind === "byId" ? `${name}/{id}` : `${name} ?limit=${LIST_LIMIT}`;
      return p
        ? ([
            [`n. v4 ${what}`, p.v4, ""],
            [`n. v5 ${what} (×${p.v5OverV4.toFixed(2)}, CPU ×${p.cpuV5OverV4.toFixed(2)})`, p.v5, ""],
          ] as [string, LoadResult, string][])
        : [];
    }),
  );
}

/** Profile windows for --profile: each side's last round. */
export function versionsProfileWindows(result: VersionsResult | undefined): [string, LoadResult | undefined][] {
  return Object.entries(result ?? {}).flatMap(([name, r]) =>
    (["byId", "list"] as const).flatMap((kind) =>
      r[kind]
        ? (["v4", "v5"] as const).map(
            (v) => [`n. ${v} ${name} ${kind}, last round`, r[kind]![v].rounds.length ? lastRound(r[kind]![v]) : undefined] as [string, LoadResult | undefined],
          )
        : [],
    ),
  );
}
// merge() keeps each round's window only as a summary; its last round ends where the merged window ends.
