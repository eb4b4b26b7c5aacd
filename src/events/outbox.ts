import type { Sql, Statement } from "../db/sql.js";
import { eventType, type EventKind } from "../resource/description.js";
import type { ResourceStore } from "../resource/resource-store.js";
import { apiOf } from "../tmf/rest-resource.js";
import { stringifyResult } from "../tmf/exact-json.js";
import { currentTraceparent } from "../telemetry/tracing.js";

export const EVENTS_CHANNEL = "tmf_events";

type Resource = { id: string };

/**
 * The TMF representation of a resource at this moment — exactly what `GET` of it returns — read in
 * `tx` (the transaction that changes it, so its own writes are seen) with `resource` as the object
 * to project (it need not be written yet). The REST layer provides it: one projection for REST
 * responses and event payloads.
 */
export type Projection = <T extends Resource>(tx: Sql | undefined, store: ResourceStore<T>, resource: T, baseUrl: string) => Promise<object>;

export type { EventKind } from "../resource/description.js";

/**
 * Writes domain events into the outbox in the caller's transaction — so an event exists if and
 * only if its change commits — and notifies listeners of the channel on commit (PostgreSQL NOTIFY
 * is transactional). Nothing is sent from inside the request: the dispatcher delivers. `baseUrl`:
 * scheme and host of the event's `href`s, those of the request that made the change.
 */
export class Outbox {
  constructor(private readonly project: Projection) {}

  async record<T extends Resource>(tx: Sql, baseUrl: string, kind: EventKind, store: ResourceStore<T>, resource: T): Promise<void> {
    const { text, values } = await this.statement(tx, baseUrl, kind, store, resource);
    await tx.query(text, values);
  }

  /**
   * The statement `record` runs, for a caller that sends it with others (`tx` may then still lack
   * the resource's own rows: `resource` is projected as given).
   */
  async statement<T extends Resource>(tx: Sql | undefined, baseUrl: string, kind: EventKind, store: ResourceStore<T>, resource: T): Promise<Statement> {
    const rest = store.rest;
    if (!rest) throw new Error(`${store.typeName} is not a resource of a TMF API: it has no events`);
    const tmf = await this.project(tx, store, resource, baseUrl);
    return {
      text: `WITH inserted AS (
         INSERT INTO event (id, "eventType", api, "resourceType", "resourceId", resource, traceparent, partition)
         VALUES (gen_random_uuid(), $1, $2, $3, $4::uuid, $5::json, $6, $7)
         RETURNING id)
       SELECT pg_notify('${EVENTS_CHANNEL}', id::text)::text FROM inserted`,
      // json (not jsonb) keeps the text as written: the exact decimal literals, GET's number texts and key order.
      // The trace of the request that causes the event: its deliveries continue it. The partition of a
      // partitioned resource: only its deployments' hubs and subscriptions get the event.
      values: [
        eventType(store.description, kind),
        apiOf(rest),
        store.typeName,
        resource.id,
        stringifyResult(tmf),
        currentTraceparent(),
        store.partition?.value ?? null,
      ],
    };
  }

  /**
   * The TMF change events of an update: `<Type>StateChangeEvent` when the description's state
   * attribute changed, `<Type>AttributeValueChangeEvent` when any other attribute did.
   */
  async recordChange<T extends Resource>(tx: Sql, baseUrl: string, store: ResourceStore<T>, before: T, after: T): Promise<void> {
    const state = "events" in store.description ? store.description.events.state : undefined;
    const changed = store.storage.attributes
      .map((a) => a.name)
      .filter((name) => JSON.stringify((before as Record<string, unknown>)[name]) !== JSON.stringify((after as Record<string, unknown>)[name]));
    if (state && changed.includes(state)) await this.record(tx, baseUrl, "StateChange", store, after);
    if (changed.some((name) => name !== state && !SERVER_STAMPS.includes(name))) await this.record(tx, baseUrl, "AttributeValueChange", store, after);
  }
}

const SERVER_STAMPS = ["lastModified", "lastUpdate"];
