import { Field, ID, InputType, ObjectType } from "type-graphql";
import { Extensible, TMF_DOC } from "../../tmf/extensible.type.js";
import { BillingAccountRef, RelatedParty } from "../../tmf/refs.type.js";
import { DateTimeScalar } from "../../tmf/scalars.js";
import { CustomerBillRef } from "./bill-refs.type.js";

export const ON_DEMAND_STATES = ["inProgress", "done", "rejected", "terminatedWithError"] as const;

const ON_DEMAND_DOC = "A request to produce a customer bill on demand: it bills the account's unbilled applied customer billing rates";

@InputType("CustomerBillOnDemandInput", { description: `${ON_DEMAND_DOC} (TMF678 CustomerBillOnDemand_Create; billingAccount.id is mandatory)` })
@ObjectType({ simpleResolvers: true, description: `${ON_DEMAND_DOC} (TMF678 CustomerBillOnDemand_Create)` })
export class CustomerBillOnDemandAttributes extends Extensible {
  @Field(() => String, { nullable: true, description: "Name of the request" }) name?: string | null;
  @Field(() => String, { nullable: true, description: "Description of the request" }) description?: string | null;
  @Field(() => BillingAccountRef, { nullable: true, description: "The billing account to bill" }) billingAccount?: BillingAccountRef | null;
  @Field(() => RelatedParty, { nullable: true, description: "The party who asked for the bill, with its role" }) relatedParty?: RelatedParty | null;
}

@ObjectType("CustomerBillOnDemand", { simpleResolvers: true, description: ON_DEMAND_DOC })
export class CustomerBillOnDemand extends CustomerBillOnDemandAttributes {
  @Field(() => ID, { description: `${TMF_DOC.id} of the request (server-assigned)` }) id!: string;
  @Field(() => String, { description: `State of the request (server-set): ${ON_DEMAND_STATES.join(", ")}` }) state!: string;
  @Field(() => String, { nullable: true, description: "Why the request was rejected (extension to TMF678)" }) stateReason?: string | null;
  @Field(() => CustomerBillRef, { nullable: true, description: "The bill produced, once done" }) customerBill?: CustomerBillRef | null;
  @Field(() => DateTimeScalar, { description: "Date of the request's last update (server-set)" }) lastUpdate!: Date;
}
