import ipaddr from "ipaddr.js";
import type { AuthConfig } from "./auth/authenticator.js";
import { tracingConfig, type TracingConfig } from "./telemetry/tracing.js";
import { bool, ConfigError, int, list, parseExplorerHeaders, parseExplorerMode, type ExplorerMode } from "./config-values.js";
import { authConfig } from "./config-auth.js";

export { ConfigError, type ExplorerMode };

/** Every environment variable the gateway reads, parsed and validated once at start-up. */
export interface Config {
  host: string;
  port: number;
  /** PostgreSQL server to use; when unset an embedded PostgreSQL is started in `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
  embeddedPgPort?: number;
  dbPoolSize: number;
  /** false behind PgBouncer < 1.21 in transaction pooling: statements are sent unnamed. */
  preparedStatements: boolean;
  /** DATABASE_STATEMENT_TIMEOUT_MS: the longest a statement of the service's pools may run (0: the server's setting). */
  statementTimeoutMs: number;
  /** A direct (session) connection for LISTEN/NOTIFY and the outbox dispatcher, when DATABASE_URL is a transaction pooler's. */
  databaseListenUrl?: string;
  /** OpenTelemetry (the standard OTEL_* variables; off without an OTLP endpoint). */
  tracing: TracingConfig;
  /** Streaming replicas that serve the reads of collections (see src/db/read-replicas.ts). */
  readReplicas: { urls: string[]; maxLagMs: number; probeMs: number };
  logLevel: string;
  /** Public base URL used for `href`s when set (else derived from the request / X-Forwarded-*). */
  publicBaseUrl?: string;
  /** Which peers' X-Forwarded-* headers are believed: all (true), none (false), or those of these CIDRs. */
  trustProxy: boolean | string[];
  /** NODE_ENV=production: production defaults (introspection off). */
  production: boolean;
  bodyLimit: number;
  /** How long a client may take to send a request (and its headers), and keep an idle connection open. */
  http: { requestTimeoutMs: number; headersTimeoutMs: number; keepAliveTimeoutMs: number };
  /** Deepest nesting of a JSON body or of GraphQL variables. */
  jsonMaxDepth: number;
  auth: AuthConfig;
  /** Requests per window per credential (or client address); 0 turns rate limiting off. */
  rateLimit: { max: number; windowMs: number };
  /** Failed authentications per client address per rate limit window before it is blocked; 0 turns the guard off. */
  authFailuresMax: number;
  corsOrigins: string[];
  /** Distinct operation names /metrics labels, beyond the trusted and example ones (the rest: "other"). */
  metricsOperationNames: number;
  events: EventsConfig;
  /** GET /graphql in a browser: EXPLORER (sandbox | local | off) and EXPLORER_DEFAULT_HEADERS (JSON object). */
  explorer: { mode: ExplorerMode; defaultHeaders: Record<string, string> };
  /** maxTokens: largest GraphQL document, in lexical tokens (refused while parsing). */
  graphql: {
    maxDepth: number;
    maxCost: number;
    maxAliases: number;
    maxTokens: number;
    introspection: boolean;
    /** "Did you mean …?" suggestions in error messages (they spell out the schema). */
    suggestions: boolean;
    /** graphql-ws: live subscriptions one socket, and one principal over all its sockets, may hold. */
    maxSubscriptionsPerSocket: number;
    maxSubscriptionsPerPrincipal: number;
    /** Only the operations of the trusted documents manifest run (src/graphql/trusted-documents.ts). */
    trustedDocuments: boolean;
    trustedManifest?: string;
    /**
     * GRAPHQL_TRUSTED_ROUTERS: the federation routers whose operations run on /graphql beside the
     * manifest's, as principal ids (`key:<API key name>`, `jwt:<subject>`): a router's query plans are
     * generated from its clients' operations, which the router's own safelist guards.
     */
    trustedRouters: string[];
  };
  /** SCHEMA_DIR: the operator's JSON schemas, by `$id`, for the `@schemaLocation`s of written resources. */
  schemaDir?: string;
  /** LIST_COUNT_MAX, LIST_MAX_OFFSET, LIST_CURSOR_SECRET: what one list read may cost, and the key its cursors are signed with. */
  lists: { countMax: number; maxOffset: number; cursorSecret?: string };
  /**
   * DEMO_DATA: seed demo data (src/demo/) into a database that holds none of the gateway's resources,
   * and open the explorer with variables naming it. Unset: on when the gateway runs its embedded
   * PostgreSQL outside production (src/http/app.ts decides, knowing the database), off otherwise.
   */
  demoData?: boolean;
  /** MCP: the MCP server on /mcp (src/http/mcp/), on unless `false`. */
  mcp: boolean;
  /**
   * ODA_COMPONENT: the ODA Components (ids, comma-separated: TMFC024, TMFC029, TMFC030, TMFC031,
   * X-TMF629) whose APIs this deployment serves (src/modules/components.ts); empty: every API.
   */
  odaComponents: string[];
  /** The security function (TMF669 party roles): CONTROLLER_ROLE, PARTY_ROLES_MAX, PARTY_ROLES_REFRESH_MS. */
  partyRoles: PartyRoleSettings;
}

/** What the security function is set to (src/modules/party-role/). */
export interface PartyRoleSettings {
  /** The ODA Canvas controller role: seeded with every scope (`*`), never deleted or renamed. */
  controllerRole: string;
  /** Most party roles the gateway holds (and keeps in memory); a create beyond it is refused. */
  maxRoles: number;
  /** How often every instance reloads the roles, whatever notice of changes it had. */
  refreshMs: number;
  /**
   * The roles ROLE_SCOPES maps: the operator's configuration decides for them, so no party role may
   * take their names (a `partyRole:write` holder would otherwise rewrite or revoke what the operator
   * pinned), and none is seeded under them.
   */
  staticRoles: readonly string[];
}

/** The security function's settings in an environment that sets none (also what a scratch registry's services get). */
export const PARTY_ROLE_DEFAULTS: PartyRoleSettings = { controllerRole: "Admin", maxRoles: 1000, refreshMs: 30_000, staticRoles: [] };

function partyRoleSettings(env: NodeJS.ProcessEnv, roleScopes: Record<string, unknown>): PartyRoleSettings {
  const settings = {
    controllerRole: controllerRole(env.CONTROLLER_ROLE),
    maxRoles: int(env, "PARTY_ROLES_MAX", PARTY_ROLE_DEFAULTS.maxRoles, 1, 100_000),
    refreshMs: int(env, "PARTY_ROLES_REFRESH_MS", PARTY_ROLE_DEFAULTS.refreshMs, 1000, 3_600_000),
    staticRoles: Object.keys(roleScopes),
  };
  if (settings.staticRoles.includes(settings.controllerRole)) {
    throw new ConfigError(
      `ROLE_SCOPES maps "${settings.controllerRole}", the controller role (CONTROLLER_ROLE), which the security function holds with every scope: remove it from ROLE_SCOPES`,
    );
  }
  return settings;
}

/** CONTROLLER_ROLE: a role name as a token carries it (Keycloak: letters, digits, `_ . : -`). */
function controllerRole(raw: string | undefined): string {
  const role = raw?.trim() || PARTY_ROLE_DEFAULTS.controllerRole;
  if (role.length > 100 || !/^[\w.:-]+$/.test(role)) throw new ConfigError(`CONTROLLER_ROLE must be a role name (letters, digits, _ . : -), got "${raw}"`);
  return role;
}

export interface EventsConfig {
  /** Run the outbox dispatcher in this process (every replica may; they share the work safely). */
  dispatcher: boolean;
  callbackAllow: string[];
  /** Deliveries in flight at once. */
  concurrency: number;
  /** Timeout of one POST to a listener. */
  timeoutMs: number;
  /** First retry delay; doubles per attempt (with jitter) up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** After this long since the event, a failing delivery is given up and marked failed. */
  horizonMs: number;
  pollMs: number;
  /** Hub registrations one principal may hold (over all APIs). */
  maxHubsPerPrincipal: number;
}

/** GRAPHQL_TRUSTED_ROUTERS: API key names (`key:<name>` or the bare name) that API_KEYS holds, or `jwt:<subject>`. */
function trustedRouters(raw: string | undefined, auth: AuthConfig): string[] {
  return list(raw).map((entry) => {
    if (entry.startsWith("jwt:") && entry.length > 4) return entry;
    const name = entry.startsWith("key:") ? entry.slice(4) : entry;
    if (!auth.apiKeys.some((key) => key.name === name)) {
      throw new ConfigError(`GRAPHQL_TRUSTED_ROUTERS names "${entry}", which is no API_KEYS name (a token's subject is written jwt:<subject>)`);
    }
    return `key:${name}`;
  });
}

/** proxy-addr's names for the ranges where a reverse proxy usually sits. */
const PROXY_RANGES: Record<string, string[]> = {
  loopback: ["127.0.0.0/8", "::1/128"],
  linklocal: ["169.254.0.0/16", "fe80::/10"],
  uniquelocal: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"],
};

/**
 * TRUST_PROXY: true, false, or comma-separated addresses, CIDRs and the names loopback, linklocal,
 * uniquelocal. Default: the private ranges — a proxy or load balancer in the same network is believed,
 * a client on the internet cannot set the hrefs' host or its own address.
 */
function trustProxy(raw: string | undefined): boolean | string[] {
  const value = raw?.trim().toLowerCase() || "loopback, linklocal, uniquelocal";
  if (["1", "true", "yes", "on"].includes(value)) return true;
  if (["0", "false", "no", "off"].includes(value)) return false;
  return list(value).flatMap((entry) => {
    if (PROXY_RANGES[entry]) return PROXY_RANGES[entry];
    const cidr = entry.includes("/") ? entry : `${entry}/${ipaddr.IPv6.isValid(entry) ? 128 : 32}`;
    if (!ipaddr.isValidCIDR(cidr))
      throw new ConfigError(`TRUST_PROXY must be true, false or addresses/CIDRs (or loopback, linklocal, uniquelocal), got "${entry}"`);
    return [cidr];
  });
}

/** DATABASE_READ_URL: PostgreSQL URLs separated by white space (a URL may itself hold commas: several hosts). */
function replicaUrls(raw: string | undefined): string[] {
  const urls = (raw ?? "").split(/\s+/).filter(Boolean);
  for (const url of urls) {
    if (!/^postgres(ql)?:\/\//.test(url)) throw new ConfigError("DATABASE_READ_URL must hold postgresql:// URLs separated by spaces");
  }
  return urls;
}

function httpTimeouts(env: NodeJS.ProcessEnv): Config["http"] {
  const timeouts = {
    requestTimeoutMs: int(env, "HTTP_REQUEST_TIMEOUT_MS", 30_000, 1000, 600_000),
    headersTimeoutMs: int(env, "HTTP_HEADERS_TIMEOUT_MS", 10_000, 1000, 600_000),
    keepAliveTimeoutMs: int(env, "HTTP_KEEP_ALIVE_TIMEOUT_MS", 72_000, 1000, 600_000),
  };
  if (timeouts.headersTimeoutMs > timeouts.requestTimeoutMs) {
    throw new ConfigError("HTTP_HEADERS_TIMEOUT_MS must not be larger than HTTP_REQUEST_TIMEOUT_MS");
  }
  return timeouts;
}

function listBounds(env: NodeJS.ProcessEnv): Config["lists"] {
  const cursorSecret = env.LIST_CURSOR_SECRET || undefined;
  if (cursorSecret && cursorSecret.length < 32) throw new ConfigError("LIST_CURSOR_SECRET must be at least 32 characters");
  return { countMax: int(env, "LIST_COUNT_MAX", 10_000, 1, 100_000_000), maxOffset: int(env, "LIST_MAX_OFFSET", 10_000, 0, 100_000_000), cursorSecret };
}

/** A shutdown (SIGTERM) finishes within this long, or the process exits anyway (src/main.ts); a pod's termination grace must cover it. */
export const SHUTDOWN_BOUND_MS = 15_000;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === "production";
  // Authentication is off by default only in the embedded development mode.
  const developmentMode = !production && !env.DATABASE_URL;
  const auth = authConfig(env, developmentMode);
  return {
    host: env.HOST || "0.0.0.0",
    port: int(env, "PORT", 8080, 0, 65535),
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.DATA_DIR || "./.data",
    embeddedPgPort: env.EMBEDDED_PG_PORT ? int(env, "EMBEDDED_PG_PORT", 0, 1, 65535) : undefined,
    dbPoolSize: int(env, "DB_POOL_SIZE", 20, 1, 500),
    preparedStatements: bool(env, "DATABASE_PREPARED_STATEMENTS", true),
    statementTimeoutMs: int(env, "DATABASE_STATEMENT_TIMEOUT_MS", 5000, 0, 3_600_000),
    tracing: tracingConfig(env),
    databaseListenUrl: env.DATABASE_LISTEN_URL || undefined,
    readReplicas: {
      urls: replicaUrls(env.DATABASE_READ_URL),
      maxLagMs: int(env, "DATABASE_READ_MAX_LAG_MS", 1000, 0, 3_600_000),
      probeMs: int(env, "DATABASE_READ_PROBE_MS", 1000, 50, 60_000),
    },
    logLevel: env.LOG_LEVEL || "info",
    publicBaseUrl: env.PUBLIC_BASE_URL?.replace(/\/+$/, "") || undefined,
    trustProxy: trustProxy(env.TRUST_PROXY),
    production,
    bodyLimit: int(env, "BODY_LIMIT", 1_048_576, 1024, 100 * 1_048_576),
    jsonMaxDepth: int(env, "JSON_MAX_DEPTH", 32, 4, 1000),
    http: httpTimeouts(env),
    auth,
    rateLimit: { max: int(env, "RATE_LIMIT_MAX", 60_000, 0, 100_000_000), windowMs: int(env, "RATE_LIMIT_WINDOW_MS", 60_000, 1000, 3_600_000) },
    authFailuresMax: int(env, "AUTH_FAILURES_MAX", 20, 0, 1_000_000),
    corsOrigins: list(env.CORS_ORIGINS),
    metricsOperationNames: int(env, "METRICS_MAX_OPERATION_NAMES", 100, 0, 10_000),
    schemaDir: env.SCHEMA_DIR || undefined,
    lists: listBounds(env),
    odaComponents: list(env.ODA_COMPONENT),
    partyRoles: partyRoleSettings(env, auth.roleScopes),
    demoData: env.DEMO_DATA === undefined || env.DEMO_DATA === "" ? undefined : bool(env, "DEMO_DATA", false),
    mcp: bool(env, "MCP", true),
    explorer: { mode: parseExplorerMode(env.EXPLORER, production), defaultHeaders: parseExplorerHeaders(env.EXPLORER_DEFAULT_HEADERS) },
    events: {
      dispatcher: bool(env, "EVENTS_DISPATCHER", true),
      // Development may call listeners on loopback; otherwise only public addresses unless allow-listed.
      callbackAllow: env.EVENTS_CALLBACK_ALLOW !== undefined ? list(env.EVENTS_CALLBACK_ALLOW) : developmentMode ? ["*"] : [],
      concurrency: int(env, "EVENTS_CONCURRENCY", 4, 1, 64),
      timeoutMs: int(env, "EVENTS_TIMEOUT_MS", 5000, 100, 120_000),
      baseDelayMs: int(env, "EVENTS_RETRY_BASE_MS", 1000, 10, 3_600_000),
      maxDelayMs: int(env, "EVENTS_RETRY_MAX_MS", 300_000, 10, 86_400_000),
      horizonMs: int(env, "EVENTS_RETRY_HORIZON_MS", 86_400_000, 100, 30 * 86_400_000),
      pollMs: int(env, "EVENTS_POLL_MS", 1000, 10, 60_000),
      maxHubsPerPrincipal: int(env, "EVENTS_MAX_HUBS_PER_PRINCIPAL", 20, 1, 100_000),
    },
    graphql: {
      maxDepth: int(env, "GRAPHQL_MAX_DEPTH", 10, 1, 100),
      maxCost: int(env, "GRAPHQL_MAX_COST", 25_000, 1, 10_000_000),
      maxAliases: int(env, "GRAPHQL_MAX_ALIASES", 30, 0, 10_000),
      maxTokens: int(env, "GRAPHQL_MAX_TOKENS", 2_000, 500, 1_000_000),
      introspection: bool(env, "GRAPHQL_INTROSPECTION", !production),
      suggestions: bool(env, "GRAPHQL_SUGGESTIONS", !production),
      maxSubscriptionsPerSocket: int(env, "GRAPHQL_WS_MAX_SUBSCRIPTIONS_PER_SOCKET", 20, 1, 10_000),
      maxSubscriptionsPerPrincipal: int(env, "GRAPHQL_WS_MAX_SUBSCRIPTIONS_PER_PRINCIPAL", 100, 1, 1_000_000),
      trustedDocuments: bool(env, "GRAPHQL_TRUSTED_DOCUMENTS", false),
      trustedManifest: env.GRAPHQL_TRUSTED_MANIFEST || undefined,
      trustedRouters: trustedRouters(env.GRAPHQL_TRUSTED_ROUTERS, auth),
    },
  };
}
