import type pg from "pg";
import type { RoleScopes } from "../../auth/role-scopes.js";
import type { Sql } from "../../db/sql.js";
import { Listen } from "../../events/listen.js";
import { PARTY_ROLES_CHANNEL, type PartyRoleSettings, STORED_SCOPES_SQL, storedScopes } from "./party-role.rules.js";

/** What a role grants, and when (its validFor, checked when asked: a role's period starts and ends between reloads). */
interface Grant {
  scopes: readonly string[];
  /** Its status is `Active` or none: else it grants nothing. */
  active: boolean;
  from?: number;
  until?: number;
}

type RoleRow = {
  name: string;
  active: boolean;
  validFor: { startDateTime?: string; endDateTime?: string } | null;
  scopes: unknown[] | null;
};
const NOTHING: readonly string[] = Object.freeze([]);

const instant = (value: string | undefined) => {
  const at = value ? Date.parse(value) : Number.NaN;
  return Number.isNaN(at) ? undefined : at;
};

/**
 * The scopes each party role of one security function grants (TMF669; `securityFunction`, the
 * deployment's: another component's roles grant nothing here), in memory: what the authenticator
 * asks of a role named in a token. Loaded at start, reloaded when any instance changes a role of
 * the function (NOTIFY on `party_roles_changed` naming it, sent in the writing transaction; all
 * roles again after the LISTEN connection was lost) and every `refreshMs` whatever happened.
 * Holds at most `maxRoles` roles (the service refuses more). A role decides for its name whether
 * active or not: an inactive one (a status other than `Active` or none, or now outside `validFor`)
 * grants nothing — so suspending a role revokes it, even where the name itself (a role named
 * `customer:write`) would grant that scope to a name no party role holds. ROLE_SCOPES' roles are
 * not its to decide: LayeredRoleScopes asks ROLE_SCOPES first.
 *
 * `new PartyRoleScopes(db.sql, eventsPool, settings)`, then `start()` (first load, LISTEN, timer)
 * and `stop()`; the gateway composes it (src/http/compose.ts, `app.gateway.roleScopes`).
 */
export class PartyRoleScopes implements RoleScopes {
  private roles = new Map<string, Grant>();
  private readonly listen: Listen;
  private timer?: NodeJS.Timeout;
  private loading?: Promise<void>;
  private stale = false;
  private loaded = 0;

  constructor(
    /** Where the roles are read. */
    private readonly sql: Sql,
    /** Where the LISTEN connection comes from (a session connection: the events pool). */
    pool: pg.Pool,
    private readonly settings: Pick<PartyRoleSettings, "maxRoles" | "refreshMs"> & { securityFunction?: string },
    private readonly log: (message: string, err?: unknown) => void = () => undefined,
  ) {
    this.securityFunction = settings.securityFunction ?? "";
    const reload = () => void this.refresh().catch((err) => this.log("party roles: reload failed; the last roles hold until the next", err));
    // Another function's change is not this one's: only a notice naming this function reloads.
    const changed = (payload: string | undefined) => (payload === undefined || payload === this.securityFunction) && reload();
    this.listen = new Listen(pool, PARTY_ROLES_CHANNEL, changed, (err) => this.log("party roles: LISTEN connection lost; listening again", err), reload);
  }

  /** The security function whose roles grant (the deployment's, securityFunctionOf; '' for every API). */
  private readonly securityFunction: string;

  scopesOf(role: string): readonly string[] | undefined {
    const grant = this.roles.get(role);
    if (!grant) return undefined;
    const now = Date.now();
    if (!grant.active || (grant.from !== undefined && now < grant.from) || (grant.until !== undefined && now >= grant.until)) return NOTHING;
    return grant.scopes;
  }

  /** The names of the roles whose status is active (whatever their validFor), as last loaded. */
  names(): string[] {
    return [...this.roles].filter(([, grant]) => grant.active).map(([name]) => name);
  }

  /** How many reloads completed (tests wait on it). */
  get loads(): number {
    return this.loaded;
  }

  /** Listens first, then loads: a change committed in between is never missed. */
  async start(): Promise<void> {
    await this.listen.start();
    await this.refresh();
    this.timer = setInterval(() => {
      this.refresh().catch((err) => this.log("party roles: periodic reload failed", err));
    }, this.settings.refreshMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.listen.stop();
    await this.loading?.catch(() => undefined);
  }

  /** Reloads the roles; notices during a reload are served by one more reload after it, never by several at once. */
  refresh(): Promise<void> {
    if (this.loading) {
      this.stale = true;
      return this.loading;
    }
    this.loading = (async () => {
      try {
        do {
          this.stale = false;
          this.roles = await this.read();
          this.loaded++;
        } while (this.stale);
      } finally {
        this.loading = undefined;
      }
    })();
    return this.loading;
  }

  private async read(): Promise<Map<string, Grant>> {
    const max = Math.trunc(this.settings.maxRoles);
    // Only what grants: a role's other characteristics (up to BODY_LIMIT a role) are left unread.
    const rows = await this.sql.query<RoleRow>(
      `SELECT name, (status IS NULL OR lower(status) = 'active') AS active, "validFor", ${STORED_SCOPES_SQL} FROM party_role WHERE "securityFunction" = $1 ORDER BY "createdAt", id LIMIT ${max + 1}`,
      [this.securityFunction],
    );
    // More than the bound (PARTY_ROLES_MAX lowered since they were made): the oldest are kept.
    if (rows.length > max) this.log(`party roles: more than PARTY_ROLES_MAX=${max} roles are held; only the ${max} oldest grant scopes`);
    const roles = new Map<string, Grant>();
    for (const row of rows.slice(0, max)) {
      const scopes = Object.freeze(storedScopes(row.scopes));
      roles.set(row.name, { scopes, active: row.active, from: instant(row.validFor?.startDateTime), until: instant(row.validFor?.endDateTime) });
    }
    return roles;
  }
}
