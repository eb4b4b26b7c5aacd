import { readFileSync } from "node:fs";
import { isObjectType, type GraphQLObjectType } from "graphql";
import { describe, expect, it } from "vitest";
import { possibleTypes, typePolicies } from "../graphql/clients/apollo.js";
import { getDataID, schemaConfig } from "../graphql/clients/relay.js";
import { keys } from "../graphql/clients/urql.js";
import { clientConfigFiles } from "../src/graphql/client-config.js";
import { getSchema } from "../src/schema/schema.js";
import { RESOURCES } from "../src/modules/registry.js";

describe("graphql/clients (the GraphQL clients' cache configuration)", () => {
  it("is what the schema generates (run `npm run schema:emit` after changing types)", async () => {
    const files = clientConfigFiles(await getSchema());
    expect(Object.keys(files).sort()).toEqual(["apollo.ts", "relay.ts", "urql.ts"]);
    for (const [file, text] of Object.entries(files)) {
      expect(readFileSync(new URL(`../graphql/clients/${file}`, import.meta.url), "utf8"), file).toBe(text);
    }
  });

  it("makes every resource of the registry a Node and nothing else; keeps every other object with an id out of the entities", async () => {
    const schema = await getSchema();
    const roots = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]);
    const objects = Object.values(schema.getTypeMap()).filter((t): t is GraphQLObjectType => isObjectType(t) && !t.name.startsWith("__") && !roots.has(t));
    const nodes = objects.filter((t) => t.getInterfaces().some((i) => i.name === "Node")).map((t) => t.name);
    expect(nodes.sort()).toEqual(RESOURCES.map((r) => r.name).sort());
    expect([...possibleTypes.Node!].sort()).toEqual(nodes);
    // The references that made default caches merge different things: an `id` that is not theirs.
    const withId = objects.filter((t) => t.getFields().id && !nodes.includes(t.name)).map((t) => t.name);
    expect(withId).toEqual(expect.arrayContaining(["RelatedParty", "AccountRef", "PaymentMethodRefOrValue"]));
    for (const name of objects.map((t) => t.name).filter((n) => !nodes.includes(n))) {
      expect(typePolicies[name], name).toEqual({ keyFields: false });
      expect(keys[name]?.({} as never), name).toBeNull();
    }
    for (const name of nodes) expect([typePolicies[name], keys[name]], name).toEqual([undefined, undefined]);
  });

  it("gives Relay the nodeId as its data id, and no id to other records (Relay then derives one from the path)", () => {
    expect(schemaConfig).toEqual({ nodeInterfaceIdField: "nodeId", nodeInterfaceIdVariableName: "nodeId" });
    expect(getDataID({ id: "c1", nodeId: "Q3VzdG9tZXI6YzE" })).toBe("Q3VzdG9tZXI6YzE");
    expect(getDataID({ id: "c1", role: "payer" })).toBeUndefined();
  });
});
