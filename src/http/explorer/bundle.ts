import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/**
 * The local explorer's front end, bundled from the installed npm packages (graphiql, react, react-dom
 * and, through @graphiql/react, monaco-editor and monaco-graphql) by esbuild: the packages ship ES
 * modules for bundlers, not browser-ready files. Built once per process on first use and kept in
 * memory; also cached on disk (node_modules/.cache) keyed by the packages' versions, so a restart
 * serves it at once. Nothing is ever fetched from the network.
 */

export interface Asset {
  contents: Buffer;
  type: string;
}

const require = createRequire(import.meta.url);
const CLIENT = path.join(import.meta.dirname, "client.js");
/** monaco-editor and monaco-graphql are @graphiql/react's dependencies: resolve them from there. */
const graphiqlReact = createRequire(require.resolve("@graphiql/react/package.json"));
const WORKERS = {
  "editor.worker": graphiqlReact.resolve("monaco-editor/esm/vs/editor/editor.worker.js"),
  "json.worker": graphiqlReact.resolve("monaco-editor/esm/vs/language/json/json.worker.js"),
  "graphql.worker": graphiqlReact.resolve("monaco-graphql/esm/graphql.worker.js"),
};
/** Monaco's worker labels (MonacoEnvironment.getWorker) → asset file. */
export const WORKER_FILES: Record<string, string> = {
  editorWorkerService: "editor.worker.js",
  json: "json.worker.js",
  graphql: "graphql.worker.js",
};

const TYPES: Record<string, string> = {
  ".js": "application/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".ttf": "font/ttf",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".svg": "image/svg+xml",
};

function versionOf(name: string, from: NodeJS.Require = require): string {
  return (JSON.parse(readFileSync(from.resolve(`${name}/package.json`), "utf8")) as { version: string }).version;
}

/** Changes whenever a bundled package, esbuild or the client entry changes. */
export const BUNDLE_VERSION = createHash("sha256")
  .update(
    JSON.stringify([
      versionOf("esbuild"),
      versionOf("graphiql"),
      versionOf("@graphiql/react"),
      versionOf("react"),
      versionOf("react-dom"),
      versionOf("monaco-editor", graphiqlReact),
      versionOf("monaco-graphql", graphiqlReact),
      readFileSync(CLIENT, "utf8"),
    ]),
  )
  .digest("hex")
  .slice(0, 16);

const CACHE_DIR = path.join(path.dirname(path.dirname(require.resolve("graphiql/package.json"))), ".cache", "tmf-graphql-explorer", BUNDLE_VERSION);

let building: Promise<Map<string, Asset>> | undefined;

/** The bundle's files by name (explorer.js, explorer.css, *.worker.js, fonts): built or read once. */
export function explorerAssets(): Promise<Map<string, Asset>> {
  if (!building) {
    building = readCache().then((cached) => cached ?? build());
    building.catch(() => {
      building = undefined; // let a later request try again
    });
  }
  return building;
}

async function build(): Promise<Map<string, Asset>> {
  const esbuild = await import("esbuild");
  const result = await esbuild.build({
    entryPoints: { explorer: CLIENT, ...WORKERS },
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2022",
    minify: true,
    legalComments: "none",
    write: false,
    outdir: "/explorer-assets",
    assetNames: "[name]-[hash]",
    loader: { ".ttf": "file", ".woff": "file", ".woff2": "file", ".svg": "file" },
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "silent",
  });
  const assets = new Map<string, Asset>();
  for (const file of result.outputFiles) {
    const name = path.relative("/explorer-assets", file.path);
    assets.set(name, { contents: Buffer.from(file.contents), type: TYPES[path.extname(name)] ?? "application/octet-stream" });
  }
  await writeCache(assets).catch(() => undefined); // a read-only node_modules only loses the cache
  return assets;
}

async function readCache(): Promise<Map<string, Asset> | undefined> {
  try {
    const names = JSON.parse(await readFile(path.join(CACHE_DIR, "manifest.json"), "utf8")) as string[];
    const assets = new Map<string, Asset>();
    for (const name of names) {
      assets.set(name, { contents: await readFile(path.join(CACHE_DIR, name)), type: TYPES[path.extname(name)] ?? "application/octet-stream" });
    }
    return assets;
  } catch {
    return undefined;
  }
}

/** Files first, manifest last, each renamed into place: concurrent processes never read half a cache. */
async function writeCache(assets: Map<string, Asset>): Promise<void> {
  await mkdir(CACHE_DIR, { recursive: true });
  const suffix = `.${process.pid}.tmp`;
  for (const [name, asset] of assets) {
    await writeFile(path.join(CACHE_DIR, name + suffix), asset.contents);
    await rename(path.join(CACHE_DIR, name + suffix), path.join(CACHE_DIR, name));
  }
  await writeFile(path.join(CACHE_DIR, `manifest.json${suffix}`), JSON.stringify([...assets.keys()]));
  await rename(path.join(CACHE_DIR, `manifest.json${suffix}`), path.join(CACHE_DIR, "manifest.json"));
  // Bundles of earlier package versions are of no further use.
  const parent = path.dirname(CACHE_DIR);
  for (const entry of await readdir(parent)) {
    if (entry !== BUNDLE_VERSION) await rm(path.join(parent, entry), { recursive: true, force: true });
  }
}
