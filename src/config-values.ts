// The values of environment variables, parsed: numbers in a range, booleans, lists, the explorer's mode.

/** A configuration mistake: start-up stops with its message, in one line, without a stack. */
export class ConfigError extends Error {}

export function list(raw: string | undefined): string[] {
  return (raw ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

export function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

export function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.toLowerCase();
  if (raw === undefined || raw === "") return fallback;
  if (["1", "true", "yes", "on"].includes(raw)) return true;
  if (["0", "false", "no", "off"].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${env[name]}"`);
}

/**
 * `EXPLORER`, what a browser gets on GET /graphql:
 * - `sandbox`: Apollo Sandbox, Apollo Server's landing page; its UI comes from Apollo's CDN, so the
 *   browser needs internet access.
 * - `local` (default outside production): GraphiQL served by the gateway itself from npm packages;
 *   works on a closed network.
 * - `off` (default in production): no explorer.
 */
export type ExplorerMode = "sandbox" | "local" | "off";

const EXPLORER_MODES: readonly ExplorerMode[] = ["sandbox", "local", "off"];

/**
 * `EXPLORER`: unset or empty → "local" (works without internet), "off" in production (where
 * introspection is off too); anything but the three modes throws.
 */
export function parseExplorerMode(value: string | undefined, production: boolean): ExplorerMode {
  const mode = value?.trim().toLowerCase();
  if (!mode) return production ? "off" : "local";
  if ((EXPLORER_MODES as readonly string[]).includes(mode)) return mode as ExplorerMode;
  throw new ConfigError(`EXPLORER must be one of ${EXPLORER_MODES.join(", ")}, got "${value}"`);
}

/** `EXPLORER_DEFAULT_HEADERS`: a JSON object of header names to string values; unset or empty → none. */
export function parseExplorerHeaders(value: string | undefined): Record<string, string> {
  if (value === undefined || value.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new ConfigError(`EXPLORER_DEFAULT_HEADERS must be a JSON object such as {"Authorization":"Bearer …"}, got "${value}"`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed) || Object.values(parsed).some((v) => typeof v !== "string")) {
    throw new ConfigError(`EXPLORER_DEFAULT_HEADERS must be a JSON object of header names to strings, such as {"Authorization":"Bearer …"}, got "${value}"`);
  }
  return parsed as Record<string, string>;
}
