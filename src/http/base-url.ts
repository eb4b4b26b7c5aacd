import { LRUCache } from "lru-cache";
import type { IncomingMessage } from "node:http";
import ipaddr from "ipaddr.js";
import type { Config } from "../config.js";

/** What decides the base of `href`s: PUBLIC_BASE_URL, else the request as far as TRUST_PROXY lets a proxy describe it. */
export type HrefBaseConfig = Pick<Config, "publicBaseUrl" | "trustProxy">;

/** A request as it arrived: an HTTP request's (Fastify's `request.raw`) or a WebSocket upgrade's. */
export type Arrival = Pick<IncomingMessage, "headers" | "socket">;

/**
 * Scheme and host for absolute `href`s, on every carrier (REST, /graphql, subscriptions, docs):
 * PUBLIC_BASE_URL when configured; otherwise what the client used — X-Forwarded-Proto and
 * X-Forwarded-Host (their last entry: the one the nearest proxy added) only when the peer is a
 * trusted proxy (TRUST_PROXY), else the connection's scheme and the Host header. A header that is
 * not a host (or a scheme) is ignored, so an href is always a valid URL.
 */
export function baseUrlOf(arrival: Arrival, { publicBaseUrl, trustProxy }: HrefBaseConfig): string {
  if (publicBaseUrl) return publicBaseUrl;
  const proxied = trustsProxy(trustProxy)(arrival.socket?.remoteAddress);
  const forwardedProto = proxied ? lastEntry(arrival.headers["x-forwarded-proto"])?.toLowerCase() : undefined;
  const proto =
    forwardedProto === "https" || forwardedProto === "http"
      ? forwardedProto
      : (arrival.socket as { encrypted?: boolean } | undefined)?.encrypted
        ? "https"
        : "http";
  const forwardedHost = proxied ? hostOrUndefined(lastEntry(arrival.headers["x-forwarded-host"])) : undefined;
  return `${proto}://${forwardedHost ?? hostOrUndefined(arrival.headers.host) ?? "localhost"}`;
}

/**
 * The client's address as Fastify's `request.ip` has it (proxy-addr's rule), for a request Fastify
 * does not see (a WebSocket upgrade): the peer, or — while the address at hand is a trusted proxy —
 * the next X-Forwarded-For entry from the right.
 */
export function clientAddressOf(arrival: Arrival, trustProxy: Config["trustProxy"]): string {
  const trusts = trustsProxy(trustProxy);
  const forwarded = [arrival.headers["x-forwarded-for"]]
    .flat()
    .join(",")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  let address = arrival.socket?.remoteAddress ?? "unknown";
  while (trusts(address) && forwarded.length) address = forwarded.pop()!;
  return address;
}

const compiled = new WeakMap<string[], (address: string | undefined) => boolean>();
/** Peer addresses whose trust is remembered (forgotten all at once past this). */
const MAX_DECIDED_PEERS = 1_000;

/**
 * Whether a peer address is a proxy whose X-Forwarded-* headers are believed — also Fastify's
 * `trustProxy`, so `request.ip` (rate limit, logs) follows the same rule as the hrefs.
 */
export function trustsProxy(trustProxy: Config["trustProxy"]): (address: string | undefined) => boolean {
  if (typeof trustProxy === "boolean") return () => trustProxy;
  let trusts = compiled.get(trustProxy);
  if (!trusts) {
    const ranges = trustProxy.map((cidr) => ipaddr.parseCIDR(cidr));
    const decide = (address: string | undefined) => {
      if (!address || !ipaddr.isValid(address)) return false;
      const ip = ipaddr.process(address); // ::ffff:10.1.2.3 is 10.1.2.3
      return ranges.some((range) => range[0].kind() === ip.kind() && ip.match(range));
    };
    // Asked several times per request (hrefs, request.ip for the rate limit, logs, spans) about a few peers.
    const decided = new LRUCache<string, boolean>({ max: MAX_DECIDED_PEERS });
    trusts = (address) => {
      if (!address) return false;
      let trusted = decided.get(address);
      if (trusted === undefined) {
        trusted = decide(address);
        decided.set(address, trusted);
      }
      return trusted;
    };
    compiled.set(trustProxy, trusts);
  }
  return trusts;
}

function lastEntry(value: string | string[] | undefined): string | undefined {
  const last = Array.isArray(value) ? value[value.length - 1] : value;
  return last?.split(",").pop()?.trim() || undefined;
}

/** A host[:port] as URL's parser takes it (a name, an IPv4 or a bracketed IPv6 literal), else undefined. */
function hostOrUndefined(value: string | undefined): string | undefined {
  return value && /^(?:[a-z0-9_-]+(?:\.[a-z0-9_-]+)*\.?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i.test(value) ? value : undefined;
}
