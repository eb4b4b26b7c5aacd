import type { ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import { explorerDefaults } from "./example-document.js";
import type { ExplorerMode } from "../../config.js";
import type { ExplorerOptions } from "./options.js";

/**
 * The Apollo Server landing-page plugin for the mode: Apollo Sandbox (embedded, opening on the
 * example document and default headers) for "sandbox", none otherwise — the local explorer is
 * answered by the explorer plugin before Apollo sees the request. With `variables` (the demo data's
 * ids), the page is rendered again with them once they are found.
 */
export function explorerLandingPlugin(
  mode: ExplorerMode,
  options: ExplorerOptions = {},
  variables?: () => Promise<Record<string, unknown> | undefined>,
): ApolloServerPlugin {
  if (mode !== "sandbox") return ApolloServerPluginLandingPageDisabled();
  const landing = (given?: Record<string, unknown>) => {
    const defaults = explorerDefaults(options, "sandbox", given);
    return ApolloServerPluginLandingPageLocalDefault({
      embed: true,
      includeCookies: false,
      document: defaults.document,
      variables: defaults.variables,
      headers: defaults.headers,
    });
  };
  if (!variables) return landing();
  return {
    async serverWillStart(service) {
      const render = async (plugin: ApolloServerPlugin): Promise<string> => {
        const page = await (await plugin.serverWillStart!(service))!.renderLandingPage!();
        return typeof page.html === "string" ? page.html : page.html();
      };
      const placeholders = await render(landing());
      let withVariables: string | undefined;
      const html = async () => {
        const given = withVariables ? undefined : await variables().catch(() => undefined);
        if (given) withVariables = await render(landing(given));
        return withVariables ?? placeholders;
      };
      return { renderLandingPage: async () => ({ html }) };
    },
  };
}
