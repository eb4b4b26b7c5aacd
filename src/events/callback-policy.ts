import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { badInput } from "../errors.js";

/**
 * Which listener callbacks the hub accepts and the dispatcher calls, so the hub cannot be used to
 * reach internal services. `allow` lists hosts, IPs and CIDRs (or "*" for any). With no list, only
 * public addresses are allowed: loopback, private, link-local and unique-local ranges are refused.
 * Hostnames are resolved, at registration and again before every delivery.
 */
export class CallbackPolicy {
  private readonly hosts = new Set<string>();
  private readonly allowed = new BlockList();
  private readonly any: boolean;
  private readonly restricted: boolean;

  constructor(allow: string[]) {
    this.any = allow.includes("*");
    this.restricted = allow.length > 0;
    for (const entry of allow) {
      const [address, prefix] = entry.split("/");
      const family = isIP(address!);
      if (family && prefix) this.allowed.addSubnet(address!, Number(prefix), family === 6 ? "ipv6" : "ipv4");
      else if (family) this.allowed.addAddress(address!, family === 6 ? "ipv6" : "ipv4");
      else this.hosts.add(entry.toLowerCase());
    }
  }

  /** Parses and checks a callback URL; throws 400 with the reason when it is not acceptable. */
  async check(callback: unknown): Promise<URL> {
    let url: URL;
    try {
      url = new URL(String(callback));
    } catch {
      throw badInput(`callback ${JSON.stringify(callback)} is not a valid URL`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") throw badInput("callback must be an http or https URL");
    if (url.username || url.password) throw badInput("callback must not carry credentials");
    if (this.any) return url;
    const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
    if (this.hosts.has(host)) return url;
    const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await lookup(host, { all: true }).catch(() => []);
    if (!addresses.length) throw badInput(`callback host ${host} cannot be resolved`);
    for (const { address, family } of addresses) {
      const type = family === 6 ? "ipv6" : "ipv4";
      const ok = this.restricted ? this.allowed.check(address, type) : !INTERNAL.check(address, type);
      if (!ok) throw badInput(`callback host ${host} (${address}) is not an allowed listener address`);
    }
    return url;
  }
}

const INTERNAL = new BlockList();
for (const [net, prefix] of [["127.0.0.0", 8], ["10.0.0.0", 8], ["172.16.0.0", 12], ["192.168.0.0", 16], ["169.254.0.0", 16], ["0.0.0.0", 8], ["100.64.0.0", 10]] as const) {
  INTERNAL.addSubnet(net, prefix, "ipv4");
}
for (const [net, prefix] of [["::1", 128], ["fc00::", 7], ["fe80::", 10], ["::", 128]] as const) INTERNAL.addSubnet(net, prefix, "ipv6");
