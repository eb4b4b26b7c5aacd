import { Field } from "type-graphql";
import { Extensible, ObjectAndInputType } from "../../tmf/extensible.type.js";
import { JsonScalar } from "../../tmf/scalars.js";

@ObjectAndInputType("CharacteristicRelationship", "Another Characteristic that is related to the current Characteristic")
export class CharacteristicRelationship extends Extensible {
  @Field(() => String, { nullable: true, description: "Unique identifier of the characteristic" }) id?: string | null;
  @Field(() => String, { nullable: true, description: "The type of relationship" }) relationshipType?: string | null;
}

@ObjectAndInputType("Characteristic", "Describes a given characteristic of an object or entity through a name/value pair")
export class Characteristic extends Extensible {
  @Field(() => String, { nullable: true, description: "Unique identifier of the characteristic" }) id?: string | null;
  // Nullable: TMF v4 requires name and value, v5 neither (a store holds what any version allows).
  @Field(() => String, { nullable: true, description: "Name of the characteristic (TMF v4 requires it)" }) name?: string | null;
  @Field(() => String, { nullable: true, description: "Data type of the value of the characteristic" }) valueType?: string | null;
  @Field(() => JsonScalar, { nullable: true, description: "The value of the characteristic (any JSON value; TMF v4 requires it)" }) value?: unknown;
  @Field(() => [CharacteristicRelationship], { nullable: true, description: "Other characteristics related to this one" })
  characteristicRelationship?: CharacteristicRelationship[] | null;
}
