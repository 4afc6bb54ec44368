import { Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context";
import { connectionType, toPage, type Page } from "../common/connection";
import { EntityUnion } from "../common/entity-union";
import { toGlobalId } from "../common/global-id";
import { FirstAfterArgs10 } from "../common/page-args";
import { Article } from "../article/article.entity";
import { ArticleConnection } from "../article/article.types";
import { feedAfter, feedCursor } from "../article/article.service";
import type { Country } from "../country/country.entity";
import type { Person } from "../person/person.entity";
import { Relation } from "./relation.entity";
import { RelationsArgs } from "./relation.inputs";
import { listRelations, relationObject, relationSubject } from "./relation.service";
import { TimelineArgs, TimelinePoint, timelineWindow } from "../common/timeline";

export const RelationConnection = connectionType(Relation, "Relation");

@Resolver(() => Relation)
export class RelationResolver {
  @Query(() => RelationConnection, { description: "Typed links, strongest first." })
  relations(@Ctx() ctx: Context, @Args(() => RelationsArgs) args: RelationsArgs): Promise<Page<Relation>> {
    return listRelations(ctx, args);
  }

  @FieldResolver(() => ID)
  id(@Root() relation: Relation): string {
    return toGlobalId("Relation", relation.id);
  }

  @FieldResolver(() => EntityUnion)
  subject(@Root() relation: Relation, @Ctx() ctx: Context): Promise<Article | Person | Country> {
    return relationSubject(ctx, relation);
  }

  @FieldResolver(() => EntityUnion, { nullable: true, description: "Null for a pending article link." })
  object(@Root() relation: Relation, @Ctx() ctx: Context): Promise<Article | Country | null> {
    return relationObject(ctx, relation);
  }

  @FieldResolver(() => String, { nullable: true, description: "Printed title of an article link." })
  title(@Root() relation: Relation): string | null {
    return relation.title;
  }

  @FieldResolver(() => [TimelinePoint], { description: "Number of asserting stories per period, by publication time." })
  timeline(@Root() relation: Relation, @Ctx() ctx: Context, @Args(() => TimelineArgs) args: TimelineArgs): Promise<TimelinePoint[]> {
    return ctx.loaders.relation.timeline.load(relation.id, timelineWindow(args));
  }

  @FieldResolver(() => ArticleConnection, { description: "Stories asserting this relation, newest first." })
  async evidence(@Root() relation: Relation, @Ctx() ctx: Context, @Args(() => FirstAfterArgs10) args: FirstAfterArgs10): Promise<Page<Article>> {
    const loaders = ctx.loaders.relation;
    const rows = await loaders.evidence.load(relation.id, { after: feedAfter(args.after), limit: args.first + 1 });
    // Relation.weight is the number of asserting articles (kept by the evidence triggers).
    return toPage(rows, args.first, args.after, feedCursor, async () => relation.weight);
  }
}
