import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { explorerAssets, type Asset } from "./bundle.js";
import { EXPLORER_ASSETS_PATH } from "./options.js";

/**
 * GET /graphql/explorer/assets/:file — the bundle's files (see bundle.ts), public, cached for a
 * year (their URLs carry the bundle version), gzipped once per file for clients that accept it.
 */
export function registerExplorerAssets(app: FastifyInstance): void {
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
