import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { startTestServer, type TestServer } from "./support/server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

describe("operability", () => {
  it("reports liveness and readiness (database reachable, migrations applied)", async () => {
    expect((await server.request("GET", "/health")).body).toEqual({ status: "ok" });
    expect(await server.request("GET", "/ready")).toMatchObject({ status: 200, body: { status: "ready" } });
  });

  it("exposes Prometheus metrics: request latency by route, errors, GraphQL operations, pool usage", async () => {
    await server.request("GET", "/tmf-api/customerManagement/v4/customer");
    await server.request("GET", "/tmf-api/customerManagement/v4/customer/404ID");
    await server.request("POST", "/graphql", { query: "query PortalCount { customersCount }", operationName: "PortalCount" });
    const res = await fetch(`${server.url}/metrics`);
    expect(res.headers.get("content-type")).toContain("text/plain");
    const text = await res.text();
    expect(text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/tmf-api\/customerManagement\/v4\/customer",status="200"\} [1-9]/);
    expect(text).toMatch(/http_errors_total\{method="GET",route="\/tmf-api\/customerManagement\/v4\/customer\/:id",status="404"\} 1/);
    expect(text).toMatch(/graphql_operation_duration_seconds_count\{operation="PortalCount",type="query",outcome="ok"\} 1/);
    expect(text).toMatch(/db_pool_connections\{state="total"\} \d+/);
    expect(text).toContain("process_resident_memory_bytes");
  });
});

describe("docker-compose.yml", () => {
  const compose = parse(readFileSync(new URL("../docker-compose.yml", import.meta.url), "utf8"));

  it("runs the gateway against a postgres service with health checks and a volume", () => {
    expect(Object.keys(compose.services).sort()).toEqual(["gateway", "postgres"]);
    const { gateway, postgres } = compose.services;
    expect(postgres.image).toMatch(/^postgres:\d+/);
    expect(postgres.volumes[0]).toMatch(/^pgdata:\/var\/lib\/postgresql\/data$/);
    expect(Object.keys(compose.volumes)).toContain("pgdata");
    expect(postgres.healthcheck.test.join(" ")).toContain("pg_isready");
    expect(gateway.build).toBe(".");
    expect(gateway.depends_on.postgres.condition).toBe("service_healthy");
    expect(gateway.healthcheck.test.join(" ")).toContain("/ready");
    expect(gateway.ports).toContain("8080:8080");
  });

  it("configures the gateway validly for production, pointing at the postgres service", () => {
    const env = compose.services.gateway.environment;
    const url = new URL(env.DATABASE_URL);
    expect(url.hostname).toBe("postgres");
    expect(url.username).toBe(compose.services.postgres.environment.POSTGRES_USER);
    expect(url.pathname).toBe(`/${compose.services.postgres.environment.POSTGRES_DB}`);
    const config = loadConfig(env);
    expect(config).toMatchObject({ databaseUrl: env.DATABASE_URL, port: 8080, production: true });
    expect(config.auth.enabled).toBe(true);
    expect(config.auth.apiKeys.length).toBeGreaterThan(0);
  });

  it("has a multi-stage Dockerfile running as a non-root user with production dependencies only", () => {
    const dockerfile = readFileSync(new URL("../Dockerfile", import.meta.url), "utf8");
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK /m);
    // Every stage on one Node major, no older than the oldest the engines field admits.
    const majors = [...dockerfile.matchAll(/^FROM node:(\d+)-/gm)].map((m) => Number(m[1]));
    const oldest = Number(/>=\s*(\d+)/.exec(JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).engines.node)![1]);
    expect(new Set(majors).size).toBe(1);
    expect(majors[0]).toBeGreaterThanOrEqual(oldest);
  });
});
