// Authors the next migration: diffs the schema as of the last migration
// (prisma/schema.last-migration.prisma) against prisma/schema.prisma with `prisma migrate diff`
// (file to file), writes prisma/migrations/<timestamp>_<name>/migration.sql and moves the snapshot on.
// The Prisma CLI with a driver adapter wants a reachable database even for a file-to-file diff:
// DATABASE_URL when set, otherwise a throw-away embedded PostgreSQL. Usage: npm run migration:new -- <name>
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { freshDirectory, startScratchPostgres } from "./launch/postgres.js";

const name = (process.argv[2] ?? "").replace(/[^a-z0-9_]/gi, "_").toLowerCase();
if (!name) {
  console.error("usage: npm run migration:new -- <name>");
  process.exit(2);
}

const embedded = process.env.DATABASE_URL ? undefined : await startScratchPostgres(freshDirectory(tmpdir(), "migration-"), { log: console.log });
try {
  const snapshot = "prisma/schema.last-migration.prisma";
  const from = existsSync(snapshot) ? ["--from-schema-datamodel", snapshot] : ["--from-empty"];
  const sql = execFileSync("npx", ["prisma", "migrate", "diff", ...from, "--to-schema-datamodel", "prisma/schema.prisma", "--script"], {
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: embedded?.url ?? process.env.DATABASE_URL },
  });
  if (/^-- This is an empty migration/m.test(sql)) {
    console.log("schema.prisma has no changes since the last migration");
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const dir = `prisma/migrations/${stamp}_${name}`;
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${dir}/migration.sql`, sql);
    if (!existsSync("prisma/migrations/migration_lock.toml")) {
      writeFileSync("prisma/migrations/migration_lock.toml", 'provider = "postgresql"\n');
    }
    copyFileSync("prisma/schema.prisma", snapshot);
    console.log(`wrote ${dir}/migration.sql`);
  }
} finally {
  await embedded?.stop();
}
