import { REST_RESOURCES } from "../modules/rest-resources.js";
import type { RestResource } from "../rest/rest-resource.js";

/** The REST descriptions by TMF type: where a resource's href points and which API's hub hears of it. */
export const REST_BY_TYPE: Record<string, RestResource> = Object.fromEntries(
  REST_RESOURCES.map((r) => [r.type, r]),
);

/** "customerManagement" from "/tmf-api/customerManagement/v4". */
export const apiOf = (rest: RestResource) => rest.basePath.split("/")[2]!;

export const HUB_APIS = [...new Set(Object.values(REST_BY_TYPE).map(apiOf))];
