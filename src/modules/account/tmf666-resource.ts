import type { ResourceDescription, StorageLayout } from "../../resource/description.js";
import type { AttributeShape } from "../../tmf/rest-resource.js";
import { accountManagement, accountManagementV5 } from "./account-management.api.js";

/** What sets one of TMF666's plainer resources apart (see `tmf666Resource`). */
export interface Tmf666ResourceSpec<T extends { id: string }> {
  name: string;
  type: new () => T;
  /** The attributes a client writes (create and patch). */
  input: new () => unknown;
  collection: string;
  /** "party account": how operation descriptions name it. */
  what: string;
  mandatory: readonly string[];
  storage: StorageLayout;
  events: ResourceDescription["events"];
  /** Attributes that refer to another resource of the gateway (their href is derived). */
  references?: ResourceDescription["references"];
  relations?: ResourceDescription["relations"];
  /** Why a delete may be refused, for its description. */
  deleteNote?: string;
  /** The attributes TMF666 v5 shapes differently (see account-v5.shapes.ts). */
  v5?: Readonly<Record<string, AttributeShape>>;
}

/** The description of a TMF666 resource with all five operations, its inputs the same for create and patch, in v4 and v5. */
export function tmf666Resource<T extends { id: string }>(spec: Tmf666ResourceSpec<T>): ResourceDescription<T> {
  const { name, type, input, collection, what, mandatory, storage, events, deleteNote, references, relations, v5 } = spec;
  return {
    name,
    type,
    api: accountManagement,
    versions: [{ api: accountManagementV5, reshaped: v5 ?? {} }],
    collection,
    operations: {
      create: { input, description: `Creates a ${what} (TMF666 POST /${collection})` },
      update: { patch: input, description: `Applies a JSON merge patch to a ${what} (TMF666 PATCH)` },
      delete: { description: `Deletes a ${what}${deleteNote ? ` ${deleteNote}` : ""}` },
    },
    mandatory,
    ...(references && { references }),
    ...(relations && { relations }),
    storage,
    events,
  };
}

/** The table of an account resource: its name indexed, its lastModified kept. */
export const accountStorage = (table: string): StorageLayout => ({ table, updatedAt: "lastModified", indexed: ["name"] });
