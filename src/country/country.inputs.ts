import { ArgsType, Field } from "type-graphql";
import { ArrayMaxSize, IsOptional, IsString, MaxLength } from "class-validator";
import { RelationKind, RelationOrder } from "../relation/relation-kind";

@ArgsType()
export class CountryLookupArgs {
  @Field(() => String, { description: "Alpha-2, alpha-3 or English name, any case." })
  @IsString() @MaxLength(100)
  code: string;
}

@ArgsType()
export class CountryRelationsArgs {
  @Field(() => String, { nullable: true, description: "Only relations with this other country." })
  @IsOptional() @IsString() @MaxLength(100)
  with?: string | null;

  @Field(() => [RelationKind], { nullable: true })
  @IsOptional() @ArrayMaxSize(20)
  kinds?: RelationKind[] | null;

  @Field(() => RelationOrder, { defaultValue: RelationOrder.WEIGHT })
  orderBy: RelationOrder = RelationOrder.WEIGHT;
}
