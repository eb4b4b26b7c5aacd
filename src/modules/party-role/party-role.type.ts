import { Field, ID, InputType, ObjectType } from "type-graphql";
import { mandatoryDoc } from "../../tmf/extensible.type.js";
import { Extensible, TMF_DOC } from "../../tmf/extensible.type.js";
import { AccountRef, AgreementRef, PartyRoleSpecificationRef, PaymentMethodRef, RelatedParty } from "../../tmf/refs.type.js";
import { JsonScalar } from "../../tmf/scalars.js";
import { TimePeriod } from "../../tmf/time-period.type.js";
import { Characteristic } from "../common/characteristic.type.js";
import { ContactMedium } from "../common/contact-medium.type.js";

/** `PartyRole.schema.json`'s required list (TMF669's CTK). */
export const PARTY_ROLE_MANDATORY = ["name"] as const;

/** The characteristic name whose values are the gateway scopes a role grants (one characteristic per scope). */
export const SCOPE_CHARACTERISTIC = "scope";

const DOC =
  "A role a party plays (TMF669), here the security function's roles: each characteristic named 'scope' names one scope of this gateway the role grants " +
  "to an identity holding it (e.g. { name: 'scope', value: 'customer:read' })";

@InputType("PartyRoleInput", { description: `${DOC} (${mandatoryDoc(PARTY_ROLE_MANDATORY)})` })
@ObjectType({ simpleResolvers: true, description: DOC })
export class PartyRoleAttributes extends Extensible {
  @Field(() => String, { nullable: true, description: "A word, term, or phrase by which the PartyRole is known and distinguished from other PartyRoles" })
  name?: string | null;
  @Field(() => String, { nullable: true, description: "Used to track the lifecycle status of the party role (Active, or none, when it grants its scopes)" })
  status?: string | null;
  @Field(() => String, { nullable: true, description: "A string providing an explanation on the value of the status lifecycle" }) statusReason?: string | null;
  @Field(() => TimePeriod, { nullable: true, description: "The time period that the party role is valid for (it grants its scopes only then)" })
  validFor?: TimePeriod | null;
  @Field(() => RelatedParty, { nullable: true, description: "The party playing the role" }) engagedParty?: RelatedParty | null;
  @Field(() => PartyRoleSpecificationRef, { nullable: true, description: "The specification of the role" })
  partyRoleSpecification?: PartyRoleSpecificationRef | null;
  @Field(() => [Characteristic], {
    nullable: true,
    description: "Describes the characteristics of a party role; each one named 'scope' names a scope of this gateway the role grants",
  })
  characteristic?: Characteristic[] | null;
  @Field(() => [AccountRef], { nullable: true, description: "The accounts of the party role" }) account?: AccountRef[] | null;
  @Field(() => [AgreementRef], { nullable: true, description: "The agreements of the party role" }) agreement?: AgreementRef[] | null;
  @Field(() => [ContactMedium], { nullable: true, description: "The contact media of the party role" }) contactMedium?: ContactMedium[] | null;
  @Field(() => [PaymentMethodRef], { nullable: true, description: "The payment methods of the party role" }) paymentMethod?: PaymentMethodRef[] | null;
  @Field(() => [RelatedParty], { nullable: true, description: "Parties related to the party role" }) relatedParty?: RelatedParty[] | null;
  @Field(() => JsonScalar, {
    nullable: true,
    description: "The kind of role, as the ODA Canvas's party role CTK sends it (a JSON object, kept as given; not a TMF669 v4.0.0 swagger attribute)",
  })
  roleType?: unknown;
}

@ObjectType("PartyRole", { simpleResolvers: true, description: DOC })
export class PartyRole extends PartyRoleAttributes {
  @Field(() => ID, { description: `${TMF_DOC.id} (server-assigned)` }) id!: string;
}
