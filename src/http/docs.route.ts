import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { apiOf, type RestResource } from "../tmf/rest-resource.js";
import { swagger, type Swagger } from "../tmf/swagger.js";
import { baseUrlOf, type HrefBaseConfig } from "./base-url.js";

const UI_DIR = path.dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
const ASSETS: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "application/javascript; charset=utf-8",
  "swagger-ui-standalone-preset.js": "application/javascript; charset=utf-8",
  "favicon-32x32.png": "image/png",
};

/**
 * The contract of each implemented TMF API: its official swagger from specs/, trimmed to the paths
 * and methods the gateway serves, with basePath, host and scheme of this deployment.
 */
type Contract = Omit<Swagger, "definitions"> & Partial<Pick<Swagger, "definitions">>;

function trimmedContract(contract: string, resources: RestResource[]): Contract {
  const spec = swagger(contract);
  const paths: Swagger["paths"] = {};
  const keep = (p: string, methods: string[]) => {
    const ops = spec.paths[p] ?? {};
    paths[p] = Object.fromEntries(Object.entries(ops).filter(([method]) => methods.includes(method)));
  };
  for (const r of resources) {
    keep(`/${r.collection}`, ["get", ...(r.mutations.create ? ["post"] : [])]);
    keep(`/${r.collection}/{id}`, ["get", ...(r.mutations.update ? ["patch"] : []), ...(r.mutations.delete ? ["delete"] : [])]);
  }
  // Every API has its TMF630 hub (the listener paths are the client's side, not served here).
  keep("/hub", ["post"]);
  keep("/hub/{id}", ["get", "delete"]);
  if (spec.openapi) {
    // An OpenAPI 3 contract keeps its components (its own $refs name them); its server is set per request.
    const { definitions: _definitions, ...document } = spec;
    return { ...document, paths };
  }
  return { ...spec, basePath: resources[0]!.basePath, paths };
}

/** GET /docs: Swagger UI (served from the swagger-ui-dist package: no CDN) over the trimmed contracts; public. */
export const docsPlugin = fp<{ resources: RestResource[] } & HrefBaseConfig>(
  async (app, { resources, publicBaseUrl, trustProxy }) => registerDocsRoutes(app, resources, { publicBaseUrl, trustProxy }),
  { name: "docs", fastify: "5.x" },
);

function registerDocsRoutes(app: FastifyInstance, resources: RestResource[], hrefBase: HrefBaseConfig) {
  const byApi = new Map<string, RestResource[]>();
  for (const r of resources) byApi.set(r.basePath, [...(byApi.get(r.basePath) ?? []), r]);
  const contracts = new Map([...byApi.values()].map((group) => [apiOf(group[0]!), trimmedContract(group[0]!.contract, group)] as const));
  const bases = new Map([...byApi.values()].map((group) => [apiOf(group[0]!), group[0]!.basePath] as const));
  const urls = [...contracts.entries()].map(([api, spec]) => ({
    url: `/docs/specs/${api}.json`,
    name: spec.openapi ? `${spec.info.title} v${spec.info.version}` : spec.info.title,
  }));

  app.get("/docs", { config: { public: true } }, async (_request, reply) => reply.type("text/html; charset=utf-8").send(page(urls)));
  app.get("/docs/specs/:file", { config: { public: true } }, async (request, reply) => {
    const api = (request.params as { file: string }).file.replace(/\.json$/, "");
    const spec = contracts.get(api);
    if (!spec) return reply.callNotFound();
    const base = new URL(baseUrlOf(request.raw, hrefBase));
    if (spec.openapi) return { ...spec, servers: [{ url: `${base.origin}${bases.get(api)}` }] };
    return { ...spec, host: base.host, schemes: [base.protocol.replace(":", "")] };
  });
  app.get("/docs/assets/:file", { config: { public: true } }, async (request, reply) => {
    const file = (request.params as { file: string }).file;
    const type = ASSETS[file];
    if (!type) return reply.callNotFound();
    return reply
      .type(type)
      .header("cache-control", "public, max-age=86400")
      .send(readFileSync(path.join(UI_DIR, file)));
  });
}

function page(urls: { url: string; name: string }[]): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>TMF REST API — TMF GraphQL gateway</title>
  <link rel="icon" href="/docs/assets/favicon-32x32.png">
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/assets/swagger-ui-standalone-preset.js"></script>
  <script>
    window.ui = SwaggerUIBundle({
      urls: ${JSON.stringify(urls)},
      dom_id: "#swagger-ui",
      presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
      layout: "StandaloneLayout",
    });
  </script>
</body>
</html>`;
}
