import { getNamedType, isInputObjectType, type GraphQLInputObjectType, type GraphQLInputType } from "graphql";
import { badInput } from "../errors.js";
import { SERVER_ASSIGNED } from "../resource/versions.js";
import type { SchemaPlan } from "../resource/schema-plan.js";
import { fromTmf, graphqlName, isJsonObject } from "../tmf/tmf-json.js";

/** Card data a body may carry in the swaggers' examples (a BankCard payment method), never accepted. */
const CARD_SECRETS = new Set(["cardNumber", "cvv", "cvc", "securityCode"]);

type Json = Record<string, unknown>;

/**
 * A REST request body as the GraphQL input of a create or a patch. Every attribute, at any depth,
 * must be one the input type knows, or one the swagger's write definition has that the gateway
 * owns (a BillingAccount's `lastModified` and `accountBalance`, a payment item's `id` and `href`):
 * those are accepted and superseded by the gateway's own. Anything else is a 400 naming it; card
 * numbers and security codes are refused as such (PCI DSS: this gateway stores no card data).
 */
export function bodyInput(body: unknown, inputType: GraphQLInputObjectType, type: string, root: SchemaPlan | undefined): unknown {
  if (!isJsonObject(body)) throw badInput(`The request body must be a JSON object (a ${type})`);
  refuseServerAssigned(body);
  const walk = new BodyWalk();
  const accepted = walk.object(body, inputType, root, "");
  if (walk.secrets.length) {
    throw badInput(`Card data is never accepted (${walk.secrets.join(", ")}): refer to a tokenized payment method by id`);
  }
  if (walk.unknown.length) throw badInput(`Unknown or read-only attribute(s) for ${type}: ${walk.unknown.join(", ")}`);
  return fromTmf(accepted);
}

/** `'id' is assigned by the server`: a write never names the resource's own id or href. */
export function refuseServerAssigned(body: Json): void {
  for (const key of SERVER_ASSIGNED) {
    if (key in body) throw badInput(`'${key}' is assigned by the server and cannot be set`);
  }
}

class BodyWalk {
  readonly unknown: string[] = [];
  readonly secrets: string[] = [];

  object(value: Json, type: GraphQLInputObjectType, schema: SchemaPlan | undefined, path: string): Json {
    const fields = type.getFields();
    const out: Json = {};
    for (const [key, item] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      const field = fields[graphqlName(key)];
      if (field) out[key] = this.value(item, field.type, schema?.properties.get(key), at);
      else if (CARD_SECRETS.has(key)) this.secrets.push(at);
      else if (!schema?.properties.has(key)) this.unknown.push(at);
      // else: the swagger lets clients send it, the gateway owns it: left out
    }
    return out;
  }

  private value(value: unknown, type: GraphQLInputType, schema: SchemaPlan | undefined, path: string): unknown {
    const named = getNamedType(type);
    if (!isInputObjectType(named)) return value; // scalars and JSON structures, as given
    if (Array.isArray(value)) return value.map((item, i) => (isJsonObject(item) ? this.object(item, named, schema, `${path}[${i}]`) : item));
    return isJsonObject(value) ? this.object(value, named, schema, path) : value;
  }
}
