/**
 * `EXPLORER` and `EXPLORER_DEFAULT_HEADERS`, parsed for src/config.ts. Kept apart from the rest of
 * the explorer (index.ts) so that reading the configuration loads nothing else.
 * - `sandbox`: Apollo Sandbox, Apollo Server's landing page; its UI comes from Apollo's CDN, so the
 *   browser needs internet access.
 * - `local` (default): GraphiQL served by the gateway itself from npm packages; works on a closed network.
 * - `off`: no explorer.
 */
export type ExplorerMode = "sandbox" | "local" | "off";

export const EXPLORER_MODES: readonly ExplorerMode[] = ["sandbox", "local", "off"];

/** `EXPLORER`: unset or empty → "local" (works without internet); anything but the three modes throws. */
export function parseExplorerMode(value: string | undefined): ExplorerMode {
  const mode = value?.trim().toLowerCase();
  if (!mode) return "local";
  if ((EXPLORER_MODES as readonly string[]).includes(mode)) return mode as ExplorerMode;
  throw new Error(`EXPLORER must be one of ${EXPLORER_MODES.join(", ")}, got "${value}"`);
}

/** `EXPLORER_DEFAULT_HEADERS`: a JSON object of header names to string values; unset or empty → none. */
export function parseExplorerHeaders(value: string | undefined): Record<string, string> {
  if (value === undefined || value.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new Error(`EXPLORER_DEFAULT_HEADERS must be a JSON object such as {"Authorization":"Bearer …"}, got "${value}"`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed) || Object.values(parsed).some((v) => typeof v !== "string")) {
    throw new Error(`EXPLORER_DEFAULT_HEADERS must be a JSON object of header names to strings, such as {"Authorization":"Bearer …"}, got "${value}"`);
  }
  return parsed as Record<string, string>;
}
