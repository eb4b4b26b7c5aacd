import { AsyncLocalStorage } from "node:async_hooks";

/** What the domain may know of the request it serves: the base URL for absolute `href`s in events. */
export interface RequestScope {
  baseUrl: string;
}

export const requestScope = new AsyncLocalStorage<RequestScope>();

let fallbackBaseUrl = "http://localhost:8080";

/** PUBLIC_BASE_URL, or the listening address: used for changes made outside any request. */
export function setFallbackBaseUrl(url: string): void {
  fallbackBaseUrl = url;
}

export const currentBaseUrl = () => requestScope.getStore()?.baseUrl ?? fallbackBaseUrl;
