import { readdirSync, readFileSync } from "node:fs";
import { parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { getSchema, schemaSdl } from "../src/graphql/schema.js";

describe("graphql/schema.graphql", () => {
  it("is the SDL of the code-first schema (run `npm run schema:emit` after changing types)", async () => {
    const committed = readFileSync(new URL("../graphql/schema.graphql", import.meta.url), "utf8");
    expect(committed).toBe(await schemaSdl());
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
    for (const file of files) {
      const errors = validate(await getSchema(), parse(readFileSync(new URL(file, dir), "utf8")));
      expect(errors.map((e) => `${file}: ${e.message}`)).toEqual([]);
    }
  });
});
