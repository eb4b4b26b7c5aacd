import { Field, InputType, ObjectType } from "type-graphql";
import { Extensible } from "../../tmf/extensible.type.js";
import { TimePeriod } from "../../tmf/time-period.type.js";

@ObjectType("MediumCharacteristic", { simpleResolvers: true, description: "Describes the contact medium characteristics that could be used to contact a party" })
@InputType("MediumCharacteristicInput")
export class MediumCharacteristic extends Extensible {
  @Field(() => String, { nullable: true }) city?: string | null;
  @Field(() => String, { nullable: true }) contactType?: string | null;
  @Field(() => String, { nullable: true }) country?: string | null;
  @Field(() => String, { nullable: true }) emailAddress?: string | null;
  @Field(() => String, { nullable: true }) faxNumber?: string | null;
  @Field(() => String, { nullable: true }) phoneNumber?: string | null;
  @Field(() => String, { nullable: true }) postCode?: string | null;
  @Field(() => String, { nullable: true }) socialNetworkId?: string | null;
  @Field(() => String, { nullable: true }) stateOrProvince?: string | null;
  @Field(() => String, { nullable: true }) street1?: string | null;
  @Field(() => String, { nullable: true }) street2?: string | null;
}

@ObjectType("ContactMedium", { simpleResolvers: true, description: "Indicates the contact medium that could be used to contact the party" })
@InputType("ContactMediumInput")
export class ContactMedium extends Extensible {
  @Field(() => String, { description: "Type of the contact medium, such as: email address, telephone number, postal address" })
  mediumType!: string;
  @Field(() => Boolean, { nullable: true }) preferred?: boolean | null;
  @Field(() => MediumCharacteristic) characteristic!: MediumCharacteristic;
  @Field(() => TimePeriod, { nullable: true }) validFor?: TimePeriod | null;
}
