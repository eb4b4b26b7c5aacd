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
 * The security function's party roles for the roles they know, `fallback` (ROLE_SCOPES) for the
 * others. The party roles come with the gateway's services, after authentication is set up: `use`.
 */
export class LayeredRoleScopes implements RoleScopes {
  private primary?: RoleScopes;
  constructor(private readonly fallback: RoleScopes) {}

  use(primary: RoleScopes | undefined): void {
    this.primary = primary;
  }

  scopesOf(role: string): readonly string[] | undefined {
    return this.primary?.scopesOf(role) ?? this.fallback.scopesOf(role);
  }
}
