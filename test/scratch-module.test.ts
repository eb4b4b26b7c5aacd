import "reflect-metadata";
import type { FastifyInstance } from "fastify";
import { Field, ID, InputType, ObjectType } from "type-graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { buildApp } from "../src/http/app.js";
import type { ResourceDescription } from "../src/resource/description.js";
import type { AppRegistry } from "../src/schema/schema.js";
import { Extensible } from "../src/tmf/extensible.type.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { startListener } from "./support/listener.js";

// Adding a resource is its module and one registry line: a module defined here (a type, a
// description, a table) registered in a registry of its own gets its GraphQL queries and mutations,
// its REST routes, its API's hub and its events, with no other line anywhere. It
// borrows TMF666's BillFormat contract (the swaggers are the project's), under an API of its own.

const SCRATCH_API = { basePath: "/tmf-api/scratchManagement/v4", contract: "TMF666-Account-v4.0.0.swagger.json", scope: "scratch" };
const DOC = "A scratch module's resource";

@InputType("BillFormatInput", { description: DOC })
@ObjectType({ simpleResolvers: true, description: DOC })
class ScratchAttributes extends Extensible {
  @Field(() => String, { nullable: true, description: "Its name" }) name?: string | null;
  @Field(() => String, { nullable: true, description: "What it is" }) description?: string | null;
}

@ObjectType("BillFormat", { simpleResolvers: true, description: DOC })
class Scratch extends ScratchAttributes {
  @Field(() => ID, { description: "Its id" }) id!: string;
}

const scratchResource: ResourceDescription<Scratch> = {
  name: "BillFormat",
  type: Scratch,
  api: SCRATCH_API,
  collection: "billFormat",
  operations: {
    create: { input: ScratchAttributes, description: "Creates one" },
    update: { patch: ScratchAttributes, description: "Patches one" },
    delete: { description: "Deletes one" },
  },
  mandatory: ["name"],
  storage: { table: "scratch_format", indexed: ["name"] },
  events: { create: true, delete: true },
};

/** The scratch module's one registry line; no parts, no hand-written resolvers. */
const REGISTRY: AppRegistry = { resources: [{ resource: scratchResource }], parts: [], resolvers: [] };

const TABLE = `
  CREATE TABLE scratch_format (
    id uuid PRIMARY KEY, name text NOT NULL, description text, "atType" text, "atBaseType" text, "atSchemaLocation" text,
    "createdAt" timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP);
  CREATE INDEX ON scratch_format ("createdAt", id);
  CREATE INDEX ON scratch_format (name);`;

let db: TestDatabase;
let app: FastifyInstance;
let url: string;

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${url}${path}`, {
    method,
    ...(body !== undefined && { body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

beforeAll(async () => {
  db = await createTestDatabase();
  await db.pool.query(TABLE);
  const config = loadConfig({ LOG_LEVEL: "silent", AUTH: "false", EVENTS_CALLBACK_ALLOW: "*", EVENTS_POLL_MS: "50", EVENTS_RETRY_BASE_MS: "50" });
  app = await buildApp(config, db, REGISTRY);
  await app.listen({ host: "127.0.0.1", port: 0 });
  url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe("a resource registered in a scratch module", () => {
  it("gets its GraphQL queries and mutations, beside the hub's and Node (and nothing of the gateway's own registry)", async () => {
    const { body } = await call("POST", "/graphql", { query: "{ __schema { queryType { fields { name } } mutationType { fields { name } } } }" });
    const names = (root: { fields: { name: string }[] }) => root.fields.map((f) => f.name).sort();
    expect(names(body.data.__schema.queryType)).toEqual(
      expect.arrayContaining(["billFormat", "billFormats", "billFormatsConnection", "billFormatsCount", "listener", "node"]),
    );
    expect(names(body.data.__schema.mutationType)).toEqual(
      expect.arrayContaining(["createBillFormat", "updateBillFormat", "deleteBillFormat", "registerListener"]),
    );
    expect(names(body.data.__schema.queryType)).not.toContain("customer");
    const created = await call("POST", "/graphql", { query: `mutation { createBillFormat(input: { name: "by GraphQL" }) { id name href } }` });
    expect(created.body.data.createBillFormat).toMatchObject({
      name: "by GraphQL",
      href: expect.stringMatching(/\/tmf-api\/scratchManagement\/v4\/billFormat\/[0-9a-f-]{36}$/),
    });
  });

  it("gets its REST routes: POST, GET by id and list, PATCH, DELETE", async () => {
    const path = `${SCRATCH_API.basePath}/billFormat`;
    const created = await call("POST", path, { name: "by REST", description: "first" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "by REST", description: "first", href: `${url}${path}/${created.body.id}` });
    expect((await call("GET", `${path}/${created.body.id}`)).body.name).toBe("by REST");
    expect((await call("GET", `${path}?name=by REST`)).body.map((r: { id: string }) => r.id)).toEqual([created.body.id]);
    expect((await call("PATCH", `${path}/${created.body.id}`, { description: "second" })).body.description).toBe("second");
    expect((await call("POST", path, { description: "no name" })).status).toBe(400);
    expect((await call("DELETE", `${path}/${created.body.id}`)).status).toBe(204);
    expect((await call("GET", `${path}/${created.body.id}`)).status).toBe(404);
  });

  it("gets its API's hub, and its events reach a listener registered there", async () => {
    const listener = await startListener();
    try {
      const hub = await call("POST", `${SCRATCH_API.basePath}/hub`, { callback: listener.url });
      expect(hub.status).toBe(201);
      const created = await call("POST", `${SCRATCH_API.basePath}/billFormat`, { name: "watched" });
      await call("DELETE", `${SCRATCH_API.basePath}/billFormat/${created.body.id}`);
      // Only this resource's: events of the tests before may still be on their way to the new hub.
      const mine = async () => (await listener.waitFor(2)).filter((e) => e.event.billFormat?.id === created.body.id);
      const deadline = Date.now() + 10_000;
      while ((await mine()).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const events = await mine();
      expect(events.map((e) => e.eventType)).toEqual(["BillFormatCreateEvent", "BillFormatDeleteEvent"]);
      expect(events[0]!.event.billFormat).toMatchObject({ id: created.body.id, name: "watched" });
    } finally {
      await listener.close();
    }
  });
});
