/** Every environment variable the gateway reads, parsed and validated once at start-up. */
export interface Config {
  host: string;
  port: number;
  /** PostgreSQL server to use; when unset an embedded PostgreSQL is started in `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
  embeddedPgPort?: number;
  dbPoolSize: number;
  logLevel: string;
  /** Public base URL used for `href`s when set (else derived from the request / X-Forwarded-*). */
  publicBaseUrl?: string;
  trustProxy: boolean;
  /** NODE_ENV=production: production defaults (introspection off). */
  production: boolean;
  bodyLimit: number;
  graphql: { maxDepth: number; maxCost: number; maxAliases: number; introspection: boolean };
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === "production";
  return {
    host: env.HOST || "0.0.0.0",
    port: int(env, "PORT", 8080, 0, 65535),
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.DATA_DIR || "./.data",
    embeddedPgPort: env.EMBEDDED_PG_PORT ? int(env, "EMBEDDED_PG_PORT", 0, 1, 65535) : undefined,
    dbPoolSize: int(env, "DB_POOL_SIZE", 20, 1, 500),
    logLevel: env.LOG_LEVEL || "info",
    publicBaseUrl: env.PUBLIC_BASE_URL?.replace(/\/+$/, "") || undefined,
    trustProxy: bool(env, "TRUST_PROXY", true),
    production,
    bodyLimit: int(env, "BODY_LIMIT", 1_048_576, 1024, 100 * 1_048_576),
    graphql: {
      maxDepth: int(env, "GRAPHQL_MAX_DEPTH", 10, 1, 100),
      maxCost: int(env, "GRAPHQL_MAX_COST", 25_000, 1, 10_000_000),
      maxAliases: int(env, "GRAPHQL_MAX_ALIASES", 30, 0, 10_000),
      introspection: bool(env, "GRAPHQL_INTROSPECTION", !production),
    },
  };
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.toLowerCase();
  if (raw === undefined || raw === "") return fallback;
  if (["1", "true", "yes", "on"].includes(raw)) return true;
  if (["0", "false", "no", "off"].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${env[name]}"`);
}
