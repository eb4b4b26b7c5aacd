// The ODA Components the kits run under (ctk/run.mjs): read from their rendered Components
// (deploy/kubernetes/components/<id>/component.yaml, `npm run deploy:component`), what each serves —
// the resources of its exposed APIs, its hubs, its security function's APIs — and which kits call
// what. A router in front of the components sends each request to the component that serves its path,
// as the Canvas' API gateway does, for the kits whose setup calls another component's API.
import { readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { parse } from "yaml";

/** [{ id, name, resourcePaths: ["/tmf-api/…/v4/customer", …], hubs, securityPaths }] in the directory's order. */
export function readComponents(dir) {
  return readdirSync(dir)
    .sort()
    .map((slug) => parse(readFileSync(path.join(dir, slug, `${slug}.component.yaml`), "utf8")).spec)
    .map((spec) => {
      const openapi = spec.coreFunction.exposedAPIs.filter((api) => api.specification[0].apiType === "openapi");
      return {
        id: spec.componentMetadata.id,
        name: spec.componentMetadata.name,
        resourcePaths: openapi.flatMap((api) => (api.resources ?? []).flatMap((r) => Object.keys(r).map((collection) => `${api.path}/${collection}`))),
        hubs: spec.eventNotification.publishedEvents.map((e) => e.specification[0].hub),
        securityPaths: spec.securityFunction.exposedAPIs.map((api) => api.path),
      };
    });
}

/** The component serving a path (the first one, for a hub two components share), or undefined. */
export function servingComponent(components, pathname) {
  const under = (prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`);
  return components.find((c) => c.resourcePaths.some(under)) ?? components.find((c) => c.hubs.some(under));
}

/** The TMF API paths a kit calls (its requests and its setup's), once per mention. */
export function kitPaths(collectionFile) {
  return readFileSync(collectionFile, "utf8").match(/\/tmf-api\/[A-Za-z]+\/v\d+\/[A-Za-z]+/g) ?? [];
}

/**
 * Where a kit runs: `every` for a kit of the security function's APIs (every component serves them:
 * it runs under each), else the components serving its paths, the first being the one it calls most.
 */
export function kitPlacement(components, paths) {
  const security = new Set(components.flatMap((c) => c.securityPaths));
  if (paths.length && paths.every((p) => [...security].some((s) => p.startsWith(`${s}/`)))) return { every: true, components };
  const counts = new Map();
  for (const p of paths) {
    const c = servingComponent(components, p);
    if (c) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  return { every: false, components: [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([c]) => c) };
}

/** A path of `other` that `component` does not serve (for the 404 check), or undefined. */
export function foreignPath(component, other) {
  return other.resourcePaths.find((p) => !component.resourcePaths.includes(p));
}

/**
 * An HTTP router on loopback: each request to the component service serving its path (`urls`: by
 * component id), the Host header kept (hrefs are built from it). Resolves to { url, close }.
 */
export function startRouter(components, urls) {
  const server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url, "http://router");
    const target = new URL(urls[(servingComponent(components, pathname) ?? components[0]).id]);
    const upstream = http.request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", (err) => {
      res.writeHead(502, { "content-type": "text/plain" });
      res.end(`router: ${err.message}`);
    });
    req.pipe(upstream);
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(done);
          }),
      }),
    ),
  );
}
