import { createServer } from "node:net";

/** A loopback TCP port free right now (for a peer the caller starts on it: PostgreSQL, PgBouncer, HAProxy). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
