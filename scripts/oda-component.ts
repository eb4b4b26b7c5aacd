// The gateway as a TM Forum ODA Component (oda.tmforum.org/v1, the ODA Canvas' Component resource),
// derived from the resource registry: one exposed API per TMF API served (its swagger as served, base path,
// the developer UI at /docs), one published-events entry per API with its hub, /metrics as the
// management API, and the scopes as the security roles. `npm run deploy:component` writes it to
// deploy/kubernetes/component.yaml; test/kubernetes.test.ts fails when the file is not what this makes.
import "reflect-metadata";
import { readFileSync } from "node:fs";
import path from "node:path";
import { HUB_ADMIN, read, write } from "../src/auth/scopes.js";
import { partyRoleManagement } from "../src/modules/party-role/party-role.resource.js";
import { TMF_APIS } from "../src/modules/registry.js";

const REPO = path.resolve(import.meta.dirname, "..");
export const COMPONENT_FILE = path.join(REPO, "deploy/kubernetes/component.yaml");

/** The Service (deploy/kubernetes/service.yaml) and port the APIs are reached at. */
const IMPLEMENTATION = "tmf-graphql-gateway";
const PORT = 8080;

/** The swagger of an API as this gateway serves it (/docs/specs: the official one, trimmed to the operations served), in-cluster. */
const swaggerUrl = (api: string) => `http://${IMPLEMENTATION}:${PORT}/docs/specs/${api}.json`;

export function odaComponent(): Record<string, unknown> {
  const version = (JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8")) as { version: string }).version;
  const apis = [...TMF_APIS.entries()].map(([name, api]) => {
    const id = api.contract.split("-")[0]!;
    const specVersion = /v(\d+\.\d+\.\d+)/.exec(api.contract)![0];
    const specification = [{ url: swaggerUrl(name), version: specVersion, apiType: "openapi" }];
    return { name, id, api, specification };
  });
  const exposed = ({ name, id, api, specification }: (typeof apis)[number]) => ({
    name: name.toLowerCase(),
    id,
    specification,
    implementation: IMPLEMENTATION,
    path: api.basePath,
    developerUI: "/docs",
    port: PORT,
    required: true,
  });
  // TMF669 party roles are the security function's API (the Canvas lists the component's roles through it).
  const isSecurity = ({ api }: (typeof apis)[number]) => api === partyRoleManagement;
  return {
    apiVersion: "oda.tmforum.org/v1",
    kind: "Component",
    metadata: { name: IMPLEMENTATION, labels: { "oda.tmforum.org/componentName": IMPLEMENTATION } },
    spec: {
      componentMetadata: {
        id: IMPLEMENTATION,
        name: "TMFGraphQLGateway",
        version,
        description: "TM Forum Customer, Account, Payment and Customer Bill Management (v4) over GraphQL and the TMF REST APIs, on PostgreSQL",
        functionalBlock: "CoreCommerce",
        status: "specified",
      },
      coreFunction: {
        exposedAPIs: apis.filter((api) => !isSecurity(api)).map(exposed),
        dependentAPIs: [],
      },
      eventNotification: {
        publishedEvents: apis.map(({ name, api, specification }) => ({
          name: `${name.toLowerCase()}-events`,
          specification: specification.map((spec) => ({ ...spec, implementation: IMPLEMENTATION, hub: `${api.basePath}/hub`, port: PORT })),
        })),
        subscribedEvents: [],
      },
      managementFunction: {
        exposedAPIs: [
          {
            name: "metrics",
            specification: [{ url: "https://prometheus.io/docs/instrumenting/exposition_formats/", apiType: "prometheus" }],
            implementation: IMPLEMENTATION,
            path: "/metrics",
            port: PORT,
          },
        ],
      },
      securityFunction: {
        exposedAPIs: apis.filter(isSecurity).map(exposed),
        canvasSystemRole: HUB_ADMIN,
        componentRole: [...apis.flatMap(({ api }) => [read(api.scope), write(api.scope)]), HUB_ADMIN].map((name) => ({ name })),
      },
    },
  };
}
