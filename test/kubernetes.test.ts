import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Secret } from "kubernetes-models/v1/Secret";
import { Service } from "kubernetes-models/v1/Service";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments, parse } from "yaml";
import { COMPONENTS_DIR, componentFileOf, ODA_COMPONENTS, odaComponent, odaComponentV1beta3, slugOf } from "../scripts/oda-component.js";
import { loadConfig, SHUTDOWN_BOUND_MS } from "../src/config.js";
import { SECURITY_FUNCTION } from "../src/modules/components.js";
import { startTestServer, type TestServer } from "./support/server.js";

// deploy/kubernetes and the overlay of each ODA Component (deploy/kubernetes/components/<id>/, v1, and
// its v1beta3/), assembled by `kubectl kustomize` (offline), validated against the Kubernetes schemas
// (kubernetes-models) and the ODA Canvas' Component CRD v1 and v1beta3 (their openAPIV3Schema, brought
// in as test/fixtures/oda-component-crd-<version>.json from tmforum-oda/oda-canvas).

type Manifest = { apiVersion: string; kind: string; metadata: { name: string }; [key: string]: unknown };

const kustomize = (dir: string): Manifest[] =>
  parseAllDocuments(execFileSync("kubectl", ["kustomize", dir], { encoding: "utf8" })).map((d) => d.toJSON() as Manifest);
const assembled = kustomize("deploy/kubernetes");
const byKind = (kind: string, manifests = assembled) => manifests.find((m) => m.kind === kind) as Manifest & Record<string, any>;
/** Each component's overlays, by Component apiVersion. */
const overlays = ODA_COMPONENTS.flatMap((component) =>
  (["v1", "v1beta3"] as const).map((version) => {
    const dir = path.join(COMPONENTS_DIR, slugOf(component), version === "v1" ? "" : version);
    return { component, version, dir, manifests: kustomize(dir) };
  }),
);

const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  Deployment,
  Service,
  ConfigMap,
  Secret,
  HorizontalPodAutoscaler,
  PodDisruptionBudget,
};

/** The variables of the Configuration table (docs/configuration.md). */
const readmeVariables = () => {
  const table = readFileSync("docs/configuration.md", "utf8").split("\nTests read")[0]!;
  return [
    ...new Set(
      table
        .split("\n")
        .filter((l) => l.startsWith("| `"))
        .flatMap((l) => [...l.split("|")[1]!.matchAll(/`([A-Z_]+)`/g)].map((m) => m[1]!)),
    ),
  ];
};
/** For the embedded development PostgreSQL only. */
const EMBEDDED_ONLY = ["DATA_DIR", "EMBEDDED_PG_PORT"];

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

describe("Kubernetes manifests", () => {
  it("assemble with kubectl kustomize into valid Kubernetes objects", () => {
    expect(assembled.map((m) => m.kind).sort()).toEqual(["ConfigMap", "Deployment", "HorizontalPodAutoscaler", "PodDisruptionBudget", "Secret", "Service"]);
    for (const manifest of [...assembled, ...overlays.flatMap((o) => o.manifests)].filter((m) => m.kind !== "Component")) {
      expect(() => new MODELS[manifest.kind]!(manifest as never).validate(), `${manifest.kind} ${manifest.metadata.name}`).not.toThrow();
    }
    // The validation is real: a wrong type is refused.
    const broken = structuredClone(byKind("Deployment"));
    broken.spec.replicas = "two";
    expect(() => new Deployment(broken as never).validate()).toThrow();
  });

  it("run the gateway as it expects: probes, non-root, a grace that covers its shutdown, the Service's port", () => {
    const deployment = byKind("Deployment");
    const pod = deployment.spec.template.spec;
    const container = pod.containers[0];
    expect(container.livenessProbe.httpGet.path).toBe("/health");
    expect(container.readinessProbe.httpGet.path).toBe("/ready");
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } });
    expect(container.resources.requests).toBeDefined();
    const preStopSeconds = Number(container.lifecycle.preStop.exec.command[1]);
    expect(pod.terminationGracePeriodSeconds * 1000).toBeGreaterThan(preStopSeconds * 1000 + SHUTDOWN_BOUND_MS);
    const service = byKind("Service");
    expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
    expect(byKind("PodDisruptionBudget").spec.selector.matchLabels).toEqual(deployment.spec.selector.matchLabels);
    expect(byKind("HorizontalPodAutoscaler").spec.scaleTargetRef.name).toBe(deployment.metadata.name);
    expect(byKind("HorizontalPodAutoscaler").spec.minReplicas).toBeGreaterThanOrEqual(2);
  });

  it("the ConfigMap and the Secret hold every documented variable, and the gateway's configuration accepts them", () => {
    const configMap = byKind("ConfigMap").data as Record<string, string>;
    const secret = byKind("Secret").stringData as Record<string, string>;
    const held = [...Object.keys(configMap), ...Object.keys(secret)];
    expect(new Set(held).size).toBe(held.length);
    expect([...held, ...EMBEDDED_ONLY].sort()).toEqual(readmeVariables().sort());
    const config = loadConfig({ ...configMap, ...secret });
    expect(config).toMatchObject({
      production: true,
      port: 8080,
      auth: { enabled: true },
      graphql: { trustedDocuments: true, introspection: false },
      explorer: { mode: "off" },
    });
  });
});

const validator = (version: "v1" | "v1beta3") => {
  const crd = JSON.parse(readFileSync(`test/fixtures/oda-component-crd-${version}.json`, "utf8")) as { group: string; kind: string; openAPIV3Schema: object };
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addFormat("url", { type: "string", validate: (value: string) => URL.canParse(value) });
  return { crd, validate: ajv.compile(crd.openAPIV3Schema) };
};

describe.each(overlays)("ODA Component $component.id ($version): its overlay", ({ component, version, dir, manifests }) => {
  it("is valid against the ODA Canvas' Component CRD, and is what the registry makes (npm run deploy:component)", () => {
    const { crd, validate } = validator(version);
    const rendered = byKind("Component", manifests);
    expect(rendered.apiVersion).toBe(`${crd.group}/${version}`);
    expect(rendered.kind).toBe(crd.kind);
    expect(validate(rendered), JSON.stringify(validate.errors)).toBe(true);
    // The validation is real: a wrong type is refused.
    const core = version === "v1" ? { exposedAPIs: [{ name: "x", specification: [{ apiType: "soap" }] }] } : { exposedAPIs: [{ name: "x", apiType: "soap" }] };
    expect(validate({ ...rendered, spec: { ...rendered.spec, coreFunction: core } })).toBe(false);
    const made = version === "v1" ? odaComponent(component) : odaComponentV1beta3(component);
    // Named as TM Forum's component kits look for it (`*.component.yaml`).
    expect(componentFileOf(component)).toMatch(/^[a-z0-9-]+\.component\.yaml$/);
    expect(parse(readFileSync(path.join(dir, componentFileOf(component)), "utf8"))).toEqual(made);
  });

  it("deploys the base under the component's own names and labels, serving the component's APIs (ODA_COMPONENT)", () => {
    const deployment = byKind("Deployment", manifests);
    const service = byKind("Service", manifests);
    const rendered = byKind("Component", manifests);
    expect(byKind("ConfigMap", manifests).data.ODA_COMPONENT).toBe(component.id);
    // Tokens the Canvas' Keycloak issues carry the component client's roles: its client is the component's name.
    expect(byKind("ConfigMap", manifests).data.JWT_CLIENT_ID).toBe(rendered.metadata.name);
    // Its client's roles only: a realm role grants nothing in this component.
    expect(byKind("ConfigMap", manifests).data.JWT_ROLE_CLAIMS).toBe(`resource_access.${rendered.metadata.name}.roles`);
    expect(deployment.spec.template.spec.containers[0].envFrom[0].configMapRef.name).toBe(byKind("ConfigMap", manifests).metadata.name);
    // Its Service selects its own pods only: not another component's, from the same base.
    expect(service.spec.selector["oda.tmforum.org/componentName"]).toBe(rendered.metadata.name);
    expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
    // Every object labelled with the component's name, as the component kits check.
    for (const manifest of manifests)
      expect((manifest.metadata as { labels?: Record<string, string> }).labels?.["oda.tmforum.org/componentName"]).toBe(rendered.metadata.name);
    const core = rendered.spec.coreFunction.exposedAPIs as { implementation: string; port: number }[];
    for (const api of core) expect(`${api.implementation}:${api.port}`).toBe(`${service.metadata.name}:${service.spec.ports[0].port}`);
  });
});

describe("ODA Components", () => {
  it("together expose every API the gateway serves, v4 and v5 each with its own path and specification", () => {
    const exposed = overlays
      .filter((o) => o.version === "v1")
      .flatMap((o) => byKind("Component", o.manifests).spec.coreFunction.exposedAPIs as { id?: string; path: string }[])
      .filter((api) => api.id)
      .map((api) => `${api.id} ${api.path}`);
    // TMF678 v4 and v5 in two components (TMFC030: bills and bill runs; TMFC031: the rates); TMF670's is its CTK schema set, served as a swagger.
    expect([...new Set(exposed)].sort()).toEqual([
      "TMF629 /tmf-api/customer/v5",
      "TMF629 /tmf-api/customerManagement/v4",
      "TMF666 /tmf-api/accountManagement/v4",
      "TMF666 /tmf-api/accountManagement/v5",
      "TMF670 /tmf-api/paymentMethod/v4",
      "TMF676 /tmf-api/paymentManagement/v4",
      "TMF678 /tmf-api/customerBillManagement/v4",
      "TMF678 /tmf-api/customerBillManagement/v5",
    ]);
  });

  it.each(ODA_COMPONENTS.map((c) => [c.id, c] as const))(
    "%s: a deployment with its ODA_COMPONENT serves the specifications, hubs and metrics it names",
    async (id) => {
      const deployment = await startTestServer({ ODA_COMPONENT: id }, server.db);
      try {
        const spec = byKind("Component", overlays.find((o) => o.component.id === id && o.version === "v1")!.manifests).spec;
        const openapi = (spec.coreFunction.exposedAPIs as { path: string; specification: { url: string; apiType: string }[] }[]).filter(
          (api) => api.specification[0]!.apiType === "openapi",
        );
        for (const api of openapi) {
          const served = new URL(api.specification[0]!.url);
          const swagger = await deployment.request("GET", served.pathname);
          expect(swagger.status, served.pathname).toBe(200);
          // A swagger 2.0 names its base path; an OpenAPI 3 contract its server (this deployment's).
          if (swagger.body.openapi) expect(new URL(swagger.body.servers[0].url).pathname).toBe(api.path);
          else expect(swagger.body.basePath).toBe(api.path);
          expect((await deployment.request("GET", `${api.path}/hub/0b5c1f6e-7d7a-4f2e-9d43-000000000000`)).body["@type"]).toBe("Error"); // the hub's route: a TMF 404
        }
        for (const event of spec.eventNotification.publishedEvents as { specification: { hub: string }[] }[])
          expect((await deployment.request("POST", event.specification[0]!.hub, { callback: "http://127.0.0.1:9/listener" })).status).toBe(201);
        expect((await deployment.request("GET", spec.managementFunction.exposedAPIs[0].path)).status).toBe(200);
        // Its MCP server's tools are those of the resources it serves, its security function's among them (none of another component's).
        const mcp = (spec.coreFunction.exposedAPIs as { path: string; specification: { apiType: string }[] }[]).find(
          (api) => api.specification[0]!.apiType === "mcp",
        )!;
        const tools = await deployment.request(
          "POST",
          mcp.path,
          { jsonrpc: "2.0", id: 1, method: "tools/list" },
          { accept: "application/json, text/event-stream" },
        );
        expect(tools.status).toBe(200);
        const collections = new Set((tools.body.result.tools as { name: string }[]).map((tool) => tool.name.replace(/^[a-z]+_/, "")));
        const declared = openapi as unknown as { resources?: Record<string, string[]>[] }[];
        const resources = new Set([
          ...declared.flatMap((api) => (api.resources ?? []).flatMap((resource) => Object.keys(resource))),
          ...SECURITY_FUNCTION.map((resource) => resource.collection),
        ]);
        expect(collections.size).toBeGreaterThan(0);
        for (const collection of collections) expect(resources, `${id}: tools of ${collection}`).toContain(collection);
      } finally {
        await deployment.close();
      }
    },
  );
});
