import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createOperationDescriptor, Environment, fetchQuery, Network, RecordSource, Store, type ConcreteRequest, type GraphQLResponse } from "relay-runtime";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDataID, schemaConfig } from "../graphql/clients/relay.js";
import { startTestServer, type TestServer } from "./support/server.js";

// Relay over HTTP against the running gateway: the operations compiled by the real relay-compiler
// against graphql/schema.graphql with graphql/clients/relay.ts's schemaConfig, run by relay-runtime.
const require = createRequire(import.meta.url);
let server: TestServer;
let dir: string;
let customer: { id: string; nodeId: string };
let accounts: [string, string];

const SOURCES = `
graphql\`query relayTwoAccountsQuery($a: ID!, $b: ID!) {
  a: billingAccount(id: $a) { nodeId id relatedParty { id name role } }
  b: billingAccount(id: $b) { nodeId id relatedParty { id name role } }
}\`;
graphql\`fragment relayCustomer on Customer @refetchable(queryName: "relayCustomerRefetchQuery") { id name }\`;
`;

async function must<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
  const res = await server.graphql<T>(query, variables);
  if (!res.data || res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

/** The relay-compiler's artifact of an operation, as relay-runtime loads it. */
const artifact = (name: string) => require(join(dir, "src", "__generated__", `${name}.graphql.js`)) as ConcreteRequest;

function environment(shipped: boolean) {
  const network = Network.create(async (params, variables) => {
    const res = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: params.text, variables }),
    });
    return (await res.json()) as GraphQLResponse;
  });
  return new Environment({ network, store: new Store(new RecordSource()), ...(shipped && { getDataID }) });
}

async function read<T>(env: Environment, request: ConcreteRequest, variables: Record<string, unknown>): Promise<T> {
  await fetchQuery(env, request, variables).toPromise();
  return env.lookup(createOperationDescriptor(request, variables).fragment).data as T;
}

beforeAll(async () => {
  server = await startTestServer();
  customer = (
    await must<{ createCustomer: typeof customer }>(
      `mutation { createCustomer(input: { name: "Relay Customer", engagedParty: { id: "relay-party", atReferredType: "Individual" } }) { id nodeId } }`,
    )
  ).createCustomer;
  const account = async (role: string) =>
    (
      await must<{ createBillingAccount: { id: string } }>(`mutation ($input: BillingAccountInput!) { createBillingAccount(input: $input) { id } }`, {
        input: { name: `Relay ${role}`, relatedParty: [{ id: customer.id, name: "Relay Customer", role, atReferredType: "Customer" }] },
      })
    ).createBillingAccount.id;
  accounts = [await account("customer"), await account("payer")];

  dir = mkdtempSync(join(tmpdir(), "relay-"));
  mkdirSync(join(dir, "src", "__generated__"), { recursive: true });
  copyFileSync(new URL("../graphql/schema.graphql", import.meta.url), join(dir, "schema.graphql"));
  writeFileSync(join(dir, "src", "relay.js"), SOURCES);
  const config = {
    src: "./src",
    schema: "./schema.graphql",
    language: "javascript",
    artifactDirectory: "./src/__generated__",
    eagerEsModules: false,
    schemaConfig,
  };
  writeFileSync(join(dir, "relay.config.json"), JSON.stringify(config));
  execFileSync(require("relay-compiler") as string, [], { cwd: dir, timeout: 60_000, stdio: "pipe" });
  vi.spyOn(console, "warn").mockImplementation(() => {}); // Relay's development warnings, unconfigured
});
afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

type Accounts = { a: { relatedParty: { id: string; role: string }[] }; b: { relatedParty: { id: string; role: string }[] } };
const roles = (data: Accounts) => [data.a.relatedParty[0]!.role, data.b.relatedParty[0]!.role];

describe("Relay (relay-compiler + relay-runtime)", () => {
  it("with graphql/clients/relay.ts: two accounts naming one customer in two roles keep their roles", async () => {
    const data = await read<Accounts>(environment(true), artifact("relayTwoAccountsQuery"), { a: accounts[0], b: accounts[1] });
    expect(roles(data)).toEqual(["customer", "payer"]);
    expect(data.a.relatedParty[0]!.id).toBe(customer.id);
  });

  it("with Relay's default data id (`id`, global), the two references are one record: the roles are wrong", async () => {
    const data = await read<Accounts>(environment(false), artifact("relayTwoAccountsQuery"), { a: accounts[0], b: accounts[1] });
    expect(roles(data)).toEqual(["payer", "payer"]);
  });

  it("refetches a fragment through node(nodeId:), the query relay-compiler generates, into the record of that nodeId", async () => {
    const env = environment(true);
    const refetch = artifact("relayCustomerRefetchQuery");
    expect(refetch.params.text).toContain("node(nodeId: $nodeId)");
    await fetchQuery(env, refetch, { nodeId: customer.nodeId }).toPromise();
    const record = env.getStore().getSource().get(customer.nodeId);
    expect(record).toMatchObject({ __typename: "Customer", id: customer.id, nodeId: customer.nodeId, name: "Relay Customer" });
  });
});
