import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Principal } from "../auth/principal.js";
import { GraphQLError, Kind, parse, print, visit, type DefinitionNode, type DocumentNode, type FragmentDefinitionNode } from "graphql";

/**
 * Trusted documents (persisted-query safelisting): with GRAPHQL_TRUSTED_DOCUMENTS=on, /graphql and
 * subscriptions run only the operations of a manifest (`graphql/trusted/manifest.json`, built from
 * graphql/examples/ by `npm run trusted:build`), each named by the SHA-256 of its text. A client
 * sends the hash (Apollo's `extensions.persistedQuery.sha256Hash`, or the GraphQL-over-HTTP
 * `documentId: "sha256:<hex>"`), the text, or both; anything else is refused with
 * OPERATION_NOT_TRUSTED. The REST layer runs its own operations in-process and is not affected.
 * The federation routers GRAPHQL_TRUSTED_ROUTERS names send their query plans' operations on POST/GET
 * /graphql unlisted (`exempts`).
 */

/** Apollo's persisted query manifest format (what @apollo/generate-persisted-query-manifest writes). */
export interface TrustedManifest {
  format: "apollo-persisted-query-manifest";
  version: 1;
  operations: { id: string; name: string; type: "query" | "mutation" | "subscription"; body: string }[];
}

export const DEFAULT_MANIFEST = path.resolve(import.meta.dirname, "../../graphql/trusted/manifest.json");
const EXAMPLES_DIR = path.resolve(import.meta.dirname, "../../graphql/examples");

export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** The fragments an operation spreads, directly or through other fragments. */
function usedFragments(operation: DefinitionNode, fragments: Map<string, FragmentDefinitionNode>): FragmentDefinitionNode[] {
  const used = new Map<string, FragmentDefinitionNode>();
  const walk = (node: DefinitionNode) =>
    visit(node, {
      FragmentSpread(spread) {
        const fragment = fragments.get(spread.name.value);
        if (fragment && !used.has(fragment.name.value)) {
          used.set(fragment.name.value, fragment);
          walk(fragment);
        }
      },
    });
  walk(operation);
  return [...used.values()];
}

/** The manifest of the example operations: one entry per operation, its text printed with the fragments it uses. */
export function manifestOf(examplesDir = EXAMPLES_DIR): TrustedManifest {
  const operations: TrustedManifest["operations"] = [];
  for (const file of readdirSync(examplesDir)
    .filter((f) => f.endsWith(".graphql"))
    .sort()) {
    const document: DocumentNode = parse(readFileSync(path.join(examplesDir, file), "utf8"));
    const fragments = new Map(
      document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
    );
    for (const definition of document.definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
      const body = print({ kind: Kind.DOCUMENT, definitions: [definition, ...usedFragments(definition, fragments)] });
      // An anonymous operation is named after its file: portal-customers.graphql → PortalCustomers.
      const name = definition.name?.value ?? path.basename(file, ".graphql").replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase());
      operations.push({ id: sha256(body), name, type: definition.operation, body });
    }
  }
  return { format: "apollo-persisted-query-manifest", version: 1, operations };
}

/** What a request names its operation by. */
export interface OperationRequest {
  query?: unknown;
  documentId?: unknown;
  extensions?: { persistedQuery?: { sha256Hash?: unknown } } | unknown;
}

const refused = (message: string) => new GraphQLError(message, { extensions: { code: "OPERATION_NOT_TRUSTED", http: { status: 400 } } });

export class TrustedDocuments {
  private readonly bodies: Map<string, string>;
  /** The manifest's operation names. */
  readonly names: string[];
  private readonly routers: Set<string>;

  /** `routers`: GRAPHQL_TRUSTED_ROUTERS as principal ids (`key:<name>`, `jwt:<subject>`), whose operations run unlisted (see `exempts`). */
  constructor(manifest: TrustedManifest, routers: readonly string[] = []) {
    this.bodies = new Map(manifest.operations.map((op) => [op.id, op.body]));
    this.names = manifest.operations.flatMap((op) => (op.name ? [op.name] : []));
    this.routers = new Set(routers);
  }

  /**
   * A federation router's operations run without being listed: its query plans (`_entities`, and the
   * root fields its clients' operations read here) are generated from operations its own safelist
   * admitted. A router is named by its API key's name, or `jwt:<subject>` for a token's subject —
   * never one by the other. Limits, cost and scopes hold for it as for anyone.
   */
  exempts(principal: Principal): boolean {
    return principal.via !== "anonymous" && this.routers.has(principal.id);
  }

  static load(file = DEFAULT_MANIFEST, routers: readonly string[] = []): TrustedDocuments {
    const manifest = JSON.parse(readFileSync(file, "utf8")) as TrustedManifest;
    if (manifest.format !== "apollo-persisted-query-manifest" || !Array.isArray(manifest.operations)) {
      throw new Error(`${file} is not a persisted query manifest (format apollo-persisted-query-manifest, version 1)`);
    }
    return new TrustedDocuments(manifest, routers);
  }

  get size(): number {
    return this.bodies.size;
  }

  /** The text of the trusted operation a request names; throws OPERATION_NOT_TRUSTED for any other. */
  resolve(request: OperationRequest): string {
    const extensions = request.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined;
    const fromDocumentId = typeof request.documentId === "string" && request.documentId.startsWith("sha256:") ? request.documentId.slice(7) : undefined;
    const hash = fromDocumentId ?? (typeof extensions?.persistedQuery?.sha256Hash === "string" ? extensions.persistedQuery.sha256Hash : undefined);
    const text = typeof request.query === "string" && request.query !== "" ? request.query : undefined;
    const id = hash ?? (text === undefined ? undefined : sha256(text));
    if (id === undefined) throw refused("Only trusted documents run here: send the operation's SHA-256 (extensions.persistedQuery.sha256Hash or documentId)");
    const body = this.bodies.get(id.toLowerCase());
    if (body === undefined) throw refused(`Operation ${id} is not one of the trusted documents of this gateway`);
    if (text !== undefined && sha256(text) !== id.toLowerCase()) throw refused("The query text does not match the hash it is sent with");
    return body;
  }
}
