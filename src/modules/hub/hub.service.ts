import type { Db, Deployment } from "../../db/database.js";
import { AppError, badInput } from "../../errors.js";
import { restVersionsOf, type ResourceDescription } from "../../resource/description.js";
import { partitionOf, UUID } from "../../resource/storage.js";
import { apiOf } from "../../tmf/rest-resource.js";
import type { CallbackPolicy } from "../../events/callback-policy.js";
import { hubStore } from "./hub.store.js";
import type { EventSubscription, HubApi } from "./hub.type.js";

export interface HubLimits {
  /** Hub registrations one owner may hold, over all APIs. */
  maxHubsPerPrincipal: number;
}

/** Who asks to remove a registration: its owner may, and so may a hub admin. */
export interface HubRequester {
  owner: string;
  admin: boolean;
}

/**
 * TMF630 hub registrations. Each has an owner (the registering principal's id, passed in by the
 * transport); an owner holds at most `maxHubsPerPrincipal` of them, and only the owner (or an admin)
 * may remove one — to anybody else it does not exist. An API whose resources are partitioned (their
 * storage's `partition`, a party role's security function) has a hub per partition: a registration
 * holds the deployment's partition, receives that partition's events only, and is not found from a
 * deployment of another.
 */
export class HubService {
  constructor(
    private readonly db: Db,
    private readonly policy: CallbackPolicy,
    private readonly limits: HubLimits = { maxHubsPerPrincipal: 20 },
    /** The deployment's partition of each API whose resources are partitioned (hubPartitions). */
    private readonly partitions: ReadonlyMap<HubApi, string> = new Map(),
  ) {}

  private partitionOf(api: HubApi): string | null {
    return this.partitions.get(api) ?? null;
  }

  async register(api: HubApi, callback: string, query: string | null | undefined, owner: string): Promise<EventSubscription> {
    if (query && query.length > 2000) throw badInput("query is too long");
    // Resolved and checked before the transaction: no connection is held while DNS answers.
    const url = await this.policy.check(callback);
    return this.db.transaction(async (tx) => {
      await hubStore.lockOwner(tx, owner);
      const held = await hubStore.countOwnedBy(tx, owner);
      if (held >= this.limits.maxHubsPerPrincipal) {
        throw new AppError(
          "CONFLICT",
          `${owner} already has ${held} hub registrations, the most allowed (${this.limits.maxHubsPerPrincipal}); delete one first`,
          "Too many hub registrations",
        );
      }
      return hubStore.insert(tx, api, url.toString(), query || null, owner, this.partitionOf(api));
    });
  }

  /** The registration, unless there is none on this API or it is not the requester's to see. */
  async get(api: HubApi, id: string, requester: HubRequester): Promise<EventSubscription | undefined> {
    if (!UUID.test(id)) return undefined;
    return hubStore.get(this.db.sql, api, id, requester.admin ? null : requester.owner, this.partitionOf(api));
  }

  /** False when there is no such registration on this API, or it is not the requester's to remove. */
  async unregister(api: HubApi, id: string, requester: HubRequester): Promise<boolean> {
    if (!UUID.test(id)) return false;
    return hubStore.remove(this.db.sql, api, id, requester.admin ? null : requester.owner, this.partitionOf(api));
  }
}

/**
 * A deployment's partition of each API whose resources are partitioned, by API name (each REST
 * version's): the one value its partitioned resources' rows, and so their events, hold here.
 */
export function hubPartitions(resources: readonly ResourceDescription[], deployment: Deployment): Map<HubApi, string> {
  const partitions = new Map<HubApi, string>();
  for (const resource of resources) {
    const partition = partitionOf(resource.storage, deployment);
    if (!partition) continue;
    for (const rest of restVersionsOf(resource)) {
      const api = apiOf(rest);
      const held = partitions.get(api);
      if (held !== undefined && held !== partition.value)
        throw new Error(`${api}'s resources are in different partitions (${held}, ${partition.value}): its hub cannot be one's`);
      partitions.set(api, partition.value);
    }
  }
  return partitions;
}
