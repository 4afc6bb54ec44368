import { Field, ID, InterfaceType } from "type-graphql";

/** Relay's Node: anything with a global id that `node(id:)` can fetch again. */
@InterfaceType("Node", {
  description: "An object with a global id, fetchable with node(id:).",
  resolveType: (value: { constructor: { name: string } }) => value.constructor.name,
})
export abstract class Node {
  @Field(() => ID, { description: "Global id (opaque)." })
  id: string;
}
