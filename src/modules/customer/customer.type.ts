import { Field, ID, InputType, ObjectType } from "type-graphql";
import { Characteristic } from "../common/characteristic.type.js";
import { ContactMedium } from "../common/contact-medium.type.js";
import { Extensible } from "../../tmf/extensible.type.js";
import { AccountRef, AgreementRef, PaymentMethodRef, RelatedParty } from "../../tmf/refs.type.js";
import { TimePeriod } from "../../tmf/time-period.type.js";
import { CreditProfile } from "./credit-profile.type.js";

/** TMF629 Customer attributes a client may write (Customer_Create / Customer_Update). */
@InputType("CustomerInput", { description: "TMF629 Customer attributes (create: name and engagedParty are mandatory)" })
@ObjectType()
export class CustomerAttributes extends Extensible {
  @Field(() => String, { nullable: true, description: "A word, term, or phrase by which this customer is known" })
  name?: string | null;
  @Field(() => String, { nullable: true, description: "Status of the customer" })
  status?: string | null;
  @Field(() => String, { nullable: true, description: "A string providing an explanation on the value of the status lifecycle" })
  statusReason?: string | null;
  @Field(() => TimePeriod, { nullable: true }) validFor?: TimePeriod | null;
  @Field(() => RelatedParty, { nullable: true, description: "The party (individual or organization) playing the customer role" })
  engagedParty?: RelatedParty | null;
  @Field(() => [Characteristic], { nullable: true }) characteristic?: Characteristic[] | null;
  @Field(() => [ContactMedium], { nullable: true }) contactMedium?: ContactMedium[] | null;
  @Field(() => [CreditProfile], { nullable: true }) creditProfile?: CreditProfile[] | null;
  @Field(() => [RelatedParty], { nullable: true }) relatedParty?: RelatedParty[] | null;
  @Field(() => [AgreementRef], { nullable: true }) agreement?: AgreementRef[] | null;
  @Field(() => [PaymentMethodRef], { nullable: true }) paymentMethod?: PaymentMethodRef[] | null;
  @Field(() => [AccountRef], { nullable: true }) account?: AccountRef[] | null;
}

/** Customer_Create.required in TMF629. */
export const CUSTOMER_MANDATORY = ["name", "engagedParty"] as const satisfies readonly (keyof CustomerAttributes)[];

@ObjectType("Customer", { simpleResolvers: true, description: "TMF629: a person or organization that buys products and services from the enterprise" })
export class Customer extends CustomerAttributes {
  @Field(() => ID, { description: "Unique identifier (server-assigned UUID)" })
  id!: string;
}
