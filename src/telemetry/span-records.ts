import type { Attributes, AttributeValue, Link, SpanContext, SpanKind, SpanStatus } from "@opentelemetry/api";
import { addHrTimes, type InstrumentationScope, millisToHrTime, TraceState } from "@opentelemetry/core";
import { resourceFromAttributes } from "@opentelemetry/resources";
import type { ReadableSpan, TimedEvent } from "@opentelemetry/sdk-trace-base";

/**
 * Ended spans as data, as the lean tracer writes them and as they cross to the export thread
 * (`postMessage` clones them): a batch's spans are one flat array of primitives, span after span. The
 * structured clone pays for every object it copies (its header, its property names): a tuple per span
 * with its context, attributes and links as arrays of their own cost twice as much to send (≈ 1.5
 * against ≈ 0.65 µs per span, docs/operations.md). This file is the layout's only writer and reader:
 *
 *   name, kind, traceId, spanId, traceFlags, traceState | null, parentSpanId | null, parentIsRemote,
 *   startMs (epoch), durationMs, statusCode, statusMessage | null,
 *   n, key₁, value₁ … keyₙ, valueₙ                                  (attributes)
 *   n, then per link: traceId, spanId, traceFlags, traceState | null, isRemote, attributes (as above), dropped
 *   n, then per event: name, timeMs (epoch), attributes (as above), dropped
 *   droppedLinks, droppedEvents
 */
export type SpanData = unknown[];

/** A batch of one process's spans: its resource and its tracer's scope, sent once. */
export interface SpanBatch {
  resource: { attributes: Attributes; schemaUrl?: string };
  scope: InstrumentationScope;
  count: number;
  data: SpanData;
}

/** An event as the span keeps it until it ends. */
export type SpanEvent = [name: string, timeMs: number, attributes: Attributes | undefined];

function pushAttributes(out: SpanData, attributes: Attributes | undefined): void {
  const at = out.push(0) - 1;
  let n = 0;
  for (const key in attributes) {
    const value = attributes[key];
    if (value === undefined || value === null) continue;
    out.push(key, value);
    n++;
  }
  out[at] = n;
}

/** Appends an ended span to `out`; attributes are `keys` and their `values` at the same index. */
export function pushSpan(
  out: SpanData,
  name: string,
  kind: SpanKind,
  context: SpanContext,
  parent: SpanContext | undefined,
  startMs: number,
  durationMs: number,
  status: SpanStatus,
  keys: readonly string[],
  values: readonly AttributeValue[],
  links: readonly Link[],
  events: readonly SpanEvent[],
  droppedLinks: number,
  droppedEvents: number,
): void {
  out.push(name, kind, context.traceId, context.spanId, context.traceFlags, context.traceState?.serialize() ?? null);
  out.push(parent?.spanId ?? null, parent?.isRemote === true, startMs, durationMs, status.code, status.message ?? null, keys.length);
  for (let i = 0; i < keys.length; i++) out.push(keys[i], values[i]);
  out.push(links.length);
  for (const { context: c, attributes, droppedAttributesCount } of links) {
    out.push(c.traceId, c.spanId, c.traceFlags, c.traceState?.serialize() ?? null, c.isRemote === true);
    pushAttributes(out, attributes);
    out.push(droppedAttributesCount ?? 0);
  }
  out.push(events.length);
  for (const [eventName, timeMs, attributes] of events) {
    out.push(eventName, timeMs);
    pushAttributes(out, attributes);
    out.push(0);
  }
  out.push(droppedLinks, droppedEvents);
}

/** Attributes read in place: `count` pairs of key and value from `at` in the batch's data. */
export interface AttributesAt {
  at: number;
  count: number;
}

export interface LinkView {
  traceId: string;
  spanId: string;
  traceFlags: number;
  traceState: string | null;
  isRemote: boolean;
  attributes: AttributesAt;
  dropped: number;
}

export interface EventView {
  name: string;
  timeMs: number;
  attributes: AttributesAt;
  dropped: number;
}

/** A span as `forEachSpan` reads it (one object, refilled for each span: keep nothing of it). */
export interface SpanView {
  name: string;
  kind: SpanKind;
  traceId: string;
  spanId: string;
  traceFlags: number;
  traceState: string | null;
  parentSpanId: string | null;
  parentIsRemote: boolean;
  startMs: number;
  durationMs: number;
  statusCode: SpanStatus["code"];
  statusMessage: string | null;
  attributes: AttributesAt;
  links: LinkView[];
  events: EventView[];
  droppedLinks: number;
  droppedEvents: number;
}

/** Calls `visit` with each span of the data, in order. */
export function forEachSpan(data: SpanData, visit: (span: SpanView) => void): void {
  const d = data as never[];
  let i = 0;
  const attributes = (): AttributesAt => {
    const count = d[i++] as number;
    const at = i;
    i += 2 * count;
    return { at, count };
  };
  const view = {} as SpanView;
  while (i < d.length) {
    view.name = d[i++];
    view.kind = d[i++];
    view.traceId = d[i++];
    view.spanId = d[i++];
    view.traceFlags = d[i++];
    view.traceState = d[i++];
    view.parentSpanId = d[i++];
    view.parentIsRemote = d[i++];
    view.startMs = d[i++];
    view.durationMs = d[i++];
    view.statusCode = d[i++];
    view.statusMessage = d[i++];
    view.attributes = attributes();
    view.links = [];
    for (let n = d[i++] as number; n > 0; n--) {
      const [traceId, spanId, traceFlags, traceState, isRemote] = [d[i++], d[i++], d[i++], d[i++], d[i++]];
      view.links.push({ traceId, spanId, traceFlags, traceState, isRemote, attributes: attributes(), dropped: d[i++] });
    }
    view.events = [];
    for (let n = d[i++] as number; n > 0; n--) {
      const [name, timeMs] = [d[i++], d[i++]];
      view.events.push({ name, timeMs, attributes: attributes(), dropped: d[i++] });
    }
    view.droppedLinks = d[i++];
    view.droppedEvents = d[i++];
    visit(view);
  }
}

function spanContext(traceId: string, spanId: string, traceFlags: number, traceState: string | null, isRemote: boolean): SpanContext {
  const context: SpanContext = { traceId, spanId, traceFlags, isRemote };
  if (traceState !== null) context.traceState = new TraceState(traceState);
  return context;
}

function attributesOf(data: SpanData, { at, count }: AttributesAt): Attributes {
  const attributes: Attributes = {};
  for (let i = 0; i < count; i++) attributes[data[at + 2 * i] as string] = data[at + 2 * i + 1] as AttributeValue;
  return attributes;
}

/** The batch's spans as the SDK's `ReadableSpan`s, for its (JSON) serialiser and for tests. */
export function fromBatch(batch: SpanBatch): ReadableSpan[] {
  const resource = resourceFromAttributes(batch.resource.attributes, { schemaUrl: batch.resource.schemaUrl });
  const spans: ReadableSpan[] = [];
  forEachSpan(batch.data, (s) => {
    const context = spanContext(s.traceId, s.spanId, s.traceFlags, s.traceState, false);
    const status: SpanStatus = { code: s.statusCode };
    if (s.statusMessage !== null) status.message = s.statusMessage;
    const startTime = millisToHrTime(s.startMs);
    const duration = millisToHrTime(s.durationMs);
    spans.push({
      name: s.name,
      kind: s.kind,
      spanContext: () => context,
      parentSpanContext:
        s.parentSpanId === null ? undefined : { traceId: s.traceId, spanId: s.parentSpanId, traceFlags: s.traceFlags, isRemote: s.parentIsRemote },
      startTime,
      endTime: addHrTimes(startTime, duration),
      duration,
      ended: true,
      status,
      attributes: attributesOf(batch.data, s.attributes),
      links: s.links.map((l) => ({
        context: spanContext(l.traceId, l.spanId, l.traceFlags, l.traceState, l.isRemote),
        attributes: attributesOf(batch.data, l.attributes),
        droppedAttributesCount: l.dropped,
      })),
      events: s.events.map(
        (e): TimedEvent => ({
          name: e.name,
          time: millisToHrTime(e.timeMs),
          attributes: attributesOf(batch.data, e.attributes),
          droppedAttributesCount: e.dropped,
        }),
      ),
      droppedAttributesCount: 0,
      droppedEventsCount: s.droppedEvents,
      droppedLinksCount: s.droppedLinks,
      resource,
      instrumentationScope: batch.scope,
    });
  });
  return spans;
}
