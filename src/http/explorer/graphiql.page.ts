import { BUNDLE_VERSION, WORKER_FILES } from "./bundle.js";
import type { ExplorerDefaults } from "./example-document.js";
import { ENDPOINT, EXPLORER_ASSETS_PATH } from "./options.js";

/**
 * The local explorer's HTML page: GraphiQL's bundle (explorer.js, explorer.css, Monaco's workers,
 * versioned so a new bundle is never mixed with a cached one) and its configuration as JSON.
 */
export function graphiqlPage(defaults: ExplorerDefaults, title: string): string {
  const v = `?v=${BUNDLE_VERSION}`;
  const config = {
    title,
    endpoint: ENDPOINT,
    workers: Object.fromEntries(Object.entries(WORKER_FILES).map(([label, file]) => [label, `${EXPLORER_ASSETS_PATH}/${file}${v}`])),
    defaultQuery: defaults.document,
    defaultVariables: JSON.stringify(defaults.variables, null, 2),
    defaultHeaders: Object.keys(defaults.headers).length ? JSON.stringify(defaults.headers, null, 2) : "",
  };
  // JSON in a <script> element: escape "<" so no value can close the element.
  const json = JSON.stringify(config).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>GraphQL explorer — ${escapeHtml(title)}</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="${EXPLORER_ASSETS_PATH}/explorer.css${v}">
  <style>html, body, #explorer { height: 100%; margin: 0; }</style>
</head>
<body>
  <div id="explorer"></div>
  <script id="explorer-config" type="application/json">${json}</script>
  <script src="${EXPLORER_ASSETS_PATH}/explorer.js${v}"></script>
</body>
</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
