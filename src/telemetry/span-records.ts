import type { Attributes, SpanContext, SpanKind, SpanStatus } from "@opentelemetry/api";
import { type InstrumentationScope, TraceState } from "@opentelemetry/core";
import { type Resource, resourceFromAttributes } from "@opentelemetry/resources";
import type { ReadableSpan, TimedEvent } from "@opentelemetry/sdk-trace-base";

/**
 * Ended spans as plain data, to cross to the export thread (`postMessage` clones them): what the
 * OTLP serialiser reads of a `ReadableSpan`, with the trace state as its text and the resources and
 * scopes of a batch sent once each. A span is a tuple of primitives and arrays, attributes as a list
 * of keys and a list of values: the structured clone writes every property name of every object it
 * copies, which made plain objects about three times as costly to send (bench/README.md, phase k).
 */

/** traceId, spanId, traceFlags, traceState, isRemote (null: undefined). */
type ContextRecord = [string, string, number, string | null, boolean | null];

/** Attributes as keys and values (null: none). */
type AttributesRecord = [string[], Attributes[string][]] | null;

type LinkRecord = [ContextRecord, AttributesRecord, number | null];

/** name, time, attributes, dropped attributes. */
type EventRecord = [string, number, number, AttributesRecord, number | null];

type SpanRecord = [
  name: string,
  kind: SpanKind,
  context: ContextRecord,
  parent: ContextRecord | null,
  start: number,
  startNanos: number,
  end: number,
  endNanos: number,
  duration: number,
  durationNanos: number,
  statusCode: SpanStatus["code"],
  statusMessage: string | null,
  attributes: AttributesRecord,
  links: LinkRecord[],
  events: EventRecord[],
  droppedAttributes: number,
  droppedEvents: number,
  droppedLinks: number,
  /** Indexes into the batch's `resources` and `scopes`. */
  resource: number,
  scope: number,
];

export interface SpanBatch {
  resources: { attributes: Attributes; schemaUrl?: string }[];
  scopes: InstrumentationScope[];
  spans: SpanRecord[];
}

const contextRecord = (c: SpanContext): ContextRecord => [c.traceId, c.spanId, c.traceFlags, c.traceState?.serialize() ?? null, c.isRemote ?? null];

function spanContext([traceId, spanId, traceFlags, traceState, isRemote]: ContextRecord): SpanContext {
  const context: SpanContext = { traceId, spanId, traceFlags };
  if (traceState !== null) context.traceState = new TraceState(traceState);
  if (isRemote !== null) context.isRemote = isRemote;
  return context;
}

const attributesRecord = (attributes: Attributes | undefined): AttributesRecord => (attributes ? [Object.keys(attributes), Object.values(attributes)] : null);

function attributesOf(record: AttributesRecord): Attributes | undefined {
  if (!record) return undefined;
  const [keys, values] = record;
  const attributes: Attributes = {};
  for (let i = 0; i < keys.length; i++) attributes[keys[i]!] = values[i];
  return attributes;
}

/** Index of `item` in `list`, added when new (a batch has one or two resources and scopes). */
function indexIn<T, R>(seen: Map<T, number>, list: R[], item: T, record: (item: T) => R): number {
  let at = seen.get(item);
  if (at === undefined) {
    at = list.push(record(item)) - 1;
    seen.set(item, at);
  }
  return at;
}

export function toBatch(spans: readonly ReadableSpan[]): SpanBatch {
  const batch: SpanBatch = { resources: [], scopes: [], spans: [] };
  const resources = new Map<Resource, number>();
  const scopes = new Map<InstrumentationScope, number>();
  for (const span of spans) {
    batch.spans.push([
      span.name,
      span.kind,
      contextRecord(span.spanContext()),
      span.parentSpanContext ? contextRecord(span.parentSpanContext) : null,
      span.startTime[0],
      span.startTime[1],
      span.endTime[0],
      span.endTime[1],
      span.duration[0],
      span.duration[1],
      span.status.code,
      span.status.message ?? null,
      attributesRecord(span.attributes),
      span.links.map((l) => [contextRecord(l.context), attributesRecord(l.attributes), l.droppedAttributesCount ?? null]),
      span.events.map((e) => [e.name, e.time[0], e.time[1], attributesRecord(e.attributes), e.droppedAttributesCount ?? null]),
      span.droppedAttributesCount,
      span.droppedEventsCount,
      span.droppedLinksCount,
      indexIn(resources, batch.resources, span.resource, (r) => ({ attributes: r.attributes, schemaUrl: r.schemaUrl })),
      indexIn(scopes, batch.scopes, span.instrumentationScope, (s) => ({ name: s.name, version: s.version, schemaUrl: s.schemaUrl })),
    ]);
  }
  return batch;
}

export function fromBatch(batch: SpanBatch): ReadableSpan[] {
  const resources = batch.resources.map((r) => resourceFromAttributes(r.attributes, { schemaUrl: r.schemaUrl }));
  return batch.spans.map((s) => {
    const context = spanContext(s[2]);
    const status: SpanStatus = { code: s[10] };
    if (s[11] !== null) status.message = s[11];
    return {
      name: s[0],
      kind: s[1],
      spanContext: () => context,
      parentSpanContext: s[3] ? spanContext(s[3]) : undefined,
      startTime: [s[4], s[5]],
      endTime: [s[6], s[7]],
      duration: [s[8], s[9]],
      ended: true,
      status,
      attributes: attributesOf(s[12]) ?? {},
      links: s[13].map(([c, attributes, dropped]) => ({
        context: spanContext(c),
        ...(attributes && { attributes: attributesOf(attributes) }),
        ...(dropped !== null && { droppedAttributesCount: dropped }),
      })),
      events: s[14].map(
        ([name, time, nanos, attributes, dropped]): TimedEvent => ({
          name,
          time: [time, nanos],
          ...(attributes && { attributes: attributesOf(attributes) }),
          ...(dropped !== null && { droppedAttributesCount: dropped }),
        }),
      ),
      droppedAttributesCount: s[15],
      droppedEventsCount: s[16],
      droppedLinksCount: s[17],
      resource: resources[s[18]]!,
      instrumentationScope: batch.scopes[s[19]]!,
    };
  });
}
