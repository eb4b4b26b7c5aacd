import { badInput } from "../../errors.js";
import { setOwn } from "../../tmf/prototype-keys.js";
import { isJsonObject } from "../../tmf/tmf-json.js";
import type { AttributeShape } from "../../tmf/rest-resource.js";

// How TMF v5 shapes the common structures it restructured (a contact medium, a related party), against
// the model (v4's shape, with v5's additions), for every API served in both (TMF629, TMF666, TMF678).
// Everything else v5 changed in them is additive (new attributes, `@type` on every object, which the
// contract gives where the model has none) and needs no code: the contracts decide what each version shows.

type Json = Record<string, unknown>;

/** `one` applied to each object of a list, or to the object itself (TMF678's bill on demand has one related party). */
export const each = (value: unknown, one: (item: Json, index?: number) => Json) =>
  Array.isArray(value) ? value.map((item, i) => (isJsonObject(item) ? one(item, i) : item)) : isJsonObject(value) ? one(value) : value;

/**
 * `from`'s attributes but those of `except`, copied onto `out` in their order (one already there
 * keeps its place): what `{ ...out, ...rest }` of `const { a, b, ...rest } = from` makes, without the
 * intermediate object. Representations are read on every GET: their reshaping copies once.
 */
export function copyExcept(out: Json, from: Json, except: ReadonlySet<string>): Json {
  for (const key in from) if (!except.has(key)) setOwn(out, key, from[key]);
  return out;
}

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

/** A v4 contact medium's attributes that v5's subclass replaces. */
const MEDIUM_OWN: ReadonlySet<string> = new Set(["mediumType", "characteristic", "@type"]);
/** TMF's polymorphism attributes, of a v4 medium's characteristic: v5's medium has its own. */
const POLYMORPHISM: ReadonlySet<string> = new Set(["@type", "@baseType", "@schemaLocation"]);

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
      const { mediumType, characteristic, "@type": type } = medium;
      const subclass = typeof type === "string" && type in MEDIUM_TYPES ? type : (MEDIUM_ALIASES[String(mediumType ?? "").toLowerCase()] ?? OTHER_MEDIUM);
      const out = copyExcept({}, medium, MEDIUM_OWN);
      if (isJsonObject(characteristic)) copyExcept(out, characteristic, POLYMORPHISM);
      out["@type"] = subclass;
      return out;
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

/** v4's flat `RelatedParty` as v5's wrapper (its `@type` is the contract's: RelatedPartyOrPartyRole, RelatedPartyRefOrPartyRoleRef). */
function partyToV5(party: Json): Json {
  const { role, "@type": type } = party;
  const reference = copyExcept({}, party, PARTY_OWN);
  const out: Json = role === undefined ? {} : { role };
  // v5 lets a related party name its role alone: the model holds no reference then.
  if (type === undefined && !hasAttributes(reference)) return out;
  reference["@type"] = type === "PartyRoleRef" || reference.partyId !== undefined ? "PartyRoleRef" : "PartyRef";
  out.partyOrPartyRole = reference;
  return out;
}

/** A v4 related party's attributes that v5's wrapper holds, not its reference. */
const PARTY_OWN: ReadonlySet<string> = new Set(["role", "@type"]);

function hasAttributes(value: Json): boolean {
  for (const _ in value) return true;
  return false;
}

/** v5's wrapper as v4's flat `RelatedParty` (`at`: where it is, for the refusal of a party by value). */
function partyFromV5(related: Json, at: string): Json {
  const reference = related.partyOrPartyRole;
  if (reference === undefined || reference === null) return defined({ role: related.role });
  if (!isJsonObject(reference) || !PARTY_REFERENCES.has(String(reference["@type"]))) {
    throw badInput(`${at}.partyOrPartyRole must refer to a party or party role (@type PartyRef or PartyRoleRef): parties by value are TMF632's`);
  }
  return { ...reference, ...defined({ role: related.role }) };
}

/** Filters of v5's paths within a related party, by the model's. */
const PARTY_FILTERS = {
  "partyOrPartyRole.id": "id",
  "partyOrPartyRole.name": "name",
  "partyOrPartyRole.@referredType": "@referredType",
  "partyOrPartyRole.@type": "@type",
};

/**
 * v4's flat `RelatedParty { id, name, role, @referredType }` ⇄ v5's
 * `{ role, partyOrPartyRole: { "@type": "PartyRef", id, name, @referredType } }`.
 * A party role reference keeps its `partyId` and `partyName` (v4 does not show them); a v5 related
 * party with a role alone is kept as the role alone (v4's GET leaves it out: v4 requires an `id`).
 */
export const relatedPartyV5: AttributeShape = {
  filters: PARTY_FILTERS,
  read: (model) => each(model, partyToV5),
  write: (value) => each(value, (related, i) => partyFromV5(related, i === undefined ? "relatedParty" : `relatedParty[${i}]`)),
};

/** One related party (a TMF666 contact's), as `relatedPartyV5` shapes each of a list. */
export function oneRelatedPartyV5(at: string): AttributeShape {
  return {
    filters: PARTY_FILTERS,
    read: (model) => (isJsonObject(model) ? partyToV5(model) : model),
    write: (value) => (isJsonObject(value) ? partyFromV5(value, at) : value),
  };
}

export function defined(values: Json): Json {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}

/** The subclass of v5's Characteristic a value is (v5 types each characteristic by its value; v4 has one Characteristic). */
function characteristicType(value: unknown): string | undefined {
  if (typeof value === "string") return "String";
  if (typeof value === "boolean") return "Boolean";
  if (typeof value === "number") return Number.isInteger(value) ? "Integer" : "Number";
  if (isJsonObject(value)) return "Object";
  if (Array.isArray(value)) {
    const item = characteristicType(value.find((v) => v !== null && v !== undefined) ?? {});
    return item && !item.endsWith("Array") ? `${item}Array` : "ObjectArray";
  }
  return undefined;
}

/**
 * v4's `Characteristic { name, valueType, value }` reads in v5 as the subclass its value is
 * (`StringCharacteristic`, `IntegerCharacteristic`, `ObjectArrayCharacteristic`…), whose schema
 * defines `value`; one a v5 client wrote keeps its `@type`. v5's characteristics are v4's with a
 * `@type`: written as they are.
 */
export const characteristicV5: AttributeShape = {
  read: (model) =>
    each(model, (characteristic) => {
      const type = characteristic["@type"];
      if (typeof type === "string" && type.endsWith("Characteristic") && type !== "Characteristic") return characteristic;
      const kind = characteristicType(characteristic.value);
      return kind ? { ...characteristic, "@type": `${kind}Characteristic` } : characteristic;
    }),
  write: (value) => value,
};
