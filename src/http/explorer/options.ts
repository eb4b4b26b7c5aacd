/** What the explorer is configured with (src/config.ts's `explorer`), and the paths it answers on. */
export interface ExplorerOptions {
  /** Headers put in the explorer's headers editor, e.g. `{ "Authorization": "Bearer …" }`. */
  defaultHeaders?: Record<string, string>;
  /** Where the example operations live. Default: graphql/examples/ of the project. */
  examplesDir?: string;
  /** The example files making up the default document, in order. */
  examples?: string[];
  /** Shown in the explorer's logo slot and the page title. */
  title?: string;
}

export const DEFAULT_TITLE = "TMF GraphQL gateway";
/** The GraphQL endpoint the explorer page is answered on, and runs its operations against. */
export const ENDPOINT = "/graphql";
export const EXPLORER_ASSETS_PATH = "/graphql/explorer/assets";
