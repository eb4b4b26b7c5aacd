// The dispatcher workers' scheduling: waking idle workers, counting deliveries in flight, the retry backoff.

/** Idle workers waiting for work; a wake-up given while none waits is kept for the next one. */
export class Waiters {
  private queue: (() => void)[] = [];
  private token = false;

  wait(): Promise<void> {
    if (this.token) {
      this.token = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.queue.push(resolve));
  }

  one(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.token = true;
  }

  all(): void {
    const queue = this.queue;
    this.queue = [];
    for (const resolve of queue) resolve();
  }
}

export function take(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

export function release(counts: Map<string, number>, key: string): void {
  const n = (counts.get(key) ?? 1) - 1;
  if (n > 0) counts.set(key, n);
  else counts.delete(key);
}

/**
 * The wait before attempt `attempts + 1`: exponential from `baseDelayMs`, capped at `maxDelayMs`,
 * with jitter (half to all of it) so that the retries of many deliveries spread out.
 */
export function retryDelay(attempts: number, options: { baseDelayMs: number; maxDelayMs: number }, random = Math.random()): number {
  return Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempts - 1)) * (0.5 + random / 2);
}
