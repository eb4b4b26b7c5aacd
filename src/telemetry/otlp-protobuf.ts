import { addHrTimes, millisToHrTime } from "@opentelemetry/core";
import { type AttributesAt, forEachSpan, type SpanBatch, type SpanData, type SpanView } from "./span-records.js";

/**
 * A batch of spans as an OTLP `ExportTraceServiceRequest` in protobuf, written in one pass straight
 * from the batch's data. It is byte for byte what OpenTelemetry's serialiser (`ProtobufTraceSerializer`)
 * writes for the same spans (test/unit/otlp-protobuf.test.ts), at a fraction of its cost: that one
 * wants the SDK's `ReadableSpan`s, rebuilt from the data, and measures every message before it writes
 * it (docs/operations.md, Tracing).
 *
 * A length-delimited message reserves one byte for its length and moves its body when the length
 * needs more, so that every length is the shortest varint, as protobuf writers make them.
 */

/** A hex digit's value by its character code (ids are lower-case hex, as the API makes them). */
const NIBBLE = new Uint8Array(128);
for (let i = 0; i < 16; i++) NIBBLE["0123456789abcdef".charCodeAt(i)] = NIBBLE["0123456789ABCDEF".charCodeAt(i)] = i;

const HAS_IS_REMOTE = 0x100;
const IS_REMOTE = 0x200;

class Writer {
  /** Kept from one batch to the next (the export thread encodes one at a time); a request gets a copy. */
  buf = Buffer.allocUnsafe(256 * 1024);
  pos = 0;

  private room(bytes: number): void {
    if (this.pos + bytes <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + bytes));
    grown.set(this.buf.subarray(0, this.pos));
    this.buf = grown;
  }

  varint(value: number): void {
    this.room(10);
    if (value >= 0 && value <= 0xffffffff) {
      let v = value >>> 0;
      while (v > 0x7f) {
        this.buf[this.pos++] = (v & 0x7f) | 0x80;
        v >>>= 7;
      }
      this.buf[this.pos++] = v;
      return;
    }
    // int64 beyond 32 bits, negatives as two's complement (10 bytes)
    let big = BigInt.asUintN(64, BigInt(value));
    while (big > 0x7fn) {
      this.buf[this.pos++] = Number(big & 0x7fn) | 0x80;
      big >>= 7n;
    }
    this.buf[this.pos++] = Number(big);
  }

  tag(field: number, wire: number): void {
    this.varint((field << 3) | wire);
  }

  fixed32(field: number, value: number): void {
    this.tag(field, 5);
    this.room(4);
    this.pos = this.buf.writeUInt32LE(value >>> 0, this.pos);
  }

  double(value: number): void {
    this.room(8);
    this.pos = this.buf.writeDoubleLE(value, this.pos);
  }

  /** An epoch time in ns from an `HrTime` ([s, ns]), as fixed64: exact, in halves that stay below 2^53. */
  time(field: number, [seconds, nanos]: [number, number]): void {
    this.tag(field, 1);
    this.room(8);
    const low16 = (seconds % 0x10000) * 1e9 + nanos; // seconds' low 16 bits, in ns
    const high16 = Math.floor(seconds / 0x10000) * 1e9; // the rest, in units of 2^16 ns
    const low = (high16 % 0x10000) * 0x10000 + (low16 % 0x100000000);
    const high = Math.floor(high16 / 0x10000) + Math.floor(low16 / 0x100000000) + Math.floor(low / 0x100000000);
    this.buf.writeUInt32LE(low % 0x100000000, this.pos);
    this.buf.writeUInt32LE(high % 0x100000000, this.pos + 4);
    this.pos += 8;
  }

  string(field: number, text: string): void {
    this.tag(field, 2);
    const length = text.length;
    // Short ASCII text is copied a character at a time: cheaper than a call into Buffer's encoder.
    if (length < 0x80) {
      this.room(1 + length);
      const at = this.pos + 1;
      let i = 0;
      for (; i < length; i++) {
        const code = text.charCodeAt(i);
        if (code > 0x7f) break;
        this.buf[at + i] = code;
      }
      if (i === length) {
        this.buf[this.pos] = length;
        this.pos = at + length;
        return;
      }
    }
    const bytes = Buffer.byteLength(text);
    this.varint(bytes);
    this.room(bytes);
    this.pos += this.buf.write(text, this.pos, bytes, "utf8");
  }

  /** An id given as hex, as bytes. */
  hex(field: number, hex: string): void {
    this.tag(field, 2);
    const bytes = hex.length >>> 1;
    this.room(1 + bytes);
    this.buf[this.pos++] = bytes;
    for (let i = 0; i < bytes; i++) this.buf[this.pos++] = (NIBBLE[hex.charCodeAt(2 * i)]! << 4) | NIBBLE[hex.charCodeAt(2 * i + 1)]!;
  }

  /** Starts a length-delimited message; `end` with what this returns closes it. */
  begin(field: number): number {
    this.tag(field, 2);
    this.room(1);
    return this.pos++;
  }

  end(at: number): void {
    const length = this.pos - at - 1;
    if (length < 0x80) {
      this.buf[at] = length;
      return;
    }
    let size = 1;
    for (let v = length >>> 7; v > 0; v >>>= 7) size++;
    this.room(size - 1);
    this.buf.copyWithin(at + size, at + 1, this.pos);
    this.pos += size - 1;
    let v = length;
    for (let i = 0; i < size; i++, v >>>= 7) this.buf[at + i] = i < size - 1 ? (v & 0x7f) | 0x80 : v;
  }
}

function anyValue(w: Writer, value: unknown): void {
  switch (typeof value) {
    case "string":
      w.string(1, value);
      return;
    case "boolean":
      w.tag(2, 0);
      w.varint(value ? 1 : 0);
      return;
    case "number":
      if (Number.isInteger(value) && value >= -(2 ** 63) && value < 2 ** 63) {
        w.tag(3, 0);
        w.varint(value);
      } else {
        w.tag(4, 1);
        w.double(value);
      }
      return;
  }
  if (Array.isArray(value)) {
    const array = w.begin(5);
    for (const item of value) {
      const at = w.begin(1);
      anyValue(w, item);
      w.end(at);
    }
    w.end(array);
  }
}

function attributes(w: Writer, field: number, data: SpanData, { at, count }: AttributesAt): void {
  for (let i = at; i < at + 2 * count; i += 2) {
    const pair = w.begin(field);
    w.string(1, data[i] as string);
    const value = w.begin(2);
    anyValue(w, data[i + 1]);
    w.end(value);
    w.end(pair);
  }
}

const flags = (traceFlags: number, remote: boolean) => (traceFlags & 0xff) | HAS_IS_REMOTE | (remote ? IS_REMOTE : 0);

function span(w: Writer, data: SpanData, s: SpanView): void {
  w.hex(1, s.traceId);
  w.hex(2, s.spanId);
  if (s.traceState) w.string(3, s.traceState);
  if (s.parentSpanId) w.hex(4, s.parentSpanId);
  w.string(5, s.name);
  w.tag(6, 0);
  w.varint(s.kind + 1); // OTLP's kinds start at 1 (0 is unspecified)
  const start = millisToHrTime(s.startMs);
  w.time(7, start);
  w.time(8, addHrTimes(start, millisToHrTime(s.durationMs)));
  attributes(w, 9, data, s.attributes);
  w.tag(10, 0);
  w.varint(0);
  for (const e of s.events) {
    const event = w.begin(11);
    w.time(1, millisToHrTime(e.timeMs));
    w.string(2, e.name);
    attributes(w, 3, data, e.attributes);
    w.tag(4, 0);
    w.varint(e.dropped);
    w.end(event);
  }
  w.tag(12, 0);
  w.varint(s.droppedEvents);
  for (const l of s.links) {
    const link = w.begin(13);
    w.hex(1, l.traceId);
    w.hex(2, l.spanId);
    if (l.traceState) w.string(3, l.traceState);
    attributes(w, 4, data, l.attributes);
    w.tag(5, 0);
    w.varint(l.dropped);
    w.fixed32(6, flags(l.traceFlags, l.isRemote));
    w.end(link);
  }
  w.tag(14, 0);
  w.varint(s.droppedLinks);
  const status = w.begin(15);
  if (s.statusMessage) w.string(2, s.statusMessage);
  w.tag(3, 0);
  w.varint(s.statusCode);
  w.end(status);
  w.fixed32(16, flags(s.traceFlags, s.parentIsRemote));
}

const w = new Writer();

/** The batch as one `ExportTraceServiceRequest`: one resource, one scope, its spans. */
export function encodeTraceRequest({ resource, scope, data }: SpanBatch): Uint8Array {
  w.pos = 0;
  const resourceSpans = w.begin(1);
  const resourceAt = w.begin(1);
  const keys = Object.keys(resource.attributes);
  const pairs = keys.flatMap((k) => [k, resource.attributes[k]]);
  attributes(w, 1, pairs, { at: 0, count: keys.length });
  w.tag(2, 0);
  w.varint(0);
  w.end(resourceAt);
  const scopeSpans = w.begin(2);
  const scopeAt = w.begin(1);
  w.string(1, scope.name);
  if (scope.version) w.string(2, scope.version);
  w.end(scopeAt);
  forEachSpan(data, (s) => {
    const at = w.begin(2);
    span(w, data, s);
    w.end(at);
  });
  if (scope.schemaUrl) w.string(3, scope.schemaUrl);
  w.end(scopeSpans);
  if (resource.schemaUrl) w.string(3, resource.schemaUrl);
  w.end(resourceSpans);
  return Uint8Array.prototype.slice.call(w.buf, 0, w.pos);
}
