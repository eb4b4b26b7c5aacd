import pg from "pg";

/**
 * libpq's multi-host connection strings, which node-postgres does not parse:
 * `postgresql://user@h1:5432,h2:5433/db?target_session_attrs=read-write`. A connection goes to the
 * first host, in order, that accepts it and has the session attributes asked for — after a failover,
 * the new primary. What pg_auto_failover's `pg_autoctl show uri` prints, and what managed
 * PostgreSQL services with a standby hand out.
 */

/** The target_session_attrs values understood (libpq's, less prefer-standby). */
const ATTRS = ["any", "read-write", "read-only", "primary", "standby"] as const;
type SessionAttrs = (typeof ATTRS)[number];

/** The check of each attribute, on a connected session: true when the session has it. */
const CHECKS: Record<Exclude<SessionAttrs, "any">, string> = {
  "read-write": "SELECT current_setting('transaction_read_only') = 'off' AS ok",
  "read-only": "SELECT current_setting('transaction_read_only') = 'on' AS ok",
  primary: "SELECT NOT pg_is_in_recovery() AS ok",
  standby: "SELECT pg_is_in_recovery() AS ok",
};

export interface MultiHostUrl {
  /** One single-host URL per host, in order, without target_session_attrs. */
  urls: string[];
  attrs: SessionAttrs;
}

const URL_PARTS = /^(postgres(?:ql)?:\/\/)([^@/?#]*@)?([^/?#]*)(.*)$/;

/** The hosts of a connection URL and the session attributes it asks for; undefined for a plain one-host URL without them. */
export function parseMultiHost(url: string): MultiHostUrl | undefined {
  const parts = URL_PARTS.exec(url);
  if (!parts) return undefined;
  const [, scheme, userinfo = "", hostList = "", rest = ""] = parts;
  const [pathPart, query = ""] = rest.split("?", 2) as [string, string?];
  const params = new URLSearchParams(query);
  const attrs = (params.get("target_session_attrs") ?? "any") as SessionAttrs;
  if (!ATTRS.includes(attrs)) throw new Error(`target_session_attrs=${attrs} is not one of ${ATTRS.join(", ")}`);
  const hosts = hostList.split(",").filter(Boolean);
  if (hosts.length <= 1 && attrs === "any") return undefined;
  params.delete("target_session_attrs");
  const tail = `${pathPart}${params.size ? `?${params.toString()}` : ""}`;
  return { urls: hosts.map((host) => `${scheme}${userinfo}${host}${tail}`), attrs };
}

/** Whether a connected client's session has the attributes asked for. */
async function hasAttrs(client: pg.Client, attrs: SessionAttrs): Promise<boolean> {
  if (attrs === "any") return true;
  const { rows } = await client.query<{ ok: boolean }>(CHECKS[attrs]);
  return rows[0]!.ok;
}

/**
 * A connected client on the first host, in order, that accepts a connection and has the session
 * attributes; the host found last time is tried first (the primary, most of the time).
 */
export class HostSelector {
  private preferred = 0;

  constructor(
    private readonly target: MultiHostUrl,
    private readonly config: pg.ClientConfig,
  ) {}

  /** The single-host URL of the first fitting host (for a one-off client: migrations, checks). */
  async url(): Promise<string> {
    const { client, url } = await this.connect();
    await client.end().catch(() => undefined);
    return url;
  }

  async connect(): Promise<{ client: pg.Client; url: string }> {
    const { urls, attrs } = this.target;
    const errors: string[] = [];
    for (let i = 0; i < urls.length; i++) {
      const index = (this.preferred + i) % urls.length;
      const client = new pg.Client({ ...this.config, connectionString: urls[index] });
      client.on("error", () => undefined); // a failure surfaces as connect's or the query's
      try {
        await client.connect();
        if (await hasAttrs(client, attrs)) {
          this.preferred = index;
          return { client, url: urls[index]! };
        }
        errors.push(`${hostOf(urls[index]!)}: not ${attrs}`);
      } catch (err) {
        errors.push(`${hostOf(urls[index]!)}: ${(err as Error).message}`);
      }
      await client.end().catch(() => undefined);
    }
    const error = new Error(`no ${attrs} server among ${urls.map(hostOf).join(", ")} (${errors.join("; ")})`) as Error & { code: string };
    error.code = "ECONNREFUSED"; // the database is unavailable: 503, retry later
    throw error;
  }
}

const hostOf = (url: string) => URL_PARTS.exec(url)?.[3] ?? url;

/** A one-host URL for a one-off client (migrations, the version check): a multi-host URL's current fitting host. */
export async function currentHostUrl(url: string): Promise<string> {
  const target = parseMultiHost(url);
  return target ? new HostSelector(target, {}).url() : url;
}

/**
 * A pg.Client class for pg.Pool whose instances connect through `selector`: each new pooled
 * connection goes to the current fitting host. The connection is made by the selector, then the
 * pool's client takes it over by connecting to the host it found (pg clients cannot be re-aimed
 * once connected); the session check runs again on it.
 */
export function clientThrough(selector: HostSelector, attrs: SessionAttrs): typeof pg.Client {
  const connectToSelected = async (client: pg.Client): Promise<pg.Client> => {
    // Until the pool has the client (and its error listener), a server going away (a node demoted
    // during a failover, while the client found it read-only and ends) must not be an unhandled `error`.
    const unowned = () => undefined;
    client.on("error", unowned);
    const target = new pg.Client({ connectionString: await selector.url() });
    const aimed = client as unknown as { host: string; port: number; connectionParameters: { host: string; port: number } };
    aimed.host = aimed.connectionParameters.host = target.host;
    aimed.port = aimed.connectionParameters.port = target.port;
    await (pg.Client.prototype.connect as () => Promise<pg.Client>).call(client);
    if (!(await hasAttrs(client, attrs))) {
      await client.end().catch(() => undefined);
      throw Object.assign(new Error(`${target.host}:${target.port} is no longer ${attrs}`), { code: "ECONNREFUSED" });
    }
    client.removeListener("error", unowned);
    return client;
  };
  class SelectedHostClient extends pg.Client {}
  // pg.Pool connects with a callback; a caller of its own may await.
  SelectedHostClient.prototype.connect = function (this: pg.Client, callback?: (err: Error | null, client?: pg.Client) => void) {
    const connected = connectToSelected(this);
    if (!callback) return connected;
    connected.then(
      (client) => callback(null, client),
      (err: Error) => callback(err),
    );
  } as pg.Client["connect"];
  return SelectedHostClient;
}
