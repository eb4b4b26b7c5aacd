import { SignJWT } from "jose";

/**
 * The `Authorization` header of an HS256 access token signed with `secret` for `subject`, carrying
 * `roles` as Keycloak puts realm roles (`realm_access.roles`), valid for five minutes.
 */
export async function realmRolesBearer(secret: string, roles: string[], subject = `user-${roles.join("-")}`): Promise<Record<string, string>> {
  const jwt = await new SignJWT({ realm_access: { roles } })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(subject)
    .setIssuedAt()
    .setExpirationTime("5m")
    .sign(new TextEncoder().encode(secret));
  return { authorization: `Bearer ${jwt}` };
}
