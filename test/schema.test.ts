import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { schemaSdl } from "../src/graphql/schema.js";

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
});
