// Reads an OTLP/HTTP protobuf trace export (opentelemetry-proto's ExportTraceServiceRequest) by its
// field numbers, into the shape of its JSON encoding: what a collector receives, read without the
// exporter's own code.

type Field = { no: number; value: bigint | Uint8Array };

function varint(buf: Uint8Array, at: number): [bigint, number] {
  let value = 0n;
  for (let shift = 0n; ; shift += 7n) {
    const byte = buf[at++]!;
    value |= BigInt(byte & 0x7f) << shift;
    if (byte < 0x80) return [value, at];
  }
}

function fields(buf: Uint8Array): Field[] {
  const out: Field[] = [];
  for (let at = 0; at < buf.length; ) {
    const [tag, next] = varint(buf, at);
    const no = Number(tag >> 3n);
    const wire = Number(tag & 7n);
    at = next;
    if (wire === 0) {
      const [value, end] = varint(buf, at);
      out.push({ no, value });
      at = end;
    } else if (wire === 1 || wire === 5) {
      const size = wire === 1 ? 8 : 4;
      out.push({ no, value: buf.subarray(at, at + size) });
      at += size;
    } else if (wire === 2) {
      const [length, start] = varint(buf, at);
      at = start + Number(length);
      out.push({ no, value: buf.subarray(start, at) });
    } else throw new Error(`wire type ${wire} in an OTLP message`);
  }
  return out;
}

const all = (buf: Uint8Array, no: number) =>
  fields(buf)
    .filter((f) => f.no === no)
    .map((f) => f.value as Uint8Array);
const one = (buf: Uint8Array, no: number) => fields(buf).find((f) => f.no === no)?.value;
const hex = (bytes: Uint8Array | bigint | undefined) => (bytes instanceof Uint8Array && bytes.length ? Buffer.from(bytes).toString("hex") : undefined);
const text = (bytes: Uint8Array | bigint | undefined) => (bytes instanceof Uint8Array ? Buffer.from(bytes).toString("utf8") : "");

/** KeyValue (1 key, 2 AnyValue: 1 string, 3 int). */
function keyValue(kv: Uint8Array) {
  const value = one(kv, 2) as Uint8Array | undefined;
  const int = value && one(value, 3);
  return {
    key: text(one(kv, 1)),
    value: { stringValue: value && one(value, 1) !== undefined ? text(one(value, 1)) : undefined, intValue: typeof int === "bigint" ? String(int) : undefined },
  };
}

/** A fixed64 (little-endian) time in ns since the epoch. */
const nanos = (value: Field["value"] | undefined) =>
  value instanceof Uint8Array ? new DataView(value.buffer, value.byteOffset, 8).getBigUint64(0, true) : undefined;

/** ExportTraceServiceRequest → its resourceSpans as the JSON encoding has them (the fields the tests read). */
export function decodeTraceExport(body: Uint8Array) {
  return {
    resourceSpans: all(body, 1).map((resourceSpans) => ({
      resource: { attributes: all((one(resourceSpans, 1) as Uint8Array) ?? new Uint8Array(), 1).map(keyValue) },
      scopeSpans: all(resourceSpans, 2).map((scopeSpans) => ({
        spans: all(scopeSpans, 2).map((span) => ({
          traceId: hex(one(span, 1)),
          spanId: hex(one(span, 2)),
          parentSpanId: hex(one(span, 4)),
          name: text(one(span, 5)),
          kind: Number(one(span, 6) ?? 0),
          startTimeUnixNano: nanos(one(span, 7)),
          endTimeUnixNano: nanos(one(span, 8)),
          attributes: all(span, 9).map(keyValue),
          links: all(span, 13).map((link) => ({ traceId: hex(one(link, 1)), spanId: hex(one(link, 2)) })),
        })),
      })),
    })),
  };
}
