import type { ApolloServerPlugin } from "@apollo/server";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type pg from "pg";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { ReplicaStatus } from "../db/read-replicas.js";

declare module "fastify" {
  interface FastifyInstance {
    /** The process's Prometheus metrics: other plugins add their own (Apollo's, the outbox's). */
    metrics: Metrics;
  }
}

/** Longest operation name used as a label as it is. */
const MAX_LABEL_LENGTH = 64;

const LATENCY_BUCKETS_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** Prometheus metrics of one gateway process, served on GET /metrics. */
export class Metrics {
  readonly registry = new Registry();
  private readonly httpDuration = new Histogram({
    name: "http_request_duration_seconds",
    help: "HTTP request latency by route, method and status",
    labelNames: ["method", "route", "status"],
    buckets: LATENCY_BUCKETS_SECONDS,
    registers: [this.registry],
  });
  private readonly httpErrors = new Counter({
    name: "http_errors_total",
    help: "HTTP responses with status >= 400, by route and status",
    labelNames: ["method", "route", "status"],
    registers: [this.registry],
  });
  private readonly graphqlOperations = new Histogram({
    name: "graphql_operation_duration_seconds",
    help: "GraphQL operations on /graphql by operation name, type and outcome",
    labelNames: ["operation", "type", "outcome"],
    buckets: LATENCY_BUCKETS_SECONDS,
    registers: [this.registry],
  });

  private readonly graphqlExecutions = new Counter({
    name: "graphql_executions_total",
    help: "Operations executed on /graphql, compiled (graphql-jit: a query seen before) or interpreted (graphql-js)",
    labelNames: ["mode"],
    registers: [this.registry],
  });

  private readonly graphqlFastPath = new Counter({
    name: "graphql_fast_path_total",
    help: "POST /graphql requests answered without Apollo's request pipeline: a query Apollo admitted before, sent again, run compiled",
    registers: [this.registry],
  });

  /** The operation names /metrics labels: known ones, then the first `maxOperationNames` others seen. */
  private readonly operationNames = new Set<string>();
  private readonly knownOperationNames = new Set<string>();

  constructor(
    pool: pg.Pool,
    private readonly maxOperationNames = 100,
  ) {
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: "db_pool_connections",
      help: "Database pool connections by state",
      labelNames: ["state"],
      registers: [this.registry],
      collect() {
        this.set({ state: "total" }, pool.totalCount);
        this.set({ state: "idle" }, pool.idleCount);
        this.set({ state: "waiting" }, pool.waitingCount);
      },
    });
  }

  /** Outbox backlog and delivery failures, read from the database at scrape time. */
  trackOutbox(pool: pg.Pool): void {
    new Gauge({
      name: "events_outbox",
      help: "Outbox: events not yet fanned out, deliveries pending, deliveries failed (given up)",
      labelNames: ["state"],
      registers: [this.registry],
      async collect() {
        // While the database is unreachable the gauge has no samples; the rest of /metrics still answers.
        this.reset();
        const rows = await pool
          .query<{ undispatched: string; pending: string; failed: string }>(
            `SELECT (SELECT count(*) FROM event WHERE NOT dispatched) AS undispatched,
                    (SELECT count(*) FROM delivery WHERE status = 'pending') AS pending,
                    (SELECT count(*) FROM delivery WHERE status = 'failed') AS failed`,
          )
          .then(
            (result) => result.rows,
            () => [],
          );
        for (const [state, value] of Object.entries(rows[0] ?? {})) this.set({ state }, Number(value));
      },
    });
  }

  /** The read replicas as the gateway sees them at their last probe: in use or skipped, and their replay lag. */
  trackReplicas(replicas: { status(): ReplicaStatus[] }): void {
    new Gauge({
      name: "db_read_replica_up",
      help: "1 while a read replica is in use (reachable, within DATABASE_READ_MAX_LAG_MS), 0 while it is skipped",
      labelNames: ["replica"],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const { name, usable } of replicas.status()) this.set({ replica: name }, usable ? 1 : 0);
      },
    });
    new Gauge({
      name: "db_read_replica_lag_seconds",
      help: "Replay lag of a read replica at its last probe (no sample while it is unreachable)",
      labelNames: ["replica"],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const { name, lagMs } of replicas.status()) if (!Number.isNaN(lagMs)) this.set({ replica: name }, lagMs / 1000);
      },
    });
  }

  /** Fetches of the token issuer's JWKS (JWT_JWKS_URL, OIDC_DISCOVERY), by outcome. */
  trackJwks(source: { jwksFetches(): { attempts: number; failures: number } }): void {
    new Gauge({
      name: "auth_jwks_fetches",
      help: "Fetches of the token issuer's JWKS since start: all attempts, and the failed ones",
      labelNames: ["outcome"],
      registers: [this.registry],
      collect() {
        const { attempts, failures } = source.jwksFetches();
        this.set({ outcome: "attempted" }, attempts);
        this.set({ outcome: "failed" }, failures);
      },
    });
  }

  /** Times every request (by route pattern, so ids do not explode the label set) and serves /metrics. */
  register(app: FastifyInstance): void {
    app.addHook("onResponse", async (request, reply) => {
      const labels = { method: request.method, route: request.routeOptions.url ?? "(unmatched)", status: String(reply.statusCode) };
      this.httpDuration.observe(labels, reply.elapsedTime / 1000);
      if (reply.statusCode >= 400) this.httpErrors.inc(labels);
    });
    app.get("/metrics", { config: { public: true } }, async (_request, reply) => reply.type(this.registry.contentType).send(await this.registry.metrics()));
  }

  /** Names that are always their own label (the trusted documents' operations). */
  knowOperationNames(names: Iterable<string>): void {
    for (const name of names) if (name.length <= MAX_LABEL_LENGTH) this.knownOperationNames.add(name);
  }

  /**
   * A client-chosen operation name as a label from a bounded set: a known name, or one of the first
   * `maxOperationNames` other names seen (at most MAX_LABEL_LENGTH characters), else "other". A
   * client inventing names adds no series past that bound.
   */
  operationLabel(name: string | null | undefined): string {
    if (!name) return "anonymous";
    if (this.knownOperationNames.has(name) || this.operationNames.has(name)) return name;
    if (name.length > MAX_LABEL_LENGTH || this.operationNames.size >= this.maxOperationNames) return "other";
    this.operationNames.add(name);
    return name;
  }

  /** Counts one execution of an operation on /graphql. */
  readonly executed = (mode: "compiled" | "interpreted"): void => this.graphqlExecutions.inc({ mode });

  /** Counts one request answered by the fast path of /graphql. */
  readonly fastPathAnswered = (): void => this.graphqlFastPath.inc();

  /** Times one operation on /graphql since `started` (performance.now()), its name as a bounded label. */
  operationDone(name: string | null | undefined, type: string | undefined, failed: boolean, started: number): void {
    this.graphqlOperations.observe(
      { operation: this.operationLabel(name), type: type ?? "unknown", outcome: failed ? "error" : "ok" },
      (performance.now() - started) / 1000,
    );
  }

  apolloPlugin(): ApolloServerPlugin {
    const done = (name: string | null | undefined, type: string | undefined, failed: boolean, started: number) =>
      this.operationDone(name, type, failed, started);
    return {
      async requestDidStart() {
        const started = performance.now();
        return {
          async willSendResponse({ operationName, operation, errors }) {
            done(operationName, operation?.operation, Boolean(errors?.length), started);
          },
        };
      },
    };
  }
}

/**
 * Metrics, registered first so that its onResponse hook times every request: decorates the app
 * with `metrics` and serves GET /metrics (public).
 */
export const metricsPlugin = fp<{ pool: pg.Pool; maxOperationNames: number }>(
  async (app, { pool, maxOperationNames }) => {
    const metrics = new Metrics(pool, maxOperationNames);
    app.decorate("metrics", metrics);
    metrics.register(app);
  },
  { name: "metrics", fastify: "5.x" },
);
