import type { Attributes, HrTime, SpanContext, SpanKind, SpanStatus } from "@opentelemetry/api";
import { type InstrumentationScope, TraceState } from "@opentelemetry/core";
import { type Resource, resourceFromAttributes } from "@opentelemetry/resources";
import type { ReadableSpan, TimedEvent } from "@opentelemetry/sdk-trace-base";

/**
 * Ended spans as plain data, to cross to the export thread (`postMessage` clones them): what the
 * OTLP serialiser reads of a `ReadableSpan`, with the trace state as its text and the resources and
 * scopes of a batch sent once each.
 */

interface ContextRecord {
  traceId: string;
  spanId: string;
  traceFlags: number;
  traceState?: string;
  isRemote?: boolean;
}

interface SpanRecord {
  name: string;
  kind: SpanKind;
  context: ContextRecord;
  parent?: ContextRecord;
  startTime: HrTime;
  endTime: HrTime;
  duration: HrTime;
  status: SpanStatus;
  attributes: Attributes;
  links: { context: ContextRecord; attributes?: Attributes; droppedAttributesCount?: number }[];
  events: TimedEvent[];
  /** Dropped attributes, events, links. */
  dropped: [number, number, number];
  /** Indexes into the batch's `resources` and `scopes`. */
  resource: number;
  scope: number;
}

export interface SpanBatch {
  resources: { attributes: Attributes; schemaUrl?: string }[];
  scopes: InstrumentationScope[];
  spans: SpanRecord[];
}

const contextRecord = (c: SpanContext): ContextRecord => ({
  traceId: c.traceId,
  spanId: c.spanId,
  traceFlags: c.traceFlags,
  traceState: c.traceState?.serialize(),
  isRemote: c.isRemote,
});

const spanContext = (c: ContextRecord): SpanContext => ({ ...c, traceState: c.traceState === undefined ? undefined : new TraceState(c.traceState) });

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
    batch.spans.push({
      name: span.name,
      kind: span.kind,
      context: contextRecord(span.spanContext()),
      parent: span.parentSpanContext && contextRecord(span.parentSpanContext),
      startTime: span.startTime,
      endTime: span.endTime,
      duration: span.duration,
      status: span.status,
      attributes: span.attributes,
      links: span.links.map((l) => ({ context: contextRecord(l.context), attributes: l.attributes, droppedAttributesCount: l.droppedAttributesCount })),
      events: span.events,
      dropped: [span.droppedAttributesCount, span.droppedEventsCount, span.droppedLinksCount],
      resource: indexIn(resources, batch.resources, span.resource, (r) => ({ attributes: r.attributes, schemaUrl: r.schemaUrl })),
      scope: indexIn(scopes, batch.scopes, span.instrumentationScope, (s) => ({ name: s.name, version: s.version, schemaUrl: s.schemaUrl })),
    });
  }
  return batch;
}

export function fromBatch(batch: SpanBatch): ReadableSpan[] {
  const resources = batch.resources.map((r) => resourceFromAttributes(r.attributes, { schemaUrl: r.schemaUrl }));
  return batch.spans.map((s) => {
    const context = spanContext(s.context);
    return {
      name: s.name,
      kind: s.kind,
      spanContext: () => context,
      parentSpanContext: s.parent && spanContext(s.parent),
      startTime: s.startTime,
      endTime: s.endTime,
      duration: s.duration,
      ended: true,
      status: s.status,
      attributes: s.attributes,
      links: s.links.map((l) => ({ ...l, context: spanContext(l.context) })),
      events: s.events,
      droppedAttributesCount: s.dropped[0],
      droppedEventsCount: s.dropped[1],
      droppedLinksCount: s.dropped[2],
      resource: resources[s.resource]!,
      instrumentationScope: batch.scopes[s.scope]!,
    };
  });
}
