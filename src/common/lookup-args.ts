import { ArgsType, Field, ID } from "type-graphql";
import { IsOptional, IsString, MaxLength } from "class-validator";

/** `id` or `slug` of the object to look up (articles, people). */
@ArgsType()
export class IdOrSlugArgs {
  @Field(() => ID, { nullable: true })
  @IsOptional() @IsString() @MaxLength(200)
  id?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional() @IsString() @MaxLength(300)
  slug?: string | null;
}
