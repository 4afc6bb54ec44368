import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { DateTimeResolver } from "graphql-scalars";
import { Relation } from "../relation/relation.entity";
import { ChangeType } from "./change-event";

registerEnumType(ChangeType, { name: "ChangeType", description: "What happened to an article." });

@ObjectType("ArticleChange", { description: "An article created, updated or deleted (the change feed)." })
export class ArticleChange {
  @Field(() => ChangeType)
  type: ChangeType;

  /** Database id of the article (the `id` field gives its global id). */
  articleId: string;

  @Field(() => DateTimeResolver, { description: "When the change was committed." })
  at: Date;
}

@ObjectType("RelationChange", { description: "A relation whose evidence changed: a story asserting it arrived, changed or went." })
export class RelationChange {
  @Field(() => Relation, { description: "The relation as it is after the change (still given when its weight fell to 0 and it is gone)." })
  relation: Relation;

  @Field(() => Int, { description: "Its weight after the change (0: nothing asserts it any more)." })
  weight: number;

  @Field(() => DateTimeResolver)
  at: Date;
}

