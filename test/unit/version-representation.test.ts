import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RESOURCES } from "../../src/modules/registry.js";
import { restVersionsOf } from "../../src/resource/description.js";
import { conform, showable, type SchemaPlan } from "../../src/resource/schema-plan.js";
import { VersionRepresenter } from "../../src/resource/version-representation.js";
import { hrefMover, moveHrefs } from "../../src/resource/version-hrefs.js";
import { representerOf, toVersion, versionPlan, type VersionPlan } from "../../src/resource/versions.js";
import type { RestResource } from "../../src/tmf/rest-resource.js";

// A later API version's representation is made in one pass (src/resource/version-representation.ts).
// The oracle here is what the pass fuses, step after step, each a copy: the reshaped attributes read
// the version's way (renamed ones after the others), the contract's conform, showable, the
// extensions where the model has them, the hrefs moved. Models: representations the v5 tests
// (tmf629/666/678.v5, v5-bodies) made the gateway serve, captured as the representer received them
// (test/fixtures/v5-models.json), and seeded mutants of them (attributes left out or null, other
// @types — subclasses, references, unknown names, not strings —, hrefs added at any depth, the
// version's name of a renamed attribute used by the model).

type Json = Record<string, unknown>;
const MODELS = JSON.parse(readFileSync(new URL("../fixtures/v5-models.json", import.meta.url), "utf8")) as Record<string, Json[]>;

function stepByStep(version: VersionPlan, rest: RestResource, model: Json, whole: boolean, hrefs = true): Json {
  const { projection, contract, extensions } = version;
  const shaped: Json = { ...model };
  for (const [name, shape] of Object.entries(projection.reshaped)) {
    if (shaped[name] === undefined) continue;
    const value = shaped[name] === null ? null : shape.read(shaped[name]);
    if (shape.as) delete shaped[name];
    shaped[shape.as ?? name] = value;
  }
  const conformed = conform(contract.representation, shaped) as Json;
  const shown = whole ? (showable(contract.representation, conformed) as Json) : conformed;
  const out: Json = {};
  if (extensions.size) {
    for (const [name, value] of Object.entries(shaped)) {
      if (name in shown) out[name] = shown[name];
      else if (extensions.has(name)) out[name] = value;
    }
  }
  Object.assign(out, shown);
  const modelBase = rest.version!.modelCollection.slice(0, -`/${rest.collection}`.length);
  const move = hrefs ? hrefMover(modelBase, rest.basePath, rest.contract) : undefined;
  return move ? (moveHrefs(out, 0, move) as Json) : out;
}

/** A deterministic pseudo-random mutant of `model`. */
function mutant(model: Json, seed: number): Json {
  let state = seed;
  const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const TYPES = ["EmailContactMedium", "PhoneContactMedium", "ContactMedium", "PartyRef", "PartyRoleRef", "Unknown", "BillFormatRef", "BillFormat"];
  const MORE_TYPES = ["AttachmentRef", "Attachment", "StringCharacteristic", "Characteristic", "Customer", "BillingAccount", 42];
  const HREFS = ["customerManagement/v4/customer", "accountManagement/v4/billingAccount", "accountManagement/v4/billFormat", "other/v1/thing"];
  const change = (value: unknown, depth: number): unknown => {
    if (Array.isArray(value)) return value.filter(() => random() > 0.15).map((item) => change(item, depth + 1));
    if (value === null || typeof value !== "object") return value;
    const out: Json = {};
    for (const [key, item] of Object.entries(value)) {
      const r = random();
      if (r < 0.08 && depth > 0) continue;
      out[key] = r < 0.12 ? null : change(item, depth + 1);
    }
    if (random() < 0.2) out["@type"] = pick([...TYPES, ...MORE_TYPES]);
    if (random() < 0.2) out.href = `http://gateway.example/tmf-api/${pick(HREFS)}/1?x=1`;
    if (random() < 0.1) out.value = { nested: { href: "http://gateway.example/tmf-api/accountManagement/v4/billFormat/1", "@type": "PartyRef" } };
    if (random() < 0.05) out.lastUpdate = "2026-01-01T00:00:00.000Z";
    return out;
  };
  return change(model, 0) as Json;
}

/** Every version of a resource served in several, the model's own included (its events' payloads are made so, and its JSON Patches apply to it). */
const versions = RESOURCES.flatMap((resource) => {
  const rests = restVersionsOf(resource);
  return rests.length > 1 ? rests.map((rest) => ({ resource, rest })) : [];
});

describe("a later version's representation, in one pass", () => {
  it("covers every resource served in a later version, with models of each", () => {
    expect(versions.length).toBeGreaterThanOrEqual(24);
    for (const { resource } of versions) expect(MODELS[resource.name]?.length, resource.name).toBeGreaterThan(0);
  });

  for (const { resource, rest } of versions) {
    it(`${resource.name} at ${rest.basePath}: what the steps make, byte for byte (whole, and as fields select; hrefs moved, and not)`, () => {
      const version = versionPlan(rest.version!.projection);
      const models = MODELS[resource.name] ?? [];
      const all = [...models, ...models.flatMap((model, i) => Array.from({ length: 25 }, (_, k) => mutant(model, 7919 * i + k + 1)))];
      for (const whole of [true, false]) {
        const represent = representerOf(rest, whole);
        for (const model of all) {
          const expected = JSON.stringify(stepByStep(version, rest, structuredClone(model), whole));
          expect(JSON.stringify(represent(structuredClone(model)))).toBe(expected);
          // toVersion (JSON Patch's document): the same, its hrefs the model's.
          const unmoved = JSON.stringify(stepByStep(version, rest, structuredClone(model), whole, false));
          expect(JSON.stringify(toVersion(version, structuredClone(model), whole))).toBe(unmoved);
        }
      }
    });
  }

  it("completes and leaves out what a contract requiring more would refuse, as showable does (no v5 contract requires @referredType)", () => {
    const leaf: SchemaPlan = { properties: new Map(), requiresType: false, required: [] };
    const reference: SchemaPlan = {
      name: "PartyRef",
      properties: new Map(["id", "name", "@type", "@referredType", "href"].map((key) => [key, leaf])),
      requiresType: false,
      required: ["id", "@referredType"],
    };
    const representation: SchemaPlan = {
      name: "Thing",
      properties: new Map<string, SchemaPlan>([
        ...["id", "href", "@type", "name"].map((key) => [key, leaf] as const),
        ["owner", reference],
        ["parties", reference],
        ["helper", reference],
      ]),
      requiresType: true,
      required: ["id", "owner"],
    };
    const move = (href: string) => href.replace("/v4/", "/v5/");
    const models: Json[] = [
      { id: "1", owner: { id: "p", "@type": "PartyRef" }, parties: [{ id: "a", "@type": "PartyRef" }, { name: "no id" }, { id: "b", "@referredType": "Org" }] },
      { id: "2", name: "x", owner: { name: "no id", href: "/v4/p" }, helper: { name: "no id" }, extra: { href: "/v4/e" }, plus: 1 },
      { id: "3", owner: { id: "p", "@type": "PartyRef", "@referredType": null, href: "/v4/p" }, helper: { id: "h", "@type": "Ref" }, "@type": "Other" },
    ];
    for (const whole of [true, false]) {
      const fused = new VersionRepresenter({ representation, reshaped: {}, extensions: new Set(["extra"]), move }, whole);
      for (const model of models) {
        const conformed = conform(representation, model) as Json;
        const shown = (whole ? showable(representation, conformed) : conformed) as Json;
        const expected: Json = {};
        for (const [name, value] of Object.entries(model)) {
          if (name in shown) expected[name] = shown[name];
          else if (name === "extra") expected[name] = value;
        }
        expect(JSON.stringify(fused.represent(model))).toBe(JSON.stringify(moveHrefs(Object.assign(expected, shown), 0, move)));
      }
    }
    // What the cases above are about, said once.
    const made = new VersionRepresenter({ representation, reshaped: {}, extensions: new Set(), move }, true).represent(models[0]!);
    expect(made).toEqual({
      id: "1",
      owner: { id: "p", "@type": "PartyRef", "@referredType": "Party" },
      parties: [
        { id: "a", "@type": "PartyRef", "@referredType": "Party" },
        { id: "b", "@referredType": "Org" },
      ],
      "@type": "Thing",
    });
  });

  it("leaves the model as it was", () => {
    const rest = versions.find(({ resource, rest }) => resource.name === "Customer" && rest.basePath.endsWith("/v5"))!.rest;
    for (const model of MODELS.Customer!) {
      const before = JSON.stringify(model);
      representerOf(rest)(model);
      expect(JSON.stringify(model)).toBe(before);
    }
  });
});
