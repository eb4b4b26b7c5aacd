import { GraphQLJSON } from "graphql-scalars";
import { Field, InputType, ObjectType } from "type-graphql";
import { Extensible } from "../../tmf/extensible.type.js";

@ObjectType("CharacteristicRelationship", { simpleResolvers: true })
@InputType("CharacteristicRelationshipInput")
export class CharacteristicRelationship extends Extensible {
  @Field(() => String, { nullable: true }) id?: string | null;
  @Field(() => String, { nullable: true }) relationshipType?: string | null;
}

@ObjectType("Characteristic", { simpleResolvers: true, description: "Describes a given characteristic of an object or entity through a name/value pair" })
@InputType("CharacteristicInput")
export class Characteristic extends Extensible {
  @Field(() => String, { nullable: true }) id?: string | null;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) valueType?: string | null;
  @Field(() => GraphQLJSON, { description: "The value of the characteristic (any JSON value)" }) value!: unknown;
  @Field(() => [CharacteristicRelationship], { nullable: true })
  characteristicRelationship?: CharacteristicRelationship[] | null;
}
