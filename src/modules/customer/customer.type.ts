import { Field, ID, InputType, ObjectType } from "type-graphql";
import { Characteristic } from "../common/characteristic.type.js";
import { ContactMedium } from "../common/contact-medium.type.js";
import { Extensible, mandatoryDoc } from "../../tmf/extensible.type.js";
import { AccountRef, AgreementRef, PartyRoleSpecificationRef, PaymentMethodRef, RelatedParty, RelatedPartyOrPartyRole } from "../../tmf/refs.type.js";
import { TimePeriod } from "../../tmf/time-period.type.js";
import { CreditProfile } from "./credit-profile.type.js";

/** Customer_Create.required in TMF629. */
export const CUSTOMER_MANDATORY = ["name", "engagedParty"] as const satisfies readonly (keyof CustomerAttributes)[];

// TMF629 gives Customer (and Customer_Create / _Update) no description.
const CUSTOMER_INPUT_DOC = `The attributes of a customer a client may write (TMF629 Customer_Create / _Update; ${mandatoryDoc(CUSTOMER_MANDATORY)})`;

/** TMF629 Customer attributes a client may write (Customer_Create / Customer_Update). */
@InputType("CustomerInput", { description: CUSTOMER_INPUT_DOC })
@ObjectType({ simpleResolvers: true, description: CUSTOMER_INPUT_DOC })
export class CustomerAttributes extends Extensible {
  @Field(() => String, {
    nullable: true,
    description: "A word, term, or phrase by which the Customer is known and distinguished from other Customers",
  })
  name?: string | null;
  @Field(() => String, { nullable: true, description: "A description of the customer (TMF629 v5)" }) description?: string | null;
  @Field(() => String, { nullable: true, description: "Role played by the engaged party in this context (TMF629 v5)" }) role?: string | null;
  @Field(() => PartyRoleSpecificationRef, {
    nullable: true,
    description: "The party role specification that gives additional details on the part played by the customer (TMF629 v5)",
  })
  partyRoleSpecification?: PartyRoleSpecificationRef | null;
  @Field(() => String, { nullable: true, description: "Used to track the lifecycle status of the customer" })
  status?: string | null;
  @Field(() => String, { nullable: true, description: "A string providing an explanation on the value of the status lifecycle" })
  statusReason?: string | null;
  @Field(() => TimePeriod, { nullable: true, description: "The time period that the Customer is valid for" }) validFor?: TimePeriod | null;
  @Field(() => RelatedParty, {
    nullable: true,
    description: "The party - an organization or an individual - that is engaged as a customer",
  })
  engagedParty?: RelatedParty | null;
  @Field(() => [Characteristic], { nullable: true, description: "Describes the characteristic of a customer" })
  characteristic?: Characteristic[] | null;
  @Field(() => [ContactMedium], { nullable: true, description: "The ways to contact the customer" }) contactMedium?: ContactMedium[] | null;
  @Field(() => [CreditProfile], { nullable: true, description: "Credit profiles of the customer, the current one first" })
  creditProfile?: CreditProfile[] | null;
  @Field(() => [RelatedPartyOrPartyRole], { nullable: true, description: "Other parties (or party roles) related to the customer, with their role" })
  relatedParty?: RelatedPartyOrPartyRole[] | null;
  @Field(() => [AgreementRef], { nullable: true, description: "Agreements the customer has entered into" }) agreement?: AgreementRef[] | null;
  @Field(() => [PaymentMethodRef], { nullable: true, description: "Payment methods of the customer" })
  paymentMethod?: PaymentMethodRef[] | null;
  @Field(() => [AccountRef], {
    nullable: true,
    description: "References to the accounts of the customer, as given (the billing accounts it owns: `accounts`)",
  })
  account?: AccountRef[] | null;
}

@ObjectType("Customer", {
  simpleResolvers: true,
  description: "TMF629 Customer: a person or organization that buys products and services from the enterprise",
})
export class Customer extends CustomerAttributes {
  @Field(() => ID, { description: "Unique identifier for Customers (server-assigned UUID)" })
  id!: string;
}
