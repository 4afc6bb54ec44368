import { Field, ObjectType } from "type-graphql";
import { RelationKind } from "../relation/relation-kind";
import { Article } from "./article.entity";

/** A "Related News" / "Read More" link as printed in a story; `article` is null while pending. */
@ObjectType("RelatedLink", { description: "A link printed in a story; article is null while the target is not stored." })
export class RelatedLink {
  @Field(() => RelationKind)
  kind: RelationKind;

  @Field(() => String, { description: "The title as printed (or the target's headline when linked by id)." })
  title: string;

  @Field(() => Article, { nullable: true })
  article: Article | null;
}
