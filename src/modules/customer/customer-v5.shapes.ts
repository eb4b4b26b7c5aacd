import { badInput } from "../../errors.js";
import { isJsonObject } from "../../tmf/tmf-json.js";
import type { AttributeShape } from "../../tmf/rest-resource.js";

// How TMF629 v5 shapes the two customer attributes it restructured, against the model (v4's
// shape, with v5's additions). Everything else v5 changed is additive (new attributes, `@type` on
// every object) and needs no code: the contracts decide what each version shows.

type Json = Record<string, unknown>;

const each = (value: unknown, one: (item: Json, index: number) => Json) =>
  Array.isArray(value) ? value.map((item, i) => (isJsonObject(item) ? one(item, i) : item)) : value;

/** v5's contact medium subclasses and the v4 `mediumType` each is written as. */
const MEDIUM_TYPES: Readonly<Record<string, string>> = {
  EmailContactMedium: "email",
  PhoneContactMedium: "phone",
  FaxContactMedium: "fax",
  GeographicAddressContactMedium: "postalAddress",
  SocialContactMedium: "social",
};

/** v4 medium types as clients write them (TMF629 v4 fixes no list), by the subclass v5 reads them as. */
const MEDIUM_ALIASES: Readonly<Record<string, string>> = {
  email: "EmailContactMedium",
  emailaddress: "EmailContactMedium",
  phone: "PhoneContactMedium",
  telephone: "PhoneContactMedium",
  telephonenumber: "PhoneContactMedium",
  phonenumber: "PhoneContactMedium",
  mobile: "PhoneContactMedium",
  fax: "FaxContactMedium",
  faxnumber: "FaxContactMedium",
  postaladdress: "GeographicAddressContactMedium",
  postal: "GeographicAddressContactMedium",
  address: "GeographicAddressContactMedium",
  geographicaddress: "GeographicAddressContactMedium",
  social: "SocialContactMedium",
  socialnetwork: "SocialContactMedium",
  socialmedia: "SocialContactMedium",
};

/** A medium type v5 has no subclass for is kept as a v4 `mediumType` would be, with the base class. */
const OTHER_MEDIUM = "ContactMedium";

/**
 * v4 `{ mediumType, characteristic: { emailAddress, contactType, … } }` ⇄ v5's subclass
 * `{ "@type": "EmailContactMedium", emailAddress, contactType, … }`. A subclass the v4 writer
 * named as `@type` wins over its medium type; attributes of the characteristic that the subclass
 * does not define are left out by the v5 contract.
 */
export const contactMediumV5: AttributeShape = {
  read: (model) =>
    each(model, (medium) => {
      const { mediumType, characteristic, "@type": type, ...common } = medium;
      const { "@type": _t, "@baseType": _b, "@schemaLocation": _s, ...attributes } = isJsonObject(characteristic) ? characteristic : {};
      const subclass = typeof type === "string" && type in MEDIUM_TYPES ? type : (MEDIUM_ALIASES[String(mediumType ?? "").toLowerCase()] ?? OTHER_MEDIUM);
      return { ...common, ...attributes, "@type": subclass };
    }),
  write: (value) =>
    each(value, (medium) => {
      const { "@type": type, id, preferred, validFor, geographicAddress, "@baseType": baseType, "@schemaLocation": schemaLocation, ...attributes } = medium;
      const subclass = String(type);
      return {
        mediumType: MEDIUM_TYPES[subclass] ?? "other",
        "@type": subclass,
        ...defined({ id, preferred, validFor, geographicAddress, "@baseType": baseType, "@schemaLocation": schemaLocation }),
        characteristic: attributes,
      };
    }),
};

/** The references v5 takes in `partyOrPartyRole`: a party by value belongs to TMF632, not here. */
const PARTY_REFERENCES = new Set(["PartyRef", "PartyRoleRef"]);

/**
 * v4's flat `RelatedParty { id, name, role, @referredType }` ⇄ v5's
 * `RelatedPartyOrPartyRole { role, partyOrPartyRole: { "@type": "PartyRef", id, name, @referredType } }`.
 * A party role reference keeps its `partyId` and `partyName` (v4 does not show them).
 */
export const relatedPartyV5: AttributeShape = {
  filters: {
    "partyOrPartyRole.id": "id",
    "partyOrPartyRole.name": "name",
    "partyOrPartyRole.@referredType": "@referredType",
    "partyOrPartyRole.@type": "@type",
  },
  read: (model) =>
    each(model, (party) => {
      const { role, "@type": type, ...reference } = party;
      // v5 lets a related party name its role alone: the model holds no reference then.
      if (type === undefined && !Object.keys(reference).length) return { "@type": "RelatedPartyOrPartyRole", ...defined({ role }) };
      const kind = type === "PartyRoleRef" || reference.partyId !== undefined ? "PartyRoleRef" : "PartyRef";
      return { "@type": "RelatedPartyOrPartyRole", ...defined({ role }), partyOrPartyRole: { ...reference, "@type": kind } };
    }),
  write: (value) =>
    each(value, (related, i) => {
      const reference = related.partyOrPartyRole;
      if (reference === undefined || reference === null) return defined({ role: related.role });
      if (!isJsonObject(reference) || !PARTY_REFERENCES.has(String(reference["@type"]))) {
        throw badInput(
          `relatedParty[${i}].partyOrPartyRole must refer to a party or party role (@type PartyRef or PartyRoleRef): parties by value are TMF632's`,
        );
      }
      return { ...reference, ...defined({ role: related.role }) };
    }),
};

function defined(values: Json): Json {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}
