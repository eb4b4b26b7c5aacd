// What one read costs the Node process, call by call (no concurrency, no HTTP, no GraphQL): a by-id
// read through Prisma (findMany … in […], findUnique, $queryRaw) against the same row read with pg
// directly — why ResourceStore reads by key with pg. A diagnostic for bench/README.md "Profiling",
// not part of `npm run bench`.
//
//   node --import tsx bench/prisma-cost.ts [--calls=5000]
import "reflect-metadata";
import { rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../src/generated/prisma/client.js";
import { applyMigrations } from "../src/db/migrate.js";
import { openBenchPostgres } from "./postgres.js";
import { seed } from "./seed.js";

for (const signal of ["SIGINT", "SIGTERM"] as const) process.removeAllListeners(signal);
const calls = Number(process.argv.find((a) => a.startsWith("--calls="))?.slice(8) ?? 5000);
const scratch = path.join(path.dirname(fileURLToPath(import.meta.url)), `.data-${process.pid}`);
const log = (m: string) => process.stderr.write(`[prisma-cost] ${m}\n`);

const db = await openBenchPostgres(scratch, log);
let pool: pg.Pool | undefined;
try {
  await applyMigrations(db.url);
  const data = await seed(db.url, 1000);
  pool = new pg.Pool({ connectionString: db.url, max: 4 });
  // The Prisma client over a pg pool, as the service used to read (driver adapter: no engine binary).
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  const raw = new pg.Pool({ connectionString: db.url, max: 4 });
  const ids = data.customerIds;
  const columns = `id, name, status, "statusReason", "validFor", "engagedParty", characteristic, "contactMedium", "creditProfile",
    "relatedParty", agreement, "paymentMethod", account, "atType", "atBaseType", "atSchemaLocation", "createdAt", "updatedAt"`;

  const variants: [string, (id: string) => Promise<unknown>][] = [
    ["pg, named prepared statement (the floor)", (id) => raw.query({ name: "by_id", text: `SELECT ${columns} FROM customer WHERE id = $1`, values: [id] })],
    [
      "pg, same SQL as Prisma's (IN list, ORDER BY)",
      (id) => raw.query(`SELECT ${columns} FROM customer WHERE id IN ($1) ORDER BY "createdAt" ASC, id ASC`, [id]),
    ],
    [
      "Prisma $queryRaw",
      (id) =>
        prisma.$queryRaw`SELECT id, name, status, "engagedParty", "contactMedium", characteristic, "validFor", "atType" FROM customer WHERE id = ${id}::uuid`,
    ],
    ["Prisma findUnique({ where: { id } })", (id) => prisma.customer.findUnique({ where: { id } })],
    [
      "Prisma findMany({ where: { id: { in: [id] } }, orderBy }) = findWhereIn",
      (id) => prisma.customer.findMany({ where: { id: { in: [id] } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
    ],
  ];
  console.log(`${calls} sequential calls each, after ${Math.min(2000, calls)} warm-up calls; CPU = this process's user+system time`);
  console.log(`${"variant".padEnd(72)} ${"CPU µs/call".padStart(12)} ${"wall µs/call".padStart(13)}`);
  for (const [name, fn] of variants) {
    for (let i = 0; i < Math.min(2000, calls); i++) await fn(ids[i % ids.length]!);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) await fn(ids[(i * 7) % ids.length]!);
    const wall = ((performance.now() - t0) * 1000) / calls;
    const cpu = process.cpuUsage(cpu0);
    console.log(`${name.padEnd(72)} ${((cpu.user + cpu.system) / calls).toFixed(0).padStart(12)} ${wall.toFixed(0).padStart(13)}`);
  }
  await prisma.$disconnect();
  await raw.end();
} finally {
  await pool?.end().catch(() => undefined);
  await db.close();
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(0);
