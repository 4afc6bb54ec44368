import { ArgsType, Field, ID, InputType } from "type-graphql";
import { ArrayMaxSize, ArrayMinSize, IsOptional, IsString, MaxLength } from "class-validator";
import { pageArgs } from "../common/connection";
import { RelationKind } from "./relation-kind";

@InputType("RelationFilter")
export class RelationFilter {
  @Field(() => [String], { nullable: true, description: "One or two countries (codes or names): relations involving them all." })
  @IsOptional() @ArrayMinSize(1) @ArrayMaxSize(2) @IsString({ each: true }) @MaxLength(100, { each: true })
  between?: string[] | null;

  @Field(() => RelationKind, { nullable: true })
  @IsOptional()
  kind?: RelationKind | null;

  @Field(() => ID, { nullable: true, description: "Global id of an Article, Person or Country at either end." })
  @IsOptional() @IsString() @MaxLength(200)
  involving?: string | null;

  @Field(() => Boolean, { nullable: true, description: "true: printed links whose title matched no stored story yet; false: every other relation." })
  @IsOptional()
  pending?: boolean | null;
}

@ArgsType()
export class RelationsArgs extends pageArgs(20) {
  @Field(() => RelationFilter, { nullable: true })
  @IsOptional()
  filter?: RelationFilter | null;
}
