import { Args, Ctx, FieldResolver, ID, Int, ObjectType, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context";
import { connectionType, toPage, type Page } from "../common/connection";
import { toGlobalId } from "../common/global-id";
import { Article } from "../article/article.entity";
import { ArticleConnection } from "../article/article.types";
import { FirstAfterArgs } from "../common/page-args";
import { feedAfter, feedCursor } from "../article/article.service";
import { Country } from "../country/country.entity";
import { Relation } from "../relation/relation.entity";
import { Person } from "./person.entity";
import { IdOrSlugArgs } from "../common/lookup-args";
import { PeopleArgs } from "./person.inputs";
import { findPerson, listPeople } from "./person.service";
import { TimelineArgs, TimelinePoint, timelineWindow } from "../common/timeline";

export const PersonConnection = connectionType(Person, "Person");
void ObjectType;

@Resolver(() => Person)
export class PersonResolver {
  @Query(() => Person, { nullable: true })
  person(@Ctx() ctx: Context, @Args(() => IdOrSlugArgs) args: IdOrSlugArgs): Promise<Person | null> {
    return findPerson(ctx, args);
  }

  @Query(() => PersonConnection)
  people(@Ctx() ctx: Context, @Args(() => PeopleArgs) args: PeopleArgs): Promise<Page<Person>> {
    return listPeople(ctx, args);
  }

  @FieldResolver(() => ID)
  id(@Root() person: Person): string {
    return toGlobalId("Person", person.id);
  }

  @FieldResolver(() => Country, { nullable: true })
  country(@Root() person: Person, @Ctx() ctx: Context): Country | null {
    return person.countryCode ? (ctx.countries.get(person.countryCode) ?? null) : null;
  }

  @FieldResolver(() => Int, { description: "Number of stories that mention this person." })
  mentionCount(@Root() person: Person, @Ctx() ctx: Context): Promise<number> {
    // The number of stories in the person's feed, with the same batched count as its totalCount.
    return ctx.loaders.article.personCounts.load(person.id, {});
  }

  @FieldResolver(() => ArticleConnection, { description: "Stories mentioning this person, newest first." })
  async articles(@Root() person: Person, @Ctx() ctx: Context, @Args(() => FirstAfterArgs) args: FirstAfterArgs): Promise<Page<Article>> {
    const loaders = ctx.loaders.article;
    const rows = await loaders.personPages.load(person.id, { filter: {}, order: "NEWEST", after: feedAfter(args.after), limit: args.first + 1 });
    return toPage(rows, args.first, args.after, feedCursor, () => loaders.personCounts.load(person.id, {}));
  }

  @FieldResolver(() => [TimelinePoint], { description: "Number of stories mentioning this person per period, by publication time." })
  timeline(@Root() person: Person, @Ctx() ctx: Context, @Args(() => TimelineArgs) args: TimelineArgs): Promise<TimelinePoint[]> {
    return ctx.loaders.person.timeline.load(person.id, timelineWindow(args));
  }

  @FieldResolver(() => [Relation], { description: "The person's roles (ROLE relations to countries)." })
  relations(@Root() person: Person, @Ctx() ctx: Context): Promise<Relation[]> {
    return ctx.loaders.relation.byPerson.load(person.id);
  }
}
