/**
 * What a role grants: the scopes of a role named in a token (Keycloak's `realm_access.roles`,
 * `resource_access.<client>.roles`, …). The party roles of the security function (TMF669) are the
 * source in a deployment; the authenticator only asks.
 */
export interface RoleScopes {
  /** The scopes granted by `role`, or undefined when no such role is known. */
  scopesOf(role: string): readonly string[] | undefined;
}
