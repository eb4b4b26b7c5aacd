import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { AppContext } from "../context.js";
import { withHref } from "../../graphql/ref-href.js";
import { restOf } from "../../resource/description.js";
import { ACCOUNT_REFERENCES } from "./account-references.resource.js";
import { BillFormatRefOrValue, BillingCycleSpecificationRefOrValue, BillPresentationMediaRefOrValue, BillStructure } from "./bill-structure.type.js";

/** The resource each reference of a bill structure refers to (from the account references, stated once). */
const STRUCTURE_TARGETS = new Map(
  Object.entries(ACCOUNT_REFERENCES).flatMap(([path, to]) => (path.startsWith("billStructure.") ? [[path.slice("billStructure.".length), to] as const] : [])),
);

/** A bill structure's part as given, with the href of the resource it refers to when it refers to one. */
function refOrValue<R extends { id?: string | null }>(part: R | null | undefined, key: string, ctx: AppContext): R | null {
  return part?.id ? (withHref(part as R & { id: string }, restOf(STRUCTURE_TARGETS.get(key)!()), ctx) as R) : (part ?? null);
}

/** The parts of an account's bill structure that refer to TMF666 resources carry their href. */
@Resolver(() => BillStructure)
export class BillStructureFields {
  @FieldResolver(() => BillingCycleSpecificationRefOrValue, { nullable: true, description: "When the account's bills are produced" })
  cycleSpecification(@Root() structure: BillStructure, @Ctx() ctx: AppContext) {
    return refOrValue(structure.cycleSpecification, "cycleSpecification", ctx);
  }

  @FieldResolver(() => BillFormatRefOrValue, { nullable: true, description: "How the account's bills are presented" })
  format(@Root() structure: BillStructure, @Ctx() ctx: AppContext) {
    return refOrValue(structure.format, "format", ctx);
  }

  @FieldResolver(() => [BillPresentationMediaRefOrValue], { nullable: true, description: "How the account's bills are communicated" })
  presentationMedia(@Root() structure: BillStructure, @Ctx() ctx: AppContext) {
    return structure.presentationMedia?.map((media) => refOrValue(media, "presentationMedia", ctx)) ?? null;
  }
}
