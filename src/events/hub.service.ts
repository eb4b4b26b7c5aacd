import type { Db } from "../db/database.js";
import { rethrowAsInputError } from "../db/pg-errors.js";
import { badInput } from "../errors.js";
import { UUID } from "../resource/storage.js";
import type { CallbackPolicy } from "./callback-policy.js";
import type { EventSubscription, HubApi } from "./hub.type.js";

export class HubService {
  constructor(
    private readonly db: Db,
    private readonly policy: CallbackPolicy,
  ) {}

  async register(api: HubApi, callback: string, query?: string | null): Promise<EventSubscription> {
    const url = await this.policy.check(callback);
    if (query && query.length > 2000) throw badInput("query is too long");
    const hub = await this.db.prisma.hub.create({ data: { api, callback: url.toString(), query: query || null } }).catch(rethrowAsInputError);
    return { id: hub.id, callback: hub.callback, query: hub.query };
  }

  /** False when there is no such registration on this API. */
  async unregister(api: HubApi, id: string): Promise<boolean> {
    if (!UUID.test(id)) return false;
    const { count } = await this.db.prisma.hub.deleteMany({ where: { id, api } });
    return count > 0;
  }
}
