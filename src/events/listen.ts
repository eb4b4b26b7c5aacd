import type pg from "pg";

/**
 * A LISTEN connection that survives its connection: if PostgreSQL drops it (restart, failover,
 * pg_terminate_backend), the error is reported instead of crashing the process, and it listens again
 * after a pause — missed notifications are only wake-ups; the outbox table is the truth.
 */
export class Listen {
  private client?: pg.PoolClient;
  private stopped = false;
  private retry?: NodeJS.Timeout;

  constructor(
    private readonly pool: pg.Pool,
    private readonly channel: string,
    private readonly onNotify: (payload: string | undefined) => void,
    private readonly onError: (err: Error) => void = () => undefined,
  ) {}

  async start(): Promise<void> {
    const client = await this.pool.connect();
    client.on("notification", (message) => {
      if (message.channel === this.channel) this.onNotify(message.payload);
    });
    client.on("error", (err) => {
      this.onError(err);
      client.release(err);
      if (this.client === client) this.client = undefined;
      if (!this.stopped) this.retry = setTimeout(() => void this.start().catch((e) => this.onError(e as Error)), 1000);
    });
    await client.query(`LISTEN ${this.channel}`);
    this.client = client;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    await client.query(`UNLISTEN ${this.channel}`).catch(() => undefined);
    client.release();
  }
}
