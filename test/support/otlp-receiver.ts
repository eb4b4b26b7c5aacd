import { createServer, type IncomingMessage } from "node:http";

/**
 * A real OTLP/HTTP receiver on loopback: hands each export's body and request to `received`, and
 * answers 200 as a collector does. `endpoint` is what OTEL_EXPORTER_OTLP_ENDPOINT takes.
 */
export async function startOtlpReceiver(received: (body: Buffer, request: IncomingMessage) => void) {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    received(Buffer.concat(chunks), req);
    res.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** `bytes` random bytes as lower-case hex (a trace or span id of a caller's traceparent). */
export const randomHex = (bytes: number) => Buffer.from(crypto.getRandomValues(new Uint8Array(bytes))).toString("hex");
