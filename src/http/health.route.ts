import fp from "fastify-plugin";
import { RETRY_AFTER_SECONDS } from "../db/availability.js";
import type { Database } from "../db/database.js";
import { migrationsApplied } from "../db/migrate.js";

/**
 * GET /health and GET /ready, public. Alive: the process serves. With the embedded PostgreSQL it
 * owns, also whether that is up (503 while it is restarted after a crash); a server at DATABASE_URL
 * is /ready's concern: 200 once every migration is applied, 503 while some are pending or the
 * database cannot be reached (with Retry-After).
 */
export const healthPlugin = fp<{ database: Database }>(
  async (app, { database }) => {
    app.get("/health", { config: { public: true } }, async (_request, reply) => {
      if (!database.embedded) return { status: "ok" };
      const state = database.state?.() ?? "up";
      return reply.code(state === "up" ? 200 : 503).send({ status: state === "up" ? "ok" : "degraded", embeddedDatabase: state });
    });
    app.get("/ready", { config: { public: true } }, async (_request, reply) => {
      try {
        const ready = await migrationsApplied((sql) => database.pool.query(sql));
        return reply.code(ready ? 200 : 503).send({ status: ready ? "ready" : "migrations pending" });
      } catch {
        return reply.code(503).header("retry-after", String(RETRY_AFTER_SECONDS)).send({ status: "database unreachable" });
      }
    });
  },
  { name: "health", fastify: "5.x" },
);
