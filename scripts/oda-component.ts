// The gateway as TM Forum ODA Components (the ODA Canvas' Component resource), one per component of
// src/modules/components.ts, each a deployment of the same image and database serving that
// component's APIs only (ODA_COMPONENT). Rendered from the resource registry (what the component
// serves: exposed APIs with their resources, one hub per API, the roles) and, for a golden component,
// from its TM Forum specification in specs/oda/ (id, name, version, functional block, dependent APIs),
// for oda.tmforum.org/v1 and v1beta3. `npm run deploy:component` writes them with their kustomize
// overlays under deploy/kubernetes/components/; test/kubernetes.test.ts fails when they are not what this makes.
import "reflect-metadata";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { PARTY_ROLE_DEFAULTS } from "../src/config.js";
import { componentRoleScopes, ODA_COMPONENTS, type OdaComponentDescription } from "../src/modules/components.js";
import { partyRoleManagement, partyRoleResource } from "../src/modules/party-role/party-role.resource.js";
import { restOf, restVersionsOf } from "../src/resource/description.js";
import { apiOf, type RestResource } from "../src/tmf/rest-resource.js";

const REPO = path.resolve(import.meta.dirname, "..");
export const COMPONENTS_DIR = path.join(REPO, "deploy/kubernetes/components");
const GOLDEN_DIR = path.join(REPO, "specs/oda");

/** The Service (deploy/kubernetes/base/service.yaml, prefixed per component by its overlay) and port the APIs are reached at. */
const SERVICE = "tmf-graphql-gateway";
const PORT = 8080;
/** CONTROLLER_ROLE's default: the role the Canvas' controllers act with, one of the party roles every component lists. */
export const CONTROLLER_ROLE = PARTY_ROLE_DEFAULTS.controllerRole;
/** The security function's API: TMF669 Party Role, served by every component. */
export const PARTY_ROLE_PATH = partyRoleManagement.basePath;

/** What TM Forum's golden component specifies (the part of specs/oda/<id>-*.yaml a rendering uses). */
export interface GoldenComponent {
  id: string;
  name: string;
  version: string;
  description: string;
  functionalBlock: string;
  publicationDate: string | Date;
  status: string;
  coreFunction: { exposedAPIs: GoldenApi[]; dependentAPIs: GoldenApi[] };
  securityFunction: { exposedAPIs: GoldenApi[] };
}
export interface GoldenApi {
  id: string;
  name: string;
  version: string;
  required: boolean;
  specification: string;
  resources: Record<string, string[]>[];
}

/** The golden specification of a component (none for a custom one). */
export function goldenOf(id: string): GoldenComponent | undefined {
  const file = readdirSync(GOLDEN_DIR).find((f) => f.startsWith(`${id}-`));
  return file ? (parse(readFileSync(path.join(GOLDEN_DIR, file), "utf8")) as { spec: GoldenComponent }).spec : undefined;
}

/** The overlay directory of a component, and the prefix it gives the base's objects. */
export const slugOf = (component: OdaComponentDescription) => component.id.toLowerCase();
const serviceOf = (component: OdaComponentDescription) => `${slugOf(component)}-${SERVICE}`;

/** An exposed API of a component: one TMF API version, the resources of it the component serves. */
interface ServedApi {
  name: string;
  id: string;
  version: string;
  basePath: string;
  scope: string;
  resources: RestResource[];
}

function servedApis(component: OdaComponentDescription): ServedApi[] {
  const apis = new Map<string, ServedApi>();
  for (const resource of component.resources) {
    const scope = resource.api.scope;
    for (const rest of restVersionsOf(resource)) {
      const name = apiOf(rest);
      const api = apis.get(name) ?? {
        name,
        id: rest.contract.split("-")[0]!,
        version: /v(\d+\.\d+\.\d+)/.exec(rest.contract)![0],
        basePath: rest.basePath,
        scope,
        resources: [],
      };
      api.resources.push(rest);
      apis.set(name, api);
    }
  }
  return [...apis.values()];
}

/** The operations of a resource, as the golden components list them. */
const methodsOf = (rest: RestResource) => [
  "GET",
  "GET /id",
  ...(rest.mutations.create ? ["POST"] : []),
  ...(rest.mutations.update ? ["PATCH /id"] : []),
  ...(rest.mutations.delete ? ["DELETE /id"] : []),
];

/** The swagger of an API as the gateway serves it (/docs/specs: the official one, trimmed to the operations served), in-cluster. */
const swaggerUrl = (component: OdaComponentDescription, api: string) => `http://${serviceOf(component)}:${PORT}/docs/specs/${api}.json`;

/** The metadata both versions carry: the golden component's, or the custom one's. */
function metadataOf(component: OdaComponentDescription) {
  const golden = goldenOf(component.id);
  const { version, author } = JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8")) as { version: string; author: string };
  // Who maintains the image (package.json's author); the owners are the operator's to state in an overlay.
  const contacts = { maintainers: [{ name: author }], owners: [{ name: author }] };
  if (golden) {
    const published = new Date(
      `${String(golden.publicationDate instanceof Date ? golden.publicationDate.toISOString() : golden.publicationDate).slice(0, 10)}T00:00:00Z`,
    );
    return {
      id: golden.id,
      name: golden.name,
      version: golden.version,
      description: golden.description,
      functionalBlock: golden.functionalBlock,
      publicationDate: published.toISOString(),
      status: golden.status,
      ...contacts,
      golden,
    };
  }
  return { id: component.id, ...component.custom!, version, status: "specified", ...contacts, golden: undefined };
}

/** The exposed API's name: the golden component's for its first version, that name and the version for a later one. */
function apiName(api: ServedApi, golden: GoldenComponent | undefined) {
  const named = golden?.coreFunction.exposedAPIs.find((g) => g.id === api.id);
  if (!named) return api.name.toLowerCase();
  return named.version === api.version ? named.name : `${named.name}-${api.version.split(".")[0]}`;
}

/** The roles of a component: its APIs' scopes (its security function's too), the hub administrator's and the controller's; each once. */
export const rolesOf = (component: OdaComponentDescription) => [...componentRoleScopes(component.resources), CONTROLLER_ROLE];

type Specification = { url: string; version?: string; apiType: string };
/** An API entry of a v1 Component (its specifications carry the URLs, versions and types). */
interface V1Api {
  name: string;
  id?: string;
  specification: Specification[];
  apiType?: string;
  implementation?: string;
  path?: string;
  developerUI?: string;
  port?: number;
  required?: boolean;
  resources?: Record<string, string[]>[];
}
export interface V1Component {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels: Record<string, string> };
  spec: {
    componentMetadata: Record<string, unknown>;
    coreFunction: { exposedAPIs: V1Api[]; dependentAPIs: V1Api[] };
    eventNotification: {
      publishedEvents: { name: string; specification: (Specification & { implementation: string; hub: string; port: number })[] }[];
      subscribedEvents: [];
    };
    managementFunction: { exposedAPIs: V1Api[] };
    securityFunction: { canvasSystemRole: string; componentRole: { name: string }[]; exposedAPIs: V1Api[] };
  };
}

/** The Component for oda.tmforum.org/v1. */
export function odaComponent(component: OdaComponentDescription): V1Component {
  const { golden, ...metadata } = metadataOf(component);
  const implementation = serviceOf(component);
  const apis = servedApis(component);
  const spec = (api: ServedApi) => [{ url: swaggerUrl(component, api.name), version: api.version, apiType: "openapi" }];
  return {
    apiVersion: "oda.tmforum.org/v1",
    kind: "Component",
    metadata: { name: metadata.name.toLowerCase(), labels: { "oda.tmforum.org/componentName": `${slugOf(component)}-${metadata.name.toLowerCase()}` } },
    spec: {
      componentMetadata: metadata,
      coreFunction: {
        exposedAPIs: [
          ...apis.map((api) => ({
            name: apiName(api, golden),
            id: api.id,
            specification: spec(api),
            implementation,
            path: api.basePath,
            developerUI: "/docs",
            port: PORT,
            required: true,
            resources: api.resources.map((r) => ({ [r.collection]: methodsOf(r) })),
          })),
          // The MCP server: its tools are the component's resources (apiType mcp: v1 only).
          {
            name: "mcp",
            specification: [{ url: `http://${implementation}:${PORT}/mcp`, apiType: "mcp" }],
            implementation,
            path: "/mcp",
            port: PORT,
            required: false,
          },
        ],
        dependentAPIs: (golden?.coreFunction.dependentAPIs ?? []).map((d) => ({
          name: d.name,
          id: d.id,
          specification: [{ url: d.specification, version: d.version, apiType: "openapi" }],
          required: d.required,
          resources: d.resources,
        })),
      },
      eventNotification: {
        publishedEvents: apis.map((api) => ({
          name: `${api.name.toLowerCase()}-events`,
          specification: spec(api).map((s) => ({ ...s, implementation, hub: `${api.basePath}/hub`, port: PORT })),
        })),
        subscribedEvents: [],
      },
      managementFunction: { exposedAPIs: [metrics(implementation)] },
      securityFunction: {
        canvasSystemRole: CONTROLLER_ROLE,
        componentRole: rolesOf(component).map((name) => ({ name })),
        exposedAPIs: [
          {
            name: "partyrole",
            id: "TMF669",
            specification: [{ url: swaggerUrl(component, apiOf(restOf(partyRoleResource))), version: "v4.0.0", apiType: "openapi" }],
            implementation,
            path: PARTY_ROLE_PATH,
            developerUI: "/docs",
            port: PORT,
            required: true,
          },
        ],
      },
    },
  };
}

const metrics = (implementation: string): V1Api => ({
  name: "metrics",
  specification: [{ url: "https://prometheus.io/docs/instrumenting/exposition_formats/", apiType: "prometheus" }],
  apiType: "prometheus",
  implementation,
  path: "/metrics",
  port: PORT,
});

/** The same Component for oda.tmforum.org/v1beta3 (what TM Forum's component kits accept): a flat spec, URLs as strings, openapi only. */
export function odaComponentV1beta3(component: OdaComponentDescription): Record<string, unknown> {
  const { metadata, spec } = odaComponent(component);
  const { coreFunction, eventNotification, managementFunction, securityFunction } = spec;
  // v1beta3 names an API's version and type beside it, and its specification by URL only.
  const flat = ({ specification, ...api }: V1Api) => ({ ...api, version: specification[0]!.version, apiType: specification[0]!.apiType });
  const exposed = (api: V1Api) => ({ ...flat(api), specification: api.specification.map((s) => s.url) });
  return {
    apiVersion: "oda.tmforum.org/v1beta3",
    kind: "Component",
    metadata,
    spec: {
      ...spec.componentMetadata,
      coreFunction: {
        exposedAPIs: coreFunction.exposedAPIs.filter((api) => api.specification[0]!.apiType === "openapi").map(exposed),
        dependentAPIs: coreFunction.dependentAPIs.map((api) => ({ ...flat(api), specification: api.specification[0]!.url })),
      },
      eventNotification: {
        publishedEvents: eventNotification.publishedEvents.map(({ name, specification: [{ url, version: _version, ...where }] }) => ({
          name,
          specification: url,
          ...where,
        })),
        subscribedEvents: [],
      },
      managementFunction: { exposedAPIs: managementFunction.exposedAPIs.map(({ specification: _specification, ...api }) => api) },
      securityFunction: { controllerRole: securityFunction.canvasSystemRole, exposedAPIs: securityFunction.exposedAPIs.map(exposed), dependentAPIs: [] },
    },
  };
}

/** The file of a component's Component: `<id>.component.yaml`, the name TM Forum's component kits look for. */
export const componentFileOf = (component: OdaComponentDescription) => `${slugOf(component)}.component.yaml`;

/**
 * The kustomize overlay of a component on the base (deploy/kubernetes/base): its own names, labels,
 * ODA_COMPONENT and Component; and JWT_CLIENT_ID, the Keycloak client the Canvas creates for the
 * component (its name), whose roles (`resource_access.<client>.roles`, JWT_ROLE_CLAIMS) are the only
 * roles of a token that count.
 */
export function overlayOf(component: OdaComponentDescription, componentFile: string, base: string): Record<string, unknown> {
  const name = `${slugOf(component)}-${metadataOf(component).name.toLowerCase()}`;
  const set = (variable: string, value: string) => `- op: replace\n  path: /data/${variable}\n  value: ${value}\n`;
  return {
    apiVersion: "kustomize.config.k8s.io/v1beta1",
    kind: "Kustomization",
    namePrefix: `${slugOf(component)}-`,
    labels: [{ pairs: { "oda.tmforum.org/componentName": name }, includeSelectors: true }],
    resources: [base, componentFile],
    // Its client's roles only: a realm role (another component's operators' `Admin`) grants nothing here.
    patches: [
      {
        target: { kind: "ConfigMap", name: SERVICE },
        patch: set("ODA_COMPONENT", component.id) + set("JWT_CLIENT_ID", name) + set("JWT_ROLE_CLAIMS", `resource_access.${name}.roles`),
      },
    ],
  };
}

export { ODA_COMPONENTS };
