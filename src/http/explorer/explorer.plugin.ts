import fp from "fastify-plugin";
import { registerExplorerAssets } from "./assets.route.js";
import { isExplorerRequest } from "./content-negotiation.js";
import { explorerDefaults } from "./example-document.js";
import { graphiqlPage } from "./graphiql.page.js";
import type { ExplorerMode } from "../../config.js";
import { DEFAULT_TITLE, type ExplorerOptions } from "./options.js";

export interface ExplorerPluginOptions {
  mode: ExplorerMode;
  explorer?: ExplorerOptions;
}

/**
 * For "local": answers a browser's `GET /graphql` (Accept prefers text/html, no `query` parameter)
 * with the GraphiQL page, in an onRequest hook (after authentication's) so the /graphql route keeps
 * every other request (POST, GET with a query, JSON clients); and serves the page's assets from
 * /graphql/explorer/assets/. For "sandbox" (Apollo's landing page, see sandbox.landing.ts) and
 * "off" it registers nothing.
 */
export const explorerPlugin = fp<ExplorerPluginOptions>(
  async (app, { mode, explorer = {} }) => {
    if (mode !== "local") return;
    const html = graphiqlPage(explorerDefaults(explorer), explorer.title ?? DEFAULT_TITLE);
    app.addHook("onRequest", async (request, reply) => {
      if (!isExplorerRequest(request)) return;
      return reply
        .type("text/html; charset=utf-8")
        .header("cache-control", "no-cache")
        .header("vary", "accept")
        .send(html);
    });
    registerExplorerAssets(app);
  },
  { name: "explorer", dependencies: ["authentication", "graphql-route"], fastify: "5.x" },
);
