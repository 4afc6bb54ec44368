import { ArgsType, Field, ID, InputType, registerEnumType } from "type-graphql";
import { ArrayMaxSize, IsOptional, IsString, MaxLength, MinLength, ValidateNested } from "class-validator";
import { DateTimeResolver } from "graphql-scalars";
import { limitArgs, pageArgs } from "../common/connection";

export enum ArticleOrder {
  NEWEST = "NEWEST",
  OLDEST = "OLDEST",
}
registerEnumType(ArticleOrder, { name: "ArticleOrder", description: "Order of a feed by publication time." });

@InputType("ArticleFilter", { description: "Every given condition must hold." })
export class ArticleFilter {
  @Field(() => String, { nullable: true, description: "Mentions this country (alpha-2, alpha-3 or name)." })
  @IsOptional() @IsString() @MaxLength(100)
  country?: string | null;

  @Field(() => [String], { nullable: true, description: "Mentions every one of these countries." })
  @IsOptional() @ArrayMaxSize(10) @IsString({ each: true }) @MaxLength(100, { each: true })
  countries?: string[] | null;

  @Field(() => ID, { nullable: true, description: "Mentions this person (Person id)." })
  @IsOptional() @IsString() @MaxLength(200)
  person?: string | null;

  @Field(() => String, { nullable: true, description: "From this source (its code)." })
  @IsOptional() @IsString() @MaxLength(50)
  source?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional() @IsString() @MaxLength(100)
  tag?: string | null;

  @Field(() => DateTimeResolver, { nullable: true })
  @IsOptional()
  publishedAfter?: Date | null;

  @Field(() => DateTimeResolver, { nullable: true })
  @IsOptional()
  publishedBefore?: Date | null;
}

@ArgsType()
export class ArticlesArgs extends pageArgs(20) {
  @Field(() => ArticleFilter, { nullable: true })
  @IsOptional() @ValidateNested()
  filter?: ArticleFilter | null;

  @Field(() => ArticleOrder, { defaultValue: ArticleOrder.NEWEST })
  orderBy: ArticleOrder = ArticleOrder.NEWEST;
}

@ArgsType()
export class SearchArgs extends pageArgs(20) {
  @Field(() => String, { description: "Words, \"quoted phrases\", OR, -excluded (web search syntax)." })
  @IsString() @MinLength(1, { message: "query must not be empty" }) @MaxLength(500, { message: "query must be 500 characters or less" })
  query: string;

  @Field(() => ArticleFilter, { nullable: true })
  @IsOptional() @ValidateNested()
  filter?: ArticleFilter | null;
}

@ArgsType()
export class CountryArticlesArgs extends pageArgs(20) {
  @Field(() => ArticleFilter, { nullable: true })
  @IsOptional() @ValidateNested()
  filter?: ArticleFilter | null;
}

@ArgsType()
export class RelatedArgs extends limitArgs(10) {}

@ArgsType()
export class SimilarArgs extends limitArgs(5) {}
