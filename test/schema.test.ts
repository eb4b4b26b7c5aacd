import { readdirSync, readFileSync } from "node:fs";
import { Kind, parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { getSchema, schemaSdl, subgraphSdl } from "../src/schema/schema.js";
import { RESOURCES } from "../src/modules/registry.js";

describe("graphql/schema.graphql", () => {
  it("is the SDL of the code-first schema (run `npm run schema:emit` after changing types)", async () => {
    const committed = readFileSync(new URL("../graphql/schema.graphql", import.meta.url), "utf8");
    expect(committed).toBe(await schemaSdl());
  });

  it("graphql/subgraph.graphql is the Federation 2 subgraph SDL _service serves: @link, and @key(id) on every resource of the registry", async () => {
    const committed = readFileSync(new URL("../graphql/subgraph.graphql", import.meta.url), "utf8");
    expect(committed).toBe(await subgraphSdl());
    expect(committed.split("\n")[0]).toBe('extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])');
    const keyed = [...committed.matchAll(/^type (\w+)(?: implements [\w &]+)? @key\(fields: "id"\) \{/gm)].map((m) => m[1]);
    expect(keyed.sort()).toEqual([...new Set(RESOURCES.map((r) => r.name))].sort());
    // The federation fields and types are the router's business, not part of the subgraph's SDL.
    expect(committed).not.toMatch(/_entities|_service|_Any|_Entity|_Service/);
    expect(await schemaSdl()).toMatch(/_entities\(\s*"""[^"]*"""\s*representations: \[_Any!\]!\s*\): \[_Entity\]!/);
  });

  it("names TMF meta attributes by the documented rule (@type → atType, @referredType → atReferredType)", async () => {
    const sdl = await schemaSdl();
    expect(sdl).toMatch(/type RelatedParty \{[^}]*atReferredType: String[^}]*atType: String/s);
    expect(sdl).not.toMatch(/^\s*@\w+\s*[:(]/m);
  });

  it("keeps the example operations in graphql/examples valid against the schema", async () => {
    const dir = new URL("../graphql/examples/", import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith(".graphql"));
    expect(files.length).toBeGreaterThanOrEqual(2);
    const names: string[] = [];
    for (const file of files) {
      const document = parse(readFileSync(new URL(file, dir), "utf8"));
      const errors = validate(await getSchema(), document);
      expect(errors.map((e) => `${file}: ${e.message}`)).toEqual([]);
      // Code generators (and trusted documents, metrics) need a name on every operation, unique over all files.
      for (const definition of document.definitions) {
        if (definition.kind === Kind.OPERATION_DEFINITION) names.push(definition.name?.value ?? `(anonymous in ${file})`);
      }
    }
    expect(names.filter((name) => name.startsWith("(anonymous"))).toEqual([]);
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
  });
});
