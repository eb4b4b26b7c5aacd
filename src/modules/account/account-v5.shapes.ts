import type { AttributeShape } from "../../tmf/rest-resource.js";
import { isJsonObject } from "../../tmf/tmf-json.js";
import { contactMediumV5, copyExcept, defined, each, oneRelatedPartyV5, relatedPartyV5 } from "../common/tmf-v5.shapes.js";

// How TMF666 v5.0.0 shapes the account attributes it restructured, against the model (v4's shape).
// What v5 only adds (`@type` on every object, AccountRelationship's `href`…) the contracts decide.

type Json = Record<string, unknown>;

/** v4's `lastModified` is v5's `lastUpdate` (server-set in both: a write of it is superseded). */
export const lastUpdateV5: AttributeShape = { as: "lastUpdate", read: (model) => model, write: (value) => value };

/** What v5 reshapes of a contact, and how its related party reads. */
const CONTACT_PARTS: ReadonlySet<string> = new Set(["contactMedium", "relatedParty"]);
const CONTACT_PARTY = oneRelatedPartyV5("relatedParty");

/**
 * v4's `Contact { contactMedium: ContactMedium[], relatedParty: RelatedParty }` ⇄ v5's, whose
 * contact media are subclasses and whose related party is wrapped, as a customer's are.
 */
export const contactV5: AttributeShape = {
  read: (model) =>
    each(model, (contact) => {
      const out = copyExcept({}, contact, CONTACT_PARTS);
      const contactMedium = contactMediumV5.read(contact.contactMedium);
      const relatedParty = CONTACT_PARTY.read(contact.relatedParty);
      if (contactMedium !== undefined) out.contactMedium = contactMedium;
      if (relatedParty !== undefined) out.relatedParty = relatedParty;
      return out;
    }),
  write: (value) =>
    each(value, (contact, i) => {
      const { contactMedium, relatedParty, ...rest } = contact;
      const written = (shape: AttributeShape, part: unknown) => (part == null ? part : shape.write(part));
      return {
        ...rest,
        ...defined({
          contactMedium: written(contactMediumV5, contactMedium),
          relatedParty: written(oneRelatedPartyV5(`contact[${i}].relatedParty`), relatedParty),
        }),
      };
    }),
};

/** The parts of a bill structure, by the resource each refers to or describes. */
const STRUCTURE_PARTS: Readonly<Record<string, string>> = {
  cycleSpecification: "BillingCycleSpecification",
  format: "BillFormat",
  presentationMedia: "BillPresentationMedia",
};

/**
 * v4's `*RefOrValue` parts of a bill structure are one object, a reference when it has an `id`; v5
 * tells them apart by `@type` (`BillFormatRef` or `BillFormat`): a part without one of those reads
 * as a reference when it names a resource (`id`), as a value otherwise. A v5 part is kept as written.
 */
export const billStructureV5: AttributeShape = {
  read: (model) => {
    if (!isJsonObject(model)) return model;
    const out: Json = { ...model };
    for (const [part, type] of Object.entries(STRUCTURE_PARTS)) {
      const typed = (value: Json) =>
        value["@type"] === type || value["@type"] === `${type}Ref` ? value : { ...value, "@type": value.id ? `${type}Ref` : type };
      if (Array.isArray(out[part])) out[part] = each(out[part], typed);
      else if (isJsonObject(out[part])) out[part] = typed(out[part]);
    }
    return out;
  },
  write: (value) => value,
};

/** What every TMF666 account reshapes in v5. */
export const ACCOUNT_V5: Readonly<Record<string, AttributeShape>> = { relatedParty: relatedPartyV5, contact: contactV5, lastModified: lastUpdateV5 };

/** What the party accounts (billing, party, settlement) reshape in v5: an account's, and their bill structure. */
export const PARTY_ACCOUNT_V5: Readonly<Record<string, AttributeShape>> = { ...ACCOUNT_V5, billStructure: billStructureV5 };
