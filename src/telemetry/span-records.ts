import type { Attributes, SpanContext, SpanKind, SpanStatus } from "@opentelemetry/api";
import { addHrTimes, type InstrumentationScope, millisToHrTime, TraceState } from "@opentelemetry/core";
import { resourceFromAttributes } from "@opentelemetry/resources";
import type { ReadableSpan, TimedEvent } from "@opentelemetry/sdk-trace-base";

/**
 * Ended spans as plain data, as the lean tracer records them and as they cross to the export thread
 * (`postMessage` clones them): a span is a tuple of primitives and arrays, attributes as a list of
 * keys and a list of values. The structured clone writes every property name of every object it
 * copies, which made plain objects about three times as costly to send (bench/README.md, phase k).
 * On the export thread they become the `ReadableSpan`s OpenTelemetry's OTLP serialiser reads.
 */

/** traceId, spanId, traceFlags, traceState, isRemote (null: undefined). */
export type ContextRecord = [string, string, number, string | null, boolean | null];

/** Attributes as keys and values (null: none). */
export type AttributesRecord = [string[], Attributes[string][]] | null;

/** context, attributes, dropped attributes. */
export type LinkRecord = [ContextRecord, AttributesRecord, number | null];

/** name, epoch ms, attributes, dropped attributes. */
export type EventRecord = [string, number, AttributesRecord, number | null];

export type SpanRecord = [
  name: string,
  kind: SpanKind,
  context: ContextRecord,
  parent: ContextRecord | null,
  /** Epoch ms, and the duration in ms (fractional: measured on the monotonic clock). */
  startMs: number,
  durationMs: number,
  statusCode: SpanStatus["code"],
  statusMessage: string | null,
  attributes: AttributesRecord,
  links: LinkRecord[],
  events: EventRecord[],
  droppedLinks: number,
  droppedEvents: number,
];

/** A batch of one process's spans: its resource and its tracer's scope, sent once. */
export interface SpanBatch {
  resource: { attributes: Attributes; schemaUrl?: string };
  scope: InstrumentationScope;
  spans: SpanRecord[];
}

export const contextRecord = (c: SpanContext): ContextRecord => [c.traceId, c.spanId, c.traceFlags, c.traceState?.serialize() ?? null, c.isRemote ?? null];

function spanContext([traceId, spanId, traceFlags, traceState, isRemote]: ContextRecord): SpanContext {
  const context: SpanContext = { traceId, spanId, traceFlags };
  if (traceState !== null) context.traceState = new TraceState(traceState);
  if (isRemote !== null) context.isRemote = isRemote;
  return context;
}

function attributesOf(record: AttributesRecord): Attributes | undefined {
  if (!record) return undefined;
  const [keys, values] = record;
  const attributes: Attributes = {};
  for (let i = 0; i < keys.length; i++) attributes[keys[i]!] = values[i];
  return attributes;
}

/** The batch's spans as the SDK's `ReadableSpan`s, for its OTLP serialiser. */
export function fromBatch(batch: SpanBatch): ReadableSpan[] {
  const resource = resourceFromAttributes(batch.resource.attributes, { schemaUrl: batch.resource.schemaUrl });
  return batch.spans.map((s) => {
    const context = spanContext(s[2]);
    const status: SpanStatus = { code: s[6] };
    if (s[7] !== null) status.message = s[7];
    const startTime = millisToHrTime(s[4]);
    const duration = millisToHrTime(s[5]);
    return {
      name: s[0],
      kind: s[1],
      spanContext: () => context,
      parentSpanContext: s[3] ? spanContext(s[3]) : undefined,
      startTime,
      endTime: addHrTimes(startTime, duration),
      duration,
      ended: true,
      status,
      attributes: attributesOf(s[8]) ?? {},
      links: s[9].map(([c, attributes, dropped]) => ({
        context: spanContext(c),
        ...(attributes && { attributes: attributesOf(attributes) }),
        ...(dropped !== null && { droppedAttributesCount: dropped }),
      })),
      events: s[10].map(
        ([name, time, attributes, dropped]): TimedEvent => ({
          name,
          time: millisToHrTime(time),
          ...(attributes && { attributes: attributesOf(attributes) }),
          ...(dropped !== null && { droppedAttributesCount: dropped }),
        }),
      ),
      droppedAttributesCount: 0,
      droppedEventsCount: s[12],
      droppedLinksCount: s[11],
      resource,
      instrumentationScope: batch.scope,
    };
  });
}
