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
  /** Values for the examples' variables, looked up when a page is served (the demo data's ids; undefined: placeholders). */
  variables?: () => Promise<Record<string, unknown> | undefined>;
}

/**
 * For "local": answers a browser's `GET /graphql` (Accept prefers text/html, no `query` parameter)
 * with the GraphiQL page, in an onRequest hook (after authentication's) so the /graphql route keeps
 * every other request (POST, GET with a query, JSON clients); and serves the page's assets from
 * /graphql/explorer/assets/. For "sandbox" (Apollo's landing page, see sandbox.landing.ts) and
 * "off" it registers nothing.
 */
export const explorerPlugin = fp<ExplorerPluginOptions>(
  async (app, { mode, explorer = {}, variables }) => {
    if (mode !== "local") return;
    const title = explorer.title ?? DEFAULT_TITLE;
    const html = graphiqlPage(explorerDefaults(explorer), title);
    let withVariables: string | undefined;
    const page = async (): Promise<string> => {
      if (withVariables || !variables) return withVariables ?? html;
      const given = await variables().catch((err: Error) => void app.log.warn(`explorer: no variables for the examples (${err.message})`));
      if (given) withVariables = graphiqlPage(explorerDefaults(explorer, "graphiql", given), title);
      return withVariables ?? html;
    };
    app.addHook("onRequest", async (request, reply) => {
      if (!isExplorerRequest(request)) return;
      const body = await page();
      return reply.type("text/html; charset=utf-8").header("cache-control", "no-cache").header("vary", "accept").send(body);
    });
    registerExplorerAssets(app);
  },
  { name: "explorer", dependencies: ["authentication", "graphql-route"], fastify: "5.x" },
);
