import type { Sql, Statement } from "../db/sql.js";
import type { ResourceStore } from "../resource/resource-store.js";
import { apiOf, collectionPath } from "../tmf/rest-resource.js";
import { toTmf } from "../tmf/tmf-json.js";
import { markDecimals, stringifyResult } from "../tmf/exact-json.js";

export const EVENTS_CHANNEL = "tmf_events";

/**
 * Writes a domain event into the outbox in the caller's transaction — so it exists if and only if
 * the change commits — and notifies listeners of the channel on commit (PostgreSQL NOTIFY is
 * transactional). Nothing is sent from inside the request: the dispatcher delivers. `baseUrl`:
 * scheme and host of the event's `href`, those of the request that made the change (Context.baseUrl).
 */
export async function recordEvent<T extends { id: string }>(
  tx: Sql,
  baseUrl: string,
  eventType: string,
  store: ResourceStore<T>,
  resource: T,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const { text, values } = eventStatement(baseUrl, eventType, store, resource, extra);
  await tx.query(text, values);
}

/** The statement `recordEvent` runs, for a caller that sends it with others. */
export function eventStatement<T extends { id: string }>(
  baseUrl: string,
  eventType: string,
  store: ResourceStore<T>,
  resource: T,
  extra: Record<string, unknown> = {},
): Statement {
  const rest = store.rest;
  if (!rest) throw new Error(`${store.typeName} has no REST description: it cannot have events`);
  const tmf = tmfRepresentation(store, resource, extra);
  tmf.href = `${baseUrl}${collectionPath(rest)}/${resource.id}`;
  return {
    text: `WITH inserted AS (
       INSERT INTO event (id, "eventType", api, "resourceType", "resourceId", resource)
       VALUES (gen_random_uuid(), $1, $2, $3, $4::uuid, $5::jsonb)
       RETURNING id)
     SELECT pg_notify('${EVENTS_CHANNEL}', id::text)::text FROM inserted`,
    // jsonb keeps numbers exact: the decimals are written as the exact literals.
    values: [eventType, apiOf(rest), store.typeName, resource.id, stringifyResult(tmf)],
  };
}

/** The resource's TMF attributes as REST shows them (no internal columns), money as exact JSON numbers. */
function tmfRepresentation<T extends { id: string }>(store: ResourceStore<T>, resource: T, extra: Record<string, unknown>) {
  const picked: Record<string, unknown> = { id: resource.id };
  for (const { name } of store.storage.attributes) {
    const value = (resource as Record<string, unknown>)[name];
    if (value !== undefined && value !== null) picked[name] = value;
  }
  Object.assign(picked, extra);
  const tmf = toTmf(markDecimals(picked)) as Record<string, unknown>;
  tmf["@type"] ??= store.typeName;
  return tmf;
}

/**
 * The TMF change events for an update: `<Type>StateChangeEvent` when the state attribute changed,
 * `<Type>AttributeValueChangeEvent` when any other attribute did.
 */
export async function recordChange<T extends { id: string }>(
  tx: Sql,
  baseUrl: string,
  store: ResourceStore<T>,
  before: T,
  after: T,
  stateAttribute: string,
): Promise<void> {
  const changed = store.storage.attributes
    .map((a) => a.name)
    .filter((name) => JSON.stringify((before as Record<string, unknown>)[name]) !== JSON.stringify((after as Record<string, unknown>)[name]));
  if (changed.includes(stateAttribute)) await recordEvent(tx, baseUrl, `${store.typeName}StateChangeEvent`, store, after);
  if (changed.some((name) => name !== stateAttribute && !SERVER_STAMPS.includes(name))) {
    await recordEvent(tx, baseUrl, `${store.typeName}AttributeValueChangeEvent`, store, after);
  }
}

const SERVER_STAMPS = ["lastModified", "lastUpdate"];
