import { getNamedType, isObjectType, type GraphQLSchema } from "graphql";
import pg from "pg";
import { ADVISORY_LOCKS, transactionOn } from "../db/transaction.js";
import type { Principal } from "../auth/principal.js";
import type { Context } from "../graphql/context.js";
import { partyRoleResource } from "../modules/party-role/party-role.resource.js";
import { RESOURCES } from "../modules/registry.js";
import { DEMO_STEPS, type DemoRef, type DemoStep } from "./demo-data.js";

/** Who creates the demo data: a principal with every scope, as the embedded development mode's. */
export const DEMO_PRINCIPAL: Principal = { id: "demo-data", scopes: ["*"], via: "anonymous" };

/** What the seeder runs its mutations with: the REST layer's in-process runner (RestTranslator.execute). */
export interface DemoRunner {
  schema: GraphQLSchema;
  execute(source: string, variables: Record<string, unknown>, context: Context): Promise<Record<string, unknown>>;
  context(principal: Principal): Context;
}

/**
 * Seeds the demo data (demo-data.ts) when the database holds no resource of the gateway at all, so
 * it never runs twice and never touches a data set of someone's. Each step is the GraphQL mutation
 * `create<kind>` run in-process, so every domain rule, balance and event holds as for a client.
 * Concurrent start-ups (replicas) seed once: the check and the seeding happen under a
 * transaction-scoped advisory lock, held on a connection of its own. Returns whether it seeded.
 */
export async function seedDemoData(databaseUrl: string, runner: DemoRunner): Promise<boolean> {
  const lock = new pg.Client({ connectionString: databaseUrl });
  await lock.connect();
  try {
    return await transactionOn(lock, async (_tx, client) => {
      await client.query("SELECT pg_advisory_xact_lock($1)", [ADVISORY_LOCKS.demoData]);
      if (await holdsResources(client)) return false;
      await createAll(runner);
      return true;
    });
  } finally {
    await lock.end().catch(() => undefined); // a transaction still open ends with its connection
  }
}

/** Whether any table of a resource the gateway serves has a row (but its party roles, which the gateway seeds itself at start). */
async function holdsResources(client: pg.ClientBase): Promise<boolean> {
  const tables = [...new Set(RESOURCES.filter((resource) => resource !== partyRoleResource).map((resource) => resource.storage.table))];
  const exists = tables.map((table) => `EXISTS (SELECT 1 FROM ${pg.escapeIdentifier(table)})`).join(" OR ");
  const { rows } = await client.query<{ held: boolean }>(`SELECT ${exists} AS held`);
  return rows[0]!.held;
}

async function createAll(runner: DemoRunner): Promise<void> {
  const ids = new Map<string, string>();
  const context = runner.context(DEMO_PRINCIPAL);
  for (const step of DEMO_STEPS) {
    const mutation = `create${step.kind}`;
    const variables = { input: withIds(step.input, ids), ...(step.idempotencyKey && { idempotencyKey: step.idempotencyKey }) };
    let data: Record<string, unknown>;
    try {
      data = await runner.execute(createDocument(runner.schema, step), variables, context);
    } catch (err) {
      throw new Error(`demo data: ${mutation} of "${step.step}" failed: ${(err as Error).message}`);
    }
    const created = data[mutation] as { id: string; state?: string; stateReason?: string };
    if (created.state === "rejected") throw new Error(`demo data: ${mutation} of "${step.step}" was rejected: ${created.stateReason}`);
    ids.set(step.step, created.id);
  }
}

/** `create<kind>` with the step's arguments as variables, typed as the schema types them; tasks say their state. */
function createDocument(schema: GraphQLSchema, step: DemoStep): string {
  const field = schema.getMutationType()?.getFields()[`create${step.kind}`];
  if (!field) throw new Error(`demo data: the schema has no mutation create${step.kind}`);
  const args = field.args.filter((arg) => arg.name === "input" || (arg.name === "idempotencyKey" && step.idempotencyKey));
  const declared = args.map((arg) => `$${arg.name}: ${arg.type.toString()}`).join(", ");
  const passed = args.map((arg) => `${arg.name}: $${arg.name}`).join(", ");
  const type = getNamedType(field.type);
  const selection = isObjectType(type) && "stateReason" in type.getFields() ? "id state stateReason" : "id";
  return `mutation Demo${step.kind}(${declared}) { create${step.kind}(${passed}) { ${selection} } }`;
}

/** The value with every ref replaced by the id of its step. */
export function withIds(value: unknown, ids: ReadonlyMap<string, string>): unknown {
  if (Array.isArray(value)) return value.map((item) => withIds(item, ids));
  if (value === null || typeof value !== "object") return value;
  const step = (value as Partial<DemoRef>).demoRef;
  if (step !== undefined) {
    const id = ids.get(step);
    if (!id) throw new Error(`demo data: "${step}" is referred to before it is created`);
    return id;
  }
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withIds(item, ids)]));
}
