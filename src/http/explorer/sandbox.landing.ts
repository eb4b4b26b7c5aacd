import type { ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import { explorerDefaults } from "./example-document.js";
import type { ExplorerMode } from "../../config.js";
import type { ExplorerOptions } from "./options.js";

/**
 * The Apollo Server landing-page plugin for the mode: Apollo Sandbox (embedded, opening on the
 * example document and default headers) for "sandbox", none otherwise — the local explorer is
 * answered by the explorer plugin before Apollo sees the request.
 */
export function explorerLandingPlugin(mode: ExplorerMode, options: ExplorerOptions = {}): ApolloServerPlugin {
  if (mode !== "sandbox") return ApolloServerPluginLandingPageDisabled();
  const defaults = explorerDefaults(options, "sandbox");
  return ApolloServerPluginLandingPageLocalDefault({
    embed: true,
    includeCookies: false,
    document: defaults.document,
    variables: defaults.variables,
    headers: defaults.headers,
  });
}
