import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";
import { CatalogSafePool } from "./src/db/catalog-safe-pool.js";

// Used only by the Prisma CLI (see README "Migrations"). The service applies migrations itself
// (src/db/migrate.ts): the CLI costs ~11 s of start-up even when nothing is pending. `generate` needs
// DATABASE_URL set to any value (the schema's url); `migrate diff/deploy/status` connect through this
// adapter to the database it names.
const connectionString = process.env.DATABASE_URL;

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  async adapter() {
    if (!connectionString) throw new Error("this Prisma CLI command needs DATABASE_URL");
    return new PrismaPg(new CatalogSafePool({ connectionString }));
  },
});
