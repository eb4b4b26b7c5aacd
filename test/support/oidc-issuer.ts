import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { exportJWK, generateKeyPair } from "jose";
import Provider from "oidc-provider";

/** A client of the issuer and the roles its tokens carry, as Keycloak puts them. */
export interface IssuerClient {
  id: string;
  realmRoles?: string[];
  /** `resource_access.<client>.roles`, by client. */
  clientRoles?: Record<string, string[]>;
  /** How the client authenticates at the token endpoint: `client_secret_post` unless said (the MCP SDK's client sends Basic). */
  authMethod?: "client_secret_post" | "client_secret_basic";
}

/**
 * A real OpenID provider (oidc-provider, the certified implementation) on a loopback port, issuing
 * JWT access tokens by the client credentials grant, shaped like Keycloak's: `aud` "account", `azp`
 * the client, `realm_access.roles`, `resource_access.<client>.roles`. The provider sits behind a
 * small server of the test's own, which counts the requests for the JWKS, can make that endpoint
 * hang (down), and can swap the provider for one with new keys under the same issuer (rotation).
 */
export class OidcIssuer {
  jwksRequests = 0;
  /** "hang": the JWKS endpoint accepts the connection and never answers. */
  jwksMode: "up" | "hang" = "up";
  kid = "";
  private provider?: Provider;
  private handler?: (req: IncomingMessage, res: ServerResponse) => void;
  private readonly hanging = new Set<ServerResponse>();

  private constructor(
    private readonly server: Server,
    readonly issuer: string,
    private readonly clients: IssuerClient[],
  ) {}

  static async start(clients: IssuerClient[]): Promise<OidcIssuer> {
    const server = createServer((req, res) => issuer.serve(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const issuer = new OidcIssuer(server, `http://127.0.0.1:${(server.address() as { port: number }).port}`, clients);
    await issuer.rotate();
    return issuer;
  }

  get jwksUrl(): string {
    return `${this.issuer}/jwks`;
  }

  private serve(req: IncomingMessage, res: ServerResponse): void {
    if (req.url?.startsWith("/jwks")) {
      this.jwksRequests++;
      if (this.jwksMode === "hang") {
        this.hanging.add(res);
        return;
      }
    }
    this.handler!(req, res);
  }

  /** A new provider under the same issuer, signing with a new key (the old key is gone from the JWKS). */
  async rotate(): Promise<void> {
    const { privateKey } = await generateKeyPair("RS256", { extractable: true });
    this.kid = `key-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
    const jwk = { ...(await exportJWK(privateKey)), kid: this.kid, alg: "RS256", use: "sig" };
    this.provider = new Provider(this.issuer, {
      clients: this.clients.map((client) => ({
        client_id: client.id,
        client_secret: secretOf(client.id),
        grant_types: ["client_credentials"],
        redirect_uris: [],
        response_types: [],
        token_endpoint_auth_method: client.authMethod ?? "client_secret_post",
      })),
      jwks: { keys: [jwk] },
      cookies: { keys: ["an-oidc-test-cookie-key"] },
      ttl: { ClientCredentials: 300 },
      features: {
        devInteractions: { enabled: false },
        clientCredentials: { enabled: true },
        resourceIndicators: {
          enabled: true,
          defaultResource: () => "urn:tmf-gateway",
          useGrantedResource: () => true,
          getResourceServerInfo: () => ({ scope: "", audience: "account", accessTokenFormat: "jwt", accessTokenTTL: 300, jwt: { sign: { alg: "RS256" } } }),
        },
      },
      extraTokenClaims: (_ctx: unknown, token: { clientId?: string }) => {
        const client = this.clients.find((c) => c.id === token.clientId)!;
        const resourceAccess = Object.fromEntries(Object.entries(client.clientRoles ?? {}).map(([id, roles]) => [id, { roles }]));
        return { azp: client.id, realm_access: { roles: client.realmRoles ?? [] }, resource_access: resourceAccess };
      },
    });
    this.handler = this.provider.callback();
  }

  /** An access token of `clientId`, from the token endpoint over HTTP. */
  async token(clientId: string): Promise<string> {
    const res = await fetch(`${this.issuer}/token`, {
      method: "POST",
      body: new URLSearchParams({ grant_type: "client_credentials", client_id: clientId, client_secret: secretOf(clientId) }),
    });
    const body = (await res.json()) as { access_token?: string };
    if (res.status !== 200 || !body.access_token) throw new Error(`token endpoint answered ${res.status}: ${JSON.stringify(body)}`);
    return body.access_token;
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

export const secretOf = (clientId: string) => `secret-of-${clientId}-0123456789`;
