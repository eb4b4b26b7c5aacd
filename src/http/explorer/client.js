// The browser side of the local GraphQL explorer (GraphiQL). src/http/explorer/bundle.ts bundles this
// file with esbuild, from the installed npm packages, into /graphql/explorer/assets/explorer.js (+ .css):
// nothing here is fetched from a CDN. Plain JavaScript (no JSX) so that the gateway's TypeScript build
// never sees it. The page passes its settings as JSON in <script id="explorer-config">.
import { GraphiQL } from "graphiql";
import "graphiql/style.css";
import { createElement } from "react";
import { createRoot } from "react-dom/client";

/** @type {{ endpoint: string, workers: Record<string, string>, defaultQuery: string, defaultVariables: string, defaultHeaders: string, title: string }} */
const config = JSON.parse(document.getElementById("explorer-config").textContent);

// Monaco runs its language services in web workers, served by the gateway like the rest.
globalThis.MonacoEnvironment = {
  getWorker(_workerId, label) {
    return new Worker(config.workers[label] ?? config.workers.editorWorkerService, { name: label });
  },
};

/** POSTs the operation to the gateway with the headers editor's headers (e.g. Authorization). */
async function fetcher(params, options) {
  const response = await fetch(config.endpoint, {
    method: "POST",
    headers: {
      accept: "application/graphql-response+json, application/json",
      "content-type": "application/json",
      ...(options?.headers ?? {}),
    },
    body: JSON.stringify(params),
    credentials: "same-origin",
  });
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return { errors: [{ message: `HTTP ${response.status}: ${text.slice(0, 500)}` }] };
  }
}

// GraphiQL keeps the user's tabs in localStorage. On a first visit (nothing stored) open on the
// gateway's examples; afterwards, on what the user left. (The initial* props must be set only then:
// GraphiQL would otherwise add a tab for them on every visit.)
let firstVisit = true;
try {
  firstVisit = !globalThis.localStorage?.getItem("graphiql:tabState");
} catch {
  // storage unavailable (privacy settings): every visit is a first one
}
const initial = firstVisit ? { initialQuery: config.defaultQuery, initialVariables: config.defaultVariables, initialHeaders: config.defaultHeaders } : {};

const root = createRoot(document.getElementById("explorer"));
root.render(
  createElement(
    GraphiQL,
    {
      fetcher,
      ...initial,
      defaultQuery: config.defaultQuery,
      defaultHeaders: config.defaultHeaders,
      defaultTabs: [{ query: config.defaultQuery, variables: config.defaultVariables, headers: config.defaultHeaders }],
      defaultEditorToolsVisibility: config.defaultHeaders ? "headers" : "variables",
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
    },
    createElement(GraphiQL.Logo, null, config.title),
  ),
);
