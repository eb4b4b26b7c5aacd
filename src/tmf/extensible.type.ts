import { Field, InputType, ObjectType } from "type-graphql";

// Naming rule: GraphQL names cannot contain "@", so the TMF meta attributes are exposed as
// atType, atBaseType, atSchemaLocation and atReferredType. The REST layer maps "@x" <-> "atX".
// Descriptions are the TMF swaggers' (first sentence), written once: a class that is both an
// @ObjectType and an @InputType passes the same constant to both.

/** Descriptions of the attributes many TMF structures share, as the swaggers word them. */
export const TMF_DOC = {
  id: "Unique identifier",
  href: "Hyperlink reference",
  atReferredType: "TMF @referredType: the actual type of the target instance when needed for disambiguation",
} as const;

/** "create: a, b and c are mandatory", for the description of a create input. */
export function mandatoryDoc(names: readonly string[]): string {
  const list = names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names.at(-1)}` : names.join("");
  return `create: ${list} ${names.length > 1 ? "are" : "is"} mandatory`;
}

/**
 * `@ObjectType(name)` (simple resolvers: a plain value) and `@InputType(inputName)` on one TMF
 * structure, with the one description for both.
 */
export function ObjectAndInputType(name: string, description: string, inputName = `${name}Input`): ClassDecorator {
  return (target) => {
    InputType(inputName, { description })(target);
    ObjectType(name, { simpleResolvers: true, description })(target);
  };
}

const EXTENSIBLE_DOC = "Base Extensible schema for use in TMForum Open-APIs";

/** TMF `Extensible`: the polymorphism attributes every TMF structure carries. */
@ObjectType({ simpleResolvers: true, description: EXTENSIBLE_DOC })
@InputType({ description: EXTENSIBLE_DOC })
export class Extensible {
  @Field(() => String, { nullable: true, description: "TMF @baseType: when sub-classing, this defines the super-class" })
  atBaseType?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "TMF @schemaLocation: a URI to a JSON-Schema file that defines additional attributes and relationships",
  })
  atSchemaLocation?: string | null;

  @Field(() => String, { nullable: true, description: "TMF @type: when sub-classing, this defines the sub-class Extensible name" })
  atType?: string | null;
}

export const ENTITY_REF_DOC = "Entity reference schema to be used for all entityRef class";

/** TMF `EntityRef`: a reference to an entity managed elsewhere. */
@ObjectType({ simpleResolvers: true, description: ENTITY_REF_DOC })
@InputType({ description: ENTITY_REF_DOC })
export class EntityRefBase extends Extensible {
  // Nullable in the schema so a JSON merge patch can change a reference partially; the domain
  // checks that a reference to a resource of the gateway has an id (resource/input-rules.ts), the
  // contracts the others (TMF v5's `_FVO` references may have none).
  @Field(() => String, { nullable: true, description: `${TMF_DOC.id} of the referred entity (mandatory for a resource of this gateway)` })
  id!: string;

  @Field(() => String, { nullable: true, description: TMF_DOC.href })
  href?: string | null;

  @Field(() => String, { nullable: true, description: "Name of the related entity" })
  name?: string | null;

  @Field(() => String, { nullable: true, description: TMF_DOC.atReferredType })
  atReferredType?: string | null;
}
