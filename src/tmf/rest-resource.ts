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
  mutations: { create?: string; update?: string; delete?: string };
}

export const collectionPath = (r: RestResource) => `${r.basePath}/${r.collection}`;

/** "customerManagement" from "/tmf-api/customerManagement/v4": the API, and its hub's name. */
export const apiOf = (rest: RestResource) => rest.basePath.split("/")[2]!;
