import type { EventVersions } from "../resource/versions.js";
import { parseVerbatim, stringifyResult } from "../tmf/exact-json.js";

/** An event as the outbox stored it, for a hub of `hubApi`. */
export interface StoredEvent {
  eventId: string;
  eventType: string;
  eventTime: string | Date;
  resourceType: string;
  /** The stored TMF resource as JSON text, as the outbox wrote it (GET's text). */
  resource: string;
  hubApi: string;
}

/**
 * The TMF event envelope a listener receives. The resource is spliced in as the outbox wrote it —
 * GET's text, its numbers the exact literals — or as the hub's API version represents it.
 */
export function eventEnvelope(event: StoredEvent, versions?: EventVersions): string {
  const key = event.resourceType[0]!.toLowerCase() + event.resourceType.slice(1);
  const head = JSON.stringify({
    "@type": event.eventType,
    eventId: event.eventId,
    eventTime: new Date(event.eventTime).toISOString(),
    eventType: event.eventType,
  });
  return `${head.slice(0, -1)},"event":{${JSON.stringify(key)}:${representation(event, versions)}}}`;
}

function representation(event: StoredEvent, versions?: EventVersions): string {
  if (!versions) return event.resource;
  const represented = versions.represent(event.hubApi, event.resourceType, parseVerbatim(event.resource) as Record<string, unknown>);
  return represented ? stringifyResult(represented) : event.resource;
}
