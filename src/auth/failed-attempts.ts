import { LRUCache } from "lru-cache";
import { normalizeIP } from "@fastify/rate-limit";

export interface FailedAttemptsOptions {
  /** Failed authentications one address may make per window; 0 turns the guard off. */
  max: number;
  windowMs: number;
  /** Addresses remembered at once: the least recently failing one is forgotten beyond it. */
  capacity?: number;
}

interface Window {
  startedAt: number;
  failures: number;
}

/**
 * Counts failed authentications per client address, so that guessing credentials is bounded: once
 * an address has failed `max` times in a window (which starts at its first failure), it is blocked
 * until that window ends — every carrier asks `blocked` before it checks a credential, and reports
 * each refused one with `failed`. A success does not reset the count (a valid low-privilege key
 * would otherwise buy unlimited guesses at others). IPv6 addresses count per /64, the block one host
 * usually holds, and IPv4-mapped ones as IPv4 (@fastify/rate-limit's normalisation). Memory is
 * bounded: at most `capacity` addresses; the one whose last failure is the oldest is evicted first.
 */
export class FailedAttempts {
  private readonly windows: LRUCache<string, Window>;

  constructor(private readonly options: FailedAttemptsOptions) {
    this.windows = new LRUCache({ max: options.capacity ?? 10_000 });
  }

  get enabled(): boolean {
    return this.options.max > 0;
  }

  /** Milliseconds until this address may authenticate again; 0 when it may now. */
  blocked(address: string, now = Date.now()): number {
    if (!this.enabled) return 0;
    const window = this.current(normalizeIP(address), now);
    return window && window.failures >= this.options.max ? window.startedAt + this.options.windowMs - now : 0;
  }

  /** Records one refused credential from this address. */
  failed(address: string, now = Date.now()): void {
    if (!this.enabled) return;
    const key = normalizeIP(address);
    const window = this.current(key, now) ?? { startedAt: now, failures: 0 };
    window.failures++;
    this.windows.set(key, window);
  }

  /** Addresses currently remembered (for tests and metrics). */
  get size(): number {
    return this.windows.size;
  }

  private current(key: string, now: number): Window | undefined {
    const window = this.windows.peek(key); // a look does not make it recent: only a failure does
    if (window && window.startedAt + this.options.windowMs <= now) {
      this.windows.delete(key);
      return undefined;
    }
    return window;
  }
}
