import { badInput } from "../../errors.js";
import { isJsonObject } from "../../tmf/tmf-json.js";
import type { AttributeShape } from "../../tmf/rest-resource.js";

// How the TMF v5 APIs shape the structures common to them against the model (v4's shape, with
// v5's additions), for every resource served in v5 (TMF629, TMF678). A shape names no `@type`
// its version's contract decides: the representation is made the contract's (resource/versions.ts),
// which gives an object without one the name of its schema (RelatedPartyOrPartyRole in TMF629 v5.0.1,
// RelatedPartyRefOrPartyRoleRef in TMF678 v5.0.0).

type Json = Record<string, unknown>;

/** `one` applied to each object of a list, or to the object itself (TMF678's bill on demand has one related party). */
export const each = (value: unknown, one: (item: Json, index?: number) => Json) =>
  Array.isArray(value) ? value.map((item, i) => (isJsonObject(item) ? one(item, i) : item)) : isJsonObject(value) ? one(value) : value;

export function defined(values: Json): Json {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}

/** The references v5 takes in `partyOrPartyRole`: a party by value belongs to TMF632, not here. */
const PARTY_REFERENCES = new Set(["PartyRef", "PartyRoleRef"]);

/**
 * v4's flat `RelatedParty { id, name, role, @referredType }` ⇄ v5's
 * `{ role, partyOrPartyRole: { "@type": "PartyRef", id, name, @referredType } }`.
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
      const kind = type === "PartyRoleRef" || reference.partyId !== undefined ? "PartyRoleRef" : "PartyRef";
      return { ...defined({ role }), partyOrPartyRole: { ...reference, "@type": kind } };
    }),
  write: (value) =>
    each(value, (related, i) => {
      const reference = related.partyOrPartyRole;
      if (!isJsonObject(reference) || !PARTY_REFERENCES.has(String(reference["@type"]))) {
        throw badInput(
          `relatedParty${i === undefined ? "" : `[${i}]`}.partyOrPartyRole must refer to a party or party role (@type PartyRef or PartyRoleRef): parties by value are TMF632's`,
        );
      }
      return { ...reference, ...defined({ role: related.role }) };
    }),
};

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
