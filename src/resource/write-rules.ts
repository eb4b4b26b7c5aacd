import { withDecimals } from "./attributes.js";
import type { PartDescription, ResourceDescription } from "./description.js";
import { checkTextLengths, requireAttributes, requireReferenceIds } from "./input-rules.js";
import { checkSchemaLocations } from "./schema-locations.js";
import type { Storage } from "./storage.js";
import { WriteContracts } from "./write-contracts.js";

type Row = Record<string, unknown>;

/**
 * What a resource's writes are held to before any statement, derived from its description: its
 * mandatory attributes, the ids of the references the gateway resolves, the lengths of indexed
 * texts, its contracts (compiled at construction; a part has none) and the schemas its
 * `@schemaLocation`s name. Each check fails with BAD_USER_INPUT naming what the write breaks.
 */
export class WriteRules {
  readonly mandatory: readonly string[];
  /** What its writes are checked against of its contracts (absent for a part). */
  private readonly contract?: WriteContracts;
  /** The reference attributes whose target the gateway resolves (a foreign key, an `href`): their `id` is mandatory. */
  private readonly resolvedReferences: Storage["attributes"];

  constructor(
    private readonly description: ResourceDescription | PartDescription,
    private readonly storage: Storage,
  ) {
    this.contract = "api" in description ? new WriteContracts(description as ResourceDescription) : undefined;
    this.mandatory = this.contract?.mandatory ?? [];
    const resolved = (description as Partial<ResourceDescription>).references ?? {};
    this.resolvedReferences = storage.attributes.filter((a) => a.name in resolved);
  }

  /** A create's input attributes (GraphQL shape). */
  checkCreate(input: object, mandatory: readonly string[] = this.mandatory): void {
    requireAttributes(input, mandatory, this.description.name);
    requireReferenceIds(input, this.resolvedReferences);
    checkTextLengths(input, this.storage.indexed);
    this.contract?.check("Create", input);
    checkSchemaLocations(this.description.name, input);
  }

  /** A merge patch: the attributes it `changes` (merged into the current ones) and the resource `next` it makes of the current one. */
  checkPatch(changes: Row, next: Row): void {
    requireAttributes(next, this.mandatory, this.description.name);
    requireReferenceIds(changes, this.resolvedReferences);
    checkTextLengths(changes, this.storage.indexed);
    this.contract?.check("Update", changes);
    const attributes = Object.fromEntries(this.storage.attributes.filter((a) => a.name !== "id").map((a) => [a.name, next[a.name]]));
    if (this.contract?.checksWhole) this.contract.check("Create", withDecimals(attributes, this.description.type) as object);
    checkSchemaLocations(this.description.name, attributes);
  }
}
