import "reflect-metadata";
import { isObjectType, type GraphQLField, type GraphQLResolveInfo, type GraphQLSchema } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { ANONYMOUS_PRINCIPAL } from "../../src/auth/principal.js";
import { RESOURCES } from "../../src/modules/registry.js";
import { operationNames } from "../../src/resource/description.js";
import { getSchema } from "../../src/schema/schema.js";

// Every field derived from a description is declared through one builder, which checks the field's
// scope before its resolver runs — the by-id read and the navigations (plain resolvers set on the
// built schema) as much as the lists and mutations type-graphql calls. Called without any scope,
// each one is refused before it reads anything (the context has no services to read with).

const context = { principal: ANONYMOUS_PRINCIPAL, baseUrl: "http://gateway" };

async function refusal(field: GraphQLField<unknown, unknown>, args: Record<string, unknown> = {}) {
  try {
    await field.resolve!({ id: "00000000-0000-0000-0000-000000000000" }, args, context, { fieldNodes: [] } as unknown as GraphQLResolveInfo);
    return "resolved";
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
}

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await getSchema();
}, 60_000);

describe("the scope of every derived field", () => {
  it("by id, lists, connections, counts and mutations of every resource: FORBIDDEN without the API's scope", async () => {
    const roots = { ...schema.getQueryType()!.getFields(), ...schema.getMutationType()!.getFields() };
    const derived = RESOURCES.flatMap((r) => {
      const names = operationNames(r);
      return [names.one, names.list, `${names.list}Connection`, names.count, names.create, names.update, names.delete, names.patch].filter((n) => n in roots);
    });
    expect(derived.length).toBeGreaterThan(RESOURCES.length * 4);
    const outcomes = Object.fromEntries(await Promise.all(derived.map(async (name) => [name, await refusal(roots[name]!, { id: "x" })])));
    expect(Object.entries(outcomes).filter(([, outcome]) => outcome !== "FORBIDDEN")).toEqual([]);
  });

  it("every navigation: FORBIDDEN without the scope of what it returns; an href needs none", async () => {
    const navigations = Object.values(schema.getTypeMap())
      .filter(isObjectType)
      .flatMap((type) => Object.values(type.getFields()).filter((f) => f.extensions?.navigation));
    expect(navigations.length).toBeGreaterThan(20);
    const outcomes = await Promise.all(navigations.map(async (f) => [f.name, await refusal(f, { offset: 0, limit: 5 })]));
    expect(outcomes.filter(([, outcome]) => outcome !== "FORBIDDEN")).toEqual([]);
    const customer = schema.getType("Customer");
    expect(isObjectType(customer) && (await refusal(customer.getFields().href!))).toBe("resolved");
  });
});
