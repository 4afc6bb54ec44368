import { ArgsType, Field, InputType } from "type-graphql";
import { IsOptional, IsString, MaxLength, MinLength } from "class-validator";
import { pageArgs } from "../common/connection";

@InputType("PersonFilter")
export class PersonFilter {
  @Field(() => String, { nullable: true, description: "Affiliated country (alpha-2, alpha-3 or name)." })
  @IsOptional() @IsString() @MaxLength(100)
  country?: string | null;

  @Field(() => String, { nullable: true, description: "Part of the name, any case." })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100)
  nameContains?: string | null;
}

@ArgsType()
export class PeopleArgs extends pageArgs(20) {
  @Field(() => PersonFilter, { nullable: true })
  @IsOptional()
  filter?: PersonFilter | null;
}
