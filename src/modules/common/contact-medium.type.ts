import { Field } from "type-graphql";
import { Extensible, ObjectAndInputType } from "../../tmf/extensible.type.js";
import { GeographicAddressRef } from "../../tmf/refs.type.js";
import { TimePeriod } from "../../tmf/time-period.type.js";

@ObjectAndInputType(
  "MediumCharacteristic",
  "Describes the contact medium characteristics that could be used to contact a party (an individual or an organization)",
)
export class MediumCharacteristic extends Extensible {
  @Field(() => String, { nullable: true, description: "The city" }) city?: string | null;
  @Field(() => String, {
    nullable: true,
    description: "The type of contact, for example: phone number such as mobile, fixed home, fixed office; postal address such as shipping installation",
  })
  contactType?: string | null;
  @Field(() => String, { nullable: true, description: "The country" }) country?: string | null;
  @Field(() => String, { nullable: true, description: "Full email address in standard format" }) emailAddress?: string | null;
  @Field(() => String, { nullable: true, description: "The fax number of the contact" }) faxNumber?: string | null;
  @Field(() => String, { nullable: true, description: "The primary phone number of the contact" }) phoneNumber?: string | null;
  @Field(() => String, { nullable: true, description: "Postcode" }) postCode?: string | null;
  @Field(() => String, { nullable: true, description: "Identifier as a member of a social network" }) socialNetworkId?: string | null;
  @Field(() => String, { nullable: true, description: "State or province" }) stateOrProvince?: string | null;
  @Field(() => String, { nullable: true, description: "Describes the street" }) street1?: string | null;
  @Field(() => String, { nullable: true, description: "Complementary street description" }) street2?: string | null;
}

@ObjectAndInputType(
  "ContactMedium",
  "Indicates the contact medium that could be used to contact the party (TMF v5 reads it as a subclass: EmailContactMedium, PhoneContactMedium, …)",
)
export class ContactMedium extends Extensible {
  @Field(() => String, { nullable: true, description: "Identifier for this contact medium (TMF v5)" }) id?: string | null;
  @Field(() => String, { description: "Type of the contact medium, such as: email address, telephone number, postal address" })
  mediumType!: string;
  @Field(() => Boolean, { nullable: true, description: "If true, indicates that is the preferred contact medium" }) preferred?: boolean | null;
  @Field(() => MediumCharacteristic, { description: "Any additional characteristic(s) of this contact medium" })
  characteristic!: MediumCharacteristic;
  @Field(() => TimePeriod, { nullable: true, description: "The time period that the contact medium is valid for" }) validFor?: TimePeriod | null;
  @Field(() => GeographicAddressRef, { nullable: true, description: "The geographic address of a postal address medium, by reference (TMF v5)" })
  geographicAddress?: GeographicAddressRef | null;
}
