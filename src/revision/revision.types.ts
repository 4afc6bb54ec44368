import { Field, Int, ObjectType } from "type-graphql";
import { DateTimeResolver } from "graphql-scalars";
import { connectionType } from "../common/connection";

@ObjectType("RevisionChanges", { description: "What a version changed from the one before it." })
export class RevisionChanges {
  @Field(() => [String], { description: "Changed fields: headline, summary, body, dateline, publishedAt, url, tags, language, source." })
  fields: string[];
  @Field(() => [String], { description: "Names of people this version names and the one before did not." })
  peopleAdded: string[];
  @Field(() => [String])
  peopleRemoved: string[];
  @Field(() => [String], { description: "Codes of countries this version names and the one before did not." })
  countriesAdded: string[];
  @Field(() => [String])
  countriesRemoved: string[];
}

@ObjectType("Revision", { description: "One version of a story, as it was written." })
export class Revision {
  @Field(() => Int)
  revision: number;
  @Field(() => DateTimeResolver, { description: "When this version was written." })
  at: Date;
  @Field(() => String)
  headline: string;
  @Field(() => String, { nullable: true })
  summary: string | null;
  @Field(() => [String])
  body: string[];
  @Field(() => String, { nullable: true })
  dateline: string | null;
  @Field(() => DateTimeResolver)
  publishedAt: Date;
  @Field(() => String, { nullable: true })
  url: string | null;
  @Field(() => [String])
  tags: string[];
  @Field(() => String)
  language: string;
  @Field(() => [String], { description: "People named, in order of first mention." })
  people: string[];
  @Field(() => [String], { description: "Country codes, in order of first mention." })
  countries: string[];
  @Field(() => RevisionChanges, { nullable: true, description: "Null for the first version." })
  changes: RevisionChanges | null;
  @Field(() => DateTimeResolver, { nullable: true, description: "When the story was deleted (null while it is not)." })
  deletedAt: Date | null;
}

export const RevisionConnection = connectionType(Revision, "Revision");
