/**
 * The GraphQL explorer a browser gets on `GET /graphql` (issue 8), by `EXPLORER` (see mode.ts):
 * - `sandbox`: Apollo Sandbox, Apollo Server's landing page (sandbox.landing.ts). Its UI comes from
 *   Apollo's CDN, so it needs internet access from the browser.
 * - `local` (default): GraphiQL (graphiql.page.ts), bundled from the installed npm packages
 *   (bundle.ts) and served by the gateway itself under /graphql/explorer/assets/ (assets.route.ts):
 *   works on a closed network, no request leaves the machine.
 * - `off`: no explorer (a browser GET gets Apollo's plain 400).
 * Both explorers open on the operations in graphql/examples/ with the configured default headers
 * (example-document.ts). explorer.plugin.ts registers the local one.
 */
export { prefersHtml } from "./content-negotiation.js";
export { explorerDefaults, type ExplorerDefaults } from "./example-document.js";
export { explorerPlugin, type ExplorerPluginOptions } from "./explorer.plugin.js";
export { EXPLORER_ASSETS_PATH, type ExplorerOptions } from "./options.js";
export { explorerLandingPlugin } from "./sandbox.landing.js";
