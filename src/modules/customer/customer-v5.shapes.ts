import { isJsonObject } from "../../tmf/tmf-json.js";
import type { AttributeShape } from "../../tmf/rest-resource.js";
import { defined, each } from "../common/tmf-v5.shapes.js";

// How TMF629 v5 shapes the customer's contact media, against the model (v4's shape, with v5's
// additions); related parties and characteristics are shaped as every v5 API shapes them
// (common/tmf-v5.shapes.ts). Everything else v5 changed is additive (new attributes, `@type` on
// every object) and needs no code: the contracts decide what each version shows.

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
