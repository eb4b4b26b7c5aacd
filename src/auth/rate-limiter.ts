import { normalizeIP } from "@fastify/rate-limit";
import { LRUCache } from "lru-cache";

import type { Principal } from "./principal.js";

/** What a caller is counted by: its principal, or its address (an IPv6 one by its /64) when it presented no credential. */
export function rateKeyOf(principal: Principal | undefined, address: string): string {
  return principal && principal.via !== "anonymous" ? `${principal.via}:${principal.id}` : `address:${normalizeIP(address)}`;
}

/** A key's count in its current window, and the milliseconds until that window ends. */
export interface RateCount {
  current: number;
  ttl: number;
}

type Counted = (err: Error | null, count: RateCount) => void;

/** The store interface of `@fastify/rate-limit`. */
export interface RateStore {
  incr(key: string, callback: Counted): void;
  read(key: string, callback: Counted): void;
  child(): RateStore;
}

/** Keys tracked at once (principals and client addresses); the least recently seen is forgotten first. */
const TRACKED_KEYS = 10_000;

/**
 * The one rate limit of the gateway: requests per fixed window per key (a principal's id, or a
 * client address without one), counted the same whichever carrier an operation arrives on — each
 * HTTP request, and each operation on a WebSocket. Memory is bounded whatever keys clients make up.
 */
export class RateLimiter {
  private readonly windows = new LRUCache<string, { count: number; start: number }>({ max: TRACKED_KEYS });

  constructor(
    readonly max: number,
    readonly windowMs: number,
  ) {}

  /** Counts one request of `key`: its count in the window (over `max`: refuse it) and the window's time left. */
  hit(key: string, now = Date.now()): RateCount {
    let window = this.windows.get(key);
    if (!window || window.start + this.windowMs <= now) {
      window = { count: 0, start: now };
      this.windows.set(key, window);
    }
    window.count += 1;
    return { current: window.count, ttl: window.start + this.windowMs - now };
  }

  /** The same without counting. */
  read(key: string, now = Date.now()): RateCount {
    const window = this.windows.get(key, { updateAgeOnGet: false });
    if (!window || window.start + this.windowMs <= now) return { current: 0, ttl: 0 };
    return { current: window.count, ttl: window.start + this.windowMs - now };
  }

  /**
   * As a store of `@fastify/rate-limit` (which instantiates the class it is given, and makes a
   * child per route): every instance and child counts in this limiter.
   */
  asStore(): new () => RateStore {
    const store: RateStore = {
      incr: (key, callback) => callback(null, this.hit(key)),
      read: (key, callback) => callback(null, this.read(key)),
      child: () => store,
    };
    // A constructor that returns an object yields that object from `new`.
    return function SharedStore() {
      return store;
    } as unknown as new () => RateStore;
  }
}
