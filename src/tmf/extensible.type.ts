import { Field, InputType, ObjectType } from "type-graphql";

// Naming rule: GraphQL names cannot contain "@", so the TMF meta attributes are exposed as
// atType, atBaseType, atSchemaLocation and atReferredType. The REST layer maps "@x" <-> "atX".

/** TMF `Extensible`: the polymorphism attributes every TMF structure carries. */
@ObjectType()
@InputType()
export class Extensible {
  @Field(() => String, { nullable: true, description: "TMF @baseType: immediate base class of a sub-class" })
  atBaseType?: string | null;

  @Field(() => String, { nullable: true, description: "TMF @schemaLocation: URI of the JSON schema of a sub-class" })
  atSchemaLocation?: string | null;

  @Field(() => String, { nullable: true, description: "TMF @type: class name of the entity" })
  atType?: string | null;
}

/** TMF `EntityRef`: a reference to an entity managed elsewhere. */
@ObjectType()
@InputType()
export class EntityRefBase extends Extensible {
  // Nullable in the schema so a JSON merge patch can change a reference partially; the domain
  // checks that every stored reference has an id (resource/input-rules.ts).
  @Field(() => String, { nullable: true, description: "Unique identifier of the referred entity (mandatory)" })
  id!: string;

  @Field(() => String, { nullable: true, description: "Reference of the referred entity" })
  href?: string | null;

  @Field(() => String, { nullable: true, description: "Name of the referred entity" })
  name?: string | null;

  @Field(() => String, { nullable: true, description: "TMF @referredType: class of the referred entity" })
  atReferredType?: string | null;
}
