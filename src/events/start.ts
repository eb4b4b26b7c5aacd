import type { FastifyInstance } from "fastify";
import { createPool } from "../db/pool.js";
import type { EventsConfig } from "../config.js";
import type { EventVersions } from "../resource/versions.js";
import type { CallbackPolicy } from "./callback-policy.js";
import { Dispatcher } from "./dispatcher.js";
import { EventBus } from "./event-bus.js";

/**
 * Events: the bus (LISTEN/NOTIFY → subscriptions) and, unless disabled, the outbox dispatcher, on a
 * small pool of their own so deliveries never starve requests of connections (one per delivery
 * worker, plus fan-out, the two LISTEN connections, the party roles' LISTEN and one for /metrics).
 */
export async function startEvents(app: FastifyInstance, databaseUrl: string, config: EventsConfig, policy: CallbackPolicy, versions?: EventVersions) {
  const pool = createPool({ connectionString: databaseUrl, max: config.concurrency + 5 }, (message) => app.log.warn(`events pool: ${message}`));
  const bus = new EventBus(pool, (err) => app.log.warn({ err }, "event bus lost its LISTEN connection; reconnecting"));
  await bus.start();
  const dispatcher = config.dispatcher ? new Dispatcher(pool, policy, { ...config, log: app.log, versions }) : undefined;
  await dispatcher?.start();
  app.addHook("onClose", async () => {
    await dispatcher?.stop();
    await bus.stop();
    await pool.end();
  });
  return { pool, bus, dispatcher };
}
