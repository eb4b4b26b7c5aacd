import type { PartDescription, ResourceDescription } from "./description.js";
import type { Patch, ResourceStore } from "./resource-store.js";

/** A create's Idempotency-Key, and who sent it: a key belongs to its principal. */
export interface IdempotencyKey {
  key: string;
  /** The principal's id: another principal's same key is another key. */
  owner: string;
}

/**
 * Who asks for a write, as the transport established it (a principal): its id and the scopes it
 * holds. Most services need neither; the party roles' does (a writer grants only scopes it holds).
 */
export interface Writer {
  id: string;
  scopes: readonly string[];
}

/** What a resource's service offers for the operations its description declares. */
export interface ResourceService<T extends { id: string } = { id: string }> {
  readonly store: ResourceStore<T>;
  create?(input: never, baseUrl: string, idempotencyKey?: IdempotencyKey | null, writer?: Writer): Promise<T>;
  update?(id: string, patch: Patch<T>, baseUrl: string, writer?: Writer): Promise<T>;
  delete?(id: string, baseUrl: string, writer?: Writer): Promise<void>;
}

/** The services of a registry, by description: what the generic layers (GraphQL, REST) need of them. */
export interface ResourceServices {
  /** The service of a resource of the registry. */
  of<T extends { id: string }>(resource: ResourceDescription<T>): ResourceService<T>;
  /** The store of a resource or part, by its description. */
  storeOf<T extends { id: string }>(description: ResourceDescription<T> | PartDescription<T>): ResourceStore<T>;
}
