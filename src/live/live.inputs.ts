import { ArgsType, Field } from "type-graphql";
import { ArrayMaxSize, ArrayMinSize, IsOptional, IsString, MaxLength, ValidateNested } from "class-validator";
import { ArticleFilter } from "../article/article.inputs";
import { RelationKind } from "../relation/relation-kind";

@ArgsType()
export class ArticleChangedArgs {
  @Field(() => ArticleFilter, { nullable: true, description: "Only changes to articles this filter selects (as in `articles`)." })
  @IsOptional() @ValidateNested()
  filter?: ArticleFilter | null;
}

@ArgsType()
export class RelationChangedArgs {
  @Field(() => [String], { nullable: true, description: "One or two countries (codes or names): relations involving them all." })
  @IsOptional() @ArrayMinSize(1) @ArrayMaxSize(2) @IsString({ each: true }) @MaxLength(100, { each: true })
  between?: string[] | null;

  @Field(() => [RelationKind], { nullable: true, description: "Only relations of these kinds." })
  @IsOptional() @ArrayMaxSize(20)
  kinds?: RelationKind[] | null;
}
