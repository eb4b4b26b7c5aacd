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
    /** Called each time the channel is listened to again after its connection was lost. */
    private readonly onRelisten: () => void = () => undefined,
  ) {}

  private lost = false;

  async start(): Promise<void> {
    const client = await this.pool.connect();
    if (this.stopped) return client.release(); // stopped while connecting
    this.client = client;
    client.on("notification", (message) => {
      if (message.channel === this.channel) this.onNotify(message.payload);
    });
    client.on("error", (err) => {
      if (this.client !== client) return; // handed back to the pool already: the pool deals with it
      this.client = undefined;
      this.lost = true;
      this.onError(err);
      client.release(err);
      this.scheduleRetry();
    });
    try {
      await client.query(`LISTEN ${this.channel}`);
      if (this.lost) {
        this.lost = false;
        this.onRelisten();
      }
    } catch (err) {
      if (this.client === client) {
        this.client = undefined;
        client.release(err as Error);
      }
      throw err;
    }
  }

  /**
   * One retry at a time: a connection lost during LISTEN is reported both as an `error` event and as
   * the failed query, and two retries would each take a connection, one of them never released.
   */
  private scheduleRetry(): void {
    if (this.stopped || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.start().catch((err) => {
        this.onError(err as Error);
        this.scheduleRetry();
      });
    }, 1000);
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
