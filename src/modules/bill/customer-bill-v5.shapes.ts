import type { AttributeShape } from "../../tmf/rest-resource.js";
import { each } from "../common/tmf-v5.shapes.js";

// How TMF678 v5 shapes what it restructured of a bill beyond the structures every v5 API shares
// (related parties, characteristics: common/tmf-v5.shapes.ts). Its other changes are additive
// (`@type` on every object) and need no code: the contracts decide what each version shows.

/** What only a document given by value has (v4's AttachmentRefOrValue is one schema for both). */
const BY_VALUE = ["content", "mimeType", "size", "attachmentType", "validFor"];

/**
 * v4's `AttachmentRefOrValue` (one schema, a reference or a value) ⇄ v5's `Attachment` or
 * `AttachmentRef`, told apart by `@type`: a document without one of them is a reference when it has
 * an `id` and nothing only a value has, else a value. v5 writes no bill document.
 */
export const billDocumentV5: AttributeShape = {
  read: (model) =>
    each(model, (document) => {
      if (document["@type"] === "Attachment" || document["@type"] === "AttachmentRef") return document;
      const reference = document.id !== undefined && !BY_VALUE.some((key) => document[key] !== undefined);
      return { ...document, "@type": reference ? "AttachmentRef" : "Attachment" };
    }),
  write: (value) => value,
};
