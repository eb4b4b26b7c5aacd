import { readdirSync, readFileSync } from "node:fs";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { CONTROLLER_ROLE, goldenOf, ODA_COMPONENTS, odaComponent, odaComponentV1beta3, PARTY_ROLE_PATH } from "../../scripts/oda-component.js";
import { SECURITY_FUNCTION, servedResources } from "../../src/modules/components.js";
import { RESOURCES } from "../../src/modules/registry.js";

// Every ODA Component the gateway renders, checked against the Component CRD's v1 and v1beta3 schemas
// (test/fixtures, from tmforum-oda/oda-canvas) and against what TM Forum's component conformance kits
// check of a component against its golden component (specs/oda/TMFC0*.yaml): id, name, version,
// type and functional block; every exposed API of the golden component there with its resources and
// their operations; the dependent APIs; a security function exposing the party-role API (TMF669)
// and naming the controller role, listed among the roles, each role once. TM Forum's June 2026
// golden-component report requires TMF666 and TMF678 in v5.0.0 beside v4.0.0.

type Api = { id?: string; name: string; version?: string; path?: string; required?: boolean; resources?: Record<string, string[]>[] };
type V1Api = Api & { specification: { url: string; version?: string; apiType: string }[] };

const validatorOf = (version: string) => {
  const crd = JSON.parse(readFileSync(`test/fixtures/oda-component-crd-${version}.json`, "utf8")) as { openAPIV3Schema: object };
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addFormat("url", { type: "string", validate: (value: string) => URL.canParse(value) });
  return ajv.compile(crd.openAPIV3Schema);
};
const validators = { v1: validatorOf("v1"), v1beta3: validatorOf("v1beta3") };

/** A golden component's operation, as ours are written: "GET / id" and an item's "PATCH" (TMFC029) are "GET /id" and "PATCH /id". */
const normalized = (method: string) => {
  const m = method.replace(/\s+\/\s*id$/, " /id").trim();
  return ["PATCH", "DELETE"].includes(m) ? `${m} /id` : m;
};
const lower = (name: string) => name[0]!.toLowerCase() + name.slice(1);
/** The resources of an exposed API, by collection name (the golden components write some capitalized). */
const resourcesOf = (api: Api) => new Map((api.resources ?? []).flatMap((r) => Object.entries(r)).map(([name, methods]) => [lower(name), methods]));
/** The API versions the June 2026 report requires beside the yamls' v4.0.0. */
const V5_REQUIRED: Record<string, string[]> = { TMFC024: ["TMF666"], TMFC030: ["TMF678"], TMFC031: ["TMF678"] };

describe("ODA Components", () => {
  it("cover the registry: every resource served by exactly one component, or by all (the security function's)", () => {
    const served = [...ODA_COMPONENTS.flatMap((c) => c.resources), ...SECURITY_FUNCTION].map((r) => r.name).sort();
    expect(served).toEqual(RESOURCES.map((r) => r.name).sort());
    expect(new Set(ODA_COMPONENTS.map((c) => c.id)).size).toBe(ODA_COMPONENTS.length);
  });

  it("are selected by ODA_COMPONENT ids, in any case; an unknown id is a configuration error", () => {
    expect(servedResources([])).toBeUndefined();
    expect(servedResources(["tmfc031"])!.map((r) => r.name)).toEqual(["AppliedCustomerBillingRate", ...SECURITY_FUNCTION.map((r) => r.name)]);
    expect(servedResources(["TMFC030", "TMFC031"])!.map((r) => r.name)).toContain("CustomerBill");
    expect(() => servedResources(["TMFC024", "TMFC666"])).toThrow(/TMFC666/);
  });
});

describe.each(ODA_COMPONENTS.map((c) => [c.id, c] as const))("ODA Component %s", (id, component) => {
  const v1 = odaComponent(component) as { apiVersion: string; spec: Record<string, any> };
  const v1beta3 = odaComponentV1beta3(component) as { apiVersion: string; spec: Record<string, any> };
  const golden = goldenOf(id);

  it("is valid against the Component CRD v1 and v1beta3 (the version the component kits accept)", () => {
    expect(validators.v1(v1), JSON.stringify(validators.v1.errors)).toBe(true);
    expect(validators.v1beta3(v1beta3), JSON.stringify(validators.v1beta3.errors)).toBe(true);
    expect(v1beta3.apiVersion).toBe("oda.tmforum.org/v1beta3");
    // The schemas are real: an API type neither version knows is refused by both.
    expect(validators.v1({ ...v1, spec: { ...v1.spec, coreFunction: { exposedAPIs: [{ name: "x", specification: [{ apiType: "graphql" }] }] } } })).toBe(false);
    expect(validators.v1beta3({ ...v1beta3, spec: { ...v1beta3.spec, coreFunction: { exposedAPIs: [{ name: "x", apiType: "mcp" }] } } })).toBe(false);
  });

  it("names its golden component: id, name, version, functional block (or is a custom one); its maintainers and owners", () => {
    const metadata = v1.spec.componentMetadata;
    // TM Forum's component kit (L1) requires both lists, each contact named.
    for (const rendered of [metadata, v1beta3.spec] as Record<string, { name?: string }[]>[]) {
      for (const list of [rendered.maintainers, rendered.owners]) {
        expect(list?.length).toBeGreaterThan(0);
        for (const contact of list!) expect(contact.name).toMatch(/\S/);
      }
    }
    if (!golden) {
      expect(component.custom).toBeDefined();
      expect(id).not.toMatch(/^TMFC\d+$/);
      expect(metadata).toMatchObject({ id, name: component.custom!.name, functionalBlock: component.custom!.functionalBlock });
      return;
    }
    for (const rendered of [metadata, v1beta3.spec]) {
      expect(rendered).toMatchObject({
        id: golden.id,
        name: golden.name,
        version: golden.version,
        functionalBlock: golden.functionalBlock,
        status: golden.status,
      });
    }
  });

  it("exposes every API of its golden component with each of its resources and operations, v4 and (where required) v5", () => {
    if (!golden) return;
    for (const [version, exposed] of [
      ["v1", (v1.spec.coreFunction.exposedAPIs as V1Api[]).map((api) => ({ ...api, version: api.specification[0]!.version }))],
      ["v1beta3", v1beta3.spec.coreFunction.exposedAPIs as Api[]],
    ] as const) {
      for (const wanted of golden.coreFunction.exposedAPIs) {
        const api = exposed.find((a) => a.id === wanted.id && a.version === wanted.version);
        expect(api, `${version}: ${wanted.id} ${wanted.version}`).toBeDefined();
        expect(api!.required).toBe(true);
        const resources = resourcesOf(api!);
        for (const [name, methods] of resourcesOf(wanted)) {
          expect(resources.get(name), `${version}: ${wanted.id} ${name}`).toBeDefined();
          expect(resources.get(name), `${version}: ${wanted.id} ${name}`).toEqual(expect.arrayContaining(methods.map(normalized)));
        }
        if (V5_REQUIRED[id]?.includes(wanted.id)) {
          const v5 = exposed.find((a) => a.id === wanted.id && a.version === "v5.0.0");
          expect(v5, `${version}: ${wanted.id} v5.0.0`).toBeDefined();
          const later = resourcesOf(v5!);
          for (const name of resourcesOf(wanted).keys()) expect(later.get(name), `${version}: ${wanted.id} v5 ${name}`).toContain("GET /id");
        }
      }
    }
  });

  it("depends on the APIs its golden component depends on, required as there", () => {
    const dependencies = (apis: Api[]) => apis.map((d) => `${d.id} ${d.version} ${d.required}`).sort();
    const wanted = dependencies(golden?.coreFunction.dependentAPIs ?? []);
    expect(dependencies((v1.spec.coreFunction.dependentAPIs as V1Api[]).map((d) => ({ ...d, version: d.specification[0]!.version })))).toEqual(wanted);
    expect(dependencies(v1beta3.spec.coreFunction.dependentAPIs)).toEqual(wanted);
  });

  it("publishes the events of each API it exposes on that API's hub, and exposes its metrics", () => {
    const openapi = (v1.spec.coreFunction.exposedAPIs as V1Api[]).filter((api) => api.specification[0]!.apiType === "openapi");
    const hubs = v1.spec.eventNotification.publishedEvents.map((e: { specification: { hub: string }[] }) => e.specification[0]!.hub);
    expect(hubs.sort()).toEqual(openapi.map((api) => `${api.path}/hub`).sort());
    expect(v1beta3.spec.eventNotification.publishedEvents.map((e: { hub: string }) => e.hub).sort()).toEqual(hubs);
    for (const spec of [v1.spec, v1beta3.spec])
      expect(spec.managementFunction.exposedAPIs[0]).toMatchObject({ name: "metrics", apiType: "prometheus", path: "/metrics" });
  });

  it("exposes its MCP server beside its REST APIs (v1: the only version with apiType mcp)", () => {
    expect((v1.spec.coreFunction.exposedAPIs as V1Api[]).filter((api) => api.specification[0]!.apiType === "mcp").map((api) => api.path)).toEqual(["/mcp"]);
  });

  it("has a security function: the TMF669 party-role API, the controller role among its roles, each role once", () => {
    const golden669 = { id: "TMF669", version: "v4.0.0" };
    const v1Security = v1.spec.securityFunction;
    const partyRole = (v1Security.exposedAPIs as V1Api[]).find((api) => api.name === "partyrole")!;
    expect(partyRole).toMatchObject({ id: golden669.id, path: PARTY_ROLE_PATH, required: true });
    expect(partyRole.specification[0]).toMatchObject({ version: golden669.version, apiType: "openapi" });
    expect(v1beta3.spec.securityFunction.exposedAPIs).toEqual([
      expect.objectContaining({ name: "partyrole", ...golden669, path: PARTY_ROLE_PATH, apiType: "openapi" }),
    ]);
    if (golden) expect(golden.securityFunction.exposedAPIs.map((api) => `${api.id} ${api.version}`)).toEqual([`${golden669.id} ${golden669.version}`]);

    expect(v1Security.canvasSystemRole).toBe(CONTROLLER_ROLE);
    expect(v1beta3.spec.securityFunction.controllerRole).toBe(CONTROLLER_ROLE);
    const roles = (v1Security.componentRole as { name: string }[]).map((r) => r.name);
    expect(roles).toContain(CONTROLLER_ROLE);
    expect(new Set(roles).size).toBe(roles.length);
    const scopes = [...new Set(component.resources.map((r) => r.api.scope))];
    for (const scope of scopes) expect(roles).toEqual(expect.arrayContaining([`${scope}:read`, `${scope}:write`]));
  });
});

describe("the CTK's placement of kits (ctk/tools/components.mjs)", () => {
  it("runs every kit under the components serving its paths, and a party-role kit under every component", async () => {
    const { kitPaths, kitPlacement, readComponents } = await import("../../ctk/tools/components.mjs");
    const components = readComponents("deploy/kubernetes/components");
    expect(components.map((c) => c.id).sort()).toEqual(ODA_COMPONENTS.map((c) => c.id).sort());
    const placed = (paths: string[]) => kitPlacement(components, paths);
    const kits = readdirSync("ctk").filter((f) => f.endsWith(".postman_collection.json"));
    for (const kit of kits) expect(placed(kitPaths(`ctk/${kit}`)).components.length, kit).toBeGreaterThan(0);
    expect(placed(kitPaths("ctk/TMF629-Customer.postman_collection.json")).components.map((c) => c.id)).toEqual(["X-TMF629"]);
    // Its own paths first: the setup's customer and billing account come from other components.
    expect(placed(kitPaths("ctk/TMF676-Payment.postman_collection.json")).components[0]!.id).toBe("TMFC029");
    expect(placed(["/tmf-api/customerBillManagement/v4/appliedCustomerBillingRate"]).components.map((c) => c.id)).toEqual(["TMFC031"]);
    const partyRole = placed([`${PARTY_ROLE_PATH}/partyRole`]);
    expect(partyRole.every).toBe(true);
    expect(partyRole.components).toHaveLength(ODA_COMPONENTS.length);
  });
});
