import type { Db } from "../../db/database.js";
import { AppError, badInput } from "../../errors.js";
import { UUID } from "../../resource/storage.js";
import type { CallbackPolicy } from "../../events/callback-policy.js";
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

/** Serialises the registrations of one owner (with hashtext(owner)), so the bound holds under concurrency. */
const HUB_OWNER_LOCK = 7_262_900;

/**
 * TMF630 hub registrations. Each has an owner (the registering principal's id, passed in by the
 * transport); an owner holds at most `maxHubsPerPrincipal` of them, and only the owner (or an admin)
 * may remove one — to anybody else it does not exist.
 */
export class HubService {
  constructor(
    private readonly db: Db,
    private readonly policy: CallbackPolicy,
    private readonly limits: HubLimits = { maxHubsPerPrincipal: 20 },
  ) {}

  async register(api: HubApi, callback: string, query: string | null | undefined, owner: string): Promise<EventSubscription> {
    if (query && query.length > 2000) throw badInput("query is too long");
    // Resolved and checked before the transaction: no connection is held while DNS answers.
    const url = await this.policy.check(callback);
    return this.db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock($1::int, hashtext($2))`, [HUB_OWNER_LOCK, owner]);
      const [held] = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM hub WHERE owner = $1`, [owner]);
      if (held!.n >= this.limits.maxHubsPerPrincipal) {
        throw new AppError(
          "CONFLICT",
          `${owner} already has ${held!.n} hub registrations, the most allowed (${this.limits.maxHubsPerPrincipal}); delete one first`,
          "Too many hub registrations",
        );
      }
      const [hub] = await tx.query<{ id: string; callback: string; query: string | null }>(
        `INSERT INTO hub (id, api, callback, query, owner) VALUES (gen_random_uuid(), $1, $2, $3, $4) RETURNING id, callback, query`,
        [api, url.toString(), query || null, owner],
      );
      return { id: hub!.id, callback: hub!.callback, query: hub!.query };
    });
  }

  /** False when there is no such registration on this API, or it is not the requester's to remove. */
  async unregister(api: HubApi, id: string, requester: HubRequester): Promise<boolean> {
    if (!UUID.test(id)) return false;
    const { count } = await this.db.prisma.hub.deleteMany({ where: requester.admin ? { id, api } : { id, api, owner: requester.owner } });
    return count > 0;
  }
}
