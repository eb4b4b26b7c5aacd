import type { Db } from "../../db/database.js";
import { sqlState } from "../../db/pg-errors.js";
import type { Sql } from "../../db/sql.js";
import { AppError } from "../../errors.js";
import type { Outbox } from "../../events/outbox.js";
import type { Patch } from "../../resource/resource-store.js";
import type { IdempotencyKey, Writer } from "../../resource/service.js";
import { CrudService } from "../common/crud.service.js";
import { partyRoleResource, securityFunctionOf } from "./party-role.resource.js";
import { assertGrantable, duplicateName, notifyChange, type PartyRoleSettings, partyRoleRules, storedRole } from "./party-role.rules.js";
import { SCOPE_CHARACTERISTIC, type PartyRole } from "./party-role.type.js";

/** A role the service ensures at start: its name and the scopes it grants. */
export interface SeededRole {
  name: string;
  scopes: readonly string[];
}

/** The unique index on the name stopped a write (two writers of one name at once). */
const nameTaken = (err: unknown, name: unknown) => (sqlState(err) === "23505" ? duplicateName(String(name)) : err);

/**
 * TMF669 party roles, the security function: CRUD under the rules of party-role.rules.ts (a writer
 * grants, changes and deletes only roles whose scopes it holds), the controller role undeletable,
 * and the seeding of the roles the gateway starts with. Each deployment's security function
 * (`securityFunction`, of `db.deployment`) holds its own roles: the store reads and writes its rows
 * only (the resource's partition), another function's role is not found here.
 */
export class PartyRoleService extends CrudService<PartyRole> {
  constructor(
    db: Db,
    outbox: Outbox,
    private readonly settings: PartyRoleSettings,
    /** Every scope of the gateway (knownScopes of the APIs it serves). */
    readonly knownScopes: ReadonlySet<string>,
    /** The scopes of the deployment's own roles (componentRoleScopes of the APIs it serves): a role of each is seeded. */
    private readonly roleScopes: readonly string[],
  ) {
    const securityFunction = securityFunctionOf(db.deployment);
    super(db, outbox, partyRoleResource, partyRoleRules(settings, knownScopes, securityFunction));
    this.securityFunction = securityFunction;
  }

  /** The security function whose roles this service holds: the store's partition. */
  readonly securityFunction: string;

  override create(input: object, baseUrl: string, idempotencyKey?: IdempotencyKey | null, writer?: Writer): Promise<PartyRole> {
    return super.create(input, baseUrl, idempotencyKey, writer).catch((err) => {
      throw nameTaken(err, (input as { name?: unknown }).name);
    });
  }

  override update(id: string, patch: Patch<PartyRole>, baseUrl: string, writer?: Writer): Promise<PartyRole> {
    return super.update(id, patch, baseUrl, writer).catch((err) => {
      throw nameTaken(err, (patch as { name?: unknown }).name);
    });
  }

  /** Deleting a role takes its scopes from its holders: only a writer holding them all may (else one could strip the controller's grants). */
  protected override async checkDelete(tx: Sql, id: string, writer?: Writer): Promise<void> {
    const role = await storedRole(tx, id, this.securityFunction);
    if (role) assertGrantable(writer, role.scopes, "deleting");
    if (role?.name === this.settings.controllerRole) {
      throw new AppError(
        "CONFLICT",
        `${role.name} is the controller role (CONTROLLER_ROLE): the ODA Canvas's operator role of this component, which its security function must list; it cannot be deleted`,
        "Controller role",
      );
    }
    await notifyChange(tx, this.securityFunction);
  }

  /** The roles the gateway starts with, its Component's `componentRole` list: one per scope of its own roles, and the controller role, which grants every scope (`*`). */
  seededRoles(): SeededRole[] {
    const perScope = this.roleScopes.map((scope) => ({ name: scope, scopes: [scope] }));
    return [{ name: this.settings.controllerRole, scopes: ["*"] }, ...perScope];
  }

  /**
   * Ensures the seeded roles, each once in the security function's life: a name is claimed in
   * `party_role_seed` for the function (so instances starting together seed it once, and a role an
   * operator deleted or renamed is not seeded again), and its role created unless the function has
   * one of that name (never overwriting an operator's). The controller role, which cannot be deleted, is so always there.
   * Returns the names it created.
   */
  async seed(baseUrl: string, roles: readonly SeededRole[] = this.seededRoles()): Promise<string[]> {
    const created: string[] = [];
    for (const role of roles) {
      if (this.settings.staticRoles.includes(role.name)) continue; // ROLE_SCOPES decides for it
      await this.db.transaction(async (tx) => {
        const claimed = await tx.query(`INSERT INTO party_role_seed ("securityFunction", name) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING name`, [
          this.securityFunction,
          role.name,
        ]);
        if (!claimed.length) return;
        const [exists] = await tx.query(`SELECT 1 FROM party_role WHERE name = $1 AND "securityFunction" = $2`, [role.name, this.securityFunction]);
        if (exists) return;
        const characteristic = role.scopes.map((scope) => ({ name: SCOPE_CHARACTERISTIC, valueType: "string", value: scope }));
        const seeded = await this.store.insert(tx, { name: role.name, status: "Active", characteristic, atType: "PartyRole" });
        await this.outbox.record(tx, baseUrl, "Create", this.store, seeded);
        await notifyChange(tx, this.securityFunction);
        created.push(role.name);
      });
    }
    return created;
  }
}
