import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { ArrayMaxSize, ArrayMinSize, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested } from "class-validator";
import { DateTimeResolver } from "graphql-scalars";
import { OptionalCountries, OptionalLanguage, OptionalList, OptionalTags, OptionalUrl } from "./input-fields";
import { Article } from "../article/article.entity";
import { RelationKind } from "../relation/relation-kind";

@InputType("SourceInput")
export class SourceInput {
  @Field(() => String, { description: "Code as printed in datelines, e.g. IP." })
  @Matches(/^[A-Za-z0-9_-]{1,20}$/, { message: "source.code must be 1-20 letters, digits, - or _" })
  code: string;

  @Field(() => String, { nullable: true })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200)
  name?: string | null;
}

@InputType("PersonInput")
export class PersonInput {
  @Field(() => String)
  @IsString() @MinLength(2) @MaxLength(200)
  name: string;

  @Field(() => String, { nullable: true })
  @IsOptional() @IsString() @MaxLength(200)
  role?: string | null;

  @Field(() => String, { nullable: true, description: "Affiliated country (code or name)." })
  @IsOptional() @IsString() @MaxLength(100)
  country?: string | null;
}

@InputType("RelatedInput", { description: "A printed link: by the target's id, slug or printed title." })
// id/slug repeat IdOrSlugArgs on purpose: TypeGraphQL inherits fields only between classes of
// one kind (input vs arguments), so one class cannot serve both.
export class RelatedInput {
  @Field(() => ID, { nullable: true })
  @IsOptional() @IsString() @MaxLength(200)
  id?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional() @IsString() @MaxLength(300)
  slug?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(500)
  title?: string | null;

  @Field(() => RelationKind, { defaultValue: RelationKind.RELATED_NEWS })
  kind: RelationKind = RelationKind.RELATED_NEWS;
}

@InputType("RelationInput", { description: "A relation between two countries (codes or names)." })
export class RelationInput {
  @Field(() => String)
  @IsString() @MaxLength(100)
  from: string;

  @Field(() => String)
  @IsString() @MaxLength(100)
  to: string;

  @Field(() => RelationKind)
  kind: RelationKind;
}

@InputType("ArticleInput", { description: "A structured story (the shape of a corpus line)." })
export class ArticleInput {
  @Field(() => ID, { nullable: true })
  @IsOptional() @IsString() @MaxLength(200)
  id?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional() @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: "slug must be lower-case words joined by hyphens" }) @MaxLength(200)
  slug?: string | null;

  @Field(() => SourceInput)
  @ValidateNested()
  source: SourceInput;

  @Field(() => String, { nullable: true })
  @IsOptional() @IsString() @MaxLength(200)
  dateline?: string | null;

  @Field(() => String)
  @IsString() @MinLength(1, { message: "headline must not be empty" }) @MaxLength(500)
  headline: string;

  @Field(() => String, { nullable: true })
  @IsOptional() @IsString() @MaxLength(5000)
  summary?: string | null;

  @Field(() => [String])
  @ArrayMinSize(1, { message: "body needs at least one paragraph" }) @ArrayMaxSize(1000) @IsString({ each: true })
  body: string[];

  @Field(() => DateTimeResolver)
  publishedAt: Date;

  @OptionalLanguage()
  language?: string | null;

  @OptionalUrl()
  url?: string | null;

  @OptionalTags()
  tags?: string[] | null;

  @OptionalList(() => PersonInput, 200)
  people?: PersonInput[] | null;

  @OptionalCountries("Countries in order of first mention (codes or names).")
  countries?: string[] | null;

  @OptionalList(() => RelatedInput, 100)
  related?: RelatedInput[] | null;

  @OptionalList(() => RelationInput, 200)
  relations?: RelationInput[] | null;
}

@ObjectType("IngestResult")
export class IngestResult {
  @Field(() => Article)
  article: Article;
  @Field(() => Boolean, { description: "True when the story is new, false when it updated a stored one." })
  created: boolean;
  @Field(() => Int, { description: "Links of this story that reached a stored story, plus older links this story answers: pending ones, and ones that had only a near headline match (an exact headline wins)." })
  resolvedLinks: number;
  @Field(() => Int, { description: "Links of this story still waiting for their target." })
  pendingLinks: number;
  @Field(() => [String])
  warnings: string[];
}

@InputType("ArticlePatch", { description: "Fields to change; what is left out stays as it is." })
export class ArticlePatch {
  @Field(() => String, { nullable: true })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(500)
  headline?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional() @IsString() @MaxLength(5000)
  summary?: string | null;

  @Field(() => [String], { nullable: true })
  @IsOptional() @ArrayMinSize(1) @ArrayMaxSize(1000) @IsString({ each: true })
  body?: string[] | null;

  @Field(() => String, { nullable: true })
  @IsOptional() @IsString() @MaxLength(200)
  dateline?: string | null;

  @Field(() => DateTimeResolver, { nullable: true })
  @IsOptional()
  publishedAt?: Date | null;

  @OptionalUrl()
  url?: string | null;

  @OptionalTags()
  tags?: string[] | null;

  @OptionalList(() => PersonInput, 200, "Replaces the people of the story.")
  people?: PersonInput[] | null;

  @OptionalCountries("Replaces the countries of the story.")
  countries?: string[] | null;
}

@InputType("WireInput", { description: "A raw wire story, as scraped; people, countries and relations are extracted." })
export class WireInput {
  @Field(() => String, { description: "The story text (size limit MAX_STORY_BYTES, 1 MB by default)." })
  @IsString()
  text: string;

  @Field(() => String, { nullable: true, description: "The outlet's code; when absent, the code in the dateline." })
  @IsOptional() @Matches(/^[A-Za-z0-9_-]{1,20}$/, { message: "source must be 1-20 letters, digits, - or _" })
  source?: string | null;

  @Field(() => String, { nullable: true, description: "When absent, derived from the lead (with a warning)." })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(500)
  headline?: string | null;

  @Field(() => DateTimeResolver, { nullable: true })
  @IsOptional()
  publishedAt?: Date | null;

  @OptionalUrl()
  url?: string | null;

  @OptionalLanguage()
  language?: string | null;
}
