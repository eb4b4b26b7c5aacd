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
  /** The partition of a partitioned resource's table it is in (see Outbox), else null. */
  partition: string | null;
}

type Listener = (event: BusEvent) => void;

/**
 * What a subscriber listens to: the events of one type, of every resource or of one — by its own
 * `id`, or by the `id` of the reference it names under `by` (a payment's `account`). An event is
 * handed only to the listeners of its topics (a few map look-ups), never offered to every one.
 * The events of a partitioned resource are a topic's of the same `partition` only (the subscriber's
 * deployment's): a topic without one never gets them.
 */
export interface Topic {
  eventType: string;
  by?: TopicKey;
  id?: string;
  partition?: string | null;
}

/** The attributes a topic may be keyed by. */
const TOPIC_KEYS = ["id", "account"] as const;
type TopicKey = (typeof TOPIC_KEYS)[number];

const topicKey = ({ eventType, by, id, partition }: Topic) => {
  const type = partition == null ? eventType : `${eventType}\n@${partition}`;
  return by && id !== undefined ? `${type}\n${by}\n${id}` : type;
};

function topicKeysOf(event: BusEvent): string[] {
  const { eventType, partition } = event;
  const keys = [topicKey({ eventType, partition })];
  for (const by of TOPIC_KEYS) {
    const value = by === "id" ? event.resource.id : (event.resource[by] as { id?: unknown } | undefined)?.id;
    if (typeof value === "string") keys.push(topicKey({ eventType, by, id: value, partition }));
  }
  return keys;
}

/** Ids of the events delivered lately, so a catch-up after a lost connection delivers each once. */
const RECENT_IDS = 20_000;
/** A catch-up reads the events from this long before the connection was found lost (clocks of two machines, a commit's delay). */
const CATCH_UP_MARGIN_MS = 10_000;
const CATCH_UP_MAX = 10_000;

const EVENT_COLUMNS = `id, "eventType", "resourceType", resource::text AS resource, partition`;

/**
 * Committed outbox events of the whole cluster, as they happen: fed by PostgreSQL LISTEN/NOTIFY,
 * so a subscriber on this replica sees changes made on any other. Feeds GraphQL subscriptions.
 * Notifications sent while the LISTEN connection is down (a restart, a failover: the new primary
 * never got them) are made good from the outbox once it listens again: the events committed since
 * shortly before the loss, less those already delivered.
 */
export class EventBus {
  /** Listeners by topic key; a key without listeners is removed. */
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly listen: Listen;
  private readonly recent = new Set<string>();
  private lostAt?: number;

  constructor(
    private readonly pool: pg.Pool,
    onError?: (err: Error) => void,
  ) {
    this.listen = new Listen(
      pool,
      EVENTS_CHANNEL,
      (eventId) => this.deliver(eventId),
      (err) => {
        this.lostAt ??= Date.now();
        onError?.(err);
      },
      () => this.catchUp(),
    );
  }

  start(): Promise<void> {
    return this.listen.start();
  }

  stop(): Promise<void> {
    return this.listen.stop();
  }

  private deliver(eventId: string | undefined): void {
    if (!eventId || !this.listeners.size) return;
    // As text, parsed exactly: money beyond a double's digits reaches subscribers exact.
    void this.emit(`SELECT ${EVENT_COLUMNS} FROM event WHERE id = $1`, [eventId]);
  }

  private catchUp(): void {
    const since = new Date((this.lostAt ?? Date.now()) - CATCH_UP_MARGIN_MS);
    this.lostAt = undefined;
    if (!this.listeners.size) return;
    void this.emit(`SELECT ${EVENT_COLUMNS} FROM event WHERE "eventTime" >= $1 ORDER BY seq LIMIT ${CATCH_UP_MAX}`, [since]);
  }

  /** Hands the events a query finds to the listeners, each event once. */
  private async emit(text: string, values: unknown[]): Promise<void> {
    const rows = await this.pool.query<BusEvent & { resource: string }>(text, values).then(
      (result) => result.rows,
      () => [],
    );
    for (const row of rows) {
      if (this.recent.has(row.id)) continue;
      this.recent.add(row.id);
      if (this.recent.size > RECENT_IDS) this.recent.delete(this.recent.values().next().value!);
      const event: BusEvent = { ...row, resource: parseExact(row.resource) as Record<string, unknown> };
      for (const key of topicKeysOf(event)) for (const listener of this.listeners.get(key) ?? []) listener(event);
    }
  }

  /** How many topics have listeners now. */
  get topics(): number {
    return this.listeners.size;
  }

  /** The events of these topics, from now on, as an async iterator that unsubscribes on return. */
  iterate(topics: readonly Topic[]): AsyncIterableIterator<BusEvent> {
    const queue: BusEvent[] = [];
    let waiting: ((result: IteratorResult<BusEvent>) => void) | undefined;
    let done = false;
    const keys = [...new Set(topics.map(topicKey))];
    const listener: Listener = (event) => {
      if (waiting) {
        waiting({ value: event, done: false });
        waiting = undefined;
      } else queue.push(event);
    };
    for (const key of keys) {
      const set = this.listeners.get(key) ?? new Set();
      this.listeners.set(key, set.add(listener));
    }
    const finish = () => {
      if (!done) {
        for (const key of keys) {
          const set = this.listeners.get(key);
          set?.delete(listener);
          if (set?.size === 0) this.listeners.delete(key);
        }
      }
      done = true;
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
