/**
 * A module's REST description: where its resource lives in the TMF API tree and which GraphQL
 * fields serve each operation. The generic translator (rest/translator.ts) does the rest.
 * Mutations take `(input)`, `(id, patch)` and `(id)` respectively.
 */
export interface RestResource {
  /** API base path from the TMF swagger, e.g. "/tmf-api/customerManagement/v4". */
  basePath: string;
  /** The official swagger of the API in specs/ (served, trimmed to what is implemented, on /docs). */
  contract: string;
  /** Collection segment, e.g. "customer". */
  collection: string;
  /** GraphQL object type, also the TMF `@type` written in responses. */
  type: string;
  queries: { one: string; list: string; count: string };
  /** `patch`: the JSON Patch of a resource served in several versions, `(id, operations, representation, query)`. */
  mutations: { create?: string; update?: string; delete?: string; patch?: string };
  /**
   * Set when the resource is served in several API versions: how this one projects the model
   * (`label`, e.g. "v5"; `modelCollection`, the collection path of the model's own `href`s).
   */
  version?: { projection: VersionProjection; label: string; modelCollection: string; modelContract: string };
}

/**
 * How one attribute reads and writes in an API version whose shape of it is not the model's, as
 * TMF JSON on both sides: `read` turns the model's value into the version's, `write` the
 * version's into the model's. Together they lose nothing the model holds (a v5 contact medium's
 * subclass is a v4 medium type, its flat attributes a v4 medium characteristic).
 */
export interface AttributeShape {
  /** The version's name of the attribute, where it renamed the model's (TMF666 v5's `lastUpdate` is v4's `lastModified`). */
  as?: string;
  read(model: unknown): unknown;
  write(value: unknown): unknown;
  /** Attribute filters of the version's paths within the attribute, by the model's path they are (`partyOrPartyRole.id` → `id`). */
  filters?: Readonly<Record<string, string>>;
}

/** One version of a resource's API as a projection of the one model (resource/versions.ts applies it). */
export interface VersionProjection {
  /** The contract of the version (specs/), against which its bodies are checked and its representations shaped. */
  contract: string;
  /** The model's own version (the first): its writes are checked as the model's are, by the GraphQL input and the store. */
  model: boolean;
  type: string;
  /** The attributes it shapes differently from the model. */
  reshaped: Readonly<Record<string, AttributeShape>>;
  /**
   * The contracts of every version of the resource, and the model's attributes (TMF names): an
   * attribute no contract defines is the gateway's extension (CustomerBillOnDemand.stateReason),
   * which every version shows.
   */
  contracts?: readonly string[];
  attributes?: readonly string[];
}

export const collectionPath = (r: RestResource) => `${r.basePath}/${r.collection}`;

/**
 * "customerManagement" from "/tmf-api/customerManagement/v4": the API, and its hub's name. A later
 * version served under the same name as the model's is named with its label
 * ("/tmf-api/customerBillManagement/v5": "customerBillManagementV5"), so each version has its hub.
 */
export const apiOf = (rest: RestResource) => {
  const name = rest.basePath.split("/")[2]!;
  const version = rest.version;
  return version && !version.projection.model && version.modelCollection.split("/")[2] === name ? `${name}${version.label.toUpperCase()}` : name;
};
