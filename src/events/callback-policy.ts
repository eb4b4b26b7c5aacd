import { lookup as systemLookup } from "node:dns/promises";
import { isIP, type LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";
import { badInput } from "../errors.js";

/** One address a callback's host resolved to. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to all its addresses (the system resolver by default: getaddrinfo, /etc/hosts). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

/**
 * A callback that passed the policy, with the addresses it was checked against: a connection to it
 * must use `lookup` (which answers those addresses and nothing else), so what is connected to is what
 * was checked — no second resolution between the check and the connection (DNS rebinding).
 */
export interface CallbackTarget {
  url: URL;
  /** The URL's host as a connection names it: IPv6 literals without brackets (TLS keeps it for SNI). */
  hostname: string;
  addresses: readonly ResolvedAddress[];
  lookup: LookupFunction;
}

const systemResolver: Resolver = async (hostname) =>
  (await systemLookup(hostname, { all: true })).map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));

/**
 * Which listener callbacks the hub accepts and the dispatcher calls, so the hub cannot be used to
 * reach internal services.
 *
 * - No allow-list (the production default): every address the host resolves to must be global
 *   unicast — see `isGlobalUnicast`: loopback, private, link-local, unique-local, site-local,
 *   carrier-grade NAT, multicast, broadcast, unspecified, reserved, documentation and benchmarking
 *   ranges are refused, also when embedded in an IPv6 address (IPv4-mapped, NAT64, 6to4, Teredo…).
 * - `allow` (EVENTS_CALLBACK_ALLOW) replaces that rule by an explicit list of hosts, IPs and CIDRs;
 *   `*` allows any address.
 *
 * The WHATWG URL parser normalises the host first (`2130706433`, `0x7f.1` → `127.0.0.1`), so the
 * checked address is the one a connection would use. Hosts are resolved once per check; `target()`
 * returns the checked addresses with a lookup pinned to them for the connection.
 */
export class CallbackPolicy {
  private readonly hosts = new Set<string>();
  private readonly ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];
  private readonly any: boolean;
  private readonly restricted: boolean;
  private readonly resolver: Resolver;

  constructor(allow: string[], options: { resolver?: Resolver } = {}) {
    this.any = allow.includes("*");
    this.restricted = allow.length > 0;
    this.resolver = options.resolver ?? systemResolver;
    for (const entry of allow) {
      if (entry === "*") continue;
      const bare = entry.replace(/^\[(.*)\]$/, "$1");
      if (bare.includes("/")) {
        let range: [ipaddr.IPv4 | ipaddr.IPv6, number];
        try {
          const [network, prefix] = bare.split("/");
          range = ipaddr.parseCIDR(`${canonicalAddress(network!) ?? "invalid"}/${prefix}`);
        } catch {
          throw new Error(`EVENTS_CALLBACK_ALLOW: "${entry}" is not a valid CIDR`);
        }
        const [address, prefix] = range;
        // ::ffff:a.b.c.d/104 is a.b.c.d/8: resolved addresses are compared in their IPv4 form.
        this.ranges.push(address.kind() === "ipv6" && prefix >= 96 && canonical(address).kind() === "ipv4" ? [canonical(address), prefix - 96] : range);
        continue;
      }
      const host = isIP(bare) ? bare : normalHost(bare);
      const parsed = parseAddress(host);
      if (parsed) {
        const address = canonical(parsed);
        this.ranges.push([address, address.kind() === "ipv4" ? 32 : 128]);
      } else {
        this.hosts.add(host);
      }
    }
  }

  /** Parses and checks a callback URL (resolving its host); throws 400 with the reason when it is not acceptable. */
  async check(callback: unknown): Promise<URL> {
    const { url, hostname, trusted } = this.parse(callback);
    // A host the operator named (or "*") needs no resolution to be accepted; the connection still gets a pinned one.
    if (!trusted) await this.resolveChecked(hostname);
    return url;
  }

  /** Checks a callback and resolves it once, for a connection pinned to the checked addresses. */
  async target(callback: unknown): Promise<CallbackTarget> {
    const { url, hostname, trusted } = this.parse(callback);
    const addresses = trusted ? await this.resolveAll(hostname) : await this.resolveChecked(hostname);
    return { url, hostname, addresses, lookup: pinnedLookup(hostname, addresses) };
  }

  /** Whether an address may be called: in the allow-list when there is one, else global unicast. */
  allows(address: string): boolean {
    if (this.any) return true;
    if (!this.restricted) return isGlobalUnicast(address);
    const parsed = parseAddress(address);
    if (!parsed) return false;
    const ip = canonical(parsed);
    return this.ranges.some((range) => range[0].kind() === ip.kind() && ip.match(range));
  }

  private parse(callback: unknown): { url: URL; hostname: string; trusted: boolean } {
    let url: URL;
    try {
      url = new URL(String(callback));
    } catch {
      throw badInput(`callback ${JSON.stringify(callback)} is not a valid URL`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") throw badInput("callback must be an http or https URL");
    if (url.username || url.password) throw badInput("callback must not carry credentials");
    const hostname = url.hostname.replace(/^\[(.*)\]$/, "$1");
    return { url, hostname, trusted: this.any || (!isIP(hostname) && this.hosts.has(normalHost(hostname))) };
  }

  /** The host's addresses (itself when it is an IP literal), deduplicated; 400 when there are none. */
  private async resolveAll(hostname: string): Promise<ResolvedAddress[]> {
    const family = isIP(hostname);
    if (family) return [{ address: canonicalAddress(hostname) ?? hostname, family: family === 6 ? 6 : 4 }];
    const answers = await this.resolver(hostname).catch(() => [] as ResolvedAddress[]);
    const seen = new Set<string>();
    const addresses: ResolvedAddress[] = [];
    for (const answer of answers) {
      const address = canonicalAddress(answer.address);
      if (address === undefined) throw badInput(`callback host ${hostname} resolved to something that is not an address`);
      const kind = isIP(address);
      if (seen.has(address)) continue;
      seen.add(address);
      addresses.push({ address, family: kind === 6 ? 6 : 4 });
    }
    if (!addresses.length) throw badInput(`callback host ${hostname} cannot be resolved`);
    return addresses;
  }

  /** All of the host's addresses, when every one of them is allowed (one bad answer refuses the host). */
  private async resolveChecked(hostname: string): Promise<ResolvedAddress[]> {
    const addresses = await this.resolveAll(hostname);
    for (const { address } of addresses) {
      if (!this.allows(address)) throw badInput(`callback host ${hostname} (${address}) is not an allowed listener address`);
    }
    return addresses;
  }
}

/**
 * A `lookup` for node:net / node:http(s) that answers only these (checked) addresses for this host
 * name and never asks a resolver. Honours the family and `all` options (happy eyeballs).
 */
export function pinnedLookup(hostname: string, addresses: readonly ResolvedAddress[]): LookupFunction {
  return (host, options, callback) => {
    const family = options.family === 4 || options.family === "IPv4" ? 4 : options.family === 6 || options.family === "IPv6" ? 6 : 0;
    const usable = addresses.filter((a) => !family || a.family === family);
    process.nextTick(() => {
      if (host !== hostname || !usable.length) {
        const err: NodeJS.ErrnoException = new Error(`${host} has no checked address${family ? ` of family IPv${family}` : ""}`);
        err.code = "ENOTFOUND";
        callback(err, "", 0);
      } else if (options.all) {
        callback(
          null,
          usable.map(({ address, family }) => ({ address, family })),
        );
      } else {
        callback(null, usable[0]!.address, usable[0]!.family);
      }
    });
  };
}

const GLOBAL_UNICAST_V6: [ipaddr.IPv6, number] = [ipaddr.IPv6.parse("2000::"), 3];
const NAT64_WELL_KNOWN: [ipaddr.IPv6, number] = [ipaddr.IPv6.parse("64:ff9b::"), 96];

/**
 * True for a global unicast address, from ipaddr.js's range table (nothing hand-listed):
 * - IPv4: only range "unicast" (everything else — private, loopback, linkLocal, carrierGradeNat,
 *   multicast, broadcast, unspecified, reserved incl. documentation/benchmarking/240/4, as112, amt —
 *   is refused);
 * - IPv6: range "unicast" and inside the IANA global unicast block 2000::/3 (so IPv4-compatible
 *   `::a.b.c.d`, discard, site-local fec0::/10 and any unassigned space are refused), or a range that
 *   embeds an IPv4 address — ipv4Mapped, rfc6145, rfc6052 (the well-known 64:ff9b::/96 only; the
 *   local-use 64:ff9b:1::/48 is refused), 6to4, teredo (server and client) — whose embedded IPv4
 *   addresses are all global unicast themselves.
 * Anything that does not parse is refused.
 */
export function isGlobalUnicast(address: string | ipaddr.IPv4 | ipaddr.IPv6): boolean {
  const ip = typeof address === "string" ? parseAddress(address) : address;
  if (!ip) return false;
  if (ip.kind() === "ipv4") return (ip as ipaddr.IPv4).range() === "unicast";
  const v6 = ip as ipaddr.IPv6;
  const p = v6.parts;
  const v4 = (hi: number, lo: number) => new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  // ipaddr.js 2.5 also names deprecatedSiteLocal, discard, segmentRouting… (not in its typings): all refused.
  switch (v6.range() as string) {
    case "unicast":
      return v6.match(GLOBAL_UNICAST_V6);
    case "ipv4Mapped":
    case "rfc6145":
      return isGlobalUnicast(v4(p[6]!, p[7]!));
    case "rfc6052":
      return v6.match(NAT64_WELL_KNOWN) && isGlobalUnicast(v4(p[6]!, p[7]!));
    case "6to4":
      return isGlobalUnicast(v4(p[1]!, p[2]!));
    case "teredo":
      // 2001:0:<server IPv4>:<flags>:<port ^ 0xffff>:<client IPv4 ^ 0xffffffff>
      return isGlobalUnicast(v4(p[2]!, p[3]!)) && isGlobalUnicast(v4(p[6]! ^ 0xffff, p[7]! ^ 0xffff));
    default:
      return false;
  }
}

/**
 * An address in its canonical text (IPv6 as the WHATWG URL parser serialises it: hex groups only),
 * or undefined when the text is not an IP address. ipaddr.js reads `::a.b.c.d` as IPv4-mapped
 * (`::ffff:a.b.c.d`), while the socket layer reads it as IPv4-compatible (`::a.b.c.d`): checking the
 * canonical text keeps both readings the same.
 */
export function canonicalAddress(text: string): string | undefined {
  const kind = isIP(text);
  if (kind === 4) return text;
  if (kind !== 6) return undefined;
  try {
    return new URL(`http://[${text}]/`).hostname.slice(1, -1);
  } catch {
    return undefined; // e.g. a zone id (fe80::1%eth0): never a listener address
  }
}

function parseAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  const address = canonicalAddress(text);
  return address === undefined ? undefined : ipaddr.parse(address);
}

/** IPv4-mapped IPv6 addresses as the IPv4 address they are (so allow-listed IPv4 ranges match them). */
function canonical(ip: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 {
  return ip.kind() === "ipv6" && (ip as ipaddr.IPv6).isIPv4MappedAddress() ? (ip as ipaddr.IPv6).toIPv4Address() : ip;
}

/** A host name as the URL parser writes it (lower case, punycode), without a trailing dot. */
function normalHost(host: string): string {
  let name = host.toLowerCase();
  try {
    name = new URL(`http://${host}/`).hostname;
  } catch {
    // keep the lower-cased text
  }
  return name.replace(/\.$/, "");
}
