import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

export interface ReceivedEvent {
  eventId: string;
  eventTime: string;
  eventType: string;
  event: Record<string, { id: string; [key: string]: unknown }>;
}

/** A real HTTP listener on loopback that records the TMF events POSTed to it. */
export async function startListener(respond: (event: ReceivedEvent, req: IncomingMessage) => Promise<number> | number = () => 201) {
  const received: ReceivedEvent[] = [];
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const event = JSON.parse(Buffer.concat(chunks).toString("utf8")) as ReceivedEvent;
    const status = await respond(event, req);
    if (status >= 200 && status < 300) received.push(event);
    res.writeHead(status).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/listener`,
    received,
    async waitFor(count: number, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`listener got ${received.length} of ${count} events`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
