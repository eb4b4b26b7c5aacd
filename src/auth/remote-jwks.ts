import { createRemoteJWKSet, customFetch, type FetchImplementation, type JWTVerifyGetKey } from "jose";
import ipaddr from "ipaddr.js";

/** How the issuer's keys are fetched: JWT_JWKS_URL (or the issuer's discovery), JWT_JWKS_* bounds. */
export interface RemoteKeysConfig {
  timeoutMs: number;
  /** Least time between two fetches: after one that brought keys (jose's cooldown) or one that failed. */
  cooldownMs: number;
  /** Keys older than this are fetched again before the next token is verified. */
  cacheMaxAgeMs: number;
}

/** What one answer of the issuer may hold: a JWKS or discovery document is a few KiB. */
export const REMOTE_LIMITS = { bytes: 65_536, keys: 50 } as const;

/** The remote key set, and how many times it was fetched (each attempt) and how many of those failed. */
export interface RemoteKeys {
  getKey: JWTVerifyGetKey & { reload(): Promise<void> };
  fetches(): { attempts: number; failures: number };
}

/**
 * The issuer's JWKS at `url`, through jose's createRemoteJWKSet: fetched when first needed (or by
 * `reload()` at start), kept `cacheMaxAgeMs`, fetched again for a token whose `kid` it does not hold
 * at most once per `cooldownMs`, concurrent needs sharing one fetch. jose would fetch again for
 * every token while it holds no keys (the endpoint down at start) or its keys are stale and the
 * endpoint fails: here a failed fetch also holds the next one back for `cooldownMs`, the tokens in
 * between refused at once. Each answer is read within `timeoutMs`, at most REMOTE_LIMITS.bytes and
 * REMOTE_LIMITS.keys; redirects are refused.
 */
export function remoteKeys(url: URL, config: RemoteKeysConfig, onFailure: (message: string) => void): RemoteKeys {
  let attempts = 0;
  let failures = 0;
  let failedAt = Number.NEGATIVE_INFINITY;
  const fetchKeys: FetchImplementation = async (href, options) => {
    if (Date.now() - failedAt < config.cooldownMs) throw new Error("the issuer's keys could not be fetched recently; not retried before the cooldown");
    attempts++;
    try {
      const jwks = await boundedJson(href, options.signal, options.headers);
      const keys = (jwks as { keys?: unknown }).keys;
      if (!Array.isArray(keys)) throw new Error("its answer is no JWKS (no keys array)");
      if (keys.length > REMOTE_LIMITS.keys) throw new Error(`its answer holds ${keys.length} keys, more than ${REMOTE_LIMITS.keys}`);
      return new Response(JSON.stringify(jwks), { status: 200, headers: { "content-type": "application/json" } });
    } catch (err) {
      failedAt = Date.now();
      failures++;
      onFailure(`JWKS ${href} could not be fetched: ${(err as Error).message}`);
      throw err;
    }
  };
  const getKey = createRemoteJWKSet(url, {
    timeoutDuration: config.timeoutMs,
    cooldownDuration: config.cooldownMs,
    cacheMaxAge: config.cacheMaxAgeMs,
    [customFetch]: fetchKeys,
  });
  return { getKey, fetches: () => ({ attempts, failures }) };
}

/**
 * Whether keys fetched from `url` could be swapped on the way: plain http to a host other than
 * loopback (`localhost`, 127.0.0.0/8, ::1, ::ffff:127.0.0.0/104). Whoever can do that can sign any token the gateway
 * accepts; refused at start unless JWT_JWKS_ALLOW_HTTP says the network path is trusted.
 */
export function plainHttp(url: URL): boolean {
  if (url.protocol !== "http:") return false;
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  return host !== "localhost" && !(ipaddr.isValid(host) && ipaddr.process(host).range() === "loopback");
}

/** Why a plain-http key source off loopback is refused, and how to proceed. */
export const PLAIN_HTTP_REFUSED =
  "is plain http to a host other than loopback: whoever is on the network path could swap the issuer's keys and sign any token; use https, or set JWT_JWKS_ALLOW_HTTP=true where that path is trusted (a cluster-internal service)";

/** Start-up stops with its message in one line (src/main.ts: an error with a code has no stack). */
const discoveryFailure = (message: string) => Object.assign(new Error(message), { code: "OIDC_DISCOVERY" });

/**
 * OIDC discovery, once at start: the `jwks_uri` of `issuer`'s `/.well-known/openid-configuration`,
 * whose `issuer` must be `issuer` itself (OpenID Connect Discovery §4.3), and which is no plain-http
 * URL off loopback unless `allowHttp`. Throws a sentence saying what failed.
 */
export async function discoverJwksUri(issuer: string, timeoutMs: number, allowHttp: boolean): Promise<URL> {
  const where = `${issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`;
  let document: Record<string, unknown>;
  try {
    document = (await boundedJson(where, AbortSignal.timeout(timeoutMs))) as Record<string, unknown>;
  } catch (err) {
    throw discoveryFailure(`OIDC_DISCOVERY: ${where} could not be read within ${timeoutMs} ms: ${(err as Error).message}`);
  }
  if (document.issuer !== issuer) throw discoveryFailure(`OIDC_DISCOVERY: ${where} names the issuer "${String(document.issuer)}", not JWT_ISSUER "${issuer}"`);
  if (typeof document.jwks_uri !== "string" || !URL.canParse(document.jwks_uri) || !/^https?:$/.test(new URL(document.jwks_uri).protocol)) {
    throw discoveryFailure(`OIDC_DISCOVERY: ${where} has no http(s) jwks_uri`);
  }
  const jwksUri = new URL(document.jwks_uri);
  if (plainHttp(jwksUri) && !allowHttp) throw discoveryFailure(`OIDC_DISCOVERY: the jwks_uri ${jwksUri.href} that ${where} names ${PLAIN_HTTP_REFUSED}`);
  return jwksUri;
}

/** A GET answered 200 with JSON of at most REMOTE_LIMITS.bytes, read before `signal` aborts. */
async function boundedJson(href: string, signal: AbortSignal, headers?: Headers): Promise<unknown> {
  const response = await fetch(href, { method: "GET", signal, redirect: "manual", headers: headers ?? { accept: "application/json" } });
  if (response.status !== 200) {
    await response.body?.cancel();
    throw new Error(`answered ${response.status}`);
  }
  const declared = Number(response.headers.get("content-length") ?? 0);
  if (declared > REMOTE_LIMITS.bytes) {
    await response.body?.cancel();
    throw new Error(`its answer is larger than ${REMOTE_LIMITS.bytes} bytes`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  for (let read = await reader?.read(); read && !read.done; read = await reader!.read()) {
    size += read.value.byteLength;
    if (size > REMOTE_LIMITS.bytes) {
      await reader!.cancel().catch(() => undefined);
      throw new Error(`its answer is larger than ${REMOTE_LIMITS.bytes} bytes`);
    }
    chunks.push(read.value);
  }
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}
