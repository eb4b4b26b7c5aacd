import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
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
import { COMPONENT_FILE, odaComponent } from "../scripts/oda-component.js";
import { loadConfig, SHUTDOWN_BOUND_MS } from "../src/config.js";
import { startTestServer, type TestServer } from "./support/server.js";

// deploy/kubernetes, assembled by `kubectl kustomize` (offline), validated against the Kubernetes
// schemas (kubernetes-models) and the ODA Canvas' Component CRD v1 (its openAPIV3Schema, brought in as
// test/fixtures/oda-component-crd-v1.json from tmforum-oda/oda-canvas).

type Manifest = { apiVersion: string; kind: string; metadata: { name: string }; [key: string]: unknown };

const assembled: Manifest[] = parseAllDocuments(execFileSync("kubectl", ["kustomize", "deploy/kubernetes"], { encoding: "utf8" })).map(
  (d) => d.toJSON() as Manifest,
);
const byKind = (kind: string) => assembled.find((m) => m.kind === kind) as Manifest & Record<string, any>;

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
    expect(assembled.map((m) => m.kind).sort()).toEqual([
      "Component",
      "ConfigMap",
      "Deployment",
      "HorizontalPodAutoscaler",
      "PodDisruptionBudget",
      "Secret",
      "Service",
    ]);
    for (const manifest of assembled.filter((m) => m.kind !== "Component")) {
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

describe("ODA Component", () => {
  it("is valid against the ODA Canvas' Component CRD v1", () => {
    const crd = JSON.parse(readFileSync("test/fixtures/oda-component-crd-v1.json", "utf8")) as { group: string; kind: string; openAPIV3Schema: object };
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats.default(ajv);
    ajv.addFormat("url", { type: "string", validate: (value: string) => URL.canParse(value) });
    const validate = ajv.compile(crd.openAPIV3Schema);
    const component = byKind("Component");
    expect(component.apiVersion).toBe(`${crd.group}/v1`);
    expect(component.kind).toBe(crd.kind);
    expect(validate(component), JSON.stringify(validate.errors)).toBe(true);
    // The validation is real: a wrong type is refused.
    expect(validate({ ...component, spec: { ...component.spec, coreFunction: { exposedAPIs: [{ name: "x", specification: [{ apiType: "soap" }] }] } } })).toBe(
      false,
    );
  });

  it("is what the registry makes (npm run deploy:component), and names what the gateway serves", async () => {
    expect(parse(readFileSync(COMPONENT_FILE, "utf8"))).toEqual(odaComponent());
    const spec = byKind("Component").spec;
    // TMF629, TMF666 and TMF678 twice: v4 and v5, each with its own path and specification; TMF670's is its CTK schema set, served as a swagger.
    expect(spec.coreFunction.exposedAPIs.map((api: { id: string; path: string }) => `${api.id} ${api.path}`).sort()).toEqual([
      "TMF629 /tmf-api/customer/v5",
      "TMF629 /tmf-api/customerManagement/v4",
      "TMF666 /tmf-api/accountManagement/v4",
      "TMF666 /tmf-api/accountManagement/v5",
      "TMF670 /tmf-api/paymentMethod/v4",
      "TMF676 /tmf-api/paymentManagement/v4",
      "TMF678 /tmf-api/customerBillManagement/v4",
      "TMF678 /tmf-api/customerBillManagement/v5",
    ]);
    for (const api of spec.coreFunction.exposedAPIs as { path: string; specification: { url: string }[] }[]) {
      const served = new URL(api.specification[0]!.url);
      const swagger = await server.request("GET", served.pathname);
      expect(swagger.status, served.pathname).toBe(200);
      // A swagger 2.0 names its base path; an OpenAPI 3 contract its server (this deployment's).
      if (swagger.body.openapi) expect(new URL(swagger.body.servers[0].url).pathname).toBe(api.path);
      else expect(swagger.body.basePath).toBe(api.path);
      expect((await server.request("GET", `${api.path}/hub/0b5c1f6e-7d7a-4f2e-9d43-000000000000`)).body["@type"]).toBe("Error"); // the hub's route: a TMF 404
    }
    expect((await server.request("GET", spec.managementFunction.exposedAPIs[0].path)).status).toBe(200);
    expect(spec.securityFunction.componentRole.map((r: { name: string }) => r.name)).toContain("payment:write");
    // The security function exposes TMF669 party roles, which list the component's roles.
    expect(spec.securityFunction.exposedAPIs.map((api: { id: string; path: string }) => `${api.id} ${api.path}`)).toEqual([
      "TMF669 /tmf-api/partyRoleManagement/v4",
    ]);
    const roles = await server.request("GET", `${spec.securityFunction.exposedAPIs[0].path}/partyRole?fields=name`);
    expect(roles.body.map((r: { name: string }) => r.name)).toContain("payment:write");
  });
});
