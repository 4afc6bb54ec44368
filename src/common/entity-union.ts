import { createUnionType, Field, Int, ObjectType } from "type-graphql";
import { Article } from "../article/article.entity";
import { Country } from "../country/country.entity";
import { Person } from "../person/person.entity";

/** What a relation or a mention can point at. */
export const EntityUnion = createUnionType({
  name: "Entity",
  description: "An article, a person or a country.",
  types: () => [Article, Person, Country] as const,
  resolveType: (value: object) => value.constructor.name,
});

/** Where an entity appears in an article. */
@ObjectType("Mention", { description: "Where a person or country appears in a story." })
export class Mention {
  @Field(() => EntityUnion)
  entity: Person | Country;
  @Field(() => Int, { description: "How many times it is mentioned." })
  count: number;
  @Field(() => Int, { description: "Character offset of the first mention (paragraphs joined by blank lines)." })
  firstOffset: number;
  @Field(() => String, { description: "The text of the first mention." })
  text: string;
}
