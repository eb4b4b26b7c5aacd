import type pg from "pg";
import { ADVISORY_LOCKS, inTransaction } from "../db/transaction.js";
import type { EventsConfig } from "../config.js";
import type { EventVersions } from "../resource/versions.js";
import type { CallbackPolicy } from "./callback-policy.js";
import { matchesQuery } from "./event-filter.js";
import { postToListener } from "./listener-post.js";
import { Listen } from "./listen.js";
import { eventEnvelope } from "./event-envelope.js";
import { EVENTS_CHANNEL } from "./outbox.js";
import { release, retryDelay, take, Waiters } from "./worker-schedule.js";
import { contextOf, currentTraceparent, inSpan, SpanKind, SpanStatusCode } from "../telemetry/tracing.js";

/** Retry timings and concurrency from EventsConfig (see config.ts); each delivery in flight holds a connection. */
export type DispatcherOptions = Omit<EventsConfig, "dispatcher" | "callbackAllow" | "maxHubsPerPrincipal"> & {
  log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
  /** Hubs of later API versions (TMF629 v5): which events they receive, in which representation. */
  versions?: EventVersions;
};

/** Shortest pause between two cycles when woken by NOTIFY: a burst of changes is fanned out in batches. */
const MIN_CYCLE_MS = 10;

/** A hub's callback origin as the claim query computes it: scheme://host:port (callbacks are stored normalised). */
const ORIGIN_SQL = `split_part(h.callback, '/', 1) || '//' || split_part(h.callback, '/', 3)`;

interface DueDelivery {
  id: string;
  attempts: number;
  eventId: string;
  eventType: string;
  eventTime: Date;
  resourceType: string;
  /** The stored TMF resource as JSON text, as the outbox wrote it (a json column: GET's text). */
  resource: string;
  /** The trace of the request that caused the event, when it was traced. */
  traceparent: string | null;
  callback: string;
  hubApi: string;
  origin: string;
  owner: string;
}

/**
 * Delivers outbox events to hub listeners: at least once, in order per resource and listener,
 * restart-safe and multi-replica-safe.
 * - Fan-out (one process at a time, under an advisory lock) turns each new event into one delivery
 *   per matching listener, in event order.
 * - `concurrency` workers each claim the oldest due delivery whose earlier deliveries (same listener
 *   and resource) are done, with FOR UPDATE SKIP LOCKED, keep the row locked while they POST (no two
 *   processes send the same delivery at once; a crash mid-POST just releases it for a retry), and
 *   claim the next as soon as they are done: a slow listener holds only the worker serving it.
 * - Claims are fair: a worker never claims a delivery to a callback origin (scheme, host, port) that
 *   this process is already calling, nor one of a hub owner who already has half the workers
 *   (at least one), so a slow or flooded listener cannot hold up everybody else's events.
 * - Failures retry with exponential backoff and jitter until the horizon; then the delivery is
 *   marked failed (counted in /metrics and logged), and the next event of that resource may go.
 */
export class Dispatcher {
  private running = false;
  private wakeLoop?: () => void;
  private listen?: Listen;
  private loop?: Promise<void>;
  private workers: Promise<void>[] = [];
  private readonly idle = new Waiters();
  /** Origins and owners of this process's deliveries in flight (how many each). */
  private readonly originsInFlight = new Map<string, number>();
  private readonly ownersInFlight = new Map<string, number>();
  /** Most deliveries in flight for one hub owner. */
  private readonly ownerShare: number;
  /** Claims of this process run one at a time, so each sees what the others took. */
  private claiming: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly pool: pg.Pool,
    private readonly policy: CallbackPolicy,
    private readonly options: DispatcherOptions,
  ) {
    this.ownerShare = Math.max(1, Math.floor(options.concurrency / 2));
  }

  async start(): Promise<void> {
    this.running = true;
    this.listen = new Listen(
      this.pool,
      EVENTS_CHANNEL,
      () => this.wakeLoop?.(),
      (err) => this.options.log.warn({ err }, "event dispatcher lost its LISTEN connection; polling until it is back"),
    );
    await this.listen.start();
    this.loop = this.run();
    this.workers = Array.from({ length: this.options.concurrency }, () => this.work());
  }

  /** Stops claiming; deliveries in flight finish (each bounded by the POST timeout). */
  async stop(): Promise<void> {
    this.running = false;
    this.wakeLoop?.();
    this.idle.all();
    await Promise.all([this.loop, ...this.workers]);
    await this.listen?.stop();
  }

  /** Fan-out, and a wake-up for the workers on every NOTIFY and at least once per poll interval (retries come due by time). */
  private async run(): Promise<void> {
    while (this.running) {
      let busy = false;
      const started = Date.now();
      try {
        busy = (await this.fanOut()) > 0;
      } catch (err) {
        this.options.log.warn({ err }, "event dispatcher cycle failed; retrying");
      }
      // One idle worker looks; each worker that finds a delivery wakes the next one.
      this.idle.one();
      const pause = MIN_CYCLE_MS - (Date.now() - started);
      if (pause > 0 && this.running) await new Promise((r) => setTimeout(r, pause));
      if (!busy && this.running) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.options.pollMs);
          this.wakeLoop = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
  }

  /** One worker: claims and delivers until nothing is due, then waits to be woken. */
  private async work(): Promise<void> {
    while (this.running) {
      let attempted = false;
      try {
        attempted = await this.deliverOne();
      } catch (err) {
        this.options.log.warn({ err }, "event delivery cycle failed; retrying");
        await new Promise((r) => setTimeout(r, this.options.pollMs));
      }
      if (!attempted && this.running) await this.idle.wait();
    }
  }

  /** New events → deliveries. Returns how many events were fanned out. */
  fanOut(): Promise<number> {
    // Statements go through the connection, not `tx.query`: they are not a request's (no spans).
    return inTransaction(this.pool, async (tx, client) => {
      const { rows: locked } = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_xact_lock($1) AS ok", [ADVISORY_LOCKS.fanOut]);
      if (!locked[0]!.ok) {
        await tx.rollback();
        return 0;
      }
      const { rows: hubs } = await client.query<{ id: string; api: string; query: string | null; partition: string | null }>(
        `SELECT id, api, query, partition FROM hub`,
      );
      if (!hubs.length) {
        // Nobody listens: new events are done with, without reading them.
        const { rowCount } = await client.query(
          `UPDATE event SET dispatched = true WHERE id IN (SELECT id FROM event WHERE NOT dispatched ORDER BY seq LIMIT 500)`,
        );
        return rowCount ?? 0;
      }
      const { rows: events } = await client.query<{
        id: string;
        seq: string;
        api: string;
        eventType: string;
        resourceId: string;
        resource: unknown;
        partition: string | null;
      }>(`SELECT id, seq, api, "eventType", "resourceId", resource, partition FROM event WHERE NOT dispatched ORDER BY seq LIMIT 500`);
      for (const event of events) {
        for (const hub of hubs) {
          const versions = this.options.versions;
          if ((versions?.sourceOf(hub.api) ?? hub.api) !== event.api || (versions && !versions.receives(hub.api, event.eventType))) continue;
          // An event of a partitioned resource goes to the hubs registered in a deployment of its partition only.
          if (event.partition !== null && event.partition !== hub.partition) continue;
          if (!matchesQuery(hub.query, event.eventType, event.resource)) continue;
          await client.query(
            `INSERT INTO delivery (id, "eventId", "hubId", seq, "resourceId") VALUES (gen_random_uuid(), $1, $2, $3, $4)
               ON CONFLICT DO NOTHING`,
            [event.id, hub.id, event.seq, event.resourceId],
          );
        }
      }
      if (events.length) await client.query(`UPDATE event SET dispatched = true WHERE id = ANY($1::uuid[])`, [events.map((e) => e.id)]);
      return events.length;
    });
  }

  /** Claims and sends one due delivery. Returns false when nothing was due (for this process: see the class comment). */
  async deliverOne(): Promise<boolean> {
    let delivery: DueDelivery | undefined;
    try {
      return await inTransaction(this.pool, async (tx, client) => {
        delivery = await this.claim(client);
        if (!delivery) {
          await tx.rollback();
          return false;
        }
        this.idle.one(); // there may be more: let another worker look while this one POSTs
        await this.record(client, delivery, await this.post(delivery));
        return true;
      });
    } finally {
      if (delivery) {
        release(this.originsInFlight, delivery.origin);
        release(this.ownersInFlight, delivery.owner);
      }
    }
  }

  /** Records an attempt's outcome: delivered, or the next attempt's time (or failed, past the horizon). */
  private async record(client: pg.ClientBase, delivery: DueDelivery, error: string | undefined): Promise<void> {
    if (!error) {
      await client.query(`UPDATE delivery SET status = 'delivered', attempts = attempts + 1, "deliveredAt" = now(), "lastError" = NULL WHERE id = $1`, [
        delivery.id,
      ]);
      return;
    }
    const attempts = delivery.attempts + 1;
    const delay = retryDelay(attempts, this.options);
    const giveUp = Date.now() + delay - new Date(delivery.eventTime).getTime() > this.options.horizonMs;
    // From now, when the attempt has failed: the transaction's now() is its start, before the POST.
    await client.query(
      `UPDATE delivery SET attempts = $2, "lastError" = $3, status = $4, "nextAttemptAt" = clock_timestamp() + make_interval(secs => $5) WHERE id = $1`,
      [delivery.id, attempts, error.slice(0, 1000), giveUp ? "failed" : "pending", delay / 1000],
    );
    this.options.log.warn(
      {
        deliveryId: delivery.id,
        eventId: delivery.eventId,
        attempts,
        error,
        failed: giveUp,
      },
      "event delivery failed",
    );
  }

  /**
   * Locks the oldest due delivery this process may take now: its earlier deliveries (same listener
   * and resource) are done, its origin is not being called by this process, and its owner has fewer
   * than `ownerShare` deliveries in flight here. Claims run one at a time per process.
   */
  private async claim(client: pg.ClientBase): Promise<DueDelivery | undefined> {
    const turn = this.claiming.then(async () => {
      const busyOwners = [...this.ownersInFlight].filter(([, n]) => n >= this.ownerShare).map(([owner]) => owner);
      const { rows } = await client.query<DueDelivery>(
        `SELECT d.id, d.attempts, e.id AS "eventId", e."eventType", e."eventTime", e."resourceType", e.resource::text AS resource, e.traceparent, h.callback, h.api AS "hubApi",
                ${ORIGIN_SQL} AS origin, coalesce(h.owner, '') AS owner
         FROM delivery d JOIN event e ON e.id = d."eventId" JOIN hub h ON h.id = d."hubId"
         WHERE d.status = 'pending' AND d."nextAttemptAt" <= now()
           AND NOT EXISTS (SELECT 1 FROM delivery p WHERE p."hubId" = d."hubId" AND p."resourceId" = d."resourceId"
                           AND p.status = 'pending' AND p.seq < d.seq)
           AND ${ORIGIN_SQL} <> ALL($1::text[])
           AND coalesce(h.owner, '') <> ALL($2::text[])
         ORDER BY d.seq LIMIT 1 FOR UPDATE OF d SKIP LOCKED`,
        [[...this.originsInFlight.keys()], busyOwners],
      );
      const delivery = rows[0];
      if (delivery) {
        take(this.originsInFlight, delivery.origin);
        take(this.ownersInFlight, delivery.owner);
      }
      return delivery;
    });
    this.claiming = turn.catch(() => undefined);
    return turn;
  }

  /** POSTs the TMF event envelope; returns an error text, or undefined on a 2xx. */
  private async post(delivery: DueDelivery): Promise<string | undefined> {
    const envelope = eventEnvelope(delivery, this.options.versions);
    // A span of the request's trace; the listener gets its traceparent and may continue it.
    const attributes = {
      "messaging.system": "tmf-hub",
      "messaging.operation.type": "send",
      "messaging.message.id": delivery.eventId,
      "tmf.event.type": delivery.eventType,
      "url.full": delivery.callback,
    };
    return inSpan(
      `deliver ${delivery.eventType}`,
      attributes,
      async (span) => {
        const traceparent = span ? currentTraceparent() : null;
        const error = await postToListener(
          this.policy,
          delivery.callback,
          envelope,
          { "x-event-id": delivery.eventId, ...(traceparent && { traceparent }) },
          this.options.timeoutMs,
        );
        if (error && span) span.setStatus({ code: SpanStatusCode.ERROR, message: error });
        return error;
      },
      { kind: SpanKind.PRODUCER, parent: contextOf(delivery.traceparent) },
    );
  }
}
