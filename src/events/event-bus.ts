import type pg from "pg";
import { parseExact } from "../tmf/exact-json.js";
import { Listen } from "./listen.js";
import { EVENTS_CHANNEL } from "./outbox.js";

export interface BusEvent {
  id: string;
  eventType: string;
  resourceType: string;
  /** TMF JSON of the resource. */
  resource: Record<string, unknown>;
}

type Listener = (event: BusEvent) => void;

/**
 * Committed outbox events of the whole cluster, as they happen: fed by PostgreSQL LISTEN/NOTIFY,
 * so a subscriber on this replica sees changes made on any other. Feeds GraphQL subscriptions.
 */
export class EventBus {
  private readonly listeners = new Set<Listener>();
  private readonly listen: Listen;

  constructor(
    private readonly pool: pg.Pool,
    onError?: (err: Error) => void,
  ) {
    this.listen = new Listen(pool, EVENTS_CHANNEL, (eventId) => this.deliver(eventId), onError);
  }

  start(): Promise<void> {
    return this.listen.start();
  }

  stop(): Promise<void> {
    return this.listen.stop();
  }

  private deliver(eventId: string | undefined): void {
    if (!eventId || !this.listeners.size) return;
    void this.pool
      // As text, parsed exactly: money beyond a double's digits reaches subscribers exact.
      .query<BusEvent & { resource: string }>(`SELECT id, "eventType", "resourceType", resource::text AS resource FROM event WHERE id = $1`, [eventId])
      .then(({ rows }) => {
        const row = rows[0];
        if (!row) return;
        const event: BusEvent = { ...row, resource: parseExact(row.resource) as Record<string, unknown> };
        this.listeners.forEach((listener) => listener(event));
      })
      .catch(() => undefined);
  }

  /** The events accepted by `filter`, from now on, as an async iterator that unsubscribes on return. */
  iterate(filter: (event: BusEvent) => boolean): AsyncIterableIterator<BusEvent> {
    const queue: BusEvent[] = [];
    let waiting: ((result: IteratorResult<BusEvent>) => void) | undefined;
    let done = false;
    const listener: Listener = (event) => {
      if (!filter(event)) return;
      if (waiting) {
        waiting({ value: event, done: false });
        waiting = undefined;
      } else queue.push(event);
    };
    this.listeners.add(listener);
    const finish = () => {
      done = true;
      this.listeners.delete(listener);
      waiting?.({ value: undefined, done: true });
      return Promise.resolve({ value: undefined, done: true } as IteratorResult<BusEvent>);
    };
    return {
      next: () =>
        done
          ? Promise.resolve({ value: undefined, done: true })
          : queue.length
            ? Promise.resolve({ value: queue.shift()!, done: false })
            : new Promise((resolve) => (waiting = resolve)),
      return: finish,
      throw: finish,
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }
}
