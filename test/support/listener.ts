import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

export interface ReceivedEvent {
  eventId: string;
  eventTime: string;
  eventType: string;
  event: Record<string, { id: string; [key: string]: unknown }>;
}

export interface ListenerOptions {
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** Port to listen on (default: a free one). */
  port?: number;
}

const rawTexts = new WeakMap<ReceivedEvent, string>();

/** The body of a received event exactly as it arrived (to compare its JSON text, numbers as written). */
export const rawTextOf = (event: ReceivedEvent): string => rawTexts.get(event)!;

/** A real HTTP listener on loopback that records the TMF events POSTed to it. */
export async function startListener(
  respond: (event: ReceivedEvent, req: IncomingMessage) => Promise<number> | number = () => 201,
  options: ListenerOptions = {},
) {
  const received: ReceivedEvent[] = [];
  /** Every request as it arrives (before the answer), with its arrival time (Date.now()). */
  const arrivals: { event: ReceivedEvent; at: number }[] = [];
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const event = JSON.parse(text) as ReceivedEvent;
    rawTexts.set(event, text);
    arrivals.push({ event, at: Date.now() });
    const status = await respond(event, req);
    if (status >= 200 && status < 300) received.push(event);
    res.writeHead(status).end();
  });
  return listening(server, options, { received, arrivals });
}

/**
 * A listener that answers every event with `status` and then a body of `bytes` bytes, streamed with
 * backpressure (so this process never holds more than a chunk of it). `written` counts what the
 * socket accepted; `aborted` how many answers the client cut short by closing the connection.
 */
export async function startHugeAnswerListener(status: number, bytes: number, options: ListenerOptions = {}) {
  const received: ReceivedEvent[] = [];
  const arrivals: { event: ReceivedEvent; at: number }[] = [];
  const stats = { written: 0, aborted: 0, completed: 0 };
  const chunk = Buffer.alloc(64 * 1024, "x");
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const part of req) chunks.push(part as Buffer);
    const event = JSON.parse(Buffer.concat(chunks).toString("utf8")) as ReceivedEvent;
    arrivals.push({ event, at: Date.now() });
    if (status >= 200 && status < 300) received.push(event);
    res.writeHead(status, { "content-type": "application/octet-stream", "content-length": String(bytes) });
    let closed = false;
    res.on("close", () => (closed = true));
    let left = bytes;
    while (left > 0 && !closed) {
      const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
      left -= piece.length;
      stats.written += piece.length;
      if (!res.write(piece)) {
        await new Promise<void>((resolve) => {
          const done = () => {
            res.off("drain", done);
            res.off("close", done);
            resolve();
          };
          res.on("drain", done);
          res.on("close", done);
        });
      }
    }
    if (closed || left > 0) stats.aborted++;
    else {
      stats.completed++;
      res.end();
    }
  });
  return { ...(await listening(server, options, { received, arrivals })), stats };
}

async function listening(
  server: ReturnType<typeof createServer>,
  options: ListenerOptions,
  state: { received: ReceivedEvent[]; arrivals: { event: ReceivedEvent; at: number }[] },
) {
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as { port: number };
  const { received } = state;
  return {
    url: `http://${host}:${port}/listener`,
    port,
    received,
    arrivals: state.arrivals,
    async waitFor(count: number, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`listener got ${received.length} of ${count} events`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return received;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
