import { notCovered } from "../../auth/scopes.js";
import { PARTY_ROLE_DEFAULTS, type PartyRoleSettings } from "../../config.js";
import { ADVISORY_LOCKS } from "../../db/transaction.js";
import type { Sql } from "../../db/sql.js";
import { AppError, badInput } from "../../errors.js";
import type { Writer } from "../../resource/service.js";
import type { AttributeRules } from "../common/crud.service.js";
import { SCOPE_CHARACTERISTIC, type PartyRole } from "./party-role.type.js";

export { PARTY_ROLE_DEFAULTS, type PartyRoleSettings };

/**
 * NOTIFY channel of a committed change of the party roles, its payload the security function
 * changed: every instance of that function reloads its map of role → scopes.
 */
export const PARTY_ROLES_CHANNEL = "party_roles_changed";

/** The NOTIFY of a change of `securityFunction`'s roles, sent in the writing transaction (delivered on commit only). */
export const notifyChange = (tx: Sql, securityFunction: string) => tx.query(`SELECT pg_notify('${PARTY_ROLES_CHANNEL}', $1)::text`, [securityFunction]);

/** How messages name a security function. */
export const functionNamed = (securityFunction: string) =>
  securityFunction ? `the security function of ${securityFunction}` : "the security function of the gateway (every API)";

type CharacteristicLike = { name?: string | null; value?: unknown };

/**
 * The scopes a role grants: the values of its characteristics named `scope`, each one scope. With
 * `known`, a value that is not a scope of this gateway is refused (400), naming the ones it knows.
 */
export function scopesNamed(characteristics: readonly CharacteristicLike[] | null | undefined, known?: ReadonlySet<string>): string[] {
  const scopes: string[] = [];
  (characteristics ?? []).forEach((characteristic, i) => {
    if (characteristic?.name !== SCOPE_CHARACTERISTIC) return;
    const { value } = characteristic;
    if (known && (typeof value !== "string" || !known.has(value))) {
      throw badInput(
        `characteristic[${i}]: a '${SCOPE_CHARACTERISTIC}' characteristic names one scope of this gateway as a string, got ${JSON.stringify(value)}; known scopes: ${[...known].join(", ")}`,
      );
    }
    if (typeof value === "string" && !scopes.includes(value)) scopes.push(value);
  });
  return scopes;
}

/**
 * The scopes of a stored role as SQL reads them (`AS scopes`): the values of its `scope`
 * characteristics only. Its other characteristics, which may be large, grant nothing: the map of
 * every role, reloaded often on every instance, never reads them. Values were checked on write.
 */
export const STORED_SCOPES_SQL = `jsonb_path_query_array(characteristic, '$[*] ? (@.name == "${SCOPE_CHARACTERISTIC}").value') AS scopes`;

/** The scopes of STORED_SCOPES_SQL's values, each once. */
export const storedScopes = (values: readonly unknown[] | null): string[] => [...new Set((values ?? []).filter((v): v is string => typeof v === "string"))];

const conflict = (message: string, reason: string) => new AppError("CONFLICT", message, reason);

/**
 * A principal grants only scopes it holds: writing a role (creating, changing, deleting it) needs
 * covering every scope it names (scopes.ts notCovered), whatever its status or validFor, since a
 * later change may activate it. Without a writer (no transport said who) nothing is covered.
 * 403 naming the scopes the writer lacks.
 */
export function assertGrantable(writer: Writer | undefined, scopes: readonly string[], doing: string): void {
  const lacking = notCovered(writer?.scopes ?? [], scopes);
  if (!lacking.length) return;
  throw new AppError(
    "FORBIDDEN",
    `Missing scope(s): ${lacking.join(", ")}: ${doing} a party role needs holding every scope it grants (${scopes.join(", ")}); a principal grants only scopes it holds`,
    "Forbidden",
  );
}

/**
 * A party role is never named as a role ROLE_SCOPES maps (PartyRoleSettings.staticRoles): the
 * operator's configuration decides for those names (LayeredRoleScopes asks it first), and a role
 * editor may neither rewrite nor revoke them. 409 naming the role, on a create or a change alike.
 */
function assertNotStatic(name: string | null | undefined, settings: PartyRoleSettings): void {
  if (name == null || !settings.staticRoles.includes(name)) return;
  throw conflict(
    `'${name}' is a role ROLE_SCOPES maps: the gateway's configuration decides what it grants, so no party role may take its name; choose another name (or remove it from ROLE_SCOPES)`,
    "Role mapped by ROLE_SCOPES",
  );
}

/** The name and scopes of a role of `securityFunction`, its row locked: what it grants cannot change under the check. */
export async function storedRole(tx: Sql, id: string | null | undefined, securityFunction: string): Promise<{ name: string; scopes: string[] } | undefined> {
  const [row] = await tx.query<{ name: string; scopes: unknown[] | null }>(
    `SELECT name, ${STORED_SCOPES_SQL} FROM party_role WHERE id = $1 AND "securityFunction" = $2 FOR UPDATE`,
    [id, securityFunction],
  );
  return row && { name: row.name, scopes: storedScopes(row.scopes) };
}

/**
 * A party role's rules, in the deployment's security function (`securityFunction`, the store's
 * partition): its scopes are the gateway's (`known`); its name is unique in the function (a role
 * named in a token maps to one role) and none ROLE_SCOPES maps; the controller role keeps its name; the function holds at most
 * `maxRoles`; the writer holds every scope the role grants, before and after a change
 * (assertGrantable). Each write notifies every instance of the function of the change.
 */
export function partyRoleRules(settings: PartyRoleSettings, known: ReadonlySet<string>, securityFunction: string): AttributeRules<PartyRole> {
  return async (candidate, current, tx, writer) => {
    const granted = scopesNamed(candidate.characteristic, known);
    const id = current ? candidate.id : null;
    if (current) {
      const before = await storedRole(tx, id, securityFunction);
      assertGrantable(writer, [...new Set([...(before?.scopes ?? []), ...granted])], "changing");
      assertNotStatic(candidate.name, settings);
      if (before?.name === settings.controllerRole && candidate.name !== before.name) {
        throw conflict(
          `${before.name} is the controller role of the ODA Canvas (CONTROLLER_ROLE): it keeps its name; add a role of another name instead`,
          "Controller role",
        );
      }
    } else {
      assertGrantable(writer, granted, "creating");
      assertNotStatic(candidate.name, settings);
      await tx.query("SELECT pg_advisory_xact_lock_shared($1), pg_advisory_xact_lock($2::int, hashtext($3))", [
        ADVISORY_LOCKS.partyRolesBeforePerFunction,
        ADVISORY_LOCKS.partyRoles,
        securityFunction,
      ]);
      const [held] = await tx.query<{ count: number }>(`SELECT count(*)::int AS count FROM party_role WHERE "securityFunction" = $1`, [securityFunction]);
      if (held!.count >= settings.maxRoles) {
        throw conflict(
          `${functionNamed(securityFunction)} holds ${held!.count} party roles, its maximum (PARTY_ROLES_MAX=${settings.maxRoles}): delete a role before adding one`,
          "Too many party roles",
        );
      }
    }
    const [other] = await tx.query(`SELECT id FROM party_role WHERE name = $1 AND id IS DISTINCT FROM $2::uuid AND "securityFunction" = $3`, [
      candidate.name,
      id,
      securityFunction,
    ]);
    if (other) throw duplicateName(candidate.name);
    await notifyChange(tx, securityFunction);
    return {};
  };
}

export const duplicateName = (name: string | null | undefined) =>
  conflict(
    `A party role named '${name}' exists already in this security function: a role's name is what a token names, one role per name`,
    "Duplicate party role",
  );
