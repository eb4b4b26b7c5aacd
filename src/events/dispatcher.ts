import type pg from "pg";
import type { EventsConfig } from "../config.js";
import type { CallbackPolicy } from "./callback-policy.js";
import { matchesQuery } from "./event-filter.js";
import { Listen } from "./listen.js";
import { EVENTS_CHANNEL } from "./outbox.js";

/** Retry timings and concurrency from EventsConfig (see config.ts); each delivery in flight holds a connection. */
export type DispatcherOptions = Omit<EventsConfig, "dispatcher" | "callbackAllow"> & {
  log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
};

const FAN_OUT_LOCK = 7_262_900_002;
/** Shortest pause between two cycles when woken by NOTIFY: a burst of changes is fanned out in batches. */
const MIN_CYCLE_MS = 10;

interface DueDelivery {
  id: string;
  attempts: number;
  eventId: string;
  eventType: string;
  eventTime: Date;
  resourceType: string;
  resource: unknown;
  callback: string;
}

/**
 * Delivers outbox events to hub listeners: at least once, in order per resource and listener,
 * restart-safe and multi-replica-safe.
 * - Fan-out (one process at a time, under an advisory lock) turns each new event into one delivery
 *   per matching listener, in event order.
 * - A worker claims the oldest due delivery whose earlier deliveries (same listener and resource)
 *   are done, with FOR UPDATE SKIP LOCKED, and keeps the row locked while it POSTs: no two
 *   processes send the same delivery at once, and a crash mid-POST just releases it for a retry.
 * - Failures retry with exponential backoff and jitter until the horizon; then the delivery is
 *   marked failed (counted in /metrics and logged), and the next event of that resource may go.
 */
export class Dispatcher {
  private running = false;
  private wake?: () => void;
  private listen?: Listen;
  private loop?: Promise<void>;
  /** Deliveries may be due: set by fan-out and by successful claims, cleared when none was found. */
  private maybeDue = true;
  private lastDueCheck = 0;

  constructor(
    private readonly pool: pg.Pool,
    private readonly policy: CallbackPolicy,
    private readonly options: DispatcherOptions,
  ) {}

  async start(): Promise<void> {
    this.running = true;
    this.listen = new Listen(this.pool, EVENTS_CHANNEL, () => this.wake?.(), (err) =>
      this.options.log.warn({ err }, "event dispatcher lost its LISTEN connection; polling until it is back"),
    );
    await this.listen.start();
    this.loop = this.run();
  }

  /** Stops claiming; deliveries in flight finish (bounded by the POST timeout). */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.listen?.stop();
  }

  private async run(): Promise<void> {
    while (this.running) {
      let busy = false;
      const started = Date.now();
      try {
        busy = (await this.fanOut()) > 0;
        // Retries come due by time: look at least once per poll interval even when nothing woke us.
        if (this.maybeDue || started - this.lastDueCheck >= this.options.pollMs) {
          this.lastDueCheck = started;
          const attempted = await this.deliverBatch();
          this.maybeDue = attempted > 0;
          busy = attempted > 0 || busy;
        }
      } catch (err) {
        this.options.log.warn({ err }, "event dispatcher cycle failed; retrying");
      }
      const pause = MIN_CYCLE_MS - (Date.now() - started);
      if (pause > 0 && this.running) await new Promise((r) => setTimeout(r, pause));
      if (!busy && this.running) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.options.pollMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
  }

  /** New events → deliveries. Returns how many events were fanned out. */
  async fanOut(): Promise<number> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const { rows: locked } = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_xact_lock($1) AS ok", [FAN_OUT_LOCK]);
      if (!locked[0]!.ok) {
        await client.query("ROLLBACK");
        return 0;
      }
      const { rows: hubs } = await client.query<{ id: string; api: string; query: string | null }>(`SELECT id, api, query FROM hub`);
      if (!hubs.length) {
        // Nobody listens: new events are done with, without reading them.
        const { rowCount } = await client.query(
          `UPDATE event SET dispatched = true WHERE id IN (SELECT id FROM event WHERE NOT dispatched ORDER BY seq LIMIT 500)`,
        );
        await client.query("COMMIT");
        return rowCount ?? 0;
      }
      const { rows: events } = await client.query<{ id: string; seq: string; api: string; eventType: string; resourceId: string; resource: unknown }>(
        `SELECT id, seq, api, "eventType", "resourceId", resource FROM event WHERE NOT dispatched ORDER BY seq LIMIT 500`,
      );
      if (events.length) {
        for (const event of events) {
          for (const hub of hubs) {
            if (hub.api !== event.api || !matchesQuery(hub.query, event.eventType, event.resource)) continue;
            await client.query(
              `INSERT INTO delivery (id, "eventId", "hubId", seq, "resourceId") VALUES (gen_random_uuid(), $1, $2, $3, $4)
               ON CONFLICT DO NOTHING`,
              [event.id, hub.id, event.seq, event.resourceId],
            );
            this.maybeDue = true;
          }
        }
        await client.query(`UPDATE event SET dispatched = true WHERE id = ANY($1::uuid[])`, [events.map((e) => e.id)]);
      }
      await client.query("COMMIT");
      return events.length;
    } catch (err) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  /** Runs up to `concurrency` deliveries; returns how many were attempted. */
  private async deliverBatch(): Promise<number> {
    const results = await Promise.all(Array.from({ length: this.options.concurrency }, () => this.deliverOne()));
    return results.filter(Boolean).length;
  }

  /** Claims and sends one due delivery. Returns false when nothing was due. */
  async deliverOne(): Promise<boolean> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const { rows } = await client.query<DueDelivery>(
        `SELECT d.id, d.attempts, e.id AS "eventId", e."eventType", e."eventTime", e."resourceType", e.resource, h.callback
         FROM delivery d JOIN event e ON e.id = d."eventId" JOIN hub h ON h.id = d."hubId"
         WHERE d.status = 'pending' AND d."nextAttemptAt" <= now()
           AND NOT EXISTS (SELECT 1 FROM delivery p WHERE p."hubId" = d."hubId" AND p."resourceId" = d."resourceId"
                           AND p.status = 'pending' AND p.seq < d.seq)
         ORDER BY d.seq LIMIT 1 FOR UPDATE OF d SKIP LOCKED`,
      );
      const delivery = rows[0];
      if (!delivery) {
        await client.query("ROLLBACK");
        return false;
      }
      const error = await this.post(delivery);
      if (!error) {
        await client.query(`UPDATE delivery SET status = 'delivered', attempts = attempts + 1, "deliveredAt" = now(), "lastError" = NULL WHERE id = $1`, [
          delivery.id,
        ]);
      } else {
        const attempts = delivery.attempts + 1;
        const delay = Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** (attempts - 1)) * (0.5 + Math.random() / 2);
        const giveUp = Date.now() + delay - new Date(delivery.eventTime).getTime() > this.options.horizonMs;
        await client.query(
          `UPDATE delivery SET attempts = $2, "lastError" = $3, status = $4, "nextAttemptAt" = now() + make_interval(secs => $5) WHERE id = $1`,
          [delivery.id, attempts, error.slice(0, 1000), giveUp ? "failed" : "pending", delay / 1000],
        );
        this.options.log.warn({ deliveryId: delivery.id, eventId: delivery.eventId, attempts, error, failed: giveUp }, "event delivery failed");
      }
      await client.query("COMMIT");
      return true;
    } catch (err) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  /** POSTs the TMF event envelope; returns an error text, or undefined on a 2xx. */
  private async post(delivery: DueDelivery): Promise<string | undefined> {
    const key = delivery.resourceType[0]!.toLowerCase() + delivery.resourceType.slice(1);
    const envelope = {
      eventId: delivery.eventId,
      eventTime: new Date(delivery.eventTime).toISOString(),
      eventType: delivery.eventType,
      event: { [key]: delivery.resource },
    };
    try {
      await this.policy.check(delivery.callback);
      const res = await fetch(delivery.callback, {
        method: "POST",
        headers: { "content-type": "application/json", "x-event-id": delivery.eventId },
        body: JSON.stringify(envelope),
        signal: AbortSignal.timeout(this.options.timeoutMs),
        redirect: "manual",
      });
      await res.arrayBuffer().catch(() => undefined);
      return res.ok ? undefined : `listener answered ${res.status}`;
    } catch (err) {
      return (err as Error).message;
    }
  }
}
