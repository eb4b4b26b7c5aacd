/**
 * What a role grants: the scopes of a role named in a token (Keycloak's `realm_access.roles`,
 * `resource_access.<client>.roles`, …). The party roles of the security function (TMF669) are the
 * source in a deployment; the authenticator only asks.
 */
export interface RoleScopes {
  /** The scopes granted by `role`, or undefined when no such role is known. */
  scopesOf(role: string): readonly string[] | undefined;
}

/**
 * `configured` (ROLE_SCOPES) for the roles it maps, the security function's party roles for the
 * others. The operator's configuration wins and is never merged with a party role: a role editor
 * (`partyRole:write`) cannot rewrite, extend or revoke what it pins, even through a party role of
 * that name made before the name was refused (party-role.rules.ts). The party roles come with the
 * gateway's services, after authentication is set up: `use`.
 */
export class LayeredRoleScopes implements RoleScopes {
  private partyRoles?: RoleScopes;
  constructor(private readonly configured: RoleScopes) {}

  use(partyRoles: RoleScopes | undefined): void {
    this.partyRoles = partyRoles;
  }

  scopesOf(role: string): readonly string[] | undefined {
    return this.configured.scopesOf(role) ?? this.partyRoles?.scopesOf(role);
  }
}
