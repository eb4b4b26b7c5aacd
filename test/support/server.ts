import type { FastifyInstance } from "fastify";
import { loadConfig } from "../../src/config.js";
import { buildApp } from "../../src/http/app.js";
import { createTestDatabase, type TestDatabase } from "./database.js";

export interface TestServer {
  url: string;
  app: FastifyInstance;
  db: TestDatabase;
  close(): Promise<void>;
  /** fetch relative to the server, JSON in and out. */
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<TestResponse>;
  graphql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<{ data?: T; errors?: GraphQLErrorBody[] }>;
}

export interface GraphQLErrorBody {
  message: string;
  extensions?: { code?: string };
}

export interface TestResponse {
  status: number;
  headers: Headers;
  body: any;
}

/** The real gateway on a real HTTP port over a fresh database of its own (or a shared one: a second replica). */
export async function startTestServer(env: Record<string, string> = {}, shared?: TestDatabase): Promise<TestServer> {
  const db = shared ?? (await createTestDatabase());
  const app = await buildApp(loadConfig({ LOG_LEVEL: "silent", ...env }), db);
  await app.listen({ host: "127.0.0.1", port: 0 });
  const { port } = app.server.address() as { port: number };
  const url = `http://127.0.0.1:${port}`;
  const request = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const init: RequestInit = { method, headers: { ...headers } };
    if (body !== undefined) {
      init.body = typeof body === "string" ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)["content-type"] ??= "application/json";
    }
    const res = await fetch(`${url}${path}`, init);
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, headers: res.headers, body: parsed };
  };
  return {
    url,
    app,
    db,
    request,
    async graphql<T>(query: string, variables?: Record<string, unknown>) {
      const res = await request("POST", "/graphql", { query, variables });
      return res.body as { data?: T; errors?: GraphQLErrorBody[] };
    },
    async close() {
      await app.close();
      if (!shared) await db.close();
    },
  };
}
