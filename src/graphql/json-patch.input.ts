import { Field, InputType, registerEnumType } from "type-graphql";
import { JsonScalar } from "../tmf/scalars.js";

export enum JsonPatchOp {
  add = "add",
  remove = "remove",
  replace = "replace",
  move = "move",
  copy = "copy",
  test = "test",
}
registerEnumType(JsonPatchOp, {
  name: "JsonPatchOp",
  description: "The operation to be performed (RFC 6902)",
  valuesConfig: {
    add: { description: "Adds the value at path (an array index inserts; - appends)" },
    remove: { description: "Removes the value at path" },
    replace: { description: "Replaces the value at path" },
    move: { description: "Moves the value at from to path" },
    copy: { description: "Copies the value at from to path" },
    test: { description: "Fails the whole patch unless the value at path equals value" },
  },
});

@InputType("JsonPatchOperation", { description: "One operation of a JSON Patch (RFC 6902), its paths in a representation of the resource" })
export class JsonPatchOperationInput {
  @Field(() => JsonPatchOp, { description: "The operation to be performed" }) op!: JsonPatchOp;
  @Field(() => String, {
    description:
      "A JSON Pointer (RFC 6901), or with `query` a JSONPath query (RFC 9535, TMF630 JSON Patch Query) selecting the nodes to apply the operation to",
  })
  path!: string;
  @Field(() => JsonScalar, { nullable: true, description: "The value to be used within the operation (add, replace, test)" }) value?: unknown;
  @Field(() => String, { nullable: true, description: "A JSON Pointer to the value to move or copy" }) from?: string | null;
}
