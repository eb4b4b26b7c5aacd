import type { ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Kind, parse, print, valueFromASTUntyped, type OperationDefinitionNode, type TypeNode } from "graphql";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { BUNDLE_VERSION, explorerAssets, WORKER_FILES, type Asset } from "./explorer/bundle.js";
import type { ExplorerMode } from "./explorer/mode.js";

/**
 * The GraphQL explorer a browser gets on `GET /graphql` (issue 8), by `EXPLORER` (see explorer/mode.ts):
 * - `sandbox`: Apollo Sandbox, Apollo Server's landing page. Its UI comes from Apollo's CDN, so it
 *   needs internet access from the browser.
 * - `local` (default): GraphiQL, bundled from the installed npm packages and served by the gateway
 *   itself under /graphql/explorer/assets/: works on a closed network, no request leaves the machine.
 * - `off`: no explorer (a browser GET gets Apollo's plain 400).
 * Both explorers open on the operations in graphql/examples/ with the configured default headers.
 */
export { EXPLORER_MODES, parseExplorerHeaders, parseExplorerMode, type ExplorerMode } from "./explorer/mode.js";

export interface ExplorerOptions {
  /** Headers put in the explorer's headers editor, e.g. `{ "Authorization": "Bearer …" }`. */
  defaultHeaders?: Record<string, string>;
  /** Where the example operations live. Default: graphql/examples/ of the project. */
  examplesDir?: string;
  /** The example files making up the default document, in order. */
  examples?: string[];
  /** Shown in the explorer's logo slot and the page title. */
  title?: string;
}

const EXAMPLES_DIR = path.resolve(import.meta.dirname, "../../graphql/examples");
const DEFAULT_EXAMPLES = ["portal-customers.graphql", "record-payment.graphql"];
const DEFAULT_TITLE = "TMF GraphQL gateway";
const ENDPOINT = "/graphql";
export const EXPLORER_ASSETS_PATH = "/graphql/explorer/assets";

/**
 * The Apollo Server landing-page plugin for the mode: Apollo Sandbox (embedded, opening on the
 * example document and default headers) for "sandbox", none otherwise — the local explorer is
 * answered by registerExplorer before Apollo sees the request.
 */
export function explorerLandingPlugin(mode: ExplorerMode, options: ExplorerOptions = {}): ApolloServerPlugin {
  if (mode !== "sandbox") return ApolloServerPluginLandingPageDisabled();
  const defaults = explorerDefaults(options, "sandbox");
  return ApolloServerPluginLandingPageLocalDefault({
    embed: true,
    includeCookies: false,
    document: defaults.document,
    variables: defaults.variables,
    headers: defaults.headers,
  });
}

/**
 * For "local": answers a browser's `GET /graphql` (Accept prefers text/html, no `query` parameter)
 * with the GraphiQL page, in an onRequest hook so the existing /graphql route keeps every other
 * request (POST, GET with a query, JSON clients); and serves the page's assets from
 * /graphql/explorer/assets/. For "sandbox" and "off" it registers nothing.
 */
export function registerExplorer(app: FastifyInstance, mode: ExplorerMode, options: ExplorerOptions = {}): void {
  if (mode !== "local") return;
  const defaults = explorerDefaults(options);
  const html = page(defaults, options.title ?? DEFAULT_TITLE);

  app.addHook("onRequest", async (request, reply) => {
    if (!isExplorerRequest(request)) return;
    return reply
      .type("text/html; charset=utf-8")
      .header("cache-control", "no-cache")
      .header("vary", "accept")
      .send(html);
  });

  const gzipped = new Map<string, Promise<Buffer>>();
  app.get(`${EXPLORER_ASSETS_PATH}/:file`, { config: { public: true } }, async (request, reply) => {
    const file = (request.params as { file: string }).file;
    const asset = (await explorerAssets()).get(file);
    if (!asset) return reply.callNotFound();
    return sendAsset(request, reply, file, asset, gzipped);
  });
}

async function sendAsset(request: FastifyRequest, reply: FastifyReply, file: string, asset: Asset, gzipped: Map<string, Promise<Buffer>>) {
  reply.type(asset.type).header("cache-control", "public, max-age=31536000, immutable").header("vary", "accept-encoding");
  const compressible = /javascript|css|svg/.test(asset.type) && asset.contents.length > 1024;
  if (compressible && /\bgzip\b/.test(String(request.headers["accept-encoding"] ?? ""))) {
    let body = gzipped.get(file);
    if (!body) {
      body = promisify(gzip)(asset.contents);
      gzipped.set(file, body);
    }
    return reply.header("content-encoding", "gzip").send(await body);
  }
  return reply.send(asset.contents);
}

/** A browser navigating to /graphql: GET (or HEAD), no `query` parameter, text/html preferred over JSON. */
function isExplorerRequest(request: FastifyRequest): boolean {
  if (request.method !== "GET" && request.method !== "HEAD") return false;
  if (request.routeOptions.url !== ENDPOINT) return false;
  const search = request.url.indexOf("?");
  if (search >= 0 && new URLSearchParams(request.url.slice(search + 1)).has("query")) return false;
  return prefersHtml(request.headers.accept);
}

/**
 * Content negotiation as Apollo Server does it (the `negotiator` package): text/html must beat
 * every GraphQL response type on quality, then on the specificity of the range that matched it;
 * a tie goes to JSON. So browsers get the page, and `Accept: *\/*` (curl) or JSON clients do not.
 */
export function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  const ranges = accept.split(",").flatMap((part) => {
    const [mediaRange = "", ...params] = part.trim().split(";");
    const [type, subtype] = mediaRange.trim().toLowerCase().split("/");
    if (!type || !subtype) return [];
    const qParam = params.map((p) => p.trim().split("=")).find(([k]) => k?.trim().toLowerCase() === "q");
    const q = qParam ? Number(qParam[1]) : 1;
    return [{ type, subtype, q: Number.isFinite(q) ? q : 0 }];
  });
  const score = (mime: string): [number, number] => {
    const [type, subtype] = mime.split("/");
    let best: [number, number] = [0, -1];
    for (const r of ranges) {
      if ((r.type !== type && r.type !== "*") || (r.subtype !== subtype && r.subtype !== "*")) continue;
      const specificity = (r.type === type ? 2 : 0) + (r.subtype === subtype ? 1 : 0);
      if (specificity > best[1]) best = [r.q, specificity];
    }
    return best;
  };
  const html = score("text/html");
  if (html[0] <= 0) return false;
  return ["application/json", "application/graphql-response+json", "multipart/mixed"].every((mime) => {
    const other = score(mime);
    return html[0] > other[0] || (html[0] === other[0] && html[1] > other[1]);
  });
}

export interface ExplorerDefaults {
  /** The example operations as one document, each named and with its comments. */
  document: string;
  /** Variables for the examples' operations, as a JSON object with placeholder values. */
  variables: Record<string, unknown>;
  headers: Record<string, string>;
}

/**
 * The explorer's opening document, read from the example files at start-up: a short how-to, then
 * each example with its comments (re-wrapped to fit the editor). An anonymous operation gets a name
 * from its file name (portal-customers.graphql → PortalCustomers), as a document with several
 * operations needs; an operation written on one long line is pretty-printed. Throws when an example
 * does not parse, so a broken example fails start-up (and the tests).
 */
export function explorerDefaults(options: ExplorerOptions = {}, explorer: "graphiql" | "sandbox" = "graphiql"): ExplorerDefaults {
  const dir = options.examplesDir ?? EXAMPLES_DIR;
  const title = options.title ?? DEFAULT_TITLE;
  const parts = (
    explorer === "graphiql"
      ? [
          `# ${title}: examples from graphql/examples/.`,
          "# Run one with ▶ (it asks which) or Ctrl-Enter inside it.",
          "# Headers tab (below): request headers, e.g. Authorization.",
          "# Docs: the book icon on the left.",
        ]
      : [`# ${title}: examples from graphql/examples/.`, "# Request headers, e.g. Authorization: the Headers tab."]
  ).map(wrapComment);
  const variables: Record<string, unknown> = {};
  for (const file of options.examples ?? DEFAULT_EXAMPLES) {
    const source = readFileSync(path.join(dir, file), "utf8");
    parts.push("", `# ── ${file} ──`, exampleText(source, file));
    for (const definition of parse(source).definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
      for (const v of definition.variableDefinitions ?? []) {
        variables[v.variable.name.value] ??= v.defaultValue ? valueFromASTUntyped(v.defaultValue) : placeholder(v.type);
      }
    }
  }
  const document = `${parts.join("\n")}\n`;
  const operations = parse(document).definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const names = operations.map((o) => o.name?.value);
  if (names.some((n) => !n) || new Set(names).size !== names.length) {
    throw new Error(`explorer: the example operations need distinct names, got ${names.join(", ")}`);
  }
  return { document, variables, headers: { ...(options.defaultHeaders ?? {}) } };
}

const COMMENT_WIDTH = 60;

/** One example file: its comments kept (wrapped), anonymous operations named, one-liners printed. */
function exampleText(source: string, file: string): string {
  const baseName = path
    .basename(file, path.extname(file))
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join("");
  const definitions = parse(source).definitions;
  const anonymous = definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION && !d.name).length;
  let unnamed = 0;
  let out = "";
  let last = 0;
  for (const definition of definitions) {
    const { start, end } = definition.loc!;
    out += source.slice(last, start).split("\n").map(wrapComment).join("\n");
    let text = source.slice(start, end);
    if (definition.kind === Kind.OPERATION_DEFINITION) {
      const named: OperationDefinitionNode = definition.name
        ? definition
        : { ...definition, name: { kind: Kind.NAME, value: anonymous > 1 ? `${baseName}${++unnamed}` : baseName } };
      if (!text.includes("\n") && text.length > COMMENT_WIDTH) text = print(named);
      else if (!definition.name) {
        text = text.startsWith("{")
          ? `query ${named.name!.value} ${text}`
          : `${definition.operation} ${named.name!.value}${text.slice(definition.operation.length)}`;
      }
    }
    out += text;
    last = end;
  }
  return (out + source.slice(last).split("\n").map(wrapComment).join("\n")).trim();
}

/** A long `# …` comment line as several, at word boundaries; any other line as it is. */
function wrapComment(line: string): string {
  const match = /^(\s*#\s?)(.*)$/.exec(line);
  if (!match || line.length <= COMMENT_WIDTH) return line;
  const [, prefix = "# ", text = ""] = match;
  const lines: string[] = [];
  let current = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (current && prefix.length + current.length + 1 + word.length > COMMENT_WIDTH) {
      lines.push(prefix + current);
      current = word;
    } else current = current ? `${current} ${word}` : word;
  }
  if (current) lines.push(prefix + current);
  return lines.join("\n");
}

function placeholder(type: TypeNode): unknown {
  if (type.kind === Kind.NON_NULL_TYPE) return placeholder(type.type);
  if (type.kind === Kind.LIST_TYPE) return [];
  switch (type.name.value) {
    case "Int":
    case "Float":
      return 0;
    case "Boolean":
      return false;
    default:
      return "";
  }
}

function page(defaults: ExplorerDefaults, title: string): string {
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
