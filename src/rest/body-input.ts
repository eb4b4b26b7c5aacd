import { getNamedType, isInputObjectType, type GraphQLInputObjectType } from "graphql";
import { badInput } from "../errors.js";
import type { SchemaPlan } from "../resource/schema-plan.js";
import { SERVER_ASSIGNED } from "../resource/versions.js";
import { setOwn } from "../tmf/prototype-keys.js";
import { fromTmf, graphqlName, isJsonObject, tmfName } from "../tmf/tmf-json.js";

/** Card data a body may carry in the swaggers' examples (a BankCard payment method), never accepted. */
const CARD_SECRETS = new Set(["cardNumber", "cvv", "cvc", "securityCode"]);
const CARD_HINT =
  "a card is kept only as brand, last four digits, expiry and its payment service provider's token (TMF670 /paymentMethod); refer to a stored payment method by id";

type Json = Record<string, unknown>;

/**
 * A GraphQL input type walked beside the contract's write definition, compiled once per resource:
 * each field of the input by its GraphQL name, with the walker of its structure where it is one,
 * and the attributes the contract defines there.
 */
export interface InputWalker {
  readonly fields: ReadonlyMap<string, { readonly name: string; readonly walker?: InputWalker }>;
  readonly contract?: SchemaPlan;
}

const walkers = new WeakMap<GraphQLInputObjectType, Map<SchemaPlan | undefined, InputWalker>>();

/** The walker of `type` under the contract's schema `contract` (compiled once, recursive input types included). */
export function inputWalker(type: GraphQLInputObjectType, contract: SchemaPlan | undefined): InputWalker {
  let byContract = walkers.get(type);
  if (!byContract) walkers.set(type, (byContract = new Map()));
  const found = byContract.get(contract);
  if (found) return found;
  const fields = new Map<string, { name: string; walker?: InputWalker }>();
  const walker: InputWalker = { fields, contract };
  byContract.set(contract, walker);
  for (const field of Object.values(type.getFields())) {
    const named = getNamedType(field.type);
    const inner = isInputObjectType(named) ? inputWalker(named, contract?.properties.get(tmfName(field.name))) : undefined;
    fields.set(field.name, { name: field.name, walker: inner });
  }
  return walker;
}

/**
 * A REST request body as the GraphQL input of a create or a patch, in one pass: every attribute,
 * at any depth, must be one the input type knows (renamed the GraphQL way), or one the contract's
 * write definition has that the gateway owns (a BillingAccount's `lastModified` and
 * `accountBalance`, a payment item's `id` and `href`): those are accepted and superseded by the
 * gateway's own. Anything else is a 400 naming it; card numbers and security codes are refused as
 * such (PCI DSS: this gateway stores no card data).
 */
export function bodyInput(body: unknown, walker: InputWalker, type: string): unknown {
  if (!isJsonObject(body)) throw badInput(`The request body must be a JSON object (a ${type})`);
  refuseServerAssigned(body);
  const faults: Faults = { unknown: [], secrets: [] };
  const input = walkObject(body, walker, "", faults);
  if (faults.secrets.length) {
    throw badInput(`Card data is never accepted (${faults.secrets.join(", ")}): ${CARD_HINT}`);
  }
  if (faults.unknown.length) throw badInput(`Unknown or read-only attribute(s) for ${type}: ${faults.unknown.join(", ")}`);
  return input;
}

/** `'id' is assigned by the server`: a write never names the resource's own id or href. */
export function refuseServerAssigned(body: Json): void {
  for (const key of SERVER_ASSIGNED) {
    if (key in body) throw badInput(`'${key}' is assigned by the server and cannot be set`);
  }
}

interface Faults {
  unknown: string[];
  secrets: string[];
}

function walkObject(value: Json, walker: InputWalker, path: string, faults: Faults): Json {
  const out: Json = {};
  for (const [key, item] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    const field = walker.fields.get(graphqlName(key));
    if (field) setOwn(out, field.name, field.walker ? walkValue(item, field.walker, at, faults) : fromTmf(item));
    else if (CARD_SECRETS.has(key)) faults.secrets.push(at);
    else if (!walker.contract?.properties.has(key)) faults.unknown.push(at);
    // else: the contract lets clients send it, the gateway owns it: left out
  }
  return out;
}

/** A structure's value: objects walked, anything else (a scalar where a structure is expected) left for GraphQL to refuse. */
function walkValue(value: unknown, walker: InputWalker, path: string, faults: Faults): unknown {
  if (Array.isArray(value)) return value.map((item, i) => (isJsonObject(item) ? walkObject(item, walker, `${path}[${i}]`, faults) : fromTmf(item)));
  return isJsonObject(value) ? walkObject(value, walker, path, faults) : value;
}
