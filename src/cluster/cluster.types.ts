import { ArgsType, Field, InputType, Int, ObjectType } from "type-graphql";
import { IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from "class-validator";
import { DateTimeResolver } from "graphql-scalars";
import { Node } from "../common/node";
import { connectionType, pageArgs } from "../common/connection";

/** Stories from different outlets about the same event (see reclusterStories). */
@ObjectType("Cluster", { implements: Node, description: "Stories about the same event: close in time, same countries and people, similar words." })
export class Cluster {
  /** Database id (the `id` field gives the global id). */
  key: string;

  @Field(() => Int, { description: "Number of stories in it (2 or more)." })
  size: number;

  @Field(() => DateTimeResolver, { description: "Publication time of its first story." })
  firstPublishedAt: Date;

  @Field(() => DateTimeResolver, { description: "Publication time of its latest story." })
  lastPublishedAt: Date;
}

export const ClusterConnection = connectionType(Cluster, "Cluster");

@InputType("ClusterFilter", { description: "Every given condition must hold." })
export class ClusterFilter {
  @Field(() => String, { nullable: true, description: "A story of the cluster mentions this country (alpha-2, alpha-3 or name)." })
  @IsOptional() @IsString() @MaxLength(100)
  country?: string | null;

  @Field(() => DateTimeResolver, { nullable: true, description: "Its latest story was published after this." })
  @IsOptional()
  publishedAfter?: Date | null;

  @Field(() => DateTimeResolver, { nullable: true, description: "Its latest story was published before this." })
  @IsOptional()
  publishedBefore?: Date | null;

  @Field(() => Int, { nullable: true, description: "At least this many stories." })
  @IsOptional() @Min(2) @Max(1000)
  minSize?: number | null;
}

@ArgsType()
export class ClustersArgs extends pageArgs(20) {
  @Field(() => ClusterFilter, { nullable: true })
  @IsOptional() @ValidateNested()
  filter?: ClusterFilter | null;
}
