import { readdirSync, readFileSync, statSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { RESOURCES } from "../src/modules/registry.js";
import { restOf, restVersionsOf } from "../src/resource/description.js";

// Every resource of the registry against the official swagger of its API, shipped in specs/.
interface Swagger {
  basePath: string;
  paths: Record<string, Record<string, unknown>>;
  definitions: Record<string, { required?: string[] }>;
}
const swagger = (file: string) => JSON.parse(readFileSync(`specs/${file}`, "utf8")) as Swagger;

// A contract that is a folder is a CTK schema set (TMF670): checked below against its JSON schemas.
const isSchemaSet = (file: string) => statSync(`specs/${file}`).isDirectory();

describe.each(RESOURCES.filter((r) => !isSchemaSet(r.api.contract)).map((r) => [r.name, r] as const))("%s against its swagger", (_name, resource) => {
  const contract = swagger(resource.api.contract);

  // TMF676 v4 writes its base path without the /tmf-api prefix the other three (and the CTK) use.
  it("lives at the swagger's base path, under /tmf-api", () => {
    expect(resource.api.basePath).toBe(`/tmf-api${contract.basePath.replace(/^\/tmf-api/, "").replace(/\/$/, "")}`);
    expect(Object.keys(contract.paths)).toContain(`/${resource.collection}`);
  });

  // TMF678 v4 has no CustomerBill_Create: creating bills is this gateway's documented extension,
  // so its mandatory list has no swagger to match.
  if (contract.definitions[`${resource.name}_Create`])
    it("enforces the swagger's _Create.required as its mandatory attributes", () => {
      expect([...resource.mandatory].sort()).toEqual([...(contract.definitions[`${resource.name}_Create`]!.required ?? [])].sort());
    });

  it("offers through REST only methods the swagger defines, or the documented extensions", () => {
    const rest = restOf(resource);
    const methods = new Set([
      ...Object.keys(contract.paths[`/${resource.collection}`] ?? {}).map((m) => `collection ${m}`),
      ...Object.keys(contract.paths[`/${resource.collection}/{id}`] ?? {}).map((m) => `item ${m}`),
    ]);
    const offered = [
      "collection get",
      ...(rest.mutations.create ? ["collection post"] : []),
      "item get",
      ...(rest.mutations.update ? ["item patch"] : []),
      ...(rest.mutations.delete ? ["item delete"] : []),
    ];
    // The README's documented extensions: billing and rating systems record bills, rates and cycles.
    const extensions = ["CustomerBill", "AppliedCustomerBillingRate", "BillCycle"].includes(resource.name) ? ["collection post"] : [];
    expect(offered.filter((m) => !methods.has(m))).toEqual(extensions);
  });
});

// A later version of an API (TMF629 v5) against its OpenAPI contract: served at its server URL,
// creates holding what its _FVO requires.
interface OpenApi {
  servers: { url: string }[];
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, { required?: string[]; allOf?: { $ref?: string; required?: string[] }[] }> };
}
const versions = RESOURCES.flatMap((resource) =>
  (resource.versions ?? []).map((version) => [`${resource.name} ${version.api.basePath}`, resource, version] as const),
);

describe.each(versions)("%s against its OpenAPI contract", (_name, resource, version) => {
  const contract = parseYaml(readFileSync(`specs/${version.api.contract}`, "utf8")) as OpenApi;
  const required = (name: string): string[] => {
    const schema = contract.components.schemas[name]!;
    return [...(schema.required ?? []), ...(schema.allOf ?? []).flatMap((part) => (part.$ref ? required(part.$ref.split("/").pop()!) : (part.required ?? [])))];
  };

  it("lives at the contract's server URL (one naming no path: the model's, with the version's)", () => {
    const path = new URL(contract.servers[0]!.url.replace("{apiRoot}", "https://host")).pathname.replace(/\/$/, "");
    const major = `v${(contract as unknown as { info: { version: string } }).info.version.split(".")[0]}`;
    expect(version.api.basePath).toBe(path || resource.api.basePath.replace(/\/v\d+$/, `/${major}`));
    expect(Object.keys(contract.paths)).toContain(`/${resource.collection}`);
  });

  it("offers the model's operations its contract defines, and no other (no extension)", () => {
    const rest = restVersionsOf(resource).find((r) => r.basePath === version.api.basePath)!;
    const has = (path: string, method: string) => Boolean(contract.paths[path]?.[method]);
    const [collection, item] = [`/${resource.collection}`, `/${resource.collection}/{id}`];
    const { create, update, delete: remove } = resource.operations;
    expect(Boolean(rest.mutations.create)).toBe(Boolean(create) && has(collection, "post"));
    expect(Boolean(rest.mutations.update)).toBe(Boolean(update) && has(item, "patch"));
    expect(Boolean(rest.mutations.delete)).toBe(Boolean(remove) && has(item, "delete"));
  });

  it.runIf(contract.paths[`/${resource.collection}`]?.post)("enforces what _FVO requires: the model's mandatory attributes, and @type", () => {
    expect([...new Set(required(`${resource.name}_FVO`))]).toEqual(expect.arrayContaining([...resource.mandatory, "@type"]));
  });
});

// A resource whose contract is the schema set TM Forum's CTK ships (TMF670): the resource's schema
// and one per @type. The CTK reaches it at /tmf-api/<api>/v4/<resource> (specs/README.md).
describe.each(RESOURCES.filter((r) => isSchemaSet(r.api.contract)).map((r) => [r.name, r] as const))("%s against its CTK schema set", (_name, resource) => {
  const dir = `specs/${resource.api.contract}`;
  const read = (file: string) => JSON.parse(readFileSync(`${dir}/${file}`, "utf8")) as { required?: string[]; properties: Record<string, { enum?: string[] }> };
  const own = read(`${resource.name}.schema.json`);

  it("lives at /tmf-api/<api>/v4, its collection the resource's name", () => {
    expect(resource.api.basePath).toMatch(/^\/tmf-api\/[A-Za-z]+\/v4$/);
    expect(resource.collection).toBe(resource.name[0]!.toLowerCase() + resource.name.slice(1));
  });

  it("enforces the resource schema's required list: its mandatory attributes, and @type where it requires one", () => {
    const typed = (own.required ?? []).includes("@type") ? ["@type"] : [];
    expect([...resource.mandatory, ...typed].sort()).toEqual([...(own.required ?? [])].sort());
  });

  // TMF670's set has a schema per @type; TMF669's (PartyRole) none.
  const subtypes = readdirSync(dir).flatMap((file) => new RegExp(`^${resource.name}-(\\w+)\\.schema\\.json$`).exec(file)?.[1] ?? []);
  it.runIf(subtypes.length)("every @type with a schema of its own is one the resource schema's @type enum names", () => {
    expect(own.properties["@type"]!.enum).toEqual(expect.arrayContaining(subtypes));
  });
});
